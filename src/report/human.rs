//! The `human` format: rustc-style diagnostics with the source line and a caret underline.
//!
//! Layout and colours come from annotate-snippets, which also does the fiddly parts of showing
//! untrusted text in a terminal: tabs become four spaces in the line and in the underline
//! offset alike, wide and non-ASCII characters keep the underline aligned, and control
//! characters in the source line are neutralised. A line longer than [`WINDOW`] characters is
//! cut to a window around the span before it gets there (annotate-snippets measures the whole
//! line it is given, once per diagnostic), and file names and messages go through
//! `report::visible`.

use std::borrow::Cow;
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
            .map(|group| render_group(&renderer, group, source, color))
            .collect();
        for text in rendered {
            out.write_all(text.as_bytes())?;
        }
    }
    writeln!(out, "{}", super::summary_line(summary))
}

/// The diagnostics of one file, each followed by a blank line.
///
/// The work per diagnostic is bounded by the shown window, not by the length of its line: the
/// file's lines are found once, and a line is measured once for all the diagnostics on it (they
/// come sorted by line). A one-line file of 30,000 links was quadratic before.
fn render_group(
    renderer: &Renderer,
    group: &[Diagnostic],
    source: &super::Source<'_>,
    color: bool,
) -> String {
    let text = source(&group[0].file);
    let lines = text.as_deref().map(LineStarts::new);
    let mut current: Option<(u32, Line)> = None;
    let mut out = String::new();
    for diagnostic in group {
        let diagnostic = super::visible::diagnostic(diagnostic);
        let line = match (&text, &lines) {
            (Some(text), Some(lines)) => {
                if current
                    .as_ref()
                    .is_none_or(|(number, _)| *number != diagnostic.line)
                {
                    current = lines
                        .line(text, diagnostic.line)
                        .map(|line| (diagnostic.line, Line::new(line)));
                }
                current.as_ref().map(|(_, line)| line)
            }
            _ => None,
        };
        let shown = line.and_then(|line| Some(line.window(underline(line, &diagnostic)?)));
        let plain = match &shown {
            Some(shown) if !color => {
                super::plain_snippet::render(&diagnostic, &shown.text, &shown.span)
            }
            _ => None,
        };
        match plain {
            Some(text) => out.push_str(&text),
            None => out.push_str(&render(renderer, &diagnostic, shown.as_ref())),
        }
        out.push_str("\n\n");
    }
    out
}

/// Where each line of a file starts, found once per file.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1));
        LineStarts(starts)
    }

    /// The text of 1-based line `number`, without its newline (what `source::line_text` gives).
    fn line<'a>(&self, text: &'a str, number: u32) -> Option<&'a str> {
        let index = (number as usize).checked_sub(1)?;
        let start = *self.0.get(index)?;
        let end = self.0.get(index + 1).map_or(text.len(), |next| next - 1);
        Some(&text[start..end])
    }
}

/// Longest source line shown whole, in characters; longer lines are shown as a window of this
/// many characters around the span, marked with `...` where they are cut. Also keeps
/// annotate-snippets (which measures the whole line it is given) from cutting it itself.
const WINDOW: usize = 100;
/// Characters shown before the span in a window.
const BEFORE: usize = 20;
/// Longest underline in a window; a longer span is underlined from its start.
const LONGEST_SPAN: usize = 60;
/// Marks a window's cut ends.
const CUT: &str = "...";

/// A source line measured once: its length in characters and, when it is not ASCII, the byte
/// offset of every character.
struct Line<'a> {
    text: &'a str,
    chars: usize,
    offsets: Option<Vec<usize>>,
}

impl<'a> Line<'a> {
    fn new(text: &'a str) -> Self {
        if text.is_ascii() {
            Line {
                text,
                chars: text.len(),
                offsets: None,
            }
        } else {
            let offsets: Vec<usize> = text.char_indices().map(|(offset, _)| offset).collect();
            Line {
                text,
                chars: offsets.len(),
                offsets: Some(offsets),
            }
        }
    }

    /// The byte offset of the character at `index`, or the line's length past its end.
    fn byte(&self, index: usize) -> usize {
        match &self.offsets {
            _ if index >= self.chars => self.text.len(),
            None => index,
            Some(offsets) => offsets[index],
        }
    }

