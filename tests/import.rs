//! `kbpress import mkdocs` on a hand-made MkDocs Material site (`tests/fixtures/import/mkdocs`)
//! with three planted problems. MkDocs 1.6 itself (`mkdocs build` with `validation: links:
//! not_found: warn, anchors: warn`) would flag exactly these:
//!
//! - `docs/index.md`: a link to `setup/old-guide.md`, which does not exist ("contains a link
//!   'setup/old-guide.md', but the target is not found among documentation files");
//! - `docs/setup/install.md`: the image `images/back-panel.png`, which does not exist (same
//!   warning);
//! - `docs/troubleshooting/no-internet.md`: a link to `../setup/configure.md#lights`, an anchor
//!   that page does not have ("there is no such anchor on this page").
//!
//! (It also logs the nav entry `setup/gone.md` naming a missing file, which the import report
//! lists, and says nothing about `--8<-- "missing.md"`: snippets without `check_paths` are
//! silently empty, which the report lists too.) After the import, `kbpress check` must report
//! these three and nothing else: every conversion (admonitions, tabs, snippets, attribute lists,
//! abbreviations, md_in_html) must produce Markdown kbpress reads without complaint.

mod support;

#[path = "import/docusaurus.rs"]
mod docusaurus;
#[path = "import/hugo.rs"]
mod hugo;
#[path = "import/zendesk.rs"]
mod zendesk;

use std::path::Path;

use support::Test;

/// The hand-made source site of `format` under `tests/fixtures/import/`.
fn fixture_of(format: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(format)
        .display()
        .to_string()
}

fn fixture() -> String {
    fixture_of("mkdocs")
}

/// Imports the fixture of `format` (with `extra` arguments) into `kb`, then again into that
/// folder: refused without `--force`; with it, the folder is replaced whole (a file left there
/// is gone) by the same bytes.
fn reimport_gives_the_same_bytes(format: &str, extra: &[&str]) {
    let source = fixture_of(format);
    let import = |into: &str| -> Test {
        Test::new()
            .args(&["import", format, &source, "--into", into])
            .args(extra)
    };
    let first = import("kb").expect(0);
    let kb = first.root.join("kb");
    let files = first.files_under("kb");
    let read_all = || -> Vec<Vec<u8>> {
        (files.iter())
            .map(|f| std::fs::read(kb.join(f)).unwrap())
            .collect()
    };
    let before = read_all();
    let again = kb.display().to_string();
    let refused = import(&again).expect(2);
    assert!(
        refused.stderr.contains("is not empty"),
        "{}",
        refused.stderr
    );
    std::fs::write(kb.join("articles/extra.md"), "left over").unwrap();
    import(&again).args(&["--force"]).expect(0);
    assert_eq!(
        first.files_under("kb"),
        files,
        "--force replaces the folder whole"
    );
    assert!(before == read_all(), "same source, same bytes");
}

/// What `kbpress check` (JSON, `--today 2024-06-01`) finds in the KB imported into `kb` of
/// `test`, as (code, file, line), with the whole report for a failure's message. Exit code 1:
/// each fixture plants problems.
/// `kbpress check` of the imported KB at `kb` finds nothing, and `build` writes its sites.
fn checks_clean_and_builds(kb: &Path) {
    let root = kb.display().to_string();
    let checked = Test::new()
        .args(&["--root", &root, "check", "--today", "2026-11-01"])
        .expect(0);
    assert!(
        checked.stdout.contains("no problems found"),
        "{}",
        checked.stdout
    );
    Test::new()
        .args(&["--root", &root, "build", "--today", "2026-11-01"])
        .expect(0);
}

fn findings_in_import(test: &Test) -> (Vec<(String, String, u64)>, String) {
    let output = Test::new()
        .args(&["--root", &test.root().join("kb").display().to_string()])
        .args(&["check", "--format", "json", "--today", "2024-06-01"])
        .expect(1);
    let json: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    (found, output.stdout)
}

/// `kbpress import FORMAT <its fixture> --into INTO`, then `args`.
fn import_fixture(format: &str, into: &str, args: &[&str]) -> Test {
    let source = fixture_of(format);
    Test::new()
        .args(&["import", format, &source, "--into", into])
        .args(args)
}

fn import(into: &str, extra: &[&str]) -> Test {
    import_fixture("mkdocs", into, &["--reviewed", "2024-04-01"]).args(extra)
}

