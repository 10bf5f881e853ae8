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
        output.stderr.contains("did you mean `troubleshooting`?"),
        "{}",
        output.stderr
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
