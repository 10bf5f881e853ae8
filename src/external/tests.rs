//! [`check`] end to end over a scripted [`Network`]: dedupe, exclusion, retries, cache,
//! severities and positions, without sockets.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use super::probe::{Method, NetError, Request, Response};
use super::*;
use crate::check::testing::{article, kb_with_config};

type Script = dyn Fn(&str, Method, usize) -> Result<Response, NetError> + Sync;

/// Answers by URL, method and how often that URL was asked before; records every request.
struct Fake {
    script: Box<Script>,
    asked: Mutex<Vec<(Method, String)>>,
}

impl Fake {
    fn new(
        script: impl Fn(&str, Method, usize) -> Result<Response, NetError> + Sync + 'static,
    ) -> Fake {
        Fake {
            script: Box::new(script),
            asked: Mutex::new(Vec::new()),
        }
    }

    fn count(&self, url: &str) -> usize {
        self.asked
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, u)| u == url)
            .count()
    }
}

impl Network for Fake {
    fn send(&self, request: &Request) -> Result<Response, NetError> {
        let before = {
            let mut asked = self.asked.lock().unwrap();
            let before = asked.iter().filter(|(_, u)| u == request.url).count();
            asked.push((request.method, request.url.to_string()));
            before
        };
        (self.script)(request.url, request.method, before)
    }
}

fn status(status: u16) -> Result<Response, NetError> {
    Ok(Response {
        status,
        ..Response::default()
    })
}

/// Fast retries for tests; extra `[check.external]` lines after.
fn site(external: &str, files: &[(&str, &str)]) -> Site {
    kb_with_config(
        &format!("[check.external]\nbackoff_ms = 10\ninterval_ms = 0\n{external}"),
        files,
    )
}

fn options(only: Option<&BTreeSet<String>>) -> Options<'_> {
    Options {
        only,
        now: SystemTime::now(),
        cache: None,
    }
}

fn run(site: &Site, network: &Fake) -> Report {
    check(site, &options(None), network, &|_, _| {}).unwrap()
}

#[test]
fn each_url_is_asked_once_and_every_occurrence_is_reported() {
    let body = "## Steps\n\n[a](https://x.test/gone) and [b](https://x.test/gone#part)\n\n[ok](https://x.test/)\n";
    let kb = site(
        "",
        &[
            ("articles/a.md", &article(body)),
            ("articles/b.md", &article(body)),
        ],
    );
    let network = Fake::new(|url, _, _| status(if url.ends_with("gone") { 404 } else { 200 }));
    let report = run(&kb, &network);
    assert_eq!(
        network.count("https://x.test/gone"),
        2,
        "HEAD 404, then GET to be sure"
    );
    assert_eq!(network.count("https://x.test/"), 1);
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.column, d.severity))
        .collect();
    assert_eq!(
        found,
        [
            ("articles/a.md", 10, 1, Severity::Error),
            ("articles/a.md", 10, 30, Severity::Error),
            ("articles/b.md", 10, 1, Severity::Error),
            ("articles/b.md", 10, 30, Severity::Error),
        ]
    );
    assert_eq!(
        report.diagnostics[0].message,
        "`https://x.test/gone`: HTTP 404 Not Found"
    );
    assert_eq!(
        report.summary,
        Summary {
            links: 6,
            urls: 2,
            ok: 1,
            broken: 1,
            ..Summary::default()
        }
    );
}

#[test]
fn excluded_and_unchanged_articles_are_not_requested() {
    let kb = site(
        "exclude = [\"https://skip.test/\", \"*/private/*\"]\n",
        &[
            ("articles/a.md", &article("## Steps\n\n[s](https://skip.test/x) [p](https://x.test/private/y) [c](https://x.test/a)\n")),
            ("articles/b.md", &article("## Steps\n\n[c](https://x.test/b)\n")),
        ],
    );
    let network = Fake::new(|_, _, _| status(200));
    let only: BTreeSet<String> = ["articles/a.md".to_string()].into();
    let report = check(&kb, &options(Some(&only)), &network, &|_, _| {}).unwrap();
    let asked: Vec<String> = network
        .asked
        .lock()
        .unwrap()
        .iter()
        .map(|(_, u)| u.clone())
        .collect();
    assert_eq!(asked, ["https://x.test/a"]);
    assert_eq!((report.summary.excluded, report.summary.ok), (2, 1));
}

