//! A fast path for the front matter nearly every article has: one `key: value` per line, with
//! plain or quoted text, dates, and lists of such text (`[a, b]` or `- a` lines).
//!
//! serde_yaml (a port of libyaml) spends ~130,000 instructions on a 700-byte front matter:
//! 17% of `kbpress check` at 10,000 articles (callgrind). [`parse`] reads the common shapes in
//! under a quarter of that (~29,000, with the `Mapping` serde_yaml's callers expect) and gives
//! up, returning `None`, on anything it is not sure to read exactly as serde_yaml would: numbers, booleans, `null`, `:` or `#` in plain text, escapes, tabs,
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
mod tests;
