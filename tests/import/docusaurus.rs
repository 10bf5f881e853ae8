//! `kbpress import docusaurus` on a hand-made Docusaurus 3 site
//! (`tests/fixtures/import/docusaurus`) with three planted problems, which Docusaurus itself
//! reports (`onBrokenMarkdownLinks`, the image loader, `onBrokenAnchors`):
//!
//! - `docs/intro.md`: a link to `setup/old-guide.md`, which does not exist;
//! - `docs/setup/01-install.mdx`: the image `./img/back-panel.png`, which does not exist;
//! - `docs/troubleshooting/no-internet.md`: a link to `../setup/configure.md#lights`, an anchor
//!   that page does not have.
//!
//! After the import `kbpress check` must report these three and nothing else: admonitions
//! (nested, both title forms), tabs, a partial, MDX comments, a number-prefixed `.mdx` page
//! with an `id`, doc URL links and client redirects must all give Markdown kbpress reads
//! without complaint.

use super::support::Test;

fn import(extra: &[&str]) -> Test {
    super::import_fixture("docusaurus", "kb", &["--reviewed", "2024-04-01"]).args(extra)
}

#[test]
fn check_after_import_reports_only_the_problems_of_the_source() {
    let test = import(&[]);
    test.expect(0);
    let (found, report) = super::findings_in_import(&test);
    assert_eq!(
        found,
        vec![
            ("broken-link".into(), "articles/intro.md".into(), 23),
            (
                "missing-image".into(),
                "articles/setup/01-install.md".into(),
                20
            ),
            (
                "broken-anchor".into(),
                "articles/troubleshooting/no-internet.md".into(),
                16
            ),
        ],
        "{report}"
    );
}

#[test]
fn constructs_become_what_kbpress_reads() {
    let output = import(&[]).expect(0);
    let install = output.read("kb/articles/setup/01-install.md");
    for expected in [
        // `id` and the number prefix gave the URL `setup/install`: kept as the slug; the
        // client redirect to it is an alias under the base URL's path; tag objects give labels.
        "title: \"Install the router\"\nsummary: \"Unpack the router, connect it and switch it on.\"\ntype: reference\napplies_to: [acme-router-docs]\nreviewed: 2024-03-01\ntags: [\"Setup\"]\nslug: \"install\"\naliases: [\"/router/docs/old-install\"]\n\"id\": \"install\"\n\"keywords\": [\"install\", \"cables\"]\n\"sidebar_position\": 1\n---\n",
        "\n## Connect the cables {#cables}\n",
        "\n### Cable modem\n\nPlug the coax cable into **WAN**.\n\n> [!WARNING]\n> Never bend the cable.\n",
        "\n### Fibre\n\nPlug the fibre adapter into **WAN**.\n",
        "<!-- <Video id=\"unboxing\" /> -->\n",
        // Inside fenced code nothing is converted.
        "```md\n:::note This stays code\nIt shows how to write an admonition.\n:::\n```\n",
        "\n{{> partials/contact }}\n",
        // An extensionless relative doc URL -> the page's file.
        "Continue with [Configure](configure.md#wifi).\n",
    ] {
        assert!(install.contains(expected), "{expected:?} in\n{install}");
    }
    assert!(!install.contains("import "), "{install}");
    let configure = output.read("kb/articles/setup/configure.md");
    for expected in [
        "reviewed: 2024-04-01\n\"sidebar_label\": \"Configure\"\n---\n",
        "> [!NOTE]\n> **Two bands**\n>\n> Both bands can share one network name.\n>\n> > [!CAUTION]\n> > Never turn off encryption.\n",
        // An absolute doc URL -> a relative link.
        "See the [troubleshooting page](../troubleshooting/no-internet.md) if it fails.\n",
        "<!-- TODO: add screenshots -->\n",
    ] {
        assert!(configure.contains(expected), "{expected:?} in\n{configure}");
    }
    let no_internet = output.read("kb/articles/troubleshooting/no-internet.md");
    assert!(
        no_internet.contains("aliases: [\"/router/docs/faq\", \"/router/docs/help\"]\n"),
        "{no_internet}"
    );
    assert!(
        no_internet.contains("> [!CAUTION]\n> **Do not reset yet**\n>\n> A reset deletes"),
        "{no_internet}"
    );
    assert!(
        no_internet.contains("1. Check [the cables](../setup/01-install.md#cables).\n"),
        "{no_internet}"
    );
    let intro = output.read("kb/articles/intro.md");
    // A site path into `static/` -> the file copied under assets/, linked relatively.
    assert!(
        intro.contains("\n![Acme logo](../assets/img/logo.png)\n"),
        "{intro}"
    );
    assert!(
        intro.contains("reviewed: 2024-03-01\ntags: [\"start\"]\n\"sidebar_position\": 1\n\"source.slug\": \"/intro\"\n"),
        "{intro}"
    );
    assert!(
        intro.contains(
            "> [!TIP]\n> **Before you start**\n>\n> Have your router's serial number ready.\n"
        ),
        "{intro}"
    );
    assert_eq!(
        output.read("kb/snippets/partials/contact.md"),
        "Still stuck? Call Acme support, any day from 8 to 20.\n"
    );
    assert_eq!(
        output.read("kb/articles/setup/_index.md"),
        "---\ntitle: \"Setting up\"\nsummary: \"Get the router running.\"\n---\n"
    );
    let site = output.read("kb/site.toml");
    for expected in [
        "title = \"Acme Router Docs\"\n",
        "description = \"How to set up and fix the Acme router.\"\n",
        "base_url = \"https://docs.acme.example/router/\"\n",
        "[products.acme-router-docs]\nname = \"Acme Router Docs\"\n",
        "[fields.keywords]\ntype = \"list\"\n",
        "[fields.sidebar_position]\ntype = \"number\"\n",
    ] {
        assert!(site.contains(expected), "{expected:?} in\n{site}");
    }
    // Partials are snippets, not articles; `_category_.json` is a category title; images copied.
    assert_eq!(
        output.files_under("kb"),
        vec![
            "IMPORT.md",
            "articles/intro.md",
            "articles/setup/01-install.md",
            "articles/setup/_index.md",
            "articles/setup/configure.md",
            "articles/setup/img/front.png",
            "articles/troubleshooting/no-internet.md",
            "assets/img/logo.png",
            "site.toml",
            "snippets/partials/contact.md",
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
            "docs/_partials/_unused.md:0 partial",
            "docs/setup/01-install.mdx:16 MDX import",
            "docs/setup/01-install.mdx:42 JSX component",
            "docs/setup/_category_.json:3 category setting",
            "docs/setup/_category_.json:4 category setting",
            "docs/troubleshooting/no-internet.md:14 MDX export",
            "docusaurus.config.js:27 client redirect",
            "sidebars.js:0 sidebars",
        ]
    );
    let converted = &report["converted"];
    assert_eq!(converted["admonition -> alert"], 5);
    assert_eq!(converted["<TabItem> -> section"], 2);
    assert_eq!(converted["partial use -> {{> name }}"], 1);
    assert_eq!(converted["client redirect -> alias"], 3);
    assert_eq!(converted["doc link -> relative link to the .md file"], 6);
    assert_eq!(converted["static file -> assets/"], 1);
    assert_eq!(converted["MDX comment -> HTML comment"], 1);
    assert_eq!(report["articles"], 4);
    assert_eq!(report["snippets"], 1);
    let markdown = output.read("kb/IMPORT.md");
    assert!(
        markdown.contains(
            "| docusaurus.config.js | 27 | client redirect | `/docs/news -> /blog/welcome` |"
        ),
        "{markdown}"
    );
}

