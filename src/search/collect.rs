//! From documents to postings: every word of every document, weighted by where it stands,
//! stemmed, and scored per (stem, document).
//!
//! This is the costly part of the index (every word of the KB passes through it), so it is
//! built for speed: documents are split into a few chunks read in parallel, each by a
//! [`ChunkReader`](super::chunk_reader::ChunkReader) with its own vocabulary, and here each
//! distinct word is stemmed once for the whole KB and each chunk is scored and filed by stem.
//! A reader keeps only word ids and weights, so the caller can make each document, read it and
//! drop it: the KB's text is never all in memory at once.

use rayon::prelude::*;

use super::tokens::Language;
use super::vocabulary::Vocabulary;

/// How much one occurrence counts, by where it stands. A word of the title outweighs one
/// mention in the body by far; headings and the summary sit in between.
pub const TITLE_WEIGHT: u32 = 15;
pub const HEADING_WEIGHT: u32 = 6;
pub const SUMMARY_WEIGHT: u32 = 4;
pub const BODY_WEIGHT: u32 = 1;

/// BM25's saturation and length normalisation. A large `k1` lets weight keep counting (a title
/// match stays ahead of a few body mentions); `b` halves the advantage of short articles.
const K1: f64 = 6.0;
const B: f64 = 0.5;

/// The words and postings of the whole index.
pub struct Collected {
    /// Every indexed word (lowercase, no stop words), in no particular order.
    pub words: Vec<String>,
    /// The stem of each word, as an index into `stems`.
    pub word_stems: Vec<u32>,
    /// Every stem, sorted.
    pub stems: Vec<String>,
    /// The postings, chunk by chunk (see [`Collected::postings`]). The index takes these to
    /// encode them (and lets them go); `frequencies` keeps their lengths for the dictionary.
    pub chunks: Vec<ChunkPostings>,
    /// Per stem: how many documents contain it.
    pub frequencies: Vec<u32>,
}

/// One chunk's postings, filed by stem: stem `s` has `entries[starts[s]..starts[s + 1]]`,
/// `(document, score 1..=255)` in document order.
pub struct ChunkPostings {
    starts: Vec<u32>,
    entries: Vec<(u32, u8)>,
}

impl Collected {
    /// Appends the postings of `stem` to `list`, in document order (the chunks are in document
    /// order, and the documents inside each).
    pub fn postings(&self, stem: usize, list: &mut Vec<(u32, u8)>) {
        for chunk in &self.chunks {
            let (start, end) = (chunk.starts[stem], chunk.starts[stem + 1]);
            list.extend_from_slice(&chunk.entries[start as usize..end as usize]);
        }
    }
}

/// The words of one chunk of documents, from [`ChunkReader::finish`](super::chunk_reader::ChunkReader::finish).
pub struct Chunk {
    /// Chunk-local word id -> word.
    pub(super) words: Vec<Box<str>>,
    pub(super) documents: Documents,
}

/// The documents of a chunk, as the index needs them: per document, its indexed body length
/// and its `(local word, summed weight)` entries, allocated at their exact size once the
/// document is read (one list for the whole chunk, grown by doubling, cost more in copies and
/// page faults than these 10,000 small allocations).
pub(super) type Documents = Vec<(u32, Box<[(u32, u32)]>)>;

