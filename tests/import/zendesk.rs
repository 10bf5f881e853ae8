//! `kbpress import zendesk` on a hand-made Help Center export (`tests/fixtures/import/zendesk`):
//! 3 categories, 5 sections, 10 articles in two pages (`articles.json`, `articles-2.json`, the
//! second also holding a French translation), a draft, a table with a header row and one
//! without, an attachment image, an article for a staff user segment, links between articles
//! in the absolute and `/hc/...` forms, a dynamic content placeholder, and two planted problems
//! that the Help Center itself has:
//!
//! - `articles.json` article 3001 shows the image `article_attachments/9002/back.png`, an
//!   attachment that is not in the export (a missing image);
//! - article 3005 links to `/hc/en-us/articles/3999-Old-cable-guide`, an article that does not
//!   exist (a broken link).
//!
//! After the import, `kbpress check` must report these two and nothing else.

use super::support::Test;

fn fixture() -> String {
    super::fixture_of("zendesk")
}

fn import(into: &str, extra: &[&str]) -> Test {
    super::import_fixture("zendesk", into, extra)
}

#[test]
fn check_after_a_zendesk_import_reports_only_the_problems_of_the_source() {
    let test = import("kb", &[]);
    test.expect(0);
    let (found, report) = super::findings_in_import(&test);
    assert_eq!(
        found,
        vec![
            (
                "missing-image".into(),
                "articles/getting-started/setup/install-the-router.md".into(),
                24
            ),
            (
                "broken-site-link".into(),
                "articles/troubleshooting/connection-problems/no-internet-connection.md".into(),
                16
            ),
        ],
        "{report}"
    );
}

