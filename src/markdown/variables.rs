//! Variables: `{{ name }}` in an article's text is replaced by the value `site.toml` gives
//! `name` (`[variables]`, or the build's audience's `[audiences.ID.variables]`).
//!
//! Substitution works on pulldown-cmark's events, after parsing, so a value is plain text: it
//! is escaped like any text when written as HTML and its Markdown means nothing (`*` stays a
//! star). Only text is searched, so `{{` in code spans, fenced or indented code and raw HTML
//! stays as written; a link or image destination is searched too (`[portal]({{portal_url}}/login)`),
//! so link checks see the substituted URL. `\{{` (or `&#123;{`) writes a literal `{{`: an
//! escaped brace is text whose source is not the brace itself. `{{>` is a snippet include,
//! never a variable.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::writer::Events;

/// Whether `name` can be a variable's name: an ASCII letter, then ASCII letters, digits, `_`
/// and `-` (what `{{ name }}` recognises).
pub fn is_variable_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic) && bytes.iter().all(|&b| is_name_byte(b))
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

/// The name of the first `{{ name }}` (or unclosed `{{ name`) in `text`, for places that do
/// not replace variables (front matter), so the writer learns it.
pub fn first_use(text: &str) -> Option<&str> {
    if !text.contains("{{") {
        return None;
    }
    uses(text, &|_| false).first().map(|found| found.name)
}

/// A `{{ name }}` found in a body, before positions are made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    pub name: String,
    /// Byte range in the body: the whole `{{ name }}`, or for one not closed, `{{ name`.
    pub range: Range<usize>,
    pub closed: bool,
    /// Whether `range` is the use as written; else it is the start of the link whose
    /// destination holds it (a reference link, defined elsewhere).
    pub located: bool,
}

/// A variable use in a piece of text: where `{{` starts, where the use ends, its name, and
/// whether it is closed by `}}`.
struct Use<'t> {
    start: usize,
    end: usize,
    name: &'t str,
    closed: bool,
}

/// The variable uses in `text`; `literal(i)`: whether the byte at `i` is an escaped brace (a
/// `{` written `\{` or as an entity), which cannot open a use.
fn uses<'t>(text: &'t str, literal: &dyn Fn(usize) -> bool) -> Vec<Use<'t>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&bytes[from..], b"{{").map(|at| from + at) {
        from = at + 1;
        if literal(at) || literal(at + 1) {
            continue;
        }
        let skip_blanks = |mut i: usize| {
            while bytes.get(i).is_some_and(|&b| b == b' ' || b == b'\t') {
                i += 1;
            }
            i
        };
        let name_start = skip_blanks(at + 2);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            // `{{>` (an include), `{{ }}`, `{{{`: not a variable, left as written.
            continue;
        }
        let mut name_end = name_start;
        while bytes.get(name_end).is_some_and(|&b| is_name_byte(b)) {
            name_end += 1;
        }
        let close = skip_blanks(name_end);
        let closed = bytes[close..].starts_with(b"}}");
        let end = if closed { close + 2 } else { name_end };
        found.push(Use {
            start: at,
            end,
            name: &text[name_start..name_end],
            closed,
        });
        from = end;
    }
    found
}

/// Replaces every known, closed `{{ name }}` in the text and link destinations of `events`
/// with its value in `variables`, recording every use (known or not) in `found`. `source` is
/// the body the events' ranges point into.
pub(super) fn substitute<'e>(
    events: Events<'e>,
    source: &str,
    variables: &BTreeMap<String, String>,
    found: &mut Vec<Found>,
) -> Events<'e> {
    let mut out: Events<'e> = Vec::with_capacity(events.len());
    // Inside fenced or indented code, or a raw HTML block, text is shown as written.
    let mut verbatim_depth = 0usize;
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => verbatim_depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                verbatim_depth = verbatim_depth.saturating_sub(1)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.contains("{{") => {
                let dest_url = destination(
                    &dest_url,
                    &source[range.clone()],
                    range.start,
                    variables,
                    found,
                );
                out.push((
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                    range,
                ));
                continue;
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.contains("{{") => {
                let dest_url = destination(
                    &dest_url,
                    &source[range.clone()],
                    range.start,
                    variables,
                    found,
                );
                out.push((
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                    range,
                ));
                continue;
            }
            Event::Text(text) if verbatim_depth == 0 => {
                // pulldown-cmark splits text at escapes and delimiters (`_`), so a use can span
                // several text events: the run is searched as one.
                let mut run = vec![(text, range)];
                while let Some((Event::Text(_), _)) = events.peek() {
                    if let Some((Event::Text(text), range)) = events.next() {
                        run.push((text, range));
                    }
                }
                text_run(run, source, variables, found, &mut out);
                continue;
            }
            _ => {}
        }
        out.push((event, range));
    }
    out
}

