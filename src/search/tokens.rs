//! Words: splitting text into lowercase words, the stop words left out of the index, and the
//! Snowball stemmer picked by the site's language.
//!
//! `search.js` splits queries with the same rule (`/[\p{Alphabetic}\p{N}]+/gu`, lowercase, the
//! same length limits and stop words from `meta.json`), so a word typed in the browser is looked
//! up exactly as it was indexed. Change both or neither.

use rust_stemmers::{Algorithm, Stemmer};

/// Words longer than this (in characters) are not indexed: base64 blobs, hashes, minified code.
pub const MAX_WORD_CHARS: usize = 40;

/// English function words that occur in nearly every article and carry no meaning on their own.
/// Kept short on purpose: "not", "no" and "how" stay searchable.
const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or",
    "our", "she", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "was", "we", "were", "which", "who", "will", "with", "you", "your",
];

/// English words that ask rather than say what is looked for: "how do I ...", "why does my
/// ...". They are indexed (an article may be about "how" something works), but a query leaves
/// them out unless it has no other word, so a question ranks articles by its content words.
/// Sorted.
const ENGLISH_FILLER_WORDS: &[&str] = &[
    "can", "could", "did", "do", "does", "doing", "how", "me", "my", "need", "please", "should",
    "want", "way", "what", "whats", "when", "where", "why", "would",
];

/// How the site's language is searched: its stemmer, stop words and query filler words.
pub struct Language {
    stemmer: Option<Stemmer>,
    stop_words: &'static [&'static str],
    filler_words: &'static [&'static str],
}

impl Language {
    /// The language of `site.toml`'s `language` (`en`, `en-GB`, `de`...). Languages without a
    /// Snowball stemmer are indexed word for word.
    pub fn new(code: &str) -> Language {
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let algorithm = match primary.as_str() {
            "en" => Some(Algorithm::English),
            "ar" => Some(Algorithm::Arabic),
            "da" => Some(Algorithm::Danish),
            "nl" => Some(Algorithm::Dutch),
            "fi" => Some(Algorithm::Finnish),
            "fr" => Some(Algorithm::French),
            "de" => Some(Algorithm::German),
            "el" => Some(Algorithm::Greek),
            "hu" => Some(Algorithm::Hungarian),
            "it" => Some(Algorithm::Italian),
            "no" | "nb" | "nn" => Some(Algorithm::Norwegian),
            "pt" => Some(Algorithm::Portuguese),
            "ro" => Some(Algorithm::Romanian),
            "ru" => Some(Algorithm::Russian),
            "es" => Some(Algorithm::Spanish),
            "sv" => Some(Algorithm::Swedish),
            "ta" => Some(Algorithm::Tamil),
            "tr" => Some(Algorithm::Turkish),
            _ => None,
        };
        Language {
            stemmer: algorithm.map(Stemmer::create),
            stop_words: if primary == "en" {
                ENGLISH_STOP_WORDS
            } else {
                &[]
            },
            filler_words: if primary == "en" {
                ENGLISH_FILLER_WORDS
            } else {
                &[]
            },
        }
    }

    /// The stem that all forms of `word` share (`forwarding` -> `forward`).
    pub fn stem(&self, word: &str) -> String {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(word).into_owned(),
            None => word.to_string(),
        }
    }

    pub fn is_stop_word(&self, word: &str) -> bool {
        self.stop_words.binary_search(&word).is_ok()
    }

    /// The stop words, sorted, for `meta.json`.
    pub fn stop_words(&self) -> &'static [&'static str] {
        self.stop_words
    }

    /// The words a query leaves out unless it has no others, sorted, for `meta.json`.
    pub fn filler_words(&self) -> &'static [&'static str] {
        self.filler_words
    }
}

/// Calls `found` with each indexable word of `text`, lowercased, in order. `buffer` is reused
/// between calls so lowercasing allocates nothing once it has grown.
///
/// A word is a run of alphabetic or numeric characters (`char::is_alphanumeric`, which is what
/// JavaScript's `\p{Alphabetic}` and `\p{N}` match). Single ASCII characters and words over
/// [`MAX_WORD_CHARS`] are skipped. Stop words are not skipped here: the caller decides.
pub fn for_each_word(text: &str, buffer: &mut String, mut found: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut position = 0;
    while position < bytes.len() {
        // ASCII fast path, one table lookup per byte: this loop reads every word of the KB.
        let class = CLASS[bytes[position] as usize];
        if class == SEPARATOR {
            position += 1;
            continue;
        }
        let start = position;
        let mut seen = 0;
        while position < bytes.len() {
            let class = CLASS[bytes[position] as usize];
            if class == SEPARATOR {
                break;
            }
            seen |= class;
            position += 1;
        }
        if seen & NON_ASCII != 0 {
            // Rare: split this run on its non-ASCII non-alphanumeric chars, by char.
            unicode_words(&text[start..position], buffer, &mut found);
            continue;
        }
        let word = &text[start..position];
        if word.len() == 1 || word.len() > MAX_WORD_CHARS {
            continue;
        }
        if seen & UPPER != 0 {
            buffer.clear();
            buffer.push_str(word);
            buffer.make_ascii_lowercase();
            found(buffer);
        } else {
            found(word);
        }
    }
}

const SEPARATOR: u8 = 0;
pub(super) const LOWER: u8 = 1;
pub(super) const UPPER: u8 = 2;
pub(super) const NON_ASCII: u8 = 4;

/// Each byte's class: ASCII letters and digits, other ASCII (separators), non-ASCII bytes.
pub(super) const CLASS: [u8; 256] = {
    let mut table = [NON_ASCII; 256];
    let mut byte = 0;
    while byte < 0x80 {
        table[byte] = match byte as u8 {
            b'a'..=b'z' | b'0'..=b'9' => LOWER,
            b'A'..=b'Z' => UPPER,
            _ => SEPARATOR,
        };
        byte += 1;
    }
    table
};

