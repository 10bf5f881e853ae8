//! The index end to end: built from documents, read back through [`super::lookup`] as the
//! browser reads it.

use std::collections::{BTreeMap, BTreeSet};

use super::lookup::{one_edit_apart, Searcher};
use super::*;

/// A document whose body is one "Steps" section of `body` (its HTML leaked: tests only).
fn document(title: &str, body: &str, facets: &[(&'static str, &[&str])]) -> Document<'static> {
    Document {
        url: format!("/kb/{}/", title.to_lowercase().replace(' ', "-")),
        title: title.into(),
        summary: String::new(),
        keywords: Vec::new(),
        facets: facets
            .iter()
            .map(|(id, values)| (*id, values.iter().map(|v| v.to_string()).collect()))
            .collect(),
        html: format!(
            "<h2 id=\"steps\">Steps</h2>\n<p>{}</p>\n",
            crate::markdown::escape_html(body)
        )
        .leak(),
        markdown: Some(format!(
            "/kb/{}/index.md",
            title.to_lowercase().replace(' ', "-")
        )),
        sections: vec![
            Section {
                anchor: String::new(),
                start: 20,
            },
            Section {
                anchor: "steps".into(),
                start: 40,
            },
        ],
    }
}

fn declared() -> Vec<Facet> {
    ["product", "type"]
        .map(|id| Facet {
            id: id.into(),
            name: id.to_uppercase(),
        })
        .to_vec()
}

fn files(documents: &[Document]) -> BTreeMap<String, Vec<u8>> {
    files_with_synonyms(documents, Vec::new())
}

fn files_with_synonyms(
    documents: &[Document],
    synonyms: Vec<Vec<String>>,
) -> BTreeMap<String, Vec<u8>> {
    let facets = declared();
    build_files(
        documents,
        &Settings {
            language: "en",
            facets: &facets,
            synonyms,
        },
    )
}

/// Runs `query` against the index of `documents`; returns the titles of the hits in order.
fn titles(documents: &[Document], query: &str) -> Vec<String> {
    let files = files(documents);
    let fetch = |path: &str| files.get(path).cloned();
    let mut searcher = Searcher::open(&fetch).unwrap();
    let outcome = searcher.search(query);
    outcome
        .hits
        .iter()
        .map(|h| documents[h.document as usize].title.clone())
        .collect()
}

fn corpus() -> Vec<Document<'static>> {
    vec![
        document(
            "Set up call forwarding",
            "Forward calls to a mobile.",
            &[("product", &["Voice"]), ("type", &["How-to"])],
        ),
        document(
            "Voicemail greetings",
            "Calls that are forwarded keep the greeting.",
            &[("product", &["Voice"]), ("type", &["Reference"])],
        ),
        document(
            "Reset a portal password",
            "Open the portal and reset it.",
            &[("product", &["Portal"]), ("type", &["How-to"])],
        ),
        document(
            "Invoices",
            "Each invoice lists the portal fees.",
            &[
                ("product", &["Portal", "Billing"]),
                ("type", &["Reference"]),
            ],
        ),
    ]
}

#[test]
fn stemming_finds_every_form_of_a_word() {
    let found = titles(&corpus(), "forwarding");
    assert_eq!(found, ["Set up call forwarding", "Voicemail greetings"]);
    assert_eq!(
        titles(&corpus(), "FORWARDS"),
        found,
        "an unindexed form still finds the stem by prefix"
    );
}

#[test]
fn a_title_match_ranks_above_body_mentions() {
    let documents = vec![
        document(
            "Billing contacts",
            "Forwarding is mentioned here. Forwarding twice.",
            &[],
        ),
        document("Forwarding", "Nothing else.", &[]),
    ];
    assert_eq!(
        titles(&documents, "forwarding"),
        ["Forwarding", "Billing contacts"]
    );
}

#[test]
fn documents_with_every_word_come_first_and_partial_matches_follow() {
    assert_eq!(
        titles(&corpus(), "portal password"),
        ["Reset a portal password", "Invoices"]
    );
    // No document has both: the partial matches are shown, ranked.
    let files = files(&corpus());
    let fetch = |path: &str| files.get(path).cloned();
    let mut searcher = Searcher::open(&fetch).unwrap();
    let outcome = searcher.search("voicemail invoice");
    assert!(!outcome.all_words);
    assert_eq!(outcome.hits.len(), 2);
}

#[test]
fn a_document_missing_a_word_is_ranked_not_dropped() {
    // Only "Portal fees" has every word, once each in its body: the article about stopping a
    // process is still listed (it was dropped when some document had every word).
    let documents = vec![
        document(
            "Portal fees",
            "The fees stop when the order process ends, quickly or not.",
            &[],
        ),
        document("Stop a process", "Stopping a process ends it.", &[]),
    ];
    let found = titles(&documents, "stop process quickly");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.contains(&"Stop a process".to_string()));
}

#[test]
fn question_words_are_left_out_of_a_query_unless_it_has_nothing_else() {
    let files = files(&corpus());
    let fetch = |path: &str| files.get(path).cloned();
    let searcher = Searcher::open(&fetch).unwrap();
    assert_eq!(
        searcher.query_words("How do I reset my password?"),
        ["reset", "password"]
    );
    assert_eq!(searcher.query_words("how do"), ["how", "do"]);
}

#[test]
fn an_exact_title_ranks_first() {
    // The other article has the words in its title too, and mentions them far more often.
    let documents = vec![
        document(
            "Hash tables",
            "About hash tables: hash tables, about hash tables, hash tables about.",
            &[],
        ),
        document(
            "about_Hash_Tables",
            "How to create, use and sort hashtables, which a hash table is. A long text \
             on the subject, with many other words that make the article longer than the \
             other one, so that its length counts against it in the score of each word.",
            &[],
        ),
    ];
    assert_eq!(
        titles(&documents, "about hash tables"),
        ["about_Hash_Tables", "Hash tables"]
    );
}

#[test]
fn a_compound_identifier_in_a_title_is_found_by_its_parts() {
    let documents = vec![
        document(
            "about_PSCustomObject",
            "Explains the type accelerator.",
            &[],
        ),
        document("Get-ChildItem", "Lists the items in a location.", &[]),
    ];
    assert_eq!(
        titles(&documents, "custom object"),
        ["about_PSCustomObject"]
    );
    assert_eq!(titles(&documents, "child item"), ["Get-ChildItem"]);
    // The identifier itself still matches as one word.
    assert_eq!(
        titles(&documents, "PSCustomObject"),
        ["about_PSCustomObject"]
    );
}

#[test]
fn synonyms_search_the_query_with_each_other_member_of_their_group() {
    let documents = vec![
        document("Log in to the portal", "Use your email address.", &[]),
        document("Invoices", "Each invoice lists the fees.", &[]),
    ];
    let group = ["sign in", "log in", "login"].map(String::from).to_vec();
    let with_synonyms = files_with_synonyms(&documents, vec![group]);
    let fetch = |path: &str| with_synonyms.get(path).cloned();
    let mut searcher = Searcher::open(&fetch).unwrap();
    let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    assert_eq!(
        searcher.variants(&words(&["cannot", "sign", "portal"])),
        [
            words(&["cannot", "sign", "portal"]),
            words(&["cannot", "log", "portal"]),
            words(&["cannot", "login", "portal"]),
        ]
    );
    // No article says "sign": only the synonym finds it.
    let outcome = searcher.search("How do I sign in?");
    assert_eq!(outcome.hits.len(), 1);
    assert_eq!(outcome.hits[0].document, 0);
    assert_eq!(outcome.words, ["sign", "log", "login"]);
    // Without the synonyms, nothing.
    let plain = files(&documents);
    let fetch = |path: &str| plain.get(path).cloned();
    assert!(Searcher::open(&fetch)
        .unwrap()
        .search("sign in")
        .hits
        .is_empty());
}

#[test]
fn a_query_without_results_gets_a_suggestion() {
    let files = files(&corpus());
    let fetch = |path: &str| files.get(path).cloned();
    let mut searcher = Searcher::open(&fetch).unwrap();
    // Two letters left out: too far for the typo tolerance, close enough to suggest.
    let outcome = searcher.search("prtl");
    assert!(outcome.hits.is_empty());
    assert_eq!(outcome.suggestion.as_deref(), Some("portal"));
    assert_eq!(searcher.search("portal").suggestion, None);
    assert_eq!(searcher.search("zzqxvw").suggestion, None);
}

#[test]
fn edit_distance_counts_insertions_deletions_substitutions_and_swaps() {
    use super::lookup::edit_distance;
    assert_eq!(edit_distance("portal", "portal"), 0);
    assert_eq!(edit_distance("prtl", "portal"), 2);
    assert_eq!(edit_distance("porlta", "portal"), 2);
    assert_eq!(edit_distance("protal", "portal"), 1);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("größe", "grösse"), 2);
}

