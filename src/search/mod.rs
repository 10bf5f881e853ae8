//! Full-text search for the static site: a sharded index built with the site, which
//! `search.js` loads piece by piece in the browser (no server, no third-party service).
//!
//! The files, all under `search/` (see the submodules for each format):
//!
//! | file | holds | the browser loads it |
//! | --- | --- | --- |
//! | `meta.json` | version, document count, stop words, query filler words, synonym groups, shard boundaries (of the typo dictionaries too), facet names and values | once per page |
//! | `words/<n>.json` | a run of the sorted word dictionary: word -> stem -> postings location ([`dictionary`]) | the shard of each query word (for a typo, a few shards of its two-letter group) |
//! | `typos/<window>/<n>.json` | the words of 5+ letters again, filed for typos in their first four letters (`typos.rs`) | one or two shards per window for a word nothing else matched |
//! | `postings/<n>.bin` | postings lists: documents and scores per stem ([`encoding`]) | the packs of the query's stems |
//! | `facets.bin` | per facet value, its documents ([`facets`]) | once, when a query has results |
//! | `docs/<n>.json` | the cards of [`DOCUMENTS_PER_FILE`] documents: URL, title, summary, Markdown copy, sections' anchors and byte offsets in the copy | for the results shown (10 at a time; the first 10's titles rerank them), with a window of each one's Markdown copy for its snippet |
//!
//! So a query costs `meta.json`, one or two small shards (a few more for a typo in a word's
//! first four letters), the postings of its words, `facets.bin` and the shown documents' cards
//! and a window of each one's Markdown copy, whatever the size of the KB. There is no file
//! per document: the Markdown copy beside each page (written by the build anyway) holds the
//! text that snippets are cut from, and a card says at which byte of it each section starts.
//! The results page asks for [`SECTION_BYTES`] per result (an HTTP `Range`) from the start of
//! the section whose heading matches the query best, else from the intro's. Every URL the browser fetches after `meta.json` carries
//! `?v=<version>` (a hash of all files, so `meta.json` is written last), so a rebuilt site is
//! never mixed with stale cached pieces.
//!
//! [`lookup`] is the same loading and matching in Rust, for tests and measurements.

mod chunk_reader;
mod collect;
pub mod dictionary;
pub mod encoding;
pub mod facets;
mod html_words;
mod indexer;
pub mod lookup;
mod plain_text;
mod tag_names;
pub mod tokens;
mod typos;
mod vocabulary;

#[cfg(test)]
use plain_text::plain_text;

/// The version of the file formats, in `meta.json`; `search.js` refuses others.
/// (4: cards give each section's byte offset in the copy, not its line, and the summary.)
pub const FORMAT: u32 = 4;

/// How much of a result's Markdown copy the results page asks for, from the start of a section
/// (an HTTP `Range`, which static hosts honour): a long article costs no more than a short one.
/// The snippet comes from the section that matches best among those the window holds; 8 KB of
/// Markdown is some 1,200 words, a typical article's whole body. `meta.json` tells
/// `search-index.js` (`sectionBytes`).
pub const SECTION_BYTES: usize = 8 * 1024;

/// How many documents' cards share one `docs/<n>.json` file: a results page of 10 loads at most
/// 10 of these files (~2 KB each), and a 10,000-article index writes 1,250 of them, not 10,000.
pub const DOCUMENTS_PER_FILE: usize = 8;

/// One searchable page, borrowing its body's HTML from the render (a KB's HTML is tens of MB:
/// it is read where it is, never copied for the index).
#[derive(Debug, Clone, Default)]
pub struct Document<'h> {
    /// The page's URL path (`/kb/billing/refunds/`).
    pub url: String,
    pub title: String,
    pub summary: String,
    /// Words about the whole page (tags), weighted like the summary.
    pub keywords: Vec<String>,
    /// Facet id (`product`) -> the labels of this page's values (`Hosted Voice`).
    pub facets: FacetLabels,
    /// The page body's HTML as this build shows it: its words are indexed, those of headings
    /// weighing more (see [`html_words`]).
    pub html: &'h str,
    /// The URL path of the page's Markdown copy (`/kb/billing/refunds/index.md`), whose text
    /// the results page cuts snippets from; `None` without one.
    pub markdown: Option<String>,
    /// The intro first, then one per heading, in page order.
    pub sections: Vec<Section>,
}

