//! `kbpress import hugo` on a hand-made Hugo site (`tests/fixtures/import/hugo`: TOML config,
//! TOML and YAML front matter, a page bundle, sections) with three planted problems:
//!
//! - `content/_index.md`: `{{< relref "setup/old-guide.md" >}}`, a page that does not exist
//!   (Hugo stops with REF_NOT_FOUND);
//! - `content/setup/install/index.md`: the image `back-panel.png`, missing from the bundle;
//! - `content/troubleshooting/no-internet.md`: `{{< ref "setup/configure.md#lights" >}}`, an
//!   anchor that page does not have (Hugo does not check anchors; a reader lands at the top).
//!
//! After the import `kbpress check` must report these three and nothing else: the note
//! shortcodes, `ref`/`relref`, `figure`, `highlight`, escaped shortcodes, Hugo URL links and
//! the life-cycle fields must all give Markdown and front matter kbpress reads.

use super::support::Test;

fn fixture() -> String {
    super::fixture_of("hugo")
}

fn import(extra: &[&str]) -> Test {
    super::import_fixture("hugo", "kb", &["--reviewed", "2024-04-01"]).args(extra)
}

#[test]
fn check_after_import_reports_only_the_problems_of_the_source() {
    let test = import(&[]);
    test.expect(0);
    let (found, report) = super::findings_in_import(&test);
    assert_eq!(
        found,
        vec![
            ("broken-link".into(), "articles/index.md".into(), 14),
            (
                "missing-image".into(),
                "articles/setup/install/index.md".into(),
                18
            ),
            (
                "broken-anchor".into(),
                "articles/troubleshooting/no-internet.md".into(),
                17
            ),
        ],
        "{report}"
    );
}

#[test]
fn constructs_become_what_kbpress_reads() {
    let output = import(&[]).expect(0);
    let install = output.read("kb/articles/setup/install/index.md");
    for expected in [
        // TOML front matter: lastmod wins over date; aliases absolute and relative, under the
        // baseURL's path; weight a custom number; the `[menu.main]` table reported.
        "title: \"Install the router\"\nsummary: \"Unpack the router, connect it and switch it on.\"\ntype: reference\napplies_to: [acme-router-docs]\nreviewed: 2024-03-01\ntags: [\"setup\"]\naliases: [\"/router/old-install/\", \"/router/setup/install/setup-guide\"]\n\"weight\": 1\n---\n",
        "![Front panel](front.png)\n",
        "> [!NOTE]\n> Plug the coax cable into **WAN**. Never bend it.\n",
        // Another shortcode stays as text, escaped so kbpress reads no variable there.
        "\\{{< youtube w7Ft2ymGmfc >}}\n",
        // An escaped shortcode in code is shown as Hugo shows it.
        "```go-html-template\n{{< note >}}This stays code{{< /note >}}\n```\n",
        "Continue with [Configure](../configure.md#wifi).\n",
    ] {
        assert!(install.contains(expected), "{expected:?} in\n{install}");
    }
    let configure = output.read("kb/articles/setup/configure.md");
    for expected in [
        "reviewed: 2024-04-01\nexpires: 2030-01-01\n---\n",
        "> [!WARNING]\n> **Mind the bands**\n>\n> Both bands can share one network name.\n",
        "> [!CAUTION]\n> **Careful**\n>\n> Never turn off encryption.\n",
        "```sh\nping 192.168.1.1\n```\n",
        // An included page is a snippet (and no article).
        "\n\n{{> shared/contact }}\n",
        // A site path into `static/` -> the file copied under assets/, linked relatively.
        "![Admin page](../../assets/images/panel.png)\n",
        // A Hugo URL (with the baseURL's path) -> the page's file.
        "See [troubleshooting](../troubleshooting/no-internet.md) if it fails.\n",
    ] {
        assert!(configure.contains(expected), "{expected:?} in\n{configure}");
    }
    // The home page's text is an article; the section's `_index.md` a category.
    let index = output.read("kb/articles/index.md");
    assert!(
        index.contains(
            "> [!NOTE]\n> **Before you start:** have your router's serial number ready.\n"
        ),
        "{index}"
    );
    assert!(
        index.contains("Start with [Install](setup/install/index.md), then read [the old guide](setup/old-guide.md).\n"),
        "{index}"
    );
    assert_eq!(
        output.read("kb/articles/setup/_index.md"),
        "---\ntitle: \"Setting up\"\nsummary: \"Get the router running.\"\n---\n"
    );
    let no_internet = output.read("kb/articles/troubleshooting/no-internet.md");
    assert!(
        // A wildcard alias is dropped (reported); a field name site.toml refuses is renamed;
        // `params` are the page's own fields.
        no_internet.contains(
            "reviewed: 2024-05-02\n\"cSpell-ignore\": \"routr\"\n\"categories\": [\"network\"]\n\"difficulty\": \"easy\"\n\"weight\": 5\n"
        ),
        "{no_internet}"
    );
    assert!(
        no_internet.contains("1. Check [the cables](../setup/install/index.md#cables).\n"),
        "{no_internet}"
    );
    // Tabs: a section per tab, one level below the heading they are under.
    assert!(
        no_internet.contains("## If the lights are off\n\n### Cable\n\nCheck the coax cable.\n\n### Fibre\n\nCheck the fibre adapter.\n"),
        "{no_internet}"
    );
    assert_eq!(
        output.read("kb/snippets/shared/contact.md"),
        "Still stuck? Call Acme support, any day from 8 to 20.\n"
    );
    let site = output.read("kb/site.toml");
    for expected in [
        "title = \"Acme Router Docs\"\n",
        "description = \"How to set up and fix the Acme router.\"\n",
        "base_url = \"https://docs.acme.example/router/\"\n",
        "[fields.weight]\ntype = \"number\"\n",
        "[fields.categories]\ntype = \"list\"\n",
    ] {
        assert!(site.contains(expected), "{expected:?} in\n{site}");
    }
    assert_eq!(
        output.files_under("kb"),
        vec![
            "IMPORT.md",
            "articles/index.md",
            "articles/setup/_index.md",
            "articles/setup/configure.md",
            "articles/setup/install/front.png",
            "articles/setup/install/index.md",
            "articles/troubleshooting/no-internet.md",
            "assets/images/panel.png",
            "site.toml",
            "snippets/shared/contact.md",
        ]
    );
}