    /// The part of the line to show for the underlined characters `span`: the whole line when
    /// it is short, otherwise a window of [`WINDOW`] characters from a little before the span.
    fn window(&self, span: Range<usize>) -> Shown<'a> {
        if self.chars <= WINDOW {
            return Shown {
                text: Cow::Borrowed(self.text),
                span: self.byte(span.start)..self.byte(span.end),
            };
        }
        let end = span.end.min(span.start + LONGEST_SPAN).max(span.start);
        let from = span
            .start
            .saturating_sub(BEFORE)
            .min(self.chars.saturating_sub(WINDOW));
        let to = (from + WINDOW).min(self.chars);
        let mut text = String::with_capacity(WINDOW * 4 + 2 * CUT.len());
        if from > 0 {
            text.push_str(CUT);
        }
        let offset = text.len();
        let (from_byte, start_byte, end_byte) =
            (self.byte(from), self.byte(span.start), self.byte(end));
        text.push_str(&self.text[from_byte..self.byte(to)]);
        if to < self.chars {
            text.push_str(CUT);
        }
        Shown {
            text: Cow::Owned(text),
            span: offset + start_byte - from_byte..offset + end_byte - from_byte,
        }
    }
}

/// The text shown under a diagnostic and the bytes of it to underline.
struct Shown<'a> {
    text: Cow<'a, str>,
    span: Range<usize>,
}

