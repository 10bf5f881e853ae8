//! The feedback widget in a real headless Chromium driven over WebDriver (chromedriver): a
//! reader answers "No" on a page served by `kbpress serve`, and the answer lands in
//! `.kbpress/feedback.jsonl`. The Driver and browser helpers are those of tests/browser.rs.
//!
//! Needs `chromium` and `chromedriver` (Debian: `chromium`, `chromium-driver`); `scripts/test`
//! installs them. Without them these tests fail, saying so: they never pass silently.

#[path = "support/browser.rs"]
mod browser_support;
#[path = "serve/server.rs"]
mod server;
mod support;

use browser_support::{eventually, with_browser};
use fantoccini::{Client, Locator};
use server::Server;
use support::Test;

/// Runs `script` in the page and returns its result as text.
async fn run(client: &Client, script: &str) -> String {
    let value = client.execute(script, vec![]).await.unwrap();
    match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}

async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn status(client: &Client) -> String {
    run(
        client,
        "return document.querySelector('.feedback-status').textContent;",
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_answers_no_with_a_reason_and_comment_and_it_is_stored() {
    let kb = Test::fixture("basic");
    let config = kb.root().join("site.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\n[feedback]\nurl = \"https://feedback.example.com/kb\"\n"),
    )
    .unwrap();
    let stored = kb.root().join(".kbpress/feedback.jsonl");
    let server = Server::started(kb.root());
    let url = format!("{}billing/invoice/", server.url);
    with_browser(move |client| async move {
        client.goto(&url).await.unwrap();
        // The reader chose an audience earlier with the audience switch.
        run(&client, "localStorage.setItem('kbpress-audience', 'wholesale'); return 1;").await;
        client.goto(&url).await.unwrap();
        let form = client.find(Locator::Css("form.feedback")).await.unwrap();
        eventually(&client, "the widget shown by its script", || async {
            form.is_displayed().await.unwrap_or(false)
        })
        .await;
        let details = client.find(Locator::Css(".feedback-details")).await.unwrap();
        assert!(!details.is_displayed().await.unwrap(), "details wait for an answer");
        // WebDriver scrolls an element into view before clicking it; the theme's smooth
        // scrolling would still be moving the page when the click lands.
        run(&client, "document.documentElement.style.scrollBehavior = 'auto'; return 1;").await;

        click(&client, ".feedback-answer[value=no]").await;
        assert!(details.is_displayed().await.unwrap());
        assert_eq!(
            run(&client, "return document.querySelector('.feedback-answer[value=no]').getAttribute('aria-pressed');").await,
            "true"
        );
        assert_eq!(run(&client, "return document.activeElement.id;").await, "feedback-reason", "keyboard users go on at the reason");
        client
            .find(Locator::XPath("//select[@id='feedback-reason']/option[text()='Broken link']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let comment = "The link in step 2 is dead <script>window.pwned = 1</script>";
        client
            .find(Locator::Css("#feedback-comment"))
            .await
            .unwrap()
            .send_keys(comment)
            .await
            .unwrap();

        // A failed post says so politely and keeps what the reader wrote.
        run(&client, "window.realFetch = window.fetch; window.fetch = () => Promise.reject(new Error('offline')); return 1;").await;
        click(&client, ".feedback-send").await;
        eventually(&client, "the failure message", || async {
            status(&client).await.starts_with("Sorry, your feedback could not be sent.")
        })
        .await;
        assert!(details.is_displayed().await.unwrap());
        assert!(!stored.exists(), "nothing was sent");

        run(&client, "window.fetch = window.realFetch; return 1;").await;
        click(&client, ".feedback-send").await;
        eventually(&client, "the thank-you", || async {
            status(&client).await == "Thank you for your feedback."
        })
        .await;
        assert!(!details.is_displayed().await.unwrap());
        assert_eq!(run(&client, "return typeof window.pwned;").await, "undefined");
        assert!(!run(&client, "return document.querySelector('form.feedback').innerHTML;").await.contains("pwned"));

        let text = std::fs::read_to_string(&stored).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1, "{text}");
        let answer: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(answer["article"], "articles/billing/invoice.md");
        assert_eq!(answer["url"], url.as_str());
        assert_eq!(answer["audience"], "wholesale");
        assert_eq!(answer["helpful"], false);
        assert_eq!(answer["reason"], "Broken link");
        assert_eq!(answer["comment"], comment);
        drop(server);
    })
    .await;
}
