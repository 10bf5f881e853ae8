//! The `human` format: rustc-style diagnostics with the source line and a caret underline.
//!
//! Layout and colours come from annotate-snippets, which also does the fiddly parts of showing
//! untrusted text in a terminal: tabs become four spaces in the line and in the underline
//! offset alike, wide and non-ASCII characters keep the underline aligned, control characters
//! are neutralised, and over-long lines are cut around the underline.

use std::io::{self, Write};
use std::ops::Range;

use rayon::prelude::*;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Padding, Renderer, Snippet};

use super::Summary;
use crate::diagnostic::{Diagnostic, Severity};

pub(super) fn write(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    source: &super::Source<'_>,
    color: bool,
) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // Diagnostics come sorted by file: each file's group is rendered with one read of its
    // text, groups in parallel (20,000 findings took a quarter of a second one by one), and
    // written in order, a batch at a time so memory stays bounded.
    let groups: Vec<&[Diagnostic]> = diagnostics.chunk_by(|a, b| a.file == b.file).collect();
    for batch in groups.chunks(512) {
        let rendered: Vec<String> = batch
            .par_iter()
            .map(|group| {
                let text = source(&group[0].file);
                let mut out = String::new();
                for diagnostic in *group {
                    let line = text
                        .as_deref()
                        .and_then(|text| crate::source::line_text(text, diagnostic.line));
                    let plain = match line {
                        Some(line) if !color => render_plain(diagnostic, line),
                        _ => None,
                    };
                    match plain {
                        Some(text) => out.push_str(&text),
                        None => out.push_str(&render(&renderer, diagnostic, line)),
                    }
                    out.push_str("\n\n");
                }
                out
            })
            .collect();
        for text in rendered {
            out.write_all(text.as_bytes())?;
        }
    }
    writeln!(out, "{}", super::summary_line(summary))
}

/// One uncoloured diagnostic of the common shape written directly ([`plain_snippet`]), or
/// `None` for annotate-snippets to write.
fn render_plain(diagnostic: &Diagnostic, line: &str) -> Option<String> {
    let span = underline(line, diagnostic)?;
    super::plain_snippet::render(diagnostic, line, &span)
}

/// One diagnostic, without a trailing newline. `line` is the text of the diagnostic's line.
fn render(renderer: &Renderer, diagnostic: &Diagnostic, line: Option<&str>) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code);
    let help = diagnostic
        .help
        .as_deref()
        .map(|help| Level::HELP.message(help));
    let note = super::audience_note(diagnostic);
    let note = note.as_deref().map(|note| Level::NOTE.message(note));
    let span = line.and_then(|line| Some((line, underline(line, diagnostic)?)));
    let group = match span {
        Some((line, span)) => {
            // The snippet's path and span give the ` --> file:line:col` header; its column is
            // counted in characters from the span, so it equals the diagnostic's column.
            let snippet = Snippet::source(line)
                .line_start(diagnostic.line as usize)
                .path(diagnostic.file.as_str())
                .annotation(AnnotationKind::Primary.span(span));
            let group = Group::with_title(title).element(snippet);
            let group = match help {
                Some(help) => group.element(help),
                None => group,
            };
            match note {
                Some(note) => group.element(note),
                None => group,
            }
        }
        None => {
            let origin = Origin::path(diagnostic.file.as_str())
                .line(diagnostic.line as usize)
                .char_column(diagnostic.column as usize);
            let group = Group::with_title(title).element(origin);
            let group = match help {
                Some(help) => group.element(Padding).element(help),
                None => group,
            };
            match note {
                Some(note) => group.element(note),
                None => group,
            }
        }
    };
    renderer.render(&[group])
}

/// The byte range of `line` to underline: from the diagnostic's column to its end column when
/// the span ends on the same line, to the end of the line when it ends on a later one, and one
/// character otherwise. `None` when the column lies outside the line, which means the text is
/// not the one the diagnostic was made from: no snippet beats a caret under the wrong thing.
fn underline(line: &str, diagnostic: &Diagnostic) -> Option<Range<usize>> {
    let length = line.chars().count();
    let start = (diagnostic.column as usize).checked_sub(1)?;
    if start > length {
        return None;
    }
    let end = match (diagnostic.end_line, diagnostic.end_column) {
        (Some(end_line), Some(end_column)) if end_line == diagnostic.line => {
            (end_column as usize).saturating_sub(1).min(length)
        }
        (Some(end_line), _) if end_line > diagnostic.line => length,
        _ => start,
    };
    // At least one caret: an empty span at the end of the line still renders one, after the text.
    let end = if end <= start {
        (start + 1).min(length)
    } else {
        end
    };
    Some(byte_offset(line, start)..byte_offset(line, end))
}

/// The byte offset of the character at `index` (a count of characters), or the line's length.
fn byte_offset(line: &str, index: usize) -> usize {
    line.char_indices()
        .nth(index)
        .map_or(line.len(), |(offset, _)| offset)
}

#[cfg(test)]
mod tests {
    use super::super::samples;
    use super::*;

