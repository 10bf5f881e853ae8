//! A KB converted from a docs repository (`tests/fixtures/migrated`): every link gets a
//! verdict, custom fields are checked, and `build --allow-errors` writes the site anyway.

mod support;

use support::Test;

const TODAY: &[&str] = &["--today", "2026-11-01"];

#[test]
fn every_link_and_custom_field_gets_a_verdict() {
    let output = Test::fixture("migrated")
        .args(&["check"])
        .args(TODAY)
        .expect(1);
    insta::assert_snapshot!("migrated_human", output.stdout);
}

#[test]
fn allow_errors_writes_the_site_with_mapped_site_root_links() {
    let test = Test::fixture("migrated")
        .args(&["build", "--allow-errors"])
        .args(TODAY);
    let output = test.expect(1);
    assert!(
        output.stderr.contains("--allow-errors"),
        "{}",
        output.stderr
    );
    let files = output.files_under("public");
    assert!(
        files.contains(&"cmdlets/get-widget/index.html".to_string()),
        "{files:?}"
    );
    let page = output.read("public/cmdlets/get-widget/index.html");
    for href in [
        // `[links] site_root` makes a site-root path outside the base path an external link.
        "href=\"https://learn.example.com/shell/module/widgets/about?view=shell-7\"",
        // Inside the base path it is this site's own page, kept as written.
        "href=\"/kb/cmdlets/set-widget/\"",
        "href=\"ms-settings:display\"",
        "href=\"mailto:widgets@example.com\"",
        "href=\"/kb/cmdlets/set-widget/\">Set-Widget</a>",
    ] {
        assert!(page.contains(href), "{href} in {page}");
    }
}