#[test]
fn articles_become_markdown_with_mapped_front_matter() {
    let output = import("kb", &[]).expect(0);
    let install = output.read("kb/articles/getting-started/setup/install-the-router.md");
    for expected in [
        "---\ntitle: \"Install the router\"\nsummary: \"Unpack the router and connect it to power.\"\ntype: reference\napplies_to: [acme]\nreviewed: 2024-03-01\ntags: [\"setup\"]\n\"zendesk_id\": \"3001\"\n\"zendesk_position\": 0\n\"zendesk_promoted\": true\n\"zendesk_vote_count\": 7\n\"zendesk_vote_sum\": 5\naliases: [\"/hc/en-us/articles/3001-Install-the-router\", \"/hc/en-us/articles/3001\"]\n---\n",
        "## Connect the cables {#h_01HCABLES}\n\n1. Plug the **WAN** cable into the grey port.\n2. Switch the router on.\n",
        // The attachment is an asset; the link to another article a relative link to its file.
        "![The front panel](../../../assets/3001/front.png)\n",
        "Next, [configure the Wi-Fi](configure-wi-fi.md).\n",
    ] {
        assert!(install.contains(expected), "{expected:?} in\n{install}");
    }
    let wifi = output.read("kb/articles/getting-started/setup/configure-wi-fi.md");
    for expected in [
        "> [!WARNING]\n> Never share the admin password.\n",
        "| Band    | Range |\n| ------- | ----- |\n| 2.4 GHz | Long  |\n",
        "```\nwifi set --band 5\n```\n",
        // `/hc/en-us/articles/ID#anchor`: the anchor is the heading id kept on the target.
        "[resetting it](../accounts/reset-your-password.md#h_01HRESET)",
    ] {
        assert!(wifi.contains(expected), "{expected:?} in\n{wifi}");
    }
    let slow = output.read("kb/articles/troubleshooting/connection-problems/slow-wi-fi.md");
    for expected in [
        // A table without a header row stays HTML, without its style; the script is gone.
        "<table><tbody><tr><td><strong>Cause</strong></td><td><strong>Fix</strong></td></tr>\n",
        "Try the 5 GHz band, see [Setup](/getting-started/setup/).\n",
    ] {
        assert!(slow.contains(expected), "{expected:?} in\n{slow}");
    }
    assert!(!slow.contains("trackView"), "{slow}");
    let draft = output.read("kb/articles/getting-started/accounts/delete-your-account.md");
    assert!(draft.contains("\ndraft: true\n---\n"), "{draft}");
    // No edited_at: updated_at gives `reviewed`.
    assert!(draft.contains("\nreviewed: 2024-05-01\n"), "{draft}");
    let internal = output.read("kb/articles/support-team/procedures/escalating-a-ticket.md");
    assert!(
        internal.contains("\naudience: [agents-and-admins]\n"),
        "{internal}"
    );
    // Zendesk dynamic content is no kbpress variable: shown as written (`label_names: null`
    // is no label).
    let e651 = output.read("kb/articles/troubleshooting/error-messages/error-651.md");
    assert!(
        e651.contains("Press <kbd>Reset</kbd> for ten seconds.\n\nStill failing? Call \\{{dc.support\\_phone}}.\n"),
        "{e651}"
    );
    assert!(!e651.contains("tags:"), "{e651}");
    let e720 = output.read("kb/articles/troubleshooting/error-messages/error-720.md");
    assert!(e720.contains("[error 651](error-651.md)"), "{e720}");
    let video =
        output.read("kb/articles/troubleshooting/connection-problems/no-internet-connection.md");
    assert!(
        video.contains("\n[Watch the video](https://www.youtube.com/embed/dQw4w9WgXcQ)\n"),
        "{video}"
    );
    assert_eq!(
        output.read("kb/articles/troubleshooting/error-messages/_index.md"),
        "---\ntitle: \"Error messages\"\nsummary: \"What the router's messages mean.\"\n---\n"
    );
    let site = output.read("kb/site.toml");
    for expected in [
        "title = \"Acme Help Center\"\n",
        "base_url = \"https://acme.zendesk.com/\"\n",
        "[products.acme]\nname = \"Acme Help Center\"\n",
        "[fields.zendesk_id]\ntype = \"text\"\n",
        "[fields.zendesk_promoted]\ntype = \"bool\"\n",
        "[fields.zendesk_vote_sum]\ntype = \"number\"\n",
        "[audiences.agents-and-admins]\nname = \"Agents and admins\"\ninternal = true\n",
    ] {
        assert!(site.contains(expected), "{expected:?} in\n{site}");
    }
    let files = output.files_under("kb");
    assert!(
        files.contains(&"assets/3001/front.png".to_string()),
        "{files:?}"
    );
    assert!(
        files.contains(&"assets/3002/wifi-settings.pdf".to_string()),
        "{files:?}"
    );
    assert_eq!(
        files
            .iter()
            .filter(|f| f.ends_with(".md") && !f.ends_with("_index.md") && *f != "IMPORT.md")
            .count(),
        10,
        "{files:?}"
    );
}

