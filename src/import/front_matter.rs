//! Front matter of an imported page, mapped onto kbpress's schema: `title` (else the first H1,
//! else the nav title, else the file name), `summary` (`description`, else the first sentence),
//! `reviewed` (a date in the front matter, else `--reviewed`), `type` and `applies_to` (the
//! defaults or the mapping file), `tags`; every other field kept as a custom field, declared in
//! site.toml with the type its values have in every page. The source's YAML is read here with
//! serde_yaml, tags and all (`!!python/...` values are reported, not fatal).

use std::collections::BTreeMap;

use serde_yaml::Value;

use super::Tally;

/// Fields kbpress reads with a meaning of its own: a source field of that name is kept as
/// `source.NAME`, so it is not misread.
const BUILT_IN: &[&str] = &[
    "summary",
    "type",
    "applies_to",
    "roles",
    "audience",
    "owner",
    "slug",
    "aliases",
    "draft",
    "reviewed",
];

/// Date fields, in the order they are looked for, that give `reviewed`.
const DATE_FIELDS: &[&str] = &[
    "reviewed",
    "last_updated",
    "updated",
    "date",
    "revision_date",
];

/// `(front matter YAML, body, the body's first line number)`.
pub fn split(text: &str) -> (Option<&str>, &str, usize) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, text, 1);
    };
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return (Some(yaml), body, index + 3);
        }
        offset += line.len();
    }
    (None, text, 1)
}

/// The mapping of a front matter block; a YAML error is reported and the page imported
/// without it (MkDocs does the same, with a warning).
pub fn parse(yaml: &str, file: &str, tally: &mut Tally) -> BTreeMap<String, Value> {
    match serde_yaml::from_str::<Value>(yaml) {
        Ok(Value::Mapping(mapping)) => mapping
            .into_iter()
            .filter_map(|(key, value)| match key {
                Value::String(key) => Some((key, value)),
                _ => None,
            })
            .collect(),
        Ok(Value::Null) => BTreeMap::new(),
        Ok(_) => {
            tally.skip(
                file,
                1,
                "front matter",
                "---",
                "dropped: not a mapping of fields",
            );
            BTreeMap::new()
        }
        Err(error) => {
            let line = error.location().map_or(1, |l| l.line() + 1);
            tally.skip(
                file,
                line,
                "front matter",
                &error.to_string(),
                "dropped: invalid YAML; the page was imported without its fields",
            );
            BTreeMap::new()
        }
    }
}

/// A kept field's value, as kbpress custom fields type it.
#[derive(Debug, Clone, PartialEq)]
pub enum Kept {
    Text(String),
    Number(String),
    Bool(bool),
    List(Vec<String>),
}

/// The declared type of a custom field: what every page's value fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Bool,
    List,
}

impl Kind {
    pub fn of(value: &Kept) -> Kind {
        match value {
            Kept::Text(_) => Kind::Text,
            Kept::Number(_) => Kind::Number,
            Kept::Bool(_) => Kind::Bool,
            Kept::List(_) => Kind::List,
        }
    }

