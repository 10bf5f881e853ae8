//! `kbpress init` and `kbpress new`.

mod support;

use support::Test;

#[test]
fn init_creates_a_kb_that_checks_and_builds_clean() {
    let test = Test::new().args(&["init", "."]);
    test.expect(0);
    for file in [
        "site.toml",
        ".github/workflows/kbpress.yml",
        ".gitignore",
        "articles/getting-started/invite-a-user.md",
    ] {
        assert!(test.root().join(file).exists(), "{file}");
    }
    let gitignore = std::fs::read_to_string(test.root().join(".gitignore")).unwrap();
    assert!(gitignore.contains("/.kbpress/") && gitignore.contains("/public/"));
    let check = Test::new();
    support::copy_tree(test.root(), check.root());
    check.args(&["build"]).expect(0);
}

#[test]
fn init_writes_the_base_url_and_the_chosen_ci() {
    let test = Test::new().args(&[
        "init",
        "kb",
        "--base-url",
        "https://acme.github.io/kb",
        "--ci",
        "gitlab",
    ]);
    test.expect(0);
    let site_toml = std::fs::read_to_string(test.root().join("kb/site.toml")).unwrap();
    assert!(
        site_toml.contains("\nbase_url = \"https://acme.github.io/kb/\"\n"),
        "{site_toml}"
    );
    assert!(test.root().join("kb/.gitlab-ci.yml").is_file());
    assert!(!test.root().join("kb/.github").exists());
    let none = Test::new().args(&["init", "--ci", "none", "--base-url", "https://a.example/"]);
    none.expect(0);
    assert!(!none.root().join(".github").exists() && !none.root().join(".gitlab-ci.yml").exists());
}

#[test]
fn init_without_a_base_url_writes_a_placeholder_that_check_warns_about() {
    let test = Test::new().args(&["init"]);
    let output = test.expect(0);
    assert!(
        output.stderr.contains("set base_url in site.toml"),
        "{}",
        output.stderr
    );
    let check = Test::new();
    support::copy_tree(test.root(), check.root());
    let build = Test::new();
    support::copy_tree(test.root(), build.root());
    let output = check.args(&["check"]).expect(0);
    assert!(
        output.stdout.contains("warning[placeholder-base-url]: `base_url` is still the placeholder `https://base-url-not-set.invalid/`"),
        "{}",
        output.stdout
    );
    assert!(output.stdout.contains("site.toml:"), "{}", output.stdout);
    // A build for the real URL does not report it.
    let output = build
        .args(&["build", "--base-url", "https://acme.github.io/kb/"])
        .expect(0);
    assert!(!output.stderr.contains("placeholder"), "{}", output.stderr);
}

#[test]
fn init_honours_root_and_refuses_a_different_dir() {
    let test = Test::new().args(&["--root", "kb", "init"]);
    test.expect(0);
    assert!(test.root().join("kb/site.toml").is_file());
    assert!(!test.root().join("site.toml").exists());
    let output = Test::new()
        .args(&["--root", "kb", "init", "other"])
        .expect(2);
    assert!(
        output
            .stderr
            .contains("--root kb and DIR other name different folders"),
        "{}",
        output.stderr
    );
}

#[test]
fn init_refuses_an_existing_kb() {
    let output = Test::fixture("basic").args(&["init", "."]).expect(2);
    assert!(
        output.stderr.contains("already has a site.toml"),
        "{}",
        output.stderr
    );
}

