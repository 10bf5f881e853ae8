//! Every HTML file kbpress writes is valid HTML by the Nu HTML Checker (vnu.jar, the W3C
//! validator's engine): the sample KB plus `tests/fixtures/every-element.md` built as every
//! audience site, and a preview build with a draft and a scheduled article (draft and scheduled
//! banners, badges, preview and internal bars). All pages go to one JVM, which takes a few seconds; errors fail the test, warnings
//! do not.
//!
//! Needs Java and vnu-jar from `tests/browser-tools` (`npm ci`); `scripts/test` installs them.
//! Without them this test fails, saying so: it never passes silently.

mod support;

use std::process::Command;

use support::tools::{java, nu_html_checker};
use support::Test;

const EVERY_ELEMENT: &str = include_str!("fixtures/every-element.md");

/// The sample KB, the every-element article, and a draft copy and a scheduled copy of it for
/// the preview build (draft and "Scheduled" banners and badges).
fn kb() -> Test {
    let draft = EVERY_ELEMENT
        .replacen("---\n", "---\ndraft: true\n", 1)
        .replace("title: Every element", "title: Draft of every element");
    let scheduled = EVERY_ELEMENT
        .replacen("---\n", "---\npublish_after: 2099-01-01\n", 1)
        .replace("title: Every element", "title: Scheduled every element");
    Test::sample_kb()
        .file("articles/hosted-voice/every-element.md", EVERY_ELEMENT)
        .file("articles/hosted-voice/every-element-draft.md", &draft)
        .file(
            "articles/hosted-voice/every-element-scheduled.md",
            &scheduled,
        )
}

/// Builds with `args` into `out` (a folder of the KB), failing on any error.
fn build(kb: &Test, out: &str, args: &[&str]) {
    let out = kb.root().join(out);
    let out = out.to_string_lossy();
    let mut all = vec!["build", "--today", "2026-11-27", "--out", &out];
    all.extend(args);
    let output = Test::new()
        .args(&["--root", &kb.root().to_string_lossy()])
        .args(&all)
        .run();
    assert_eq!(output.code, 0, "kbpress {all:?}:\n{}", output.stderr);
}

#[test]
fn every_page_of_every_site_is_valid_html() {
    let kb = kb();
    build(&kb, "sites", &["--all-audiences"]);
    build(&kb, "preview", &["--drafts", "--audience", "internal"]);
    // The same KB written in German: the theme's German words in every template.
    let config = std::fs::read_to_string(kb.root().join("site.toml")).unwrap();
    let german = kb.file(
        "site.toml",
        &config
            .replacen("language = \"en\"", "language = \"de\"", 1)
            .replacen(
                "[languages.fr]\n",
                "[languages.fr]\nuntranslated = \"fallback\"\n",
                1,
            ),
    );
    build(
        &german,
        "preview-de",
        &["--drafts", "--audience", "internal"],
    );
    let mut pages = Vec::new();
    for folder in ["sites", "preview", "preview-de"] {
        pages.extend(
            support::files_under(german.root(), folder)
                .into_iter()
                .filter(|file| file.ends_with(".html"))
                .map(|file| german.root().join(folder).join(file)),
        );
    }
    let german_page = std::fs::read_to_string(german.root().join("preview-de/index.html")).unwrap();
    // Its French site shows the articles without a translation in German, with the notice.
    let shown = german
        .root()
        .join("preview-de/fr/hosted-voice/sip-settings/index.html");
    let shown = std::fs::read_to_string(shown).unwrap();
    assert!(shown.contains("untranslated-notice") && shown.contains("lang=\"de\""));
    assert!(
        german_page.contains("<html lang=\"de\">")
            && german_page.contains("Nach Thema durchsuchen")
    );
    assert!(
        pages.len() > 250,
        "{} pages: not every site was built",
        pages.len()
    );
    assert!(
        pages
            .iter()
            .any(|p| p.ends_with("hosted-voice/every-element-draft/index.html")),
        "the preview build has the draft"
    );

    let checked = Command::new(java())
        .arg("-jar")
        .arg(nu_html_checker())
        .args(["--errors-only", "--format", "json"])
        .args(&pages)
        .output()
        .expect("run the Nu HTML Checker");
    // The checker writes its JSON report to stderr.
    let report: serde_json::Value = serde_json::from_slice(&checked.stderr).unwrap_or_else(|e| {
        panic!(
            "the Nu HTML Checker printed no JSON report ({e}):\n{}",
            String::from_utf8_lossy(&checked.stderr)
        )
    });
    let root = format!("file:{}/", german.root().display());
    let errors: Vec<String> = report["messages"]
        .as_array()
        .expect("messages in the report")
        .iter()
        .filter(|message| message["type"] != "info")
        .map(|message| {
            let file = message["url"].as_str().unwrap_or("?");
            format!(
                "{}:{}: {} [{}]\n    {}",
                file.strip_prefix(&root).unwrap_or(file),
                message["lastLine"],
                message["message"].as_str().unwrap_or("?"),
                message["type"].as_str().unwrap_or("?"),
                message["extract"]
                    .as_str()
                    .unwrap_or("")
                    .replace('\n', "\\n")
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "{} HTML errors in {} pages:\n{}",
        errors.len(),
        pages.len(),
        errors.join("\n")
    );
    assert!(
        checked.status.success(),
        "the checker failed without reporting errors"
    );
}