    /// A field that is a list anywhere is a list (a scalar becomes a one-item list); two
    /// different scalar kinds are text.
    pub fn merge(self, other: Kind) -> Kind {
        match (self, other) {
            (a, b) if a == b => a,
            (Kind::List, _) | (_, Kind::List) => Kind::List,
            _ => Kind::Text,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Number => "number",
            Kind::Bool => "bool",
            Kind::List => "list",
        }
    }
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// A value kbpress can keep; `None` for mappings, tagged values and nested lists.
pub fn kept(value: &Value) -> Option<Kept> {
    match value {
        Value::String(text) => Some(Kept::Text(text.clone())),
        Value::Number(number) => Some(Kept::Number(number.to_string())),
        Value::Bool(flag) => Some(Kept::Bool(*flag)),
        Value::Sequence(items) => items
            .iter()
            .map(scalar)
            .collect::<Option<_>>()
            .map(Kept::List),
        _ => None,
    }
}

/// `2024-03-01`, `2024-03-01 10:00:00`, `2024-03-01T10:00:00Z`, or Material's blog form
/// `{created: ..., updated: ...}` (the later).
pub fn date(value: &Value) -> Option<jiff::civil::Date> {
    match value {
        Value::String(text) => text.get(..10)?.parse().ok(),
        Value::Mapping(mapping) => ["updated", "created"].iter().find_map(|key| {
            mapping
                .get(Value::String((*key).to_string()))
                .and_then(date)
        }),
        _ => None,
    }
}

/// The page's fields as kbpress will have them.
#[derive(Debug, Clone)]
pub struct Article {
    pub title: String,
    pub summary: String,
    pub article_type: String,
    pub applies_to: Vec<String>,
    pub reviewed: Option<jiff::civil::Date>,
    pub tags: Vec<String>,
    pub custom: BTreeMap<String, Kept>,
}

/// Takes the mapped fields out of `fields`: (reviewed date, tags, title, description).
pub struct Mapped {
    pub title: Option<String>,
    pub description: Option<String>,
    pub reviewed: Option<jiff::civil::Date>,
    pub tags: Vec<String>,
    pub custom: BTreeMap<String, Kept>,
}

/// The source line of a top-level front matter key (the block starts on line 2).
fn key_line(yaml: &str, key: &str) -> usize {
    yaml.lines()
        .position(|line| {
            line.strip_prefix(key)
                .or_else(|| line.strip_prefix(&format!("\"{key}\"")))
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(1, |index| index + 2)
}

pub fn map(fields: BTreeMap<String, Value>, yaml: &str, file: &str, tally: &mut Tally) -> Mapped {
    let mut fields = fields;
    let title = fields.remove("title").as_ref().and_then(scalar);
    let description = fields.remove("description").as_ref().and_then(scalar);
    let reviewed = DATE_FIELDS.iter().find_map(|key| {
        let value = fields.get(*key)?;
        let parsed = date(value)?;
        fields.remove(*key);
        Some(parsed)
    });
    let tags = match fields.remove("tags") {
        Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
        Some(value) => scalar(&value).into_iter().collect(),
        None => Vec::new(),
    };
    let mut custom = BTreeMap::new();
    for (key, value) in fields {
        if value.is_null() {
            continue;
        }
        let name = if BUILT_IN.contains(&key.as_str()) {
            format!("source.{key}")
        } else {
            key.clone()
        };
        match kept(&value) {
            Some(kept) => {
                custom.insert(name, kept);
            }
            None => tally.skip(
                file,
                key_line(yaml, &key),
                "front matter field",
                &key,
                "dropped: a nested or tagged value, which kbpress fields cannot hold",
            ),
        }
    }
    Mapped {
        title,
        description,
        reviewed,
        tags,
        custom,
    }
}

/// The text of the first H1 outside code, without its attribute list.
pub fn first_heading(lines: &[String]) -> Option<String> {
    let mut in_fence = false;
    for line in lines {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence {
            if let Some(text) = line.strip_prefix("# ") {
                let text = match text.rfind(" {#") {
                    Some(at) if text.trim_end().ends_with('}') => &text[..at],
                    _ => text,
                };
                let text = text.trim().trim_end_matches('#').trim();
                if !text.is_empty() {
                    return Some(text.to_string());
                }
            }
        }
    }
    None
}

/// The first sentence of the first paragraph of prose, as plain text (at most 300 characters).
pub fn first_sentence(lines: &[String]) -> Option<String> {
    let mut in_fence = false;
    let mut paragraph: Vec<&str> = Vec::new();
    for line in lines {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            if !paragraph.is_empty() {
                break;
            }
            continue;
        }
        if in_fence {
            continue;
        }
        if trimmed.is_empty() {
            if !paragraph.is_empty() {
                break;
            }
            continue;
        }
        let prose = !line.starts_with("    ")
            && trimmed.chars().next().is_some_and(|c| {
                c.is_alphanumeric() || c == '*' || c == '_' || c == '[' || c == '`'
            })
            && !trimmed.starts_with("* ")
            && !trimmed.starts_with("[!")
            && !trimmed.starts_with("{{")
            && !is_reference_definition(trimmed)
            && !trimmed
                .split_once(". ")
                .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()));
        if prose {
            paragraph.push(trimmed);
        } else if !paragraph.is_empty() {
            break;
        }
    }
    let text = plain(&paragraph.join(" "));
    let sentence = match text.find(". ") {
        Some(end) => &text[..=end],
        None => text.as_str(),
    };
    let sentence = sentence.trim();
    if sentence.is_empty() {
        return None;
    }
    if sentence.chars().count() > 300 {
        let cut: String = sentence.chars().take(297).collect();
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
        return Some(format!("{cut}..."));
    }
    Some(sentence.to_string())
}

/// `[id]: https://...`
fn is_reference_definition(line: &str) -> bool {
    line.starts_with('[') && line.contains("]:")
}

