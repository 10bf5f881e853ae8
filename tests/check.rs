//! `kbpress check` over fixture KBs: every code found once in one pass, in every format.

mod support;

use support::Test;

const TODAY: &[&str] = &["--today", "2026-11-01"];

/// The broken fixture plus a symlink out of the KB (made here: a fixture copy cannot hold one).
fn broken() -> Test {
    let test = Test::fixture("broken");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        "/etc/hostname",
        test.root().join("articles/guides/outside.md"),
    )
    .unwrap();
    // Made here rather than committed: a Windows checkout of kbpress could not hold this name.
    test.file("assets/screen:shot.png", "png")
}

#[test]
fn the_sample_kb_checks_clean() {
    // The sample KB's newest review is 2026-11-18.
    let output = Test::sample_kb()
        .args(&["check", "--strict", "--today", "2026-11-26"])
        .expect(0);
    assert!(
        output.stdout.contains("no problems found"),
        "{}",
        output.stdout
    );
}

#[test]
fn the_clean_fixture_checks_clean() {
    Test::fixture("basic")
        .args(&["check", "--strict"])
        .args(TODAY)
        .expect(0);
}

#[test]
fn every_code_is_found_in_one_pass() {
    let output = broken()
        .args(&["check", "--format", "json"])
        .args(TODAY)
        .expect(1);
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let mut codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    codes.sort();
    codes.dedup();
    let mut all: Vec<&str> = kbpress::check::RULES.iter().map(|r| r.code).collect();
    all.sort();
    // Needs the network: only `check --external` reports it (tests/external.rs).
    all.retain(|c| *c != "external-link");
    // Needs site.toml's placeholder base URL, and the links of this fixture need a base path
    // (`/help/`) to be judged inside or outside the site: tests/authoring.rs covers it on a KB
    // made by `kbpress init`.
    all.retain(|c| *c != "placeholder-base-url");
    // Every article of this fixture would have it: tests/fixtures/translations has one, in
    // `translations_are_checked_against_their_sources`.
    all.retain(|c| *c != "missing-translation");
    #[cfg(not(unix))]
    all.retain(|c| *c != "unsafe-symlink");
    assert_eq!(codes, all);
}

/// A KB in three languages: a stale, a missing, an orphan and an invalid translation, and one
/// that lost an audience section.
#[test]
fn translations_are_checked_against_their_sources() {
    let output = Test::fixture("translations")
        .args(&["check"])
        .args(TODAY)
        .expect(1);
    insta::assert_snapshot!("translations_human", output.stdout);
}

#[test]
fn human_format() {
    let output = broken().args(&["check"]).args(TODAY).expect(1);
    insta::assert_snapshot!("broken_human", output.stdout);
}

#[test]
fn json_format() {
    let output = broken()
        .args(&["check", "--format", "json"])
        .args(TODAY)
        .expect(1);
    insta::assert_snapshot!("broken_json", output.stdout);
}

#[test]
fn github_format_is_automatic_under_github_actions() {
    let output = broken()
        .args(&["check"])
        .args(TODAY)
        .env("GITHUB_ACTIONS", "true")
        .expect(1);
    insta::assert_snapshot!("broken_github", output.stdout);
}

#[test]
fn sarif_format() {
    let output = broken()
        .args(&["check", "--format", "sarif"])
        .args(TODAY)
        .expect(1);
    insta::assert_snapshot!("broken_sarif", output.stdout);
}

#[test]
fn strict_fails_on_warnings_only() {
    let test = Test::fixture("basic").file("articles/voice/old.md", "---\ntitle: Old\nsummary: Old.\ntype: reference\napplies_to: [voice]\nreviewed: 2020-01-01\n---\n## Overview\n");
    test.args(&["check"]).args(TODAY).expect(0);
    let strict = Test::fixture("basic").file("articles/voice/old.md", "---\ntitle: Old\nsummary: Old.\ntype: reference\napplies_to: [voice]\nreviewed: 2020-01-01\n---\n## Overview\n");
    strict.args(&["check", "--strict"]).args(TODAY).expect(1);
}

#[test]
fn source_date_epoch_fixes_today() {
    // 2030-01-01: the fixture's reviews are then more than a year old.
    let output = Test::fixture("basic")
        .args(&["check", "--format", "json"])
        .env("SOURCE_DATE_EPOCH", "1893456000")
        .expect(0);
    assert!(output.stdout.contains("stale-article"), "{}", output.stdout);
}

#[test]
fn explain_prints_a_code_and_rejects_unknown_ones() {
    let output = Test::new()
        .args(&["check", "--explain", "broken-link"])
        .expect(0);
    assert!(
        output.stdout.starts_with("broken-link (error)"),
        "{}",
        output.stdout
    );
    let output = Test::new()
        .args(&["check", "--explain", "broken-links"])
        .expect(2);
    assert!(
        output.stderr.contains(
            "`broken-links` is not a kbpress diagnostic code; did you mean `broken-link`?"
        ),
        "{}",
        output.stderr
    );
}

/// In a git repository, `stale-translation` lists the commits to the source since the review
/// the translation matches (and without one, names the `git log` command only: the snapshot
/// above).
#[test]
fn a_stale_translation_lists_the_commits_to_its_source_since() {
    let test = Test::fixture("translations");
    let root = test.root().to_path_buf();
    let git = |args: &[&str], date: &str| {
        let output = std::process::Command::new("git")
            .args(args)
            .current_dir(&root)
            .env("GIT_AUTHOR_NAME", "Writer")
            .env("GIT_AUTHOR_EMAIL", "writer@example.com")
            .env("GIT_COMMITTER_NAME", "Writer")
            .env("GIT_COMMITTER_EMAIL", "writer@example.com")
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .expect("git runs");
        assert!(output.status.success(), "git {args:?}: {output:?}");
    };
    let now = "2026-08-01T12:00:00Z";
    git(&["init", "--quiet"], now);
    git(&["add", "."], now);
    git(&["commit", "--quiet", "-m", "Import the KB"], now);
    // The German translation matches the review of 2026-09-01; the source changes after it.
    let source = root.join("articles/billing/refunds.md");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, format!("{text}\nCard refunds take five days.\n")).unwrap();
    git(
        &["commit", "--quiet", "-am", "Say how long card refunds take"],
        "2026-10-19T09:00:00Z",
    );
    let output = test.args(&["check"]).args(TODAY).expect(1);
    let help = (output.stdout.lines())
        .skip_while(|line| !line.contains("stale-translation"))
        .find(|line| line.contains("= help:"))
        .unwrap_or_default()
        .to_string();
    assert!(
        help.contains("the source changed since in 1 commit: `")
            && help.contains("` on 2026-10-19 (Say how long card refunds take) (`git log -p --since=2026-09-01 -- articles/billing/refunds.md` shows them)"),
        "{}",
        output.stdout
    );
}