#[test]
fn check_after_import_reports_only_the_problems_of_the_source() {
    let test = import("kb", &[]);
    test.expect(0);
    let (found, report) = findings_in_import(&test);
    assert_eq!(
        found,
        vec![
            ("broken-link".into(), "articles/index.md".into(), 17),
            (
                "missing-image".into(),
                "articles/setup/install.md".into(),
                19
            ),
            (
                "broken-anchor".into(),
                "articles/troubleshooting/no-internet.md".into(),
                18
            ),
        ],
        "{report}"
    );
}

#[test]
fn constructs_become_what_kbpress_reads() {
    let output = import("kb", &[]).expect(0);
    let install = output.read("kb/articles/setup/install.md");
    for expected in [
        "title: \"Install the router\"\nsummary: \"Unpack the router, connect it and switch it on.\"\ntype: reference\napplies_to: [acme-router-docs]\nreviewed: 2024-03-01\ntags: [\"setup\"]\n\"hide\": [\"toc\"]\n\"status\": \"new\"\n---\n",
        "## Connect the cables {#cables}\n",
        "### Cable modem\n\nPlug the coax cable into **<abbr title=\"Wide Area Network\">WAN</abbr>**.\n\n> [!WARNING]\n> Never bend the cable.\n",
        "### Fibre\n",
        "Every <abbr title=\"Wi-Fi Protected Access\">WPA</abbr> key",
        // Inside a fenced code block nothing is converted.
        "```markdown\n!!! note \"This stays code\"\n    It shows how to write an admonition.\n```\n",
        "\n{{> contact }}\n",
    ] {
        assert!(install.contains(expected), "{expected:?} in\n{install}");
    }
    let configure = output.read("kb/articles/setup/configure.md");
    for expected in [
        "title: \"Configure the router\"\nsummary: \"Open the admin page at http://192.168.1.1 and sign in.\"\n",
        "reviewed: 2024-04-01\n",
        "## Wi-Fi settings {#wifi}\n",
        "<details>\n<summary>Why 5 GHz?</summary>\n\nIt is faster over short distances.\n\n</details>\n",
        "<details open>\n<summary>Note</summary>\n",
        "[Download the firmware](https://acme.example/firmware)\n",
        "<div class=\"grid\">\n",
        "> A router is only as good as its antenna.\n",
        // In a list item, and without the space Python-Markdown does not need.
        "1. Restart the router.\n\n    > [!NOTE]\n    > It takes a minute.\n",
    ] {
        assert!(configure.contains(expected), "{expected:?} in\n{configure}");
    }
    let index = output.read("kb/articles/index.md");
    assert!(
        index.contains(
            "> [!TIP]\n> **Before you start**\n>\n> Have your router's serial number ready.\n"
        ),
        "{index}"
    );
    assert_eq!(
        output.read("kb/snippets/contact.md"),
        "Still stuck? Call Acme support, any day from 8 to 20.\n"
    );
    assert_eq!(
        output.read("kb/articles/setup/_index.md"),
        "---\ntitle: \"Setting up\"\n---\n"
    );
    assert_eq!(
        output.read("kb/articles/troubleshooting/_index.md"),
        "---\ntitle: \"Troubleshooting\"\n---\n"
    );
    let site = output.read("kb/site.toml");
    for expected in [
        "title = \"Acme Router Docs\"\n",
        "base_url = \"https://docs.acme.example/router/\"\n",
        "[products.acme-router-docs]\nname = \"Acme Router Docs\"\n",
        "[types.reference]\n",
        "[fields.hide]\ntype = \"list\"\n",
        "[fields.status]\ntype = \"text\"\n",
    ] {
        assert!(site.contains(expected), "{expected:?} in\n{site}");
    }
    // Snippet sources are not articles; the image beside the pages is copied.
    assert_eq!(
        output.files_under("kb"),
        vec![
            "IMPORT.md",
            "articles/index.md",
            "articles/setup/_index.md",
            "articles/setup/configure.md",
            "articles/setup/images/front.png",
            "articles/setup/install.md",
            "articles/troubleshooting/_index.md",
            "articles/troubleshooting/no-internet.md",
            "site.toml",
            "snippets/contact.md",
        ]
    );
}

