//! WCAG 2.1 AA in a real headless Chromium: axe-core runs on the home page, two article pages,
//! a category, a tag page, the 404 page and the search page with results, in the light and the
//! dark colour scheme, and must find nothing. A keyboard test walks the pages with Tab: the
//! skip link comes first and works, every focused control shows a focus outline, and the
//! search box and the feedback widget can be used without a mouse.
//!
//! The site is the sample KB plus `tests/fixtures/every-element.md` (every element the
//! Markdown writer produces), built and served as static files.
//!
//! Needs `chromium` and `chromedriver` (Debian: `chromium`, `chromium-driver`) and axe-core
//! from `tests/browser-tools` (`npm ci`); `scripts/test` installs them. Without them these
//! tests fail, saying so: they never pass silently.

#[path = "support/browser.rs"]
mod browser_support;
mod support;

use browser_support::script_value;
use browser_support::with_browser_flags;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Client;
use support::static_site::sample_site_with_files;
use support::tools::axe_script;
use support::Test;

/// The pages checked, as (what, path under the site).
const PAGES: &[(&str, &str)] = &[
    ("the home page", ""),
    (
        "an article with the audience switch, tables and an image",
        "support-portal/cant-access-support-portal/",
    ),
    ("the every-element article", "hosted-voice/every-element/"),
    (
        "a French translation, with the language switch",
        "fr/support-portal/cant-access-support-portal/",
    ),
    (
        "an untranslated article in the French site, shown in English with a notice",
        "fr/hosted-voice/sip-settings/",
    ),
    ("a category with topics", "hosted-voice/"),
    ("a tag page", "tags/login/"),
    ("the 404 page", "404.html"),
];

/// What Chromium is told about the reader's colour scheme.
#[derive(Clone, Copy, Debug)]
enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    /// Chromium's own switch: the page sees `prefers-color-scheme: dark` as with a dark desktop.
    fn flags(self) -> &'static [&'static str] {
        match self {
            Scheme::Light => &[],
            Scheme::Dark => &["--force-dark-mode"],
        }
    }
}

/// The sample KB with the extra article, built and served (see `sample_site_with`), its
/// French site showing untranslated articles in English (`untranslated = "fallback"`).
fn site() -> (String, Test) {
    let site_toml = include_str!("../site.toml").replace(
        "[languages.fr]\n",
        "[languages.fr]\nuntranslated = \"fallback\"\n",
    );
    sample_site_with_files(
        &[
            (
                "articles/hosted-voice/every-element.md",
                include_str!("fixtures/every-element.md"),
            ),
            ("site.toml", &site_toml),
        ],
        "2026-11-27",
    )
}

/// Runs axe-core's WCAG 2.0/2.1 A and AA rules on the current page; returns one line per
/// violation, with its nodes, or nothing.
async fn axe_violations(client: &Client, page: &str) -> Vec<String> {
    // Injected as a script element: the engine then lives in the page like any script.
    client
        .execute(
            "if (!window.axe) { var s = document.createElement('script'); s.textContent = arguments[0];
               document.head.appendChild(s); }
             return typeof window.axe;",
            vec![serde_json::Value::String(axe_script())],
        )
        .await
        .unwrap();
    let result = client
        .execute_async(
            "var done = arguments[arguments.length - 1];
             axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
               .then(function (r) { done(r.violations); }, function (e) { done('axe failed: ' + e); });",
            vec![],
        )
        .await
        .unwrap();
    let Some(violations) = result.as_array() else {
        panic!("{page}: {result}");
    };
    violations
        .iter()
        .map(|v| {
            let nodes: Vec<String> = v["nodes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|n| {
                    let summary = n["failureSummary"]
                        .as_str()
                        .unwrap_or("")
                        .replace('\n', " ");
                    format!("    {}: {summary}", n["target"])
                })
                .collect();
            format!(
                "{page}: {} ({}): {}\n{}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or("?"),
                nodes.join("\n")
            )
        })
        .collect()
}

