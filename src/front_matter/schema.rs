//! The typed front matter schema and the conversion from parsed YAML fields.
//!
//! Conversion never stops at the first bad field: every field is converted on its own, and each
//! problem is recorded as a [`FieldProblem`] at the value's position for `invalid-field`.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::yaml::{describe, scalar_text, RawField, Value};
use crate::config::{FieldDeclaration, FieldType};
use crate::diagnostic::Span;
use crate::source::LineIndex;
use crate::suggest::did_you_mean;

/// The custom fields `site.toml` declares (`[fields.NAME]`), by name.
pub type DeclaredFields = BTreeMap<String, FieldDeclaration>;

/// Fields every article must have.
pub const REQUIRED_FIELDS: &[&str] = &["title", "summary", "type", "applies_to", "reviewed"];

/// Every field the schema knows, for `unknown-field` and its suggestions.
pub const KNOWN_FIELDS: &[&str] = &[
    "title",
    "summary",
    "type",
    "applies_to",
    "roles",
    "audience",
    "tags",
    "reviewed",
    "owner",
    "slug",
    "aliases",
    "draft",
    "publish_after",
    "expires",
    "superseded_by",
];

/// A value with the span of its source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// A field whose value does not fit the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// A key present in the front matter, whether known or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresentField {
    pub name: String,
    pub span: Span,
}

/// The typed front matter. Fields that were absent or invalid are `None` or empty; why is in
/// `problems`, and which keys were present at all is in `present`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    pub article_type: Option<Spanned<String>>,
    pub applies_to: Vec<Spanned<String>>,
    pub roles: Vec<Spanned<String>>,
    /// `None` when absent: the article is for every non-internal audience.
    pub audience: Option<Vec<Spanned<String>>>,
    pub tags: Vec<Spanned<String>>,
    pub reviewed: Option<Spanned<Date>>,
    /// An owner id; typed against `[owners]` of site.toml when it declares any.
    pub owner: Option<Spanned<String>>,
    pub slug: Option<Spanned<String>>,
    pub aliases: Vec<Spanned<String>>,
    pub draft: bool,
    /// Not published before this date (see [`crate::site::Life`]).
    pub publish_after: Option<Spanned<Date>>,
    /// Not published from this date on.
    pub expires: Option<Spanned<Date>>,
    /// The article that replaces this one, as written: a path relative to this article's
    /// folder, like a link (`../billing/new-refunds.md`).
    pub superseded_by: Option<Spanned<String>>,
    /// In a translation: the `reviewed` date of its source that it matches (see
    /// `stale-translation`). Not a field of an article (`unknown-field` there).
    pub source_reviewed: Option<Spanned<Date>>,
    /// The custom fields `site.toml` declares, with valid values, by name.
    pub fields: BTreeMap<String, Spanned<FieldValue>>,
    pub present: Vec<PresentField>,
    pub problems: Vec<FieldProblem>,
}

/// The value of a custom field, typed by its declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Text(String),
    Date(Date),
    /// The number as YAML read it (`42`, `2.5`), in its canonical spelling.
    Number(String),
    Bool(bool),
    List(Vec<String>),
}

impl FrontMatter {
    pub fn has(&self, field: &str) -> bool {
        self.present.iter().any(|p| p.name == field)
    }
}

/// Converts parsed fields into the typed front matter; `declared` types the custom fields.
pub fn convert(
    text: &str,
    index: &LineIndex,
    fields: &[RawField],
    declared: &DeclaredFields,
) -> FrontMatter {
    let mut front_matter = FrontMatter::default();
    for field in fields {
        let key_span = index.span(text, field.key_range.clone());
        front_matter.present.push(PresentField {
            name: field.key.clone(),
            span: key_span,
        });
        let mut converter = Converter {
            text,
            index,
            field,
            problems: &mut front_matter.problems,
        };
        match field.key.as_str() {
            "title" => front_matter.title = converter.text_line(),
            "summary" => front_matter.summary = converter.text_line(),
            "type" => front_matter.article_type = converter.text_line(),
            "owner" => front_matter.owner = converter.text_line(),
            "slug" => front_matter.slug = converter.text_line(),
            "applies_to" => front_matter.applies_to = converter.list(true),
            "roles" => front_matter.roles = converter.list(false),
            "audience" => front_matter.audience = Some(converter.list(true)),
            "tags" => front_matter.tags = converter.list(false),
            "aliases" => front_matter.aliases = converter.list(false),
            "reviewed" => front_matter.reviewed = converter.date(),
            "draft" => front_matter.draft = converter.boolean(),
            "publish_after" => front_matter.publish_after = converter.date(),
            "expires" => front_matter.expires = converter.date(),
            "superseded_by" => front_matter.superseded_by = converter.text_line(),
            "source_reviewed" => front_matter.source_reviewed = converter.date(),
            name => {
                if let Some(declaration) = declared.get(name) {
                    if let Some(value) = converter.custom(declaration) {
                        front_matter.fields.insert(name.to_string(), value);
                    }
                }
            }
        }
    }
    front_matter
}

