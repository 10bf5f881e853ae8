//! An article's life and its owners, over `tests/fixtures/life-cycle`: scheduled, expired and
//! superseded articles stay out of every output of a build, superseded ones redirect, previews
//! show scheduled ones marked; `kbpress review` and `kbpress codeowners`.

mod support;

use support::{Output, Test};

/// The fixture's "today": `holiday-routing` is scheduled for 2026-12-01, `summer-offer`
/// expired on 2026-10-01, `winter-offer` expires on 2026-11-20, `old-invoices` is superseded
/// by `invoices`, whose review is due on 2026-11-20.
const TODAY: &[&str] = &["--today", "2026-11-01"];

/// Words only the scheduled, expired and superseded articles hold (body text, tags, an image).
const UNPUBLISHED: &[&str] = &[
    "zqxfuture",
    "Holiday routing",
    "holiday-routing",
    "zqxexpired",
    "Summer offer",
    "summer-offer",
    "offers/summer",
    "zqxsuperseded",
    "old portal",
];

fn build(today: &[&str], extra: &[&str]) -> Output {
    Test::fixture("life-cycle")
        .args(&["build"])
        .args(today)
        .args(extra)
        .expect(0)
}

/// Every file of the public site as (path, text).
fn site_files(output: &Output) -> Vec<(String, String)> {
    output
        .files_under("public")
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(output.root.join("public").join(&file)).unwrap();
            (file, String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

#[test]
fn scheduled_expired_and_superseded_articles_are_in_no_output() {
    let output = build(TODAY, &[]);
    let files = site_files(&output);
    // The published article's word reaches every kind of output the others must stay out of:
    // its page, listings, sitemap, feed, llms.txt, Markdown copy and the search index.
    for (kind, must_hold) in [
        ("calling/forwarding/index.html", "zqxcurrent"),
        ("calling/forwarding/index.md", "zqxcurrent"),
        ("sitemap.xml", "calling/forwarding/"),
        ("atom.xml", "Set up call forwarding"),
        ("llms.txt", "Set up call forwarding"),
        ("calling/index.html", "Set up call forwarding"),
        ("tags/forwarding/index.html", "Set up call forwarding"),
    ] {
        let text = &files.iter().find(|(file, _)| file == kind).unwrap().1;
        assert!(text.contains(must_hold), "{kind} lacks {must_hold}");
    }
    assert!(
        files
            .iter()
            .any(|(file, text)| file.starts_with("search/") && text.contains("zqxcurrent")),
        "the search index holds the published article's words"
    );
    for (file, text) in &files {
        for word in UNPUBLISHED {
            assert!(
                !file.contains(word) && !text.contains(word),
                "`{word}` is in {file}"
            );
        }
    }
    // No tag page for tags only unpublished articles have, no copy of their image.
    let names: Vec<&str> = files.iter().map(|(file, _)| file.as_str()).collect();
    assert!(!names.iter().any(|f| f.contains("zqx")), "{names:#?}");
}

#[test]
fn a_superseded_article_redirects_to_its_replacement_from_its_url_and_aliases() {
    let output = build(TODAY, &[]);
    for page in [
        "public/billing/old-invoices/index.html",
        "public/kb/1234/index.html",
    ] {
        let html = output.read(page);
        assert!(
            html.contains("url=/help/billing/invoices/") && html.contains("Reading your invoice"),
            "{page}: {html}"
        );
    }
    let redirects = output.read("public/_redirects");
    assert!(
        redirects.contains("/help/billing/old-invoices/ /help/billing/invoices/ 301\n")
            && redirects.contains("/help/kb/1234/ /help/billing/invoices/ 301\n"),
        "{redirects}"
    );
    // An expired article's alias redirects nowhere.
    assert!(!redirects.contains("offers"), "{redirects}");
}

#[test]
fn a_scheduled_article_is_published_on_its_date_and_an_expired_one_until_the_day_before() {
    let before = build(&["--today", "2026-09-30"], &[]);
    assert!(before
        .read("public/billing/summer-offer/index.html")
        .contains("zqxexpired"));
    assert!(!before.root.join("public/calling/holiday-routing").exists());
    let on_the_day = build(&["--today", "2026-12-01"], &[]);
    assert!(on_the_day
        .read("public/calling/holiday-routing/index.html")
        .contains("zqxfuture"));
    assert!(on_the_day
        .read("public/sitemap.xml")
        .contains("calling/holiday-routing/"));
    assert!(on_the_day
        .root
        .join("public/assets/zqxfuture-calendar.svg")
        .exists());
}

#[test]
fn previews_show_scheduled_articles_marked_but_never_expired_or_superseded_ones() {
    let output = build(TODAY, &["--drafts"]);
    let page = output.read("public/calling/holiday-routing/index.html");
    assert!(
        page.contains("<strong>Scheduled.</strong> This article is published on 1 December 2026"),
        "{page}"
    );
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(output
        .read("public/calling/index.html")
        .contains("Scheduled 1 December 2026</span>"));
    // Shown in the preview, but not announced: no sitemap or feed entry.
    assert!(!output
        .read("public/sitemap.xml")
        .contains("holiday-routing"));
    assert!(!output.read("public/atom.xml").contains("Holiday routing"));
    assert!(!output.root.join("public/billing/summer-offer").exists());
    assert!(output
        .read("public/billing/old-invoices/index.html")
        .contains("url=/help/billing/invoices/"));
}

#[test]
fn article_pages_show_the_owners_name() {
    let output = build(TODAY, &[]);
    let page = output.read("public/calling/forwarding/index.html");
    assert!(
        page.contains("<dt>Owner</dt><dd>Voice docs team</dd>"),
        "{page}"
    );
}

#[test]
fn links_to_scheduled_expired_and_superseded_articles_are_reported() {
    let links = "\n3. See [holidays](holiday-routing.md), [summer](../billing/summer-offer.md) and [old invoices](../billing/old-invoices.md).\n";
    let test = Test::fixture("life-cycle");
    let forwarding = std::fs::read_to_string(test.root().join("articles/calling/forwarding.md"))
        .unwrap()
        + links;
    let output = test
        .file("articles/calling/forwarding.md", &forwarding)
        .args(&["check", "--format", "json"])
        .args(TODAY)
        .expect(1);
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let found: Vec<(String, String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("expiring-article", "articles/billing/summer-offer.md", 9),
        ("expiring-article", "articles/billing/winter-offer.md", 8),
        ("link-to-scheduled", "articles/calling/forwarding.md", 15),
        ("link-to-expired", "articles/calling/forwarding.md", 15),
        ("link-to-superseded", "articles/calling/forwarding.md", 15),
    ];
    for (code, file, line) in expected {
        assert!(
            found.contains(&(code.to_string(), file.to_string(), line)),
            "{code} at {file}:{line} in {found:#?}"
        );
    }
    assert_eq!(found.len(), expected.len(), "{found:#?}");
}

#[test]
fn the_review_queue_groups_articles_by_owner() {
    let output = Test::fixture("life-cycle")
        .args(&["review"])
        .args(TODAY)
        .expect(0);
    assert_eq!(
        output.stdout,
        "Review queue on 2026-11-01: 3 items for 2 owners\n\
         \n\
         Billing team (billing), billing@example.com\n  \
         expired     articles/billing/summer-offer.md: expired 2026-10-01 (31 days ago), in no build\n              \
         Summer offer\n  \
         expiring    articles/billing/winter-offer.md: expires 2026-11-20 (in 19 days)\n              \
         Winter offer\n\
         \n\
         Docs team (docs), @acme/docs\n  \
         due         articles/billing/invoices.md: review due 2026-11-20 (in 19 days)\n              \
         Reading your invoice\n"
    );
    let json = Test::fixture("life-cycle")
        .args(&["review", "--owner", "docs", "--format", "json"])
        .args(TODAY)
        .expect(0);
    let queue: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        queue,
        serde_json::json!({
            "today": "2026-11-01",
            "owners": [{
                "owner": "docs", "name": "Docs team", "handle": "@acme/docs",
                "items": [{
                    "path": "articles/billing/invoices.md", "title": "Reading your invoice",
                    "reason": "due", "date": "2026-11-20", "days": 19
                }]
            }]
        })
    );
    let unknown = Test::fixture("life-cycle")
        .args(&["review", "--owner", "voice-doc"])
        .args(TODAY)
        .expect(2);
    assert!(
        unknown.stderr.contains("did you mean `voice-docs`?"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn codeowners_are_printed_written_and_checked() {
    let expected = "# BEGIN kbpress codeowners: generated from site.toml [owners] and `owner:` in front matter\n\
         # Regenerate with `kbpress codeowners --write`; check with `kbpress codeowners --check`.\n\
         /articles/ @acme/docs\n\
         /articles/billing/invoices.md @acme/docs\n\
         /articles/billing/old-invoices.md billing@example.com\n\
         /articles/billing/summer-offer.md billing@example.com\n\
         /articles/billing/winter-offer.md billing@example.com\n\
         /articles/calling/forwarding.md @acme/voice-docs\n\
         /articles/calling/holiday-routing.md @acme/voice-docs\n\
         # END kbpress codeowners\n";
    let printed = Test::fixture("life-cycle").args(&["codeowners"]).expect(0);
    assert_eq!(printed.stdout, expected);

    // In a repository whose KB is a subfolder, paths start at the repository's root, and
    // the rules around the block are kept.
    let test = Test::new();
    support::copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/life-cycle"),
        &test.root().join("docs/kb"),
    );
    let test = test
        .file(".git/HEAD", "ref: refs/heads/main\n")
        .file(".github/CODEOWNERS", "* @acme/admins\n")
        .current_dir("docs/kb");
    let stale = test.args(&["codeowners", "--check"]).expect(1);
    assert!(
        stale.stderr.contains("run `kbpress codeowners --write`"),
        "{}",
        stale.stderr
    );
    let test = Test::new();
    support::copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/life-cycle"),
        &test.root().join("docs/kb"),
    );
    let root = test.root().to_path_buf();
    let test = test
        .file(".git/HEAD", "ref: refs/heads/main\n")
        .file(".github/CODEOWNERS", "* @acme/admins\n");
    let kb = root.join("docs/kb");
    let kb = kb.to_str().unwrap();
    // Keeps the temporary folder alive.
    let _wrote = test
        .args(&["--root", kb, "codeowners", "--write"])
        .expect(0);
    let written = std::fs::read_to_string(root.join(".github/CODEOWNERS")).unwrap();
    assert_eq!(
        written,
        format!(
            "* @acme/admins\n\n{}",
            expected.replace("/articles/", "/docs/kb/articles/")
        )
    );
    Test::new()
        .args(&["--root", kb, "codeowners", "--check"])
        .expect(0);
}
