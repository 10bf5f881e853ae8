//! Full-text search for the static site: a sharded index built with the site, which
//! `search.js` loads piece by piece in the browser (no server, no third-party service).
//!
//! The files, all under `search/` (see the submodules for each format):
//!
//! | file | holds | the browser loads it |
//! | --- | --- | --- |
//! | `meta.json` | version, document count, stop words, shard boundaries (of the typo dictionaries too), facet names and values | once per page |
//! | `words/<n>.json` | a run of the sorted word dictionary: word -> stem -> postings location ([`dictionary`]) | the shard of each query word (for a typo, a few shards of its two-letter group) |
//! | `typos/<window>/<n>.json` | the words of 5+ letters again, filed for typos in their first four letters (`typos.rs`) | one or two shards per window for a word nothing else matched |
//! | `postings/<n>.bin` | postings lists: documents and scores per stem ([`encoding`]) | the packs of the query's stems |
//! | `facets.bin` | per facet value, its documents ([`facets`]) | once, when a query has results |
//! | `docs/<n>.json` | one document: URL, title, summary, sections' headings and text | for the results shown (10 at a time) |
//!
//! So a query costs `meta.json`, one or two small shards (a few more for a typo in a word's
//! first four letters), the postings of its words, `facets.bin` and the shown documents,
//! whatever the size of the KB. Every URL the browser fetches after `meta.json` carries
//! `?v=<version>` (a hash of all files, so `meta.json` is written last), so a rebuilt site is
//! never mixed with stale cached pieces.
//!
//! [`lookup`] is the same loading and matching in Rust, for tests and measurements.

mod collect;
pub mod dictionary;
pub mod encoding;
pub mod facets;
mod indexer;
pub mod lookup;
mod plain_text;
pub mod tokens;
mod typos;
mod vocabulary;

pub use plain_text::plain_text;

/// The version of the file formats, in `meta.json`; `search.js` refuses others.
pub const FORMAT: u32 = 2;

/// A document's text stored for snippets is cut at about this many bytes: it bounds what one
/// result costs to download, and a snippet rarely needs more (the index keeps every word).
pub const MAX_STORED_TEXT: usize = 24 * 1024;

/// One searchable page.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The page's URL path (`/kb/billing/refunds/`).
    pub url: String,
    pub title: String,
    pub summary: String,
    /// Words about the whole page (tags), weighted like the summary.
    pub keywords: Vec<String>,
    /// Facet id (`product`) -> the labels of this page's values (`Hosted Voice`).
    pub facets: FacetLabels,
    /// The intro (anchor "") first, then one per heading, in page order.
    pub sections: Vec<Section>,
}

/// A part of a page that a result can link to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's id, "" for the text before the first heading.
    pub anchor: String,
    pub heading: String,
    /// Plain text (see [`plain_text`]), without the heading.
    pub text: String,
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
}

pub use indexer::{build, build_files, FacetLabels, Put};

/// A document's file: `{"url", "title", "summary", "sections": [[anchor, heading, text], ...]}`,
/// its text cut at [`MAX_STORED_TEXT`]. Written by hand: this runs for every article, and a
/// plain copy of text that needs no escaping is several times faster than a serializer.
fn stored(document: &Document) -> Vec<u8> {
    let text_size: usize = document
        .sections
        .iter()
        .map(|s| s.text.len() + s.heading.len() + s.anchor.len() + 12)
        .sum();
    let mut out = Vec::with_capacity(
        document.url.len()
            + document.title.len()
            + document.summary.len()
            + text_size.min(MAX_STORED_TEXT * 2)
            + 64,
    );
    out.extend_from_slice(b"{\"url\":");
    json_string(&mut out, &document.url);
    out.extend_from_slice(b",\"title\":");
    json_string(&mut out, &document.title);
    out.extend_from_slice(b",\"summary\":");
    json_string(&mut out, &document.summary);
    out.extend_from_slice(b",\"sections\":[");
    let mut budget = MAX_STORED_TEXT;
    for (index, section) in document.sections.iter().enumerate() {
        let text = cut(&section.text, budget);
        budget -= text.len();
        out.extend_from_slice(if index == 0 { b"[" } else { b",[" });
        json_string(&mut out, &section.anchor);
        out.push(b',');
        json_string(&mut out, &section.heading);
        out.push(b',');
        json_string(&mut out, text);
        out.push(b']');
    }
    out.extend_from_slice(b"]}");
    out
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
    // Article text has no control characters (plain_text turns them into spaces), so the
    // usual case only escapes quotes and backslashes, found with a vectorised search.
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

/// The longest prefix of `text` of at most `limit` bytes that ends on a char boundary.
fn cut(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
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
