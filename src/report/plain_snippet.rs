//! The most common `human` diagnostic written directly: no colour, one short line of plain
//! ASCII source with a non-empty underline, plain ASCII messages.
//!
//! annotate-snippets lays out any diagnostic, but spends ~60,000 instructions on each: 16% of a
//! `kbpress check` of 10,000 articles with 20,000 warnings (callgrind). This writes the same
//! bytes for the shape most findings have and returns `None` for every other shape (colour,
//! tabs, non-ASCII, no snippet), which annotate-snippets still renders. The tests
//! compare both on thousands of generated diagnostics.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};

/// Longer source text goes to annotate-snippets. `human` cuts a long line to a window of at most
/// this many bytes (100 characters and the two `...` marks), so this covers every window of ASCII
/// text; annotate-snippets cuts nothing this short.
const MAX_LINE: usize = 106;

/// `diagnostic` with `line` (its source line) underlined at `span` (bytes), followed by its help
/// and audience note, as annotate-snippets' plain renderer writes it; `None` when this is not
/// the simple shape. (`human`'s tests compare both on generated diagnostics.)
pub(super) fn render(diagnostic: &Diagnostic, line: &str, span: &Range<usize>) -> Option<String> {
    let help = diagnostic.help.as_deref();
    let note = super::audience_note(diagnostic);
    let note = note.as_deref();
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
    // The diagnostic's column, not the span's: `line` may be a window cut from a long line.
    let position = format!(
        "{}:{}:{}",
        diagnostic.file, diagnostic.line, diagnostic.column
    );
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
    #[test]
    fn leaves_other_shapes_to_annotate_snippets() {
        let diagnostic = crate::report::samples::diagnostics()[1].clone();
        let other = |line: &str, span: Range<usize>| render(&diagnostic, line, &span);
        assert!(other("titel: Getting started", 0..1).is_some());
        assert!(other("\ttab", 0..1).is_none(), "tabs are widened");
        assert!(other("Délais", 0..1).is_none(), "non-ASCII");
        assert!(other("trailing ", 0..1).is_none());
        assert!(other("empty span", 3..3).is_none());
        assert!(
            other(&"long ".repeat(30), 0..1).is_none(),
            "longer than a window"
        );
        let mut accented = diagnostic.clone();
        accented.message = "title `Délais`".into();
        assert!(render(&accented, "a", &(0..1)).is_none());
    }
}
