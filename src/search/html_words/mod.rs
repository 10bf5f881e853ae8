//! The words of an article page's body HTML, read straight from the HTML.
//!
//! The index reads every word of the KB once per build, so this is one pass over the bytes:
//! no plain text is made first. The words are exactly those that [`for_each_word`] finds in
//! [`plain_text`](super::plain_text)'s text of the same HTML (a test compares both), and each
//! says whether it stands in a heading (`<h1>` to `<h6>`), which weighs more. The "For:
//! <audience>" label that opens an audience section is not the article's text: it is left out.

use super::plain_text::{entity, is_inline, skip_raw_text};
use super::tokens::{for_each_word, CLASS as WORD_CLASS, LOWER, MAX_WORD_CHARS, NON_ASCII, UPPER};

/// Calls `found(word, in_heading)` for each indexable word of `html`, lowercased, in order.
/// `buffer` is reused for words that must be copied (uppercase, split by an inline tag).
pub fn for_each_html_word(html: &str, buffer: &mut String, mut found: impl FnMut(&str, bool)) {
    let bytes = html.as_bytes();
    let mut reader = Reader {
        html,
        in_heading: false,
        joined: String::new(),
    };
    // The start of the current run of word bytes (ASCII letters and digits, non-ASCII chars).
    let mut start = 0;
    let mut seen = 0u8;
    let mut index = 0;
    while index < bytes.len() {
        let class = CLASS[bytes[index] as usize];
        if class & WORD != 0 {
            seen |= class;
            index += 1;
            continue;
        }
        // The run ends here, or goes on after an inline tag or a letter written as an entity.
        let run = start..index;
        let mut goes_on = false;
        let mut heading = None;
        match class {
            OPEN => {
                let tag = reader.tag(index);
                goes_on = tag.inline;
                heading = tag.heading;
                index += tag.length;
            }
            AMPERSAND => match entity(&html[index..]) {
                (Some(c), used) if c.is_alphanumeric() => {
                    reader.joined.push_str(&html[run]);
                    reader.joined.push(c);
                    start = index + used;
                    index = start;
                    continue;
                }
                (Some(_), used) => index += used,
                (None, _) => index += 1,
            },
            _ => index += 1,
        }
        if goes_on {
            reader.joined.push_str(&html[run]);
        } else {
            reader.emit(run, seen, buffer, &mut found);
            seen = 0;
        }
        // After the words before it: a heading's tags change the weight of what follows.
        if let Some(in_heading) = heading {
            reader.in_heading = in_heading;
        }
        start = index;
    }
    reader.emit(start..bytes.len(), seen, buffer, &mut found);
}

/// The state of one pass over a page's HTML.
struct Reader<'h> {
    html: &'h str,
    in_heading: bool,
    /// The first pieces of a word that an inline tag or an entity split (`im<em>port</em>ant`).
    joined: String,
}

impl Reader<'_> {
    /// Reads the tag (or comment) at `at`. A script, a style or an audience label is skipped
    /// with its content.
    fn tag(&self, at: usize) -> Tag {
        let rest = &self.html[at..];
        let skipped = |length| Tag {
            length,
            inline: false,
            heading: None,
        };
        if let Some(after) = rest.strip_prefix("<!--") {
            return skipped(after.find("-->").map_or(rest.len(), |end| 4 + end + 3));
        }
        // The name is read here, and most tags (`<p>`, `</li>`) end right after it: no search
        // for the `>` (this runs for every tag of the KB, a third of its HTML).
        let bytes = rest.as_bytes();
        let name_start = if bytes.get(1) == Some(&b'/') { 2 } else { 1 };
        let name_end = bytes[name_start.min(bytes.len())..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |length| name_start + length);
        let end = if bytes.get(name_end) == Some(&b'>') {
            name_end + 1
        } else {
            memchr::memchr(b'>', bytes).map_or(rest.len(), |end| end + 1)
        };
        let inside = &rest[1..end];
        let name = &rest[name_start.min(name_end)..name_end];
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
            return skipped(rest.len() - skip_raw_text(&rest[end..], name).len());
        }
        if inside.starts_with(AUDIENCE_LABEL) {
            return skipped(
                memchr::memmem::find(rest.as_bytes(), b"</p>").map_or(rest.len(), |e| e + 4),
            );
        }
        let heading = match name.as_bytes() {
            [b'h' | b'H', b'1'..=b'6'] => Some(!inside.starts_with('/')),
            _ => None,
        };
        Tag {
            length: end,
            inline: is_inline(name),
            heading,
        }
    }

    /// Hands the words of the run `range` (after any joined pieces) to `found`.
    #[inline(always)]
    fn emit(
        &mut self,
        range: std::ops::Range<usize>,
        seen: u8,
        buffer: &mut String,
        found: &mut impl FnMut(&str, bool),
    ) {
        if seen & NON_ASCII != 0 || !self.joined.is_empty() {
            return self.emit_slowly(range, buffer, found);
        }
        let word = &self.html[range];
        if word.len() < 2 || word.len() > MAX_WORD_CHARS {
            return;
        }
        if seen & UPPER != 0 {
            buffer.clear();
            buffer.push_str(word);
            buffer.make_ascii_lowercase();
            found(buffer, self.in_heading);
        } else {
            found(word, self.in_heading);
        }
    }

    /// [`Reader::emit`] for the rare run with non-ASCII text or split by a tag or entity.
    #[cold]
    fn emit_slowly(
        &mut self,
        range: std::ops::Range<usize>,
        buffer: &mut String,
        found: &mut impl FnMut(&str, bool),
    ) {
        let in_heading = self.in_heading;
        let mut joined = std::mem::take(&mut self.joined);
        joined.push_str(&self.html[range]);
        for_each_word(&joined, buffer, |word| found(word, in_heading));
        joined.clear();
        self.joined = joined;
    }
}

/// A tag read by [`Reader::tag`].
struct Tag {
    /// Its bytes, with the content of a skipped element.
    length: usize,
    /// Whether it may sit inside a word (`<em>`): the word goes on after it.
    inline: bool,
    /// `Some(true)` for a heading's start tag, `Some(false)` for its end tag.
    heading: Option<bool>,
}

/// How the label of an audience section starts (see `markdown::writer`).
const AUDIENCE_LABEL: &str = "p class=\"audience-label\"";

/// Any of these: the byte belongs to a word.
const WORD: u8 = LOWER | UPPER | NON_ASCII;
const OPEN: u8 = 8;
const AMPERSAND: u8 = 16;

/// Each byte's class: the tokenizer's (part of a word, or a separator), and `<` and `&`.
const CLASS: [u8; 256] = {
    let mut table = WORD_CLASS;
    table[b'<' as usize] = OPEN;
    table[b'&' as usize] = AMPERSAND;
    table
};

#[cfg(test)]
mod tests;