#[test]
fn one_typo_in_a_longer_word_still_finds_the_article() {
    assert_eq!(titles(&corpus(), "pasword"), ["Reset a portal password"]);
    assert_eq!(titles(&corpus(), "voicemial"), ["Voicemail greetings"]);
    assert_eq!(titles(&corpus(), "invoicse"), ["Invoices"]);
    // Short words are not corrected: too many words are one letter apart.
    assert!(titles(&corpus(), "rest").is_empty());
    assert!(titles(&corpus(), "zzzzzz").is_empty());
}

/// `documents` and one more, of words that start with every letter: each two-letter group of
/// the documents' words gets shards of its own, as in a large KB. The `pa` words fill several
/// shards, and `password` comes after them.
fn spread(mut documents: Vec<Document>) -> Vec<Document> {
    let filler: Vec<String> = ('a'..='z')
        .flat_map(|letter| (0..150).map(move |n| format!("{letter}q{n}")))
        .chain((0..600).map(|n| format!("pac{n}")))
        .collect();
    documents.push(document("Filler", &filler.join(" "), &[]));
    documents
}

#[test]
fn one_typo_near_the_start_of_a_word_finds_the_article() {
    let documents = spread(corpus());
    let typos = [
        "bassword",  // substitution
        "pqssword",  // substitution of the second letter
        "apssword",  // the first two letters swapped
        "psasword",  // the second and third swapped
        "xpassword", // insertion
        "pxassword", // insertion after the first letter
        "assword",   // deletion
        "pssword",   // deletion of the second letter
    ];
    for typo in typos {
        assert_eq!(
            titles(&documents, typo),
            ["Reset a portal password"],
            "{typo}"
        );
    }
    assert_eq!(titles(&documents, "boicemail"), ["Voicemail greetings"]);
    assert_eq!(titles(&documents, "eeset"), ["Reset a portal password"]);
    // In the third letter, where the `pa` words between them hide `password` from `pabsword`.
    for typo in ["pabsword", "paasword", "paassword"] {
        assert_eq!(
            titles(&documents, typo),
            ["Reset a portal password"],
            "{typo}"
        );
    }
    // Two typos are too many; words under five letters are not corrected.
    assert!(titles(&documents, "bassworf").is_empty());
    assert!(titles(&documents, "rset").is_empty());
}

