//! `stale-snippet`: a snippet's `reviewed` date is older than `[check] max_review_age_days`.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "stale-snippet",
    default_severity: Severity::Warning,
    summary: "The snippet has not been reviewed for longer than `max_review_age_days`.",
    explanation: "A snippet is published in every article that includes it, so an outdated \
phone number or menu path in it is wrong in all of them. Its optional `reviewed` date follows \
the rule of `stale-article`: older than `max_review_age_days` (under `[check]` in site.toml, \
365 days by default) before today (`--today` or `SOURCE_DATE_EPOCH` when set) is stale. Fix: \
check the snippet against the product, correct it, and set `reviewed` to the date of the \
review.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    if context.only.is_some() {
        return Vec::new();
    }
    let limit = i64::from(context.site.config.check.max_review_age_days);
    let today = context.today;
    let mut found = Vec::new();
    for snippet in context.site.snippets.values() {
        let Some(reviewed) = &snippet.source.front_matter.reviewed else {
            continue;
        };
        let age = i64::from((today - reviewed.value).get_days());
        if age <= limit {
            continue;
        }
        found.push(
            Diagnostic::new(
                &RULE,
                &snippet.source.path,
                reviewed.span,
                format!(
                    "snippet last reviewed {age} days ago ({}); the limit is {limit} days",
                    reviewed.value
                ),
            )
            .with_help(format!(
                "check the snippet against the product, update it, and set `reviewed: {today}`"
            )),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn old_reviews_of_snippets_are_reported_at_the_date() {
        let site = kb(&[
            ("snippets/old.md", "---\nreviewed: 2025-10-31\n---\nOld.\n"),
            (
                "snippets/fresh.md",
                "---\nreviewed: 2025-11-01\n---\nFresh.\n",
            ),
            ("snippets/undated.md", "Undated.\n"),
            (
                "articles/a.md",
                &article("## Steps\n\n{{> old }}\n\n{{> fresh }}\n\n{{> undated }}\n"),
            ),
        ]);
        assert_eq!(
            positions(&site, "stale-snippet"),
            vec![("snippets/old.md".into(), 2, 11)]
        );
        assert_eq!(
            findings(&site, "stale-snippet")[0].message,
            "snippet last reviewed 366 days ago (2025-10-31); the limit is 365 days"
        );
    }
}
