//! The search page in a real headless Chromium (chromedriver over WebDriver), on a build of the
//! sample KB served as static files: results with titles and highlighted snippets, one-letter
//! typos, a suggestion for a query without results, facet filters with counts, the search box
//! of every page, article text that looks like HTML shown as text, and results' text made from
//! card bundles and Markdown copies (sections, headings with attributes, a section after a cut
//! audience section).
//!
//! Needs `chromium` and `chromedriver` (Debian: `chromium`, `chromium-driver`); `scripts/test`
//! installs them. Without them these tests fail, saying so: they never pass silently.

#[path = "support/browser.rs"]
mod browser_support;
mod support;

use browser_support::script_value;
use browser_support::with_browser;
use fantoccini::{Client, Locator};
use support::static_site::sample_site_with;
use support::Test;

/// An article whose title and body hold markup as text (escaped by kbpress on its page), and
/// raw HTML the sanitizer removes from the page (the `<svg>`; its Markdown copy keeps it as text).
const HOSTILE: &str = "---
title: \"Faxline <img src=x onerror=window.kbpressXss=1> setup\"
summary: \"Set up the faxline <b onmouseover=window.kbpressXss=2>bridge</b>.\"
type: how-to
applies_to: [hosted-voice]
reviewed: 2026-10-01
---

## Before you start

You need the faxline adapter.

## Steps

Type `<img src=x onerror=window.kbpressXss=3>` into the faxline field, then
&lt;b onmouseover=window.kbpressXss=4&gt;save&lt;/b&gt;. <svg onload=\"window.kbpressXss=5\"></svg>
";

/// The sample KB with the extra article, built and served (see `sample_site_with`).
fn site() -> (String, Test) {
    sample_site_with("articles/hosted-voice/faxline.md", HOSTILE, "2027-01-15")
}

/// The sample KB plus an article of part codes that start with every letter, so that its
/// index has many shards, as a large KB's: a word and the same word with a typo in its first
/// letter are then in shards far apart.
fn large_site() -> (String, Test) {
    let codes: Vec<String> = ('a'..='z')
        .flat_map(|letter| (0..150).map(move |n| format!("{letter}q{n}")))
        .collect();
    let article = format!(
        "---
title: Part codes
summary: Every part code.
type: reference
\
         applies_to: [hosted-voice]
reviewed: 2026-10-01
---

{}
",
        codes.join(" ")
    );
    sample_site_with(
        "articles/hosted-voice/part-codes.md",
        &article,
        "2027-01-15",
    )
}

/// The results shown, once at least `minimum` are: `[{title, href, marks, snippet, section,
/// summary}]`.
async fn results(client: &Client, minimum: usize) -> Vec<serde_json::Value> {
    let script = format!(
        "var items = document.querySelectorAll('#search-results > li');
         if (items.length < {minimum}) return null;
         function text(li, css) {{ var e = li.querySelector(css); return e ? e.textContent : ''; }}
         return Array.from(items).map(function (li) {{
           var link = li.querySelector('h2 a');
           return {{
             title: link.textContent,
             href: link.getAttribute('href'),
             marks: Array.from(li.querySelectorAll('mark')).map(function (m) {{ return m.textContent; }}),
             snippet: text(li, '.search-snippet'),
             section: text(li, '.search-section'),
             summary: text(li, '.search-summary')
           }};
         }});"
    );
    let value = script_value(client, &format!("{minimum} results"), &script).await;
    value.as_array().cloned().unwrap_or_default()
}

/// The text of the search page's status line ("3 results for ...").
async fn search_status(client: &Client) -> String {
    let status = client.find(Locator::Id("search-status")).await.unwrap();
    status.text().await.unwrap()
}

