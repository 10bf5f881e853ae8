//! `kbpress serve` in a real headless Chromium driven over WebDriver (chromedriver): a saved
//! change reloads the open page, a broken build shows the overlay, and fixing it removes it.
//!
//! Needs `chromium` and `chromedriver` (Debian: `chromium`, `chromium-driver`); `scripts/test`
//! installs them. Without them these tests fail, saying so: they never pass silently.

#[path = "support/browser.rs"]
mod browser_support;
#[path = "serve/server.rs"]
mod server;
mod support;

use std::path::Path;

use browser_support::{eventually, with_browser};
use fantoccini::{Client, Locator};
use server::Server;
use support::Test;

async fn main_text(client: &Client) -> String {
    match client.find(Locator::Css("main")).await {
        Ok(main) => main.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn has_overlay(client: &Client) -> bool {
    client
        .find_all(Locator::Css("#kbpress-overlay"))
        .await
        .is_ok_and(|found| !found.is_empty())
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_change_reloads_the_open_page() {
    let kb = Test::fixture("basic");
    let server = Server::started(kb.root());
    let url = format!("{}billing/invoice/", server.url);
    let article = kb.root().join("articles/billing/invoice.md");
    with_browser(move |client| async move {
        client.goto(&url).await.unwrap();
        assert_eq!(
            client.title().await.unwrap(),
            "Understand your invoice: charges · Fixture KB"
        );
        // A mark that only survives if the page is not reloaded.
        client
            .execute("window.kbpressMark = 1; return 1;", vec![])
            .await
            .unwrap();
        edit(
            &article,
            "Your reseller sends the invoice.",
            "Your reseller now emails the invoice.",
        );
        eventually(&client, "the new text", || async {
            main_text(&client)
                .await
                .contains("Your reseller now emails the invoice.")
        })
        .await;
        let mark = client
            .execute("return typeof window.kbpressMark;", vec![])
            .await
            .unwrap();
        assert_eq!(
            mark,
            serde_json::json!("undefined"),
            "the page was reloaded"
        );
        assert!(!has_overlay(&client).await);
        drop(server);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_front_matter_shows_the_overlay_and_fixing_it_clears_it() {
    let kb = Test::fixture("basic");
    let server = Server::started(kb.root());
    let url = format!("{}billing/invoice/", server.url);
    let article = kb.root().join("articles/billing/invoice.md");
    with_browser(move |client| async move {
        client.goto(&url).await.unwrap();
        assert!(!has_overlay(&client).await);
        edit(
            &article,
            "title: \"Understand your invoice: charges\"",
            "title: [Understand your invoice",
        );
        eventually(&client, "the overlay", || has_overlay(&client)).await;
        let overlay = client
            .find(Locator::Css("#kbpress-overlay"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            overlay.contains("articles/billing/invoice.md:"),
            "{overlay}"
        );
        assert!(overlay.contains("yaml-syntax"), "{overlay}");
        // The last good build is still underneath.
        assert!(main_text(&client).await.contains("Charges"));

        edit(
            &article,
            "title: [Understand your invoice",
            "title: \"Understand your invoice: fixed\"",
        );
        eventually(&client, "the overlay gone", || async {
            !has_overlay(&client).await
        })
        .await;
        eventually(&client, "the fixed title", || async {
            client
                .title()
                .await
                .is_ok_and(|t| t.starts_with("Understand your invoice: fixed"))
        })
        .await;
        drop(server);
    })
    .await;
}

/// `audience:visible` for every audience section of the open page, and the same for the
/// table-of-contents entries that belong to them.
async fn audience_sections(client: &Client) -> String {
    let script = "const state = (selector) => [...document.querySelectorAll(selector)]
        .map((e) => e.dataset.audience + ':' + (e.offsetParent !== null)).join(' ');
      return state('.article-body .audience-section') + ' | toc ' + state('nav.toc li[data-audience]');";
    let value = client.execute(script, vec![]).await.unwrap();
    value.as_str().unwrap_or_default().to_string()
}

/// Clicks the label of the audience switch's choice `value`, as a reader would.
async fn choose(client: &Client, value: &str) {
    // WebDriver scrolls an element into view before clicking it; the theme's smooth scrolling
    // would still be moving the page when the click lands.
    let instant = "document.documentElement.style.scrollBehavior = 'auto'; return 1;";
    client.execute(instant, vec![]).await.unwrap();
    let label = format!("//form[@class='audience-switch']//label[input[@value='{value}']]");
    client
        .find(Locator::XPath(&label))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audience_switch_shows_a_reader_their_sections_and_remembers_the_choice() {
    let kb = Test::sample_kb();
    let server = Server::started_with(kb.root(), &["--today", "2026-11-27"]);
    let url = format!("{}support-portal/cant-access-support-portal/", server.url);
    with_browser(move |client| async move {
        client.goto(&url).await.unwrap();
        let switch = match client.find(Locator::Css("form.audience-switch")).await {
            Ok(switch) => switch,
            Err(error) => panic!("{error}\n{}", client.source().await.unwrap_or_default()),
        };
        assert!(switch.is_displayed().await.unwrap(), "the script shows it");
        // The article's own pair of sections, then the pair of the contact-support snippet it
        // includes: the switch treats both alike.
        let everything = "direct:true wholesale:true direct:true wholesale:true | toc direct:true wholesale:true direct:true wholesale:true";
        assert_eq!(audience_sections(&client).await, everything);

        choose(&client, "wholesale").await;
        let wholesale = "direct:false wholesale:true direct:false wholesale:true | toc direct:false wholesale:true direct:false wholesale:true";
        assert_eq!(audience_sections(&client).await, wholesale);
        let status = client
            .find(Locator::Css(".audience-status"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(status, "2 sections for other readers are hidden.");

        // Another visit remembers the reader's choice.
        client.goto(&url).await.unwrap();
        eventually(&client, "the remembered choice", || async {
            audience_sections(&client).await == wholesale
        })
        .await;
        let checked = client
            .execute(
                "return document.querySelector('input[name=audience]:checked').value;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(checked, serde_json::json!("wholesale"));

        choose(&client, "").await;
        assert_eq!(audience_sections(&client).await, everything);
        drop(server);
    })
    .await;
}
