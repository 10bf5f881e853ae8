//! `placeholder-text`: text that `kbpress new` wrote for the writer to replace is still there.
//!
//! Only the exact placeholders `new` writes ([`PLACEHOLDERS`]) are flagged, never a writer's own
//! "TODO" in prose: they all start with [`MARKER`], which the scan looks for.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "placeholder-text",
    default_severity: Severity::Error,
    summary: "Text that `kbpress new` wrote as a placeholder has not been replaced.",
    explanation: "`kbpress new` fills a new article with placeholders (`TODO write one sentence \
that says what this article answers.` as its summary, `TODO write this section.` under each \
heading) so the writer sees what is missing. Published, they would show readers a TODO on the \
page, in search results, in the meta description and in the structured data search engines \
read. Only these exact texts are flagged, so a writer's own \"TODO\" in prose is left alone. \
Fix: replace the placeholder with the real text (a section the article does not need can be \
deleted, unless its type requires it).",
};

/// The start every placeholder shares.
pub const MARKER: &str = "TODO write ";
/// The summary `kbpress new` writes.
pub const SUMMARY: &str = "TODO write one sentence that says what this article answers.";
/// The text `kbpress new` writes under each section heading.
pub const SECTION: &str = "TODO write this section.";
/// Every placeholder `kbpress new` writes, with what to put in its place.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    (
        SUMMARY,
        "write the summary: one sentence that says what the article answers",
    ),
    (
        SECTION,
        "write the section's text, or delete the section if its type does not require it",
    ),
];

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let finder = memchr::memmem::Finder::new(MARKER);
    let mut found = Vec::new();
    for article in context.articles() {
        let text = &article.text;
        for offset in finder.find_iter(text.as_bytes()) {
            let rest = &text[offset..];
            let Some((placeholder, help)) = PLACEHOLDERS.iter().find(|(p, _)| rest.starts_with(p))
            else {
                continue;
            };
            let span = article.lines.span(text, offset..offset + placeholder.len());
            found.push(
                Diagnostic::new(
                    &RULE,
                    &article.path,
                    span,
                    format!("placeholder from `kbpress new` not replaced: `{placeholder}`"),
                )
                .with_help(*help),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::*;

    #[test]
    fn reports_each_placeholder_of_a_new_article_where_it_is() {
        let text = crate::cli::new_article_text(
            "how-to",
            "Reset a password",
            &["Steps".into()],
            "portal",
            "2026-10-01",
        );
        let site = kb(&[("articles/reset.md", &text)]);
        let found: Vec<(u32, u32, String)> = findings(&site, RULE.code)
            .into_iter()
            .map(|d| (d.line, d.column, d.message))
            .collect();
        assert_eq!(
            found,
            [
                (
                    3,
                    10,
                    format!("placeholder from `kbpress new` not replaced: `{SUMMARY}`")
                ),
                (
                    11,
                    1,
                    format!("placeholder from `kbpress new` not replaced: `{SECTION}`")
                ),
            ],
            "{text}"
        );
    }

    #[test]
    fn a_writers_own_todo_is_not_a_placeholder() {
        let site = kb(&[(
            "articles/a.md",
            &article("## Steps\n\nTODO: ask billing. The TODO write-up is in the wiki. TODO write this\nsection.\n"),
        )]);
        assert!(findings(&site, RULE.code).is_empty());
    }
}
