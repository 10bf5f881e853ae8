//! What the writer needs to know about the whole event list before it writes: where each
//! element ends and each image's alt text; and the reader-visible text of inline events.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::writer::Events;

/// The events of `source`, with each run of adjacent `Text` events merged into one, as
/// pulldown-cmark's `TextMergeWithOffset` merges them (the tests compare the two).
///
/// pulldown-cmark ends a text event at every character that might have started markup (`[`,
/// `*`, `<`, `!`, `` ` ``, `\\`, `&`): a line of `[` or `[a](` is one event per few bytes, and the
/// list took ~100 bytes per byte, the writer's output list as much again (issue 17: 1.7-1.9 GB
/// for one 8 MiB article; 1.2 GB merged). Hand-written rather than the crate's adapter because
/// that one copies every merged run into a new string: pieces that are next to each other in
/// `source` (nearly always) stay one borrowed slice of it here, so merging allocates nothing;
/// others (around an escape or an entity) are copied into one string.
pub fn merged_events<'e>(
    source: &'e str,
    events: impl IntoIterator<Item = (Event<'e>, std::ops::Range<usize>)>,
) -> Events<'e> {
    // Sized up front: growing the list by doubling cost ~5% of loading (measured with
    // callgrind); support articles average one event per ~20 bytes.
    let mut merged: Events = Vec::with_capacity(source.len() / 16 + 16);
    // How many text events the current run merged: 0 outside a run.
    let mut run = 0;
    for (event, range) in events {
        if let Event::Text(next) = &event {
            run += 1;
            if run > 1 {
                if let Some((Event::Text(last), last_range)) = merged.last_mut() {
                    *last = join(source, std::mem::replace(last, CowStr::Borrowed("")), next);
                    last_range.end = range.end;
                    continue;
                }
            }
        } else {
            drop_empty_run(&mut merged, run);
            run = 0;
        }
        merged.push((event, range));
    }
    drop_empty_run(&mut merged, run);
    merged
}

/// [`merged_events`] as an iterator, for a body written as it is parsed (see
/// `Writer::run_streamed`): the same merge, without the list (the tests compare the two).
pub struct MergedText<'e, I: Iterator<Item = (Event<'e>, std::ops::Range<usize>)>> {
    source: &'e str,
    events: std::iter::Peekable<I>,
}

impl<'e, I: Iterator<Item = (Event<'e>, std::ops::Range<usize>)>> MergedText<'e, I> {
    pub fn new(source: &'e str, events: I) -> Self {
        MergedText {
            source,
            events: events.peekable(),
        }
    }
}

impl<'e, I: Iterator<Item = (Event<'e>, std::ops::Range<usize>)>> Iterator for MergedText<'e, I> {
    type Item = (Event<'e>, std::ops::Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (event, mut range) = self.events.next()?;
            let Event::Text(mut text) = event else {
                return Some((event, range));
            };
            let mut run = 1;
            while let Some((Event::Text(_), _)) = self.events.peek() {
                if let Some((Event::Text(next), next_range)) = self.events.next() {
                    text = join(self.source, text, &next);
                    range.end = next_range.end;
                    run += 1;
                }
            }
            // As in `drop_empty_run`.
            if run == 1 || !text.is_empty() {
                return Some((Event::Text(text), range));
            }
        }
    }
}

/// Like the crate's adapter, a run of several text events that merged into nothing is dropped
/// (a single empty one is kept).
fn drop_empty_run(events: &mut Events, run: usize) {
    if run > 1 && matches!(events.last(), Some((Event::Text(text), _)) if text.is_empty()) {
        events.pop();
    }
}

/// `first` followed by `second`: a slice of `source` when both are slices of it, next to each
/// other; else a new string.
fn join<'e>(source: &'e str, first: CowStr<'e>, second: &CowStr<'e>) -> CowStr<'e> {
    if let (CowStr::Borrowed(a), CowStr::Borrowed(b)) = (&first, second) {
        let base = source.as_ptr() as usize;
        let start = (a.as_ptr() as usize).wrapping_sub(base);
        let middle = (b.as_ptr() as usize).wrapping_sub(base);
        if start <= source.len() && middle == start + a.len() && middle + b.len() <= source.len() {
            return CowStr::Borrowed(&source[start..middle + b.len()]);
        }
    }
    let mut text = first.into_string();
    text.push_str(second);
    CowStr::from(text)
}

