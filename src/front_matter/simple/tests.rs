//! The fast path against serde_yaml: on chosen edge cases, the sample KB and fixtures, and
//! 20,000 generated blocks.

use super::*;

/// serde_yaml's reading of `source`, or `None` where it fails.
fn reference(source: &str) -> Option<Value> {
    serde_yaml::from_str(source).ok()
}

/// Asserts that the fast path either declines `source` or reads it as serde_yaml does;
/// returns whether it read it.
fn agrees(source: &str) -> bool {
    match parse(source) {
        None => false,
        Some(fast) => {
            assert_eq!(Some(&fast), reference(source).as_ref(), "{source:?}");
            // `yaml::parse` skips its anchor/alias/tag check for what this reads.
            assert!(
                super::super::yaml::unsupported_feature(source).is_none(),
                "{source:?}"
            );
            true
        }
    }
}

#[test]
fn reads_the_usual_front_matter_as_serde_yaml_does() {
    let usual = [
        "title: \"ADSL Broadband: Backup job\"\nslug: adsl-kb01729\nsummary: \"Step-by-step.\"\ntype: how-to\napplies_to:\n  - fttp-business\nroles: []\naudience:\n  - partner\ntags:\n  - restore\n  - dkim\nreviewed: 2024-11-20\n",
        "title: Admin Console roles\nsummary: What the Portal Admin, Telephony Admin and End User roles can do.\ntype: reference\napplies_to: [admin-console, support-portal]\nroles: [portal-admin]\nreviewed: 2026-07-08\naliases: [/kb/10301/]\n",
        "title: 'Single quoted'\ntags:\n- compact\n- list\n\n# a comment\nowner:\n",
        "title: Ünïcode — fine\nsummary: It's \"quoted\" inside, 50% off & more!\n",
    ];
    for source in usual {
        assert!(agrees(source), "the fast path should read {source:?}");
    }
}

#[test]
fn custom_fields_of_migrated_docs_are_read_as_serde_yaml_reads_them() {
    // Keys with dots, dates written MM/DD/YYYY, ids of digits, `-` in keys: whatever the fast
    // path makes of them (or declines), serde_yaml reads the same, so custom fields see it.
    for source in [
        "ms.author: jdoe\nms.date: 07/21/2023\nms.topic: reference\n",
        "zendesk_id: 0012345\nticket-id: 12345\nms.custom: sap:Networking, seo-lt-2019\n",
        "external help file: x.dll-Help.xml\nModule Name: NetTCPIP\nonline version: https://example.com/x?view=1\n",
        "ms.date: 2026-01-31\nweight: 2.50\nlisted: true\n",
    ] {
        agrees(source);
    }
}

#[test]
fn declines_what_it_cannot_be_sure_of() {
    let declined = [
        "draft: true",
        "draft: False",
        "owner: null",
        "owner: ~",
        "count: 12",
        "count: 1.5",
        "count: 0x1F",
        "count: .inf",
        "when: 10:30",
        "title: Error: code 5",
        "title: A # comment",
        "title: \"esc\\\"aped\"",
        "title: 'it''s'",
        "title: \"unclosed",
        "title: |\n  block",
        "title: >\n  folded",
        "title: A\n  continued",
        "title: A\ntitle: B",
        "tags: [a, [b]]",
        "tags: [a, b,]",
        "tags: [a, 1]",
        "tags:\n  - a\n    - b",
        "tags:\n  - a\n - b",
        "tags:\n  -",
        "tags:\n  - key: value",
        "title:\tTab",
        "title: line\u{2028}break",
        "meta:\n  nested: value",
        "\"quoted key\": value",
        "true: value",
        "- item",
        "key : spaced",
        "? complex",
        "title: &anchor value",
        "title: {a: b}",
        "title: -dash",
        "title: @at",
        "title: `tick`",
        "tags: [&a x]",
        "tags:\n  - *alias",
        "tags: [!t x]",
        "<<: {a: b}",
        "title: %percent",
        "title: 2024-1-2",
        "title: 20241120",
    ];
    for source in declined {
        assert!(!agrees(source), "the fast path should decline {source:?}");
    }
}

