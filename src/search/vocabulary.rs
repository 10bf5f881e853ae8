//! Word -> number tables for the index build: one lookup per word occurrence of the whole KB,
//! so words of up to 16 bytes live inside open-addressing tables as integers (no pointer to
//! follow, no string compare; up to 8 bytes, one integer) and only the rare longer ones in a
//! hash map.

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
            self.mix(word_key(rest));
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

/// Words of more than [`KEY_BYTES`] and up to this many bytes are kept inside the second
/// table as two integers; longer ones go to a hash map.
const SHORT_WORD: usize = 16;

/// A word of 9 to 16 bytes as two integers that, with its length, identify it: its first and
/// last eight bytes (overlapping when shorter than 16).
fn short_key(word: &[u8]) -> (u64, u64) {
    let n = word.len();
    let eight = |bytes: &[u8]| u64::from_le_bytes(bytes.try_into().unwrap_or([0; 8]));
    (eight(&word[..8]), eight(&word[n - 8..]))
}

/// Words of at most this many bytes are looked up by [`word_key`], one integer: nearly every
/// word occurrence of a KB (94% of them in the generated 10,000-article corpus).
pub const KEY_BYTES: usize = 8;

/// A word of at most [`KEY_BYTES`] bytes as one integer: its bytes, little-endian, padded with
/// zeros. No word contains a zero byte, so the key tells every such word apart, and is never 0.
pub fn word_key(word: &[u8]) -> u64 {
    word.iter()
        .take(KEY_BYTES)
        .rev()
        .fold(0, |key, &byte| key << 8 | u64::from(byte))
}

/// The word of a [`word_key`].
pub fn key_word(key: u64) -> String {
    let bytes = key.to_le_bytes();
    let length = bytes.iter().position(|&b| b == 0).unwrap_or(KEY_BYTES);
    String::from_utf8_lossy(&bytes[..length]).into_owned()
}

/// Word -> id, for a chunk of documents (looked up once per word occurrence) or the whole KB.
pub struct Vocabulary {
    /// Words of up to [`KEY_BYTES`]: `(key, id)`, key 0 marks an empty slot. A power of two
    /// long; 16 bytes a slot, so the table of a chunk's vocabulary stays in the core's cache.
    keys: Vec<(u64, u32)>,
    keys_used: usize,
    /// Longer words up to 16 bytes: `(first, last, length, id)`; `id == FREE` marks an empty
    /// slot. A power of two long.
    slots: Vec<(u64, u64, u32, u32)>,
    used: usize,
    long: WordMap<Box<str>>,
}

const FREE: u32 = u32::MAX - 1;

impl Vocabulary {
    pub fn new() -> Vocabulary {
        Vocabulary {
            keys: vec![(0, 0); 1 << 12],
            keys_used: 0,
            slots: vec![(0, 0, 0, FREE); 1 << 8],
            used: 0,
            long: WordMap::default(),
        }
    }

    /// The slot of `key` in `keys`: where it is, or the empty slot where it would go.
    #[inline]
    fn key_slot(&self, key: u64) -> usize {
        let mask = self.keys.len() - 1;
        // Fibonacci hashing: one multiply, and the product's top bits (which every key bit
        // reaches) pick the slot. This runs once per word occurrence of the KB.
        let hash = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mut index = (hash >> (64 - self.keys.len().trailing_zeros())) as usize;
        loop {
            let (found, _) = self.keys[index];
            if found == key || found == 0 {
                return index;
            }
            index = (index + 1) & mask;
        }
    }

    /// The id of the word whose [`word_key`] is `key`.
    #[inline]
    pub fn get_key(&self, key: u64) -> Option<u32> {
        let (found, id) = self.keys[self.key_slot(key)];
        (found != 0).then_some(id)
    }

    /// Files the word whose [`word_key`] is `key` (not filed yet) under `id`.
    pub fn insert_key(&mut self, key: u64, id: u32) {
        // At most three quarters full: linear probing stays short.
        if (self.keys_used + 1) * 4 > self.keys.len() * 3 {
            let doubled = vec![(0, 0); self.keys.len() * 2];
            let old = std::mem::replace(&mut self.keys, doubled);
            for entry in old.into_iter().filter(|e| e.0 != 0) {
                let index = self.key_slot(entry.0);
                self.keys[index] = entry;
            }
        }
        let index = self.key_slot(key);
        self.keys[index] = (key, id);
        self.keys_used += 1;
    }

    #[inline]
    fn slot(&self, first: u64, last: u64, length: u32) -> usize {
        let mask = self.slots.len() - 1;
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
        if word.len() <= KEY_BYTES {
            return self.get_key(word_key(word.as_bytes()));
        }
        if word.len() > SHORT_WORD {
            return self.long.get(word).copied();
        }
        let (first, last) = short_key(word.as_bytes());
        let (_, _, _, id) = self.slots[self.slot(first, last, word.len() as u32)];
        (id != FREE).then_some(id)
    }

    /// Files `word` (not filed yet) under `id`.
    pub fn insert(&mut self, word: &str, id: u32) {
        if word.len() <= KEY_BYTES {
            return self.insert_key(word_key(word.as_bytes()), id);
        }
        if word.len() > SHORT_WORD {
            self.long.insert(word.into(), id);
            return;
        }
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
    fn a_word_key_gives_its_word_back() {
        for word in ["ab", "router", "abcdefgh", "café", "東京"] {
            let key = word_key(word.as_bytes());
            assert_ne!(key, 0);
            assert_eq!(key_word(key), word);
        }
        assert_ne!(word_key(b"ab"), word_key(b"ba"));
        assert_ne!(word_key(b"a"), word_key(b"a0"));
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
