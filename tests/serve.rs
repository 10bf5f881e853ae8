//! `kbpress serve` as a real process over a copy of a fixture KB: what it serves, what it
//! refuses, and how it follows changes (every kind of save, bursts, broken builds). Requests go
//! over raw TCP to 127.0.0.1 so evil paths and headers arrive exactly as written.

#[path = "serve/server.rs"]
mod server;
mod support;

use std::path::Path;
use std::time::Duration;

use server::{wait_until, Response, Server};
use support::Test;

fn write(root: &Path, path: &str, text: &str) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

fn article(title: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: A test article.\ntype: reference\napplies_to: [portal]\nreviewed: 2026-10-01\n---\n## Details\n\nText of {title}.\n"
    )
}

/// Waits until `GET path` satisfies `predicate`; returns that response.
fn wait_for_page(server: &Server, path: &str, predicate: impl Fn(&Response) -> bool) -> Response {
    wait_until(&format!("GET {path}"), || {
        let response = server.get(path);
        predicate(&response).then_some(response)
    })
    .unwrap_or_else(|| {
        let last = server.get(path);
        panic!(
            "GET {path}: never as expected; last: {} {}\nstderr:\n{}",
            last.status,
            &last.body[..last.body.len().min(400)],
            server.stderr().join("\n")
        )
    })
}

fn status_becomes(server: &Server, path: &str, status: u16) -> Response {
    wait_for_page(server, path, |r| r.status == status)
}

const OVERLAY: &str = "kbpress-overlay";

#[test]
fn serves_the_site_from_memory_at_the_root_with_safe_headers() {
    let kb = Test::fixture("basic");
    let server = Server::started(kb.root());
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert!(
        home.body.contains("href=\"/billing/\""),
        "links work at the root"
    );
    assert!(
        !home.body.contains("/help/"),
        "the published base path is gone"
    );
    assert!(
        home.body.contains("/__kbpress/events"),
        "reload script injected"
    );
    assert!(!home.body.contains(OVERLAY));

    let page = server.get("/billing/invoice/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Understand your invoice"));
    let draft = server.get("/billing/draft-refunds/");
    assert_eq!(draft.status, 200, "drafts are shown");
    assert!(draft.body.contains("draft-banner"), "and marked as drafts");

    for (path, content_type) in [
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/kbpress.js", "text/javascript; charset=utf-8"),
        ("/assets/forwarding.svg", "image/svg+xml"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/atom.xml", "application/atom+xml; charset=utf-8"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some(content_type),
            "{path}"
        );
        assert!(
            !response.body.contains("/__kbpress/"),
            "{path}: only HTML is changed"
        );
    }
    let sitemap = server.get("/sitemap.xml");
    assert!(sitemap.body.contains(&format!("{}billing/", server.url)));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        missing.body.contains("<!DOCTYPE html>"),
        "the site's 404.html"
    );

    let folder = server.get("/billing");
    assert_eq!(folder.status, 308);
    assert_eq!(folder.header("location"), Some("/billing/"));

    let post = server.raw(&format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        server.host()
    ));
    assert_eq!(post.status, 405);
    let head = server.raw(&format!(
        "HEAD / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.host()
    ));
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    for response in [&home, &page, &missing, &folder, &post] {
        assert_eq!(response.header("access-control-allow-origin"), None);
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    }
    assert!(
        !kb.root().join("public").exists(),
        "nothing is written to disk"
    );
    assert!(
        server.more_stdout().is_empty(),
        "{:?}",
        server.more_stdout()
    );
}