/// Checks every page of `PAGES` and the search results in one colour scheme.
async fn no_violations_in(scheme: Scheme) {
    let (url, _kb) = site();
    with_browser_flags(scheme.flags(), move |client| async move {
        client.goto(&url).await.unwrap();
        // Both the media query and the colours it selects: axe measures the colours drawn.
        let seen = client
            .execute(
                "var rgb = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
                 return [matchMedia('(prefers-color-scheme: dark)').matches, rgb[0] + rgb[1] + rgb[2] < 384];",
                vec![],
            )
            .await
            .unwrap();
        let dark = matches!(scheme, Scheme::Dark);
        assert_eq!(seen, serde_json::json!([dark, dark]), "[prefers dark, dark background] in the {scheme:?} scheme");
        let mut found = Vec::new();
        for (what, path) in PAGES {
            client.goto(&format!("{url}{path}")).await.unwrap();
            script_value(&client, "the page loaded", "return document.readyState === 'complete';").await;
            if path.starts_with("fr/support-portal/") {
                // The French site's page itself, not a fallback.
                script_value(&client, "the French page", "return document.documentElement.lang === 'fr' && !!document.querySelector('nav.language-switch');").await;
            }
            if path.contains('/') {
                // The scripts show the feedback widget (and the audience switch) on load.
                script_value(&client, "the page's scripts ran", "var f = document.querySelector('form.feedback'); return !f || !f.hidden;").await;
            }
            found.extend(axe_violations(&client, what).await);
        }
        // The search page with results for a query typed into the header's search box.
        client.goto(&url).await.unwrap();
        let input = client.find(fantoccini::Locator::Id("site-search-query")).await.unwrap();
        input.send_keys("forwarding voicemail\u{E007}").await.unwrap();
        script_value(&client, "search results", "return document.querySelectorAll('#search-results > li').length > 1 && document.querySelectorAll('#search-facets input').length > 0;").await;
        found.extend(axe_violations(&client, "the search results").await);
        assert!(
            found.is_empty(),
            "axe-core found {} WCAG 2.1 A/AA violations in the {scheme:?} scheme:\n{}",
            found.len(),
            found.join("\n")
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_have_no_wcag_violations_in_the_light_scheme() {
    no_violations_in(Scheme::Light).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_have_no_wcag_violations_in_the_dark_scheme() {
    no_violations_in(Scheme::Dark).await;
}

/// Presses and releases one key, as a keyboard would, wherever the focus is.
async fn press(client: &Client, key: Key) {
    let key: char = key.into();
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(keys).await.unwrap();
}

/// Describes the focused element: `{tag, id, classes, text, outline}`, where `outline` says
/// whether it draws a visible focus indicator.
async fn focused(client: &Client) -> serde_json::Value {
    client
        .execute(
            "var e = document.activeElement; var s = getComputedStyle(e);
             var r = e.getBoundingClientRect();
             return {tag: e.tagName.toLowerCase(), id: e.id, classes: e.className,
                     value: e.value || '', text: (e.textContent || '').trim().slice(0, 60),
                     outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                     inView: r.bottom > 0 && r.top < innerHeight && r.width > 0};",
            vec![],
        )
        .await
        .unwrap()
}

/// Presses Tab until `wanted` matches the focused element, checking on the way that every
/// focused element shows a focus outline and is scrolled into view; returns the Tab count.
async fn tab_to(client: &Client, what: &str, wanted: impl Fn(&serde_json::Value) -> bool) -> usize {
    for presses in 1..=300 {
        press(client, Key::Tab).await;
        let element = focused(client).await;
        assert!(element["outline"] == true, "no visible focus on {element}");
        assert!(
            element["inView"] == true,
            "focus is off screen on {element}"
        );
        if wanted(&element) {
            return presses;
        }
    }
    panic!("Tab never reached {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyboard_reaches_the_skip_link_search_and_feedback() {
    let (url, _kb) = site();
    // Smooth scrolling (the theme's, without reduced motion) would still be moving the page
    // when the focus is measured.
    with_browser_flags(&["--force-prefers-reduced-motion"], move |client| async move {
        let article = format!("{url}hosted-voice/every-element/");
        client.goto(&article).await.unwrap();
        script_value(&client, "the feedback widget", "return !document.querySelector('form.feedback').hidden;").await;

        // The skip link is the first stop, and it moves the focus to the content.
        assert_eq!(tab_to(&client, "the skip link", |e| e["classes"] == "skip-link").await, 1);
        press(&client, Key::Enter).await;
        script_value(&client, "the focus on <main>", "return document.activeElement.id === 'main';").await;
        tab_to(&client, "a link in the content", |e| e["tag"] == "a").await;

        // The feedback widget: answer "No" with the keyboard, pick a reason, send.
        tab_to(&client, "the feedback's No button", |e| e["value"] == "no").await;
        press(&client, Key::Enter).await;
        script_value(&client, "the focus on the reason", "return document.activeElement.id === 'feedback-reason';").await;
        let violations = axe_violations(&client, "the feedback widget, opened").await;
        assert!(violations.is_empty(), "{}", violations.join("\n"));
        press(&client, Key::Down).await;
        tab_to(&client, "the comment box", |e| e["id"] == "feedback-comment").await;
        client.active_element().await.unwrap().send_keys("Typed with the keyboard.").await.unwrap();
        // The endpoint is on another host: answer here instead of sending anything out.
        client.execute("window.fetch = function () { return Promise.resolve(new Response(null, {status: 204})); }; return 1;", vec![]).await.unwrap();
        tab_to(&client, "the Send button", |e| e["text"] == "Send").await;
        press(&client, Key::Enter).await;
        script_value(&client, "the thank-you", "return document.querySelector('.feedback-status').textContent === 'Thank you for your feedback.';").await;

        // The header's search box, from the top of a page, and the results by Tab.
        client.goto(&url).await.unwrap();
        tab_to(&client, "the search box", |e| e["id"] == "site-search-query").await;
        client.active_element().await.unwrap().send_keys("voicemail").await.unwrap();
        press(&client, Key::Enter).await;
        script_value(&client, "search results", "return document.querySelectorAll('#search-results > li').length > 0;").await;
        let first = script_value(&client, "the first result", "var a = document.querySelector('#search-results h2 a'); return a && a.textContent.trim().slice(0, 60);").await;
        tab_to(&client, "the first result", |e| e["text"] == first).await;
        press(&client, Key::Enter).await;
        script_value(&client, "the result's article", "return location.pathname !== '/kb/search/';").await;
    })
    .await;
}
