//! The browser's side of the index, in Rust: which files a query loads, how its words match
//! (exact, then prefix and one-typo corrections, then corrections of a typo in the first four
//! letters from the typo dictionaries), how results rank and how facets filter and
//! count. `search.js` does the same steps; this copy lets tests check the matching rules and
//! count the exact bytes a query downloads.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;

use super::dictionary::{group_key, js_order, shard_of};
use super::encoding::{get_doc_set, get_postings};
use super::tokens::{words, MAX_WORD_CHARS};
use super::typos;

/// Query words looked up at most; more only cost downloads.
pub const MAX_QUERY_WORDS: usize = 8;
/// Stems a misspelt or partial word may expand to (most frequent first).
pub const MAX_ALTERNATIVES: usize = 3;
/// Shards searched for corrections of one word, around the word's own shard.
pub const MAX_FUZZY_SHARDS: usize = 3;
/// Words this long or longer are corrected for one typo; this long or longer completed as prefixes.
pub const TYPO_MIN_CHARS: usize = 5;
pub const PREFIX_MIN_CHARS: usize = 3;
/// How much a completed or corrected word counts against an exact one.
pub const PREFIX_FACTOR: f64 = 0.8;
pub const TYPO_FACTOR: f64 = 0.7;
/// Queries searched at most for one: itself and its synonyms' replacements (see
/// [`Searcher::variants`]).
pub const MAX_VARIANTS: usize = 4;
/// A word this many edits from a query word may be suggested for it ("did you mean").
pub const SUGGESTION_EDITS: usize = 2;
/// Results whose documents are fetched at first (the browser shows them, then more on demand).
pub const PAGE_SIZE: usize = 10;

#[derive(Debug, Deserialize)]
pub struct Meta {
    pub format: u32,
    pub version: String,
    pub documents: u32,
    #[serde(rename = "docsPerFile")]
    pub documents_per_file: usize,
    #[serde(rename = "sectionBytes")]
    pub section_bytes: usize,
    #[serde(rename = "stopWords")]
    pub stop_words: Vec<String>,
    #[serde(rename = "fillerWords")]
    pub filler_words: Vec<String>,
    /// Groups of words or phrases that mean the same.
    pub synonyms: Vec<Vec<String>>,
    pub shards: Vec<String>,
    pub typos: Vec<TypoMeta>,
    pub facets: Vec<FacetMeta>,
}

/// A typo dictionary: the window of letters it corrects and where each shard starts.
#[derive(Debug, Deserialize)]
pub struct TypoMeta {
    pub window: usize,
    pub shards: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct FacetMeta {
    pub id: String,
    pub name: String,
    pub values: Vec<String>,
}

/// A stem as a shard lists it: `[stem, documents, pack, offset, length]`.
type Stem = (String, u32, u32, u32, u32);

#[derive(Debug, Deserialize)]
struct Shard {
    words: Vec<String>,
    terms: Vec<u32>,
    stems: Vec<Stem>,
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub document: u32,
    /// Its words' scores, times the square of its coverage of the query: the share of the
    /// query's words it matches, each weighted by its idf. So a document with every word comes
    /// first unless another has far more of them, and one missing a word is ranked lower, not
    /// dropped.
    pub score: f64,
    /// How many of the query's words it matches.
    pub matched: usize,
    /// How its title matches the query (see [`title_match`]); 0 past the first [`PAGE_SIZE`].
    pub title: u8,
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// Best first: the first [`PAGE_SIZE`] by how their titles match the query, then by score;
    /// the others by score. Every document that matches a word is there.
    pub hits: Vec<Hit>,
    pub all_words: bool,
    /// The words searched: the query's, then those its synonyms added.
    pub words: Vec<String>,
    /// Per word of `words`, the stems it matched.
    pub stems: Vec<Vec<String>>,
    /// For a query without results, the query with each word that matched nothing replaced by
    /// a close word of the index ("did you mean"), if there is one.
    pub suggestion: Option<String>,
}

/// An index read through `fetch` (site path -> bytes), remembering what it downloaded.
pub struct Searcher<'a> {
    fetch: &'a dyn Fn(&str) -> Option<Vec<u8>>,
    pub meta: Meta,
    /// Word and typo dictionary shards, by path.
    shards: HashMap<String, Shard>,
    packs: HashMap<u32, Vec<u8>>,
    facets: Option<Vec<Vec<Vec<u32>>>>,
    /// Every file fetched, with its size.
    pub downloaded: BTreeMap<String, usize>,
}