/// Searches a run of consecutive text events, pushing them as they were when they hold no
/// variable, else as one text event with the values in.
fn text_run<'e>(
    run: Vec<(CowStr<'e>, Range<usize>)>,
    source: &str,
    variables: &BTreeMap<String, String>,
    found: &mut Vec<Found>,
    out: &mut Events<'e>,
) {
    if !run.iter().any(|(text, _)| text.contains('{')) {
        out.extend(
            run.into_iter()
                .map(|(text, range)| (Event::Text(text), range)),
        );
        return;
    }
    // The run's text, and where each event's text starts in it and in the body, and how it was
    // escaped: an event whose source is not its text (`&#123;`) is literal throughout; one
    // right after a backslash it does not include starts with an escaped character (`\{`).
    let mut joined = String::new();
    let mut pieces: Vec<Piece> = Vec::with_capacity(run.len());
    let mut previous_end = None;
    for (text, range) in &run {
        let escaped_first = range.start > 0
            && source.as_bytes()[range.start - 1] == b'\\'
            && previous_end != Some(range.start);
        pieces.push(Piece {
            start: joined.len(),
            body_start: range.start,
            literal: source.get(range.clone()) != Some(text.as_ref()),
            escaped_first,
        });
        previous_end = Some(range.end);
        joined.push_str(text);
    }
    let piece_at = |offset: usize| pieces.partition_point(|piece| piece.start <= offset) - 1;
    let literal = |offset: usize| {
        let piece = &pieces[piece_at(offset)];
        piece.literal || (piece.escaped_first && offset == piece.start)
    };
    // Where a byte of the joined text was written in the body (the end of an escape's source
    // for an offset inside an escaped piece).
    let to_body = |offset: usize| {
        let index = piece_at(offset);
        let piece = &pieces[index];
        if piece.literal {
            run[index].1.start + usize::from(offset > piece.start) * run[index].1.len()
        } else {
            piece.body_start + offset - piece.start
        }
    };
    let uses = uses(&joined, &literal);
    if uses.is_empty() {
        out.extend(
            run.into_iter()
                .map(|(text, range)| (Event::Text(text), range)),
        );
        return;
    }
    let mut replaced = String::with_capacity(joined.len());
    let mut position = 0;
    for found_use in &uses {
        let range = to_body(found_use.start)..to_body(found_use.end - 1) + 1;
        found.push(Found {
            name: found_use.name.to_string(),
            range,
            closed: found_use.closed,
            located: true,
        });
        let value = variables.get(found_use.name).filter(|_| found_use.closed);
        if let Some(value) = value {
            replaced.push_str(&joined[position..found_use.start]);
            replaced.push_str(value);
            position = found_use.end;
        }
    }
    replaced.push_str(&joined[position..]);
    let range = run[0].1.start..run[run.len() - 1].1.end;
    out.push((Event::Text(replaced.into()), range));
}

/// Where one text event of a run is, and whether its braces can open a variable.
struct Piece {
    /// Offset in the run's joined text.
    start: usize,
    /// Offset in the body.
    body_start: usize,
    /// Its source is not its text (an entity): every character is literal.
    literal: bool,
    /// Its first character was escaped with a backslash (`\{`).
    escaped_first: bool,
}

/// A link or image destination with its variables replaced. Uses are located in the link's
/// source `written` (at `offset` in the body) after its text, else at the link's start (a
/// reference link's destination is elsewhere).
fn destination<'e>(
    dest_url: &CowStr<'e>,
    written: &str,
    offset: usize,
    variables: &BTreeMap<String, String>,
    found: &mut Vec<Found>,
) -> CowStr<'e> {
    let uses = uses(dest_url, &|_| false);
    if uses.is_empty() {
        return dest_url.clone();
    }
    let after_text = written.rfind("](").unwrap_or(0);
    let mut search_from = after_text;
    let mut replaced = String::with_capacity(dest_url.len());
    let mut position = 0;
    for found_use in &uses {
        let text = &dest_url[found_use.start..found_use.end];
        let (range, located) = match written[search_from..].find(text) {
            Some(at) => {
                search_from += at + text.len();
                (
                    offset + search_from - text.len()..offset + search_from,
                    true,
                )
            }
            None => (offset..offset + 1, false),
        };
        found.push(Found {
            name: found_use.name.to_string(),
            range,
            closed: found_use.closed,
            located,
        });
        if let Some(value) = variables.get(found_use.name).filter(|_| found_use.closed) {
            replaced.push_str(&dest_url[position..found_use.start]);
            replaced.push_str(value);
            position = found_use.end;
        }
    }
    replaced.push_str(&dest_url[position..]);
    replaced.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(&str, bool)> {
        uses(text, &|_| false)
            .into_iter()
            .map(|u| (u.name, u.closed))
            .collect()
    }

    #[test]
    fn finds_closed_and_unclosed_uses_but_not_includes() {
        assert_eq!(
            names("Call {{ support_phone }} or {{portal-url}}, {{ open"),
            [
                ("support_phone", true),
                ("portal-url", true),
                ("open", false)
            ]
        );
        assert!(names("{{> contact-support }} {{ }} {{ 1 }} { {x} }").is_empty());
    }

    #[test]
    fn variable_names_are_plain_identifiers() {
        assert!(is_variable_name("support_phone") && is_variable_name("portal-url2"));
        assert!(!is_variable_name("") && !is_variable_name("_x") && !is_variable_name("a.b"));
        assert!(!is_variable_name("2fa") && !is_variable_name("phone number"));
    }
}
