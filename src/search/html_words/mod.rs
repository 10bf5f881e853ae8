//! The words of an article page's body HTML, read straight from the HTML.
//!
//! The index reads every word of the KB once per build, so this is one pass over the bytes:
//! no plain text is made first. The words are exactly those that [`for_each_word`] finds in
//! [`plain_text`](super::plain_text)'s text of the same HTML (a test compares both), and each
//! says whether it stands in a heading (`<h1>` to `<h6>`), which weighs more. The "For:
//! <audience>" label that opens an audience section is not the article's text: it is left out.

use super::plain_text::{entity, skip_raw_text};
use super::tag_names::{self as tag, is_inline_key};
use super::tokens::{for_each_word, CLASS as WORD_CLASS, MAX_WORD_CHARS};
use super::vocabulary::KEY_BYTES;

/// A word found by [`for_each_html_word`], lowercased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word<'a> {
    /// An ASCII word of at most [`KEY_BYTES`] bytes (nearly every word), as its
    /// [`word_key`](super::vocabulary::word_key): the caller looks it up without making a string.
    Key(u64),
    /// Any other word.
    Text(&'a str),
}

/// What [`for_each_html_word`] hands the words to: a closure, or the index's reader (a type of
/// its own, whose method is inlined into the reading loop: it runs for every word of the KB).
pub trait Words {
    fn found(&mut self, word: Word, in_heading: bool);
}

impl<F: FnMut(Word, bool)> Words for F {
    fn found(&mut self, word: Word, in_heading: bool) {
        self(word, in_heading)
    }
}

/// Calls `found(word, in_heading)` for each indexable word of `html`, lowercased, in order.
/// `buffer` is reused for words that must be copied (uppercase, split by an inline tag).
pub fn for_each_html_word(html: &str, buffer: &mut String, found: &mut impl Words) {
    let bytes = html.as_bytes();
    let mut reader = Reader {
        html,
        in_heading: false,
        joined: String::new(),
    };
    // The start of the current run of word bytes (ASCII letters and digits, non-ASCII chars).
    let mut start = 0;
    let mut index = 0;
    while index < bytes.len() {
        // Eight bytes at a time, classified together: the end of a word and the start of the
        // next are found by counting bits, not by a branch on each byte, which the CPU
        // mispredicts at every word boundary (the HTML of 10,000 articles has 6 M words).
        let block = Block::at(bytes, index);
        let run = block.word_bytes();
        index += run;
        if run == KEY_BYTES {
            continue;
        }
        if index >= bytes.len() {
            break;
        }
        // The run ends here, or goes on after an inline tag or a letter written as an entity.
        let run_bytes = start..index;
        let mut goes_on = false;
        let mut heading = None;
        if !block.is_special(run) {
            // A separator: skip it and those after it in this block.
            index = (index + block.separators_from(run)).min(bytes.len());
        } else if bytes[index] == b'<' {
            let tag = reader.tag(index);
            index += tag.length;
            // An inline tag joins the words around it only if a word (or another tag, or an
            // entity) follows at once: `<code>word</code> ` ends `word` here, on the fast path
            // (4% of the words of the generated 10,000 articles).
            goes_on = tag.inline
                && bytes.get(index).is_some_and(|&next| {
                    WORD_CLASS[next as usize] != 0 || next == b'<' || next == b'&'
                });
            heading = tag.heading;
        } else {
            match entity(&html[index..]) {
                (Some(c), used) if c.is_alphanumeric() => {
                    reader.joined.push_str(&html[run_bytes]);
                    reader.joined.push(c);
                    start = index + used;
                    index = start;
                    continue;
                }
                (Some(_), used) => index += used,
                (None, _) => index += 1,
            }
        }
        if goes_on {
            reader.joined.push_str(&html[run_bytes]);
        } else {
            reader.emit(run_bytes, buffer, found);
        }
        // After the words before it: a heading's tags change the weight of what follows.
        if let Some(in_heading) = heading {
            reader.in_heading = in_heading;
        }
        start = index;
    }
    reader.emit(start..bytes.len(), buffer, found);
}

/// Eight bytes of HTML, classified: one bit (`0x80`) per byte that is part of a word (an ASCII
/// letter or digit, or any byte of a non-ASCII char) and per `<` or `&`. Bytes past the end
/// of the HTML read as separators.
struct Block {
    /// The bytes themselves.
    value: u64,
    word: u64,
    special: u64,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;
const LOW: u64 = ONES * 0x7f;
/// The bit that tells a lowercase ASCII letter from its uppercase, in every byte.
const CASE: u64 = ONES * 0x20;

impl Block {
    #[inline(always)]
    fn at(bytes: &[u8], at: usize) -> Block {
        let value = load(bytes, at);
        let high = value & HIGH;
        let ascii = value & LOW;
        let folded = ascii | CASE;
        let letter = above(folded, b'a' - 1) & below(folded, b'z' + 1);
        let digit = above(ascii, b'0' - 1) & below(ascii, b'9' + 1);
        Block {
            value,
            word: letter | digit | high,
            special: (equal(ascii, b'<') | equal(ascii, b'&')) & !high,
        }
    }

    /// How many bytes of a word the block starts with (8: all of them).
    #[inline(always)]
    fn word_bytes(&self) -> usize {
        ((!self.word & HIGH).trailing_zeros() / 8) as usize
    }

    /// Whether byte `at` (not part of a word) is a `<` or `&`.
    #[inline(always)]
    fn is_special(&self, at: usize) -> bool {
        self.special >> (8 * at) & 0x80 != 0
    }