impl<'a> Searcher<'a> {
    /// Loads `search/meta.json`; `None` if it is missing or of another format.
    pub fn open(fetch: &'a dyn Fn(&str) -> Option<Vec<u8>>) -> Option<Searcher<'a>> {
        let bytes = fetch("search/meta.json")?;
        let meta: Meta = serde_json::from_slice(&bytes).ok()?;
        if meta.format != super::FORMAT {
            return None;
        }
        let mut downloaded = BTreeMap::new();
        downloaded.insert("search/meta.json".to_string(), bytes.len());
        Some(Searcher {
            fetch,
            meta,
            shards: HashMap::new(),
            packs: HashMap::new(),
            facets: None,
            downloaded,
        })
    }

    fn get(&mut self, path: String) -> Option<Vec<u8>> {
        let bytes = (self.fetch)(&path)?;
        self.downloaded.insert(path, bytes.len());
        Some(bytes)
    }

    fn shard(&mut self, path: String) -> Option<&Shard> {
        if !self.shards.contains_key(&path) {
            let bytes = self.get(path.clone())?;
            let shard = serde_json::from_slice(&bytes).ok()?;
            self.shards.insert(path.clone(), shard);
        }
        self.shards.get(&path)
    }

    /// The query's words, as the index would have read them, without its filler words ("how do
    /// I") unless it has nothing else.
    pub fn query_words(&self, query: &str) -> Vec<String> {
        let mut seen = BTreeSet::new();
        let all: Vec<String> = (words(query).into_iter())
            .filter(|w| !self.meta.stop_words.contains(w) && seen.insert(w.clone()))
            .collect();
        let content: Vec<String> = (all.iter())
            .filter(|w| !self.meta.filler_words.contains(w))
            .cloned()
            .collect();
        let mut chosen = if content.is_empty() { all } else { content };
        chosen.truncate(MAX_QUERY_WORDS);
        chosen
    }

    /// The stems `word` matches, with their factor: itself if indexed, else up to
    /// [`MAX_ALTERNATIVES`] completions and one-typo corrections from its group's shards, else
    /// corrections of a typo in its first four letters from the typo dictionaries.
    fn alternatives(&mut self, word: &str) -> Vec<(Stem, f64)> {
        let own = shard_of(&self.meta.shards, word);
        if let Some(shard) = self.shard(format!("search/words/{own}.json")) {
            if let Ok(at) = shard.words.binary_search_by(|w| js_order(w, word)) {
                return vec![(shard.stems[shard.terms[at] as usize].clone(), 1.0)];
            }
        }
        let length = word.chars().count();
        if length < PREFIX_MIN_CHARS {
            return Vec::new();
        }
        let key = group_key(word);
        let first = shard_of(&self.meta.shards, key);
        let last = shard_of(&self.meta.shards, &format!("{key}\u{ffff}"));
        let low = first.max(own.saturating_sub(MAX_FUZZY_SHARDS / 2));
        let high = last.min(low + MAX_FUZZY_SHARDS - 1);
        let mut found: BTreeMap<String, (Stem, f64)> = BTreeMap::new();
        for number in low..=high {
            if let Some(shard) = self.shard(format!("search/words/{number}.json")) {
                add_matches(shard, &mut found, |candidate| {
                    if candidate.starts_with(word) {
                        Some(PREFIX_FACTOR)
                    } else if length >= TYPO_MIN_CHARS && one_edit_apart(word, candidate) {
                        Some(TYPO_FACTOR)
                    } else {
                        None
                    }
                });
            }
        }
        if found.is_empty() {
            self.typos_near_the_start(word, &mut found);
        }
        let mut list: Vec<_> = found.into_values().collect();
        // Most documents first; the stem breaks ties so the choice is stable.
        list.sort_by(|a, b| b.0 .1.cmp(&a.0 .1).then_with(|| a.0 .0.cmp(&b.0 .0)));
        list.truncate(MAX_ALTERNATIVES);
        list
    }

    /// Adds to `found` the words one typo in the first four letters away from `word`: those of
    /// each typo dictionary filed under one of its keys ([`typos::query_keys`]).
    fn typos_near_the_start(&mut self, word: &str, found: &mut BTreeMap<String, (Stem, f64)>) {
        let dictionaries: Vec<(usize, Vec<String>)> = (self.meta.typos.iter())
            .map(|typos| (typos.window, typos.shards.clone()))
            .collect();
        for (window, boundaries) in dictionaries {
            let keys = typos::query_keys(word, window);
            let numbers: BTreeSet<usize> = keys.iter().map(|k| shard_of(&boundaries, k)).collect();
            for number in numbers {
                let path = format!("search/typos/{window}/{number}.json");
                if let Some(shard) = self.shard(path) {
                    add_matches(shard, found, |candidate| {
                        let filed = keys.contains(&typos::key(candidate, window));
                        (filed && one_edit_apart(word, candidate)).then_some(TYPO_FACTOR)
                    });
                }
            }
        }
    }

    fn postings(&mut self, stem: &Stem) -> Vec<(u32, u8)> {
        let (_, _, pack, offset, length) = *stem;
        if !self.packs.contains_key(&pack) {
            let bytes = self
                .get(format!("search/postings/{pack}.bin"))
                .unwrap_or_default();
            self.packs.insert(pack, bytes);
        }
        let bytes = &self.packs[&pack];
        let (start, end) = (offset as usize, offset as usize + length as usize);
        bytes
            .get(start..end)
            .and_then(|list| get_postings(list, self.meta.documents))
            .unwrap_or_default()
    }

    /// Ranks the documents matching `query` and each of its synonym variants (a document's
    /// best score counts): BM25 over the words each matches, times the square of its coverage
    /// of the query; then the first [`PAGE_SIZE`] by how their titles match (their cards are
    /// fetched anyway to show them).
    pub fn search(&mut self, query: &str) -> Outcome {
        let query_words = self.query_words(query);
        let mut outcome = Outcome::default();
        let mut best: BTreeMap<u32, Hit> = BTreeMap::new();
        let mut ranked = Vec::new();
        for variant in self.variants(&query_words) {
            let (hits, stems, all_words) = self.rank(&variant);
            outcome.all_words |= all_words;
            for hit in hits {
                let kept = best.entry(hit.document).or_insert_with(|| hit.clone());
                if hit.score > kept.score {
                    *kept = hit;
                }
            }
            for (word, word_stems) in variant.iter().zip(&stems) {
                if !outcome.words.contains(word) {
                    outcome.words.push(word.clone());
                    outcome.stems.push(word_stems.clone());
                }
            }
            ranked.push((variant, stems));
        }
        outcome.hits = best.into_values().collect();
        outcome.hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.document.cmp(&b.document))
        });
        let first = outcome.hits.len().min(PAGE_SIZE);
        for hit in &mut outcome.hits[..first] {
            let card = self.card(hit.document);
            let title = card
                .as_ref()
                .and_then(|c| c["title"].as_str())
                .unwrap_or("");
            hit.title = (ranked.iter())
                .map(|(words, stems)| title_match(title, words, stems, &self.meta))
                .max()
                .unwrap_or(0);
        }
        // Stable: equal titles keep their order by score.
        outcome.hits[..first].sort_by_key(|hit| std::cmp::Reverse(hit.title));
        if outcome.hits.is_empty() {
            outcome.suggestion = self.suggestion(&query_words);
        }
        outcome
    }

    /// The query's words, then the same with each synonym of a word or phrase of it in its
    /// place (`[search.synonyms]`), at most [`MAX_VARIANTS`] in all.
    pub fn variants(&self, words: &[String]) -> Vec<Vec<String>> {
        let mut variants = vec![words.to_vec()];
        for group in &self.meta.synonyms {
            let members: Vec<Vec<String>> = (group.iter())
                .map(|phrase| {
                    (super::tokens::words(phrase).into_iter())
                        .filter(|w| {
                            !self.meta.stop_words.contains(w) && !self.meta.filler_words.contains(w)
                        })
                        .collect()
                })
                .collect();
            for (index, member) in members.iter().enumerate() {
                let Some(at) = find_run(words, member) else {
                    continue;
                };
                for (other_index, other) in members.iter().enumerate() {
                    if other_index == index || other.is_empty() {
                        continue;
                    }
                    let replaced = (words[..at].iter())
                        .chain(other)
                        .chain(&words[at + member.len()..]);
                    let mut variant: Vec<String> = Vec::new();
                    for word in replaced {
                        if !variant.contains(word) {
                            variant.push(word.clone());
                        }
                    }
                    variant.truncate(MAX_QUERY_WORDS);
                    if variants.len() < MAX_VARIANTS && !variants.contains(&variant) {
                        variants.push(variant);
                    }
                }
            }
        }
        variants
    }

    /// The documents matching `query_words`, best first, with each word's stems and whether
    /// some document has every word.
    fn rank(&mut self, query_words: &[String]) -> (Vec<Hit>, Vec<Vec<String>>, bool) {
        let total = f64::from(self.meta.documents);
        let idf = |documents: f64| (1.0 + (total - documents + 0.5) / (documents + 0.5)).ln();
        // Per document: score, matched words, their summed weight.
        let mut scores: BTreeMap<u32, (f64, usize, f64)> = BTreeMap::new();
        let mut stems = Vec::new();
        // A word's weight in the coverage: its idf (of its most specific stem), so missing a
        // rare word costs more than missing a common one. A word that matches nothing weighs
        // as a word of no document.
        let mut all_weight = 0.0;
        for word in query_words {
            let mut best: BTreeMap<u32, f64> = BTreeMap::new();
            let alternatives = self.alternatives(word);
            stems.push(alternatives.iter().map(|a| a.0 .0.clone()).collect());
            let weight = match alternatives.is_empty() {
                true => idf(0.0),
                false => (alternatives.iter())
                    .map(|a| idf(f64::from(a.0 .1)))
                    .fold(0.0, f64::max),
            };
            all_weight += weight;
            for (stem, factor) in alternatives {
                let stem_idf = idf(f64::from(stem.1));
                for (document, score) in self.postings(&stem) {
                    let value = stem_idf * f64::from(score) / 255.0 * factor;
                    let slot = best.entry(document).or_insert(0.0);
                    *slot = slot.max(value);
                }
            }
            for (document, value) in best {
                let entry = scores.entry(document).or_insert((0.0, 0, 0.0));
                entry.0 += value;
                entry.1 += 1;
                entry.2 += weight;
            }
        }
        let most = scores.values().map(|s| s.1).max().unwrap_or(0);
        let all_words = most > 0 && most == query_words.len();
        let hits = scores
            .into_iter()
            .map(|(document, (score, matched, weight))| {
                // Multiplied out as search-index.js does, for the same floating-point result.
                let coverage = weight / all_weight;
                Hit {
                    document,
                    score: score * coverage * coverage,
                    matched,
                    title: 0,
                }
            })
            .collect();
        (hits, stems, all_words)
    }

    /// "Did you mean": `query_words` with each word that matches nothing replaced by the
    /// closest word of its dictionary shard (at most [`SUGGESTION_EDITS`] edits; then the
    /// word of most documents, then the first in the shard's order), or `None` when no word
    /// changed.
    fn suggestion(&mut self, query_words: &[String]) -> Option<String> {
        let mut changed = false;
        let mut suggested = Vec::new();
        for word in query_words {
            let own = shard_of(&self.meta.shards, word);
            let closest = self
                .shard(format!("search/words/{own}.json"))
                .and_then(|shard| {
                    (shard.words.iter().enumerate())
                        .filter_map(|(index, candidate)| {
                            let edits = edit_distance(word, candidate);
                            let documents = shard.stems[shard.terms[index] as usize].1;
                            (edits <= SUGGESTION_EDITS).then_some((edits, documents, candidate))
                        })
                        // The first of equals: the shard's order, as search-index.js reads it.
                        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
                        .map(|(_, _, candidate)| candidate.clone())
                });
            match closest {
                Some(candidate) if &candidate != word => {
                    changed = true;
                    suggested.push(candidate);
                }
                _ => suggested.push(word.clone()),
            }
        }
        changed.then(|| suggested.join(" "))
    }

    /// Document `number`'s card, from its `docs/` file.
    fn card(&mut self, number: u32) -> Option<serde_json::Value> {
        let per_file = self.meta.documents_per_file.max(1);
        let number = number as usize;
        let bytes = self.get(format!("search/docs/{}.json", number / per_file))?;
        let file: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        Some(file[number % per_file].clone())
    }

    /// Applies facet selections (facet index -> value indices) to `hits`: values of one facet
    /// combine with OR, facets with AND. Returns the remaining hits and, per facet and value,
    /// how many hits it would have with that facet's own selection left out (so the count next
    /// to an unticked value says what ticking it adds).
    pub fn filter(
        &mut self,
        hits: &[Hit],
        selected: &BTreeMap<usize, BTreeSet<usize>>,
    ) -> (Vec<Hit>, Vec<Vec<usize>>) {
        let sets = self.facet_sets();
        let members: Vec<Vec<BTreeSet<u32>>> = sets
            .iter()
            .map(|facet| {
                facet
                    .iter()
                    .map(|docs| docs.iter().copied().collect())
                    .collect()
            })
            .collect();
        let passes = |document: u32, skip: Option<usize>| {
            selected.iter().all(|(&facet, values)| {
                Some(facet) == skip
                    || values.is_empty()
                    || values.iter().any(|&v| {
                        members
                            .get(facet)
                            .and_then(|f| f.get(v))
                            .is_some_and(|s| s.contains(&document))
                    })
            })
        };
        let counts = members
            .iter()
            .enumerate()
            .map(|(facet, values)| {
                values
                    .iter()
                    .map(|set| {
                        hits.iter()
                            .filter(|h| {
                                set.contains(&h.document) && passes(h.document, Some(facet))
                            })
                            .count()
                    })
                    .collect()
            })
            .collect();
        let kept = hits
            .iter()
            .filter(|h| passes(h.document, None))
            .cloned()
            .collect();
        (kept, counts)
    }

    fn facet_sets(&mut self) -> Vec<Vec<Vec<u32>>> {
        if self.facets.is_none() {
            let bytes = self.get("search/facets.bin".into()).unwrap_or_default();
            let mut at = 0;
            let total = self.meta.documents;
            let sets = self
                .meta
                .facets
                .iter()
                .map(|f| {
                    f.values
                        .iter()
                        .map(|_| get_doc_set(&bytes, &mut at, total).unwrap_or_default())
                        .collect()
                })
                .collect();
            self.facets = Some(sets);
        }
        self.facets.clone().unwrap_or_default()
    }

    /// Fetches what the results page shows of the first [`PAGE_SIZE`] hits of a query that
    /// searched `words`, each matching `stems` ([`Outcome`]), as `search.js` does: each one's
    /// card (from its `docs/` file, one fetch per file) and [`Meta::section_bytes`] of its
    /// Markdown copy from the start of the section [`chosen_section`] picks. Returns the cards.
    /// The copies are fetched by site path without the leading `/` (this reads a site built at
    /// the root of its host); each window is recorded as `<path>#<start>`.
    pub fn show(
        &mut self,
        hits: &[Hit],
        words: &[String],
        stems: &[Vec<String>],
    ) -> Vec<serde_json::Value> {
        let per_file = self.meta.documents_per_file.max(1);
        let mut cards = Vec::new();
        for hit in hits.iter().take(PAGE_SIZE) {
            let number = hit.document as usize;
            let path = format!("search/docs/{}.json", number / per_file);
            let Some(bytes) = self.get(path) else {
                continue;
            };
            let file: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
            let card = file[number % per_file].clone();
            if let Some(markdown) = card["markdown"].as_str() {
                let starts: Vec<(&str, usize)> = (card["sections"].as_array().into_iter())
                    .flatten()
                    .map(|s| {
                        (
                            s[0].as_str().unwrap_or(""),
                            s[1].as_u64().unwrap_or(0) as usize,
                        )
                    })
                    .collect();
                let anchors: Vec<&str> = starts.iter().map(|(anchor, _)| *anchor).collect();
                let chosen = chosen_section(&anchors, words, stems, &self.meta);
                let path = markdown.trim_start_matches('/').to_string();
                if let (Some(&(_, start)), Some(copy)) = (starts.get(chosen), (self.fetch)(&path)) {
                    let length = copy
                        .len()
                        .saturating_sub(start)
                        .min(self.meta.section_bytes);
                    self.downloaded.insert(format!("{path}#{start}"), length);
                }
            }
            cards.push(card);
        }
        cards
    }

    /// Bytes downloaded so far.
    pub fn downloaded_bytes(&self) -> usize {
        self.downloaded.values().sum()
    }
}

