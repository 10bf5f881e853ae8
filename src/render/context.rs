//! The values templates see. Built from the site once per page, small and flat: no page gets a
//! serialisation of the whole site (the main cost of other generators' contexts).

use serde::Serialize;

use crate::site::{Article, Site};
use crate::urls::encode_path;

/// Site-wide values, set once in Tera's global context.
#[derive(Debug, Serialize)]
pub struct SiteValues {
    pub title: String,
    pub description: String,
    pub language: String,
    /// `rtl` for a language written right to left (Arabic, Hebrew, Persian, Urdu, ...), else
    /// `ltr`: the page's `<html dir>`.
    pub direction: &'static str,
    pub base_url: String,
    pub base_path: String,
    pub static_url: String,
    pub home_url: String,
    /// The audience this site is for (`build --audience`); absent in the public site.
    pub audience: Option<AudienceValue>,
    /// Where the "Was this article helpful?" widget posts (`[feedback] url`); none: no widget.
    pub feedback_url: Option<String>,
    /// The search page (`/kb/search/`); none when `[search] enabled = false`.
    pub search_url: Option<String>,
}

/// The direction a language is written in, from its tag: `rtl` for the languages written in
/// the Arabic, Hebrew, Syriac, Thaana or N'Ko scripts (by default, or by a script subtag:
/// `ku-Arab`), unless a script subtag says otherwise (`ur-Latn`).
pub fn text_direction(language: &str) -> &'static str {
    const RIGHT_TO_LEFT: &[&str] = &[
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "nqo", "ps", "sd", "syr", "ug", "ur",
        "yi",
    ];
    const RIGHT_TO_LEFT_SCRIPTS: &[&str] = &["arab", "hebr", "syrc", "thaa", "nkoo"];
    let lower = language.to_ascii_lowercase();
    let mut parts = lower.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let script =
        parts.find(|part| part.len() == 4 && part.chars().all(|c| c.is_ascii_alphabetic()));
    let right_to_left = match script {
        Some(script) => RIGHT_TO_LEFT_SCRIPTS.contains(&script),
        None => RIGHT_TO_LEFT.contains(&primary),
    };
    if right_to_left {
        "rtl"
    } else {
        "ltr"
    }
}

/// An audience as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct AudienceValue {
    pub id: String,
    pub name: String,
    pub internal: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
    /// The language of `title` when it is not the page's (an untranslated article's title in
    /// a language's site): the template marks it with `lang`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermRef {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagRef {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    /// The audiences that see the heading (those its audience sections have in common),
    /// space-separated, so the audience switch can hide the entry with its section; none
    /// outside audience sections. Empty (hidden for every single audience) for a heading in a
    /// section nested in another with no audience in common.
    pub audiences: Option<String>,
}

/// What lists of articles show.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleSummary {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub reviewed: Option<String>,
    pub type_name: Option<String>,
    pub draft: bool,
    /// The date a scheduled article is published on, in a preview that shows it early.
    pub publish_after: Option<String>,
    /// The language of its title and summary when it is not the page's (see [`Link::lang`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The language an untranslated article is shown in, and its page in that language's site.
#[derive(Debug, Clone, Serialize)]
pub struct Untranslated {
    /// The language tag (`en`).
    pub language: String,
    /// Its name in itself (`English`).
    pub name: String,
    /// The article's full URL in the default language's site.
    pub url: String,
    /// The direction that language is written in (see [`text_direction`]).
    pub direction: &'static str,
}

