//! `kbpress check --external` as a real process over a temporary KB whose articles link to
//! scripted servers on loopback addresses, and the real network code ([`HttpNetwork`]) against
//! them. No request leaves 127.0.0.0/8.

#[path = "external/server.rs"]
mod server;
mod support;

use std::time::{Duration, Instant};

use kbpress::external::http::HttpNetwork;
use kbpress::external::probe::{Method, Network, Request, BODY_LIMIT};
use server::{Body, Reply, Seen, Server};
use support::{Output, Test};

const SITE: &str = r#"title = "KB"
base_url = "https://docs.example.com/"
[products.portal]
name = "Portal"
[types.reference]
name = "Reference"
"#;

/// A KB with one article per body, `extra` appended to site.toml; fast retries unless set.
fn kb(extra: &str, bodies: &[&str]) -> Test {
    let mut config = format!("{SITE}\n[check.external]\ninterval_ms = 0\n");
    if !extra.contains("backoff_ms") {
        config.push_str("backoff_ms = 50\n");
    }
    config.push_str(extra);
    let mut test = Test::new().file("site.toml", &config);
    for (i, body) in bodies.iter().enumerate() {
        test = test.file(&format!("articles/a{i}.md"), &article(body));
    }
    test.args(&[
        "check",
        "--external",
        "--format",
        "json",
        "--today",
        "2026-11-01",
    ])
}

fn article(body: &str) -> String {
    format!("---\ntitle: Article\nsummary: A test article.\ntype: reference\napplies_to: [portal]\nreviewed: 2026-10-01\n---\n## Details\n\n{body}\n")
}