#[test]
fn retries_temporary_failures_then_reports_them_as_warnings() {
    let kb = site(
        "retries = 2\n",
        &[("articles/a.md", &article("## Steps\n\n[a](https://x.test/flaky) [b](https://x.test/down) [c](https://x.test/slow)\n"))],
    );
    let network = Fake::new(|url, _, before| match url {
        "https://x.test/flaky" if before < 2 => status(503),
        "https://x.test/flaky" => status(200),
        "https://x.test/slow" => Err(NetError::Timeout(20)),
        _ => status(500),
    });
    let report = run(&kb, &network);
    assert_eq!(network.count("https://x.test/flaky"), 3);
    assert_eq!(network.count("https://x.test/down"), 3);
    let messages: Vec<(&str, Severity)> = report
        .diagnostics
        .iter()
        .map(|d| (d.message.as_str(), d.severity))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "`https://x.test/down`: HTTP 500 Internal Server Error after 3 attempts",
                Severity::Warning
            ),
            (
                "`https://x.test/slow`: no answer within 20 s after 3 attempts",
                Severity::Warning
            ),
        ]
    );
    assert_eq!(report.summary.temporary, 2);
}

#[test]
fn a_retry_after_beyond_the_cap_is_not_waited_for() {
    let kb = site(
        "max_retry_wait_secs = 5\n",
        &[(
            "articles/a.md",
            &article("## Steps\n\n[a](https://x.test/)\n"),
        )],
    );
    let network = Fake::new(|_, _, _| {
        Ok(Response {
            status: 429,
            retry_after: Some("3600".into()),
            ..Response::default()
        })
    });
    let started = Instant::now();
    let report = run(&kb, &network);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(network.count("https://x.test/"), 1);
    assert!(
        report.diagnostics[0]
            .message
            .contains("asked to wait 3600 s"),
        "{}",
        report.diagnostics[0].message
    );
}

#[test]
fn severities_are_configurable_per_outcome_and_for_the_code() {
    let files = [(
        "articles/a.md",
        article("## Steps\n\n[a](https://x.test/gone) [b](https://x.test/moved)\n"),
    )];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let network = || {
        Fake::new(|url, _, _| match url {
            "https://x.test/moved" => Ok(Response {
                status: 301,
                location: Some("https://x.test/new".into()),
                ..Response::default()
            }),
            "https://x.test/new" => status(200),
            _ => status(410),
        })
    };
    let kb = site(
        "[check.external.severity]\nbroken = \"warning\"\nredirected = \"off\"\n",
        &files,
    );
    let report = run(&kb, &network());
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].severity, Severity::Warning);
    assert_eq!(report.summary.redirected, 1);
    let kb = kb_with_config("[check.severity]\nexternal-link = \"off\"\n", &files);
    assert!(run(&kb, &network()).diagnostics.is_empty());
    let kb = site("", &files);
    let report = run(&kb, &network());
    let moved = report.diagnostics.iter().find(|d| d.column > 1).unwrap();
    assert_eq!(moved.severity, Severity::Warning);
    assert_eq!(
        moved.message,
        "`https://x.test/moved` redirects permanently (301) to `https://x.test/new`"
    );
}

#[test]
fn the_cache_answers_until_results_go_stale() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(cache::CACHE_FILE);
    let kb = site(
        "",
        &[(
            "articles/a.md",
            &article("## Steps\n\n[a](https://x.test/ok) [b](https://x.test/gone)\n"),
        )],
    );
    let network = Fake::new(|url, _, _| status(if url.ends_with("ok") { 200 } else { 404 }));
    let at = |hours: u64| Options {
        only: None,
        now: SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000 + hours * 3600),
        cache: Some(&path),
    };
    let first = check(&kb, &at(0), &network, &|_, _| {}).unwrap();
    assert_eq!(first.summary.cached, 0);
    assert_eq!(network.asked.lock().unwrap().len(), 3);
    let second = check(&kb, &at(0), &network, &|_, _| {}).unwrap();
    assert_eq!(
        network.asked.lock().unwrap().len(),
        3,
        "nothing asked again"
    );
    assert_eq!(
        (second.summary.cached, second.diagnostics),
        (2, first.diagnostics)
    );
    // After two hours the failure is stale, the success is not.
    let third = check(&kb, &at(2), &network, &|_, _| {}).unwrap();
    assert_eq!(third.summary.cached, 1);
    assert_eq!(
        (
            network.count("https://x.test/ok"),
            network.count("https://x.test/gone")
        ),
        (1, 4)
    );
    // A corrupt cache is a warning, never an error.
    std::fs::write(&path, "not json").unwrap();
    let fourth = check(&kb, &at(2), &network, &|_, _| {}).unwrap();
    assert!(
        fourth.warnings[0].contains("corrupt"),
        "{:?}",
        fourth.warnings
    );
}

