//! `orphan-translation`: a translation (`refunds.fr.md`) whose source article (`refunds.md`)
//! does not exist.

use super::Context;
use crate::diagnostic::{Diagnostic, Position, Rule, Severity, Span};

pub const RULE: Rule = Rule {
    code: "orphan-translation",
    default_severity: Severity::Error,
    summary: "A translation has no source article beside it.",
    explanation: "A translation lives beside the article it translates and is named after it: \
`refunds.fr.md` translates `refunds.md` into the language `fr` of `[languages]`. It takes its \
source's URL, type, products and audiences, so without a source it cannot be published and would \
be lost silently. It usually happens when the source was renamed, moved or deleted. Fix: rename \
the translation after its source (and move it beside it), or delete it with its source.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    (site.translations.iter())
        .filter(|translation| site.article(&translation.source).is_none())
        .map(|translation| {
            let name = translation.source.rsplit('/').next().unwrap_or_default();
            Diagnostic::new(
                &RULE,
                &translation.article.path,
                Span::point(Position::START),
                format!(
                    "this `{}` translation has no source: `{}` does not exist",
                    translation.language, translation.source
                ),
            )
            .with_help(format!(
                "rename it after the article it translates (`{name}` -> `NAME.{}.md` beside `NAME.md`), or delete it",
                translation.language
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::*;

    #[test]
    fn a_translation_without_its_source_is_reported_once_at_its_start() {
        let site = kb_with_config(
            LANGUAGES,
            &[
                ("articles/a.md", &article("## Steps\n")),
                (
                    "articles/a.fr.md",
                    "---\ntitle: A\nsource_reviewed: 2026-10-01\n---\n",
                ),
                (
                    "articles/gone.fr.md",
                    "---\ntitle: G\nsource_reviewed: 2026-10-01\n---\n",
                ),
            ],
        );
        assert_eq!(
            positions(&site, RULE.code),
            [("articles/gone.fr.md".to_string(), 1, 1)]
        );
        let found = findings(&site, RULE.code);
        assert!(
            found[0]
                .message
                .contains("`articles/gone.md` does not exist"),
            "{}",
            found[0].message
        );
    }
}
