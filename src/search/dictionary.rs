//! The word dictionary, cut into shards the browser loads one at a time, and the postings
//! packed into files.
//!
//! The dictionary is keyed by the words as written (lowercase), not by their stems, so the
//! browser needs no stemmer: it looks the typed word up and finds its stem's postings. Each
//! shard holds a run of words in sorted order (UTF-16 order, as JavaScript compares strings);
//! `meta.json` lists where each shard starts. Shards are cut between groups of words that share
//! their first two letters, so a typo after the second letter finds its correction in the same
//! shard (a group larger than a shard spans several, and fuzzy lookup loads them all).
//!
//! A shard is JSON: `{"words": [...], "terms": [i, ...], "stems": [[stem, documents, pack,
//! offset, length], ...]}`, where `terms[n]` indexes `stems` for `words[n]`, and the postings of
//! a stem are bytes `offset..offset + length` of `search/postings/<pack>.bin`.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::Serialize;

use super::collect::Collected;

/// Aim for shards of about this many bytes: small enough that two cost little, large enough
/// that `meta.json` (one boundary per shard) stays small at 10,000 articles.
pub const SHARD_BYTES: usize = 6 * 1024;

/// Postings lists shorter than half of this share pack files of about this size; longer ones
/// get a file of their own.
pub const PACK_BYTES: usize = 8 * 1024;

/// Where a stem's postings are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub pack: u32,
    pub offset: u32,
    pub length: u32,
}

/// Packs encoded postings lists (in stem order) into files; returns the files and each list's
/// location.
pub fn pack(lists: &[Vec<u8>]) -> (Vec<Vec<u8>>, Vec<Location>) {
    let mut packs: Vec<Vec<u8>> = Vec::new();
    let mut open: Option<usize> = None;
    let mut locations = Vec::with_capacity(lists.len());
    for list in lists {
        let pack = if list.len() >= PACK_BYTES / 2 {
            packs.push(Vec::new());
            packs.len() - 1
        } else {
            match open {
                Some(pack) if packs[pack].len() + list.len() <= PACK_BYTES => pack,
                _ => {
                    packs.push(Vec::new());
                    open = Some(packs.len() - 1);
                    packs.len() - 1
                }
            }
        };
        locations.push(Location {
            pack: pack as u32,
            offset: packs[pack].len() as u32,
            length: list.len() as u32,
        });
        packs[pack].extend_from_slice(list);
    }
    (packs, locations)
}

/// JavaScript's string order (UTF-16 code units), which differs from Rust's byte order only
/// between characters above U+FFFF and U+E000..U+FFFF.
pub fn js_order(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.cmp(b)
    } else {
        a.encode_utf16().cmp(b.encode_utf16())
    }
}

/// The group a word's shard is chosen by: its first two characters.
pub fn group_key(word: &str) -> &str {
    let end = word.char_indices().nth(2).map_or(word.len(), |(i, _)| i);
    &word[..end]
}

#[derive(Serialize)]
struct Shard<'a> {
    words: Vec<&'a str>,
    terms: Vec<u32>,
    stems: Vec<(&'a str, u32, u32, u32, u32)>,
}

/// Shards of a dictionary: each one's boundary (where it starts) and its JSON.
pub type Shards = Vec<(String, Vec<u8>)>;

/// About how many bytes `word` takes in a shard's JSON (here and in the typo dictionaries).
pub(super) fn entry_size(collected: &Collected, word: usize) -> usize {
    let stem = &collected.stems[collected.word_stems[word] as usize];
    collected.words[word].len() + stem.len() + 34
}