#[test]
fn missing_tokens_fail_before_any_request_and_invalid_urls_are_broken() {
    let kb = site(
        "[check.external.hosts.\"x.test\"]\nheaders = { Authorization = \"env:KBPRESS_TEST_UNSET_TOKEN\" }\n",
        &[("articles/a.md", &article("## Steps\n\n[a](https://x.test/)\n"))],
    );
    let network = Fake::new(|_, _, _| status(200));
    let error = check(&kb, &options(None), &network, &|_, _| {}).unwrap_err();
    assert!(
        error.to_string().contains("KBPRESS_TEST_UNSET_TOKEN"),
        "{error}"
    );
    assert!(network.asked.lock().unwrap().is_empty());
    let kb = site(
        "",
        &[("articles/a.md", &article("## Steps\n\n[a](https://)\n"))],
    );
    let report = run(&kb, &network);
    assert_eq!(report.summary.broken, 1);
    assert!(report.diagnostics[0].message.contains("not a valid URL"));
}

#[test]
fn progress_counts_up_to_the_number_of_requests() {
    let body: String = (0..20)
        .map(|i| format!("[l](https://h{}.test/{i}) ", i % 4))
        .collect();
    let kb = site(
        "",
        &[("articles/a.md", &article(&format!("## Steps\n\n{body}\n")))],
    );
    let network = Fake::new(|_, _, _| status(200));
    let seen: Mutex<HashMap<usize, usize>> = Mutex::default();
    let report = check(&kb, &options(None), &network, &|done, total| {
        seen.lock().unwrap().insert(done, total);
    })
    .unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.len(), 20);
    assert!(seen
        .iter()
        .all(|(done, total)| *total == 20 && *done >= 1 && *done <= 20));
    assert_eq!(report.summary.ok, 20);
}

#[test]
fn url_keys_drop_fragments_and_normalise() {
    assert_eq!(url_key(" https://Example.COM#top "), "https://example.com/");
    assert_eq!(url_key("https://x.test/a?b=c#d"), "https://x.test/a?b=c");
}

#[test]
fn site_root_links_mapped_by_links_site_root_are_external_links() {
    let body = "## Steps\n\n[api](/dotnet/api/gone) [kb](/kb/) [same](https://learn.test/dotnet/api/gone)\n";
    let unmapped = site("", &[("articles/a.md", &article(body))]);
    let network = Fake::new(|_, _, _| status(404));
    assert_eq!(
        run(&unmapped, &network).summary.links,
        1,
        "only the https link"
    );
    let mapped = site(
        "[links]\nsite_root = \"https://learn.test/\"\n",
        &[("articles/a.md", &article(body))],
    );
    let network = Fake::new(|_, _, _| status(404));
    let report = run(&mapped, &network);
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                1,
                "`https://learn.test/dotnet/api/gone`: HTTP 404 Not Found"
            ),
            (
                36,
                "`https://learn.test/dotnet/api/gone`: HTTP 404 Not Found"
            ),
        ]
    );
    assert_eq!((report.summary.links, report.summary.urls), (2, 1));
}

#[test]
fn a_link_in_a_snippet_is_reported_at_the_snippet_once() {
    let kb = site(
        "",
        &[
            (
                "snippets/help.md",
                "See [the old page](https://x.test/gone).\n",
            ),
            ("articles/a.md", &article("## Steps\n\n{{> help }}\n")),
            ("articles/b.md", &article("## Steps\n\n{{> help }}\n")),
        ],
    );
    let network = Fake::new(|_, _, _| status(404));
    let report = run(&kb, &network);
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.column))
        .collect();
    assert_eq!(found, [("snippets/help.md", 1, 5)]);
    assert_eq!(report.summary.links, 1);
}
