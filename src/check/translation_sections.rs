//! `translation-sections`: a translation's audience sections are not its source's.

use super::Context;
use crate::diagnostic::{Diagnostic, Position, Rule, Severity, Span};
use crate::site::Article;

pub const RULE: Rule = Rule {
    code: "translation-sections",
    default_severity: Severity::Error,
    summary: "A translation's audience sections differ from its source's.",
    explanation: "Audience sections (`## Heading {audience=internal}`) decide who reads what: an \
internal section is cut from the public site. A translation must keep the same sections, for the \
same audiences, in the same order as its source: one that drops an internal marker publishes \
staff-only text to customers in that language, and one that drops a section leaves that \
audience without it. kbpress compares them on every check. Fix: give the translation the \
source's audience sections, with the same `{audience=...}` on each heading.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    let mut found = Vec::new();
    for translation in &site.translations {
        let Some(source) = site.article(&translation.source) else {
            continue;
        };
        let article = &translation.article;
        let ours = sections(article);
        let theirs = sections(source);
        // Compared by audiences: the lines differ between languages.
        let Some(first) = (0..ours.len().max(theirs.len()))
            .find(|&i| audiences_at(&ours, i) != audiences_at(&theirs, i))
        else {
            continue;
        };
        let (line, message) = match (theirs.get(first), ours.get(first)) {
            // The source's section comes later here: this one is extra.
            (Some(expected), Some(extra)) if ours[first..].iter().any(|s| s.1 == expected.1) => (
                extra.0,
                format!(
                    "this section for {} is not in the source",
                    audiences(&extra.1)
                ),
            ),
            (Some(expected), here) => (
                here.map(|h| h.0)
                    .or_else(|| same_heading(source, expected.0, article))
                    .unwrap_or(Position::START.line),
                format!(
                    "the source's section for {} (line {}) is missing here",
                    audiences(&expected.1),
                    expected.0
                ),
            ),
            (None, Some(extra)) => (
                extra.0,
                format!(
                    "this section for {} is not in the source",
                    audiences(&extra.1)
                ),
            ),
            (None, None) => continue,
        };
        found.push(
            Diagnostic::new(
                &RULE,
                &article.path,
                Span::point(Position { line, column: 1 }),
                message,
            )
            .with_help(format!(
                "give it the audience sections of `{}`, in the same order: {}",
                source.path,
                if theirs.is_empty() {
                    "none".to_string()
                } else {
                    (theirs.iter().map(|s| audiences(&s.1)).collect::<Vec<_>>()).join(", ")
                }
            )),
        );
    }
    found
}

/// Each audience section's heading line and its sorted audiences, in order. A section's line
/// is a line of the expanded body; sections from a snippet carry the includer's line.
fn sections(article: &Article) -> Vec<(u32, Vec<String>)> {
    (article.body.sections.iter())
        .map(|section| {
            let mut audiences = section.audiences.clone();
            audiences.sort();
            (section.lines.start, audiences)
        })
        .collect()
}

/// The line of the heading of `translation` in the place of `source`'s heading at `line`
/// (the same number of headings before it): where the translated section most likely is.
fn same_heading(source: &Article, line: u32, translation: &Article) -> Option<u32> {
    let lines = |article: &Article| -> Vec<u32> {
        let body = &article.body;
        (body.headings.iter())
            .map(|h| body.expanded_line(h.origin, h.span.start.line))
            .collect()
    };
    let place = lines(source).iter().position(|&l| l == line)?;
    lines(translation).get(place).copied()
}

/// The audiences of the `i`th section of `list`.
fn audiences_at(list: &[(u32, Vec<String>)], i: usize) -> Option<&Vec<String>> {
    list.get(i).map(|section| &section.1)
}

fn audiences(ids: &[String]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
    quoted.join(" + ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::*;

    #[test]
    fn a_dropped_added_or_changed_section_is_reported_in_the_translation() {
        let source = article(
            "## Steps\n\nAll.\n\n## Staff notes {audience=internal}\n\nSecret.\n\n## Resellers {audience=wholesale}\n\nR.\n",
        );
        let site = kb_with_config(
            LANGUAGES,
            &[
                ("articles/a.md", &source),
                // Same sections: silent.
                ("articles/a.it.md", &translation("2026-10-01", "## Étapes\n\nTout.\n\n## Notes {audience=internal}\n\nS.\n\n## Revendeurs {audience=wholesale}\n\nR.\n")),
                // The internal marker was dropped: its text would be public.
                ("articles/a.fr.md", &translation("2026-10-01", "## Étapes\n\nTout.\n\n## Notes\n\nSecret.\n\n## Revendeurs {audience=wholesale}\n\nR.\n")),
                // An extra section.
                ("articles/a.de.md", &translation("2026-10-01", "## Schritte\n\n## Direkt {audience=direct}\n\n## Notizen {audience=internal}\n\n## Händler {audience=wholesale}\n")),
                // The last section is gone.
                ("articles/a.es.md", &translation("2026-10-01", "## Pasos\n\n## Notas {audience=internal}\n")),
            ],
        );
        let found = findings(&site, RULE.code);
        let described: Vec<(&str, u32, &str)> = found
            .iter()
            .map(|d| (d.file.as_str(), d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            described,
            [
                (
                    "articles/a.de.md",
                    7,
                    "this section for `direct` is not in the source"
                ),
                (
                    "articles/a.es.md",
                    1,
                    "the source's section for `wholesale` (line 16) is missing here"
                ),
                (
                    "articles/a.fr.md",
                    13,
                    "the source's section for `internal` (line 12) is missing here"
                ),
            ]
        );
    }
}