/// How `title` matches a query of `query_words` (each matching `stems`): 2 when its words are
/// the query's (an exact or near-exact title: word forms and typos included), 1 when it has
/// every query word among others, else 0. A title word is a query word's when it is the word
/// or starts with one of the stems the word matched (`tables` for `tabl`).
pub fn title_match(title: &str, query_words: &[String], stems: &[Vec<String>], meta: &Meta) -> u8 {
    let title_words: Vec<String> = (words(title).into_iter())
        .filter(|w| !meta.stop_words.contains(w) && !meta.filler_words.contains(w))
        .collect();
    let matches =
        |title_word: &str, query: usize| is_query_word(title_word, query, query_words, stems);
    let every_query_word =
        (0..query_words.len()).all(|query| title_words.iter().any(|w| matches(w, query)));
    if query_words.is_empty() || !every_query_word {
        return 0;
    }
    let only_query_words =
        (title_words.iter()).all(|w| (0..query_words.len()).any(|query| matches(w, query)));
    if only_query_words {
        2
    } else {
        1
    }
}

/// Whether `word` (lowercase) is query word number `query` of `query_words`: the word itself,
/// or one starting with one of the stems it matched (`tables` for `tabl`).
fn is_query_word(word: &str, query: usize, query_words: &[String], stems: &[Vec<String>]) -> bool {
    word == query_words[query]
        || (stems[query].iter()).any(|stem| {
            word == stem
                || (stem.chars().count() >= PREFIX_MIN_CHARS && word.starts_with(stem.as_str()))
        })
}