#[test]
fn the_report_lists_what_was_not_converted_with_file_and_line() {
    let output = import("kb", &["--format", "json"]).expect(0);
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
            "docs/setup/.pages.yml:2 awesome-pages setting",
            "docs/setup/configure.md:5 heading attributes",
            "docs/setup/configure.md:15 inline attributes",
            "docs/setup/configure.md:19 icon or emoji shortcode",
            "docs/setup/install.md:9 front matter field",
            "docs/troubleshooting/no-internet.md:17 snippet",
            "mkdocs.yml:16 nav entry",
            "mkdocs.yml:17 nav entry",
            "mkdocs.yml:42 plugin",
        ]
    );
    let converted = &report["converted"];
    assert_eq!(converted["admonition -> alert"], 4);
    assert_eq!(converted["collapsible admonition -> <details>"], 2);
    assert_eq!(converted["content tab -> section"], 2);
    assert_eq!(converted["snippet include -> {{> name }}"], 2);
    assert_eq!(converted["heading id {#id}"], 2);
    assert_eq!(converted["abbreviation use -> <abbr>"], 3);
    assert_eq!(report["articles"], 4);
    assert_eq!(report["snippets"], 1);
    // `!!python/name:` tags in mkdocs.yml are read, not fatal; IMPORT.md has the same rows.
    let markdown = output.read("kb/IMPORT.md");
    assert!(
        markdown.contains("| docs/setup/install.md | 9 | front matter field | `search` |"),
        "{markdown}"
    );
}

#[test]
fn a_second_import_gives_the_same_bytes_and_a_non_empty_folder_needs_force() {
    reimport_gives_the_same_bytes("mkdocs", &["--reviewed", "2024-04-01"]);
}

#[test]
fn pages_without_a_date_need_reviewed_and_nothing_is_written() {
    let source = fixture();
    let output = Test::new()
        .args(&["import", "mkdocs", &source, "--into", "kb"])
        .expect(2);
    assert!(
        output.stderr.contains("2 pages have no date") && output.stderr.contains("--reviewed"),
        "{}",
        output.stderr
    );
    assert!(!output.root.join("kb").exists());
}

