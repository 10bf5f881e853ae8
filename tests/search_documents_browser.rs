//! `loadDocument` of the search page's scripts (search-index.js with search-markdown.js, and
//! alone, as an older overridden search.html loads it) in a real headless Chromium, over a
//! small hand-made index served as static files: one fetch per
//! card bundle, one section of each result's Markdown copy fetched (a Range, capped at
//! `sectionBytes`) with the index's version, the section whose heading matches the query, a
//! failed copy retried, `docsPerFile` read from meta.json, an older index format refused.
//!
//! Needs `chromium` and `chromedriver` (Debian: `chromium`, `chromium-driver`); `scripts/test`
//! installs them. Without them these tests fail, saying so: they never pass silently.

#[path = "support/browser.rs"]
mod browser_support;
mod support;

use std::path::Path;

use browser_support::{resolved, with_browser};
use fantoccini::Client;
use serde_json::{json, Value};

/// A small index of format 4 with five documents, three cards a file: document 0 and 1 have
/// Markdown copies, 2's copy is missing, 3 has none, and 4's is not a site path.
fn hand_made_index(site: &Path) {
    let write = |path: &str, text: &str| {
        let file = site.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    };
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    for script in ["search-markdown.js", "search-index.js"] {
        let text = std::fs::read_to_string(theme.join(script)).unwrap();
        write(&format!("static/{script}"), &text);
    }
    write(
        "test/index.html",
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Test</title></head><body>
         <script src=\"/kb/static/search-markdown.js\"></script>
         <script src=\"/kb/static/search-index.js\"></script></body></html>",
    );
    // A theme's search.html from before search-markdown.js existed.
    write(
        "older-theme/index.html",
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Test</title></head><body>
         <script src=\"/kb/static/search-index.js\"></script></body></html>",
    );
    let meta = json!({
        "format": 4, "version": "b 1", "documents": 5, "docsPerFile": 3, "sectionBytes": 4096,
        "stopWords": [], "fillerWords": [], "synonyms": [], "shards": [""], "typos": [],
        "facets": [],
    });
    write("search/meta.json", &meta.to_string());
    let card = |n: usize, markdown: Value| {
        let copy = article(n);
        let (intro, more) = (
            copy.find("\n\nIntro").unwrap() + 1,
            copy.find("## More").unwrap(),
        );
        json!({"url": format!("/kb/a{n}/"), "title": format!("Article {n}"),
               "summary": format!("Summary {n}."), "markdown": markdown,
               "sections": [["", intro], ["more", more]]})
    };
    let cards = [
        card(0, json!("/kb/a0/index.md")),
        card(1, json!("/kb/a1/index.md")),
        card(2, json!("/kb/a2/index.md")),
        card(3, Value::Null),
        card(4, json!("//elsewhere.example/a4/index.md")),
    ];
    write("search/docs/0.json", &json!(cards[0..3]).to_string());
    write("search/docs/1.json", &json!(cards[3..5]).to_string());
    for n in 0..2 {
        write(&format!("a{n}/index.md"), &article(n));
    }
    // Older and broken indexes, which the reader must refuse.
    write(
        "old/meta.json",
        &json!({"format": 3, "version": "x", "documents": 0, "docsPerFile": 3, "copyBytes": 65_536,
                "stopWords": [], "fillerWords": [], "synonyms": [], "shards": [""], "typos": [],
                "facets": []})
        .to_string(),
    );
    write(
        "no-bundles/meta.json",
        &json!({"format": 4, "version": "x", "documents": 0}).to_string(),
    );
}

/// Article `n`'s Markdown copy: a summary, an intro and one section.
fn article(n: usize) -> String {
    format!("# Article {n}\n\n> Summary {n}.\n\nIntro {n}.\n\n## More {{#more}}\n\nText {n}.\n")
}

/// The text `loadDocument` makes of article `n` when its copy loads, for a query matching no
/// heading: the window from the intro holds the whole (short) copy.
fn loaded(n: usize) -> Value {
    json!({"url": format!("/kb/a{n}/"), "title": format!("Article {n}"), "summary": format!("Summary {n}."),
           "sections": [["", "", format!("Intro {n}.")], ["more", "More", format!("Text {n}.")]]})
}

