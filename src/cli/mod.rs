//! The command-line layer: the only code that prints and picks exit codes.
//!
//! Exit codes: 0 success (warnings allowed), 1 the content has errors (or warnings under
//! `--strict`), 2 kbpress could not do its job (bad site.toml, I/O, template errors, bad
//! arguments).

mod args;
mod build;
mod check;
mod codeowners;
mod feedback;
mod import;
mod init;
mod new;
mod review;
mod serve;
mod translate;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

pub use args::Cli;
use args::{ColorChoice, Command, CommonCheckArgs};
pub use new::article_text as new_article_text;

use crate::diagnostic::{Counts, Diagnostic};
use crate::report::{self, Format, Summary};

/// Content errors: exit 1.
pub const EXIT_CONTENT: u8 = 1;
/// kbpress could not run: exit 2.
pub const EXIT_FAILURE: u8 = 2;

pub fn main() -> ExitCode {
    without_huge_pages();
    let cli = parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// The command line, with the KB's article types in `kbpress new --help` when it is about `new`
/// and a KB is found (from `--root` or the current folder), as `new` would find it.
fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut command = Cli::command();
    if args.iter().any(|arg| arg == "new") {
        if let Some(types) = kb_types(&args) {
            command = command.mut_subcommand("new", |new| {
                new.after_help(format!("Types of this KB ([types] in site.toml): {types}"))
            });
        }
    }
    let matches = command.get_matches_from(args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
}

/// `how-to (How-to), reference (Reference)`: the types of the KB the arguments point at.
fn kb_types(args: &[std::ffi::OsString]) -> Option<String> {
    let root = args
        .windows(2)
        .find(|pair| pair[0] == "--root")
        .map(|pair| std::path::PathBuf::from(&pair[1]))
        .or_else(|| {
            args.iter().find_map(|arg| {
                let value = arg.to_str()?.strip_prefix("--root=")?;
                Some(std::path::PathBuf::from(value))
            })
        });
    let cwd = std::env::current_dir().ok()?;
    let root = crate::pipeline::find_root(root.as_deref(), &cwd).ok()?;
    let config = crate::config::SiteConfig::load(&root.join(crate::config::CONFIG_FILE)).ok()?;
    let types: Vec<String> = config
        .types
        .iter()
        .map(|(id, declared)| format!("{id} ({})", declared.name))
        .collect();
    (!types.is_empty()).then(|| types.join(", "))
}

fn run(cli: &Cli) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir()?;
    match &cli.command {
        Command::Init { dir, base_url, ci } => {
            init::run(cli, &cwd, dir.as_deref(), base_url.as_deref(), *ci)
        }
        Command::New {
            article_type,
            title,
            category,
        } => new::run(cli, &cwd, article_type, title, category.as_deref()),
        Command::Translate { article, language } => translate::run(cli, &cwd, article, language),
        Command::Build(args) => build::run(cli, &cwd, args),
        Command::Check(args) => check::run(cli, &cwd, args),
        Command::Serve(args) => serve::run(cli, &cwd, args),
        Command::Feedback(args) => feedback::run(&cwd, args),
        Command::Review(args) => review::run(cli, &cwd, args),
        Command::Codeowners(args) => codeowners::run(cli, &cwd, args),
        Command::Import(args) => import::run(cli, &cwd, args),
    }
}

/// Turns off transparent huge pages for the process. mimalloc asks Linux for them; each is
/// resident in full (2 MiB) once one byte of it is touched, and at scale the kernel spends its
/// time clearing and finding them: a 10,000-article build peaked at 348 MB with them and
/// 313 MB without in the same time, and a 100,000-article check took 4.4-4.8 s of system time
/// with them and 1.7-2.0 s without (wall 6.2-6.5 s -> 5.3-5.6 s); a 10,000-article check was
/// the same either way (medians of 15 alternating runs; BENCHMARKS.md).
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours; if the
    // kernel refuses it, nothing changes. Pages touched from now on are 4 KiB ones.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Lets go of the loaded site without freeing it, when the command is done with it and the
/// process is about to exit: freeing 10,000 articles' strings and lists one by one was ~4% of
/// a `kbpress check` (callgrind), and the OS takes the memory back at once.
fn exit_without_freeing(checked: crate::pipeline::Checked) {
    std::mem::forget(checked);
}

/// With `KBPRESS_TIMINGS` set, prints how long each stage took to stderr (for profiling).
fn print_timings(timings: &crate::pipeline::Timings) {
    if std::env::var_os("KBPRESS_TIMINGS").is_some() {
        eprintln!("timings: {}", timings.summary());
    }
}

/// Whether to colour output written to a stream that is (or is not) a terminal.
fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// The diagnostic format: `--format`, else `github` under GitHub Actions, else `human`.
fn format_for(args: &CommonCheckArgs) -> Format {
    args.format.unwrap_or_else(|| {
        if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
            Format::Github
        } else {
            Format::Human
        }
    })
}

/// Prints diagnostics to stdout (`to_stdout`) or stderr, and returns the exit code they mean.
fn report_diagnostics(
    cli: &Cli,
    args: &CommonCheckArgs,
    site: &crate::site::Site,
    diagnostics: &[Diagnostic],
    to_stdout: bool,
) -> anyhow::Result<u8> {
    let counts = Counts::of(diagnostics);
    let summary = Summary {
        articles: site.articles.len(),
        errors: counts.errors,
        warnings: counts.warnings,
    };
    let format = format_for(args);
    // Findings in site.toml (`placeholder-base-url`), snippets and translations show their
    // line too.
    let source = |file: &str| {
        let snippet = || {
            site.snippets
                .values()
                .find(|s| s.source.path == file)
                .map(|s| s.source.text.clone())
        };
        let translation = || {
            (site.translations.iter())
                .find(|t| t.article.path == file)
                .map(|t| t.article.text.clone())
        };
        site.article(file)
            .map(|a| a.text.clone())
            .or_else(snippet)
            .or_else(translation)
            .or_else(|| {
                let config = crate::config::CONFIG_FILE;
                (file == config)
                    .then(|| std::fs::read_to_string(site.root.join(config)).ok())
                    .flatten()
            })
    };
    let quiet_and_clean = cli.quiet && diagnostics.is_empty() && format == Format::Human;
    if !quiet_and_clean {
        if to_stdout {
            let stdout = std::io::stdout();
            let color = use_color(cli.color, stdout.is_terminal());
            report::write_report(
                &mut stdout.lock(),
                format,
                diagnostics,
                &summary,
                &source,
                color,
            )?;
        } else {
            let stderr = std::io::stderr();
            let color = use_color(cli.color, stderr.is_terminal());
            report::write_report(
                &mut stderr.lock(),
                format,
                diagnostics,
                &summary,
                &source,
                color,
            )?;
        }
    }
    let failed = counts.errors > 0 || (args.strict && counts.warnings > 0);
    Ok(if failed { EXIT_CONTENT } else { 0 })
}