#[test]
fn the_report_lists_what_was_not_converted_with_file_and_line() {
    let output = import(&["--format", "json"]).expect(0);
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let rows: Vec<String> = report["not_converted"]
        .as_array()
        .unwrap()
        .iter()
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
            "content/_index.md:12 ref",
            "content/setup/configure.md:16 highlight options",
            "content/setup/install/index.md:10 front matter field",
            "content/setup/install/index.md:26 shortcode",
            "content/troubleshooting/no-internet.md:0 alias",
            "content/troubleshooting/no-internet.md:0 front matter field name",
            "layouts/_markup/render-link.html:0 render hook",
        ]
    );
    let converted = &report["converted"];
    assert_eq!(converted["admonition -> alert"], 5);
    assert_eq!(converted["ref/relref -> relative link"], 4);
    assert_eq!(converted["alias -> aliases"], 2);
    assert_eq!(converted["lastmod -> reviewed"], 3);
    assert_eq!(converted["expiryDate -> expires"], 1);
    assert_eq!(converted["figure shortcode -> image"], 1);
    assert_eq!(converted["highlight shortcode -> fenced code"], 1);
    assert_eq!(converted["section _index.md -> category"], 1);
    assert_eq!(converted["static file -> assets/"], 1);
    assert_eq!(converted["tab shortcode -> section"], 2);
    assert_eq!(converted["include shortcode -> snippet"], 1);
    assert_eq!(converted["params -> custom fields"], 1);
    assert_eq!(converted["page used as a snippet -> snippet only"], 1);
    assert_eq!(report["snippets"], 1);
    assert_eq!(report["articles"], 4);
    let markdown = output.read("kb/IMPORT.md");
    assert!(
        markdown.contains(
            "| content/setup/install/index.md | 26 | shortcode | `{{< youtube w7Ft2ymGmfc >}}` |"
        ),
        "{markdown}"
    );
}

#[test]
fn a_second_import_gives_the_same_bytes_and_a_non_empty_folder_needs_force() {
    super::reimport_gives_the_same_bytes("hugo", &["--reviewed", "2024-04-01"]);
}

/// Pages without a date need `--reviewed`; nothing is written without it.
#[test]
fn pages_without_a_date_need_reviewed() {
    let source = fixture();
    let output = Test::new()
        .args(&["import", "hugo", &source, "--into", "kb"])
        .expect(2);
    assert!(
        output.stderr.contains("1 page have no date") && output.stderr.contains("--reviewed"),
        "{}",
        output.stderr
    );
    assert!(!output.root.join("kb").exists());
}

