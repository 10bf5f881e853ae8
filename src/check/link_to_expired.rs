//! `link-to-expired`: a published article links to one whose `expires` date has passed, which
//! builds leave out.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::site::Life;

pub const RULE: Rule = Rule {
    code: "link-to-expired",
    default_severity: Severity::Error,
    summary: "A published article links to an expired article.",
    explanation: "An article with `expires: DATE` is left out of every build from that date on \
(a promotion that ended, a version no longer supported). A published article that still links \
to it sends readers to a \"page not found\". Fix: link to what replaces it, or remove the link; \
if the expired article is still true, move its `expires` date or remove the field (and give it \
a review).",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let today = context.today;
    // Found first: in most KBs nothing has expired, and then no link needs a look.
    let expired = super::articles_by_life(context, |life| match life {
        Life::Expired(date) => Some(date),
        _ => None,
    });
    if expired.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for article in context.articles() {
        if !matches!(article.life(today), Life::Published | Life::Scheduled(_)) {
            continue;
        }
        for (link, path) in super::links_to_articles(article) {
            let Some(&date) = expired.get(path) else {
                continue;
            };
            found.push(
                // A link in a snippet is reported at the snippet's line.
                super::in_body(
                    &RULE,
                    article,
                    link.origin,
                    link.span,
                    format!(
                        "link to `{}`: `{path}` expired on {date} (`expires`), so it is no longer published",
                        link.destination
                    ),
                )
                .with_help(format!(
                    "link to what replaces it or remove the link; if `{path}` is still true, move or remove its `expires`"
                )),
            );
        }
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
    fn reports_links_to_articles_expired_today_or_before() {
        // Today is 2026-11-01.
        let site = kb(&[
            ("articles/offer.md", &expiring("2026-11-01")),
            (
                "articles/a.md",
                &article("## Steps\n\nSee [the offer](offer.md).\n"),
            ),
        ]);
        let found = findings(&site, "link-to-expired");
        assert_eq!(
            positions(&site, "link-to-expired"),
            vec![("articles/a.md".into(), 10, 5)]
        );
        assert_eq!(
            found[0].message,
            "link to `offer.md`: `articles/offer.md` expired on 2026-11-01 (`expires`), so it is no longer published"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("link to what replaces it or remove the link; if `articles/offer.md` is still true, move or remove its `expires`")
        );
    }

    /// A snippet's link is reported at the snippet's line (paths from the snippet's folder),
    /// naming the article that includes it.
    #[test]
    fn a_link_in_a_snippet_is_reported_at_the_snippet() {
        let site = kb(&[
            ("articles/offer.md", &expiring("2026-11-01")),
            (
                "articles/a.md",
                &article("## Steps\n\nIntro.\n\n{{> deals }}\n"),
            ),
            (
                "snippets/deals.md",
                "Line one.\n\nSee [the offer](../articles/offer.md).\n",
            ),
        ]);
        assert_eq!(
            positions(&site, "link-to-expired"),
            vec![("snippets/deals.md".into(), 3, 5)]
        );
        let found = findings(&site, "link-to-expired");
        assert_eq!(found[0].included_by, vec!["articles/a.md".to_string()]);
    }

    #[test]
    fn links_to_articles_expiring_later_or_from_unpublished_ones_are_silent() {
        let site = kb(&[
            ("articles/offer.md", &expiring("2026-11-02")),
            ("articles/old.md", &expiring("2026-10-01")),
            ("articles/a.md", &article("## Steps\n\n[offer](offer.md)\n")),
            (
                "articles/b.md",
                &article("## Steps\n\n[old](old.md)\n")
                    .replace("reviewed:", "draft: true\nreviewed:"),
            ),
        ]);
        assert!(findings(&site, "link-to-expired").is_empty());
    }
}
