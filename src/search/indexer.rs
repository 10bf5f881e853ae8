//! Building the index: documents are added chunk by chunk, in parallel, then
//! `Indexer::finish` writes the dictionary, its typo dictionaries, postings, facets and
//! `meta.json`.
//!
//! A document is read for its words and its card filed as soon as it is added; it borrows its
//! page's HTML, which is never copied. [`build`] asks for each document in turn; `render` lends
//! the loaded HTML (or, for a site rendered for another base path, makes each document while
//! writing the article's page, from the same HTML). Each chunk starts a `docs/` file, so the
//! cards of one file are always filed by one chunk.

use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use super::chunk_reader::ChunkReader;
use super::collect;
use super::tokens::Language;
use super::{
    dictionary, encoding, facets, put_card, typos, version_hash, Document, Settings,
    DOCUMENTS_PER_FILE, FORMAT,
};

/// Where the index's files go: `(path under the site root, content)`, as `render::Sink::put`.
pub type Put<'a> = dyn Fn(String, Vec<u8>) -> anyhow::Result<()> + Sync + 'a;

/// A page's facet values: facet id -> labels (see [`Document::facets`]). The ids are the
/// facets' own (`product`), which every document shares: no copy of them per document.
pub type FacetLabels = BTreeMap<&'static str, Vec<String>>;

#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    version: String,
    documents: usize,
    #[serde(rename = "docsPerFile")]
    documents_per_file: usize,
    #[serde(rename = "sectionBytes")]
    section_bytes: usize,
    language: &'a str,
    #[serde(rename = "stopWords")]
    stop_words: &'a [&'a str],
    #[serde(rename = "fillerWords")]
    filler_words: &'a [&'a str],
    /// Groups of words or phrases that mean the same (`[search.synonyms]`).
    synonyms: &'a [Vec<String>],
    shards: Vec<&'a str>,
    typos: Vec<TypoMeta>,
    facets: Vec<facets::FacetValues>,
}

/// A typo dictionary in `meta.json`: its window and where each shard starts.
#[derive(Serialize)]
struct TypoMeta {
    window: usize,
    shards: Vec<String>,
}

/// An index of a known number of documents being built.
struct Indexer<'a> {
    language: Language,
    settings: &'a Settings<'a>,
    put: &'a Put<'a>,
    count: usize,
}

/// The documents of one chunk, added in document order.
struct IndexChunk<'i> {
    indexer: &'i Indexer<'i>,
    reader: ChunkReader<'i>,
    /// The number of the next document.
    next: usize,
    labels: Vec<FacetLabels>,
    /// The cards of the `docs/` file being filled.
    cards: Vec<u8>,
    /// Each written file's hash, for the version in meta.json.
    hashes: Vec<u64>,
}

