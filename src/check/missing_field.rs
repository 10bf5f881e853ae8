//! `missing-field`: a required front matter field is absent.

use super::{unknown_field, Context};
use crate::diagnostic::{Diagnostic, Position, Rule, Severity, Span};
use crate::front_matter::{Block, REQUIRED_FIELDS};

pub const RULE: Rule = Rule {
    code: "missing-field",
    default_severity: Severity::Error,
    summary: "A required front matter field is missing.",
    explanation: "Every article needs `title`, `summary` (one sentence for lists and search \
results), `type` (an article type from site.toml), `applies_to` (the products it is about) and \
`reviewed` (the date of the last content review, YYYY-MM-DD), plus the custom fields that \
site.toml declares with `required = true`. Without them the article cannot be listed, filtered \
or kept fresh. A misspelt key (`applies-to:`) is reported once, as `unknown-field` with the right \
name. Fix: add the field to the front matter; `kbpress new` creates articles with every built-in \
field in place.",
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
        let config = &context.site.config;
        let declared = config
            .fields
            .iter()
            .filter(|(_, declaration)| declaration.required)
            .map(|(name, _)| name.as_str());
        for field in REQUIRED_FIELDS.iter().copied().chain(declared) {
            if article.front_matter.has(field) {
                continue;
            }
            // A misspelt key (`applies-to:`) is one mistake: its `unknown-field` says "did you
            // mean `applies_to`?" at the key, where a finding at 1:1 would only repeat it.
            let misspelt = article.front_matter.present.iter().any(|present| {
                !unknown_field::is_known(config, &present.name)
                    && unknown_field::meant(config, &present.name) == Some(field)
            });
            if misspelt {
                continue;
            }
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
    found
}

fn example(field: &str) -> String {
    match field {
        "title" => "title: What the reader wants to do or fix".into(),
        "summary" => "summary: One sentence that says what the article answers.".into(),
        "type" => "type: how-to".into(),
        "applies_to" => "applies_to: [product-id]".into(),
        "reviewed" => "reviewed: YYYY-MM-DD".into(),
        // A custom field declared `required` in site.toml.
        custom => format!("{custom}: ..."),
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

    #[test]
    fn a_misspelt_required_field_is_one_unknown_field_finding() {
        let text = article("## Steps\n").replace("applies_to:", "applies-to:");
        let site = kb(&[("articles/a.md", &text)]);
        let found: Vec<_> = run(&site)
            .into_iter()
            .filter(|d| d.code.ends_with("-field"))
            .map(|d| (d.code, d.line, d.help))
            .collect();
        assert_eq!(
            found,
            vec![(
                "unknown-field",
                5,
                Some("did you mean `applies_to`?".to_string())
            )]
        );
    }

    #[test]
    fn declared_required_fields_are_required() {
        let site = kb_with_config(
            "[fields.zendesk_id]\ntype = \"text\"\nrequired = true\n[fields.note]\ntype = \"text\"\n",
            &[
                ("articles/a.md", &article("## Steps\n")),
                (
                    "articles/b.md",
                    &article("## Steps\n").replace("reviewed:", "zendesk_id: 123\nreviewed:"),
                ),
            ],
        );
        let found = findings(&site, "missing-field");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].file, "articles/a.md");
        assert_eq!(found[0].message, "required field `zendesk_id` is missing");
        assert_eq!(
            found[0].help.as_deref(),
            Some("add `zendesk_id: ...` to the front matter")
        );
    }
}
