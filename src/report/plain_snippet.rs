//! The most common `human` diagnostic written directly: no colour, one short line of plain
//! ASCII source with a non-empty underline, plain ASCII messages.
//!
//! annotate-snippets lays out any diagnostic, but spends ~60,000 instructions on each: 16% of a
//! `kbpress check` of 10,000 articles with 20,000 warnings (callgrind). This writes the same
//! bytes for the shape most findings have and returns `None` for every other shape (colour,
//! tabs, non-ASCII, long lines, no snippet), which annotate-snippets still renders. The tests
//! compare both on thousands of generated diagnostics.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};

/// Longer source lines go to annotate-snippets, which cuts them to the terminal's width.
const MAX_LINE: usize = 100;

/// `diagnostic` with `line` (its source line) underlined at `span` (bytes), followed by `help`
/// and `note`, as annotate-snippets' plain renderer writes it; `None` when this is not the
/// simple shape.
pub(super) fn render(
    diagnostic: &Diagnostic,
    line: &str,
    span: &Range<usize>,
    help: Option<&str>,
    note: Option<&str>,
) -> Option<String> {
    let texts = [
        diagnostic.code,
        diagnostic.message.as_str(),
        diagnostic.file.as_str(),
        line,
        help.unwrap_or(""),
        note.unwrap_or(""),
    ];
    let simple = texts
        .iter()
        .all(|text| text.bytes().all(|b| (0x20..0x7f).contains(&b)))
        && !line.is_empty()
        && line.len() <= MAX_LINE
        && !line.ends_with(' ')
        && span.start < span.end
        && span.end <= line.len();
    if !simple {
        return None;
    }
    let level = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let number = diagnostic.line.to_string();
    let gutter = " ".repeat(number.len());
    let mut out = String::with_capacity(256 + 2 * line.len());
    let mut push = |parts: &[&str]| {
        for part in parts {
            out.push_str(part);
        }
        out.push('\n');
    };
    push(&[level, "[", diagnostic.code, "]: ", &diagnostic.message]);
    let position = format!("{}:{}:{}", diagnostic.file, diagnostic.line, span.start + 1);
    push(&[&gutter, "--> ", &position]);
    push(&[&gutter, " |"]);
    push(&[&number, " | ", line]);
    let carets = "^".repeat(span.end - span.start);
    push(&[&gutter, " | ", &" ".repeat(span.start), &carets]);
    if help.is_some() || note.is_some() {
        push(&[&gutter, " |"]);
    }
    if let Some(help) = help {
        push(&[&gutter, " = help: ", help]);
    }
    if let Some(note) = note {
        push(&[&gutter, " = note: ", note]);
    }
    out.pop();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

    /// What annotate-snippets writes for the same diagnostic.
    fn reference(
        diagnostic: &Diagnostic,
        line: &str,
        span: &Range<usize>,
        help: Option<&str>,
        note: Option<&str>,
    ) -> String {
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let snippet = Snippet::source(line)
            .line_start(diagnostic.line as usize)
            .path(diagnostic.file.as_str())
            .annotation(AnnotationKind::Primary.span(span.clone()));
        let mut group = Group::with_title(
            level
                .primary_title(diagnostic.message.as_str())
                .id(diagnostic.code),
        )
        .element(snippet);
        if let Some(help) = help {
            group = group.element(Level::HELP.message(help));
        }
        if let Some(note) = note {
            group = group.element(Level::NOTE.message(note));
        }
        Renderer::plain().render(&[group])
    }

    #[test]
    fn writes_what_annotate_snippets_writes() {
        let mut random = crate::check::testing::Random::new(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: usize| random.below(n);
        const WORDS: &[&str] = &[
            "title:",
            "\"ADSL",
            "Broadband:",
            "[link](a.md#x)",
            "`code`",
            "|",
            "^",
            "-->",
            "=",
            "help:",
            "a",
            "  ",
            "x_y",
            "{#id}",
            "<b>",
            "&amp;",
            "\\",
            "'",
            "~",
            "0",
        ];
        let (mut written, mut tried) = (0, 0);
        for _ in 0..5_000 {
            let words = 1 + next(14);
            let mut line = " ".repeat(next(3) * 2);
            for index in 0..words {
                if index > 0 {
                    line.push(' ');
                }
                line.push_str(WORDS[next(WORDS.len())]);
            }
            let line = line.trim_end().to_string();
            if line.is_empty() {
                continue;
            }
            let start = next(line.len());
            let span = start..start + 1 + next(line.len() - start);
            let diagnostic = Diagnostic {
                line: [1, 2, 9, 10, 14, 99, 100, 999, 1000, 12345][next(10)],
                column: start as u32 + 1,
                severity: if next(2) == 0 {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                message: format!("title `{}` is also the title of `b.md`", WORDS[next(20)]),
                ..crate::report::samples::diagnostics()[1].clone()
            };
            let help = (next(2) == 0).then_some("make each title say what is different");
            let note = (next(3) == 0).then_some("only in the site for `internal`");
            tried += 1;
            if let Some(fast) = render(&diagnostic, &line, &span, help, note) {
                written += 1;
                assert_eq!(
                    fast,
                    reference(&diagnostic, &line, &span, help, note),
                    "{line:?} {span:?}"
                );
            }
        }
        assert!(written * 10 > tried * 9, "wrote only {written} of {tried}");
    }

    #[test]
    fn leaves_other_shapes_to_annotate_snippets() {
        let diagnostic = crate::report::samples::diagnostics()[1].clone();
        let other = |line: &str, span: Range<usize>| render(&diagnostic, line, &span, None, None);
        assert!(other("titel: Getting started", 0..1).is_some());
        assert!(other("\ttab", 0..1).is_none(), "tabs are widened");
        assert!(other("Délais", 0..1).is_none(), "non-ASCII");
        assert!(other("trailing ", 0..1).is_none());
        assert!(other("empty span", 3..3).is_none());
        assert!(other(&"long ".repeat(30), 0..1).is_none());
        let mut accented = diagnostic.clone();
        accented.message = "title `Délais`".into();
        assert!(render(&accented, "a", &(0..1), None, None).is_none());
    }
}