impl<'a> Indexer<'a> {
    fn new(count: usize, settings: &'a Settings<'a>, put: &'a Put<'a>) -> Indexer<'a> {
        Indexer {
            language: Language::new(settings.language),
            settings,
            put,
            count,
        }
    }

    fn chunks(&self) -> Vec<Range<usize>> {
        chunks(self.count, rayon::current_num_threads())
    }

    /// A chunk whose first document is number `first`.
    fn chunk(&self, first: usize) -> IndexChunk<'_> {
        IndexChunk {
            indexer: self,
            reader: ChunkReader::new(&self.language),
            next: first,
            labels: Vec::new(),
            cards: Vec::new(),
            hashes: Vec::new(),
        }
    }

    /// Writes a file, returning its hash.
    fn write(&self, path: String, bytes: Vec<u8>) -> anyhow::Result<u64> {
        let hash = version_hash(version_hash(0, path.as_bytes()), &bytes);
        (self.put)(path, bytes)?;
        Ok(hash)
    }

    /// Writes the rest of the index from every chunk, in document order; `meta.json` comes
    /// last. Returns how many files the index has. The same documents always give the same
    /// files, however they were chunked.
    fn finish(&self, chunks: Vec<IndexChunk>) -> anyhow::Result<usize> {
        let mut readers = Vec::with_capacity(chunks.len());
        let mut labels: Vec<FacetLabels> = Vec::with_capacity(self.count);
        let mut hashes: Vec<u64> = Vec::with_capacity(self.count.div_ceil(DOCUMENTS_PER_FILE));
        for chunk in chunks {
            readers.push(chunk.reader.finish());
            labels.extend(chunk.labels);
            hashes.extend(chunk.hashes);
        }
        anyhow::ensure!(
            labels.len() == self.count,
            "kbpress bug: the search index got {} documents, not {} (please report this)",
            labels.len(),
            self.count
        );
        // The facets need only the labels: built beside the words.
        let ((facet_values, facet_bytes), mut collected) = rayon::join(
            || facets::facets(&labels, self.settings.facets),
            || collect::collect(readers, &self.language),
        );
        let total = self.count as u32;
        let encoded: Vec<Vec<u8>> = (0..collected.stems.len())
            .into_par_iter()
            .map_init(Vec::new, |list, stem| {
                list.clear();
                collected.postings(stem, list);
                let mut bytes = Vec::new();
                encoding::put_postings(&mut bytes, list, total);
                bytes
            })
            .collect();
        // Encoded, the postings are a tenth of their size in memory: let the lists go.
        collected.chunks = Vec::new();
        let (packs, locations) = dictionary::pack(&encoded);
        drop(encoded);
        let shards = dictionary::shards(&collected, &locations);
        let typo_shards: Vec<(usize, dictionary::Shards)> = typos::WINDOWS
            .par_iter()
            .map(|&window| (window, typos::shards(&collected, &locations, window)))
            .collect();
        let boundaries: Vec<String> = shards.iter().map(|(b, _)| b.clone()).collect();
        let typo_meta: Vec<TypoMeta> = typo_shards
            .iter()
            .map(|(window, shards)| TypoMeta {
                window: *window,
                shards: shards.iter().map(|(b, _)| b.clone()).collect(),
            })
            .collect();

        let typo_files: usize = typo_shards.iter().map(|(_, shards)| shards.len()).sum();
        let mut others: Vec<(String, Vec<u8>)> =
            Vec::with_capacity(packs.len() + shards.len() + typo_files + 1);
        others.extend(
            packs
                .into_iter()
                .enumerate()
                .map(|(number, bytes)| (format!("search/postings/{number}.bin"), bytes)),
        );
        others.extend(
            shards
                .into_iter()
                .enumerate()
                .map(|(number, (_, json))| (format!("search/words/{number}.json"), json)),
        );
        for (window, shards) in typo_shards {
            others.extend(
                shards.into_iter().enumerate().map(|(number, (_, json))| {
                    (format!("search/typos/{window}/{number}.json"), json)
                }),
            );
        }
        others.push(("search/facets.bin".into(), facet_bytes));
        let files = self.count.div_ceil(DOCUMENTS_PER_FILE) + others.len() + 1;
        hashes.extend(
            others
                .into_par_iter()
                .map(|(path, bytes)| self.write(path, bytes))
                .collect::<anyhow::Result<Vec<u64>>>()?,
        );
        let version = hashes
            .iter()
            .fold(0, |hash, file| version_hash(hash, &file.to_le_bytes()));
        let meta = Meta {
            format: FORMAT,
            version: format!("{version:016x}"),
            documents: self.count,
            documents_per_file: DOCUMENTS_PER_FILE,
            section_bytes: super::SECTION_BYTES,
            language: self.settings.language,
            stop_words: self.language.stop_words(),
            filler_words: self.language.filler_words(),
            synonyms: &self.settings.synonyms,
            shards: boundaries.iter().map(String::as_str).collect(),
            typos: typo_meta,
            facets: facet_values,
        };
        (self.put)(
            "search/meta.json".into(),
            serde_json::to_vec(&meta).unwrap_or_default(),
        )?;
        Ok(files)
    }
}

