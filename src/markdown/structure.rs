//! What the writer needs to know about the whole event list before it writes: where each
//! element ends and each image's alt text; and the reader-visible text of inline events.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::writer::Events;

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