/// The front matter of every article of the sample KB and the test fixtures.
#[test]
fn agrees_with_serde_yaml_on_the_sample_kb_and_fixtures() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut seen, mut read) = (0, 0);
    for folder in ["articles", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(folder)).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "md") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let text = crate::source::normalize_line_endings(&text);
            if let crate::front_matter::Block::Closed { yaml, .. } =
                crate::front_matter::split(&text)
            {
                seen += 1;
                read += usize::from(agrees(&text[yaml]));
            }
        }
    }
    eprintln!("the fast path read {read} of {seen} front matters");
    assert!(seen > 20 && read * 10 > seen * 8, "read {read} of {seen}");
}

/// Front matter assembled at random from lines and values chosen to sit on the edges of
/// the fast path: whatever it reads must be what serde_yaml reads.
#[test]
fn agrees_with_serde_yaml_on_random_front_matter() {
    const VALUES: &[&str] = &[
        "",
        "plain text",
        "\"double\"",
        "'single'",
        "2024-11-20",
        "2024-13-99",
        "12",
        "-1",
        "true",
        "yes",
        "no",
        "on",
        "null",
        "~",
        "Null",
        "/kb/1/",
        "a: b",
        "a:b",
        "a #b",
        "a#b",
        "[]",
        "[a, b]",
        "[a,b]",
        "[ a , b ]",
        "['x', \"y\"]",
        "[a, ]",
        "[a b, c]",
        "[a:b]",
        "[/x/]",
        "\"a\\nb\"",
        "'a''b'",
        "\"\"",
        "''",
        "é",
        "x y  z",
        "inf",
        "nan",
        ".5",
        "0o7",
        "1e3",
        "+1",
        "-",
        "- a",
        "{}",
        "|",
        ">",
        "!tag",
        "*alias",
        "&anchor a",
        "%x",
        "@x",
        "`x`",
        "?x",
        "x?",
        "x,y",
        "x]",
        "x}",
        "x'",
        "\"x",
        "x\"",
        " padded ",
        "a  ",
        "TRUE",
        "True",
        "y",
        "n",
        "NaN",
        "0",
        "00",
        "01",
        "0.1",
        "1_000",
        "2024-11-20T10:00",
        "\u{a0}nbsp",
        "tab\there",
        "\u{fffe}",
        "\u{85}x",
    ];
    const KEYS: &[&str] = &[
        "title", "tags", "summary", "a-b", "a_b", "_x", "null", "1x", "x y", "Title",
    ];
    let mut random = crate::check::testing::Random::new(0x2545_f491_4f6c_dd1d);
    let mut next = |n: usize| random.below(n);
    let mut read = 0;
    for _ in 0..20_000 {
        let mut source = String::new();
        for _ in 0..1 + next(4) {
            let key = KEYS[next(KEYS.len())];
            match next(5) {
                0 => {
                    source.push_str(&format!("{key}:\n"));
                    let indent = " ".repeat(next(3));
                    for _ in 0..next(3) {
                        let item = VALUES[next(VALUES.len())];
                        source.push_str(&format!("{indent}- {item}\n"));
                    }
                }
                1 => source.push_str(&format!("# {}\n", VALUES[next(VALUES.len())])),
                _ => {
                    let value = VALUES[next(VALUES.len())];
                    source.push_str(&format!("{key}: {value}\n"));
                }
            }
        }
        if agrees(&source) {
            read += 1;
        }
    }
    eprintln!("the fast path read {read} of 20,000");
    // Not a vacuous agreement: the fast path read a good share of them.
    assert!(read > 2_000, "the fast path read only {read} of 20,000");
}