#[test]
fn no_path_reaches_anything_but_the_built_site() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("kb");
    support::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"),
        &root,
    );
    write(outer.path(), "outside.txt", "TOP-SECRET-OUTSIDE");
    write(&root, "secret.txt", "TOP-SECRET-ROOT");
    write(&root, ".env", "TOP-SECRET-DOTFILE");
    write(&root, "articles/billing/.hidden.txt", "TOP-SECRET-HIDDEN");
    let server = Server::started(&root);
    let probes = [
        "/../outside.txt",
        "/../../outside.txt",
        "/%2e%2e/outside.txt",
        "/%2E%2E/%2E%2E/outside.txt",
        "/%252e%252e/outside.txt",
        "/%252e%252e%252foutside.txt",
        "/..%2foutside.txt",
        "/..%2Fsecret.txt",
        "/..%5coutside.txt",
        "/%5c..%5coutside.txt",
        "/static/../../outside.txt",
        "/static/%2e%2e/%2e%2e/outside.txt",
        "/./secret.txt",
        "//secret.txt",
        "/secret.txt",
        "/site.toml",
        "/%2fsite.toml",
        "/articles/billing/invoice.md",
        "/billing/invoice.md",
        "/billing/.hidden.txt",
        "/.env",
        "/%2eenv",
        "/.kbpress-output",
        "/%00",
        "/index.html%00.md",
        "/site.toml%00.html",
        "/C:/Windows/win.ini",
        "/C:%5cWindows%5cwin.ini",
        "/%c0%ae%c0%ae/outside.txt",
        "/%",
        "/%zz",
    ];
    let mut raw: Vec<String> = probes
        .iter()
        .map(|p| {
            format!(
                "GET {p} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                server.host()
            )
        })
        .collect();
    for target in [
        "/..\\outside.txt",
        "\\..\\outside.txt",
        "/tmp/../etc/passwd",
        "../outside.txt",
        "*",
    ] {
        raw.push(format!(
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.host()
        ));
    }
    raw.push(format!(
        "GET http://{}/../outside.txt HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.host(),
        server.host()
    ));
    for request in &raw {
        let response = server.raw(request);
        assert!(
            matches!(response.status, 400 | 404),
            "{request:?}: {} {}",
            response.status,
            response.body
        );
        for secret in ["TOP-SECRET", "base_url", "applies_to:", "kbpress-output"] {
            assert!(
                !response.body.contains(secret),
                "{request:?} leaked {secret}"
            );
        }
    }
    // Raw NUL and control bytes in the request line.
    let nul = server.raw_bytes(
        format!(
            "GET /secret.txt\0.html HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.host()
        )
        .as_bytes(),
    );
    assert!(!nul.body.contains("TOP-SECRET"), "{}", nul.status);
    // The server is still up.
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn foreign_hosts_and_origins_are_refused() {
    let kb = Test::fixture("basic");
    let server = Server::started(kb.root());
    let port = server.port;
    let request = |host: Option<String>| {
        let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
        server.raw(&format!(
            "GET / HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
        ))
    };
    for good in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(request(Some(good.clone())).status, 200, "{good}");
    }
    for evil in [
        Some("evil.example".to_string()),
        Some(format!("evil.example:{port}")),
        Some(format!("localhost.evil.example:{port}")),
        Some(format!("127.0.0.1.nip.io:{port}")),
        Some("localhost:1".into()),
        Some("localhost".into()),
        Some(format!("192.168.0.10:{port}")),
        Some(String::new()),
        None,
    ] {
        let response = request(evil.clone());
        assert_eq!(response.status, 403, "{evil:?}");
        assert!(!response.body.contains("<html"), "{evil:?}");
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(response.header("access-control-allow-origin"), None);
    }
    let stream = |origin: Option<String>| {
        let origin = origin
            .map(|o| format!("Origin: {o}\r\n"))
            .unwrap_or_default();
        server.head_of(&format!(
            "GET /__kbpress/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{origin}Accept: text/event-stream\r\n\r\n"
        ))
    };
    for good in [
        None,
        Some(format!("http://127.0.0.1:{port}")),
        Some(format!("http://localhost:{port}")),
    ] {
        let response = stream(good.clone());
        assert_eq!(response.status, 200, "{good:?}");
        assert_eq!(response.header("content-type"), Some("text/event-stream"));
        assert_eq!(response.header("access-control-allow-origin"), None);
    }
    for evil in [
        "http://evil.example",
        &format!("http://evil.example:{port}"),
        "null",
        &format!("https://127.0.0.1:{port}"),
        "http://127.0.0.1:1",
    ] {
        let response = stream(Some(evil.to_string()));
        assert_eq!(response.status, 403, "{evil}");
    }
    let rebinding = server.head_of(&format!(
        "GET /__kbpress/events HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n"
    ));
    assert_eq!(rebinding.status, 403);
}