/// A part of a page that a result can link to, and where its text is in the Markdown copy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's id, "" for the text before the first heading.
    pub anchor: String,
    /// The byte of the Markdown copy where the section starts: its heading's line (the
    /// intro's: the blank line before the body). Its text runs to the next section's start
    /// (the last one's to the end of the copy).
    pub start: u32,
}

/// A facet the index offers, in display order.
#[derive(Debug, Clone)]
pub struct Facet {
    pub id: String,
    /// The label shown above its values (`Product`).
    pub name: String,
}

/// What the index is built for.
#[derive(Debug, Clone)]
pub struct Settings<'a> {
    /// The site's language (`en`), which picks the stemmer and stop words.
    pub language: &'a str,
    pub facets: &'a [Facet],
    /// Groups of words or phrases that mean the same, from `[search.synonyms]`.
    pub synonyms: Vec<Vec<String>>,
}

pub use indexer::{build, build_files, Add, FacetLabels, Put};

/// The path of the `docs/` file that holds document `number`'s card.
pub fn cards_path(number: usize) -> String {
    format!("search/docs/{}.json", number / DOCUMENTS_PER_FILE)
}

/// A whole `docs/` file: the cards of `documents` (those of one file, in order).
pub fn cards_file(documents: &[Document]) -> Vec<u8> {
    let mut out = Vec::new();
    for document in documents {
        put_card(&mut out, document);
    }
    if out.is_empty() {
        out.push(b'[');
    }
    out.push(b']');
    out
}

/// Appends a document's card to a `docs/<n>.json` file's array:
/// `{"url", "title", "summary", "markdown", "sections": [[anchor, start], ...]}`. Written by hand: this
/// runs for every article, and a plain copy of text that needs no escaping is several times
/// faster than a serializer.
fn put_card(out: &mut Vec<u8>, document: &Document) {
    out.push(if out.is_empty() { b'[' } else { b',' });
    out.extend_from_slice(b"{\"url\":");
    json_string(out, &document.url);
    out.extend_from_slice(b",\"title\":");
    json_string(out, &document.title);
    out.extend_from_slice(b",\"summary\":");
    json_string(out, &document.summary);
    out.extend_from_slice(b",\"markdown\":");
    match &document.markdown {
        Some(path) => json_string(out, path),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"sections\":[");
    for (index, section) in document.sections.iter().enumerate() {
        out.extend_from_slice(if index == 0 { b"[" } else { b",[" });
        json_string(out, &section.anchor);
        out.extend_from_slice(format!(",{}]", section.start).as_bytes());
    }
    out.extend_from_slice(b"]}");
}

/// The bytes a JSON string must escape: controls, `"` and `\`.
const NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Appends `text` as a JSON string.
fn json_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let bytes = text.as_bytes();
    // Titles, anchors and URLs have no control characters, so the usual case only escapes
    // quotes and backslashes, found with a vectorised search.
    if !bytes.iter().any(|&b| b < 0x20) {
        let mut copied = 0;
        for index in memchr::memchr2_iter(b'"', b'\\', bytes) {
            out.extend_from_slice(&bytes[copied..index]);
            out.push(b'\\');
            out.push(bytes[index]);
            copied = index + 1;
        }
        out.extend_from_slice(&bytes[copied..]);
        out.push(b'"');
        return;
    }
    let mut copied = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        if !NEEDS_ESCAPE[byte as usize] {
            continue;
        }
        out.extend_from_slice(&bytes[copied..index]);
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => out.extend_from_slice(format!("\\u{byte:04x}").as_bytes()),
        }
        copied = index + 1;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// A stable 64-bit hash of `bytes` continuing from `hash` (the version must not change between
/// runs or platforms). Eight bytes per step: it reads every byte of the index.
fn version_hash(mut hash: u64, bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = (hash.rotate_left(5) ^ u64::from_le_bytes(word))
            .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    for &byte in chunks.remainder() {
        hash = (hash.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    (hash.rotate_left(5) ^ bytes.len() as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

#[cfg(test)]
mod tests;
