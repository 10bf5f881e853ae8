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

/// How the site's language is searched: its stemmer and stop words.
pub struct Language {
    stemmer: Option<Stemmer>,
    stop_words: &'static [&'static str],
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
    }
}