/// Markdown inline text as plain text: links' text, no emphasis, code or HTML tags.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '_' | '`' => {}
            '<' => {
                for next in chars.by_ref() {
                    if next == '>' {
                        break;
                    }
                }
            }
            '!' if chars.peek() == Some(&'[') => {}
            '[' => {}
            ']' => {
                if chars.peek() == Some(&'(') {
                    let mut depth = 0;
                    for next in chars.by_ref() {
                        match next {
                            '(' => depth += 1,
                            ')' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A YAML double-quoted string (a JSON string is one).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| quoted(item)).collect();
    format!("[{}]", items.join(", "))
}

/// kbpress's own URL and life-cycle fields, for sources that have them (Hugo's `aliases` and
/// `expiryDate`, Docusaurus redirects): written as kbpress fields, not custom ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Placement {
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    pub draft: bool,
    pub publish_after: Option<jiff::civil::Date>,
    pub expires: Option<jiff::civil::Date>,
}

/// The front matter block, fields in a fixed order, custom fields as declared.
pub fn write(article: &Article, declared: &BTreeMap<String, Kind>) -> String {
    write_placed(article, &Placement::default(), declared)
}

/// [`write`], with the URL and life-cycle fields of `placement`.
pub fn write_placed(
    article: &Article,
    placement: &Placement,
    declared: &BTreeMap<String, Kind>,
) -> String {
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", quoted(&article.title)));
    out.push_str(&format!("summary: {}\n", quoted(&article.summary)));
    out.push_str(&format!("type: {}\n", article.article_type));
    out.push_str(&format!(
        "applies_to: [{}]\n",
        article.applies_to.join(", ")
    ));
    if let Some(reviewed) = article.reviewed {
        out.push_str(&format!("reviewed: {reviewed}\n"));
    }
    if !article.tags.is_empty() {
        out.push_str(&format!("tags: {}\n", list(&article.tags)));
    }
    if let Some(slug) = &placement.slug {
        out.push_str(&format!("slug: {}\n", quoted(slug)));
    }
    if !placement.aliases.is_empty() {
        out.push_str(&format!("aliases: {}\n", list(&placement.aliases)));
    }
    if placement.draft {
        out.push_str("draft: true\n");
    }
    if let Some(date) = placement.publish_after {
        out.push_str(&format!("publish_after: {date}\n"));
    }
    if let Some(date) = placement.expires {
        out.push_str(&format!("expires: {date}\n"));
    }
    for (name, value) in &article.custom {
        let kind = declared.get(name).copied().unwrap_or(Kind::Text);
        let written = match (kind, value) {
            (Kind::List, Kept::List(items)) => list(items),
            (Kind::List, Kept::Text(text) | Kept::Number(text)) => list(std::slice::from_ref(text)),
            (Kind::List, Kept::Bool(flag)) => list(&[flag.to_string()]),
            (Kind::Number, Kept::Number(number)) => number.clone(),
            (Kind::Bool, Kept::Bool(flag)) => flag.to_string(),
            (_, Kept::Text(text) | Kept::Number(text)) => quoted(text),
            (_, Kept::Bool(flag)) => quoted(&flag.to_string()),
            (_, Kept::List(items)) => quoted(&items.join(", ")),
        };
        out.push_str(&format!("{}: {written}\n", quoted(name)));
    }
    out.push_str("---\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sentence_is_plain_text() {
        let lines: Vec<String> = [
            "# Title",
            "",
            "!!! note",
            "",
            "Use the **[portal](a.md)** to pay. Then wait.",
            "More.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            first_sentence(&lines),
            Some("Use the portal to pay.".into())
        );
        assert_eq!(first_heading(&lines), Some("Title".into()));
    }

    #[test]
    fn dates_come_from_strings_and_the_blog_form() {
        let value: Value =
            serde_yaml::from_str("{created: 2023-01-02, updated: 2024-05-06}").unwrap();
        assert_eq!(date(&value), Some(jiff::civil::date(2024, 5, 6)));
        assert_eq!(
            date(&Value::String("2024-02-03 10:00".into())),
            Some(jiff::civil::date(2024, 2, 3))
        );
        assert_eq!(date(&Value::String("soon".into())), None);
    }

    #[test]
    fn kinds_merge_to_what_every_value_fits() {
        assert_eq!(Kind::Text.merge(Kind::List), Kind::List);
        assert_eq!(Kind::Bool.merge(Kind::Number), Kind::Text);
        assert_eq!(Kind::Bool.merge(Kind::Bool), Kind::Bool);
    }
}
