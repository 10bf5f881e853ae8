//! `expiring-article`: an article's `expires` date is within 30 days, or has passed (the
//! article is then left out of every build).

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

/// How many days before `expires` the warning starts (and `kbpress review` lists it).
pub const NOTICE_DAYS: i64 = 30;

pub const RULE: Rule = Rule {
    code: "expiring-article",
    default_severity: Severity::Warning,
    summary: "The article expires within 30 days, or has expired and is no longer published.",
    explanation: "`expires: DATE` takes an article out of every build from that date on: a \
promotion, a version at its end of support, a workaround until a fix ships. From 30 days before, \
kbpress warns, so the owner can decide in time: let it go (and fix the links to it, which become \
`link-to-expired` errors), or check it is still true and move or remove `expires`. Once expired, \
the warning stays until the file is deleted or the date changes. \"Today\" comes from `--today` \
or `SOURCE_DATE_EPOCH` when set.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let today = context.today;
    let mut found = Vec::new();
    for article in context.articles() {
        let Some(expires) = &article.front_matter.expires else {
            continue;
        };
        let date = expires.value;
        let days_left = i64::from((date - today).get_days());
        let diagnostic = if days_left <= 0 {
            Diagnostic::new(
                &RULE,
                &article.path,
                expires.span,
                format!("expired on {date}: the article is left out of every build"),
            )
            .with_help("delete the article, or if it is still true, move or remove `expires`")
        } else if days_left <= NOTICE_DAYS {
            let days = if days_left == 1 { "day" } else { "days" };
            Diagnostic::new(
                &RULE,
                &article.path,
                expires.span,
                format!("expires in {days_left} {days} ({date}): from then on it is left out of every build"),
            )
            .with_help("let it expire (and update the articles that link to it), or if it stays true, move or remove `expires`")
        } else {
            continue;
        };
        found.push(diagnostic);
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    fn expiring(date: &str) -> String {
        article("## Steps\n").replace("reviewed:", &format!("expires: {date}\nreviewed:"))
    }

    #[test]
    fn warns_from_thirty_days_before_and_after_expiry_at_the_date() {
        // Today is 2026-11-01.
        let site = kb(&[
            ("articles/a.md", &expiring("2026-12-01")),
            ("articles/b.md", &expiring("2026-11-02")),
            ("articles/c.md", &expiring("2026-11-01")),
        ]);
        let found = findings(&site, "expiring-article");
        assert_eq!(
            positions(&site, "expiring-article"),
            vec![
                ("articles/a.md".into(), 6, 10),
                ("articles/b.md".into(), 6, 10),
                ("articles/c.md".into(), 6, 10),
            ]
        );
        assert_eq!(
            found[0].message,
            "expires in 30 days (2026-12-01): from then on it is left out of every build"
        );
        assert_eq!(
            found[1].message,
            "expires in 1 day (2026-11-02): from then on it is left out of every build"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("let it expire (and update the articles that link to it), or if it stays true, move or remove `expires`")
        );
        assert_eq!(
            found[2].message,
            "expired on 2026-11-01: the article is left out of every build"
        );
        assert_eq!(
            found[2].help.as_deref(),
            Some("delete the article, or if it is still true, move or remove `expires`")
        );
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
    }

    #[test]
    fn articles_expiring_in_more_than_thirty_days_are_silent() {
        let site = kb(&[
            ("articles/a.md", &expiring("2026-12-02")),
            ("articles/b.md", &article("## Steps\n")),
        ]);
        assert!(findings(&site, "expiring-article").is_empty());
    }
}