/// The same page in a language (`hreflang` alternates, the language switch).
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// The language tag (`fr`).
    pub language: String,
    /// Its name in itself (`Français`).
    pub name: String,
    /// The page's full URL in that language's site.
    pub url: String,
    /// This page's own language.
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct ArticlePage<'a> {
    pub title: &'a str,
    /// The page's H1: the body's leading `# Heading` when it has one, else `title`.
    pub heading: &'a str,
    /// The id of the body's leading H1 (links to it keep working), if it has one.
    pub heading_id: Option<&'a str>,
    pub summary: &'a str,
    pub url: String,
    pub permalink: String,
    #[serde(rename = "type")]
    pub article_type: Option<TypeRef>,
    pub applies_to: Vec<TermRef>,
    pub roles: Vec<TermRef>,
    pub audiences: Vec<TermRef>,
    pub tags: Vec<TagRef>,
    pub reviewed: Option<String>,
    /// The owner's name from `[owners]` when declared, else the id as written.
    pub owner: Option<&'a str>,
    /// The code-review handle of the owner (`@org/voice-docs`), when declared.
    pub owner_handle: Option<&'a str>,
    pub draft: bool,
    /// The date a scheduled article is published on, in a preview that shows it early.
    pub publish_after: Option<String>,
    /// The custom fields site.toml declares (`[fields.NAME]`) that the article sets, by name:
    /// text and dates as strings (`2026-10-02`), numbers, booleans, lists of strings.
    pub fields: std::collections::BTreeMap<&'a str, serde_json::Value>,
    pub content: &'a str,
    pub toc: Vec<TocEntry>,
    /// The public site's "I am a:" choices, when the page has audience sections; else empty.
    pub audience_switch: Vec<AudienceValue>,
    /// The page in every language it is published in, this one included; empty when only in
    /// one.
    pub alternates: Vec<Alternate>,
    pub breadcrumbs: Vec<Link>,
    pub category: Link,
    pub edit_url: Option<String>,
    pub source_path: &'a str,
    /// `TechArticle` and `BreadcrumbList` JSON-LD, escaped for a `<script>` element.
    pub json_ld: String,
    /// The plain Markdown copy of the article (`index.md` beside the page).
    pub markdown_url: String,
    /// Articles that share tags, products or the category, most related first.
    pub related: Vec<ArticleSummary>,
    /// The articles before and after this one on its category page.
    pub previous: Option<Link>,
    pub next: Option<Link>,
    /// An article without a translation, shown in a language's site in the default language
    /// (`untranslated = "fallback"`): that language, and the original page, which search
    /// engines are pointed to (`rel=canonical`).
    pub untranslated: Option<Untranslated>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryItem {
    pub title: String,
    pub summary: Option<String>,
    pub url: String,
    pub article_count: usize,
}

#[derive(Debug, Serialize)]
pub struct CategoryPage {
    pub title: String,
    pub summary: Option<String>,
    pub url: String,
    pub permalink: String,
    pub breadcrumbs: Vec<Link>,
    pub subcategories: Vec<CategoryItem>,
    pub articles: Vec<ArticleSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermItem {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub url: String,
    pub article_count: usize,
}

#[derive(Debug, Serialize)]
pub struct TermPage {
    pub kind: &'static str,
    pub kind_label: String,
    pub kind_url: String,
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub url: String,
    pub permalink: String,
    pub articles: Vec<ArticleSummary>,
}

/// Builds URLs for templates: absolute paths under the base path, percent-encoded.
#[derive(Debug, Clone)]
pub struct Urls {
    pub base_path: String,
    pub base_url: String,
}

impl Urls {
    /// The URLs of `variant`'s site.
    pub fn for_variant(variant: &crate::variant::Variant) -> Self {
        Urls {
            base_path: variant.base_path(),
            base_url: variant.base_url.clone(),
        }
    }

    /// `billing/refunds/` -> `/kb/billing/refunds/`.
    pub fn path(&self, site_relative: &str) -> String {
        format!("{}{}", self.base_path, encode_path(site_relative))
    }

    /// `https://support.example.com`: what a path from [`Urls::path`] is relative to.
    pub fn origin(&self) -> &str {
        self.base_url
            .strip_suffix(&self.base_path)
            .unwrap_or(&self.base_url)
    }