/// `(severity, line, column, message)` of every diagnostic in a JSON report.
fn findings(output: &Output) -> Vec<(String, u64, u64, String)> {
    let report: serde_json::Value = serde_json::from_str(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}\n{}", output.stdout, output.stderr));
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["code"], "external-link");
            (
                d["severity"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The routes most tests share.
fn routes(seen: &Seen, before: usize) -> Reply {
    match seen.path.as_str() {
        "/ok" => Reply::status(200),
        "/old" => Reply::redirect(301, "/new"),
        "/new" => Reply::status(200),
        "/missing" => Reply::status(404),
        "/gone" => Reply::status(410),
        "/loop-a" => Reply::redirect(302, "/loop-b"),
        "/loop-b" => Reply::redirect(302, "/loop-a"),
        "/flaky" if before < 2 => Reply::status(503),
        "/flaky" => Reply::status(200),
        "/no-head" if seen.method == "HEAD" => Reply::status(405),
        "/no-head" => Reply::status(200),
        _ => Reply::status(500),
    }
}

#[test]
fn reports_broken_links_and_moves_at_their_position() {
    let server = Server::start(routes);
    let u = |p| server.url(p);
    let output = kb(
        "",
        &[&format!(
            "[ok]({}) [old]({})\n\n[missing]({}) [gone]({}#x)\n\n[loop]({})\n\n[again]({})",
            u("/ok"),
            u("/old"),
            u("/missing"),
            u("/gone"),
            u("/loop-a"),
            u("/missing")
        )],
    )
    .expect(1);
    let found = findings(&output);
    let (old, missing, gone, looped) = (u("/old"), u("/missing"), u("/gone"), u("/loop-a"));
    let new = u("/new");
    assert_eq!(
        found,
        [
            (
                "warning".into(),
                10,
                u("/ok").len() as u64 + 8,
                format!("`{old}` redirects permanently (301) to `{new}`")
            ),
            (
                "error".into(),
                12,
                1,
                format!("`{missing}`: HTTP 404 Not Found")
            ),
            (
                "error".into(),
                12,
                13 + missing.len() as u64,
                format!("`{gone}`: HTTP 410 Gone")
            ),
            (
                "error".into(),
                14,
                1,
                format!(
                    "`{looped}`: redirect loop: {looped} -> {} -> {looped}",
                    u("/loop-b")
                )
            ),
            (
                "error".into(),
                16,
                1,
                format!("`{missing}`: HTTP 404 Not Found")
            ),
        ]
    );
    // The repeated link was requested once (HEAD, then GET to be sure).
    assert_eq!(server.count("/missing"), 2);
    assert!(
        output.stderr.contains(
            "6 links to 5 URLs: 1 ok, 1 redirected, 3 broken, 0 excluded, 0 failed temporarily"
        ),
        "{}",
        output.stderr
    );
}

#[test]
fn plain_check_stays_offline_and_excluded_urls_are_never_requested() {
    let server = Server::start(routes);
    let links = format!(
        "[a]({}) [b]({})",
        server.url("/missing"),
        server.url("/private/x")
    );
    Test::new()
        .file("site.toml", SITE)
        .file("articles/a.md", &article(&links))
        .args(&["check", "--today", "2026-11-01"])
        .expect(0);
    assert!(server.requests().is_empty(), "plain check made requests");
    let output = kb(
        &format!(
            "exclude = [\"{}\", \"*/private/*\"]\n",
            server.url("/missing")
        ),
        &[&links],
    )
    .expect(0);
    assert!(findings(&output).is_empty());
    assert!(server.requests().is_empty(), "excluded URLs were requested");
    assert!(output.stderr.contains("2 excluded"), "{}", output.stderr);
}

#[test]
fn head_refused_is_asked_again_with_get_and_sends_the_user_agent() {
    let server = Server::start(routes);
    let output = kb("", &[&format!("[x]({})", server.url("/no-head"))]).expect(0);
    assert!(findings(&output).is_empty());
    assert_eq!(server.requests(), ["HEAD /no-head", "GET /no-head"]);
    let agent = server.seen()[0]
        .header("user-agent")
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        agent,
        format!("kbpress/{} (+link checker)", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn retries_503_with_backoff_then_succeeds() {
    let server = Server::start(routes);
    let output = kb(
        "retries = 2\n",
        &[&format!("[x]({})", server.url("/flaky"))],
    )
    .expect(0);
    assert!(findings(&output).is_empty(), "{}", output.stdout);
    assert_eq!(
        server.requests(),
        ["HEAD /flaky", "HEAD /flaky", "HEAD /flaky"]
    );
    let seen = server.seen();
    // backoff_ms = 50: 50 ms, then 100 ms (plus up to a quarter).
    assert!(seen[1].at - seen[0].at >= Duration::from_millis(50));
    assert!(seen[2].at - seen[1].at >= Duration::from_millis(100));
}

#[test]
fn honours_retry_after_on_429() {
    let server = Server::start(|_, before| match before {
        0 => Reply::status(429).header("Retry-After", "2"),
        _ => Reply::status(200),
    });
    let output = kb("", &[&format!("[x]({})", server.url("/limited"))]).expect(0);
    assert!(findings(&output).is_empty(), "{}", output.stdout);
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    let waited = seen[1].at - seen[0].at;
    assert!(waited >= Duration::from_secs(2), "{waited:?}");
}

#[test]
fn a_slow_server_times_out_as_a_warning() {
    let server = Server::start(|_, _| Reply::status(200).delay(Duration::from_secs(4)));
    let started = Instant::now();
    let output = kb(
        "timeout_secs = 1\nretries = 0\n",
        &[&format!("[x]({})", server.url("/slow"))],
    )
    .expect(0);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    let found = findings(&output);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "warning");
    assert!(
        found[0].3.ends_with("no answer within 1 s"),
        "{}",
        found[0].3
    );
    assert!(
        output.stderr.contains("1 failed temporarily"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_huge_body_is_not_read_whole() {
    let server = Server::start(|seen, _| match seen.method.as_str() {
        "HEAD" => Reply::status(405),
        _ => Reply {
            body: Body::Slow {
                declared: 100 * 1024 * 1024,
                chunk: 64 * 1024,
                every: Duration::from_millis(20),
            },
            ..Reply::status(200)
        },
    });
    let started = Instant::now();
    let output = kb("", &[&format!("[x]({})", server.url("/huge"))]).expect(0);
    assert!(findings(&output).is_empty());
    // Streaming it all would take over 30 s at this pace.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        server.body_sent() < 16 * 1024 * 1024,
        "{} bytes sent",
        server.body_sent()
    );
    // The real network reads at most BODY_LIMIT bytes.
    let settings = kbpress::external::config::ExternalConfig::default()
        .host_settings("127.0.0.1", None, &|_| None)
        .unwrap();
    let request = Request {
        method: Method::Get,
        url: &server.url("/huge"),
        settings: &settings,
    };
    let response = HttpNetwork::default().send(&request).unwrap();
    assert_eq!((response.status, response.body_read), (200, BODY_LIMIT));
}

#[test]
fn each_host_gets_few_requests_at_once_while_hosts_run_in_parallel() {
    let slow = |_: &Seen, _| Reply::status(200).delay(Duration::from_millis(300));
    let one = Server::start(slow);
    let two = Server::start_on("127.0.0.2", slow);
    let links: Vec<String> = (0..10)
        .flat_map(|i| [one.url(&format!("/{i}")), two.url(&format!("/{i}"))])
        .map(|url| format!("[l]({url})"))
        .collect();
    let started = Instant::now();
    let output = kb("", &[&links.join(" ")]).expect(0);
    let elapsed = started.elapsed();
    assert!(findings(&output).is_empty());
    assert_eq!((one.peak(), two.peak()), (2, 2));
    // One host after the other would take 2 x 10 x 300 ms / 2 = 3 s.
    assert!(elapsed < Duration::from_millis(2700), "{elapsed:?}");
}

#[test]
fn per_host_settings_limit_concurrency_and_send_tokens_only_there() {
    let server = Server::start(|_, _| Reply::status(200).delay(Duration::from_millis(50)));
    let links: Vec<String> = (0..6)
        .map(|i| format!("[l]({})", server.url(&format!("/{i}"))))
        .collect();
    let config = "[check.external.hosts.\"127.0.0.1\"]\nconcurrency = 1\nheaders = { Authorization = \"env:KBPRESS_TEST_TOKEN\" }\n";
    let output = kb(config, &[&links.join(" ")])
        .env("KBPRESS_TEST_TOKEN", "Bearer t0k")
        .expect(0);
    assert!(findings(&output).is_empty());
    assert_eq!(server.peak(), 1);
    assert!(server
        .seen()
        .iter()
        .all(|s| s.header("authorization") == Some("Bearer t0k")));
    let output = kb(config, &[&links.join(" ")]).expect(2);
    assert!(
        output.stderr.contains("KBPRESS_TEST_TOKEN"),
        "{}",
        output.stderr
    );
}

#[test]
fn the_second_run_answers_from_the_cache() {
    let server = Server::start(routes);
    let test = kb(
        "",
        &[&format!(
            "[x]({}) [y]({})",
            server.url("/ok"),
            server.url("/missing")
        )],
    );
    let first = test.expect(1);
    let requests = server.requests().len();
    assert_eq!(requests, 3);
    let second = test.expect(1);
    assert_eq!(
        server.requests().len(),
        requests,
        "the second run made requests"
    );
    assert_eq!(findings(&first), findings(&second));
    assert!(second.stderr.contains("(2 cached)"), "{}", second.stderr);
    let cache = second.read(".kbpress/external-links.json");
    assert!(cache.contains(&server.url("/ok")), "{cache}");
    // A corrupt cache is ignored with a warning, and rewritten.
    std::fs::write(second.root.join(".kbpress/external-links.json"), "{oops").unwrap();
    let third = test.expect(1);
    assert!(
        third
            .stderr
            .contains("warning: ignoring the corrupt link cache"),
        "{}",
        third.stderr
    );
    assert_eq!(server.requests().len(), requests + 3);
    assert!(third.read(".kbpress/external-links.json").starts_with('{'));
}

#[test]
fn changed_since_checks_only_what_git_says_changed() {
    let server = Server::start(routes);
    let test = kb(
        "",
        &[
            &format!("[a]({})", server.url("/ok")),
            &format!("[b]({})", server.url("/missing")),
        ],
    );
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(test.root())
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "start"]);
    let changed = article(&format!("Now [a]({}).", server.url("/ok")));
    std::fs::write(test.root().join("articles/a0.md"), changed).unwrap();
    let output = test.args(&["--changed-since", "HEAD"]).expect(0);
    assert_eq!(server.requests(), ["HEAD /ok"]);
    assert!(
        output.stderr.contains("1 links to 1 URLs"),
        "{}",
        output.stderr
    );
    let output = kb("", &["x"]).args(&["--changed-since", "HEAD"]).expect(2);
    assert!(
        output.stderr.contains("error: --changed-since: `git diff"),
        "{}",
        output.stderr
    );
}

#[test]
fn external_link_is_explained_and_its_config_checked() {
    let output = Test::new()
        .args(&["check", "--explain", "external-link"])
        .expect(0);
    assert!(
        output.stdout.starts_with("external-link (error)"),
        "{}",
        output.stdout
    );
    let output = kb("concurency = 3\n", &[]).expect(2);
    assert!(
        output.stderr.contains("did you mean `concurrency`?"),
        "{}",
        output.stderr
    );
    let output = Test::new()
        .args(&["check", "--changed-since", "HEAD"])
        .expect(2);
    assert!(output.stderr.contains("--external"), "{}", output.stderr);
}

/// Not an assertion of speed so much as a record of it: 1,000 distinct URLs over four loopback
/// hosts, no interval.
#[test]
fn a_thousand_urls() {
    let servers: Vec<Server> = (1..=4)
        .map(|i| Server::start_on(&format!("127.0.0.{i}"), |_, _| Reply::status(200)))
        .collect();
    let links: Vec<String> = (0..1000)
        .map(|i| format!("[l]({})", servers[i % 4].url(&format!("/page/{i}"))))
        .collect();
    let bodies: Vec<String> = links.chunks(100).map(|c| c.join("\n\n")).collect();
    let bodies: Vec<&str> = bodies.iter().map(String::as_str).collect();
    let started = Instant::now();
    let output = kb("", &bodies).expect(0);
    let elapsed = started.elapsed();
    eprintln!("1,000 distinct local URLs: {elapsed:?}");
    assert!(
        output.stderr.contains("1000 links to 1000 URLs: 1000 ok"),
        "{}",
        output.stderr
    );
    assert!(servers.iter().all(|s| s.peak() <= 2));
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");
}
