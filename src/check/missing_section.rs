//! `missing-section`: the article lacks an H2 section that its type requires
//! (`required_sections` of `[types.<id>]` in site.toml).

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::suggest::closest;

pub const RULE: Rule = Rule {
    code: "missing-section",
    default_severity: Severity::Error,
    summary: "The article lacks an H2 section that its type requires.",
    explanation: "Each article type can require sections (`required_sections` under \
`[types.<id>]` in site.toml): a troubleshooting article needs `## Symptoms`, `## Cause` and \
`## Resolution`, so readers always find the answer in the same place. A required section must be \
an H2 heading (`## Resolution`) with that text; case and surrounding spaces do not matter, and an \
`{audience=...}` marker on it is allowed. The diagnostic points at the article's `type` and names \
the section. Fix: add the section, make an existing heading of that name an H2, or change `type` \
if the article is really of another kind.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let types = &context.site.config.types;
    let mut found = Vec::new();
    for article in context.articles() {
        if article.unreadable.is_some() {
            continue;
        }
        // Missing or unknown types are reported by `missing-field` and `unknown-type`.
        let Some(article_type) = &article.front_matter.article_type else {
            continue;
        };
        let Some(declared) = types.get(&article_type.value) else {
            continue;
        };
        let headings = &article.body.headings;
        let h2_texts: Vec<String> = headings
            .iter()
            .filter(|h| h.level == 2)
            .map(|h| normalize(&h.text))
            .collect();
        let required: Vec<String> = declared
            .required_sections
            .iter()
            .map(|s| normalize(s))
            .collect();
        for (section, wanted) in declared.required_sections.iter().zip(&required) {
            if h2_texts.contains(wanted) {
                continue;
            }
            let section = section.trim();
            let wrong_level = headings
                .iter()
                .find(|h| h.level != 2 && normalize(&h.text) == *wanted);
            let help = if let Some(heading) = wrong_level {
                format!(
                    "`{} {}` on line {} is an H{}; make it `## {section}`",
                    "#".repeat(heading.level.into()),
                    heading.text,
                    heading.span.start.line,
                    heading.level
                )
            } else {
                // An H2 that is not itself a required section may be a misspelling of this one.
                let spare = headings
                    .iter()
                    .filter(|h| h.level == 2 && !required.contains(&normalize(&h.text)))
                    .map(|h| h.text.as_str());
                match closest(section, spare) {
                    Some(typo) => format!("rename `## {typo}` to `## {section}`"),
                    None => format!("add a `## {section}` section"),
                }
            };
            found.push(
                Diagnostic::new(
                    &RULE,
                    &article.path,
                    article_type.span,
                    format!(
                        "`{}` articles need a `## {section}` section",
                        article_type.value
                    ),
                )
                .with_help(help),
            );
        }
    }
    found
}

fn normalize(text: &str) -> String {
    text.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    fn troubleshooting(body: &str) -> String {
        article(body).replace("type: how-to", "type: troubleshooting")
    }

    #[test]
    fn names_each_missing_section_at_the_type() {
        let site = kb(&[(
            "articles/a.md",
            &troubleshooting("## Symptoms\n\nIt fails.\n\n## Cause\n"),
        )]);
        let found = findings(&site, "missing-section");
        assert_eq!(
            positions(&site, "missing-section"),
            vec![("articles/a.md".into(), 4, 7)]
        );
        assert_eq!(
            found[0].message,
            "`troubleshooting` articles need a `## Resolution` section"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("add a `## Resolution` section")
        );
    }

    #[test]
    fn points_at_a_heading_of_the_wrong_level_or_a_misspelt_one() {
        let site = kb(&[
            (
                "articles/a.md",
                &troubleshooting("## Symptoms\n\n### Cause\n\n## Resolutoin\n"),
            ),
            ("articles/b.md", &article("## Overview\n")),
        ]);
        let found = findings(&site, "missing-section");
        let summary: Vec<_> = found
            .iter()
            .map(|d| {
                (
                    d.file.as_str(),
                    d.line,
                    d.column,
                    d.message.as_str(),
                    d.help.as_deref().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "articles/a.md",
                    4,
                    7,
                    "`troubleshooting` articles need a `## Cause` section",
                    "`### Cause` on line 10 is an H3; make it `## Cause`"
                ),
                (
                    "articles/a.md",
                    4,
                    7,
                    "`troubleshooting` articles need a `## Resolution` section",
                    "rename `## Resolutoin` to `## Resolution`"
                ),
                (
                    "articles/b.md",
                    4,
                    7,
                    "`how-to` articles need a `## Steps` section",
                    "add a `## Steps` section"
                ),
            ]
        );
    }

    #[test]
    fn matches_case_insensitively_and_ignores_markers() {
        let site = kb(&[
            ("articles/a.md", &troubleshooting("##  symptoms \n\n## CAUSE {audience=direct}\n\n## Resolution\n")),
            ("articles/b.md", &article("## Overview\n").replace("type: how-to", "type: guide")),
            ("articles/c.md", "---\ntitle: C\nsummary: S\napplies_to: [portal]\nreviewed: 2026-10-01\n---\nNo type.\n"),
        ]);
        assert!(findings(&site, "missing-section").is_empty());
    }
}