#[test]
fn the_typo_dictionaries_are_read_only_when_nothing_else_matches() {
    let files = files(&spread(corpus()));
    let fetch = |path: &str| files.get(path).cloned();
    let loaded = |query: &str| {
        let mut searcher = Searcher::open(&fetch).unwrap();
        searcher.search(query);
        assert!(searcher.meta.shards.len() > 10 && searcher.meta.typos[0].shards.len() > 3);
        let paths = searcher.downloaded.into_keys();
        paths.filter(|p| p.starts_with("search/typos/")).count()
    };
    assert_eq!(loaded("password"), 0);
    assert_eq!(loaded("pasword"), 0, "corrected from its own shard");
    assert_eq!(loaded("voicem"), 0, "completed");
    assert_eq!(loaded("bassword"), 2, "a shard of each typo dictionary");
    assert_eq!(loaded("bassworf"), 2, "looked for, not found");
}

#[test]
fn partial_words_complete_as_prefixes() {
    assert_eq!(titles(&corpus(), "voicem"), ["Voicemail greetings"]);
}

#[test]
fn stop_words_alone_find_nothing() {
    assert!(titles(&corpus(), "the and of").is_empty());
}

#[test]
fn one_edit_apart_is_damerau_distance_one() {
    assert!(one_edit_apart("pasword", "password"));
    assert!(one_edit_apart("password", "pasword"));
    assert!(one_edit_apart("passwrod", "password"));
    assert!(one_edit_apart("passward", "password"));
    assert!(!one_edit_apart("password", "password"));
    assert!(!one_edit_apart("pswrd", "password"));
    assert!(!one_edit_apart("psasword", "passwodr"));
}