    /// The direct writer of the common shape writes what annotate-snippets writes, on
    /// generated diagnostics (gutter widths of 1-5 digits, spans anywhere on the line or past
    /// it, with and without help and audience note).
    #[test]
    fn the_plain_writer_writes_what_annotate_snippets_writes() {
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
            let mut line = " ".repeat(next(3) * 2);
            for index in 0..1 + next(14) {
                if index > 0 {
                    line.push(' ');
                }
                line.push_str(WORDS[next(WORDS.len())]);
            }
            let line = line.trim_end().to_string();
            if line.is_empty() {
                continue;
            }
            let number = [1, 2, 9, 10, 14, 99, 100, 999, 1000, 12345][next(10)];
            let column = 1 + next(line.len());
            let (end_line, end_column) = match next(4) {
                0 => (None, None),
                1 => (Some(number + 1), Some(1)),
                _ => (
                    Some(number),
                    Some((column + next(line.len() + 1 - column) + 1) as u32),
                ),
            };
            let diagnostic = Diagnostic {
                line: number,
                column: column as u32,
                end_line,
                end_column,
                severity: if next(2) == 0 {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                message: format!("title `{}` is also the title of `b.md`", WORDS[next(20)]),
                help: (next(2) == 0).then(|| "make each title say what is different".into()),
                audiences: if next(3) == 0 {
                    vec!["internal".into()]
                } else {
                    Vec::new()
                },
                ..samples::diagnostics()[1].clone()
            };
            tried += 1;
            if let Some(fast) = render_plain(&diagnostic, &line) {
                written += 1;
                let general = render(&Renderer::plain(), &diagnostic, Some(&line));
                assert_eq!(fast, general, "{line:?} {diagnostic:?}");
            }
        }
        assert!(written * 10 > tried * 9, "wrote only {written} of {tried}");
    }

    fn report(diagnostics: &[Diagnostic], color: bool) -> String {
        let mut out = Vec::new();
        let summary = samples::summary();
        write(&mut out, diagnostics, &summary, &samples::source, color).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn at(line: u32, column: u32, end: Option<(u32, u32)>) -> Diagnostic {
        Diagnostic {
            line,
            column,
            end_line: end.map(|(line, _)| line),
            end_column: end.map(|(_, column)| column),
            ..samples::diagnostics()[1].clone()
        }
    }

    #[test]
    fn writes_rustc_style_snippets_and_a_summary() {
        let expected = "\
error[broken-link]: link to `../guide.md`: `articles/guide.md` does not exist
 --> articles/billing/refunds.md:5:19
  |
5 | Voir « Délais » : [le guide](../guide.md).
  |                   ^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: did you mean `articles/guides.md`?
  = note: only in the sites for `internal`, `wholesale`

warning[unknown-field]: unknown front matter field `titel`
 --> articles/start.md:2:1
  |
2 | titel: Getting started
  | ^

error[unreadable-file]: `articles/broken.md` is not valid UTF-8
--> articles/broken.md:1:1
 |
 = help: save the file as UTF-8 text

checked 3 articles: 2 errors, 1 warning
";
        assert_eq!(report(&samples::diagnostics(), false), expected);
    }

    #[test]
    fn no_diagnostics_prints_only_the_summary() {
        let mut out = Vec::new();
        let summary = Summary {
            articles: 1,
            ..Summary::default()
        };
        write(&mut out, &[], &summary, &samples::source, true).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "checked 1 article: no problems found\n"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let diagnostics = samples::diagnostics();
        assert!(!report(&diagnostics, false).contains('\x1b'));
        let coloured = report(&diagnostics, true);
        assert!(coloured.contains("\x1b["), "{coloured:?}");
        assert!(coloured.contains("Voir « Délais » : [le guide](../guide.md)."));
    }

    #[test]
    fn tabs_render_as_four_spaces_in_the_line_and_the_offset() {
        let line = "\tkey:\tvalue";
        let diagnostic = at(2, 7, Some((2, 12)));
        let text = render(&Renderer::plain(), &diagnostic, Some(line));
        let lines: Vec<&str> = text.lines().skip(3).collect();
        assert_eq!(lines, ["2 |     key:    value", "  |             ^^^^^"]);
    }

    #[test]
    fn underline_covers_the_span_or_at_least_one_character() {
        let line = "aé b";
        let span = |column, end| underline(line, &at(1, column, end));
        assert_eq!(span(2, Some((1, 4))), Some(1..4), "é is two bytes");
        assert_eq!(span(2, None), Some(1..3));
        assert_eq!(
            span(3, Some((1, 3))),
            Some(3..4),
            "an empty span still gets a caret"
        );
        assert_eq!(
            span(2, Some((3, 1))),
            Some(1..line.len()),
            "multi-line: to the line end"
        );
        assert_eq!(span(5, None), Some(5..5), "just past the text");
        assert_eq!(span(6, None), None, "outside the line");
        assert_eq!(underline("", &at(1, 1, None)), Some(0..0));
    }

    #[test]
    fn a_column_outside_the_line_prints_without_a_snippet() {
        let text = render(&Renderer::plain(), &at(2, 40, None), Some("short"));
        assert_eq!(
            text,
            "warning[unknown-field]: unknown front matter field `titel`\n--> articles/start.md:2:40"
        );
    }
}