#[test]
fn macros_whose_values_are_in_extra_become_variables() {
    let output = Test::new()
        .file(
            "src/mkdocs.yml",
            "site_name: Tool\nplugins:\n  - macros\nextra:\n  version: \"2.4\"\n  nested: {a: 1}\n",
        )
        .file(
            "src/docs/a.md",
            "# A\n\nVersion {{version}} and {{ config.extra.version }}, not {{ page.title }}.\n\n```sh\ntool --version # {{ version }}\n```\n",
        )
        .args(&["import", "mkdocs", "src", "--into", "kb", "--reviewed", "2024-01-01"])
        .expect(0);
    let page = output.read("kb/articles/a.md");
    assert!(
        page.contains("Version {{ version }} and {{ version }}, not \\{{ page.title }}.\n"),
        "{page}"
    );
    assert!(page.contains("tool --version # 2.4\n"), "{page}");
    let site = output.read("kb/site.toml");
    assert!(
        site.contains("\n[variables]\nversion = \"2.4\"\n"),
        "{site}"
    );
    let report = output.read("kb/IMPORT.md");
    assert!(
        report.contains("| docs/a.md | 3 | macro | `{{ page.title }}` |"),
        "{report}"
    );
    // The KB checks clean: a first sentence with a macro that did not convert is no summary
    // (kbpress expands no variable there; the title stands in), and the macro is escaped in
    // the text, not an unknown variable.
    assert!(page.contains("summary: \"A\"\n"), "{page}");
    assert!(page.contains("not \\{{ page.title }}."), "{page}");
    let kb = output.root.join("kb");
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_kbpress"))
        .args([
            "--root",
            kb.to_str().unwrap(),
            "check",
            "--today",
            "2024-02-01",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let codes: Vec<&str> = (report["diagnostics"].as_array().unwrap().iter())
        .map(|d| d["code"].as_str().unwrap())
        .filter(|code| *code != "placeholder-base-url")
        .collect();
    assert!(codes.is_empty(), "{codes:?}");
}

/// A summary made from a first sentence with known macros gets their values: kbpress expands
/// no variable in front matter.
#[test]
fn a_summary_from_the_first_sentence_gets_the_values() {
    let output = Test::new()
        .file(
            "src/mkdocs.yml",
            "site_name: Tool\nplugins:\n  - macros\nextra:\n  version: \"2.4\"\n",
        )
        .file(
            "src/docs/a.md",
            "# Tool {{ version }}\n\nVersion {{ version }} is out.\n",
        )
        .args(&[
            "import",
            "mkdocs",
            "src",
            "--into",
            "kb",
            "--reviewed",
            "2024-01-01",
        ])
        .expect(0);
    let page = output.read("kb/articles/a.md");
    assert!(
        page.contains("title: \"Tool 2.4\"\nsummary: \"Version 2.4 is out.\"\n"),
        "{page}"
    );
}

/// Without the macros plugin MkDocs shows `{{ ... }}` as written: so does the imported KB.
#[test]
fn braces_without_the_macros_plugin_stay_text() {
    let output = Test::new()
        .file("src/mkdocs.yml", "site_name: Tool\n")
        .file(
            "src/docs/a.md",
            "# A\n\nA template: {{ name }}.\n\n{{> partial }}\n",
        )
        .args(&[
            "import",
            "mkdocs",
            "src",
            "--into",
            "kb",
            "--reviewed",
            "2024-01-01",
        ])
        .expect(0);
    let page = output.read("kb/articles/a.md");
    assert!(
        page.contains("A template: \\{{ name }}.\n\n\\{{> partial }}\n"),
        "{page}"
    );
}

/// Zensical's `macros` Markdown extension (FastAPI's docs) is the macros plugin's language: its
/// `{{ }}` is listed, not escaped as text.
#[test]
fn a_macros_markdown_extension_turns_macros_on() {
    let output = Test::new()
        .file(
            "src/mkdocs.yml",
            "site_name: Tool\nmarkdown_extensions:\n  zensical.extensions.macros: null\n",
        )
        .file(
            "src/docs/a.md",
            "# A\n\nBy [{{ user.name }}]({{ user.url }}).\n",
        )
        .args(&[
            "import",
            "mkdocs",
            "src",
            "--into",
            "kb",
            "--reviewed",
            "2024-01-01",
            "--format",
            "json",
        ])
        .expect(0);
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let listed: Vec<(&str, u64)> = report["not_converted"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["construct"] == "macro")
        .map(|row| (row["file"].as_str().unwrap(), row["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(listed, [("docs/a.md", 3), ("docs/a.md", 3)], "{report}");
}

/// mkdocs-static-i18n with `docs_structure: suffix`: `install.fr.md` becomes the translation
/// beside the article (its page's date as `source_reviewed`, no date of its own needed), its
/// link to `use.fr.md` a link to the article `use.md`; `[languages.fr]` and `language` come from
/// the plugin's languages; a translation without its page is listed.
#[test]
fn mkdocs_i18n_suffix_pages_become_translations() {
    let config = "site_name: Acme\nplugins:\n  - i18n:\n      docs_structure: suffix\n      languages:\n        - locale: en\n          default: true\n          name: English\n        - locale: fr\n          name: Français\n";
    let test = Test::new()
        .file("site/mkdocs.yml", config)
        .file(
            "site/docs/install.md",
            "---\ndate: 2026-09-01\n---\n# Install\n\nRun it. See [use](use.md#a).\n",
        )
        .file(
            "site/docs/install.fr.md",
            "# Installer\n\nLancez-le. Voir [utiliser](use.fr.md#a).\n",
        )
        .file(
            "site/docs/use.md",
            "---\ndate: 2026-09-02\n---\n# Use\n\n## A\n\nUse it.\n",
        )
        .file("site/docs/gone.fr.md", "# Disparu\n\nSa page a disparu.\n")
        .args(&["import", "mkdocs", "site", "--into", "kb"]);
    let output = test.expect(0);
    assert_eq!(
        output.read("kb/articles/install.fr.md"),
        "---\ntitle: \"Installer\"\nsummary: \"Lancez-le.\"\nsource_reviewed: 2026-09-01\n---\n# Installer\n\nLancez-le. Voir [utiliser](use.md#a).\n"
    );
    let site_toml = output.read("kb/site.toml");
    assert!(site_toml.contains("\nlanguage = \"en\"\n"), "{site_toml}");
    assert!(
        site_toml.contains("\n[languages.fr]\nname = \"Français\"\n"),
        "{site_toml}"
    );
    assert!(!output.root.join("kb/articles/gone.fr.md").exists());
    let report = output.read("kb/IMPORT.md");
    assert!(
        report.contains("| translation | `docs/gone.fr.md` | not imported: the page it translates does not exist"),
        "{report}"
    );
    let kb = output.root.join("kb");
    let checked = Test::new()
        .args(&[
            "--root",
            &kb.display().to_string(),
            "check",
            "--today",
            "2026-11-01",
        ])
        .expect(0);
    // The placeholder base URL only (MkDocs' `site_url` is not set here).
    assert!(
        checked
            .stdout
            .contains("checked 2 articles: 0 errors, 1 warning")
            && checked.stdout.contains("placeholder-base-url"),
        "{}",
        checked.stdout
    );
}