/// What `loadDocument` makes of document `n` without its copy: the card's title and summary.
fn title_only(n: usize) -> Value {
    json!({"url": format!("/kb/a{n}/"), "title": format!("Article {n}"), "summary": format!("Summary {n}."),
           "sections": [["", "", ""], ["more", "", ""]]})
}

/// A search whose words are `words`, each matching the stem that is itself, as
/// `kbpressSearch.search` gives it (what `loadDocument` reads of it).
fn found(words: &[&str]) -> Value {
    let terms: Vec<Value> = words.iter().map(|w| json!([{"stem": [w]}])).collect();
    json!({"words": words, "terms": terms})
}

/// Loads documents `numbers` on the test page; returns them and the URLs fetched so far (site
/// paths with their query). Chromium records a fetch's timing entry a little after the fetch
/// resolves: the entries are read once their number has not changed for 300 ms.
async fn load_documents(client: &Client, numbers: &[usize], found: Value) -> (Value, Vec<String>) {
    let value = resolved(
        client,
        "var index = window.kbpressSearch;
         function settled(seen, quiet) {
           var entries = performance.getEntriesByType('resource');
           if (entries.length === seen && quiet >= 3) return Promise.resolve(entries);
           return new Promise(function (wake) { setTimeout(wake, 100); }).then(function () {
             return settled(entries.length, entries.length === seen ? quiet + 1 : 0);
           });
         }
         var found = arguments[0].found;
         return index.loadMeta().then(function () {
           return Promise.all(arguments[0].map(function (n) { return index.loadDocument(n, found); }));
         }.bind(null, arguments[0].numbers)).then(function (docs) {
           return settled(-1, 0).then(function (entries) {
             return {docs: docs, fetched: entries.map(function (e) {
               var url = new URL(e.name); return url.pathname + url.search; })};
           });
         });",
        json!({"numbers": numbers, "found": found}),
    )
    .await;
    let fetched = value["fetched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap().to_string())
        .collect();
    (value["docs"].clone(), fetched)
}

/// Opens `page` (a fresh page: nothing loaded yet) and points its search at the test index.
async fn open_index_page(client: &Client, page: &str) {
    client.goto(page).await.unwrap();
    client
        .execute(
            "window.kbpressSearch.open('/kb/search/'); return 1;",
            vec![],
        )
        .await
        .unwrap();
}

/// Fails unless `url` was fetched exactly once.
fn fetched_once(fetched: &[String], url: &str) {
    assert_eq!(count(fetched, url), 1, "{url} in {fetched:#?}");
}

fn count(fetched: &[String], url: &str) -> usize {
    fetched.iter().filter(|f| *f == url).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_document_reads_card_bundles_and_markdown_copies() {
    let folder = tempfile::tempdir().unwrap();
    hand_made_index(folder.path());
    let url = support::static_site::serve(folder.path().to_path_buf());
    let missing_copy = folder.path().join("a2/index.md");
    let long_copy = folder.path().join("a0/index.md");
    with_browser(move |client| async move {
        client.goto(&format!("{url}test/")).await.unwrap();
        // An index of another format (3: cards with lines), or without docsPerFile and
        // sectionBytes, is refused.
        for other in ["/kb/old/", "/kb/no-bundles/"] {
            let refused = resolved(
                &client,
                "window.kbpressSearch.open(arguments[0]);
                 return window.kbpressSearch.loadMeta().then(function () { return 'loaded'; },
                   function (error) { return error.message; });",
                json!(other),
            )
            .await;
            assert_eq!(refused, "unknown index format", "{other}");
        }
        open_index_page(&client, &format!("{url}test/")).await;
        let (docs, fetched) = load_documents(&client, &[0, 1, 2, 3, 4], Value::Null).await;
        assert_eq!(
            docs,
            json!([
                loaded(0),
                loaded(1),
                title_only(2),
                title_only(3),
                title_only(4)
            ])
        );
        // One fetch per bundle, however many of its documents are shown; the copies are site
        // paths fetched with the index's version, never a URL elsewhere.
        fetched_once(&fetched, "/kb/search/docs/0.json?v=b%201");
        fetched_once(&fetched, "/kb/search/docs/1.json?v=b%201");
        for n in 0..3 {
            fetched_once(&fetched, &format!("/kb/a{n}/index.md?v=b%201"));
        }
        assert!(
            !fetched.iter().any(|f| f.contains("a4") || f.contains("a3")),
            "{fetched:#?}"
        );
        // A document is made once and kept (making one parses its Markdown).
        let kept = resolved(
            &client,
            "var index = window.kbpressSearch;
             return Promise.all([index.loadDocument(0), index.loadDocument(0)])
               .then(function (docs) { return docs[0] === docs[1]; });",
            json!(null),
        )
        .await;
        assert_eq!(kept, json!(true), "document 0 made twice");
        // Shown again: all from the cache. A copy that failed is fetched again, and now shows.
        std::fs::create_dir_all(missing_copy.parent().unwrap()).unwrap();
        std::fs::write(&missing_copy, article(2)).unwrap();
        let (docs, fetched) = load_documents(&client, &[0, 2], Value::Null).await;
        assert_eq!(docs, json!([loaded(0), loaded(2)]));
        fetched_once(&fetched, "/kb/search/docs/0.json?v=b%201");
        fetched_once(&fetched, "/kb/a0/index.md?v=b%201");
        assert_eq!(
            count(&fetched, "/kb/a2/index.md?v=b%201"),
            2,
            "{fetched:#?}"
        );

        // A query whose word is in a heading: the window starts at that section, shown with
        // its heading; the intro, before it, has no text.
        let (docs, fetched) = load_documents(&client, &[1], found(&["more"])).await;
        let section = json!({"url": "/kb/a1/", "title": "Article 1", "summary": "Summary 1.",
                             "sections": [["", "", ""], ["more", "More", "Text 1."]]});
        assert_eq!(docs, json!([section]));
        // Each fetch asks for a window of the copy from a section's start: the intro's (above),
        // then this one's.
        assert_eq!(count(&fetched, "/kb/a1/index.md?v=b%201"), 2, "{fetched:#?}");
        let sizes = |client: Client, path: &'static str| async move {
            client
                .execute(
                    "var path = arguments[0];
                     return performance.getEntriesByType('resource')
                       .filter(function (e) { return e.name.indexOf(path) >= 0; })
                       .map(function (e) { return e.encodedBodySize; });",
                    vec![json!(path)],
                )
                .await
                .unwrap()
        };
        let copy = article(1);
        let (intro, more) = (copy.find("\n\nIntro").unwrap() + 1, copy.find("## More").unwrap());
        assert_eq!(
            sizes(client.clone(), "/kb/a1/index.md").await,
            json!([copy.len() - intro, copy.len() - more])
        );

        // A long copy: only `sectionBytes` from the section are asked for, and what they hold
        // is shown.
        let filler = "A filler line of the long article.\n".repeat(4_000);
        std::fs::write(&long_copy, format!("{}{filler}", article(0))).unwrap();
        open_index_page(&client, &format!("{url}test/")).await;
        let (docs, _) = load_documents(&client, &[0], found(&["more"])).await;
        assert_eq!(docs[0]["sections"][0][2], "");
        assert_eq!(docs[0]["sections"][1][1], "More");
        let text = docs[0]["sections"][1][2].as_str().unwrap();
        assert!(text.starts_with("Text 0. A filler line"), "{text:.80}");
        assert!(text.len() < 4096 && text.len() > 3_900, "{}", text.len());
        assert_eq!(sizes(client.clone(), "/kb/a0/index.md").await, json!([4096]));

        // Without search-markdown.js (an overridden search.html from before it), results
        // still show their titles and links.
        open_index_page(&client, &format!("{url}older-theme/")).await;
        let (docs, _) = load_documents(&client, &[1], Value::Null).await;
        let title_and_link = json!([{"url": "/kb/a1/", "title": "Article 1", "summary": "Summary 1.", "sections": []}]);
        assert_eq!(docs, title_and_link);
    })
    .await;
}