/// `--mapping` places folders and tags for this format too: a type by folder, products by tag.
#[test]
fn the_mapping_file_places_folders_and_tags() {
    let source = fixture();
    let output = Test::new()
        .file(
            "mapping.toml",
            "[types]\ntroubleshooting = \"troubleshooting\"\n[tag_products]\nsetup = [\"installer\"]\n",
        )
        .args(&["import", "hugo", &source, "--into", "kb"])
        .args(&["--reviewed", "2024-04-01", "--mapping", "mapping.toml"])
        .args(&["--product", "router"])
        .expect(0);
    let no_internet = output.read("kb/articles/troubleshooting/no-internet.md");
    assert!(
        no_internet.contains("type: troubleshooting\napplies_to: [router]\n"),
        "{no_internet}"
    );
    let install = output.read("kb/articles/setup/install/index.md");
    assert!(
        install.contains("type: reference\napplies_to: [installer, router]\n"),
        "{install}"
    );
    let site = output.read("kb/site.toml");
    for expected in [
        "[products.installer]\nname = \"Installer\"\n",
        "[products.router]\nname = \"Router\"\n",
        "[types.troubleshooting]\n",
    ] {
        assert!(site.contains(expected), "{expected:?} in\n{site}");
    }
}

/// A multilingual Hugo site (`tests/fixtures/import/hugo-multilingual`): a page's translation
/// by file name (`install.fr.md`) becomes the KB's translation beside its article, with its
/// links to pages in French (`use.fr.md`, `/fr/docs/use/`) made links to the articles, and
/// `source_reviewed` the source's date; a section's `_index.fr.md` the category's French title;
/// `[languages.fr]` in site.toml from `languageName`. A language with a content folder of its
/// own (`de`, `content.de/`) gives the translations of the pages at the same paths. A
/// translation without its page is in the report. The KB checks clean and builds its French
/// site.
#[test]
fn translations_by_file_name_become_translations() {
    let source = super::fixture_of("hugo-multilingual");
    let test = Test::new().args(&["import", "hugo", &source, "--into", "kb"]);
    let output = test.expect(0);
    let read = |path: &str| output.read(path);
    let translation = read("kb/articles/docs/install.fr.md");
    assert_eq!(
        translation,
        "---\ntitle: \"Installer le routeur\"\nsummary: \"Comment installer le routeur.\"\nsource_reviewed: 2026-10-01\n---\n\n## Étapes\n\n1. Branchez-le.\n2. Puis [utilisez-le](use.md) (voir aussi [la page](use.md)).\n\n> [!NOTE]\n> Gardez la boîte.\n"
    );
    let category = read("kb/articles/docs/_index.fr.md");
    assert!(
        category.contains("summary: \"Tout sur le routeur.\""),
        "{category}"
    );
    let site_toml = read("kb/site.toml");
    assert!(
        site_toml.contains("\n[languages.fr]\nname = \"Français\"\n"),
        "{site_toml}"
    );
    assert!(
        site_toml.contains("\n[languages.de]\nname = \"Deutsch\"\n"),
        "{site_toml}"
    );
    assert_eq!(
        read("kb/articles/docs/install.de.md"),
        "---\ntitle: \"Router installieren\"\nsummary: \"So installieren Sie den Router.\"\ndraft: true\nsource_reviewed: 2026-10-01\n---\n\n## Schritte\n\n1. Einstecken.\n2. Dann [benutzen](use.md).\n"
    );
    assert!(read("kb/articles/docs/_index.de.md").contains("title: \"Dokumentation\""));
    assert!(!test.root().join("kb/articles/docs/old.fr.md").exists());
    assert!(!test.root().join("kb/articles/docs/old.md").exists());
    let report = read("kb/IMPORT.md");
    assert!(
        report.contains(
            "`docs/old.fr.md` | not imported: its source page `docs/old.md` was not imported"
        ),
        "{report}"
    );
    super::checks_clean_and_builds(&test.root().join("kb"));
    let french = read("kb/public/fr/docs/install/index.html");
    // `use` has no French translation: links to it go to the English site.
    assert!(french.contains("Installer le routeur"), "{french}");
    assert!(
        french.contains("href=\"https://docs.acme.example/docs/use/\""),
        "{french}"
    );
}
