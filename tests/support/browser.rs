//! The headless-Chromium harness shared by the browser tests (`tests/browser.rs`,
//! `tests/feedback_browser.rs`, `tests/search_browser.rs`, `tests/search_markdown_browser.rs`,
//! `tests/search_documents_browser.rs`, `tests/accessibility_browser.rs`):
//! chromedriver on a free port, Chromium with `--headless --no-sandbox --disable-gpu`, no
//! background networking and a test's own extra flags, and a runner that closes the browser
//! whether the test passes or not.
//!
//! Included with `#[path = "support/browser.rs"] mod browser_support;` beside `mod support;`
//! (whose `tools` finds the programs): only the browser test crates need fantoccini.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};

use crate::support::tools::tool;

/// What to install when Chromium or chromedriver is missing.
const INSTALL: &str =
    "install Chromium and its WebDriver (Debian: `apt-get install chromium chromium-driver`)";

/// How long chromedriver may take to start listening.
const DEADLINE: Duration = Duration::from_secs(10);

/// A chromedriver on a free loopback port, with a Chromium profile of its own.
pub struct Driver {
    child: Child,
    url: String,
    chromium: PathBuf,
    profile: tempfile::TempDir,
}

impl Driver {
    pub fn start() -> Driver {
        let chromium = tool(&["chromium", "chromium-browser", "google-chrome"], INSTALL);
        let chromedriver = tool(&["chromedriver"], INSTALL);
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
                started.elapsed() < DEADLINE,
                "chromedriver did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    /// A new Chromium session, with `flags` added to the harness's own.
    pub async fn browser(&self, flags: &[&str]) -> Client {
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ]
        .iter()
        .chain(flags)
        .map(|flag| flag.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", self.profile.path().display()));
        let capabilities = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": self.chromium,
                "args": args,
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
#[allow(dead_code)] // each test crate compiles this file; the accessibility tests pass flags
pub async fn with_browser<F, Fut>(test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    with_browser_flags(&[], test).await;
}

/// `with_browser` for a Chromium started with extra command-line `flags`.
#[allow(dead_code)] // each test crate compiles this file; only some need flags
pub async fn with_browser_flags<F, Fut>(flags: &[&str], test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let driver = Driver::start();
    let client = driver.browser(flags).await;
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
#[allow(dead_code)] // each test crate compiles this file; the search tests poll differently
pub async fn eventually<F, Fut>(client: &Client, what: &str, mut probe: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !probe().await {
        if started.elapsed() > DEADLINE {
            let source = client.source().await.unwrap_or_default();
            panic!("never saw {what}; the page is now:\n{source}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Evaluates `script` (a function body) in the page until it returns something other than
/// null or false, for at most the deadline; returns that value.
#[allow(dead_code)] // not every browser test crate evaluates scripts
pub async fn script_value(client: &Client, what: &str, script: &str) -> serde_json::Value {
    let started = Instant::now();
    loop {
        let value = client.execute(script, vec![]).await.unwrap_or_default();
        if !value.is_null() && value != false {
            return value;
        }
        if started.elapsed() > DEADLINE {
            let source = client.source().await.unwrap_or_default();
            panic!("never saw {what}; the page is now:\n{source}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs `script` (a function body that gets `arguments[0]` and returns a promise) in the page and
/// returns what the promise resolves to; a rejection fails the test with its message.
#[allow(dead_code)] // only the script tests run promises
pub async fn resolved(
    client: &Client,
    script: &str,
    argument: serde_json::Value,
) -> serde_json::Value {
    let wrapped = format!(
        "var done = arguments[arguments.length - 1];
         Promise.resolve().then(function () {{ {script} }}.bind(null, arguments[0]))
           .then(function (value) {{ done({{value: value}}); }},
                 function (error) {{ done({{error: String(error && error.stack || error)}}); }});"
    );
    let result = client
        .execute_async(&wrapped, vec![argument])
        .await
        .unwrap();
    if let Some(error) = result.get("error") {
        panic!("the script failed: {error}");
    }
    result["value"].clone()
}
