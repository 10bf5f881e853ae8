//! The typo dictionaries: more copies of the longer words, filed so that a typo in a word's
//! first four letters can still find it.
//!
//! The word dictionary ([`super::dictionary`]) is sorted by word and cut into shards by the
//! first two letters, and the browser corrects a typo from the few shards around the typed
//! word. So `rputer` or `oruter` for `router` load the wrong shards, and so does `coxfigure`
//! for `configure` once the `co` words fill many shards: the typo is too near the start.
//!
//! Each typo dictionary covers a *window* of two letters ([`WINDOWS`]: the first two, and the
//! third and fourth). A word of [`TYPO_MIN_CHARS`] or more letters is filed under its *key*:
//! its letters before the window, then those after it, reversed (`router` -> `retu` for the
//! first window, `ro` + `re` for the second). One typo inside the window leaves those letters
//! alone, so the typed word tells exactly which keys the right word can have
//! ([`query_keys`]). Reversing puts those keys side by side: they all start with the letters
//! before the window and the typed word's last letters, so one shard (rarely two) holds them.
//!
//! The browser reads these shards only for a word that matched nothing in its own shards (no
//! exact word, completion or later typo), and accepts a word only if its key is one of the
//! typed word's keys and it is one edit away. A typo after the fourth letter is corrected from
//! the word dictionary: four shared letters put the right word next to the typed one. Shards
//! use the word dictionary's JSON format; `meta.json` lists where each starts, as short as
//! tells them apart.

use rayon::prelude::*;

use super::collect::Collected;
use super::dictionary::{self, js_order, shard_json, Location, Shards};
use super::lookup::TYPO_MIN_CHARS;

/// Where each typo dictionary's window starts: the first letter, the third.
pub const WINDOWS: [usize; 2] = [0, 2];

/// Aim for shards of about this many bytes. A typo loads one or two per dictionary; smaller
/// shards would cost more boundaries in `meta.json`, which every query loads.
pub const TYPO_SHARD_BYTES: usize = 6 * 1024;

/// The key `word` is filed under in the dictionary of `window`: its characters before the
/// window, then those after it, reversed.
pub fn key(word: &str, window: usize) -> String {
    if word.is_ascii() {
        // Most words: one byte per character, so no decoding (this runs for every word).
        let bytes = word.as_bytes();
        let before = bytes.iter().take(window);
        let key: Vec<u8> = before
            .chain(bytes.iter().skip(window + 2).rev())
            .copied()
            .collect();
        return String::from_utf8(key).unwrap_or_default();
    }
    let chars: Vec<char> = word.chars().collect();
    let before = chars.iter().take(window);
    before.chain(chars.iter().skip(window + 2).rev()).collect()
}

/// The keys, in the dictionary of `window`, of the words one typo inside the window of `word`
/// can come from; sorted, none for a word too short to be corrected. With `word` = ... c0 c1
/// c2 c3 ... (c0 the window's first letter), the right word's letters after the window are:
/// - c2 c3 ... after a substitution of c0 or c1, or c0 and c1 swapped;
/// - c3 ... after a letter typed in the window that is not in the word (inserted);
/// - c1 c2 c3 ... after one of the window's letters was left out (deleted);
/// - c1 c3 ... after c1 and c2 were swapped (the word has c0 c2 c1 c3 ...).
pub fn query_keys(word: &str, window: usize) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < TYPO_MIN_CHARS.max(window + 3) {
        return Vec::new();
    }
    let before: String = chars[..window].iter().collect();
    let reversed_from = |start: usize| -> String {
        let after: String = chars[start..].iter().rev().collect();
        format!("{before}{after}")
    };
    let mut swapped = reversed_from(window + 3);
    swapped.push(chars[window + 1]);
    let mut keys = vec![
        reversed_from(window + 2),
        reversed_from(window + 3),
        reversed_from(window + 1),
        swapped,
    ];
    // A word of the dictionary has a key two characters shorter than itself.
    keys.retain(|k| k.chars().count() + 2 >= TYPO_MIN_CHARS);
    keys.sort_by(|a, b| js_order(a, b));
    keys.dedup();
    keys
}

