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
    /// Words of up to [`KEY_BYTES`], by [`word_key`]: 16 bytes a slot, so the table of a
    /// chunk's vocabulary stays in the core's cache.
    keys: Table<u64>,
    /// Longer words up to 16 bytes, by [`short_key`] and length.
    pairs: Table<(u64, u64, u32)>,
    long: WordMap<Box<str>>,
}

impl Vocabulary {
    pub fn new() -> Vocabulary {
        Vocabulary {
            keys: Table::new(1 << 12),
            pairs: Table::new(1 << 8),
            long: WordMap::default(),
        }
    }

    /// The id of the word whose [`word_key`] is `key`.
    #[inline]
    pub fn get_key(&self, key: u64) -> Option<u32> {
        self.keys.get(key)
    }

    /// Files the word whose [`word_key`] is `key` (not filed yet) under `id`.
    pub fn insert_key(&mut self, key: u64, id: u32) {
        self.keys.insert(key, id);
    }

    #[inline]
    pub fn get(&self, word: &str) -> Option<u32> {
        match word.len() {
            0..=KEY_BYTES => self.get_key(word_key(word.as_bytes())),
            length @ ..=SHORT_WORD => self.pairs.get(pair_key(word.as_bytes(), length)),
            _ => self.long.get(word).copied(),
        }
    }

    /// Files `word` (not filed yet) under `id`.
    pub fn insert(&mut self, word: &str, id: u32) {
        match word.len() {
            0..=KEY_BYTES => self.insert_key(word_key(word.as_bytes()), id),
            length @ ..=SHORT_WORD => self.pairs.insert(pair_key(word.as_bytes(), length), id),
            _ => {
                self.long.insert(word.into(), id);
            }
        }
    }
}

/// A word of 9 to 16 bytes as the key of [`Vocabulary::pairs`].
fn pair_key(word: &[u8], length: usize) -> (u64, u64, u32) {
    let (first, last) = short_key(word);
    (first, last, length as u32)
}

/// A key of a [`Table`]: `EMPTY` marks a free slot (no word has that key).
trait TableKey: Copy + Eq {
    const EMPTY: Self;
    /// The key's bits, mixed into one integer for Fibonacci hashing.
    fn bits(self) -> u64;
}

impl TableKey for u64 {
    const EMPTY: u64 = 0;
    fn bits(self) -> u64 {
        self
    }
}

impl TableKey for (u64, u64, u32) {
    const EMPTY: (u64, u64, u32) = (0, 0, 0);
    fn bits(self) -> u64 {
        self.0 ^ self.1.rotate_left(29) ^ u64::from(self.2)
    }
}

/// An open-addressing table of `(key, id)`, a power of two long, at most three quarters full
/// (linear probing stays short): no pointer to follow, no string to compare.
struct Table<K> {
    slots: Vec<(K, u32)>,
    used: usize,
}

impl<K: TableKey> Table<K> {
    fn new(slots: usize) -> Table<K> {
        Table {
            slots: vec![(K::EMPTY, 0); slots],
            used: 0,
        }
    }

    /// The slot of `key`: where it is, or the empty slot where it would go.
    #[inline]
    fn slot(&self, key: K) -> usize {
        let mask = self.slots.len() - 1;
        // Fibonacci hashing: one multiply, and the product's top bits (which every key bit
        // reaches) pick the slot. This runs once per word occurrence of the KB.
        let hash = key.bits().wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mut index = (hash >> (64 - self.slots.len().trailing_zeros())) as usize;
        loop {
            let (found, _) = self.slots[index];
            if found == key || found == K::EMPTY {
                return index;
            }
            index = (index + 1) & mask;
        }
    }

    #[inline]
    fn get(&self, key: K) -> Option<u32> {
        let (found, id) = self.slots[self.slot(key)];
        (found != K::EMPTY).then_some(id)
    }

    /// Files `key` (not filed yet) under `id`.
    fn insert(&mut self, key: K, id: u32) {
        if (self.used + 1) * 4 > self.slots.len() * 3 {
            let doubled = vec![(K::EMPTY, 0); self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, doubled);
            for entry in old.into_iter().filter(|e| e.0 != K::EMPTY) {
                let index = self.slot(entry.0);
                self.slots[index] = entry;
            }
        }
        let index = self.slot(key);
        self.slots[index] = (key, id);
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
