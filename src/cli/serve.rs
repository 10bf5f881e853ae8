//! `kbpress serve`: the preview server. Prints `Serving <url>` on stdout (one line, so scripts
//! can read the port) and one line per build on stderr.

use std::path::Path;

use super::args::ServeArgs;
use super::Cli;
use crate::pipeline;
use crate::report::visible;
use crate::serve::{self, BuildReport, Notice};

/// Set to poll the KB instead of using the system's file events (tests, network drives).
const POLL_VARIABLE: &str = "KBPRESS_WATCH_POLL";

pub fn run(cli: &Cli, cwd: &Path, args: &ServeArgs) -> anyhow::Result<u8> {
    let root = pipeline::find_root(cli.root.as_deref(), cwd)?;
    if let Some(id) = &args.audience {
        // Refused now, not as an overlay: no edit to the articles can fix a wrong flag.
        let config = crate::config::SiteConfig::load(&root.join(crate::config::CONFIG_FILE))?;
        crate::audience::Readers::for_audience(&config, id)?;
    }
    let options = serve::Options {
        root,
        bind: args.bind,
        port: args.port,
        today: pipeline::today(args.today)?,
        // Drafts are always previewed (the theme marks them); --drafts is accepted for
        // symmetry with `build`.
        include_drafts: true,
        audience: args.audience.clone(),
        open: args.open,
        force_polling: std::env::var_os(POLL_VARIABLE).is_some(),
    };
    let quiet = cli.quiet;
    serve::run(options, move |notice| print(&notice, quiet))?;
    Ok(0)
}

fn print(notice: &Notice, quiet: bool) {
    match notice {
        Notice::Serving { url } => {
            println!("Serving {url}");
            if !quiet {
                eprintln!("watching site.toml, articles/, assets/ and themes/; press Ctrl-C to stop");
            }
        }
        Notice::Exposed { address } => eprintln!(
            "warning: listening on {address}, which other machines may reach: anyone who can connect can read the site, drafts included"
        ),
        Notice::Polling { reason } => eprintln!(
            "note: watching files by polling every {} ms ({}); if the system's watch limit was reached, raise fs.inotify.max_user_watches",
            serve::watcher::POLL_INTERVAL.as_millis(),
            // A watcher error can name a file of the KB.
            visible::text(reason)
        ),
        Notice::Built(report) => {
            if !quiet || !report.succeeded {
                eprintln!("{}", build_line(report));
            }
        }
        Notice::Feedback(answer) => {
            if !quiet {
                eprintln!("{}", feedback_line(answer));
            }
        }
        Notice::Warning(text) => eprintln!("warning: {}", visible::text(text)),
    }
}

/// `feedback on articles/a.md: not helpful (inaccurate): "The menu moved" -> .kbpress/feedback.jsonl`.
/// Every field comes from a reader's POST: control characters are replaced (article, reason)
/// or escaped (comment), so none reaches the writer's terminal.
fn feedback_line(answer: &crate::feedback::Feedback) -> String {
    use super::feedback::printable;
    let mut line = format!(
        "feedback on {}: {}",
        printable(&answer.article),
        if answer.helpful {
            "helpful"
        } else {
            "not helpful"
        }
    );
    if let Some(reason) = &answer.reason {
        line.push_str(&format!(" ({})", printable(reason)));
    }
    if let Some(comment) = &answer.comment {
        // Quoted and escaped: one line whatever the reader typed.
        let shown: String = comment.chars().take(80).collect();
        line.push_str(&format!(": {:?}", shown));
    }
    line.push_str(&format!(" -> {}", serve::feedback::FILE));
    line
}

/// `rebuilt in 35 ms after articles/a.md changed (and 2 more): 0 errors, 1 warning`.
/// File names and the first problem come from the KB: their control characters are shown as
/// escapes, so the line stays one line and no escape sequence reaches the terminal.
fn build_line(report: &BuildReport) -> String {
    visible::text(&build_line_raw(report)).into_owned()
}

fn build_line_raw(report: &BuildReport) -> String {
    let ms = report.duration.as_millis();
    let what = if report.changed.is_empty() && !report.rescan {
        if report.succeeded {
            format!("built {} in {ms} ms", plural(report.articles, "article"))
        } else {
            format!("build failed in {ms} ms")
        }
    } else {
        let verb = if report.succeeded && report.incremental {
            "rebuilt incrementally"
        } else if report.succeeded {
            "rebuilt"
        } else {
            "build failed"
        };
        format!("{verb} in {ms} ms after {}", cause(report))
    };
    let counts = format!(
        "{}, {}",
        plural(report.errors, "error"),
        plural(report.warnings, "warning")
    );
    match (&report.first_problem, report.succeeded) {
        (Some(problem), false) => {
            format!("{what}: {counts}; still serving the last good build; first: {problem}")
        }
        _ => format!("{what}: {counts}"),
    }
}

/// `articles/a.md changed (and 2 more)`, or `a rescan` when events were lost.
fn cause(report: &BuildReport) -> String {
    match report.changed.split_first() {
        None => "a full rescan".into(),
        Some((first, [])) => format!("{first} changed"),
        Some((first, rest)) => format!("{first} changed (and {} more)", rest.len()),
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(changed: &[&str], succeeded: bool) -> BuildReport {
        BuildReport {
            changed: changed.iter().map(|s| s.to_string()).collect(),
            rescan: false,
            succeeded,
            articles: 14,
            errors: usize::from(!succeeded),
            warnings: 2,
            first_problem: (!succeeded).then(|| "articles/a.md:2:8: yaml-syntax: bad".into()),
            duration: std::time::Duration::from_millis(35),
            incremental: false,
        }
    }

    #[test]
    fn feedback_from_a_reader_cannot_reach_the_terminal_raw() {
        let answer = crate::feedback::Feedback {
            article: "articles/a.md\x1b[2J".into(),
            url: "/kb/a/".into(),
            audience: None,
            helpful: false,
            reason: Some("inaccurate\nfake: line".into()),
            comment: Some("The menu\x07 moved".into()),
        };
        let line = feedback_line(&answer);
        assert!(!line.chars().any(char::is_control), "{line:?}");
        assert_eq!(
            line,
            "feedback on articles/a.md?[2J: not helpful (inaccurate?fake: line): \"The menu\\u{7} moved\" -> .kbpress/feedback.jsonl"
        );
    }

    #[test]
    fn file_names_in_a_build_line_are_escaped() {
        let line = build_line(&report(&["articles/esc\x1b]0;T\x07\n::error::x.md"], true));
        assert!(!line.chars().any(char::is_control), "{line:?}");
        assert_eq!(
            line,
            "rebuilt in 35 ms after articles/esc\\x1b]0;T\\x07\\n::error::x.md changed: 0 errors, 2 warnings"
        );
    }

    #[test]
    fn each_build_is_one_line() {
        assert_eq!(
            build_line(&report(&[], true)),
            "built 14 articles in 35 ms: 0 errors, 2 warnings"
        );
        assert_eq!(
            build_line(&report(&["articles/a.md"], true)),
            "rebuilt in 35 ms after articles/a.md changed: 0 errors, 2 warnings"
        );
        assert_eq!(
            build_line(&report(&["articles/a.md", "b", "c"], false)),
            "build failed in 35 ms after articles/a.md changed (and 2 more): 1 error, 2 warnings; still serving the last good build; first: articles/a.md:2:8: yaml-syntax: bad"
        );
    }
}
