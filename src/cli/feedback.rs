//! `kbpress feedback FILE`: reads readers' answers (JSON Lines) and prints the articles by share
//! of "No" answers. Bad lines are warnings on stderr, not failures; an unreadable file is
//! exit 2. It needs no KB: the file may come from any endpoint that stores the posts.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;

use super::args::{FeedbackArgs, FeedbackFormat};
use crate::feedback::{self, Report};

pub fn run(cwd: &Path, args: &FeedbackArgs) -> anyhow::Result<u8> {
    let path = cwd.join(&args.file);
    let shown = args.file.display();
    let file = std::fs::File::open(&path).with_context(|| format!("cannot read {shown}"))?;
    let report = feedback::report(std::io::BufReader::new(file))
        .with_context(|| format!("cannot read {shown}"))?;
    for bad in &report.bad_lines {
        eprintln!(
            "warning: {shown}:{}: {} (line skipped)",
            bad.line,
            printable(&bad.message)
        );
    }
    let mut stdout = std::io::stdout().lock();
    match args.format {
        FeedbackFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &report)?;
            writeln!(stdout)?;
        }
        FeedbackFormat::Human => stdout.write_all(human(&report).as_bytes())?,
    }
    Ok(0)
}

/// The report for a terminal: a summary line, then one block per article, worst first.
fn human(report: &Report) -> String {
    let mut text = format!(
        "{} answer{} about {} article{}",
        report.answers,
        plural(report.answers),
        report.articles.len(),
        plural(report.articles.len())
    );
    if !report.bad_lines.is_empty() {
        let count = report.bad_lines.len();
        text.push_str(&format!(" ({count} bad line{} skipped)", plural(count)));
    }
    text.push('\n');
    for article in &report.articles {
        text.push_str(&format!(
            "\n{}: {}% No ({} No, {} Yes)\n",
            printable(&article.article),
            article.no_percent,
            article.no,
            article.yes
        ));
        if !article.reasons.is_empty() {
            let reasons: Vec<String> = article
                .reasons
                .iter()
                .map(|r| format!("{} {}", printable(&r.reason), r.count))
                .collect();
            text.push_str(&format!("  reasons: {}\n", reasons.join(", ")));
        }
        if !article.comments.is_empty() {
            text.push_str("  latest comments:\n");
            for comment in &article.comments {
                let answer = if comment.helpful { "Yes" } else { "No" };
                text.push_str(&format!("    {answer}: \"{}\"\n", printable(&comment.text)));
            }
        }
    }
    text
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// Readers' text may hold terminal escape sequences; show control characters as `?`.
pub(super) fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}