struct Converter<'a> {
    text: &'a str,
    index: &'a LineIndex,
    field: &'a RawField,
    problems: &'a mut Vec<FieldProblem>,
}

impl Converter<'_> {
    fn value_span(&self) -> Span {
        let range = if self.field.value_range.is_empty() {
            self.field.key_range.clone()
        } else {
            self.field.value_range.clone()
        };
        self.index.span(self.text, range)
    }

    fn problem(&mut self, span: Span, message: String, help: Option<String>) {
        self.problems.push(FieldProblem {
            field: self.field.key.clone(),
            span,
            message,
            help,
        });
    }

    /// A single line of text. Numbers and booleans are taken as written (`title: 123` is the
    /// title "123", `1.10` stays "1.10"), because the schema, not YAML, decides the type.
    fn text_line(&mut self) -> Option<Spanned<String>> {
        let span = self.value_span();
        let key = &self.field.key;
        let value = match &self.field.value {
            Value::String(s) => s.clone(),
            Value::Number(_) | Value::Bool(_) => {
                let written = self.text[self.field.value_range.clone()].trim();
                if written.is_empty() {
                    scalar_text(&self.field.value)
                } else {
                    written.to_string()
                }
            }
            other => {
                let message = format!(
                    "`{key}` must be a single line of text, not {}",
                    describe(other)
                );
                let help = format!("write `{key}: some text`");
                self.problem(span, message, Some(help));
                return None;
            }
        };
        if value.trim().is_empty() {
            self.problem(
                span,
                format!("`{key}` is empty"),
                Some(format!("give `{key}` a value")),
            );
            return None;
        }
        Some(Spanned {
            value: value.trim().to_string(),
            span,
        })
    }

    /// A list of single-line values; `non_empty` lists must name at least one value.
    fn list(&mut self, non_empty: bool) -> Vec<Spanned<String>> {
        let span = self.value_span();
        let key = self.field.key.clone();
        let items = match &self.field.value {
            Value::Sequence(items) => items,
            Value::Null if !non_empty => return Vec::new(),
            other => {
                let written = scalar_text(other);
                let example = if written.is_empty() || written.contains('\n') {
                    "a, b".to_string()
                } else {
                    written
                };
                let message = format!("`{key}` must be a list, not {}", describe(other));
                self.problem(span, message, Some(format!("write `{key}: [{example}]`")));
                return Vec::new();
            }
        };
        if items.is_empty() && non_empty {
            let message = format!("`{key}` is an empty list");
            self.problem(
                span,
                message,
                Some(format!("name at least one value in `{key}`")),
            );
        }
        let mut values = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item_span = self
                .field
                .item_ranges
                .get(i)
                .map_or(span, |range| self.index.span(self.text, range.clone()));
            match item {
                Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                    let value = scalar_text(item).trim().to_string();
                    if value.is_empty() {
                        self.problem(item_span, format!("`{key}` has an empty item"), None);
                    } else {
                        values.push(Spanned {
                            value,
                            span: item_span,
                        });
                    }
                }
                other => {
                    let message = format!(
                        "items of `{key}` must be single values, not {}",
                        describe(other)
                    );
                    self.problem(item_span, message, None);
                }
            }
        }
        values
    }

    fn date(&mut self) -> Option<Spanned<Date>> {
        let span = self.value_span();
        let written = scalar_text(&self.field.value);
        match written.trim().parse::<Date>() {
            Ok(date) if is_iso_date(written.trim()) => Some(Spanned { value: date, span }),
            _ => {
                let key = &self.field.key;
                let message = format!("`{key}` must be a date like 2026-10-02, not `{written}`");
                self.problem(span, message, Some("write the date as YYYY-MM-DD".into()));
                None
            }
        }
    }

    /// A custom field, converted as its declared type, its values checked against `values`.
    fn custom(&mut self, declaration: &FieldDeclaration) -> Option<Spanned<FieldValue>> {
        let value = match declaration.field_type {
            FieldType::Text => {
                let text = self.text_line()?;
                self.check_allowed(declaration, &text)?;
                Spanned {
                    value: FieldValue::Text(text.value),
                    span: text.span,
                }
            }
            FieldType::Date => {
                let date = self.date()?;
                Spanned {
                    value: FieldValue::Date(date.value),
                    span: date.span,
                }
            }
            FieldType::Bool => {
                let problems = self.problems.len();
                let value = self.boolean();
                if self.problems.len() > problems {
                    return None;
                }
                Spanned {
                    value: FieldValue::Bool(value),
                    span: self.value_span(),
                }
            }
            FieldType::Number => {
                let span = self.value_span();
                let Value::Number(number) = &self.field.value else {
                    let key = &self.field.key;
                    let message = format!(
                        "`{key}` must be a number, not {}",
                        describe(&self.field.value)
                    );
                    self.problem(span, message, Some(format!("write `{key}: 42`")));
                    return None;
                };
                Spanned {
                    value: FieldValue::Number(number.to_string()),
                    span,
                }
            }
            FieldType::List => {
                let problems = self.problems.len();
                let span = self.value_span();
                let items = self.list(false);
                let mut allowed = true;
                for item in &items {
                    allowed &= self.check_allowed(declaration, item).is_some();
                }
                if !allowed || self.problems.len() > problems {
                    return None;
                }
                Spanned {
                    value: FieldValue::List(items.into_iter().map(|item| item.value).collect()),
                    span,
                }
            }
        };
        Some(value)
    }

    /// `Some(())` when `value` is one of the declared `values` (or there are none).
    fn check_allowed(
        &mut self,
        declaration: &FieldDeclaration,
        value: &Spanned<String>,
    ) -> Option<()> {
        let Some(allowed) = &declaration.values else {
            return Some(());
        };
        if allowed.contains(&value.value) {
            return Some(());
        }
        let key = &self.field.key;
        let message = format!("`{}` is not an allowed value of `{key}`", value.value);
        let help = did_you_mean(&value.value, allowed.iter().map(String::as_str))
            .map(|hint| format!("{hint} (site.toml allows: {})", allowed.join(", ")))
            .unwrap_or_else(|| format!("site.toml allows: {}", allowed.join(", ")));
        self.problem(value.span, message, Some(help));
        None
    }

    fn boolean(&mut self) -> bool {
        match &self.field.value {
            Value::Bool(b) => *b,
            other => {
                let key = &self.field.key;
                let message = format!(
                    "`{key}` must be true or false, not `{}`",
                    scalar_text(other)
                );
                let help =
                    format!("write `{key}: true` or `{key}: false` (YAML 1.2 reads `yes` as text)");
                self.problem(self.value_span(), message, Some(help));
                false
            }
        }
    }
}

