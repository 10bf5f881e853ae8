//! The relevance benchmark: query sets with known right answers (`tests/relevance/*.toml`), each
//! query run through `search::lookup` (the browser's matching, in Rust) against the index of a
//! real build, and scored as MRR@10 and hit@1/hit@3 per query class. Each set has a floor, so a
//! ranking change that makes answers harder to find fails here instead of going unnoticed.
//!
//! `scripts/relevance KB QUERIES` runs a query file against any KB (the real docs set of
//! `tests/relevance/powershell.toml`, which is not in the repository) and prints the report.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use kbpress::render::{Options, Sink};
use kbpress::search::lookup::Searcher;
use serde::Deserialize;
use support::Test;

/// A query file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuerySet {
    /// What the set is run against and how to make it (free text, for people).
    #[allow(dead_code)]
    about: String,
    query: Vec<Query>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Query {
    class: Class,
    text: String,
    /// Article paths under `articles/`, without `.md`: any of them is a right answer.
    expected: Vec<String>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
enum Class {
    Names,
    Concepts,
    Tasks,
    Typos,
    Questions,
}

/// The figures of a group of queries.
#[derive(Debug, Default, Clone, Copy)]
struct Figures {
    queries: usize,
    reciprocal_ranks: f64,
    hit1: usize,
    hit3: usize,
}

impl Figures {
    fn add(&mut self, rank: Option<usize>) {
        self.queries += 1;
        if let Some(rank) = rank.filter(|&r| r <= 10) {
            self.reciprocal_ranks += 1.0 / rank as f64;
            self.hit1 += usize::from(rank == 1);
            self.hit3 += usize::from(rank <= 3);
        }
    }

    fn mrr(&self) -> f64 {
        self.reciprocal_ranks / self.queries.max(1) as f64
    }
}

struct Report {
    classes: BTreeMap<Class, Figures>,
    all: Figures,
    text: String,
}

#[derive(Default)]
struct MemorySink(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        // The index, and the Markdown copies that results cut their snippets from.
        if path.starts_with("search/") || path.ends_with(".md") {
            self.0.lock().unwrap().insert(path.to_string(), bytes);
        }
        Ok(())
    }
}

/// The search index of the public site of the KB at `root`, and each article's path under
/// `articles/` without `.md`, by its site-relative URL.
fn build_index(root: &Path) -> (BTreeMap<String, Vec<u8>>, BTreeMap<String, String>) {
    let today = "2026-11-01".parse().unwrap();
    let request = kbpress::pipeline::Request::new(root, today, kbpress::pipeline::Purpose::Build);
    let mut checked = kbpress::pipeline::load_and_check(&request).expect("the KB loads");
    let sink = MemorySink::default();
    let options = Options {
        variant: checked.variants.remove(0),
        include_drafts: false,
        today,
    };
    kbpress::pipeline::render(&checked.site, &options, &sink).expect("the KB renders");
    let paths = (checked.site.articles.iter())
        .map(|article| {
            let path = article.path.trim_start_matches("articles/");
            (
                article.url.clone(),
                path.trim_end_matches(".md").to_string(),
            )
        })
        .collect();
    (sink.0.into_inner().unwrap(), paths)
}

/// Each document's URL path, from the cards.
fn urls(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut numbered: Vec<(usize, Vec<String>)> = files
        .iter()
        .filter_map(|(path, bytes)| {
            let number = path.strip_prefix("search/docs/")?.strip_suffix(".json")?;
            let cards: Vec<serde_json::Value> = serde_json::from_slice(bytes).ok()?;
            let urls = cards
                .iter()
                .map(|c| c["url"].as_str().unwrap_or("").to_string());
            Some((number.parse().ok()?, urls.collect()))
        })
        .collect();
    numbered.sort();
    numbered.into_iter().flat_map(|(_, urls)| urls).collect()
}

fn read_set(queries: &Path) -> QuerySet {
    toml::from_str(&std::fs::read_to_string(queries).expect("query file"))
        .unwrap_or_else(|e| panic!("{}: {e}", queries.display()))
}