/// The words of a run of ASCII letters and digits mixed with non-ASCII chars.
fn unicode_words(run: &str, buffer: &mut String, found: &mut impl FnMut(&str)) {
    for word in run.split(|c: char| !c.is_alphanumeric()) {
        let chars = word.chars().count();
        if chars == 0 || chars > MAX_WORD_CHARS || (chars == 1 && word.is_ascii()) {
            continue;
        }
        *buffer = word.to_lowercase();
        found(buffer);
    }
}

/// Calls `found` with the parts of each compound word of `text` (camelCase or PascalCase:
/// `PSCustomObject` -> `ps`, `custom`, `object`; `ChildItem` -> `child`, `item`), lowercased, so
/// that a title's identifier is found by its words too; the whole word is indexed as well, by
/// [`for_each_word`], and an exact query for it matches that. Parts of one letter are skipped,
/// as words of one letter are. Hyphens and underscores already separate words.
pub fn for_each_compound_part(text: &str, mut found: impl FnMut(&str)) {
    // Runs for every title of the KB: no allocation (a part is lowercased into this buffer).
    let mut lower = [0u8; MAX_WORD_CHARS];
    let mut emit = |part: &[u8]| {
        if part.len() > 1 && part.len() <= MAX_WORD_CHARS {
            lower[..part.len()].copy_from_slice(part);
            lower[..part.len()].make_ascii_lowercase();
            // ASCII letters and digits only: always UTF-8.
            if let Ok(word) = std::str::from_utf8(&lower[..part.len()]) {
                found(word);
            }
        }
    };
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = word.as_bytes();
        // Where a part starts: a capital after a lowercase letter or digit (`sCustom`), or the
        // last capital of a run followed by a lowercase letter (`PSCustom`: `C`); never one
        // letter after the last start (`IPv6`, `iPhone` stay whole). A part is handed over
        // once the next starts; a word with no second part gives nothing.
        let mut last = 0;
        for at in 1..bytes.len() {
            let (before, here) = (bytes[at - 1], bytes[at]);
            let next_lower = bytes.get(at + 1).is_some_and(u8::is_ascii_lowercase);
            if at - last >= 2
                && here.is_ascii_uppercase()
                && (before.is_ascii_lowercase()
                    || before.is_ascii_digit()
                    || (before.is_ascii_uppercase() && next_lower))
            {
                emit(&bytes[last..at]);
                last = at;
            }
        }
        if last > 0 {
            emit(&bytes[last..]);
        }
    }
}

/// The words of `text` as owned strings (tests and small inputs).
pub fn words(text: &str) -> Vec<String> {
    let mut list = Vec::new();
    let mut buffer = String::new();
    for_each_word(text, &mut buffer, |word| list.push(word.to_string()));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_runs_of_letters_and_digits() {
        assert_eq!(
            words("Can't reach Wi-Fi: error E1042 (IPv6)!"),
            ["can", "reach", "wi", "fi", "error", "e1042", "ipv6"]
        );
    }

    #[test]
    fn words_handle_unicode_letters_and_case() {
        assert_eq!(
            words("Größe ÄNDERN, café—crème 東京"),
            ["größe", "ändern", "café", "crème", "東京"]
        );
        // A lone non-ASCII letter is a word (CJK), a lone ASCII letter is not.
        assert_eq!(words("x 語 y"), ["語"]);
    }

    #[test]
    fn overlong_words_are_skipped() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(words(&format!("keep {long} this")), ["keep", "this"]);
        assert!(words("").is_empty());
        assert!(words("-- !! ¿¡ …").is_empty());
    }

    #[test]
    fn compound_words_are_split_into_their_parts() {
        let parts = |text: &str| {
            let mut list = Vec::new();
            for_each_compound_part(text, |part| list.push(part.to_string()));
            list
        };
        assert_eq!(parts("about_PSCustomObject"), ["ps", "custom", "object"]);
        assert_eq!(parts("Get-ChildItem"), ["child", "item"]);
        assert_eq!(
            parts("XMLHttpRequest v2Beta"),
            ["xml", "http", "request", "v2", "beta"]
        );
        // Plain words, all capitals and one-letter parts give nothing more.
        assert!(parts("Set up call forwarding, SIP and IPv6").is_empty());
        assert!(parts("aB").is_empty());
    }

    #[test]
    fn english_stemming_joins_word_forms() {
        let english = Language::new("en-GB");
        assert_eq!(english.stem("forwarding"), "forward");
        assert_eq!(english.stem("forwarded"), "forward");
        assert_eq!(english.stem("forward"), "forward");
        assert_eq!(english.stem("configuration"), english.stem("configure"));
        assert_eq!(english.stem("550"), "550");
    }

    #[test]
    fn unknown_languages_are_not_stemmed_and_have_no_stop_words() {
        let klingon = Language::new("tlh");
        assert_eq!(klingon.stem("forwarding"), "forwarding");
        assert!(!klingon.is_stop_word("the"));
        let german = Language::new("de");
        assert_eq!(german.stem("weiterleitungen"), german.stem("weiterleitung"));
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let english = Language::new("en");
        let mut sorted = ENGLISH_STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, ENGLISH_STOP_WORDS);
        assert!(english.is_stop_word("the"));
        assert!(!english.is_stop_word("not"));
        let mut sorted = ENGLISH_FILLER_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, ENGLISH_FILLER_WORDS);
        // A filler word is not also a stop word: it stays in the index.
        assert!(sorted.iter().all(|w| !english.is_stop_word(w)));
    }
}
