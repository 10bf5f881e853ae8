//! `stale-translation`: the source article was reviewed after the review its translation
//! matches (`source_reviewed`).

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "stale-translation",
    default_severity: Severity::Warning,
    summary: "A translation matches an older review of its source article.",
    explanation: "A translation says which review of its source it matches: \
`source_reviewed: DATE`, the source's `reviewed` date when it was translated. When the source is \
reviewed again (its content changed, or was confirmed), the translation may no longer say the \
same thing, and readers in that language get outdated steps. Hosted KBs leave this flag to be set \
by hand; kbpress compares the dates on every check. Fix: see what changed in the source since \
(`git log -p --since=DATE -- PATH` shows it), update the translation, then set its \
`source_reviewed` to the source's `reviewed` date.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    let mut found = Vec::new();
    for translation in &site.translations {
        let Some(source) = site.article(&translation.source) else {
            continue;
        };
        let (Some(matched), Some(reviewed)) = (
            translation.article.front_matter.source_reviewed.as_ref(),
            source.front_matter.reviewed.as_ref(),
        ) else {
            continue;
        };
        if reviewed.value <= matched.value {
            continue;
        }
        found.push(
            Diagnostic::new(
                &RULE,
                &translation.article.path,
                matched.span,
                format!(
                    "this `{}` translation matches the review of {} of `{}`, which was reviewed again on {}",
                    translation.language, matched.value, source.path, reviewed.value
                ),
            )
            .with_help(format!(
                "see what changed with `git log -p --since={} -- {}`, update the translation, then set `source_reviewed: {}`",
                matched.value, source.path, reviewed.value
            )),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::*;

    #[test]
    fn an_older_source_review_is_reported_at_source_reviewed_with_both_dates() {
        // The source was reviewed on 2026-10-01 (`article`).
        let site = kb_with_config(
            LANGUAGES,
            &[
                ("articles/a.md", &article("## Steps\n")),
                ("articles/a.fr.md", &translation("2026-09-15", "## Steps\n")),
                ("articles/a.de.md", &translation("2026-10-01", "## Steps\n")),
            ],
        );
        assert_eq!(
            positions(&site, RULE.code),
            [("articles/a.fr.md".to_string(), 3, 18)]
        );
        let found = findings(&site, RULE.code);
        let message = &found[0].message;
        assert!(
            message.contains("2026-09-15") && message.contains("2026-10-01"),
            "{message}"
        );
        assert!(found[0]
            .help
            .as_deref()
            .unwrap()
            .contains("git log -p --since=2026-09-15 -- articles/a.md"));
        assert_eq!(found[0].severity, Severity::Warning);
    }
}