#[test]
fn facets_combine_values_with_or_and_facets_with_and() {
    let files = files(&corpus());
    let fetch = |path: &str| files.get(path).cloned();
    let mut searcher = Searcher::open(&fetch).unwrap();
    let names: Vec<&str> = searcher.meta.facets.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(names, ["product", "type"]);
    assert_eq!(
        searcher.meta.facets[0].values,
        ["Billing", "Portal", "Voice"]
    );
    let hits = searcher.search("calls portal").hits;
    assert_eq!(
        hits.len(),
        4,
        "no document has both words, so all partial matches show"
    );

    let none = BTreeMap::new();
    let (kept, counts) = searcher.filter(&hits, &none);
    assert_eq!(kept.len(), 4);
    assert_eq!(counts, [vec![1, 2, 2], vec![2, 2]]);

    // Portal OR Voice: all four; the product counts ignore the product selection itself.
    let selected = BTreeMap::from([(0, BTreeSet::from([1, 2]))]);
    let (kept, counts) = searcher.filter(&hits, &selected);
    assert_eq!(kept.len(), 4);
    assert_eq!(counts[0], [1, 2, 2]);

    // Portal AND How-to: one; the type counts are over Portal articles only.
    let selected = BTreeMap::from([(0, BTreeSet::from([1])), (1, BTreeSet::from([0]))]);
    let (kept, counts) = searcher.filter(&hits, &selected);
    let titles: Vec<&str> = kept
        .iter()
        .map(|h| corpus()[h.document as usize].title.clone().leak() as &str)
        .collect();
    assert_eq!(titles, ["Reset a portal password"]);
    assert_eq!(counts, [vec![0, 1, 1], vec![1, 1]]);
}

#[test]
fn a_query_downloads_only_its_shards_postings_and_shown_documents() {
    let mut files = files(&corpus());
    for document in corpus() {
        let path = document
            .markdown
            .unwrap()
            .trim_start_matches('/')
            .to_string();
        files.insert(path, vec![b'x'; 30]);
    }
    let fetch = |path: &str| files.get(path).cloned();
    let mut searcher = Searcher::open(&fetch).unwrap();
    let outcome = searcher.search("password");
    let shown = searcher.show(&outcome.hits, &outcome.words, &outcome.stems);
    assert_eq!(shown[0]["title"], "Reset a portal password");
    let fetched: Vec<&str> = searcher.downloaded.keys().map(String::as_str).collect();
    assert_eq!(
        fetched,
        [
            "kb/reset-a-portal-password/index.md#20",
            "search/docs/0.json",
            "search/meta.json",
            "search/postings/0.bin",
            "search/words/0.json"
        ]
    );
    assert_eq!(
        searcher.downloaded["kb/reset-a-portal-password/index.md#20"], 10,
        "the copy from the intro's start"
    );
}

#[test]
fn a_result_fetches_a_window_from_the_section_its_heading_matches_else_the_intro() {
    let mut files = files(&corpus());
    let long = crate::search::SECTION_BYTES * 3;
    for document in corpus() {
        let path = document
            .markdown
            .unwrap()
            .trim_start_matches('/')
            .to_string();
        files.insert(path, vec![b'x'; long]);
    }
    let fetch = |path: &str| files.get(path).cloned();
    let shown = |query: &str| {
        let mut searcher = Searcher::open(&fetch).unwrap();
        let outcome = searcher.search(query);
        searcher.show(&outcome.hits, &outcome.words, &outcome.stems);
        let copies: Vec<(String, usize)> = (searcher.downloaded.iter())
            .filter(|(path, _)| path.starts_with("kb/"))
            .map(|(path, bytes)| (path.clone(), *bytes))
            .collect();
        copies
    };
    // "password" is in no heading: from the intro, capped.
    assert_eq!(
        shown("password"),
        [(
            "kb/reset-a-portal-password/index.md#20".to_string(),
            crate::search::SECTION_BYTES
        )]
    );
    // "steps" (every document's heading, "step" its stem) picks that section, capped.
    let steps = shown("portal step");
    assert!(!steps.is_empty());
    for (path, bytes) in steps {
        assert!(path.ends_with("#40"), "{path}");
        assert_eq!(bytes, crate::search::SECTION_BYTES);
    }
}

#[test]
fn cards_are_filed_eight_to_a_file_in_document_order() {
    let documents: Vec<Document> = (0..DOCUMENTS_PER_FILE + 3)
        .map(|n| document(&format!("Article {n}"), "text", &[]))
        .collect();
    let files = files(&documents);
    let docs: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("search/docs/"))
        .collect();
    assert_eq!(docs, ["search/docs/0.json", "search/docs/1.json"]);
    let second: serde_json::Value = serde_json::from_slice(&files["search/docs/1.json"]).unwrap();
    let titles: Vec<&str> = second
        .as_array()
        .unwrap()
        .iter()
        .map(|card| card["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Article 8", "Article 9", "Article 10"]);
    assert_eq!(second[0]["url"], "/kb/article-8/");
    assert_eq!(second[0]["markdown"], "/kb/article-8/index.md");
    assert_eq!(
        second[0]["sections"],
        serde_json::json!([["", 20], ["steps", 40]])
    );
}

