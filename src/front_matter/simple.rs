//! A fast path for the front matter nearly every article has: one `key: value` per line, with
//! plain or quoted text, dates, and lists of such text (`[a, b]` or `- a` lines).
//!
//! serde_yaml (a port of libyaml) spends ~130,000 instructions on a 700-byte front matter:
//! 17% of `kbpress check` at 10,000 articles (callgrind). [`parse`] reads the common shapes in
//! a few thousand and gives up, returning `None`, on anything it is not sure to read exactly as
//! serde_yaml would: numbers, booleans, `null`, `:` or `#` in plain text, escapes, tabs,
//! nested or multi-line values, duplicate keys. Those go to serde_yaml, which also reports
//! every syntax error. The tests compare both parsers on every input they try.

use serde_yaml::{Mapping, Value};

/// The front matter `source` as serde_yaml would parse it, if it has only the simple shapes.
pub fn parse(source: &str) -> Option<Value> {
    if source.split('\n').any(has_special_chars) {
        return None;
    }
    let mut mapping = Mapping::new();
    let mut lines = source.split('\n').peekable();
    while let Some(line) = lines.next() {
        if skippable(line) {
            continue;
        }
        let (key, rest) = key_and_rest(line)?;
        let value = if rest.is_empty() {
            // A block list on the following lines, or nothing (null).
            let mut items = Vec::new();
            let mut indent = None;
            while let Some(next) = lines.peek() {
                if skippable(next) {
                    lines.next();
                    continue;
                }
                let Some((spaces, item)) = list_item(next) else {
                    break;
                };
                if *indent.get_or_insert(spaces) != spaces {
                    return None;
                }
                items.push(Value::String(scalar(item, false)?));
                lines.next();
            }
            if indent.is_none() {
                Value::Null
            } else {
                Value::Sequence(items)
            }
        } else if let Some(inside) = rest.strip_prefix('[') {
            Value::Sequence(flow_list(inside)?)
        } else {
            Value::String(scalar(rest, false)?)
        };
        let key = Value::String(key.to_string());
        if mapping.contains_key(&key) {
            // serde_yaml refuses duplicate keys; let it say so.
            return None;
        }
        mapping.insert(key, value);
    }
    // Only comments: serde_yaml reads an empty document (null), not an empty mapping.
    (!mapping.is_empty()).then_some(Value::Mapping(mapping))
}

/// A blank line or a comment line: nothing to read.
fn skippable(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// `key: rest` at the start of a line; `rest` without the spaces around it.
fn key_and_rest(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let mut bytes = key.bytes();
    let first_is_letter = bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    if !first_is_letter
        || !bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        || is_reserved_word(key)
    {
        return None;
    }
    let after = &line[colon + 1..];
    if !after.is_empty() && !after.starts_with(' ') {
        return None;
    }
    Some((key, after.trim_matches(' ')))
}

/// `<spaces>- item` (the item without surrounding spaces), with the number of spaces.
fn list_item(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start_matches(' ');
    let item = trimmed.strip_prefix("- ")?.trim_matches(' ');
    (!item.is_empty()).then_some((line.len() - trimmed.len(), item))
}

/// The items of a one-line flow list, given the text after its `[`.
fn flow_list(inside: &str) -> Option<Vec<Value>> {
    let inside = inside.strip_suffix(']')?.trim_matches(' ');
    if inside.is_empty() {
        return Some(Vec::new());
    }
    inside
        .split(',')
        .map(|item| scalar(item.trim_matches(' '), true).map(Value::String))
        .collect()
}

/// The text of a one-line scalar that YAML certainly reads as a string: quoted without escapes,
/// or plain text that starts with a letter or `/` (so no number, and no YAML indicator) and is
/// not `null`, `true` or `false`, or a date (`2026-07-08`, which serde_yaml keeps as text).
/// `in_flow`: inside `[...]`, where `,[]{}` would end or nest the scalar.
fn scalar(text: &str, in_flow: bool) -> Option<String> {
    if text.is_empty() {
        return None;
    }
    for quote in ['"', '\''] {
        if let Some(inside) = text.strip_prefix(quote) {
            let inside = inside.strip_suffix(quote)?;
            // An inner quote would end the scalar or be an escape (`''`, `\"`), and a backslash
            // starts an escape in double quotes.
            if inside.contains(quote) || (quote == '"' && inside.contains('\\')) {
                return None;
            }
            return Some(inside.to_string());
        }
    }
    if is_date(text) {
        return Some(text.to_string());
    }
    let first = text.chars().next().unwrap_or(' ');
    if !(first.is_alphabetic() || first == '/')
        || is_reserved_word(text)
        || text.contains([':', '#'])
        || (in_flow && text.contains([',', '[', ']', '{', '}']))
    {
        return None;
    }
    Some(text.to_string())
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// Plain words YAML reads as null or a boolean.
fn is_reserved_word(text: &str) -> bool {
    matches!(
        text,
        "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    )
}

/// Tabs, control characters and the characters YAML treats as line breaks or a byte-order mark
/// (checked once per line, before anything is read): text with these goes to serde_yaml, which
/// knows their rules.
fn has_special_chars(text: &str) -> bool {
    if text.is_ascii() {
        return text.bytes().any(|b| b < 0x20 || b == 0x7f);
    }
    text.chars().any(|c| {
        c.is_control()
            || matches!(
                c,
                '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
    })
}

#[cfg(test)]
mod tests {
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
}