/// One diagnostic, without a trailing newline, with the source text shown (if any).
fn render(renderer: &Renderer, diagnostic: &Diagnostic, shown: Option<&Shown>) -> String {
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
    let group = match shown {
        Some(shown) => {
            // The snippet's path and span give the ` --> file:line:col` header; its column is
            // counted in characters from the span, so it equals the diagnostic's column unless
            // the line was cut to a window (fixed below).
            let snippet = Snippet::source(shown.text.as_ref())
                .line_start(diagnostic.line as usize)
                .path(diagnostic.file.as_str())
                .annotation(AnnotationKind::Primary.span(shown.span.clone()));
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
    let text = renderer.render(&[group]);
    match shown {
        Some(shown) => {
            let column = shown.text[..shown.span.start].chars().count() + 1;
            if column == diagnostic.column as usize {
                return text;
            }
            // A window starts inside the line: the header must still name the column in the
            // file, not in the window.
            let position =
                |column: usize| format!("{}:{}:{column}", diagnostic.file, diagnostic.line);
            text.replacen(&position(column), &position(diagnostic.column as usize), 1)
        }
        None => text,
    }
}

/// The characters of `line` to underline: from the diagnostic's column to its end column when
/// the span ends on the same line, to the end of the line when it ends on a later one, and one
/// character otherwise. `None` when the column lies outside the line, which means the text is
/// not the one the diagnostic was made from: no snippet beats a caret under the wrong thing.
fn underline(line: &Line, diagnostic: &Diagnostic) -> Option<Range<usize>> {
    let length = line.chars;
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
    Some(start..end)
}

#[cfg(test)]
mod tests {
    use super::super::{plain_snippet, samples};
    use super::*;

    /// What is shown of `line` under `diagnostic`.
    fn shown<'a>(line: &'a str, diagnostic: &Diagnostic) -> Option<Shown<'a>> {
        let line = Line::new(line);
        let span = underline(&line, diagnostic)?;
        Some(line.window(span))
    }

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
            // One line in four is long enough to be cut to a window.
            let words = if next(4) == 0 {
                15 + next(60)
            } else {
                1 + next(14)
            };
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
                included_by: Vec::new(),
                snippet_places: Vec::new(),
                audiences: if next(3) == 0 {
                    vec!["internal".into()]
                } else {
                    Vec::new()
                },
                ..samples::diagnostics()[1].clone()
            };
            tried += 1;
            let shown = shown(&line, &diagnostic).expect("the column is on the line");
            if let Some(fast) = plain_snippet::render(&diagnostic, &shown.text, &shown.span) {
                written += 1;
                let general = render(&Renderer::plain(), &diagnostic, Some(&shown));
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
        let text = render(
            &Renderer::plain(),
            &diagnostic,
            shown(line, &diagnostic).as_ref(),
        );
        let lines: Vec<&str> = text.lines().skip(3).collect();
        assert_eq!(lines, ["2 |     key:    value", "  |             ^^^^^"]);
    }

    #[test]
    fn underline_covers_the_span_or_at_least_one_character() {
        let line = "aé b";
        let span = |column, end| shown(line, &at(1, column, end)).map(|shown| shown.span);
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
        assert_eq!(shown("", &at(1, 1, None)).map(|s| s.span), Some(0..0));
    }

    /// A diagnostic in the middle of a 100 kB line shows a window around its span, in both
    /// writers and with colour, whose size does not grow with the line; the header keeps the
    /// column in the file.
    #[test]
    fn a_long_line_is_shown_as_a_bounded_window_around_the_span() {
        for filler in ["a ", "é "] {
            let line = format!(
                "{}[link](gone.md){}",
                filler.repeat(50_000),
                filler.repeat(50_000)
            );
            let column = 100_001;
            let diagnostic = at(7, column, Some((7, column + 15)));
            let shown = shown(&line, &diagnostic).unwrap();
            assert!(shown.text.starts_with("...") && shown.text.ends_with("..."));
            assert_eq!(&shown.text[shown.span.clone()], "[link](gone.md)");
            assert!(shown.text.chars().count() <= WINDOW + 2 * CUT.len());
            let general = render(&Renderer::plain(), &diagnostic, Some(&shown));
            let coloured = render(&Renderer::styled(), &diagnostic, Some(&shown));
            for text in [&general, &coloured] {
                assert!(text.len() < 1_000, "{} bytes", text.len());
                assert!(text.contains("articles/start.md:7:100001"), "{text}");
            }
            assert!(
                general.contains("\n7 | ...") && general.ends_with(&"^".repeat(15)),
                "{general}"
            );
            if filler == "a " {
                let fast = plain_snippet::render(&diagnostic, &shown.text, &shown.span);
                assert_eq!(fast.as_deref(), Some(general.as_str()));
            }
        }
    }

    #[test]
    fn a_window_keeps_the_start_of_a_long_span_and_the_end_of_the_line() {
        let line = "x".repeat(300);
        let shown_at = |column, end| shown(&line, &at(1, column, Some((1, end)))).unwrap();
        let long = shown_at(11, 250);
        assert_eq!(
            long.span,
            10..10 + LONGEST_SPAN,
            "cut to the longest underline"
        );
        assert!(!long.text.starts_with("...") && long.text.ends_with("..."));
        let last = shown_at(300, 301);
        assert!(last.text.starts_with("...") && !last.text.ends_with("..."));
        assert_eq!(last.text.len(), CUT.len() + WINDOW);
        assert_eq!(last.span, last.text.len() - 1..last.text.len());
    }

    /// Every diagnostic on a 30,000-link line of one file, through the whole writer: the output
    /// is linear in the number of diagnostics (each one bounded), where it held the whole line
    /// once per diagnostic.
    #[test]
    fn many_diagnostics_on_one_long_line_give_bounded_output_each() {
        let line = "[l](m.md) ".repeat(30_000);
        let text = format!("---\ntitle: T\n---\n{line}\n");
        let diagnostics: Vec<Diagnostic> = (0..30_000)
            .map(|index| Diagnostic {
                file: "articles/one.md".into(),
                ..at(4, 1 + 10 * index, Some((4, 10 + 10 * index)))
            })
            .collect();
        let source = |_: &str| Some(text.clone());
        for color in [false, true] {
            let mut out = Vec::new();
            write(&mut out, &diagnostics, &samples::summary(), &source, color).unwrap();
            assert!(out.len() < 30_000 * 600, "{} bytes", out.len());
        }
    }

    /// File names and messages with control characters are shown escaped: no escape sequence
    /// reaches the terminal and no line of the output starts a workflow command.
    #[test]
    fn control_characters_in_paths_and_messages_are_escaped() {
        let hostile = [
            "articles/esc\x1b]0;T\x07.md",
            "articles/x\n::error file=INJECTED.md,line=1::boom\n.md",
        ];
        for file in hostile {
            let diagnostic = Diagnostic {
                file: file.into(),
                message: format!("`{file}` cannot be published"),
                ..samples::diagnostics()[2].clone()
            };
            for color in [false, true] {
                let mut out = Vec::new();
                let source = |_: &str| Some(format!("---\n{file}\n"));
                write(
                    &mut out,
                    std::slice::from_ref(&diagnostic),
                    &samples::summary(),
                    &source,
                    color,
                )
                .unwrap();
                let text = String::from_utf8(out).unwrap();
                let text = strip_styles(&text);
                assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
                assert!(text.lines().all(|line| !line.starts_with("::")), "{text}");
                assert!(
                    text.contains(&*crate::report::visible::text(file)),
                    "{text}"
                );
            }
        }
    }

    /// `text` without the colour sequences annotate-snippets writes (`ESC [ ... m`).
    fn strip_styles(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("\x1b[") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            match after.find('m') {
                Some(end)
                    if after[..end]
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b';') =>
                {
                    rest = &after[end + 1..];
                }
                _ => {
                    out.push_str("\x1b[");
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn a_column_outside_the_line_prints_without_a_snippet() {
        let diagnostic = at(2, 40, None);
        let text = render(
            &Renderer::plain(),
            &diagnostic,
            shown("short", &diagnostic).as_ref(),
        );
        assert_eq!(
            text,
            "warning[unknown-field]: unknown front matter field `titel`\n--> articles/start.md:2:40"
        );
    }
}
