//! The import report as data: what was converted (counts per construct) and every construct
//! that was not, with its source file and line, so nothing is lost silently. `IMPORT.md` in the
//! KB and `kbpress import --format json` are two views of it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub format: String,
    /// Articles written under `articles/`.
    pub articles: usize,
    /// Snippets written under `snippets/`.
    pub snippets: usize,
    /// Other files (images, downloads) copied beside the articles.
    pub files_copied: usize,
    /// Construct -> how many were converted.
    pub converted: BTreeMap<String, usize>,
    /// Constructs left as written or dropped, sorted by file and line.
    pub not_converted: Vec<Unconverted>,
    /// Custom fields declared in site.toml (name -> type).
    pub fields: BTreeMap<String, String>,
    /// Variables written into site.toml's `[variables]` (from mkdocs.yml `extra`).
    pub variables: BTreeMap<String, String>,
    /// Markdown extensions named in mkdocs.yml -> what the import did about them.
    pub extensions: BTreeMap<String, String>,
    /// Choices made for the whole site (defaults used, what was taken from where).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Unconverted {
    /// Relative to the source folder.
    pub file: String,
    /// 1-based; 0 for a whole file.
    pub line: usize,
    pub construct: String,
    /// The source text (shortened).
    pub text: String,
    /// What happened to it and what to do.
    pub reason: String,
}

impl Report {
    /// `IMPORT.md`: the same facts for a reader.
    pub fn markdown(&self) -> String {
        let mut text = String::new();
        let _ = writeln!(text, "# Import report ({})\n", self.format);
        let _ = writeln!(
            text,
            "{} articles, {} snippets, {} other files copied.\n",
            self.articles, self.snippets, self.files_copied
        );
        if !self.notes.is_empty() {
            text.push_str("## Decisions\n\n");
            for note in &self.notes {
                let _ = writeln!(text, "- {note}");
            }
            text.push('\n');
        }
        text.push_str("## Converted\n\n");
        if self.converted.is_empty() {
            text.push_str("Nothing needed converting.\n\n");
        } else {
            text.push_str("| construct | count |\n| --- | --- |\n");
            for (construct, count) in &self.converted {
                let _ = writeln!(text, "| {} | {count} |", cell(construct));
            }
            text.push('\n');
        }
        if !self.extensions.is_empty() {
            text.push_str("## Markdown extensions\n\n| extension | import |\n| --- | --- |\n");
            for (name, status) in &self.extensions {
                let _ = writeln!(text, "| `{}` | {} |", cell(name), cell(status));
            }
            text.push('\n');
        }
        if !self.fields.is_empty() {
            text.push_str("## Custom fields declared\n\n");
            for (name, field_type) in &self.fields {
                let _ = writeln!(text, "- `{}`: {field_type}", cell(name));
            }
            text.push('\n');
        }
        if !self.variables.is_empty() {
            text.push_str("## Variables\n\n");
            for (name, value) in &self.variables {
                let _ = writeln!(text, "- `{}` = `{}`", cell(name), cell(value));
            }
            text.push('\n');
        }
        let _ = writeln!(text, "## Not converted ({})\n", self.not_converted.len());
        if self.not_converted.is_empty() {
            text.push_str("Everything was converted.\n");
        } else {
            text.push_str("| file | line | construct | source | what happened |\n");
            text.push_str("| --- | --- | --- | --- | --- |\n");
            for item in &self.not_converted {
                let _ = writeln!(
                    text,
                    "| {} | {} | {} | `{}` | {} |",
                    cell(&item.file),
                    item.line,
                    cell(&item.construct),
                    cell(&item.text).replace('`', "'"),
                    cell(&item.reason)
                );
            }
        }
        text
    }
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
