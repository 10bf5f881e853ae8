//! `kbpress check`: load and check, write nothing.

use std::path::Path;

use super::args::CheckArgs;
use super::{Cli, EXIT_FAILURE};
use crate::pipeline;

/// `--external`: the progress bar and the summary line around [`crate::external::check`].
mod external {
    use std::io::IsTerminal;
    use std::path::Path;

    use indicatif::{ProgressBar, ProgressStyle};

    use super::Cli;
    use crate::diagnostic::Diagnostic;
    use crate::external::{self, cache::CACHE_FILE, changed, http::HttpNetwork};

    pub fn run(
        cli: &Cli,
        root: &Path,
        site: &crate::site::Site,
        changed_since: Option<&str>,
    ) -> anyhow::Result<Vec<Diagnostic>> {
        let only = changed_since
            .map(|rev| changed::changed_articles(root, rev))
            .transpose()?;
        let cache = root.join(CACHE_FILE);
        let options = external::Options {
            only: only.as_ref(),
            now: std::time::SystemTime::now(),
            cache: Some(&cache),
        };
        let show =
            !cli.quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = if show {
            ProgressBar::new(0)
        } else {
            ProgressBar::hidden()
        };
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} external links {elapsed}")
        {
            bar.set_style(style);
        }
        let progress = |done: usize, total: usize| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        };
        let report = external::check(site, &options, &HttpNetwork::default(), &progress)?;
        bar.finish_and_clear();
        for warning in &report.warnings {
            eprintln!("warning: {}", crate::report::visible::text(warning));
        }
        if !cli.quiet {
            eprintln!("external links: {}", report.summary.line());
        }
        Ok(report.diagnostics)
    }
}

pub fn run(cli: &Cli, cwd: &Path, args: &CheckArgs) -> anyhow::Result<u8> {
    if let Some(code) = &args.explain {
        return explain(code);
    }
    let root = pipeline::find_root(cli.root.as_deref(), cwd)?;
    let today = pipeline::today(args.check.today)?;
    let request = pipeline::Request {
        selection: args.check.selection(false),
        ..pipeline::Request::new(&root, today, pipeline::Purpose::Check)
    };
    let mut checked = pipeline::load_and_check(&request)?;
    if args.external {
        let mut found = checked.timings.time("external", || {
            external::run(cli, &root, &checked.site, args.changed_since.as_deref())
        })?;
        crate::check::annotate_audiences(&checked.site, &mut found);
        checked.diagnostics.extend(found);
        crate::diagnostic::sort_and_dedup(&mut checked.diagnostics);
    }
    // Without --audience, `check` reports the findings of every site.
    if args.check.audience.is_some() {
        checked.keep_findings_of_selection();
    }
    let (site, diagnostics) = (&checked.site, &checked.diagnostics);
    let code = checked.timings.time("report", || {
        super::report_diagnostics(cli, &args.check, site, diagnostics, true)
    })?;
    super::print_timings(&checked.timings);
    super::exit_without_freeing(checked);
    Ok(code)
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
            let help = crate::suggest::did_you_mean(code, codes)
                .map(|help| format!("; {help}"))
                .unwrap_or_default();
            let all: Vec<&str> = crate::check::RULES.iter().map(|r| r.code).collect();
            eprintln!(
                "error: `{code}` is not a kbpress diagnostic code{help}\ncodes: {}",
                all.join(", ")
            );
            Ok(EXIT_FAILURE)
        }
    }
}
