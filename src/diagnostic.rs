//! Diagnostics are data: checks return them, only the CLI prints them.
//!
//! A [`Diagnostic`] names a stable code (`broken-link`), a severity, a file relative to the KB
//! root with `/` separators, a 1-based line and column *in that file*, a message that names the
//! values involved and an optional help text that says how to fix it.

use serde::Serialize;

/// How bad a finding is. `Off` exists only in configuration: an `Off` finding is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A 1-based position in a source file; columns count Unicode scalar values, like editors do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    pub const START: Position = Position { line: 1, column: 1 };

    pub fn new(line: u32, column: u32) -> Self {
        Position { line, column }
    }
}

/// A start and end position (end exclusive) in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

impl Span {
    pub fn point(at: Position) -> Self {
        Span { start: at, end: at }
    }
}

/// One finding about the content of a KB.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    /// Path relative to the KB root, `/` separators (`articles/billing/refunds.md`).
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: Option<u32>,
    pub end_column: Option<u32>,
    pub message: String,
    pub help: Option<String>,
    /// The audiences whose site the finding is in, when that is not every site: a broken link
    /// in a wholesale-only section is only in the wholesale (and internal) sites. Empty: all.
    pub audiences: Vec<String>,
    /// For a finding in a snippet's content: the articles that include it (and so publish it),
    /// sorted. Empty for every other finding.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub included_by: Vec<String>,
    /// While the checks run, for a finding in a snippet: each including article with the line
    /// of its expanded body the finding is on, to tell which audience sites have it.
    #[serde(skip)]
    pub snippet_places: Vec<(String, u32)>,
}

impl Diagnostic {
    /// A diagnostic at `span` with the rule's default severity.
    pub fn new(rule: &Rule, file: &str, span: Span, message: impl Into<String>) -> Self {
        let has_end = span.end > span.start;
        Diagnostic {
            code: rule.code,
            severity: rule.default_severity,
            file: file.to_string(),
            line: span.start.line.max(1),
            column: span.start.column.max(1),
            end_line: has_end.then_some(span.end.line),
            end_column: has_end.then_some(span.end.column),
            message: message.into(),
            help: None,
            audiences: Vec::new(),
            included_by: Vec::new(),
            snippet_places: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_audiences<S: AsRef<str>>(mut self, audiences: &[S]) -> Self {
        self.audiences = audiences.iter().map(|a| a.as_ref().to_string()).collect();
        self
    }

    /// Whether the finding is in the site of audience `id` (internal audiences see all).
    pub fn is_in_site_of(&self, id: &str, internal: bool) -> bool {
        internal || self.audiences.is_empty() || self.audiences.iter().any(|a| a == id)
    }

    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// The order diagnostics are reported in: by file, then position, then code.
    pub fn sort_key(&self) -> (&str, u32, u32, &'static str, &str) {
        (&self.file, self.line, self.column, self.code, &self.message)
    }
}

/// The description of one diagnostic code: what `--explain` prints and SARIF lists as a rule.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub default_severity: Severity,
    /// One line: what the finding means.
    pub summary: &'static str,
    /// The user-facing explanation: why it matters and how to fix it, in Markdown.
    pub explanation: &'static str,
}

/// Sorts diagnostics into their reporting order and removes exact duplicates.
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

/// Counts of errors and warnings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Counts {
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        code: "test-code",
        default_severity: Severity::Warning,
        summary: "a test",
        explanation: "",
    };

    #[test]
    fn point_span_has_no_end() {
        let d = Diagnostic::new(&RULE, "a.md", Span::point(Position::new(3, 4)), "m");
        assert_eq!(
            (d.line, d.column, d.end_line, d.end_column),
            (3, 4, None, None)
        );
    }

    #[test]
    fn sorting_orders_by_file_then_position() {
        let at = |f: &str, l| Diagnostic::new(&RULE, f, Span::point(Position::new(l, 1)), "m");
        let mut all = vec![at("b.md", 1), at("a.md", 9), at("a.md", 2), at("a.md", 2)];
        sort_and_dedup(&mut all);
        let order: Vec<_> = all.iter().map(|d| (d.file.as_str(), d.line)).collect();
        assert_eq!(order, vec![("a.md", 2), ("a.md", 9), ("b.md", 1)]);
    }

    #[test]
    fn counts_split_errors_and_warnings() {
        let mut e = Diagnostic::new(&RULE, "a.md", Span::default(), "m");
        e.severity = Severity::Error;
        let w = Diagnostic::new(&RULE, "a.md", Span::default(), "m");
        assert_eq!(
            Counts::of(&[e, w.clone(), w]),
            Counts {
                errors: 1,
                warnings: 2
            }
        );
    }
}