impl IndexChunk<'_> {
    /// Reads the next document's words and adds its card, writing the `docs/` file it
    /// completes.
    fn add(&mut self, document: Document) -> anyhow::Result<()> {
        self.reader.read(&document);
        put_card(&mut self.cards, &document);
        self.labels.push(document.facets);
        self.next += 1;
        if self.next % DOCUMENTS_PER_FILE == 0 || self.next == self.indexer.count {
            let mut cards = std::mem::take(&mut self.cards);
            cards.push(b']');
            let path = super::cards_path(self.next - 1);
            self.hashes.push(self.indexer.write(path, cards)?);
        }
        Ok(())
    }
}

/// The documents of each chunk of `count`, for `threads` threads: a few chunks per thread, so a
/// slow chunk does not leave a core idle at the end. Each starts a `docs/` file, so no file is
/// shared by two chunks.
fn chunks(count: usize, threads: usize) -> Vec<Range<usize>> {
    let size = count
        .div_ceil(threads.max(1) * 4)
        .max(16)
        .next_multiple_of(DOCUMENTS_PER_FILE);
    (0..count.div_ceil(size))
        .map(|chunk| chunk * size..((chunk + 1) * size).min(count))
        .collect()
}

/// Adds a document to the index being built (see [`build`]).
pub type Add<'a> = dyn FnMut(Document) -> anyhow::Result<()> + 'a;

/// Builds the index of `count` documents, handing each file to `put`. `document(n, add)` must
/// call `add` once with document `n`, when the index asks for it (so the caller can lend the
/// document its page's HTML while it has it). Returns how many files it wrote; the first error
/// of `document` or `put` stops it.
pub fn build(
    count: usize,
    document: &(dyn Fn(usize, &mut Add) -> anyhow::Result<()> + Sync),
    settings: &Settings,
    put: &Put,
) -> anyhow::Result<usize> {
    let indexer = Indexer::new(count, settings, put);
    let chunks = indexer
        .chunks()
        .into_par_iter()
        .map(|numbers| {
            let mut chunk = indexer.chunk(numbers.start);
            for number in numbers {
                document(number, &mut |document| chunk.add(document))?;
                anyhow::ensure!(
                    chunk.next == number + 1,
                    "kbpress bug: search document {number} was not added once (please report this)"
                );
            }
            Ok(chunk)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    indexer.finish(chunks)
}

/// [`build`] into memory, sorted by path: for tests and measurements.
pub fn build_files(documents: &[Document], settings: &Settings) -> BTreeMap<String, Vec<u8>> {
    let files = std::sync::Mutex::new(BTreeMap::new());
    let put = |path: String, bytes: Vec<u8>| -> anyhow::Result<()> {
        files
            .lock()
            .map_err(|_| anyhow::anyhow!("poisoned"))?
            .insert(path, bytes);
        Ok(())
    };
    // Putting into memory cannot fail.
    let _ = build(
        documents.len(),
        &|n, add| add(documents[n].clone()),
        settings,
        &put,
    );
    files.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_every_document_once_and_start_a_docs_file() {
        for count in [0, 1, 7, 8, 9, 17, 100, 3_001, 10_007] {
            for threads in [1, 2, 3, 5, 8, 64] {
                let chunks = chunks(count, threads);
                let covered: Vec<usize> = chunks.iter().flat_map(|c| c.clone()).collect();
                assert_eq!(
                    covered,
                    (0..count).collect::<Vec<_>>(),
                    "{count} on {threads}"
                );
                for chunk in &chunks {
                    assert_eq!(chunk.start % DOCUMENTS_PER_FILE, 0, "{count} on {threads}");
                }
            }
        }
    }
}