/// jiff also accepts a few other spellings; front matter dates must be plain `YYYY-MM-DD`.
fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::yaml;

    fn convert_yaml(text: &str) -> FrontMatter {
        convert_declared(text, "")
    }

    fn convert_declared(text: &str, declarations: &str) -> FrontMatter {
        let fields = yaml::parse(text, 0..text.len()).unwrap();
        let declared: DeclaredFields = toml::from_str(declarations).unwrap();
        convert(text, &LineIndex::new(text), &fields, &declared)
    }

    const DECLARATIONS: &str = r#"
"ms.author" = { type = "text" }
"ms.date" = { type = "date" }
weight = { type = "number" }
internal = { type = "bool" }
products = { type = "list", values = ["excel", "word"] }
channel = { type = "text", values = ["chat", "email"] }
"#;

    #[test]
    fn custom_fields_are_typed_by_their_declaration() {
        let fm = convert_declared(
            "ms.author: jdoe\nms.date: 2026-01-31\nweight: 2.5\ninternal: false\nproducts: [word]\nchannel: chat\nother: x\n",
            DECLARATIONS,
        );
        assert!(fm.problems.is_empty(), "{:?}", fm.problems);
        let values: Vec<_> = fm
            .fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.value.clone()))
            .collect();
        assert_eq!(
            values,
            vec![
                ("channel", FieldValue::Text("chat".into())),
                ("internal", FieldValue::Bool(false)),
                ("ms.author", FieldValue::Text("jdoe".into())),
                ("ms.date", FieldValue::Date(jiff::civil::date(2026, 1, 31))),
                ("products", FieldValue::List(vec!["word".into()])),
                ("weight", FieldValue::Number("2.5".into())),
            ]
        );
        assert_eq!(fm.fields["weight"].span.start.line, 3);
    }

    #[test]
    fn custom_fields_of_the_wrong_type_or_value_are_problems() {
        let fm = convert_declared(
            "ms.author: [a]\nms.date: 01/31/2026\nweight: heavy\ninternal: yes\nproducts: [word, exel]\nchannel: chta\n",
            DECLARATIONS,
        );
        let problems: Vec<_> = fm
            .problems
            .iter()
            .map(|p| {
                (
                    p.field.as_str(),
                    p.span.start.line,
                    p.span.start.column,
                    p.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            problems,
            vec![
                (
                    "ms.author",
                    1,
                    12,
                    "`ms.author` must be a single line of text, not a list"
                ),
                (
                    "ms.date",
                    2,
                    10,
                    "`ms.date` must be a date like 2026-10-02, not `01/31/2026`"
                ),
                ("weight", 3, 9, "`weight` must be a number, not text"),
                (
                    "internal",
                    4,
                    11,
                    "`internal` must be true or false, not `yes`"
                ),
                (
                    "products",
                    5,
                    18,
                    "`exel` is not an allowed value of `products`"
                ),
                (
                    "channel",
                    6,
                    10,
                    "`chta` is not an allowed value of `channel`"
                ),
            ]
        );
        assert_eq!(
            fm.problems[4].help.as_deref(),
            Some("did you mean `excel`? (site.toml allows: excel, word)")
        );
        assert!(fm.fields.is_empty(), "{:?}", fm.fields);
    }

    #[test]
    fn converts_a_complete_front_matter() {
        let fm = convert_yaml(
            "title: A\nsummary: B\ntype: how-to\napplies_to: [x]\nroles:\n  - r\nreviewed: 2026-10-02\ndraft: true\n",
        );
        assert!(fm.problems.is_empty(), "{:?}", fm.problems);
        assert_eq!(fm.title.unwrap().value, "A");
        assert_eq!(fm.roles[0].value, "r");
        assert_eq!(fm.roles[0].span.start.line, 6);
        assert_eq!(fm.reviewed.unwrap().value.to_string(), "2026-10-02");
        assert!(fm.draft);
        assert_eq!(fm.audience, None);
    }

    #[test]
    fn numbers_in_text_fields_are_kept_as_written() {
        let fm = convert_yaml("title: 1.10\nowner: 123\n");
        assert_eq!(fm.title.unwrap().value, "1.10");
        assert_eq!(fm.owner.map(|o| o.value).as_deref(), Some("123"));
    }

    #[test]
    fn yes_is_not_a_boolean() {
        let fm = convert_yaml("draft: yes\n");
        assert!(!fm.draft);
        assert_eq!(fm.problems[0].field, "draft");
        assert_eq!(fm.problems[0].span.start.column, 8);
    }

    #[test]
    fn wrong_shapes_are_problems_at_the_value() {
        let fm = convert_yaml(
            "title: [a]\napplies_to: portal\nreviewed: 2026-13-01\ntags: []\naudience: []\n",
        );
        let fields: Vec<_> = fm
            .problems
            .iter()
            .map(|p| (p.field.as_str(), p.span.start.line))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("title", 1),
                ("applies_to", 2),
                ("reviewed", 3),
                ("audience", 5)
            ]
        );
        assert_eq!(
            fm.problems[1].help.as_deref(),
            Some("write `applies_to: [portal]`")
        );
    }

    #[test]
    fn empty_text_is_a_problem() {
        let fm = convert_yaml("title: \"  \"\nsummary:\n");
        assert_eq!(fm.problems.len(), 2);
    }

    #[test]
    fn every_key_is_recorded_as_present() {
        let fm = convert_yaml("tittle: A\ntitle: B\n");
        let names: Vec<_> = fm.present.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["tittle", "title"]);
        assert!(fm.has("title") && !fm.has("summary"));
    }

    #[test]
    fn dates_must_be_plain_iso_dates() {
        assert!(is_iso_date("2026-01-31"));
        assert!(!is_iso_date("2026-1-31"));
        assert!(convert_yaml("reviewed: 20260131\n").reviewed.is_none());
    }
}
