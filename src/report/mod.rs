//! Diagnostics as text: for people (`human`), for scripts (`json`), for GitHub Actions
//! annotations (`github`) and for code-scanning tools (`sarif`).
//!
//! Reporting is the last step of `check` and `build`: the diagnostics arrive sorted and
//! deduplicated, and every format writes them in that order, so the same KB always gives
//! byte-identical output (CI logs and SARIF uploads can be diffed). Writers only write; whether
//! colour is wanted and where the source text comes from is decided by the caller.

use serde::Serialize;

use crate::diagnostic::Diagnostic;

mod github;
mod human;
mod json;
mod plain_snippet;
mod sarif;
pub mod visible;

/// An output format for diagnostics (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// rustc-style text with the source line and a caret under the problem.
    #[default]
    Human,
    /// One JSON document with every diagnostic and the summary.
    Json,
    /// GitHub Actions workflow commands, which become annotations on the pull request.
    Github,
    /// A SARIF 2.1.0 log, for code-scanning tools.
    Sarif,
}

/// What was checked and what was found, for the closing line and the JSON `summary`.
///
/// The field order is part of the JSON format: serde writes fields in declaration order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub articles: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// Writes `diagnostics` to `out` in `format`.
///
/// `source` gives the text of a KB-relative file for snippets (`None` if unavailable); only the
/// human format asks for it. `color` turns on ANSI colours in the human format; the other
/// formats are for machines and are never coloured.
/// The text of a file by its KB path, for the source lines under diagnostics.
pub type Source<'a> = dyn Fn(&str) -> Option<String> + Sync + 'a;

pub fn write_report(
    out: &mut dyn std::io::Write,
    format: Format,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    source: &Source<'_>,
    color: bool,
) -> std::io::Result<()> {
    match format {
        Format::Human => human::write(out, diagnostics, summary, source, color),
        Format::Json => json::write(out, diagnostics, summary),
        Format::Github => github::write(out, diagnostics, summary),
        Format::Sarif => sarif::write(out, diagnostics),
    }
}

/// The closing line of the text formats: `checked 14 articles: 2 errors, 1 warning`.
fn summary_line(summary: &Summary) -> String {
    let checked = format!("checked {}", plural(summary.articles, "article"));
    if summary.errors == 0 && summary.warnings == 0 {
        format!("{checked}: no problems found")
    } else {
        format!(
            "{checked}: {}, {}",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning")
        )
    }
}

/// `1 error`, `2 errors`, `0 errors`.
fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The message followed by its help on a new line, for formats that have one text field.
fn message_with_help(diagnostic: &Diagnostic) -> String {
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    if let Some(note) = audience_note(diagnostic) {
        text.push_str("\nnote: ");
        text.push_str(&note);
    }
    text
}

/// "only in the sites for `wholesale`, `internal`", for findings that not every site has.
fn audience_note(diagnostic: &Diagnostic) -> Option<String> {
    if diagnostic.audiences.is_empty() {
        return None;
    }
    let list: Vec<String> = diagnostic
        .audiences
        .iter()
        .map(|a| format!("`{a}`"))
        .collect();
    let sites = if list.len() == 1 { "site" } else { "sites" };
    Some(format!("only in the {sites} for {}", list.join(", ")))
}

/// Hand-made diagnostics shared by the tests of every format.
#[cfg(test)]
mod samples {
    use crate::diagnostic::{Diagnostic, Severity};

    pub const REFUNDS: &str =
        "---\ntitle: Remboursements\n---\n\nVoir « Délais » : [le guide](../guide.md).\n";
    pub const START: &str = "---\ntitel: Getting started\n---\n";

    /// An error whose line has non-ASCII text before the column, a warning without end or
    /// help, and an error in a file whose text is not available.
    pub fn diagnostics() -> Vec<Diagnostic> {
        vec![
            Diagnostic {
                code: "broken-link",
                severity: Severity::Error,
                file: "articles/billing/refunds.md".into(),
                line: 5,
                column: 19,
                end_line: Some(5),
                end_column: Some(42),
                message: "link to `../guide.md`: `articles/guide.md` does not exist".into(),
                help: Some("did you mean `articles/guides.md`?".into()),
                included_by: Vec::new(),
                snippet_places: Vec::new(),
                audiences: vec!["internal".into(), "wholesale".into()],
            },
            Diagnostic {
                code: "unknown-field",
                severity: Severity::Warning,
                file: "articles/start.md".into(),
                line: 2,
                column: 1,
                end_line: None,
                end_column: None,
                message: "unknown front matter field `titel`".into(),
                help: None,
                included_by: Vec::new(),
                snippet_places: Vec::new(),
                audiences: Vec::new(),
            },
            Diagnostic {
                code: "unreadable-file",
                severity: Severity::Error,
                file: "articles/broken.md".into(),
                line: 1,
                column: 1,
                end_line: None,
                end_column: None,
                message: "`articles/broken.md` is not valid UTF-8".into(),
                help: Some("save the file as UTF-8 text".into()),
                included_by: Vec::new(),
                snippet_places: Vec::new(),
                audiences: Vec::new(),
            },
        ]
    }

    pub fn summary() -> super::Summary {
        super::Summary {
            articles: 3,
            errors: 2,
            warnings: 1,
        }
    }

    pub fn source(file: &str) -> Option<String> {
        match file {
            "articles/billing/refunds.md" => Some(REFUNDS.into()),
            "articles/start.md" => Some(START.into()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line_counts_with_the_right_plural() {
        let line = |articles, errors, warnings| {
            summary_line(&Summary {
                articles,
                errors,
                warnings,
            })
        };
        assert_eq!(line(14, 2, 1), "checked 14 articles: 2 errors, 1 warning");
        assert_eq!(line(1, 1, 0), "checked 1 article: 1 error, 0 warnings");
        assert_eq!(line(1, 0, 2), "checked 1 article: 0 errors, 2 warnings");
        assert_eq!(line(0, 0, 0), "checked 0 articles: no problems found");
    }

    #[test]
    fn the_sample_columns_point_at_the_link() {
        // Guards the fixtures the format tests rely on: column 19 is the `[` of the link, after
        // the non-ASCII `« Délais »`, and column 42 is just past its `)`.
        let line = crate::source::line_text(samples::REFUNDS, 5).unwrap();
        let link: String = line.chars().skip(18).take(42 - 19).collect();
        assert_eq!(link, "[le guide](../guide.md)");
    }

    #[test]
    fn every_format_writes_through_write_report() {
        for format in [Format::Human, Format::Json, Format::Github, Format::Sarif] {
            let mut out = Vec::new();
            let diagnostics = samples::diagnostics();
            write_report(
                &mut out,
                format,
                &diagnostics,
                &samples::summary(),
                &samples::source,
                false,
            )
            .unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(text.contains("articles/start.md"), "{format:?}: {text}");
            assert!(text.ends_with('\n'), "{format:?} ends its last line");
        }
    }
}
