//! `kbpress check`: load and check, write nothing.

use std::path::Path;

use super::args::CheckArgs;
use super::{Cli, EXIT_FAILURE};
use crate::pipeline;

pub fn run(cli: &Cli, cwd: &Path, args: &CheckArgs) -> anyhow::Result<u8> {
    if let Some(code) = &args.explain {
        return explain(code);
    }
    let root = pipeline::find_root(cli.root.as_deref(), cwd)?;
    let today = pipeline::today(args.check.today)?;
    let checked = pipeline::load_and_check(&root, today)?;
    super::report_diagnostics(cli, &args.check, &checked.site, &checked.diagnostics, true)
}

fn explain(code: &str) -> anyhow::Result<u8> {
    match crate::check::rule(code) {
        Some(rule) => {
            println!(
                "{} ({})\n\n{}\n\n{}",
                rule.code,
                rule.default_severity.as_str(),
                rule.summary,
                rule.explanation
            );
            Ok(0)
        }
        None => {
            let codes = crate::check::RULES.iter().map(|r| r.code);
            let help = crate::suggest::did_you_mean(code, codes).unwrap_or_default();
            let all: Vec<&str> = crate::check::RULES.iter().map(|r| r.code).collect();
            eprintln!(
                "error: `{code}` is not a kbpress diagnostic code {help}\ncodes: {}",
                all.join(", ")
            );
            Ok(EXIT_FAILURE)
        }
    }
}