#[test]
fn an_edit_rebuilds_and_the_reload_comes_after_the_new_build() {
    let kb = Test::fixture("basic");
    let server = Server::started(kb.root());
    let events = server.events();
    let first = events
        .recv_timeout(server::DEADLINE)
        .expect("the current generation at once");
    let path = kb.root().join("articles/billing/invoice.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("What each line", "What EVERY line")).unwrap();
    let next = events
        .recv_timeout(server::DEADLINE)
        .expect("a reload signal");
    assert!(next > first);
    // The signal comes only once the new build is being served.
    let page = server.get("/billing/invoice/");
    assert!(page.body.contains("What EVERY line"), "{}", page.body);
    assert!(page.body.contains(&format!("var g=\"{next}\"")));
    let line = server.wait_for_builds(2);
    assert!(
        line.starts_with("rebuilt in ")
            && line.contains(" ms after articles/billing/invoice.md changed: 0 errors"),
        "{line}"
    );
}

#[test]
fn a_snippet_edit_rebuilds_every_page_that_includes_it() {
    let kb = Test::fixture("snippets");
    let server = Server::started(kb.root());
    for page in ["/calls/forward-calls/", "/calls/set-up-voicemail/"] {
        assert!(
            server.get(page).body.contains("WHOLESALE-CONTACT-TEXT"),
            "{page}"
        );
    }
    let path = kb.root().join("snippets/contact.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("WHOLESALE-CONTACT-TEXT", "RESELLER-EDITED-TEXT"),
    )
    .unwrap();
    for page in [
        "/calls/forward-calls/",
        "/calls/set-up-voicemail/",
        "/calls/set-up-voicemail/index.md",
    ] {
        let response = wait_for_page(&server, page, |r| r.body.contains("RESELLER-EDITED-TEXT"));
        assert!(!response.body.contains("WHOLESALE-CONTACT-TEXT"), "{page}");
    }
    let line = server.wait_for_builds(2);
    assert!(line.contains("snippets/contact.md"), "{line}");
}

#[test]
fn every_way_of_saving_is_seen() {
    let kb = Test::fixture("basic");
    let root = kb.root();
    // Nothing may link to the article this test moves around, or the moves break the build.
    let linking = root.join("articles/voice/forwarding/set-up-forwarding.md");
    let text = std::fs::read_to_string(&linking).unwrap();
    std::fs::write(
        &linking,
        text.replace("[billing](../../billing/invoice.md#charges)", "billing"),
    )
    .unwrap();
    let server = Server::started(root);
    let has = |path: &str, text: &str| {
        let text = text.to_string();
        wait_for_page(&server, path, move |r| {
            r.status == 200 && r.body.contains(&text)
        });
    };

    // In place.
    write(root, "articles/billing/invoice.md", &article("In place"));
    has("/billing/invoice/", "Text of In place");
    // Write a temporary file, rename it over the article (what most editors do).
    write(
        root,
        "articles/billing/.invoice.md.kbtmp",
        &article("Renamed over"),
    );
    std::fs::rename(
        root.join("articles/billing/.invoice.md.kbtmp"),
        root.join("articles/billing/invoice.md"),
    )
    .unwrap();
    has("/billing/invoice/", "Text of Renamed over");
    // Delete, then create again.
    std::fs::remove_file(root.join("articles/billing/invoice.md")).unwrap();
    status_becomes(&server, "/billing/invoice/", 404);
    write(root, "articles/billing/invoice.md", &article("Recreated"));
    has("/billing/invoice/", "Text of Recreated");
    // Rename a file.
    std::fs::rename(
        root.join("articles/billing/invoice.md"),
        root.join("articles/billing/bill.md"),
    )
    .unwrap();
    has("/billing/bill/", "Text of Recreated");
    status_becomes(&server, "/billing/invoice/", 404);
    // Rename a folder, then edit inside the renamed folder.
    std::fs::rename(
        root.join("articles/billing"),
        root.join("articles/payments"),
    )
    .unwrap();
    has("/payments/bill/", "Text of Recreated");
    status_becomes(&server, "/billing/bill/", 404);
    write(
        root,
        "articles/payments/bill.md",
        &article("Moved and edited"),
    );
    has("/payments/bill/", "Text of Moved and edited");
    // A new folder with a new article.
    write(root, "articles/new/fresh.md", &article("Fresh"));
    has("/new/fresh/", "Text of Fresh");
    // Delete a folder.
    std::fs::remove_dir_all(root.join("articles/new")).unwrap();
    status_becomes(&server, "/new/fresh/", 404);
    // Delete and recreate the whole articles folder: it is watched again.
    let saved = tempfile::tempdir().unwrap();
    support::copy_tree(&root.join("articles"), saved.path());
    std::fs::remove_dir_all(root.join("articles")).unwrap();
    status_becomes(&server, "/payments/bill/", 404);
    support::copy_tree(saved.path(), &root.join("articles"));
    has("/payments/bill/", "Text of Moved and edited");
    write(
        root,
        "articles/payments/bill.md",
        &article("After recreate"),
    );
    has("/payments/bill/", "Text of After recreate");
    // Assets and site.toml are watched too.
    write(
        root,
        "assets/forwarding.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- v2 --></svg>",
    );
    has("/assets/forwarding.svg", "v2");
    let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
    write(
        root,
        "site.toml",
        &config.replace("Fixture KB", "Renamed KB"),
    );
    has("/", "Renamed KB");
}

#[test]
fn a_burst_of_200_files_is_at_most_a_few_rebuilds() {
    let kb = Test::fixture("basic");
    let server = Server::started(kb.root());
    let before = server.build_lines().len();
    for i in 0..200 {
        write(
            kb.root(),
            &format!("articles/burst/a{i:03}.md"),
            &article(&format!("Burst {i}")),
        );
    }
    wait_for_page(&server, "/burst/a199/", |r| r.status == 200);
    // Let any late batch arrive.
    std::thread::sleep(Duration::from_millis(800));
    let builds = server.build_lines()[before..].to_vec();
    assert!(
        (1..=3).contains(&builds.len()),
        "{} rebuilds:\n{}",
        builds.len(),
        builds.join("\n")
    );
    assert!(builds.last().unwrap().contains("more)"), "{builds:?}");
    for i in [0, 57, 123, 199] {
        assert_eq!(server.get(&format!("/burst/a{i:03}/")).status, 200);
    }
}

#[test]
fn editor_temporary_files_are_ignored() {
    let kb = Test::fixture("basic");
    let root = kb.root();
    let server = Server::started(root);
    for name in [
        ".invoice.md.swp",
        "invoice.md.swx",
        "invoice.md~",
        "#invoice.md#",
        ".#invoice.md",
        "invoice.md.tmp",
        "4913",
        ".hidden.md",
    ] {
        write(root, &format!("articles/billing/{name}"), "junk");
        std::fs::remove_file(root.join("articles/billing").join(name)).ok();
        write(root, &format!("articles/billing/{name}"), "junk");
    }
    write(root, "README.md", "not part of the KB");
    write(root, "public/index.html", "not part of the KB");
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(server.build_lines().len(), 1, "{:?}", server.build_lines());
    write(root, "articles/billing/invoice.md", &article("Real edit"));
    let line = server.wait_for_builds(2);
    assert!(
        line.contains("articles/billing/invoice.md changed:"),
        "{line}"
    );
}

#[test]
fn a_broken_build_keeps_the_last_good_site_with_an_overlay_until_fixed() {
    let kb = Test::fixture("basic");
    let root = kb.root();
    let server = Server::started(root);
    let path = root.join("articles/billing/invoice.md");
    let good = std::fs::read_to_string(&path).unwrap();

    write(
        root,
        "articles/billing/invoice.md",
        "---\ntitle: [unclosed <script>alert(1)</script>\n---\nbody\n",
    );
    let page = wait_for_page(&server, "/billing/invoice/", |r| r.body.contains(OVERLAY));
    assert_eq!(page.status, 200, "the last good build is still served");
    assert!(page.body.contains("Understand your invoice"));
    assert!(
        page.body.contains("articles/billing/invoice.md:"),
        "file and line"
    );
    assert!(page.body.contains("yaml-syntax"));
    assert!(!page.body.contains("<script>alert(1)"));
    let other = server.get("/voice/");
    assert!(other.body.contains(OVERLAY), "every HTML page shows it");
    let missing = server.get("/nope/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains(OVERLAY));
    let line = server.wait_for_stderr("the failed build", |l| l.starts_with("build failed"));
    assert!(
        line.contains("articles/billing/invoice.md changed"),
        "{line}"
    );
    assert!(
        line.contains("first: articles/billing/invoice.md:"),
        "{line}"
    );

    // A link to a missing file is an error too; its target text is escaped in the overlay.
    write(
        root,
        "articles/billing/invoice.md",
        &good.replace(
            "## Charges {#charges}",
            "## Charges {#charges}\n\nSee [x](gone<b>bold</b>.md).",
        ),
    );
    let page = wait_for_page(&server, "/billing/invoice/", |r| {
        r.body.contains("broken-link")
    });
    assert!(!page.body.contains("<b>bold</b>"), "{}", page.body);

    std::fs::write(&path, &good).unwrap();
    let page = wait_for_page(&server, "/billing/invoice/", |r| !r.body.contains(OVERLAY));
    assert_eq!(page.status, 200);
    // The build is swapped in before its line is printed (flaky under load when read at once).
    let line = wait_until("the rebuild's line", || {
        (server.build_lines().last())
            .filter(|line| line.starts_with("rebuilt"))
            .cloned()
    });
    assert!(line.is_some(), "{:?}", server.build_lines());
}

#[test]
fn a_failing_first_build_still_serves_its_errors() {
    let kb = Test::fixture("basic");
    let root = kb.root();
    let path = root.join("articles/billing/invoice.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, "---\ntitle: [broken\n---\n").unwrap();
    let server = Server::started(root);
    let line = server.wait_for_builds(1);
    assert!(line.starts_with("build failed in "), "{line}");
    // With no good build yet, the site rendered despite its errors is shown, each page under
    // the overlay, so a writer fixing a migrated KB can look at it (like build --allow-errors).
    for path in ["/", "/billing/invoice/", "/anything"] {
        let response = server.get(path);
        assert_ne!(response.status, 503, "{path}");
        assert!(response.body.contains(OVERLAY), "{path}");
        assert!(
            response.body.contains("articles/billing/invoice.md:"),
            "{path}"
        );
        assert!(response.body.contains("/__kbpress/events"), "{path}");
    }
    assert_eq!(server.get("/").status, 200);
    assert_eq!(server.get("/anything").status, 404);
    let css = server.get("/static/style.css");
    assert_eq!(css.status, 200);
    assert!(!css.body.contains(OVERLAY));
    std::fs::write(&path, good).unwrap();
    let home = wait_for_page(&server, "/", |r| !r.body.contains(OVERLAY));
    assert_eq!(home.status, 200);
}

#[test]
fn template_and_site_toml_errors_show_in_the_overlay() {
    let kb = Test::fixture("basic");
    let root = kb.root();
    let server = Server::started(root);

    write(root, "themes/default/templates/article.html", "{% extends \"base.html\" %}\n{% block content %}{{ page.title | nosuchfilter }}{% endblock content %}\n");
    let page = wait_for_page(&server, "/billing/invoice/", |r| r.body.contains(OVERLAY));
    assert!(
        page.body.contains("themes/default/templates/article.html"),
        "{}",
        page.body
    );
    write(root, "themes/default/templates/article.html", "{% extends \"base.html\" %}\n{% block content %}<p id=\"custom\">{{ page.title }}</p>{% endblock content %}\n");
    let page = wait_for_page(&server, "/billing/invoice/", |r| !r.body.contains(OVERLAY));
    assert!(
        page.body.contains("<p id=\"custom\">"),
        "the theme change rebuilt every page"
    );
    std::fs::remove_dir_all(root.join("themes")).unwrap();
    wait_for_page(&server, "/billing/invoice/", |r| {
        !r.body.contains("id=\"custom\"")
    });

    let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
    write(
        root,
        "site.toml",
        &config.replace(
            "title = \"Fixture KB\"",
            "title = \"Fixture KB\"\ntitel = 1",
        ),
    );
    let page = wait_for_page(&server, "/", |r| r.body.contains(OVERLAY));
    assert!(page.body.contains("site.toml"), "{}", page.body);
    assert!(page.body.contains("titel"));
    // A vocabulary change rechecks every article.
    write(
        root,
        "site.toml",
        &config.replace("[products.portal]", "[products.portal2]"),
    );
    let page = wait_for_page(&server, "/", |r| r.body.contains("unknown-product"));
    assert!(page.body.contains(OVERLAY));
    write(root, "site.toml", &config);
    wait_for_page(&server, "/", |r| {
        r.status == 200 && !r.body.contains(OVERLAY)
    });
}

#[test]
fn polling_is_the_fallback_and_still_follows_changes() {
    let kb = Test::fixture("basic");
    let server = Server::start(kb.root(), &[], &[("KBPRESS_WATCH_POLL", "1")]);
    server.wait_for_builds(1);
    let note = server.wait_for_stderr("the polling note", |l| l.contains("polling"));
    assert!(
        note.starts_with("note: watching files by polling"),
        "{note}"
    );
    let path = kb.root().join("articles/billing/invoice.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("What each line", "Polled line")).unwrap();
    wait_for_page(&server, "/billing/invoice/", |r| {
        r.body.contains("Polled line")
    });
    // A second save within the same second is seen too.
    std::fs::write(&path, text.replace("What each line", "Polled again")).unwrap();
    wait_for_page(&server, "/billing/invoice/", |r| {
        r.body.contains("Polled again")
    });
}

#[test]
fn another_loopback_address_can_be_bound_and_named() {
    let kb = Test::fixture("basic");
    let server = Server::start(kb.root(), &["--bind", "127.0.0.2"], &[]);
    server.wait_for_builds(1);
    assert!(
        server.url.starts_with("http://127.0.0.2:"),
        "{}",
        server.url
    );
    let request = |host: &str| {
        let stream = std::net::TcpStream::connect(("127.0.0.2", server.port)).unwrap();
        let mut stream = stream;
        use std::io::{Read, Write};
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        text
    };
    assert!(request(&format!("127.0.0.2:{}", server.port)).starts_with("HTTP/1.1 200"));
    assert!(request(&format!("localhost:{}", server.port)).starts_with("HTTP/1.1 200"));
    assert!(request(&format!("evil.example:{}", server.port)).starts_with("HTTP/1.1 403"));
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let kb = Test::fixture("basic");
    let output = kb.args(&["serve", "--port", &port]).run();
    assert_eq!(output.code, 2, "{}", output.stderr);
    assert!(
        output.stderr.contains("cannot listen on 127.0.0.1:"),
        "{}",
        output.stderr
    );
    assert!(output.stderr.contains("--port 0"), "{}", output.stderr);
    assert!(output.stdout.is_empty());
}

/// The basic fixture with `[feedback]`, so pages post answers to `serve`.
fn with_feedback() -> Test {
    let kb = Test::fixture("basic");
    let path = kb.root().join("site.toml");
    let mut config = std::fs::read_to_string(&path).unwrap();
    config.push_str("\n[feedback]\nurl = \"https://feedback.example.com/kb\"\n");
    std::fs::write(&path, config).unwrap();
    kb
}

fn post_feedback(server: &Server, body: &str) -> Response {
    server.raw(&format!(
        "POST /__kbpress/feedback HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.host(),
        body.len()
    ))
}

#[cfg(unix)]
#[test]
fn feedback_is_never_written_through_a_planted_symlink_nor_about_unknown_articles() {
    let kb = with_feedback();
    let outside = tempfile::tempdir().unwrap();
    let bashrc = outside.path().join("bashrc");
    std::fs::write(&bashrc, "precious\n").unwrap();
    std::fs::create_dir(kb.root().join(".kbpress")).unwrap();
    let link = kb.root().join(".kbpress/feedback.jsonl");
    std::os::unix::fs::symlink(&bashrc, &link).unwrap();
    let server = Server::started(kb.root());

    let answer = r#"{"article":"articles/billing/invoice.md","url":"u","helpful":true}"#;
    let refused = post_feedback(&server, answer);
    assert_eq!(refused.status, 500, "{}", refused.body);
    assert!(refused.body.contains("symlink"), "{}", refused.body);
    assert_eq!(std::fs::read_to_string(&bashrc).unwrap(), "precious\n");
    server.wait_for_stderr("the warning", |l| {
        l.starts_with("warning: a feedback answer was not stored") && l.contains("symlink")
    });

    // An answer about an article this build does not have is refused before any write.
    std::fs::remove_file(&link).unwrap();
    for article in [
        "articles/$(touch PWNED).md",
        "articles/billing/missing.md",
        "/etc/passwd",
    ] {
        let body = format!(r#"{{"article":{article:?},"url":"u","helpful":true}}"#);
        let response = post_feedback(&server, &body);
        assert_eq!(response.status, 400, "{article}: {}", response.body);
        assert!(response.body.contains("`article`"), "{}", response.body);
    }
    assert!(!link.exists(), "nothing was stored");
    assert_eq!(post_feedback(&server, answer).status, 204);
    assert_eq!(std::fs::read_to_string(&link).unwrap().lines().count(), 1);
}

#[test]
fn a_flood_of_feedback_shows_a_few_lines_and_a_count() {
    let kb = with_feedback();
    let server = Server::started(kb.root());
    let answer = r#"{"article":"articles/billing/invoice.md","url":"u","helpful":true}"#;
    for _ in 0..30 {
        assert_eq!(post_feedback(&server, answer).status, 204);
    }
    let summary = server.wait_for_stderr("the count", |l| l.contains("not shown"));
    let shown = server
        .stderr()
        .iter()
        .filter(|l| l.starts_with("feedback on "))
        .count();
    let counted: usize = summary
        .trim_start_matches("warning: ")
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(shown <= 10, "{shown} lines shown");
    assert_eq!(shown + counted, 30, "{summary}");
    let stored = std::fs::read_to_string(kb.root().join(".kbpress/feedback.jsonl")).unwrap();
    assert_eq!(stored.lines().count(), 30, "every answer is stored");
}

/// Issue 17: a rebuild that fails because the process ran out of file descriptors is built
/// again by itself once they are back, instead of showing the overlay until the next edit.
#[cfg(target_os = "linux")]
#[test]
fn a_build_that_ran_out_of_files_is_retried_until_it_succeeds() {
    let kb = Test::fixture("basic");
    let server = Server::started(kb.root());
    let pid = server.pid();
    let open = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count();
    // A few descriptors to spare, then connections that send half a request line take them
    // (until the header timeout closes them, 10 s later).
    // (The soft limit only: lowering the hard one could not be undone.)
    let limit = format!("--nofile={}:", open + 4);
    let status = std::process::Command::new("prlimit")
        .args(["--pid", &pid.to_string(), &limit])
        .status()
        .expect("prlimit (util-linux) runs this test");
    assert!(status.success());
    let hanging: Vec<_> = (0..12)
        .map(|_| {
            let mut stream = server.connect();
            std::io::Write::write_all(&mut stream, b"GET / HTT").unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let path = "articles/billing/invoice.md";
    let text = std::fs::read_to_string(kb.root().join(path)).unwrap();
    write(kb.root(), path, &format!("{text}\nOne more line.\n"));
    let failed = server.wait_for_stderr("a failed build", |l| {
        l.starts_with("build failed") && l.contains("(os error 24)")
    });
    // Raise the limit again: the hanging connections closing would free the files too, after
    // the header timeout; this keeps the test short.
    let status = std::process::Command::new("prlimit")
        .args(["--pid", &pid.to_string(), "--nofile=1024:"])
        .status()
        .unwrap();
    assert!(status.success());
    let recovered = server.wait_for_stderr("a build after the failure", |l| {
        l.starts_with("rebuilt") && l.contains("0 errors")
    });
    assert!(recovered.contains("full rescan"), "{failed}\n{recovered}");
    let page = server.get("/billing/invoice/");
    assert!(page.body.contains("One more line."), "{}", page.body);
    assert!(!page.body.contains(OVERLAY));
    drop(hanging);
}
