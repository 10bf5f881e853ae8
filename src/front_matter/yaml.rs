//! The only place kbpress touches YAML: front matter text in, located fields out.
//!
//! Anchors, aliases, tags and merge keys are refused before serde_yaml sees the text: front
//! matter never needs them, and refusing them makes "billion laughs" blocks fail at once.

use std::ops::Range;

use super::locate::{locate, KeyLocation};

/// Larger front matter is refused before parsing; real front matter is a few hundred bytes.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

pub use serde_yaml::Value;

/// One top-level `key: value` of the front matter, with byte ranges in the article text.
#[derive(Debug, Clone)]
pub struct RawField {
    pub key: String,
    pub key_range: Range<usize>,
    pub value: Value,
    /// The value's text on the key's line (empty for block lists).
    pub value_range: Range<usize>,
    pub item_ranges: Vec<Range<usize>>,
}

/// Why the YAML could not be read, with the byte offset of the problem in the article text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub offset: usize,
    pub help: Option<String>,
}

/// Parses the front matter at `text[yaml]` into its top-level fields, in file order.
pub fn parse(text: &str, yaml: Range<usize>) -> Result<Vec<RawField>, YamlError> {
    parse_with(text, yaml, true)
}

/// [`parse`] with serde_yaml alone, never the fast path: the fuzz target compares the two.
#[doc(hidden)]
pub fn parse_without_fast_path(text: &str, yaml: Range<usize>) -> Result<Vec<RawField>, YamlError> {
    parse_with(text, yaml, false)
}

fn parse_with(
    text: &str,
    yaml: Range<usize>,
    use_fast_path: bool,
) -> Result<Vec<RawField>, YamlError> {
    let source = &text[yaml.clone()];
    if source.len() > MAX_FRONT_MATTER_BYTES {
        return Err(YamlError {
            message: format!(
                "the front matter is {} bytes, more than the limit of {MAX_FRONT_MATTER_BYTES}",
                source.len()
            ),
            offset: yaml.start,
            help: Some("move long text into the article body".into()),
        });
    }
    // The fast path reads no anchor, alias, tag or merge key (its tests check that), so only
    // what it declines needs looking over for them.
    let fast = use_fast_path
        .then(|| super::simple::parse(source))
        .flatten();
    if fast.is_none() {
        if let Some(error) = unsupported_feature(source) {
            return Err(YamlError {
                offset: yaml.start + error.offset,
                ..error
            });
        }
    }
    let value: Value = if source.trim().is_empty() {
        Value::Mapping(Default::default())
    } else if let Some(value) = fast {
        value
    } else {
        serde_yaml::from_str(source).map_err(|error| syntax_error(text, yaml.clone(), &error))?
    };
    let Value::Mapping(mapping) = value else {
        return Err(YamlError {
            message: "front matter must be `key: value` lines".into(),
            offset: yaml.start,
            help: Some("write one field per line, e.g. `title: Set up call forwarding`".into()),
        });
    };
    let mut locations: Vec<Option<KeyLocation>> =
        locate(text, yaml.clone()).into_iter().map(Some).collect();
    let fields = mapping
        .into_iter()
        .map(|(key, value)| {
            let key = scalar_text(&key);
            let location = locations
                .iter_mut()
                .find(|l| l.as_ref().is_some_and(|l| l.key == key))
                .and_then(Option::take);
            let (key_range, value_range, item_ranges) = match location {
                Some(l) => (l.key_range, l.value_range, l.items),
                None => (yaml.start..yaml.start, yaml.start..yaml.start, Vec::new()),
            };
            RawField {
                key,
                key_range,
                value,
                value_range,
                item_ranges,
            }
        })
        .collect();
    Ok(fields)
}

/// A scalar as the text a writer would expect (`123`, `true`), for keys and lenient strings.
pub fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// The kind of a value in the words a writer uses, for messages.
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a nested mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

fn syntax_error(text: &str, yaml: Range<usize>, error: &serde_yaml::Error) -> YamlError {
    // A tab in the indentation is the usual cause, and the parser's words for it ("found
    // character that cannot start any token") do not say so.
    if let Some(tab) = indenting_tab(&text[yaml.clone()]) {
        let offset = yaml.start + tab;
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..offset].matches('\n').count() + 1;
        let column = text[line_start..offset].chars().count() + 1;
        return YamlError {
            message: format!(
                "YAML does not allow tabs for indentation: replace the tab at {line}:{column} with spaces"
            ),
            offset,
            help: Some("indent with spaces only (most editors can convert tabs to spaces)".into()),
        };
    }
    let message = error.to_string();
    // serde_yaml appends " at line L column C"; the diagnostic carries the position itself.
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    let offset = error.location().map_or(yaml.start, |location| {
        let line_start: usize = text[yaml.clone()]
            .split_inclusive('\n')
            .take(location.line().saturating_sub(1))
            .map(str::len)
            .sum();
        let line_offset = yaml.start + line_start;
        let line = text[line_offset..].split('\n').next().unwrap_or("");
        let column = line
            .char_indices()
            .nth(location.column().saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        (line_offset + column).min(yaml.end)
    });
    YamlError {
        message,
        offset,
        help: Some("check the quoting and indentation; quote values that contain `: ` or start with a special character".into()),
    }
}

/// The offset of the first tab in a line's indentation, if any.
fn indenting_tab(source: &str) -> Option<usize> {
    let mut line_offset = 0;
    for line in source.split_inclusive('\n') {
        let indentation = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(tab) = line[..indentation].find('\t') {
            return Some(line_offset + tab);
        }
        line_offset += line.len();
    }
    None
}