/// Runs the queries of `queries` (a TOML file) against the KB at `root`, and checks that
/// `search-index.js` ranks them as `search::lookup` does.
fn measure(root: &Path, queries: &Path) -> Report {
    let set = read_set(queries);
    let (files, paths) = build_index(root);
    let mut texts: Vec<&str> = set.query.iter().map(|q| q.text.as_str()).collect();
    // And queries of only filler words, of nothing indexed, of an identifier, with synonyms,
    // that get a suggestion.
    texts.extend([
        "how do",
        "zzqxv",
        "Get-ChildItem",
        "PSCustomObject",
        "sign in",
        "how do I sign in to the queue",
        "vcmail",
        "prtal invce",
    ]);
    assert_same_ranking_in_javascript(&files, &texts);
    // Each document's article path (cards hold URLs with the site's base path before them).
    let articles: Vec<String> = (urls(&files).iter())
        .map(|url| {
            let found = paths
                .iter()
                .find(|(relative, _)| url.ends_with(&format!("/{relative}")));
            found.map_or_else(|| url.clone(), |(_, path)| path.clone())
        })
        .collect();
    // Cards name the Markdown copies with the site's base path before them (`help/a/index.md`):
    // the files of the sink have none.
    let fetch = |path: &str| {
        let mut rest = path;
        loop {
            if let Some(bytes) = files.get(rest) {
                return Some(bytes.clone());
            }
            rest = &rest[rest.find('/')? + 1..];
        }
    };
    let mut report = Report {
        classes: BTreeMap::new(),
        all: Figures::default(),
        text: String::new(),
    };
    let mut cold_bytes = Vec::new();
    for query in &set.query {
        let mut searcher = Searcher::open(&fetch).expect("meta.json");
        let outcome = searcher.search(&query.text);
        let found: Vec<&str> = (outcome.hits.iter().take(10))
            .map(|hit| articles[hit.document as usize].as_str())
            .collect();
        let rank = (found.iter())
            .position(|path| query.expected.iter().any(|e| e == path))
            .map(|r| r + 1);
        report.classes.entry(query.class).or_default().add(rank);
        report.all.add(rank);
        let shown = rank.map_or("-".to_string(), |r| r.to_string());
        let top = found.first().copied().unwrap_or("(none)");
        // What the results page downloads for this query from a cold cache: the index's
        // pieces, the shown results' cards and a window of each one's Markdown copy. Before
        // the windows, the page fetched the first 64 KiB of each copy.
        let cards = searcher.show(&outcome.hits, &outcome.words, &outcome.stems);
        let cold = searcher.downloaded_bytes();
        // The windows are the entries `show` files as `path#start`.
        let windows: usize = (searcher.downloaded.iter())
            .filter(|(path, _)| path.contains('#'))
            .map(|(_, bytes)| bytes)
            .sum();
        let whole: usize = (cards.iter())
            .filter_map(|card| card["markdown"].as_str())
            .filter_map(|path| fetch(path.trim_start_matches('/')))
            .map(|copy| copy.len().min(64 * 1024))
            .sum();
        cold_bytes.push((cold, cold - windows + whole));
        writeln!(
            report.text,
            "{shown:>3}  {:?} {:?}  (first: {top}; cold {:.1} KB, of which copies {:.1} KB; first 64 KiB of each: {:.1} KB)",
            query.class,
            query.text,
            cold as f64 / 1000.0,
            windows as f64 / 1000.0,
            whole as f64 / 1000.0
        )
        .unwrap();
    }
    cold_bytes.sort_unstable();
    let median = |values: Vec<usize>| values.get(values.len() / 2).copied().unwrap_or(0);
    let after = median(cold_bytes.iter().map(|(after, _)| *after).collect());
    let mut before: Vec<usize> = cold_bytes.iter().map(|(_, before)| *before).collect();
    before.sort_unstable();
    writeln!(
        report.text,
        "\ncold query (raw bytes, median of {}): {:.1} KB; with the first 64 KiB of each copy: {:.1} KB",
        cold_bytes.len(),
        after as f64 / 1000.0,
        median(before) as f64 / 1000.0
    )
    .unwrap();
    writeln!(report.text, "\nclass      queries  MRR@10  hit@1  hit@3").unwrap();
    let rows = report.classes.iter().map(|(c, f)| (format!("{c:?}"), *f));
    for (name, figures) in rows.chain([("all".to_string(), report.all)]) {
        writeln!(
            report.text,
            "{name:<10} {:>7}  {:>6.3}  {:>2}/{:<2}  {:>2}/{:<2}",
            figures.queries,
            figures.mrr(),
            figures.hit1,
            figures.queries,
            figures.hit3,
            figures.queries
        )
        .unwrap();
    }
    report
}

/// What `parity.js` prints for a query.
#[derive(Debug, Deserialize, PartialEq)]
struct FromJavascript {
    hits: Vec<u32>,
    suggestion: Option<String>,
}