#[test]
fn new_creates_an_article_with_the_type_sections() {
    let test = Test::fixture("basic").args(&[
        "new",
        "troubleshooting",
        "Can't sign in to the Support Portal",
        "--category",
        "portal/access",
    ]);
    let output = test.expect(0);
    assert_eq!(
        output.stdout.trim(),
        "articles/portal/access/cant-sign-in-to-the-support-portal.md"
    );
    let text = output.read("articles/portal/access/cant-sign-in-to-the-support-portal.md");
    assert!(
        text.starts_with("---\ntitle: \"Can't sign in to the Support Portal\"\n"),
        "{text}"
    );
    for section in ["## Symptoms", "## Cause", "## Resolution"] {
        assert!(text.contains(section), "{section}");
    }
    let check = Test::fixture("basic");
    support::copy_tree(test.root(), check.root());
    let output = check.args(&["check", "--today", "2026-11-01"]).expect(1);
    let placeholders = output
        .stdout
        .matches("error[placeholder-text]: placeholder from `kbpress new` not replaced")
        .count();
    assert_eq!(
        placeholders, 4,
        "the summary and three sections: {}",
        output.stdout
    );
    let again = test.expect(2);
    assert!(
        again.stderr.contains("never overwrites"),
        "{}",
        again.stderr
    );
}

#[test]
fn new_rejects_unknown_types_with_a_suggestion() {
    let output = Test::fixture("basic")
        .args(&["new", "troubleshootin", "X"])
        .expect(2);
    assert!(
        output.stderr.contains(
            "unknown article type `troubleshootin`; did you mean `troubleshooting`?\n\
             types of this KB ([types] in site.toml): how-to, reference, troubleshooting"
        ),
        "{}",
        output.stderr
    );
}

#[test]
fn new_help_lists_the_types_of_the_kb() {
    let output = Test::fixture("basic").args(&["new", "--help"]).expect(0);
    assert!(
        output.stdout.contains(
            "Types of this KB ([types] in site.toml): how-to (How-to), reference (Reference), troubleshooting (Troubleshooting)"
        ),
        "{}",
        output.stdout
    );
}

#[test]
fn new_refuses_windows_device_names() {
    let output = Test::fixture("basic")
        .args(&["new", "how-to", "CON"])
        .expect(2);
    assert!(
        output.stderr.contains("Windows reserves"),
        "{}",
        output.stderr
    );
}

/// `kbpress translate`: a draft translation beside its source, which the checks accept as it
/// is (current: it matches the source's review); never written twice, and only for an article
/// and a declared language. (A draft translation in builds: `tests/build.rs`.)
#[test]
fn translate_starts_a_draft_translation_beside_its_source() {
    let source = "articles/hosted-voice/sip-settings-for-desk-phones.md";
    let test = Test::sample_kb().args(&["translate", source, "fr"]);
    let output = test.expect(0);
    let target = "articles/hosted-voice/sip-settings-for-desk-phones.fr.md";
    assert_eq!(output.stdout.trim(), target);
    let text = output.read(target);
    assert!(
        text.starts_with("---\ntitle: \"SIP settings for desk phones\"\nsummary: \"The server, transport and codec settings to enter when you set up a third-party desk phone for Hosted Voice by hand.\"\ndraft: true\nsource_reviewed: 2026-06-19\n---\n\n## When you need these settings\n"),
        "{text}"
    );
    let again = test.expect(2);
    assert!(
        again
            .stderr
            .contains("exists (kbpress translate never overwrites"),
        "{}",
        again.stderr
    );
    // The checks accept it.
    let check = Test::sample_kb();
    support::copy_tree(test.root(), check.root());
    let checked = check.args(&["check", "--today", "2026-11-26"]).expect(0);
    assert!(
        checked.stdout.contains("no problems found"),
        "{}",
        checked.stdout
    );
    for (args, why) in [
        (
            &["translate", source, "de"][..],
            "`de` is not a language of this KB",
        ),
        (
            &["translate", target, "fr"][..],
            "is a translation (into `fr`); translate its source",
        ),
        (
            &["translate", "articles/hosted-voice/_index.md", "fr"][..],
            "is not an article",
        ),
        (
            &["translate", "site.toml", "fr"][..],
            "is not under articles/",
        ),
    ] {
        let refused = Test::sample_kb().file(target, &text).args(args).expect(2);
        assert!(refused.stderr.contains(why), "{args:?}: {}", refused.stderr);
    }
}
