//! `missing-field`: a required front matter field is absent.

use super::Context;
use crate::diagnostic::{Diagnostic, Position, Rule, Severity, Span};
use crate::front_matter::{Block, REQUIRED_FIELDS};

pub const RULE: Rule = Rule {
    code: "missing-field",
    default_severity: Severity::Error,
    summary: "A required front matter field is missing.",
    explanation: "Every article needs `title`, `summary` (one sentence for lists and search \
results), `type` (an article type from site.toml), `applies_to` (the products it is about) and \
`reviewed` (the date of the last content review, YYYY-MM-DD). Without them the article cannot be \
listed, filtered or kept fresh. Fix: add the field to the front matter; `kbpress new` creates \
articles with every field in place.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for article in context.articles() {
        // Without a readable block the other front matter checks already explain the problem.
        let Block::Closed { .. } = article.block else {
            continue;
        };
        if article.yaml_error.is_some() || article.unreadable.is_some() {
            continue;
        }
        for &field in REQUIRED_FIELDS {
            if !article.front_matter.has(field) {
                found.push(
                    Diagnostic::new(
                        &RULE,
                        &article.path,
                        Span::point(Position::START),
                        format!("required field `{field}` is missing"),
                    )
                    .with_help(format!("add `{}` to the front matter", example(field))),
                );
            }
        }
    }
    found
}

fn example(field: &str) -> &'static str {
    match field {
        "title" => "title: What the reader wants to do or fix",
        "summary" => "summary: One sentence that says what the article answers.",
        "type" => "type: how-to",
        "applies_to" => "applies_to: [product-id]",
        _ => "reviewed: YYYY-MM-DD",
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn names_each_missing_field() {
        let site = kb(&[(
            "articles/a.md",
            "---\ntitle: A\ntype: how-to\n---\n## Steps\n",
        )]);
        let messages: Vec<_> = findings(&site, "missing-field")
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            messages,
            vec![
                "required field `applies_to` is missing",
                "required field `reviewed` is missing",
                "required field `summary` is missing"
            ]
        );
        assert_eq!(
            positions(&site, "missing-field")[0],
            ("articles/a.md".into(), 1, 1)
        );
    }

    #[test]
    fn silent_when_yaml_is_broken() {
        let site = kb(&[("articles/a.md", "---\ntitle: [\n---\n")]);
        assert!(findings(&site, "missing-field").is_empty());
    }
}