#[test]
fn every_card_is_in_its_documents_file_whatever_the_chunking() {
    // Not a multiple of the chunk or file size: the last chunk and file are partial.
    let count = 3_001;
    let documents: Vec<Document> = (0..count)
        .map(|n| document(&format!("Article {n}"), "text", &[]))
        .collect();
    let files = files(&documents);
    for (number, document) in documents.iter().enumerate() {
        let file: serde_json::Value = serde_json::from_slice(&files[&cards_path(number)]).unwrap();
        let card = &file[number % DOCUMENTS_PER_FILE];
        assert_eq!(card["url"], document.url.as_str(), "document {number}");
    }
    let last: serde_json::Value = serde_json::from_slice(&files[&cards_path(count - 1)]).unwrap();
    assert_eq!(last.as_array().unwrap().len(), count % DOCUMENTS_PER_FILE);
}

#[test]
fn cards_are_valid_json_whatever_the_text() {
    let mut odd = document("Quotes \"and\" \\ slashes", "", &[]);
    odd.title
        .push_str("tab\tnew\nline \u{1} bell \u{7f} é 東京 \u{2028} </script>");
    odd.sections[1].anchor = "a\"b".into();
    let mut plain = document("Plain", "", &[]);
    plain.markdown = None;
    let files = files(&[odd.clone(), plain]);
    let cards: serde_json::Value = serde_json::from_slice(&files["search/docs/0.json"]).unwrap();
    assert_eq!(cards[0]["title"], odd.title.as_str());
    assert_eq!(cards[0]["sections"][1][0], "a\"b");
    assert_eq!(cards[0]["sections"][0], serde_json::json!(["", 20]));
    assert_eq!(cards[1]["markdown"], serde_json::Value::Null);
}

#[test]
fn the_same_documents_give_the_same_bytes() {
    let first = files(&corpus());
    assert_eq!(first, files(&corpus()));
    let mut changed = corpus();
    changed[3].summary = "Changed.".into();
    let meta = |files: &BTreeMap<String, Vec<u8>>| files["search/meta.json"].clone();
    assert_ne!(
        meta(&first),
        meta(&files(&changed)),
        "the version changes with any file"
    );
}

#[test]
fn an_empty_site_has_a_valid_empty_index() {
    let files = files(&[]);
    let fetch = |path: &str| files.get(path).cloned();
    let mut searcher = Searcher::open(&fetch).unwrap();
    assert!(searcher.search("anything").hits.is_empty());
}

#[test]
fn large_vocabularies_split_into_shards_by_two_letter_group() {
    let body: Vec<String> = (0..3000)
        .map(|n| format!("w{}x{n}", ["a", "b", "c"][n % 3]))
        .collect();
    let documents = vec![document("Many words", &body.join(" "), &[])];
    let files = files(&documents);
    let fetch = |path: &str| files.get(path).cloned();
    let searcher = Searcher::open(&fetch).unwrap();
    assert!(searcher.meta.shards.len() > 3, "{:?}", searcher.meta.shards);
    for (path, bytes) in &files {
        if path.starts_with("search/words/") {
            assert!(
                bytes.len() < 2 * dictionary::SHARD_BYTES,
                "{path}: {}",
                bytes.len()
            );
        }
    }
    assert_eq!(titles(&documents, "wbx1000"), ["Many words"]);
    assert_eq!(titles(&documents, "wbx100"), ["Many words"]);
}

#[test]
fn meta_json_is_written_last_and_a_failing_put_stops_the_build() {
    let facets = declared();
    let settings = Settings {
        language: "en",
        facets: &facets,
        synonyms: Vec::new(),
    };
    let order = std::sync::Mutex::new(Vec::new());
    let put = |path: String, _: Vec<u8>| -> anyhow::Result<()> {
        order.lock().unwrap().push(path);
        Ok(())
    };
    let corpus = corpus();
    let document = |n: usize, add: &mut Add| add(corpus[n].clone());
    let count = build(corpus.len(), &document, &settings, &put).unwrap();
    let order = order.into_inner().unwrap();
    assert_eq!(order.len(), count);
    assert_eq!(order.last().map(String::as_str), Some("search/meta.json"));

    let refuse = |_: String, _: Vec<u8>| -> anyhow::Result<()> { anyhow::bail!("disk full") };
    let error = build(corpus.len(), &document, &settings, &refuse).unwrap_err();
    assert_eq!(error.to_string(), "disk full");

    // A caller that forgets a document is a bug, reported as one.
    let forgets = |n: usize, add: &mut Add| {
        if n == 3 {
            Ok(())
        } else {
            add(corpus[n].clone())
        }
    };
    let error = build(corpus.len(), &forgets, &settings, &|_, _| Ok(())).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("search document 3 was not added once"),
        "{error}"
    );
}
