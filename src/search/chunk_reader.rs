//! Reading a chunk of documents for the index: each word occurrence looked up in the chunk's
//! own vocabulary and its weight added to the document's (one lookup per word of the KB, no
//! allocation for a known word, no unpredictable branch but the table's probe). What it keeps
//! is a [`Chunk`]: word ids and weights, so the caller can make each document, read it and drop
//! it; [`super::collect`] merges the chunks.

use super::collect::{Chunk, Documents, BODY_WEIGHT, HEADING_WEIGHT, SUMMARY_WEIGHT, TITLE_WEIGHT};
use super::html_words::{for_each_html_word, Word, Words};
use super::tokens::{for_each_compound_part, for_each_word, Language};
use super::vocabulary::{key_word, Vocabulary};
use super::Document;

/// The id of every stop word in a [`ChunkReader`]: its words' ids start at 1 (a stop word is
/// counted like any word, into a weight that is never used, so counting needs no branch on
/// whether a word is one: 29% of the words of the generated 10k corpus are, in no
/// predictable order).
const STOP: u32 = 0;

/// Reads the documents of one chunk, one at a time, in document order.
pub struct ChunkReader<'a> {
    language: &'a Language,
    ids: Vocabulary,
    words: Vec<Box<str>>,
    /// Weight so far in the current document, by local word id (0: not seen yet).
    weights: Vec<u32>,
    /// The local ids seen in the current document: the first `touched_count`. Always longer
    /// than that (one slot per word id and one spare), so a word is filed without a branch on
    /// whether it is new to the document (nearly half the words are, at random).
    touched: Vec<u32>,
    touched_count: usize,
    length: u32,
    /// Scratch space for lowercasing words.
    buffer: String,
    /// The documents read.
    documents: Documents,
}

impl<'a> ChunkReader<'a> {
    pub fn new(language: &'a Language) -> Self {
        ChunkReader {
            language,
            ids: Vocabulary::new(),
            // Word ids start at 1: see STOP.
            words: vec!["".into()],
            weights: vec![0],
            touched: vec![0; 2],
            touched_count: 0,
            length: 0,
            buffer: String::new(),
            documents: Documents::default(),
        }
    }

    /// Reads the next document of the chunk.
    pub fn read(&mut self, document: &Document) {
        self.add(&document.title, TITLE_WEIGHT, false);
        // A title's compound identifiers by their parts too (`PSCustomObject`: "custom object").
        for_each_compound_part(&document.title, |part| {
            self.count(part, TITLE_WEIGHT, false)
        });
        self.add(&document.summary, SUMMARY_WEIGHT, false);
        for keyword in &document.keywords {
            self.add(keyword, SUMMARY_WEIGHT, false);
        }
        self.add_html(document.html);
        let touched = &self.touched[..std::mem::take(&mut self.touched_count)];
        let mut entries = Vec::with_capacity(touched.len());
        for &id in touched {
            let weight = std::mem::take(&mut self.weights[id as usize]);
            if id != STOP {
                // Numbered from 0 in the chunk's words (see `finish`).
                entries.push((id - 1, weight));
            }
        }
        let length = std::mem::take(&mut self.length);
        self.documents.push((length, entries.into_boxed_slice()));
    }

    pub fn finish(mut self) -> Chunk {
        // Without the place of STOP, id 0.
        self.words.remove(0);
        Chunk {
            words: self.words,
            documents: self.documents,
        }
    }

    /// Reads the body's words: headings weigh more, and every word counts for the length.
    fn add_html(&mut self, html: &str) {
        let mut buffer = std::mem::take(&mut self.buffer);
        for_each_html_word(html, &mut buffer, self);
        self.buffer = buffer;
    }

    fn add(&mut self, text: &str, weight: u32, counts: bool) {
        let mut buffer = std::mem::take(&mut self.buffer);
        for_each_word(text, &mut buffer, |word| self.count(word, weight, counts));
        self.buffer = buffer;
    }

    /// Adds `weight` to `word` in the current document (a word the HTML reader did not hand
    /// over as a key: titles, summaries, long or non-ASCII words).
    fn count(&mut self, word: &str, weight: u32, counts: bool) {
        let id = match self.ids.get(word) {
            Some(id) => id,
            None => {
                let id = self.new_id(word);
                self.ids.insert(word, id);
                id
            }
        };
        self.add_weight(id, weight, counts);
    }

    /// Adds `weight` to the word whose [`word_key`](super::vocabulary::word_key) is `key` in
    /// the current document.
    #[inline(always)]
    fn count_key(&mut self, key: u64, weight: u32, counts: bool) {
        let id = match self.ids.get_key(key) {
            Some(id) => id,
            None => {
                let id = self.new_id(&key_word(key));
                self.ids.insert_key(key, id);
                id
            }
        };
        self.add_weight(id, weight, counts);
    }

    /// The id of a word the chunk has not seen yet: [`STOP`] for a stop word.
    #[cold]
    fn new_id(&mut self, word: &str) -> u32 {
        if self.language.is_stop_word(word) {
            return STOP;
        }
        self.words.push(word.into());
        self.weights.push(0);
        self.touched.push(0);
        (self.words.len() - 1) as u32
    }

    #[inline(always)]
    fn add_weight(&mut self, id: u32, weight: u32, counts: bool) {
        let slot = &mut self.weights[id as usize];
        let new = *slot == 0;
        *slot = slot.saturating_add(weight);
        self.touched[self.touched_count] = id;
        self.touched_count += usize::from(new);
        if counts {
            self.length = self.length.saturating_add(u32::from(id != STOP));
        }
    }
}

impl Words for ChunkReader<'_> {
    #[inline(always)]
    fn found(&mut self, word: Word, in_heading: bool) {
        let weight = if in_heading {
            HEADING_WEIGHT
        } else {
            BODY_WEIGHT
        };
        match word {
            Word::Key(key) => self.count_key(key, weight, true),
            Word::Text(text) => self.count(text, weight, true),
        }
    }
}