/// Whether one of `results` has this title.
fn shows(results: &[serde_json::Value], title: &str) -> bool {
    results.iter().any(|r| r["title"] == title)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_show_titles_highlighted_snippets_and_link_to_the_section() {
    let (url, _kb) = site();
    with_browser(move |client| async move {
        client
            .goto(&format!("{url}search/?q=forwarding%20voicemail"))
            .await
            .unwrap();
        let found = results(&client, 1).await;
        assert!(
            shows(&found, "Forwarded calls go to voicemail"),
            "{found:?}"
        );
        let first = &found[0];
        let marks: Vec<String> = first["marks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap().to_lowercase())
            .collect();
        assert!(
            marks
                .iter()
                .any(|m| m.starts_with("forward") || m.starts_with("voicemail")),
            "{first}"
        );
        let href = first["href"].as_str().unwrap();
        assert!(
            href.starts_with("/kb/") && href.contains('#'),
            "links to a section: {href}"
        );
        let status = search_status(&client).await;
        assert!(
            status.contains("for \u{201c}forwarding voicemail\u{201d}"),
            "{status}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_letter_typo_still_finds_the_article() {
    let (url, _kb) = site();
    with_browser(move |client| async move {
        finds_voicemail_for(&client, &url, "voicemial").await;
    })
    .await;
}

/// Searches for `query`, a misspelt "voicemail", and expects the voicemail article and the
/// correction in the status line.
async fn finds_voicemail_for(client: &Client, url: &str, query: &str) {
    client
        .goto(&format!("{url}search/?q={query}"))
        .await
        .unwrap();
    let found = results(client, 1).await;
    assert!(
        shows(&found, "Forwarded calls go to voicemail"),
        "{found:?}"
    );
    let status = search_status(client).await;
    assert!(status.contains("Including: voicemail"), "{status}");
}

/// Two letters off is too far for the typo tolerance: no results, and a suggestion linking to
/// the search for the word meant.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_without_results_suggests_a_close_word() {
    let (url, _kb) = site();
    with_browser(move |client| async move {
        client
            .goto(&format!("{url}search/?q=voicmal"))
            .await
            .unwrap();
        let script = "var link = document.querySelector('#search-status a');
             return link ? [link.textContent, link.getAttribute('href')] : null;";
        let link = script_value(&client, "the suggestion's link", script).await;
        assert_eq!(link, serde_json::json!(["voicemail", "?q=voicemail"]));
        let status = search_status(&client).await;
        assert!(status.starts_with("No results for"), "{status}");
        assert!(status.ends_with("Did you mean voicemail?"), "{status}");
        client
            .find(Locator::Css("#search-status a"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let found = results(&client, 1).await;
        assert!(
            shows(&found, "Forwarded calls go to voicemail"),
            "{found:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typo_in_the_first_letter_still_finds_the_article() {
    let (url, _kb) = large_site();
    with_browser(move |client| async move {
        finds_voicemail_for(&client, &url, "boicemail").await;
        // Found through the typo dictionary: the word's own shards do not hold `voicemail`.
        let fetched = client
            .execute(
                "return performance.getEntriesByType('resource').map(function (e) { return e.name; });",
                vec![],
            )
            .await
            .unwrap();
        let fetched: Vec<&str> = fetched.as_array().unwrap().iter().filter_map(|n| n.as_str()).collect();
        assert!(
            fetched.iter().any(|name| name.contains("/search/typos/")),
            "{fetched:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facet_filters_the_results_with_correct_counts() {
    let (url, _kb) = site();
    with_browser(move |client| async move {
        client.goto(&format!("{url}search/?q=forwarding")).await.unwrap();
        let all = results(&client, 2).await;
        // The "Troubleshooting" value of the article type facet, its count and checkbox.
        let script = "var labels = Array.from(document.querySelectorAll('#search-facets label'));
             var label = labels.find(function (l) { return l.textContent.indexOf('Troubleshooting') === 0; });
             if (!label) return null;
             return [label.htmlFor, label.querySelector('.count').textContent];";
        let facet = script_value(&client, "the article type facet", script).await;
        let id = facet[0].as_str().unwrap().to_string();
        let count: usize = facet[1].as_str().unwrap().trim_matches(|c| c == '(' || c == ')').parse().unwrap();
        assert!(count >= 1 && count < all.len(), "{count} of {}", all.len());
        // With the keyboard: Space toggles the focused checkbox.
        let checkbox = client.find(Locator::Id(&id)).await.unwrap();
        checkbox.send_keys("\u{E00D}").await.unwrap();
        let script = format!(
            "var n = document.querySelectorAll('#search-results > li').length;
             return n === {count} ? n : null;"
        );
        script_value(&client, &format!("{count} filtered results"), &script).await;
        let status = search_status(&client).await;
        assert!(status.contains("with the filters"), "{status}");
        // Unticking brings every result back.
        checkbox.send_keys("\u{E00D}").await.unwrap();
        let script = format!("return document.querySelectorAll('#search-results > li').length === {} ? 1 : null;", all.len());
        script_value(&client, "all results again", &script).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn article_text_that_looks_like_html_is_shown_as_text() {
    let (url, _kb) = site();
    with_browser(move |client| async move {
        // From the home page's search box, with the keyboard.
        client.goto(&url).await.unwrap();
        let input = client.find(Locator::Id("site-search-query")).await.unwrap();
        input.send_keys("faxline onerror\u{E007}").await.unwrap();
        let found = results(&client, 1).await;
        let first = &found[0];
        assert_eq!(first["title"], "Faxline <img src=x onerror=window.kbpressXss=1> setup");
        // Code spans, entities and raw HTML are text in the snippet (read from the Markdown copy).
        let snippet = first["snippet"].as_str().unwrap();
        assert!(
            snippet.contains("Type <img src=x onerror=window.kbpressXss=3> into the faxline field")
                && snippet.contains("<b onmouseover=window.kbpressXss=4>save</b>.")
                && snippet.contains("<svg onload=\"window.kbpressXss=5\"></svg>"),
            "{first}"
        );
        let injected = client
            .execute(
                "return [document.querySelectorAll('#search-results img, #search-results b').length, typeof window.kbpressXss];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(injected, serde_json::json!([0, "undefined"]));
    })
    .await;
}

/// The result titled `title` among those shown for `query`, once they are.
async fn result_for(client: &Client, url: &str, query: &str, title: &str) -> serde_json::Value {
    client
        .goto(&format!("{url}search/?q={query}"))
        .await
        .unwrap();
    let found = results(client, 1).await;
    found
        .iter()
        .find(|r| r["title"] == title)
        .unwrap_or_else(|| panic!("{title:?} is not among the results for {query:?}: {found:#?}"))
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_show_sections_and_snippets_from_the_markdown_copies() {
    let (url, _kb) = site();
    with_browser(move |client| async move {
        // (query, title, the link's section, the section's heading, text in its snippet)
        let cases = [
            (
                "DND%20icon",
                "Forwarded calls go to voicemail",
                "#check-do-not-disturb",
                "Check Do not disturb",
                "Look for the DND icon on your desk phone, or check the Do not disturb switch",
            ),
            // A heading with an attribute block: `## Role permissions {#permissions}`.
            (
                "role%20permissions",
                "Admin Console roles",
                "#permissions",
                "Role permissions",
                "Assign the Portal Admin role Yes No No Assign the Telephony Admin and End User roles",
            ),
            // After an internal section this public site cuts from the Markdown copy too.
            (
                "explains%20download%20invoices%20online",
                "Understand your invoice",
                "#related-articles",
                "Related articles",
                "Can't access the Support Portal explains who can download invoices online.",
            ),
        ];
        for (query, title, anchor, heading, text) in cases {
            let result = result_for(&client, &url, query, title).await;
            let href = result["href"].as_str().unwrap();
            assert!(href.ends_with(anchor), "{query}: {result:#}");
            assert_eq!(result["section"], format!("Section: {heading}"), "{query}");
            let snippet = result["snippet"].as_str().unwrap();
            assert!(snippet.contains(text), "{query}: {result:#}");
            for markup in ["**", "](", "{#", "| ", "[!", "```", "<"] {
                assert!(!snippet.contains(markup), "{query}: `{markup}` in {result:#}");
            }
        }
        let summary = "Why callers reach voicemail instead of the number you forwarded to, and how \
                       to fix the ring times and settings involved.";
        let result = result_for(&client, &url, "forwarding%20voicemail", "Forwarded calls go to voicemail").await;
        assert_eq!(result["summary"], summary);
        // One fetch per card bundle and Markdown copy, with the index's version. (Chromium
        // records a fetch's timing entry a little after the fetch ends: wait for the copy's.)
        let script = "var names = performance.getEntriesByType('resource').map(function (e) {
                        var u = new URL(e.name); return u.pathname + u.search; });
                      var copy = '/kb/hosted-voice/call-forwarding/forwarded-calls-go-to-voicemail/index.md?v=';
                      return names.some(function (n) { return n.indexOf(copy) === 0; }) ? names : null;";
        let fetched = script_value(&client, "the fetch of the result's Markdown copy", script).await;
        let fetched: Vec<&str> = fetched.as_array().unwrap().iter().filter_map(|n| n.as_str()).collect();
        let bundles: Vec<&&str> = fetched.iter().filter(|f| f.starts_with("/kb/search/docs/")).collect();
        let copies: Vec<&&str> = fetched.iter().filter(|f| f.contains("/index.md?v=")).collect();
        assert!(!bundles.is_empty() && bundles.iter().all(|f| f.contains(".json?v=")), "{fetched:#?}");
        for file in bundles.iter().chain(&copies) {
            assert_eq!(fetched.iter().filter(|f| f == file).count(), 1, "{file} in {fetched:#?}");
        }
    })
    .await;
}