#[test]
fn the_zendesk_report_lists_what_was_not_converted_with_article_and_line() {
    let output = import("kb", &["--format", "json"]).expect(0);
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let rows: Vec<String> = report["not_converted"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| !item["construct"].as_str().unwrap().ends_with(" URL"))
        .map(|item| {
            format!(
                "{}:{} {}",
                item["file"].as_str().unwrap(),
                item["line"],
                item["construct"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            "articles-2.json#3001:0 translation",
            "articles-2.json#3007:3 placeholder",
            "articles.json#3001:8 image",
            "articles.json#3005:2 HTML",
            "articles.json#3005:2 link",
            "articles.json#3005:3 embed",
            "articles.json#3006:2 HTML",
            "articles.json#3006:2 table",
            "articles.json#3006:8 HTML",
            "articles.json#3006:9 HTML",
            "translations/3002.json#3002:0 translation",
        ]
    );
    let converted = &report["converted"];
    assert_eq!(converted["link to an article -> relative link"], 3);
    assert_eq!(converted["attachment -> asset"], 1);
    assert_eq!(converted["table -> Markdown table"], 1);
    assert_eq!(converted["callout <div> -> alert"], 1);
    assert_eq!(converted["draft -> draft: true"], 1);
    assert_eq!(converted["user segment -> audience"], 1);
    assert_eq!(report["articles"], 10);
    let markdown = output.read("kb/IMPORT.md");
    assert!(
        markdown.contains("| articles.json#3006 | 8 | HTML | `<script>` | `<script>` removed with its content: kbpress never publishes it |"),
        "{markdown}"
    );
}

#[test]
fn a_second_zendesk_import_gives_the_same_bytes_and_a_non_empty_folder_needs_force() {
    super::reimport_gives_the_same_bytes("zendesk", &[]);
}

#[test]
fn a_folder_without_articles_is_no_zendesk_export() {
    let output = Test::new()
        .file("src/categories.json", "{\"categories\": []}")
        .args(&["import", "zendesk", "src", "--into", "kb"])
        .expect(2);
    assert!(
        output.stderr.contains("no articles.json"),
        "{}",
        output.stderr
    );
    assert!(!output.root.join("kb").exists());
}

#[test]
fn the_mapping_file_places_imported_folders_and_labels() {
    let mapping = "[types]\ntroubleshooting = \"troubleshooting\"\n[products]\n\"getting-started/setup\" = [\"router\"]\n[tag_products]\nwifi = [\"wifi\"]\n";
    let output = Test::new()
        .file("mapping.toml", mapping)
        .args(&["import", "zendesk", &fixture(), "--into", "kb"])
        .args(&[
            "--mapping",
            "mapping.toml",
            "--type",
            "how-to",
            "--product",
            "hub",
        ])
        .expect(0);
    let front = |path: &str| {
        let text = output.read(&format!("kb/articles/{path}"));
        let type_line = text
            .lines()
            .find(|l| l.starts_with("type: "))
            .unwrap()
            .to_string();
        let applies = text
            .lines()
            .find(|l| l.starts_with("applies_to: "))
            .unwrap()
            .to_string();
        (type_line, applies)
    };
    assert_eq!(
        front("getting-started/setup/configure-wi-fi.md"),
        ("type: how-to".into(), "applies_to: [router, wifi]".into())
    );
    assert_eq!(
        front("troubleshooting/connection-problems/slow-wi-fi.md"),
        (
            "type: troubleshooting".into(),
            "applies_to: [hub, wifi]".into()
        )
    );
    assert_eq!(
        front("getting-started/accounts/reset-your-password.md"),
        ("type: how-to".into(), "applies_to: [hub]".into())
    );
    let site = output.read("kb/site.toml");
    for expected in [
        "[products.hub]\nname = \"Hub\"\n",
        "[products.router]\nname = \"Router\"\n",
        "[types.how-to]\n",
        "[types.troubleshooting]\n",
    ] {
        assert!(site.contains(expected), "{expected:?} in\n{site}");
    }
}

/// An attachment that is a symlink could name any file of the machine (`/etc/passwd`): it is
/// not copied, and the report says so.
#[cfg(unix)]
#[test]
fn an_attachment_that_is_a_symlink_is_not_copied() {
    let test = Test::new()
        .file(
            "src/articles.json",
            r#"{"articles": [{"id": 1, "title": "A", "body": "<p><img src=\"/hc/article_attachments/7/a.png\" alt=\"A\"></p>", "edited_at": "2024-01-01T00:00:00Z"}]}"#,
        )
        .file(
            "src/article_attachments.json",
            r#"{"article_attachments": [{"id": 7, "article_id": 1, "file_name": "a.png"}]}"#,
        )
        .file("secret.txt", "not for the KB")
        .args(&["import", "zendesk", "src", "--into", "kb", "--format", "json"]);
    std::fs::create_dir_all(test.root().join("src/attachments/1")).unwrap();
    std::os::unix::fs::symlink(
        test.root().join("secret.txt"),
        test.root().join("src/attachments/1/a.png"),
    )
    .unwrap();
    let output = test.expect(0);
    assert!(!output.root.join("kb/assets/1/a.png").exists());
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let reasons: Vec<&str> = report["not_converted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"not copied: attachments/1/a.png is not a file of the export"),
        "{reasons:?}"
    );
}