/// Alt text longer than this is cut: only whether an image has one matters, and copying each
/// nested image's text into every enclosing one is quadratic without a cap.
const MAX_ALT_BYTES: usize = 256;

/// In one pass: for each start event the index of its end event (the last event if it has
/// none), and each image's alt text (the plain text inside it, nested images included), keyed
/// by the image's start event. Scanning forward from each start instead was quadratic for
/// nested images (`![![![...`).
pub fn structure(events: &Events) -> (Vec<usize>, std::collections::HashMap<usize, String>) {
    let last = events.len().saturating_sub(1);
    let mut ends = vec![last; events.len()];
    let mut open: Vec<usize> = Vec::new();
    let mut alts = std::collections::HashMap::new();
    let mut images: Vec<(usize, String)> = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                open.push(i);
                if matches!(tag, Tag::Image { .. }) {
                    images.push((i, String::new()));
                }
            }
            Event::End(tag) => {
                if let Some(start) = open.pop() {
                    ends[start] = i;
                }
                if matches!(tag, TagEnd::Image) {
                    if let Some((start, alt)) = images.pop() {
                        if let Some((_, outer)) = images.last_mut() {
                            push_capped(outer, &alt);
                        }
                        alts.insert(start, alt.trim().to_string());
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = images.last_mut() {
                    push_capped(alt, t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, alt)) = images.last_mut() {
                    push_capped(alt, " ");
                }
            }
            _ => {}
        }
    }
    (ends, alts)
}

fn push_capped(alt: &mut String, text: &str) {
    let mut room = MAX_ALT_BYTES.saturating_sub(alt.len()).min(text.len());
    while !text.is_char_boundary(room) {
        room -= 1;
    }
    alt.push_str(&text[..room]);
}

/// The text of inline events, as a reader sees it.
pub fn plain_text(events: &[(Event, std::ops::Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Parser, TextMergeWithOffset};

    use super::merged_events;

    /// Oracle: the merge is pulldown-cmark's own `TextMergeWithOffset`, written so that text
    /// next to text in the source stays a borrowed slice (no allocation per merged run).
    fn assert_same_as_pulldown(source: &str) {
        let ours = merged_events(
            source,
            Parser::new_ext(source, crate::markdown::options()).into_offset_iter(),
        );
        let theirs: Vec<_> = TextMergeWithOffset::new(
            Parser::new_ext(source, crate::markdown::options()).into_offset_iter(),
        )
        .collect();
        assert_eq!(ours, theirs, "{source:?}");
        let streamed: Vec<_> = super::MergedText::new(
            source,
            Parser::new_ext(source, crate::markdown::options()).into_offset_iter(),
        )
        .collect();
        assert_eq!(streamed, theirs, "streamed: {source:?}");
    }

    #[test]
    fn merges_text_exactly_as_pulldown_cmark_does() {
        let cases = [
            "plain text\n",
            "[[[[[[ [a]( <a <b *a*a*a _x_ `c` \\*not\\* AT&amp;T &copy; &#x41;\n",
            "# Heading {#id}\n\nPara with [link](x.md) and ![img](y.png \"t\").\n",
            "<div>\nraw *html* block\n</div>\n\ntext <span>inline</span> more\n",
            "> [!NOTE]\n> alert [ text\n\n- [ ] task\n- [x] done [\n",
            "| a | b [ |\n| - | - |\n| 1 \\| | <br> |\n",
            "```rust\nlet x = [1, 2];\n```\n\n    indented [ code\n",
            "line one\\\nline two  \nline three\n",
            "",
        ];
        for case in cases {
            assert_same_as_pulldown(case);
        }
        let fixture = include_str!("../../tests/fixtures/every-element.md");
        assert_same_as_pulldown(fixture);
        assert_same_as_pulldown(&"[".repeat(10_000));
        assert_same_as_pulldown(&"[a](".repeat(2_000));
    }

    #[test]
    fn a_line_of_brackets_is_one_borrowed_event() {
        let source = "[".repeat(1_000);
        let events = merged_events(
            &source,
            Parser::new_ext(&source, crate::markdown::options()).into_offset_iter(),
        );
        let texts: Vec<_> = events
            .iter()
            .filter(|(event, _)| matches!(event, pulldown_cmark::Event::Text(_)))
            .collect();
        assert_eq!(texts.len(), 1);
        assert!(
            matches!(texts[0].0, pulldown_cmark::Event::Text(pulldown_cmark::CowStr::Borrowed(text)) if text.len() == 1_000)
        );
    }
}