/// Runs `queries` through `search-index.js` under Node (`tests/relevance/parity.js`) against
/// `files` and asserts that every hit list is in the order `search::lookup` gives, with the
/// same suggestion.
fn assert_same_ranking_in_javascript(files: &BTreeMap<String, Vec<u8>>, queries: &[&str]) {
    let site = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let file = site.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }
    let list = site.path().join("queries.json");
    std::fs::write(&list, serde_json::to_vec(queries).unwrap()).unwrap();
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = std::process::Command::new("node")
        .arg(repository.join("tests/relevance/parity.js"))
        .arg(repository.join("themes/default/static/search-index.js"))
        .arg(site.path())
        .arg(&list)
        .output()
        .expect("node (Node.js 18 or later) runs tests/relevance/parity.js");
    assert!(
        output.status.success(),
        "parity.js: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let javascript: Vec<FromJavascript> = serde_json::from_slice(&output.stdout).unwrap();
    // Cards name the Markdown copies with the site's base path before them (`help/a/index.md`):
    // the files of the sink have none.
    let fetch = |path: &str| {
        let mut rest = path;
        loop {
            if let Some(bytes) = files.get(rest) {
                return Some(bytes.clone());
            }
            rest = &rest[rest.find('/')? + 1..];
        }
    };
    for (query, from_javascript) in queries.iter().zip(&javascript) {
        let mut searcher = Searcher::open(&fetch).expect("meta.json");
        let outcome = searcher.search(query);
        let from_rust = FromJavascript {
            hits: outcome.hits.iter().map(|hit| hit.document).collect(),
            suggestion: outcome.suggestion,
        };
        assert_eq!(
            &from_rust, from_javascript,
            "{query:?}: lookup.rs, then search-index.js"
        );
    }
}

fn queries(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/relevance")
        .join(name)
}

/// Fails when a set's figures fall under its floor (set a little under what was measured).
fn assert_floor(report: &Report, mrr: f64, hit3: &[(Class, usize)]) {
    eprintln!("{}", report.text);
    assert!(
        report.all.mrr() >= mrr,
        "MRR@10 {:.3} < {mrr}\n{}",
        report.all.mrr(),
        report.text
    );
    for &(class, floor) in hit3 {
        let figures = report.classes.get(&class).copied().unwrap_or_default();
        assert!(
            figures.hit3 >= floor,
            "{class:?}: hit@3 {} < {floor}\n{}",
            figures.hit3,
            report.text
        );
    }
}

#[test]
fn the_sample_kb_answers_its_queries() {
    let kb = Test::sample_kb();
    // Synonyms, as a KB would declare them (the sample has none: its other tests' output
    // stays as it is).
    let config = kb.root().join("site.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "\n[search.synonyms]\n\"sign in\" = [\"log in\", \"login\"]\ncard = [\"payment method\"]\n",
    );
    std::fs::write(&config, text).unwrap();
    let (files, _) = build_index(kb.root());
    let meta: serde_json::Value = serde_json::from_slice(&files["search/meta.json"]).unwrap();
    assert_eq!(
        meta["synonyms"],
        serde_json::json!([["card", "payment method"], ["sign in", "log in", "login"]])
    );
    let report = measure(kb.root(), &queries("sample.toml"));
    // Measured 0.975, questions 6/6 and typos 3/3 in the top 3 (before #22, on the 18 queries
    // without synonyms: 0.889, questions 4/5).
    assert_floor(&report, 0.94, &[(Class::Questions, 5), (Class::Typos, 3)]);
}

#[test]
fn a_generated_kb_answers_its_queries() {
    // `../shared` beside the repository (CI, developer machines); `KBPRESS_SHARED` elsewhere.
    let shared = std::env::var_os("KBPRESS_SHARED").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    );
    let generator = shared.join("bench/gen_corpus.py");
    let kb = Test::new();
    let status = std::process::Command::new("python3")
        .arg(&generator)
        .args(["--articles", "1000", "--format", "kb", "--out"])
        .arg(kb.root())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs ../shared/bench/gen_corpus.py");
    assert!(status.success(), "gen_corpus.py failed");
    let report = measure(kb.root(), &queries("generated.toml"));
    // Measured 0.944 before and after #22's ranking: its titles say what it is asked.
    assert_floor(&report, 0.92, &[(Class::Questions, 5), (Class::Typos, 3)]);
}

/// `scripts/relevance`: the queries of `KBPRESS_RELEVANCE_QUERIES` against the KB at
/// `KBPRESS_RELEVANCE_KB`, reported (no floor: the set is whatever was asked for).
#[test]
#[ignore = "run by scripts/relevance with a KB and a query file"]
fn relevance_report() {
    let root = std::env::var_os("KBPRESS_RELEVANCE_KB").expect("KBPRESS_RELEVANCE_KB");
    let file = std::env::var_os("KBPRESS_RELEVANCE_QUERIES").expect("KBPRESS_RELEVANCE_QUERIES");
    let report = measure(Path::new(&root), Path::new(&file));
    println!("{}", report.text);
}
