//! Incremental rebuilds and the search refresh against full builds of the same edits.

use super::*;
use crate::check::testing::Random;
use crate::serve::build::testing::{builder, fixture};

fn articles(root: &std::path::Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(root.join("articles"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| crate::load::relative(root, e.path()))
        .filter(|p| is_article(p))
        .collect();
    found.sort();
    found
}

/// Applies one random change to the KB; returns the paths it touched.
fn change(root: &std::path::Path, random: &mut Random, step: usize) -> Vec<String> {
    let all = articles(root);
    let path = all[random.below(all.len())].clone();
    let full = root.join(&path);
    let text = std::fs::read_to_string(&full).unwrap_or_default();
    let edit = |new: String| {
        std::fs::write(&full, new).unwrap();
        vec![path.clone()]
    };
    match random.below(16) {
        // Snippets: edit the shared one (text, a broken link, a staff section), include it in
        // an article, or include one that does not exist. Every includer must follow.
        11 => {
            let note = root.join("snippets/note.md");
            let text = std::fs::read_to_string(&note).unwrap();
            let added = match step % 3 {
                0 => format!("\nStep {step} edits the note.\n"),
                1 => format!("\n[broken {step}](missing-{step}.md)\n"),
                _ => format!("\n### Staff {step} {{audience=staff}}\n\nInternal {step}.\n"),
            };
            std::fs::write(&note, format!("{text}{added}")).unwrap();
            vec!["snippets/note.md".to_string()]
        }
        12 => edit(format!("{text}\n{{{{> note }}}}\n")),
        13 => edit(format!("{text}\n{{{{> missing-{step} }}}}\n")),
        // Rename a heading that other articles link to (step 4 adds such links): their
        // anchors break and mend without those articles being edited.
        10 => {
            let invoice = root.join("articles/billing/invoice.md");
            // A rename (8) may have taken it: then nothing changes.
            let Ok(text) = std::fs::read_to_string(&invoice) else {
                return Vec::new();
            };
            let toggled = if text.contains("{#charges}") {
                text.replace("{#charges}", "{#fees}")
            } else {
                text.replace("{#fees}", "{#charges}")
            };
            std::fs::write(&invoice, toggled).unwrap();
            vec!["articles/billing/invoice.md".to_string()]
        }
        // Body edits, the common case: text, a heading, a link, a broken link.
        0..=2 | 14 | 15 => edit(format!("{text}\nStep {step} adds a sentence.\n")),
        3 => edit(format!("{text}\n## Added heading {step}\n\nMore.\n")),
        4 => edit(format!("{text}\n[a link](../billing/invoice.md#charges)\n")),
        5 => edit(format!("{text}\n[broken {step}](missing-{step}.md)\n")),
        // Remove what an earlier step added, so errors come and go.
        6 => {
            let cleaned: String = text
                .lines()
                .filter(|l| {
                    !l.starts_with("[broken")
                        && !l.starts_with("## Added heading")
                        && !l.starts_with("{{>")
                })
                .map(|l| format!("{l}\n"))
                .collect();
            edit(cleaned)
        }
        // Front matter edits: a title, or broken YAML.
        7 => edit(text.replacen("title: ", &format!("title: Step {step} "), 1)),
        // Rename, delete or create an article.
        8 => {
            let renamed = path.replace(".md", &format!("-{step}.md"));
            std::fs::rename(&full, root.join(&renamed)).unwrap();
            vec![path, renamed]
        }
        9 => {
            let new = format!("articles/billing/new-{step}.md");
            std::fs::write(
                root.join(&new),
                format!("---\ntitle: New {step}\nsummary: s\ntype: how-to\napplies_to: [voice]\nreviewed: 2026-10-01\n---\n\n## Steps\n\n[x](invoice.md)\n"),
            )
            .unwrap();
            vec![new]
        }
        _ => unreachable!(),
    }
}

#[test]
fn a_body_edit_is_incremental_and_equals_a_clean_build() {
    let dir = fixture();
    let mut rebuilder = Rebuilder::new(builder(dir.path()));
    let (first, kind) = rebuilder.build(&[], false);
    assert!(first.succeeded() && kind == Kind::Full);
    let path = "articles/billing/invoice.md";
    let text = std::fs::read_to_string(dir.path().join(path)).unwrap();
    // A line before the headings: each moves down a line in the Markdown copy.
    let edited = text.replacen("\n---\n", "\n---\nA new line.\n\n", 1);
    assert_ne!(edited, text);
    std::fs::write(dir.path().join(path), edited).unwrap();
    let (outcome, kind) = rebuilder.build(&[path.to_string()], false);
    assert_eq!(kind, Kind::Incremental);
    let clean = builder(dir.path()).build();
    let pages = |site: &MemorySite| site.clone().without("search/");
    assert_eq!(
        outcome.site.as_ref().map(pages),
        clean.site.as_ref().map(pages),
        "the pages are served first"
    );
    // The cards that point into the new copy are new already, before the index is refreshed.
    let served = outcome.site.as_ref().unwrap();
    let clean_site = clean.site.as_ref().unwrap();
    // The fixture's four articles share one card file.
    let cards = |site: &MemorySite| site.get("search/docs/0.json").cloned();
    assert!(cards(clean_site).is_some());
    assert_eq!(cards(served), cards(clean_site), "search/docs/0.json");
    // Another change waiting: the refresh gives up and the index stays stale, not lost.
    assert_eq!(rebuilder.refresh_search(&|| true), None);
    let refreshed = rebuilder.refresh_search(&|| false);
    assert_eq!(refreshed, clean.site, "then the search index");
    assert_eq!(rebuilder.refresh_search(&|| false), None, "refreshed once");
    let page = outcome.site.unwrap();
    let page = page.get("billing/invoice/index.html").unwrap();
    assert!(String::from_utf8_lossy(page).contains("A new line."));
    // A title edit changes other pages: a full build.
    let text = std::fs::read_to_string(dir.path().join(path)).unwrap();
    std::fs::write(
        dir.path().join(path),
        text.replacen("title: ", "title: X", 1),
    )
    .unwrap();
    assert_eq!(rebuilder.build(&[path.to_string()], false).1, Kind::Full);
}

/// `snippets/note.md`, which the random edits include and change.
fn write_note_snippet(root: &std::path::Path) {
    std::fs::create_dir_all(root.join("snippets")).unwrap();
    std::fs::write(
        root.join("snippets/note.md"),
        "---\nreviewed: 2026-10-01\n---\nA shared note: see [the charges](../articles/billing/invoice.md#charges).\n",
    )
    .unwrap();
}

#[test]
fn a_snippet_edit_rebuilds_every_article_that_includes_it() {
    let dir = fixture();
    let root = dir.path();
    write_note_snippet(root);
    let includers = &articles(root)[..2];
    for path in includers {
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        std::fs::write(root.join(path), format!("{text}\n{{{{> note }}}}\n")).unwrap();
    }
    let mut rebuilder = Rebuilder::new(builder(root));
    assert!(rebuilder.build(&[], false).0.succeeded());
    std::fs::write(
        root.join("snippets/note.md"),
        "A NEW-NOTE-TEXT.\n\n### Staff {audience=staff}\n\nSTAFF-NOTE-TEXT\n",
    )
    .unwrap();
    let (outcome, kind) = rebuilder.build(&["snippets/note.md".to_string()], false);
    assert_eq!(kind, Kind::Full, "measured in BENCHMARKS.md");
    assert_eq!(outcome.problems, Vec::new());
    let clean = builder(root).build();
    assert_eq!(outcome.site, clean.site);
    let site = outcome.site.unwrap();
    let pages: Vec<String> = site
        .paths()
        .filter(|p| p.ends_with("index.html") || p.ends_with("index.md"))
        .filter(|p| String::from_utf8_lossy(site.get(p).unwrap()).contains("NEW-NOTE-TEXT"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        pages.len(),
        4,
        "both includers' pages and copies: {pages:?}"
    );
    // A body edit of an includer is a full build too: its findings share the snippet's.
    let path = &includers[0];
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    std::fs::write(root.join(path), format!("{text}\nMore.\n")).unwrap();
    assert_eq!(
        rebuilder.build(std::slice::from_ref(path), false).1,
        Kind::Full
    );
}

#[test]
fn random_edits_renames_and_deletions_serve_what_a_clean_build_would() {
    let dir = fixture();
    let root = dir.path();
    write_note_snippet(root);
    let mut rebuilder = Rebuilder::new(builder(root));
    rebuilder.build(&[], false);
    let mut random = Random::new(0x9E37_79B9_7F4A_7C15);
    let mut incremental = 0;
    let mut incremental_failures = 0;
    for step in 0..100 {
        let changed = change(root, &mut random, step);
        let (mut outcome, kind) = rebuilder.build(&changed, false);
        // Every third refresh is interrupted, so later builds start from a stale index.
        let interrupted = step % 3 == 1;
        if let Some(refreshed) = rebuilder.refresh_search(&|| interrupted) {
            outcome.site = Some(refreshed);
        }
        incremental += usize::from(kind == Kind::Incremental);
        incremental_failures += usize::from(kind == Kind::Incremental && outcome.errors > 0);
        let clean = builder(root).build();
        assert_eq!(outcome.problems, clean.problems, "step {step}: {changed:?}");
        assert_eq!(
            (outcome.errors, outcome.warnings),
            (clean.errors, clean.warnings),
            "step {step}: {changed:?}"
        );
        // An interrupted refresh serves the pages of this build with the last index.
        let compared = |site: &Option<MemorySite>| match interrupted {
            true => site.clone().map(|s| s.without("search/")),
            false => site.clone(),
        };
        assert!(
            compared(&outcome.site) == compared(&clean.site),
            "step {step}: {changed:?}: sites differ"
        );
    }
    assert!(
        incremental >= 40,
        "only {incremental} of 100 builds were incremental"
    );
    assert!(
        incremental_failures >= 5,
        "errors came and went in incremental builds {incremental_failures} times"
    );
}

#[test]
fn editing_a_translated_article_rechecks_its_translations() {
    let dir = fixture();
    let root = dir.path();
    let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        format!("{config}\n[languages.fr]\nname = \"Français\"\n"),
    )
    .unwrap();
    let path = "articles/billing/invoice.md";
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    let body = text.splitn(3, "---\n").nth(2).unwrap();
    std::fs::write(
        root.join("articles/billing/invoice.fr.md"),
        format!("---\ntitle: Votre facture\nsource_reviewed: 2026-10-15\n---\n{body}"),
    )
    .unwrap();
    let mut rebuilder = Rebuilder::new(builder(root));
    let (first, _) = rebuilder.build(&[], false);
    assert!(first.succeeded(), "{:?}", first.problems);
    // A staff-only section in the source only: the translation no longer matches it.
    std::fs::write(
        root.join(path),
        format!("{text}\n## Staff notes {{audience=staff}}\n\nSecret.\n"),
    )
    .unwrap();
    let (outcome, kind) = rebuilder.build(&[path.to_string()], false);
    assert_eq!(kind, Kind::Full);
    let codes: Vec<(Option<String>, Option<String>)> = (outcome.problems.iter())
        .map(|p| (p.file.clone(), p.code.clone()))
        .collect();
    assert_eq!(
        codes,
        [(
            Some("articles/billing/invoice.fr.md".to_string()),
            Some("translation-sections".to_string())
        )]
    );
}

#[test]
fn a_language_showing_untranslated_articles_is_rebuilt_with_every_edit() {
    let dir = fixture();
    let root = dir.path();
    let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        format!("{config}\n[languages.fr]\nname = \"Français\"\nuntranslated = \"fallback\"\n"),
    )
    .unwrap();
    let mut rebuilder = Rebuilder::new(builder(root));
    let (first, _) = rebuilder.build(&[], false);
    assert!(first.succeeded(), "{:?}", first.problems);
    let path = "articles/billing/invoice.md";
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    std::fs::write(root.join(path), format!("{text}\nA new line.\n")).unwrap();
    // The French site shows the article in English: its page there changes too.
    let (outcome, kind) = rebuilder.build(&[path.to_string()], false);
    assert_eq!(kind, Kind::Full);
    let site = outcome.site.unwrap();
    let page = site.get("fr/billing/invoice/index.html").unwrap();
    assert!(String::from_utf8_lossy(page).contains("A new line."));
}
