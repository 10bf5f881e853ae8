//! The `json` format: one pretty-printed document, `{"diagnostics": [...], "summary": {...}}`.
//!
//! The document is a promise to scripts (README documents it), so it is written from structs
//! of its own rather than from [`Diagnostic`]: renaming a field inside kbpress must not change
//! the output, and struct fields serialise in declaration order, which keeps the keys in the
//! documented order without relying on map ordering.

use std::io::{self, Write};

use serde::Serialize;

use super::Summary;
use crate::diagnostic::Diagnostic;

#[derive(Serialize)]
struct Document<'a> {
    diagnostics: Vec<Entry<'a>>,
    summary: &'a Summary,
}

/// One diagnostic; absent ends and help are written as `null`, so every entry has every key.
#[derive(Serialize)]
struct Entry<'a> {
    code: &'a str,
    severity: &'static str,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: Option<u32>,
    end_column: Option<u32>,
    message: &'a str,
    help: Option<&'a str>,
    /// The audiences whose site the finding is in; empty for every site.
    audiences: &'a [String],
    /// For a finding in a snippet: the articles that include it; empty otherwise.
    included_by: &'a [String],
}

impl<'a> From<&'a Diagnostic> for Entry<'a> {
    fn from(diagnostic: &'a Diagnostic) -> Self {
        Entry {
            code: diagnostic.code,
            severity: diagnostic.severity.as_str(),
            file: &diagnostic.file,
            line: diagnostic.line,
            column: diagnostic.column,
            end_line: diagnostic.end_line,
            end_column: diagnostic.end_column,
            message: &diagnostic.message,
            help: diagnostic.help.as_deref(),
            audiences: &diagnostic.audiences,
            included_by: &diagnostic.included_by,
        }
    }
}

pub(super) fn write(
    mut out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    summary: &Summary,
) -> io::Result<()> {
    let document = Document {
        diagnostics: diagnostics.iter().map(Entry::from).collect(),
        summary,
    };
    serde_json::to_writer_pretty(&mut out, &document)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::super::samples;
    use super::*;

    fn document(diagnostics: &[Diagnostic], summary: &Summary) -> String {
        let mut out = Vec::new();
        write(&mut out, diagnostics, summary).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_every_key_in_the_documented_order() {
        let expected = r#"{
  "diagnostics": [
    {
      "code": "broken-link",
      "severity": "error",
      "file": "articles/billing/refunds.md",
      "line": 5,
      "column": 19,
      "end_line": 5,
      "end_column": 42,
      "message": "link to `../guide.md`: `articles/guide.md` does not exist",
      "help": "did you mean `articles/guides.md`?",
      "audiences": [
        "internal",
        "wholesale"
      ],
      "included_by": []
    },
    {
      "code": "unknown-field",
      "severity": "warning",
      "file": "articles/start.md",
      "line": 2,
      "column": 1,
      "end_line": null,
      "end_column": null,
      "message": "unknown front matter field `titel`",
      "help": null,
      "audiences": [],
      "included_by": []
    },
    {
      "code": "unreadable-file",
      "severity": "error",
      "file": "articles/broken.md",
      "line": 1,
      "column": 1,
      "end_line": null,
      "end_column": null,
      "message": "`articles/broken.md` is not valid UTF-8",
      "help": "save the file as UTF-8 text",
      "audiences": [],
      "included_by": []
    }
  ],
  "summary": {
    "articles": 3,
    "errors": 2,
    "warnings": 1
  }
}
"#;
        assert_eq!(
            document(&samples::diagnostics(), &samples::summary()),
            expected
        );
    }

    #[test]
    fn no_diagnostics_is_an_empty_list() {
        let summary = Summary {
            articles: 2,
            ..Summary::default()
        };
        let expected = "{\n  \"diagnostics\": [],\n  \"summary\": {\n    \"articles\": 2,\n    \"errors\": 0,\n    \"warnings\": 0\n  }\n}\n";
        assert_eq!(document(&[], &summary), expected);
    }

    #[test]
    fn non_ascii_and_control_characters_round_trip() {
        let mut diagnostic = samples::diagnostics()[0].clone();
        diagnostic.message = "« Délais »\n\"quoted\"\t\u{1b}".into();
        let text = document(std::slice::from_ref(&diagnostic), &samples::summary());
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            parsed["diagnostics"][0]["message"],
            diagnostic.message.as_str()
        );
    }
}