/// The shards: each one's first word (its boundary; the first is "") and its JSON.
pub fn shards(collected: &Collected, locations: &[Location]) -> Shards {
    let mut order: Vec<usize> = (0..collected.words.len()).collect();
    order.sort_by(|&a, &b| js_order(&collected.words[a], &collected.words[b]));
    let size = |word: usize| entry_size(collected, word);
    // Cut into (boundary, words) at group edges, or inside a group larger than a shard.
    let mut cuts: Vec<(String, Vec<usize>)> = vec![(String::new(), Vec::new())];
    let mut filled = 0;
    let mut start = 0;
    while start < order.len() {
        let key = group_key(&collected.words[order[start]]);
        let end = start
            + order[start..]
                .iter()
                .take_while(|&&w| group_key(&collected.words[w]) == key)
                .count();
        let group_size: usize = order[start..end].iter().map(|&w| size(w)).sum();
        if filled > 0 && filled + group_size > SHARD_BYTES {
            cuts.push((key.to_string(), Vec::new()));
            filled = 0;
        }
        for &word in &order[start..end] {
            if filled > 0 && filled + size(word) > SHARD_BYTES && group_size > SHARD_BYTES {
                cuts.push((collected.words[word].clone(), Vec::new()));
                filled = 0;
            }
            filled += size(word);
            if let Some(last) = cuts.last_mut() {
                last.1.push(word);
            }
        }
        start = end;
    }
    cuts.into_iter()
        .map(|(boundary, words)| (boundary, shard_json(collected, locations, &words)))
        .collect()
}

/// One shard's JSON: `words` (indexes into `collected.words`) in the order given, each with its
/// stem's postings location. The typo dictionary (`typos.rs`) writes the same format.
pub fn shard_json(collected: &Collected, locations: &[Location], words: &[usize]) -> Vec<u8> {
    let mut local: HashMap<u32, u32> = HashMap::new();
    let mut shard = Shard {
        words: Vec::with_capacity(words.len()),
        terms: Vec::with_capacity(words.len()),
        stems: Vec::new(),
    };
    for &word in words {
        let stem = collected.word_stems[word];
        let next = shard.stems.len() as u32;
        let index = *local.entry(stem).or_insert_with(|| {
            let at = locations[stem as usize];
            shard.stems.push((
                &collected.stems[stem as usize],
                collected.frequencies[stem as usize],
                at.pack,
                at.offset,
                at.length,
            ));
            next
        });
        shard.words.push(&collected.words[word]);
        shard.terms.push(index);
    }
    serde_json::to_vec(&shard).unwrap_or_default()
}

/// The shard that holds `word`: the last whose boundary is not after it.
pub fn shard_of(boundaries: &[String], word: &str) -> usize {
    boundaries
        .partition_point(|b| js_order(b, word) != Ordering::Greater)
        .saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_lists_share_packs_and_large_ones_get_their_own() {
        let lists = vec![
            vec![1; 10],
            vec![2; PACK_BYTES],
            vec![3; 20],
            vec![4; PACK_BYTES - 25],
        ];
        let (packs, at) = pack(&lists);
        assert_eq!(packs.len(), 3);
        assert_eq!(
            at[0],
            Location {
                pack: 0,
                offset: 0,
                length: 10
            }
        );
        assert_eq!(
            at[1],
            Location {
                pack: 1,
                offset: 0,
                length: PACK_BYTES as u32
            }
        );
        assert_eq!(
            at[2],
            Location {
                pack: 0,
                offset: 10,
                length: 20
            }
        );
        assert_eq!(at[3].pack, 2);
    }

    #[test]
    fn group_keys_are_two_characters() {
        assert_eq!(group_key("forwarding"), "fo");
        assert_eq!(group_key("été"), "ét");
        assert_eq!(group_key("語"), "語");
    }

    #[test]
    fn js_order_sorts_astral_characters_like_javascript() {
        // U+1F600 is a surrogate pair (D83D DE00) in UTF-16, so it sorts before U+FF21.
        assert_eq!(js_order("\u{1F600}", "\u{FF21}"), Ordering::Less);
        assert_eq!("\u{1F600}".cmp("\u{FF21}"), Ordering::Greater);
        assert_eq!(js_order("abc", "abd"), Ordering::Less);
    }

    #[test]
    fn shard_of_picks_the_last_boundary_at_or_before_the_word() {
        let boundaries: Vec<String> = ["", "co", "cop", "fo"].map(String::from).to_vec();
        assert_eq!(shard_of(&boundaries, "able"), 0);
        assert_eq!(shard_of(&boundaries, "co"), 1);
        assert_eq!(shard_of(&boundaries, "configure"), 1);
        assert_eq!(shard_of(&boundaries, "copy"), 2);
        assert_eq!(shard_of(&boundaries, "forward"), 3);
        assert_eq!(shard_of(&boundaries, "zone"), 3);
    }
}
