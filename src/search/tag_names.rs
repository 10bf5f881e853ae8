//! The names of the HTML tags that the index's word reader treats apart from the others
//! (scripts and styles, paragraphs for audience labels, headings, inline tags that a word goes
//! on across), each as one integer: a tag's name, lowercased, in the bytes of a `u64`, like a
//! word's key. The reader makes the key of each of the 1.9 M tags of a 10,000-article KB from
//! eight bytes at once and compares integers, not strings.

/// A tag's name (ASCII letters and digits) as one integer, lowercased: its bytes,
/// little-endian, like a word's key. 0 for a name over eight bytes: no tag that the index
/// treats apart from the others has one. (The index reads 1.9 M tags at 10,000 articles: one
/// integer to compare, not a string; its word reader makes the key itself, eight bytes at a
/// time.)
#[cfg(test)]
fn name_key(name: &[u8]) -> u64 {
    if name.len() > 8 {
        return 0;
    }
    name.iter().rev().fold(0, |key, &byte| {
        key << 8 | u64::from(byte.to_ascii_lowercase())
    })
}

/// [`name_key`] at compile time, for the names below (lowercase, at most eight bytes).
const fn key(name: &[u8]) -> u64 {
    let mut key = 0;
    let mut index = name.len();
    while index > 0 {
        index -= 1;
        key = key << 8 | name[index] as u64;
    }
    key
}

macro_rules! name_keys {
    ($($constant:ident = $name:literal,)*) => {
        $(pub(super) const $constant: u64 = key($name);)*
    };
}

name_keys! {
    SCRIPT = b"script",
    STYLE = b"style",
    P = b"p",
    H1 = b"h1",
    H2 = b"h2",
    H3 = b"h3",
    H4 = b"h4",
    H5 = b"h5",
    H6 = b"h6",
    A = b"a",
    ABBR = b"abbr",
    B = b"b",
    BDI = b"bdi",
    BDO = b"bdo",
    CITE = b"cite",
    CODE = b"code",
    DATA = b"data",
    DEL = b"del",
    DFN = b"dfn",
    EM = b"em",
    I = b"i",
    INS = b"ins",
    KBD = b"kbd",
    MARK = b"mark",
    Q = b"q",
    S = b"s",
    SAMP = b"samp",
    SMALL = b"small",
    SPAN = b"span",
    STRONG = b"strong",
    SUB = b"sub",
    SUP = b"sup",
    TIME = b"time",
    U = b"u",
    VAR = b"var",
}

/// Phrasing tags that may sit inside a word; every other tag separates words.
#[cfg(test)]
pub(super) fn is_inline(name: &str) -> bool {
    is_inline_key(name_key(name.as_bytes()))
}

/// Whether the tag whose name has this [`name_key`] may sit inside a word (a phrasing tag:
/// `<em>`, `<a>`); every other tag separates words.
pub(super) fn is_inline_key(key: u64) -> bool {
    matches!(
        key,
        A | ABBR
            | B
            | BDI
            | BDO
            | CITE
            | CODE
            | DATA
            | DEL
            | DFN
            | EM
            | I
            | INS
            | KBD
            | MARK
            | Q
            | S
            | SAMP
            | SMALL
            | SPAN
            | STRONG
            | SUB
            | SUP
            | TIME
            | U
            | VAR
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_names_are_told_apart_by_key_in_any_case() {
        assert!(is_inline("em") && is_inline("EM") && is_inline("Strong"));
        assert!(!is_inline("p") && !is_inline("emx") && !is_inline("") && !is_inline("h2"));
        assert_eq!(name_key(b"SCRIPT"), SCRIPT);
        assert_eq!(name_key(b"H2"), H2);
        // Longer than eight bytes: no special tag has such a name.
        assert_eq!(name_key(b"blockquote"), 0);
        assert_eq!(name_key(b"strongest"), 0);
    }
}