/// Merges the chunks of all documents, in document order, into the index's words and postings.
/// Each chunk's documents are dropped as soon as they are filed as postings: at 10,000 articles
/// both are tens of MB, and holding all of both at once made the peak memory of a build.
pub fn collect(chunks: Vec<Chunk>, language: &Language) -> Collected {
    let document_count: usize = chunks.iter().map(|c| c.documents.len()).sum();
    // One vocabulary for the KB, and each chunk's local ids mapped into it.
    let mut merged = Vocabulary::new();
    let mut words: Vec<String> = Vec::new();
    let mut documents_by_chunk = Vec::with_capacity(chunks.len());
    let mut local_to_global: Vec<Vec<u32>> = Vec::with_capacity(chunks.len());
    for chunk in chunks {
        local_to_global.push(
            chunk
                .words
                .into_iter()
                .map(|word| {
                    merged.get(&word).unwrap_or_else(|| {
                        let id = words.len() as u32;
                        merged.insert(&word, id);
                        words.push(word.into_string());
                        id
                    })
                })
                .collect(),
        );
        documents_by_chunk.push(chunk.documents);
    }
    drop(merged);

    // Each distinct word stemmed once; stems numbered in sorted order, so the postings files
    // do not depend on how the documents were split between threads.
    let stemmed: Vec<String> = words.par_iter().map(|w| language.stem(w)).collect();
    let mut distinct = Vocabulary::new();
    let mut stems: Vec<&str> = Vec::new();
    let first_stem: Vec<u32> = stemmed
        .iter()
        .map(|stem| {
            distinct.get(stem).unwrap_or_else(|| {
                let id = stems.len() as u32;
                distinct.insert(stem, id);
                stems.push(stem);
                id
            })
        })
        .collect();
    let mut order: Vec<u32> = (0..stems.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| stems[a as usize].cmp(stems[b as usize]));
    let mut rank = vec![0u32; stems.len()];
    for (position, &stem) in order.iter().enumerate() {
        rank[stem as usize] = position as u32;
    }
    let word_stems: Vec<u32> = first_stem.iter().map(|&s| rank[s as usize]).collect();
    let stems: Vec<&str> = order.iter().map(|&s| stems[s as usize]).collect();

    let total_length: u64 = documents_by_chunk
        .iter()
        .flat_map(|documents| documents.iter().map(|(length, _)| u64::from(*length)))
        .sum();
    let average_length = (total_length as f64 / document_count.max(1) as f64).max(1.0);

    // Where each chunk's documents start in the numbering of all documents.
    let firsts: Vec<u32> = documents_by_chunk
        .iter()
        .scan(0u32, |next, documents| {
            let first = *next;
            *next += documents.len() as u32;
            Some(first)
        })
        .collect();
    // Per chunk, its postings filed by stem, with each document's word forms merged per stem.
    // (Each chunk files its own: no sequential pass over every posting of the KB.)
    let chunks: Vec<ChunkPostings> = documents_by_chunk
        .into_par_iter()
        .zip(local_to_global.par_iter())
        .zip(firsts.par_iter())
        .map(|((documents, to_global), &first)| {
            // Each local word's stem, found once per chunk rather than once per posting.
            let local_stems: Vec<u32> = to_global
                .iter()
                .map(|&global| word_stems[global as usize])
                .collect();
            let scoring = Scoring {
                local_stems: &local_stems,
                stem_count: stems.len(),
                first,
                average_length,
            };
            scoring.file(&documents)
        })
        .collect();

    let mut frequencies = vec![0u32; stems.len()];
    for chunk in &chunks {
        for (stem, frequency) in frequencies.iter_mut().enumerate() {
            *frequency += chunk.starts[stem + 1] - chunk.starts[stem];
        }
    }
    Collected {
        words,
        word_stems,
        stems: stems.iter().map(|s| s.to_string()).collect(),
        frequencies,
        chunks,
    }
}

/// What scoring a chunk's documents needs.
struct Scoring<'a> {
    /// Each local word's stem.
    local_stems: &'a [u32],
    stem_count: usize,
    /// The number of the chunk's first document.
    first: u32,
    average_length: f64,
}

impl Scoring<'_> {
    /// The chunk's postings, filed by stem, each document's word forms merged per stem. Two
    /// passes (a counting sort): count each stem's documents, then score each document and
    /// put its postings in place, so no list of all postings is made to be sorted.
    fn file(&self, documents: &Documents) -> ChunkPostings {
        let stems = self.stem_count;
        let mut starts = vec![0u32; stems + 1];
        // The last document that counted each stem: a stem of several forms counts once.
        let mut counted_in = vec![u32::MAX; stems];
        for (document, (_, entries)) in documents.iter().enumerate() {
            for &(local, _) in entries {
                let stem = self.local_stems[local as usize] as usize;
                starts[stem + 1] += u32::from(counted_in[stem] != document as u32);
                counted_in[stem] = document as u32;
            }
        }
        for stem in 0..stems {
            starts[stem + 1] += starts[stem];
        }
        let mut next = starts.clone();
        let mut filed = vec![(0u32, 0u8); starts[stems] as usize];
        // Each document's weight per stem, summed over its word forms in a dense array
        // (no sort per document): the stems touched are reset after each document.
        let mut weights = vec![0u32; stems];
        let mut touched: Vec<u32> = Vec::new();
        for (offset, &(length, ref entries)) in documents.iter().enumerate() {
            for &(local, weight) in entries {
                let stem = self.local_stems[local as usize];
                let slot = &mut weights[stem as usize];
                if *slot == 0 {
                    touched.push(stem);
                }
                *slot = slot.saturating_add(weight);
            }
            let norm = K1 * (1.0 - B + B * f64::from(length) / self.average_length);
            let document = self.first + offset as u32;
            for stem in touched.drain(..) {
                let weight = std::mem::take(&mut weights[stem as usize]);
                let at = &mut next[stem as usize];
                filed[*at as usize] = (document, score(f64::from(weight), norm));
                *at += 1;
            }
        }
        ChunkPostings {
            starts,
            entries: filed,
        }
    }
}

/// BM25's term-frequency part on a 1..=255 scale.
fn score(weight: f64, norm: f64) -> u8 {
    let saturated = weight * (K1 + 1.0) / (weight + norm);
    // Rounded by adding a half: the same as `round` for these positive values, without its
    // library call (this runs for every (word, document) pair of the KB).
    (saturated / (K1 + 1.0) * 255.0 + 0.5).clamp(1.0, 255.0) as u8
}