/// The shards of the dictionary of `window`: each one's boundary (the first is "") and its
/// JSON. Words of [`TYPO_MIN_CHARS`] or more characters, sorted by key then word, cut only
/// between keys so that all the words of a key are in one shard.
pub fn shards(collected: &Collected, locations: &[Location], window: usize) -> Shards {
    let words = &collected.words;
    // (key, word, whether the key is ASCII: then it sorts as bytes, without js_order's check)
    let mut entries: Vec<(String, usize, bool)> = words
        .par_iter()
        .enumerate()
        .filter(|(_, word)| word.chars().nth(TYPO_MIN_CHARS - 1).is_some())
        .map(|(index, word)| (key(word, window), index, word.is_ascii()))
        .collect();
    entries.par_sort_unstable_by(|a, b| {
        let keys = if a.2 && b.2 {
            a.0.cmp(&b.0)
        } else {
            js_order(&a.0, &b.0)
        };
        keys.then_with(|| js_order(&words[a.1], &words[b.1]))
    });
    let size = |word: usize| dictionary::entry_size(collected, word);
    let mut cuts: Vec<(String, Vec<usize>)> = vec![(String::new(), Vec::new())];
    let mut filled = 0;
    for (at, (key, word, _)) in entries.iter().enumerate() {
        let previous = at.checked_sub(1).map(|p| &entries[p].0);
        if let Some(previous) = previous.filter(|p| *p != key) {
            if filled + size(*word) > TYPO_SHARD_BYTES {
                cuts.push((boundary(previous, key).to_string(), Vec::new()));
                filled = 0;
            }
        }
        filled += size(*word);
        if let Some(last) = cuts.last_mut() {
            last.1.push(*word);
        }
    }
    cuts.into_par_iter()
        .map(|(boundary, words)| {
            let json = shard_json(collected, locations, &words);
            (boundary, json)
        })
        .collect()
}

/// The shortest start of `key` that sorts after `previous` (which sorts before `key`): every
/// key of the shard `key` starts sorts at or after it, every key of the one before, before it.
fn boundary<'a>(previous: &str, key: &'a str) -> &'a str {
    key.char_indices()
        .skip(1)
        .map(|(end, _)| &key[..end])
        .find(|start| js_order(previous, start).is_lt())
        .unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::lookup::one_edit_apart;

    #[test]
    fn a_key_is_the_word_without_its_window_the_rest_reversed() {
        assert_eq!(key("router", 0), "retu");
        assert_eq!(key("router", 2), "rore");
        assert_eq!(key("été", 0), "é");
        assert_eq!(key("ab", 0), "");
    }

    /// Every kind of typo inside a window (and the swap of its second letter with the next)
    /// gives a word whose keys include the right word's key in that window's dictionary.
    #[test]
    fn the_keys_of_a_typo_include_the_right_words_key() {
        let typos = [
            ("zouter", 0),  // substitution of the first letter
            ("rzuter", 0),  // substitution of the second
            ("oruter", 0),  // the first two swapped
            ("ruoter", 0),  // the second and third swapped
            ("xrouter", 0), // a letter inserted before the first
            ("rxouter", 0), // a letter inserted after the first
            ("outer", 0),   // the first left out
            ("ruter", 0),   // the second left out
            ("roxter", 2),  // substitution of the third
            ("rouxer", 2),  // substitution of the fourth
            ("rotuer", 2),  // the third and fourth swapped
            ("rouetr", 2),  // the fourth and fifth swapped
            ("roxuter", 2), // inserted before the third
            ("rouxter", 2), // inserted after the third
            ("roter", 2),   // the third left out
            ("rouer", 2),   // the fourth left out
        ];
        for (typo, window) in typos {
            assert!(one_edit_apart(typo, "router"), "{typo}");
            let keys = query_keys(typo, window);
            assert!(keys.contains(&key("router", window)), "{typo}: {keys:?}");
        }
    }

    #[test]
    fn query_keys_are_few_sorted_and_skip_words_too_short() {
        assert_eq!(query_keys("rputer", 0), ["ret", "retp", "retu", "retup"]);
        // From five letters, the key without the first three is too short to be filed.
        assert_eq!(query_keys("ruter", 0), ["ret", "retu", "reu"]);
        assert!(query_keys("rute", 0).is_empty());
        assert_eq!(query_keys("äöüéà", 0), ["àéö", "àéü", "àéüö"]);
        assert_eq!(query_keys("roxter", 2), ["ror", "rore", "roret", "rort"]);
        assert_eq!(query_keys("roter", 2), ["roe", "ror", "rore"]);
    }

    #[test]
    fn boundaries_are_the_shortest_start_that_sorts_after_the_previous_key() {
        assert_eq!(boundary("retu", "rgal"), "rg");
        assert_eq!(boundary("retu", "retuo"), "retuo");
        assert_eq!(boundary("ab", "b"), "b");
        assert_eq!(boundary("", "abc"), "a");
    }
}