    /// `billing/refunds/` -> `https://support.example.com/kb/billing/refunds/`.
    pub fn full(&self, site_relative: &str) -> String {
        format!("{}{}", self.base_url, encode_path(site_relative))
    }
}

pub fn summary(
    site: &Site,
    urls: &Urls,
    today: jiff::civil::Date,
    article: &Article,
) -> ArticleSummary {
    ArticleSummary {
        title: article.title().to_string(),
        url: urls.path(&article.url),
        summary: article.summary().to_string(),
        reviewed: article
            .front_matter
            .reviewed
            .as_ref()
            .map(|d| d.value.to_string()),
        type_name: article
            .front_matter
            .article_type
            .as_ref()
            .and_then(|t| site.config.types.get(&t.value))
            .map(|t| t.name.clone()),
        draft: article.front_matter.draft,
        publish_after: match article.life(today) {
            crate::site::Life::Scheduled(date) => Some(date.to_string()),
            _ => None,
        },
        lang: article.text_language.clone(),
    }
}

/// Breadcrumbs from the home page down to `category_key` (inclusive).
pub fn breadcrumbs(site: &Site, urls: &Urls, category_key: &str) -> Vec<Link> {
    let mut chain = Vec::new();
    let mut key = Some(category_key.to_string());
    while let Some(current) = key {
        let Some(category) = site.categories.get(&current) else {
            break;
        };
        let title = if category.parent.is_none() {
            "Home".to_string()
        } else {
            category.title.clone()
        };
        chain.push(Link {
            lang: None,
            title,
            url: urls.path(&category.url),
        });
        key = category.parent.clone();
    }
    chain.reverse();
    chain
}

/// The article's custom fields as template values ([`ArticlePage::fields`]).
pub fn custom_fields(
    front_matter: &crate::front_matter::FrontMatter,
) -> std::collections::BTreeMap<&str, serde_json::Value> {
    use crate::front_matter::FieldValue;
    use serde_json::Value;
    front_matter
        .fields
        .iter()
        .map(|(name, field)| {
            let value = match &field.value {
                FieldValue::Text(text) => Value::String(text.clone()),
                FieldValue::Date(date) => Value::String(date.to_string()),
                // Written by YAML's own number formatting, so it always parses.
                FieldValue::Number(number) => {
                    serde_json::from_str(number).unwrap_or_else(|_| Value::String(number.clone()))
                }
                FieldValue::Bool(value) => Value::Bool(*value),
                FieldValue::List(items) => {
                    Value::Array(items.iter().cloned().map(Value::String).collect())
                }
            };
            (name.as_str(), value)
        })
        .collect()
}

#[cfg(test)]
mod custom_field_tests {
    use crate::check::testing::*;

    #[test]
    fn templates_see_custom_fields_typed() {
        let text = article("## Steps\n").replace(
            "reviewed:",
            "ms.author: jdoe\nms.date: 2026-01-31\nweight: 2\nlisted: true\nproducts: [a, b]\nreviewed:",
        );
        let site = kb_with_config(
            "[fields.\"ms.author\"]\ntype = \"text\"\n[fields.\"ms.date\"]\ntype = \"date\"\n[fields.weight]\ntype = \"number\"\n[fields.listed]\ntype = \"bool\"\n[fields.products]\ntype = \"list\"\n[fields.unset]\ntype = \"text\"\n",
            &[("articles/a.md", &text)],
        );
        let fields = super::custom_fields(&site.articles[0].front_matter);
        assert_eq!(
            serde_json::to_string(&fields).unwrap(),
            r#"{"listed":true,"ms.author":"jdoe","ms.date":"2026-01-31","products":["a","b"],"weight":2}"#
        );
        let mut context = tera::Context::new();
        context.insert("fields", &fields);
        let shown = tera::Tera::one_off(
            "{{ fields[\"ms.author\"] }} {{ fields.weight + 1 }} {{ fields.products | join(sep=\"+\") }} {% if fields.unset %}x{% else %}none{% endif %}",
            &context,
            true,
        )
        .unwrap();
        assert_eq!(shown, "jdoe 3 a+b none");
    }
}

#[cfg(test)]
mod direction_tests {
    use super::text_direction;

    #[test]
    fn right_to_left_languages_by_tag_and_script() {
        for rtl in ["ar", "fa", "he", "ur", "ar-EG", "ku-Arab", "yi"] {
            assert_eq!(text_direction(rtl), "rtl", "{rtl}");
        }
        for ltr in ["en", "fr", "de-CH", "ur-Latn", "tr", "ku", "zh-Hant", ""] {
            assert_eq!(text_direction(ltr), "ltr", "{ltr}");
        }
    }
}
