//! Reader feedback end to end, without a browser: the widget in built pages (only with
//! `[feedback]`), `kbpress serve` storing posts in `.kbpress/feedback.jsonl` and refusing bad
//! ones, and the `kbpress feedback FILE` report.

#[path = "serve/server.rs"]
mod server;
mod support;

use server::{Response, Server};
use support::Test;

const FEEDBACK_TABLE: &str = "\n[feedback]\nurl = \"https://feedback.example.com/kb\"\n";

/// The basic fixture with `[feedback]` added to its site.toml.
fn with_feedback() -> Test {
    let kb = Test::fixture("basic");
    let path = kb.root().join("site.toml");
    let mut config = std::fs::read_to_string(&path).unwrap();
    config.push_str(FEEDBACK_TABLE);
    std::fs::write(&path, config).unwrap();
    kb
}

#[test]
fn built_articles_show_the_widget_only_with_a_feedback_url() {
    let output = with_feedback()
        .args(&["build", "--today", "2026-11-01"])
        .expect(0);
    let page = output.read("public/billing/invoice/index.html");
    assert!(
        page.contains(r#"<form class="feedback" hidden data-url="https://feedback.example.com/kb" data-article="articles/billing/invoice.md"
  data-sending="Sending…" data-thanks="Thank you for your feedback." data-failed="Sorry, your feedback could not be sent. Please try again later.">"#),
        "{page}"
    );
    assert!(page.contains(r#"<script src="/help/static/feedback.js" defer></script>"#));
    assert!(output
        .read("public/static/feedback.js")
        .contains("kbpress-audience"));
    assert!(output
        .read("public/static/feedback.css")
        .contains(".feedback"));
    assert!(
        !output
            .read("public/index.html")
            .contains("class=\"feedback\""),
        "only article pages ask"
    );

    let audience = with_feedback()
        .args(&[
            "build",
            "--today",
            "2026-11-01",
            "--audience",
            "direct",
            "--out",
            "direct",
        ])
        .expect(0);
    let page = audience.read("direct/billing/invoice/index.html");
    assert!(
        page.contains(r#"data-article="articles/billing/invoice.md""#)
            && page.contains(r#"data-audience="direct">"#),
        "{page}"
    );

    let plain = Test::fixture("basic")
        .args(&["build", "--today", "2026-11-01"])
        .expect(0);
    let page = plain.read("public/billing/invoice/index.html");
    assert!(!page.contains("feedback"), "no widget without [feedback]");
}

#[test]
fn a_bad_feedback_url_is_a_located_error() {
    let kb = Test::fixture("basic");
    let path = kb.root().join("site.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    let line = config.lines().count() + 2;
    std::fs::write(
        &path,
        format!("{config}[feedback]\nurl = \"feedback.example.com\"\n"),
    )
    .unwrap();
    let output = kb.args(&["check"]).expect(2);
    assert!(
        output.stderr.contains(&format!(
            "site.toml:{line}:1: `url` in [feedback] must be http(s) or a path"
        )),
        "{}",
        output.stderr
    );
}

const ANSWERS: &str = r#"{"received":"2026-11-01T09:00:00Z","article":"articles/billing/invoice.md","url":"https://docs.example.com/help/billing/invoice/","audience":null,"helpful":true,"reason":null,"comment":"Clear, thanks."}
{"article":"articles/billing/invoice.md","url":"https://docs.example.com/help/billing/invoice/","audience":"direct","helpful":false,"reason":"Missing information","comment":"Which line is the VAT?"}
not json at all
{"article":"articles/voice/forwarding/set-up-forwarding.md","url":"u","helpful":false,"reason":"Broken link","comment":null}

{"article":"articles/voice/forwarding/set-up-forwarding.md","url":"u","helpful":false,"reason":"Inaccurate","comment":"Step 3 names a\nmenu that is gone. <script>alert(1)</script>"}
{"article":"articles/billing/invoice.md","url":"u","helpful":"no"}
{"article":"articles/voice/forwarding/set-up-forwarding.md","url":"u","helpful":true}
{"article":"articles/billing/refunds.md","url":"u","helpful":true}
"#;

#[test]
fn the_report_lists_articles_by_share_of_no_answers() {
    let output = Test::new()
        .file("answers.jsonl", ANSWERS)
        .args(&["feedback", "answers.jsonl"])
        .expect(0);
    insta::assert_snapshot!(
        "report_human",
        format!("stdout:\n{}\nstderr:\n{}", output.stdout, output.stderr)
    );
    let json = Test::new()
        .file("answers.jsonl", ANSWERS)
        .args(&["feedback", "answers.jsonl", "--format", "json"])
        .expect(0);
    insta::assert_snapshot!("report_json", json.stdout);
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        parsed["articles"][0]["article"],
        "articles/voice/forwarding/set-up-forwarding.md"
    );
}

#[test]
fn an_unreadable_file_is_exit_2_naming_it() {
    let output = Test::new().args(&["feedback", "missing.jsonl"]).expect(2);
    assert!(
        output.stderr.contains("cannot read missing.jsonl"),
        "{}",
        output.stderr
    );
    let folder = Test::new()
        .file("folder/x", "")
        .args(&["feedback", "folder"])
        .expect(2);
    assert!(
        folder.stderr.contains("cannot read folder"),
        "{}",
        folder.stderr
    );
    let empty = Test::new()
        .file("empty.jsonl", "")
        .args(&["feedback", "empty.jsonl"])
        .expect(0);
    assert_eq!(empty.stdout, "0 answers about 0 articles\n");
}

/// `POST /__kbpress/feedback` with `body`, plus any extra header lines.
fn post(server: &Server, body: &str, extra_headers: &str) -> Response {
    server.raw(&format!(
        "POST /__kbpress/feedback HTTP/1.1\r\nHost: {}\r\n{extra_headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.host(),
        body.len()
    ))
}

const JSON: &str = "Content-Type: application/json\r\n";

#[test]
fn serve_stores_valid_posts_and_refuses_the_rest() {
    let kb = with_feedback();
    let server = Server::started(kb.root());
    let page = server.get("/billing/invoice/");
    assert!(
        page.body.contains(r#"data-url="/__kbpress/feedback""#),
        "serve posts to itself: {}",
        page.body
    );
    let stored = kb.root().join(".kbpress/feedback.jsonl");

    let valid = r#"{"article":"articles/billing/invoice.md","url":"http://127.0.0.1/billing/invoice/","audience":null,"helpful":false,"reason":"Inaccurate","comment":"<b>no</b>\nsecond line"}"#;
    let accepted = post(&server, valid, JSON);
    assert_eq!(accepted.status, 204, "{}", accepted.body);
    let own_origin = format!("Origin: http://{}\r\n{JSON}", server.host());
    let helpful = r#"{"article":"articles/billing/invoice.md","url":"u","helpful":true}"#;
    assert_eq!(post(&server, helpful, &own_origin).status, 204);

    let too_big = format!(
        r#"{{"article":"a","url":"u","helpful":true,"comment":"{}"}}"#,
        "x".repeat(20 * 1024)
    );
    let refused = [
        (post(&server, &too_big, JSON), 413),
        (post(&server, r#"{"article":"a","url":"u","helpful":"yes"}"#, JSON), 400),
        (post(&server, r#"{"article":["a"],"url":"u","helpful":true}"#, JSON), 400),
        (post(&server, r#"{"url":"u","helpful":true}"#, JSON), 400),
        (post(&server, "not json", JSON), 400),
        (post(&server, helpful, &format!("Origin: http://evil.example\r\n{JSON}")), 403),
        (post(&server, helpful, &format!("Origin: null\r\n{JSON}")), 403),
        (post(&server, helpful, "Content-Type: text/plain\r\n"), 415),
        (
            server.raw(&format!(
                "POST /__kbpress/feedback HTTP/1.1\r\nHost: evil.example\r\n{JSON}Content-Length: {}\r\nConnection: close\r\n\r\n{helpful}",
                helpful.len()
            )),
            403,
        ),
        (server.get("/__kbpress/feedback"), 405),
    ];
    for (index, (response, status)) in refused.iter().enumerate() {
        assert_eq!(response.status, *status, "case {index}: {}", response.body);
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    }
    assert!(refused[1]
        .0
        .body
        .contains("`helpful` must be true or false"));

    // The writer sees each stored answer in the terminal, on one line, and only those.
    let shown = server.wait_for_stderr("the feedback line", |l| l.contains("helpful -> "));
    assert!(
        shown.starts_with("feedback on articles/billing/invoice.md: "),
        "{shown}"
    );
    let feedback_lines: Vec<String> = server
        .stderr()
        .into_iter()
        .filter(|l| l.starts_with("feedback on "))
        .collect();
    assert_eq!(
        feedback_lines,
        [
            r#"feedback on articles/billing/invoice.md: not helpful (Inaccurate): "<b>no</b>\nsecond line" -> .kbpress/feedback.jsonl"#,
            "feedback on articles/billing/invoice.md: helpful -> .kbpress/feedback.jsonl",
        ]
    );

    let text = std::fs::read_to_string(&stored).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "only the valid posts are stored:\n{text}");
    assert_eq!(lines[0]["comment"], "<b>no</b>\nsecond line");
    assert_eq!(lines[0]["helpful"], false);
    assert_eq!(lines[1]["reason"], serde_json::Value::Null);
    let received = lines[0]["received"].as_str().unwrap();
    assert!(
        received.ends_with('Z') && received.len() == 20,
        "{received}"
    );

    let report = Test::new()
        .args(&["feedback", stored.to_str().unwrap()])
        .expect(0);
    assert!(
        report
            .stdout
            .contains("articles/billing/invoice.md: 50% No (1 No, 1 Yes)"),
        "{}",
        report.stdout
    );
}

#[test]
fn serve_renders_no_widget_without_a_feedback_url() {
    let kb = Test::fixture("basic");
    let server = Server::started(kb.root());
    let page = server.get("/billing/invoice/");
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("class=\"feedback\""));
}
