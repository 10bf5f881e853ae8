//! Word -> number tables for the index build: one lookup per word occurrence of the whole KB,
//! so short words live inside an open-addressing table (no pointer to follow, no string
//! compare) and only the rare longer ones in a hash map.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast, deterministic hasher for the maps of whole-KB vocabularies and rare long words
/// (FxHash's mixing with a finaliser). No map is iterated for output, so order never leaks.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.mix(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.mix(short_key(rest).0);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.mix(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        finalise(self.0)
    }
}

impl WordHasher {
    fn mix(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// MurmurHash3's finaliser: spreads every input bit over the low bits a table indexes by.
fn finalise(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

type WordMap<K> = HashMap<K, u32, BuildHasherDefault<WordHasher>>;

/// Words up to this many bytes are kept inside the table as two integers.
const SHORT_WORD: usize = 16;

/// A word of at most 16 bytes as two integers that, with its length, identify it: the first
/// and last eight bytes (overlapping when shorter), or four and four, or the bytes themselves.
fn short_key(word: &[u8]) -> (u64, u64) {
    let n = word.len();
    // Whole-integer loads: this runs for every word occurrence.
    let eight = |bytes: &[u8]| u64::from_le_bytes(bytes.try_into().unwrap_or([0; 8]));
    let four = |bytes: &[u8]| u64::from(u32::from_le_bytes(bytes.try_into().unwrap_or([0; 4])));
    if n >= 8 {
        (eight(&word[..8]), eight(&word[n - 8..]))
    } else if n >= 4 {
        (four(&word[..4]), four(&word[n - 4..]))
    } else {
        (word.iter().fold(0u64, |v, &b| v << 8 | u64::from(b)), 0)
    }
}

/// Word -> id, for a chunk of documents (looked up once per word occurrence) or the whole KB.
pub struct Vocabulary {
    /// `(first, last, length, id)`; `id == FREE` marks an empty slot. A power of two long.
    slots: Vec<(u64, u64, u32, u32)>,
    used: usize,
    long: WordMap<Box<str>>,
}

const FREE: u32 = u32::MAX - 1;

impl Vocabulary {
    pub fn new() -> Vocabulary {
        Vocabulary {
            slots: vec![(0, 0, 0, FREE); 1 << 12],
            used: 0,
            long: WordMap::default(),
        }
    }

    #[inline]
    fn slot(&self, first: u64, last: u64, length: u32) -> usize {
        let mask = self.slots.len() - 1;
        // Fibonacci hashing: one multiply, and the product's top bits (which every key bit
        // reaches) pick the slot. This runs once per word occurrence of the KB.
        let hash =
            (first ^ last.rotate_left(29) ^ u64::from(length)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mut index = (hash >> (64 - self.slots.len().trailing_zeros())) as usize;
        loop {
            let (f, l, n, id) = self.slots[index];
            if id == FREE || (f == first && l == last && n == length) {
                return index;
            }
            index = (index + 1) & mask;
        }
    }

    #[inline]
    pub fn get(&self, word: &str) -> Option<u32> {
        if word.len() > SHORT_WORD {
            return self.long.get(word).copied();
        }
        let (first, last) = short_key(word.as_bytes());
        let (_, _, _, id) = self.slots[self.slot(first, last, word.len() as u32)];
        (id != FREE).then_some(id)
    }

    pub fn insert(&mut self, word: &str, id: u32) {
        if word.len() > SHORT_WORD {
            self.long.insert(word.into(), id);
            return;
        }
        // At most three quarters full: linear probing stays short, and the table stays small
        // enough for the core's cache at the vocabulary of a chunk of articles.
        if (self.used + 1) * 4 > self.slots.len() * 3 {
            let doubled = vec![(0, 0, 0, FREE); self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, doubled);
            for entry in old.into_iter().filter(|e| e.3 != FREE) {
                let index = self.slot(entry.0, entry.1, entry.2);
                self.slots[index] = entry;
            }
        }
        let (first, last) = short_key(word.as_bytes());
        let index = self.slot(first, last, word.len() as u32);
        self.slots[index] = (first, last, word.len() as u32, id);
        self.used += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_tell_every_short_word_apart() {
        let words = [
            "ab",
            "ba",
            "abc",
            "abcd",
            "abcde",
            "bcde",
            "abcdefgh",
            "abcdefghi",
            "abcdefgh0",
            "0bcdefghi",
            "abcdefghijklmnop",
        ];
        let mut vocabulary = Vocabulary::new();
        for (id, word) in words.iter().enumerate() {
            assert_eq!(vocabulary.get(word), None, "{word}");
            vocabulary.insert(word, id as u32);
        }
        for (id, word) in words.iter().enumerate() {
            assert_eq!(vocabulary.get(word), Some(id as u32), "{word}");
        }
        assert_eq!(vocabulary.get("abcdefghijklmnopq"), None);
    }

    #[test]
    fn the_vocabulary_grows_and_keeps_long_words() {
        let mut vocabulary = Vocabulary::new();
        let words: Vec<String> = (0..20_000)
            .map(|n| format!("w{n}"))
            .chain(["a".repeat(30), "b".repeat(17)])
            .collect();
        for (id, word) in words.iter().enumerate() {
            vocabulary.insert(word, id as u32);
        }
        for (id, word) in words.iter().enumerate() {
            assert_eq!(vocabulary.get(word), Some(id as u32), "{word}");
        }
        assert_eq!(vocabulary.get(&"a".repeat(31)), None);
    }
}