    /// From the separator at byte `at`, how many bytes to the next word or `<` or `&` in the
    /// block, or to the block's end.
    #[inline(always)]
    fn separators_from(&self, at: usize) -> usize {
        let after = (self.word | self.special)
            .checked_shr(8 * (at as u32 + 1))
            .unwrap_or(0);
        if after == 0 {
            KEY_BYTES - at
        } else {
            1 + (after.trailing_zeros() / 8) as usize
        }
    }
}

/// Eight bytes from `at`, little-endian, zeros past the end.
#[inline(always)]
fn load(bytes: &[u8], at: usize) -> u64 {
    let rest = &bytes[at.min(bytes.len())..];
    match rest.first_chunk::<8>() {
        Some(eight) => u64::from_le_bytes(*eight),
        None => load_last(rest),
    }
}

/// [`load`] for fewer than eight bytes.
#[cold]
fn load_last(rest: &[u8]) -> u64 {
    rest.iter()
        .rev()
        .fold(0, |value, &byte| value << 8 | u64::from(byte))
}

/// The key of the ASCII letters and digits that are the first `length` (at most 8) bytes of
/// `value`, lowercased: setting 0x20 lowercases a letter and leaves a digit as it is.
#[inline(always)]
fn lowercase_key(value: u64, length: usize) -> u64 {
    (value | CASE) & low_bytes(length)
}

/// The first `length` (at most 8) bytes of a `u64`, as a mask.
#[inline(always)]
fn low_bytes(length: usize) -> u64 {
    u64::MAX.checked_shr(64 - 8 * length as u32).unwrap_or(0)
}

// Per-byte comparisons of eight 7-bit values at once, with `0x80` set in each byte where the
// comparison holds. No carry crosses a byte: each sum stays below 0x100.

/// `byte > limit`, per byte.
#[inline(always)]
fn above(bytes: u64, limit: u8) -> u64 {
    bytes.wrapping_add(ONES * u64::from(0x7f - limit)) & HIGH
}

/// `byte < limit`, per byte.
#[inline(always)]
fn below(bytes: u64, limit: u8) -> u64 {
    !bytes.wrapping_add(ONES * u64::from(0x80 - limit)) & HIGH
}

/// `byte == value`, per byte.
#[inline(always)]
fn equal(bytes: u64, value: u8) -> u64 {
    !(bytes ^ (ONES * u64::from(value))).wrapping_add(LOW) & HIGH
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
        let closing = bytes.get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        // The name (ASCII letters and digits) from one block: its length by counting bits,
        // and, up to eight bytes, its key (lowercased as a word's is).
        let block = Block::at(bytes, name_start);
        let name_bytes = block.word & !(block.value & HIGH);
        let mut name_end = name_start + ((!name_bytes & HIGH).trailing_zeros() / 8) as usize;
        if name_end - name_start == KEY_BYTES {
            name_end = bytes[name_start..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .map_or(bytes.len(), |length| name_start + length);
        }
        let length = name_end - name_start;
        let key = if length <= KEY_BYTES {
            lowercase_key(block.value, length)
        } else {
            0
        };
        let name_end = name_end.min(bytes.len());
        let end = if bytes.get(name_end) == Some(&b'>') {
            name_end + 1
        } else {
            memchr::memchr(b'>', bytes).map_or(rest.len(), |end| end + 1)
        };
        let mut heading = None;
        match key {
            tag::SCRIPT | tag::STYLE => {
                let name = &rest[name_start..name_end];
                return skipped(rest.len() - skip_raw_text(&rest[end..], name).len());
            }
            tag::P if rest[1..end].starts_with(AUDIENCE_LABEL) => {
                return skipped(
                    memchr::memmem::find(rest.as_bytes(), b"</p>").map_or(rest.len(), |e| e + 4),
                );
            }
            tag::H1 | tag::H2 | tag::H3 | tag::H4 | tag::H5 | tag::H6 => heading = Some(!closing),
            _ => {}
        }
        Tag {
            length: end,
            inline: is_inline_key(key),
            heading,
        }
    }

    /// Hands the words of the run `range` (after any joined pieces) to `found`.
    #[inline(always)]
    fn emit(&mut self, range: std::ops::Range<usize>, buffer: &mut String, found: &mut impl Words) {
        if !self.joined.is_empty() {
            return self.emit_slowly(range, buffer, found);
        }
        let bytes = &self.html.as_bytes()[range.clone()];
        // A lone ASCII letter or digit is not a word (and a run of one byte is ASCII).
        if bytes.len() < 2 {
            return;
        }
        if bytes.len() <= KEY_BYTES {
            let value = load(self.html.as_bytes(), range.start);
            if value & HIGH & low_bytes(bytes.len()) != 0 {
                return self.emit_slowly(range, buffer, found);
            }
            let key = lowercase_key(value, bytes.len());
            return found.found(Word::Key(key), self.in_heading);
        }
        if !bytes.is_ascii() {
            return self.emit_slowly(range, buffer, found);
        }
        if bytes.len() > MAX_WORD_CHARS {
            return;
        }
        let word = &self.html[range];
        if bytes.iter().any(u8::is_ascii_uppercase) {
            buffer.clear();
            buffer.push_str(word);
            buffer.make_ascii_lowercase();
            found.found(Word::Text(buffer), self.in_heading);
        } else {
            found.found(Word::Text(word), self.in_heading);
        }
    }

    /// [`Reader::emit`] for the rare run with non-ASCII text or split by a tag or entity.
    #[cold]
    fn emit_slowly(
        &mut self,
        range: std::ops::Range<usize>,
        buffer: &mut String,
        found: &mut impl Words,
    ) {
        let in_heading = self.in_heading;
        let mut joined = std::mem::take(&mut self.joined);
        joined.push_str(&self.html[range]);
        for_each_word(&joined, buffer, |word| {
            found.found(Word::Text(word), in_heading)
        });
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

#[cfg(test)]
mod tests;
