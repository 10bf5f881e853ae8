//! Finds where each top-level key, its value and its list items sit in the YAML text.
//!
//! serde_yaml gives values but no positions, and diagnostics must point at the exact value
//! (`applies_to: [portal, voice]` -> the column of `voice`). Front matter is flat `key: value`
//! lines with flow (`[a, b]`) or block (`- a`) lists, so a line scanner finds them. Anything it
//! cannot place falls back to the key's position, never to a wrong one.

use std::ops::Range;

/// The byte ranges (absolute, in the article text) of one top-level key and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyLocation {
    pub key: String,
    pub key_range: Range<usize>,
    /// The value on the key's line, without a trailing comment; empty when the value is a
    /// block list or mapping on the following lines.
    pub value_range: Range<usize>,
    /// Each list item's range, for flow and block lists of scalars.
    pub items: Vec<Range<usize>>,
}

/// Locates the top-level keys of the YAML in `text[yaml]`.
pub fn locate(text: &str, yaml: Range<usize>) -> Vec<KeyLocation> {
    let mut found: Vec<KeyLocation> = Vec::new();
    let mut line_start = yaml.start;
    for line in text[yaml.clone()].split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        let start = line_start;
        line_start += line.len();
        let Some(first) = content.chars().next() else {
            continue;
        };
        if first == ' ' || first == '\t' {
            // A continuation line: maybe an item of a block list under the last key.
            let trimmed = content.trim_start();
            if let (Some(item), Some(last)) = (trimmed.strip_prefix('-'), found.last_mut()) {
                if item.is_empty() || item.starts_with(' ') {
                    let item_start = start + (content.len() - item.len());
                    let item_end = start + content.len() - strip_comment(item).1;
                    last.items.push(trim_range(text, item_start..item_end));
                }
            }
            continue;
        }
        if first == '#' || first == '-' {
            continue;
        }
        if let Some(location) = key_line(text, start, content) {
            found.push(location);
        }
    }
    found
}

/// Parses `key: value` at the start of a line.
fn key_line(text: &str, start: usize, content: &str) -> Option<KeyLocation> {
    let (key, key_len) = if let Some(quote @ ('"' | '\'')) = content.chars().next() {
        let close = content[1..].find(quote)? + 1;
        (content[1..close].to_string(), close + 1)
    } else {
        let colon = find_key_colon(content)?;
        (content[..colon].trim_end().to_string(), colon)
    };
    let after_key = content[key_len..].trim_start();
    let value_text = after_key.strip_prefix(':')?;
    let value_start = start + content.len() - value_text.len();
    let value_end = start + content.len() - strip_comment(value_text).1;
    let value_range = trim_range(text, value_start..value_end);
    let items = if text[value_range.clone()].starts_with('[') {
        flow_items(text, value_range.clone())
    } else {
        Vec::new()
    };
    Some(KeyLocation {
        key,
        key_range: start..start + key_len,
        value_range,
        items,
    })
}

/// The first `:` followed by a space or the end of the line (so `a:b` stays one scalar).
fn find_key_colon(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    (0..bytes.len())
        .find(|&i| bytes[i] == b':' && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')))
}

/// Returns the value without a trailing ` # comment`, and the length of the removed tail.
fn strip_comment(value: &str) -> (&str, usize) {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in value.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') if previous.is_whitespace() => return (&value[..i], value.len() - i),
            _ => {}
        }
        previous = c;
    }
    (value, 0)
}

/// Splits `[a, "b, c", d]` into item ranges at top-level commas.
fn flow_items(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let inner_start = range.start + 1;
    let inner = &text[inner_start..range.end];
    let inner = inner.strip_suffix(']').unwrap_or(inner);
    let mut items = Vec::new();
    let (mut depth, mut quote, mut item_start) = (0usize, None, 0usize);
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                items.push(inner_start + item_start..inner_start + i);
                item_start = i + 1;
            }
            _ => {}
        }
    }
    if !inner[item_start..].trim().is_empty() {
        items.push(inner_start + item_start..inner_start + inner.len());
    }
    items.into_iter().map(|r| trim_range(text, r)).collect()
}

/// Shrinks a range to exclude surrounding whitespace.
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(yaml: &str) -> Vec<(String, String, Vec<String>)> {
        locate(yaml, 0..yaml.len())
            .into_iter()
            .map(|l| {
                let items = l
                    .items
                    .iter()
                    .map(|r| yaml[r.clone()].to_string())
                    .collect();
                (l.key, yaml[l.value_range].to_string(), items)
            })
            .collect()
    }

    fn entry(key: &str, value: &str, items: &[&str]) -> (String, String, Vec<String>) {
        let items = items.iter().map(|s| s.to_string()).collect();
        (key.to_string(), value.to_string(), items)
    }

    #[test]
    fn finds_scalar_values_without_comments() {
        assert_eq!(
            located("title: Foo: Bar # note\nurl: a:b\n"),
            vec![entry("title", "Foo: Bar", &[]), entry("url", "a:b", &[])]
        );
    }

    #[test]
    fn finds_flow_list_items() {
        assert_eq!(
            located("applies_to: [ portal, \"a, b\" ,voice ]\n"),
            vec![entry(
                "applies_to",
                "[ portal, \"a, b\" ,voice ]",
                &["portal", "\"a, b\"", "voice"]
            )]
        );
    }

    #[test]
    fn finds_block_list_items() {
        assert_eq!(
            located("roles:\n  - admin\n  - user # x\ntags: []\n"),
            vec![
                entry("roles", "", &["admin", "user"]),
                entry("tags", "[]", &[])
            ]
        );
    }

    #[test]
    fn finds_quoted_keys_and_skips_comments() {
        assert_eq!(
            located("# c\n\"title\": x\n"),
            vec![entry("title", "x", &[])]
        );
    }

    #[test]
    fn hash_inside_quotes_is_not_a_comment() {
        assert_eq!(
            located("title: \"C # sharp\"\n"),
            vec![entry("title", "\"C # sharp\"", &[])]
        );
    }
}
