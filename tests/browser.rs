//! `kbpress serve` in a real headless Chromium driven over WebDriver (chromedriver): a saved
//! change reloads the open page, a broken build shows the overlay, and fixing it removes it.
//!
//! Needs `chromium` and `chromedriver` (Debian: `chromium`, `chromium-driver`); `scripts/test`
//! installs them. Without them these tests fail, saying so: they never pass silently.

#[path = "serve/server.rs"]
mod server;
mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use server::Server;
use support::Test;

/// The first of `names` found on PATH (or in /usr/bin), or a failure that says what to install.
fn tool(names: &[&str]) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut folders: Vec<PathBuf> = std::env::split_paths(&path).collect();
    folders.push(PathBuf::from("/usr/bin"));
    for name in names {
        for folder in &folders {
            let candidate = folder.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "the browser tests need {} on PATH and found none: install Chromium and its WebDriver \
         (Debian: `apt-get install chromium chromium-driver`; scripts/test does this)",
        names.join(" or ")
    );
}

/// A chromedriver on a free loopback port, with a Chromium profile of its own.
struct Driver {
    child: Child,
    url: String,
    chromium: PathBuf,
    profile: tempfile::TempDir,
}

impl Driver {
    fn start() -> Driver {
        let chromium = tool(&["chromium", "chromium-browser", "google-chrome"]);
        let chromedriver = tool(&["chromedriver"]);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            chromium,
            profile: tempfile::tempdir().unwrap(),
        };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < server::DEADLINE,
                "chromedriver did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    async fn browser(&self) -> Client {
        let capabilities = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": self.chromium,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    format!("--user-data-dir={}", self.profile.path().display()),
                ],
            },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .expect("start a Chromium session through chromedriver")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `test` with a fresh browser, and closes the browser whether it passes or not.
async fn with_browser<F, Fut>(test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let driver = Driver::start();
    let client = driver.browser().await;
    let outcome = tokio::spawn(test(client.clone())).await;
    let _ = client.close().await;
    drop(driver);
    if let Err(error) = outcome {
        if error.is_panic() {
            std::panic::resume_unwind(error.into_panic());
        }
        panic!("browser test did not finish: {error}");
    }
}

/// Polls `probe` until it is true, for at most the deadline.
async fn eventually<F, Fut>(client: &Client, what: &str, mut probe: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !probe().await {
        if started.elapsed() > server::DEADLINE {
            let source = client.source().await.unwrap_or_default();
            panic!("never saw {what}; the page is now:\n{source}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

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
        let everything = "direct:true wholesale:true | toc direct:true wholesale:true";
        assert_eq!(audience_sections(&client).await, everything);

        choose(&client, "wholesale").await;
        let wholesale = "direct:false wholesale:true | toc direct:false wholesale:true";
        assert_eq!(audience_sections(&client).await, wholesale);
        let status = client
            .find(Locator::Css(".audience-status"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(status, "1 section for other readers is hidden.");

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