#[test]
fn a_second_import_gives_the_same_bytes_and_a_non_empty_folder_needs_force() {
    super::reimport_gives_the_same_bytes("docusaurus", &["--reviewed", "2024-04-01"]);
}

/// Translated docs (`tests/fixtures/import/docusaurus-i18n`): a page of
/// `i18n/fr/docusaurus-plugin-content-docs/current/` becomes the translation beside the article
/// of the page at the same path, with its links (relative, and the locale's URLs) made links to
/// the articles and its admonitions converted; `[languages.fr]` from `localeConfigs.fr.label`; a
/// translated page without its English page, and the theme's translations, are in the report.
/// The KB checks clean and builds its French site.
#[test]
fn translated_docs_become_translations() {
    let source = super::fixture_of("docusaurus-i18n");
    let output = Test::new()
        .args(&[
            "import",
            "docusaurus",
            &source,
            "--into",
            "kb",
            "--reviewed",
            "2026-10-01",
        ])
        .expect(0);
    assert_eq!(
        output.read("kb/articles/setup/install.fr.md"),
        "---\ntitle: \"Installer le routeur\"\nsummary: \"Comment installer le routeur.\"\nsource_reviewed: 2026-10-01\n---\n\n## Étapes\n\n1. Branchez-le.\n2. Lisez l'[introduction](../intro.md) (ou [ici](../intro.md)).\n\n> [!TIP]\n> Gardez la boîte.\n"
    );
    let site_toml = output.read("kb/site.toml");
    assert!(
        site_toml.contains("\n[languages.fr]\nname = \"Français\"\n"),
        "{site_toml}"
    );
    assert!(
        site_toml.contains("\nlanguage = \"en\"\n"),
        "i18n.defaultLocale: {site_toml}"
    );
    let report = output.read("kb/IMPORT.md");
    assert!(
        report.contains(
            "| translation | `gone.md` | not imported: the docs have no page at that path"
        ),
        "{report}"
    );
    assert!(
        report.contains("the translations of the blog, pages and theme"),
        "{report}"
    );
    super::checks_clean_and_builds(&output.root.join("kb"));
    let french = output.read("kb/public/fr/setup/install/index.html");
    assert!(french.contains("Installer le routeur"), "{french}");
}