/// Which of a card's sections (by `anchors`, the intro's "" first) the results page's window of
/// the Markdown copy starts at, for a query that searched `query_words` (each matching `stems`): the first of those whose
/// anchor's words (a heading's id is its words) hold the most query words, else the intro (0).
/// Only headings can be matched before the text is loaded; the intro holds what a reader
/// needs first.
pub fn chosen_section(
    anchors: &[&str],
    query_words: &[String],
    stems: &[Vec<String>],
    meta: &Meta,
) -> usize {
    let mut best = (0, 0);
    for (index, anchor) in anchors.iter().enumerate().skip(1) {
        let anchor_words: Vec<String> = (words(anchor).into_iter())
            .filter(|w| !meta.stop_words.contains(w) && !meta.filler_words.contains(w))
            .collect();
        let matched = (0..query_words.len())
            .filter(|&query| {
                (anchor_words.iter()).any(|w| is_query_word(w, query, query_words, stems))
            })
            .count();
        if matched > best.1 {
            best = (index, matched);
        }
    }
    best.0
}

/// Adds the stems of the words of `shard` that `accept` gives a factor, keeping each stem's
/// best factor.
fn add_matches(
    shard: &Shard,
    found: &mut BTreeMap<String, (Stem, f64)>,
    accept: impl Fn(&str) -> Option<f64>,
) {
    for (index, candidate) in shard.words.iter().enumerate() {
        let Some(factor) = accept(candidate) else {
            continue;
        };
        let stem = &shard.stems[shard.terms[index] as usize];
        let entry = found
            .entry(stem.0.clone())
            .or_insert((stem.clone(), factor));
        entry.1 = entry.1.max(factor);
    }
}

/// Where `run` starts in `words` as consecutive words, if it does (never for an empty run).
fn find_run(words: &[String], run: &[String]) -> Option<usize> {
    if run.is_empty() || run.len() > words.len() {
        return None;
    }
    (0..=words.len() - run.len()).find(|&at| words[at..at + run.len()] == *run)
}

/// How many insertions, deletions, substitutions and swaps of neighbours turn `a` into `b`
/// (optimal string alignment distance, by chars).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table: two rows back (for swaps), the last, the current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut last, row);
    }
    last[b.len()]
}

/// Whether `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours
/// (Damerau-Levenshtein distance 1). Words are short ([`MAX_WORD_CHARS`]), so this is cheap.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().take(MAX_WORD_CHARS + 1).collect();
    let b: Vec<char> = b.chars().take(MAX_WORD_CHARS + 1).collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match (a.len(), b.len()) {
        (0, 0) => false,
        (x, y) if x == y => {
            a[1..] == b[1..] || (x >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        (x, y) if x + 1 == y => a == &b[1..],
        (x, y) if y + 1 == x => &a[1..] == b,
        _ => false,
    }
}
