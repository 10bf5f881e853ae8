//! Publishing: `build --base-url`, `init` (its site.toml, CI workflows and placeholders), and
//! the generated workflows linted and run.

mod support;

use support::Test;

const TODAY: &[&str] = &["--today", "2026-11-01"];
const ARTICLE_WITH_ALIAS: &str = "articles/voice/forwarding/set-up-forwarding.md";

/// The basic fixture without its one alias (`/help/kb/1001/`, a path only its configured base
/// path `/help/` can serve).
fn basic_without_alias() -> Test {
    let test = Test::fixture("basic");
    let path = test.root().join(ARTICLE_WITH_ALIAS);
    let text = std::fs::read_to_string(&path).unwrap();
    let without = text.replace("aliases: [/help/kb/1001/]\n", "");
    assert_ne!(text, without, "the fixture's alias line moved");
    std::fs::write(&path, without).unwrap();
    test
}

/// Every output file that still names the configured base URL's host or path.
fn files_naming(root: &std::path::Path, folder: &str, needles: &[&str]) -> Vec<String> {
    support::files_under(root, folder)
        .into_iter()
        .filter(|file| {
            let bytes = std::fs::read(root.join(folder).join(file)).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            needles.iter().any(|needle| text.contains(needle))
        })
        .collect()
}

#[test]
fn base_url_overrides_site_toml_in_every_output_file() {
    let output = basic_without_alias()
        .args(&["build", "--base-url", "https://acme.github.io/kb-site"])
        .args(TODAY)
        .expect(0);
    let root = &output.root;
    // The configured base URL is https://docs.example.com/help/.
    let stale = files_naming(root, "public", &["docs.example.com", "/help/"]);
    assert!(stale.is_empty(), "still the old base URL: {stale:#?}");
    let sitemap = output.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://acme.github.io/kb-site/billing/invoice/</loc>"),
        "{sitemap}"
    );
    let page = output.read("public/billing/invoice/index.html");
    assert!(
        page.contains("rel=\"canonical\" href=\"https://acme.github.io/kb-site/billing/invoice/\""),
        "{page}"
    );
    assert!(page.contains("href=\"/kb-site/static/style.css"), "{page}");
    assert!(output
        .read("public/atom.xml")
        .contains("https://acme.github.io/kb-site/"));
}

#[test]
fn base_url_is_what_the_checks_judge_aliases_against() {
    // The alias /help/kb/1001/ cannot be served by a site under /kb-site/: publishing there
    // would lose the redirect, so the build says so instead of dropping it.
    let output = Test::fixture("basic")
        .args(&["build", "--base-url", "https://acme.github.io/kb-site/"])
        .args(TODAY)
        .expect(1);
    assert!(
        output
            .stderr
            .contains("alias `/help/kb/1001/` is outside the site's base path `/kb-site/`"),
        "{}",
        output.stderr
    );
    // Same path, another host: the alias is served, as a redirect under the new host's path.
    let output = Test::fixture("basic")
        .args(&["build", "--base-url", "https://acme.github.io/help/"])
        .args(TODAY)
        .expect(0);
    let stale = files_naming(&output.root, "public", &["docs.example.com"]);
    assert!(stale.is_empty(), "still the old host: {stale:#?}");
    assert!(output
        .files_under("public")
        .contains(&"kb/1001/index.html".to_string()));
}

#[test]
fn base_url_with_all_audiences_roots_the_audience_sites_under_it() {
    let output = basic_without_alias()
        .args(&[
            "build",
            "--all-audiences",
            "--base-url",
            "https://acme.github.io/kb",
        ])
        .args(TODAY)
        .expect(0);
    let stale = files_naming(&output.root, "public", &["docs.example.com", "/help/"]);
    assert!(stale.is_empty(), "still the old base URL: {stale:#?}");
    let wholesale = output.read("public/wholesale/sitemap.xml");
    assert!(
        wholesale.contains("<loc>https://acme.github.io/kb/wholesale/"),
        "{wholesale}"
    );
    let public = output.read("public/public/sitemap.xml");
    assert!(
        public.contains("<loc>https://acme.github.io/kb/billing/"),
        "{public}"
    );
}

#[test]
fn a_bad_base_url_is_refused_before_anything_is_written() {
    let output = Test::fixture("basic")
        .args(&["build", "--base-url", "acme.github.io/kb/"])
        .args(TODAY)
        .expect(2);
    assert!(
        output
            .stderr
            .contains("--base-url `acme.github.io/kb/` is not an absolute URL"),
        "{}",
        output.stderr
    );
    assert!(!output.root.join("public").exists());
}
