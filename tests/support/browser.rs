//! The headless-Chromium harness shared by the browser tests (`tests/browser.rs`,
//! `tests/feedback_browser.rs`, `tests/search_browser.rs`): chromedriver on a free port,
//! Chromium with `--headless --no-sandbox --disable-gpu` and no background networking, and a
//! runner that closes the browser whether the test passes or not.
//!
//! Included with `#[path = "support/browser.rs"] mod browser_support;`: only the browser test
//! crates need fantoccini.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};

/// How long chromedriver may take to start listening.
const DEADLINE: Duration = Duration::from_secs(10);

/// The first of `names` found on PATH (or in /usr/bin), or a failure that says what to install.
pub fn tool(names: &[&str]) -> PathBuf {
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
pub struct Driver {
    child: Child,
    url: String,
    chromium: PathBuf,
    profile: tempfile::TempDir,
}

impl Driver {
    pub fn start() -> Driver {
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
                started.elapsed() < DEADLINE,
                "chromedriver did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    pub async fn browser(&self) -> Client {
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
pub async fn with_browser<F, Fut>(test: F)
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