/// Finds an anchor (`&a`), alias (`*a`), tag (`!t`) or merge key (`<<:`) outside quotes.
pub(super) fn unsupported_feature(source: &str) -> Option<YamlError> {
    let mut line_offset = 0;
    for line in source.split_inclusive('\n') {
        let offset = line_offset;
        line_offset += line.len();
        let trimmed = line.trim_start();
        if trimmed.starts_with("<<") {
            let at = offset + line.len() - trimmed.len();
            return Some(unsupported(at, "a merge key (`<<`)"));
        }
        // Only the first character of a node can make it an anchor, alias or tag; `*` or `&`
        // inside plain text (`Q&A *now*`) is just text.
        let (mut quote, mut previous, mut expect_node, mut flow_depth) = (None, ' ', true, 0usize);
        for (i, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), _) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '#') if previous.is_whitespace() => break,
                (None, c) if c.is_whitespace() => {}
                (None, '&' | '*' | '!') if expect_node => {
                    let what = match c {
                        '&' => "an anchor (`&`)",
                        '*' => "an alias (`*`)",
                        _ => "a tag (`!`)",
                    };
                    return Some(unsupported(offset + i, what));
                }
                (None, '"' | '\'') if expect_node => {
                    quote = Some(c);
                    expect_node = false;
                }
                (None, '[' | '{') if expect_node => {
                    flow_depth += 1;
                }
                (None, ']' | '}') if flow_depth > 0 => {
                    flow_depth -= 1;
                    expect_node = false;
                }
                (None, ',') if flow_depth > 0 => expect_node = true,
                (None, ':') => {
                    expect_node = line[i + 1..].starts_with(char::is_whitespace) || flow_depth > 0
                }
                (None, '-') if expect_node && line[i + 1..].starts_with(char::is_whitespace) => {}
                _ => expect_node = false,
            }
            previous = c;
        }
    }
    None
}

fn unsupported(offset: usize, what: &str) -> YamlError {
    YamlError {
        message: format!("front matter uses {what}, which kbpress does not support"),
        offset,
        help: Some(
            "write the value out in full; quote it if it starts with `&`, `*` or `!`".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(yaml: &str) -> Result<Vec<RawField>, YamlError> {
        parse(yaml, 0..yaml.len())
    }

    #[test]
    fn parses_fields_in_order_with_positions() {
        let yaml = "title: A\napplies_to: [x, y]\n";
        let fields = parse_all(yaml).unwrap();
        assert_eq!(fields[0].key, "title");
        assert_eq!(&yaml[fields[1].item_ranges[1].clone()], "y");
    }

    #[test]
    fn yes_and_numbers_keep_their_yaml_types() {
        let fields = parse_all("draft: yes\ntitle: 123\n").unwrap();
        assert_eq!(fields[0].value, Value::String("yes".into()));
        assert_eq!(scalar_text(&fields[1].value), "123");
    }

    #[test]
    fn syntax_errors_point_into_the_text() {
        let text = "title: A\nroles: [a\n";
        let error = parse_all(text).unwrap_err();
        assert!(error.offset >= text.find("roles").unwrap(), "{error:?}");
        assert!(!error.message.contains(" at line "), "{}", error.message);
    }

    #[test]
    fn a_tab_in_the_indentation_is_named() {
        let text = "---\ntitle: A\napplies_to:\n\t- portal\n---\n";
        let error = parse(text, 4..text.len() - 4).unwrap_err();
        assert_eq!(
            error.message,
            "YAML does not allow tabs for indentation: replace the tab at 4:1 with spaces"
        );
        assert_eq!(error.offset, text.find('\t').unwrap());
        let text = "---\ntags:\n  \t- a\n---\n";
        let error = parse(text, 4..text.len() - 4).unwrap_err();
        assert!(
            error.message.contains("the tab at 3:3"),
            "{}",
            error.message
        );
    }

    #[test]
    fn duplicate_keys_are_an_error() {
        let error = parse_all("title: A\ntitle: B\n").unwrap_err();
        assert!(error.message.contains("duplicate"), "{}", error.message);
    }

    #[test]
    fn anchors_aliases_tags_and_merge_keys_are_refused() {
        for yaml in [
            "a: &x [1]\nb: *x\n",
            "title: !!str 5\n",
            "<<: {a: 1}\n",
            "l:\n  - *x\n",
            "l: [a, *x]\n",
            "&a k: v\n",
        ] {
            let error = parse_all(yaml).unwrap_err();
            assert!(
                error.message.contains("does not support"),
                "{yaml}: {error:?}"
            );
        }
    }

    #[test]
    fn ampersands_and_stars_inside_text_are_fine() {
        let fields = parse_all(
            "title: Q&A *now* \"&x\"\nsummary: 'a *b'\nowner: a, *b\ntags: [\"*x\", 'y']\n",
        )
        .unwrap();
        assert_eq!(scalar_text(&fields[0].value), "Q&A *now* \"&x\"");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let yaml = format!("a: {}", "[".repeat(20_000));
        assert!(parse_all(&yaml).is_err());
    }

    #[test]
    fn a_scalar_document_is_not_front_matter() {
        let error = parse_all("just text\n").unwrap_err();
        assert!(error.message.contains("key: value"));
    }

    #[test]
    fn oversized_front_matter_is_refused() {
        let yaml = format!("title: {}\n", "x".repeat(MAX_FRONT_MATTER_BYTES));
        assert!(parse_all(&yaml).unwrap_err().message.contains("limit"));
    }
}
