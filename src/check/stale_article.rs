//! `stale-article`: the `reviewed` date is more than `[check] max_review_age_days` before today.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "stale-article",
    default_severity: Severity::Warning,
    summary: "The article has not been reviewed for longer than `max_review_age_days`.",
    explanation: "Products change: menus move, prices and limits change, features are renamed. \
The `reviewed` date records when someone last checked the article against the product, and an \
article not reviewed within `max_review_age_days` (under `[check]` in site.toml, 365 days by \
default) may be giving readers wrong answers. \"Today\" comes from `--today` or \
`SOURCE_DATE_EPOCH` when set, so CI results do not change overnight. Fix: check the article \
against the current product, correct it, and set `reviewed` to the date of the review; make this \
an error with `stale-article = \"error\"` under `[check.severity]`.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let limit = i64::from(context.site.config.check.max_review_age_days);
    let today = context.today;
    let mut found = Vec::new();
    for article in context.articles() {
        // A superseded or expired article is in no build: its replacement is what to review
        // (and `expiring-article` already reports an expired one).
        if matches!(
            article.life(today),
            crate::site::Life::Superseded(_) | crate::site::Life::Expired(_)
        ) {
            continue;
        }
        let Some(reviewed) = &article.front_matter.reviewed else {
            continue;
        };
        // Dates in the future are `invalid-field` errors.
        let age = i64::from((today - reviewed.value).get_days());
        if age <= limit {
            continue;
        }
        found.push(
            Diagnostic::new(
                &RULE,
                &article.path,
                reviewed.span,
                format!(
                    "last reviewed {} days ago ({}); the limit is {limit} days",
                    age, reviewed.value
                ),
            )
            .with_help(format!(
                "check the article against the product, update it, and set `reviewed: {today}`"
            )),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    fn reviewed(date: &str) -> String {
        article("## Steps\n").replace("2026-10-01", date)
    }

    #[test]
    fn reports_reviews_older_than_the_limit_at_the_date() {
        let site = kb(&[
            ("articles/a.md", &reviewed("2025-10-31")),
            ("articles/b.md", &reviewed("2024-02-29")),
        ]);
        let found = findings(&site, "stale-article");
        assert_eq!(
            positions(&site, "stale-article"),
            vec![
                ("articles/a.md".into(), 6, 11),
                ("articles/b.md".into(), 6, 11)
            ]
        );
        assert_eq!(
            found[0].message,
            "last reviewed 366 days ago (2025-10-31); the limit is 365 days"
        );
        assert_eq!(
            found[1].message,
            "last reviewed 976 days ago (2024-02-29); the limit is 365 days"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "check the article against the product, update it, and set `reviewed: 2026-11-01`"
            )
        );
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
    }

    #[test]
    fn the_limit_comes_from_site_toml_and_drafts_count_too() {
        let site = kb_with_config(
            "[check]\nmax_review_age_days = 30\n",
            &[(
                "articles/a.md",
                &reviewed("2026-10-01").replace("reviewed:", "draft: true\nreviewed:"),
            )],
        );
        let found = findings(&site, "stale-article");
        assert_eq!(
            found[0].message,
            "last reviewed 31 days ago (2026-10-01); the limit is 30 days"
        );
        assert_eq!((found[0].line, found[0].column), (7, 11));
    }

    #[test]
    fn reviews_within_the_limit_or_in_the_future_are_silent() {
        let site = kb(&[
            ("articles/a.md", &reviewed("2025-11-01")),
            ("articles/b.md", &reviewed("2026-11-01")),
            ("articles/c.md", &reviewed("2027-01-01")),
            ("articles/d.md", &reviewed("2026-13-01")),
            (
                "articles/e.md",
                &reviewed("2020-01-01").replace("reviewed:", "superseded_by: a.md\nreviewed:"),
            ),
            (
                "articles/f.md",
                &reviewed("2020-01-01").replace("reviewed:", "expires: 2026-01-01\nreviewed:"),
            ),
        ]);
        assert!(findings(&site, "stale-article").is_empty());
    }
}
