//! `invalid-translation`: a translation's front matter cannot say what it translates: it is
//! unreadable or missing, lacks `source_reviewed`, or sets a field that comes from the source.

use super::Context;
use crate::diagnostic::{Diagnostic, Position, Rule, Severity, Span};
use crate::front_matter::Block;
use crate::site::{Translation, TRANSLATED_FIELDS};

pub const RULE: Rule = Rule {
    code: "invalid-translation",
    default_severity: Severity::Error,
    summary: "A translation's front matter is missing, broken, or sets a field of its source.",
    explanation: "A translation (`refunds.fr.md` beside `refunds.md`) starts with front matter \
that has `source_reviewed: DATE` (the source's `reviewed` date it matches, so kbpress can tell \
when it goes stale) and may translate `title`, `summary` and `tags`, or hold it back with \
`draft: true`. Everything else (type, products, roles, audiences, dates, slug, aliases, custom \
fields) comes from the source article: set there, it would be ignored, so it is refused rather \
than silently dropped. `source_reviewed` later than the source's `reviewed` is a typo. Fix: add \
`source_reviewed`, remove the other fields (change them in the source), or correct the date.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    let mut found = Vec::new();
    for translation in &site.translations {
        found.extend(problems(context, translation));
    }
    found
}

fn problems(context: &Context, translation: &Translation) -> Vec<Diagnostic> {
    let article = &translation.article;
    let at = |span: Span, message: String, help: &str| {
        Diagnostic::new(&RULE, &article.path, span, message).with_help(help)
    };
    let start = Span::point(Position::START);
    if let Some(reason) = &article.unreadable {
        return vec![at(
            start,
            format!("cannot be read: {reason}"),
            "save it as UTF-8 text",
        )];
    }
    match article.block {
        Block::Missing => {
            return vec![at(
                start,
                "a translation needs front matter that says which review of its source it matches".into(),
                "start it with `---`, `source_reviewed: YYYY-MM-DD` (the source's `reviewed`) and `---`",
            )]
        }
        Block::Unclosed => {
            return vec![at(
                start,
                "the front matter is not closed".into(),
                "end it with a line of `---`",
            )]
        }
        Block::Closed { .. } => {}
    }
    if let Some(error) = &article.yaml_error {
        let position = article.lines.position(&article.text, error.offset);
        return vec![at(
            Span::point(position),
            format!("the front matter is not valid YAML: {}", error.message),
            error.help.as_deref().unwrap_or("fix the YAML syntax"),
        )];
    }
    let front_matter = &article.front_matter;
    let mut found: Vec<Diagnostic> = (front_matter.problems.iter())
        .filter(|problem| TRANSLATED_FIELDS.contains(&problem.field.as_str()))
        .map(|problem| {
            let help = problem.help.as_deref().unwrap_or("fix the value");
            at(problem.span, problem.message.clone(), help)
        })
        .collect();
    for present in &front_matter.present {
        if TRANSLATED_FIELDS.contains(&present.name.as_str()) {
            continue;
        }
        found.push(at(
            present.span,
            format!("`{}` comes from the source article, `{}`", present.name, translation.source),
            "remove it here; change it in the source if it is wrong (a translation sets only title, summary, tags, draft and source_reviewed)",
        ));
    }
    let source = context.site.article(&translation.source);
    match (
        &front_matter.source_reviewed,
        source.and_then(|s| s.front_matter.reviewed.as_ref()),
    ) {
        (None, _) if !front_matter.has("source_reviewed") => found.push(at(
            start,
            "`source_reviewed` is missing: kbpress cannot tell whether this translation is stale"
                .into(),
            &format!(
                "add `source_reviewed: {}`, the source's `reviewed` date this translation matches",
                source
                    .and_then(|s| s.front_matter.reviewed.as_ref())
                    .map_or("YYYY-MM-DD".to_string(), |r| r.value.to_string())
            ),
        )),
        (Some(matched), Some(reviewed)) if matched.value > reviewed.value => found.push(at(
            matched.span,
            format!(
                "`source_reviewed` {} is later than the source's `reviewed` {}",
                matched.value, reviewed.value
            ),
            &format!(
                "set it to a review of the source, e.g. `source_reviewed: {}`",
                reviewed.value
            ),
        )),
        _ => {}
    }
    // An invalid `source_reviewed` value is in `problems` above.
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::*;

    #[test]
    fn front_matter_that_cannot_say_what_it_translates_is_reported() {
        let site = kb_with_config(
            LANGUAGES,
            &[
                ("articles/a.md", &article("## Steps\n")),
                (
                    "articles/a.fr.md",
                    "---\ntitle: Un article\ntype: how-to\napplies_to: [voice]\n---\n",
                ),
                ("articles/b.md", &article("## Steps\n")),
                ("articles/b.fr.md", "Pas de front matter.\n"),
                ("articles/c.md", &article("## Steps\n")),
                (
                    "articles/c.fr.md",
                    "---\ntitle: C\nsource_reviewed: 2027-01-01\n---\n",
                ),
                ("articles/d.md", &article("## Steps\n")),
                (
                    "articles/d.fr.md",
                    "---\ntitle: D\nsource_reviewed: hier\ntags: [x]\ndraft: true\n---\n",
                ),
                ("articles/e.md", &article("## Steps\n")),
                (
                    "articles/e.fr.md",
                    "---\ntitle: E\nsource_reviewed: 2026-10-01\n---\n",
                ),
            ],
        );
        let found = findings(&site, RULE.code);
        let described: Vec<(String, u32, &str)> = found
            .iter()
            .map(|d| {
                (
                    d.file.clone(),
                    d.line,
                    d.message.split(": ").next().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            described,
            [
                ("articles/a.fr.md".into(), 1, "`source_reviewed` is missing"),
                ("articles/a.fr.md".into(), 3, "`type` comes from the source article, `articles/a.md`"),
                ("articles/a.fr.md".into(), 4, "`applies_to` comes from the source article, `articles/a.md`"),
                ("articles/b.fr.md".into(), 1, "a translation needs front matter that says which review of its source it matches"),
                ("articles/c.fr.md".into(), 3, "`source_reviewed` 2027-01-01 is later than the source's `reviewed` 2026-10-01"),
                // An invalid date: its own message, and nothing about it missing.
                ("articles/d.fr.md".into(), 3, "`source_reviewed` must be a date like 2026-10-02, not `hier`"),
            ]
        );
        assert!(found[0]
            .help
            .as_deref()
            .unwrap()
            .contains("source_reviewed: 2026-10-01"));
    }
}
