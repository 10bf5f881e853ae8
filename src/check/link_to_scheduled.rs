//! `link-to-scheduled`: an article links to one whose `publish_after` is later than the day the
//! linking article is published, so the link would lead nowhere until then.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::site::Life;

pub const RULE: Rule = Rule {
    code: "link-to-scheduled",
    default_severity: Severity::Error,
    summary: "A published article links to an article scheduled for later.",
    explanation: "An article with `publish_after: DATE` is left out of every build before that \
date (it shows only in `kbpress serve` and `build --drafts` previews, marked \"Scheduled\"). A \
published article linking to it would send readers to a \"page not found\" until the date. The \
same holds for a scheduled article linking to one scheduled later still. Fix: remove the link \
until the target is published, or schedule the linking article (or its new paragraph) for the \
same date with `publish_after`.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let today = context.today;
    // Found first: most KBs schedule nothing, and then no link needs a look.
    let scheduled = super::articles_by_life(context, |life| match life {
        Life::Scheduled(date) => Some(date),
        _ => None,
    });
    if scheduled.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for article in context.articles() {
        // The day the linking article goes out: today, or its own `publish_after`.
        let published_on = match article.life(today) {
            Life::Published => today,
            Life::Scheduled(date) => date,
            Life::Draft | Life::Expired(_) | Life::Superseded(_) => continue,
        };
        for (link, path) in super::links_to_articles(article) {
            let Some(&date) = scheduled.get(path) else {
                continue;
            };
            if date <= published_on {
                continue;
            }
            found.push(
                // A link in a snippet is reported at the snippet's line.
                super::in_body(
                    &RULE,
                    article,
                    link.origin,
                    link.span,
                    format!(
                        "link to `{}`: `{path}` is not published before {date} (`publish_after`), so the link would break until then",
                        link.destination
                    ),
                )
                .with_help(format!(
                    "remove this link until {date}, or publish this article then too (`publish_after: {date}`)"
                )),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    fn scheduled(date: &str, body: &str) -> String {
        article(body).replace("reviewed:", &format!("publish_after: {date}\nreviewed:"))
    }

    #[test]
    fn reports_links_to_articles_published_later_than_the_linking_one() {
        // Today is 2026-11-01.
        let site = kb(&[
            ("articles/new.md", &scheduled("2026-12-01", "## Steps\n")),
            (
                "articles/a.md",
                &article("## Steps\n\n1. Read [the new guide](new.md#steps).\n"),
            ),
            (
                "articles/soon.md",
                &scheduled("2026-11-15", "## Steps\n\nSee [new](new.md).\n"),
            ),
        ]);
        let found = findings(&site, "link-to-scheduled");
        assert_eq!(
            positions(&site, "link-to-scheduled"),
            vec![
                ("articles/a.md".into(), 10, 9),
                ("articles/soon.md".into(), 11, 5)
            ]
        );
        assert_eq!(
            found[0].message,
            "link to `new.md#steps`: `articles/new.md` is not published before 2026-12-01 (`publish_after`), so the link would break until then"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("remove this link until 2026-12-01, or publish this article then too (`publish_after: 2026-12-01`)")
        );
    }

    #[test]
    fn links_to_articles_already_out_or_out_first_are_silent() {
        let site = kb(&[
            ("articles/past.md", &scheduled("2026-11-01", "## Steps\n")),
            ("articles/new.md", &scheduled("2026-12-01", "## Steps\n")),
            ("articles/a.md", &article("## Steps\n\n[past](past.md)\n")),
            (
                "articles/same-day.md",
                &scheduled("2026-12-01", "## Steps\n\n[new](new.md)\n"),
            ),
            (
                "articles/draft.md",
                &article("## Steps\n\n[new](new.md)\n")
                    .replace("reviewed:", "draft: true\nreviewed:"),
            ),
        ]);
        assert!(findings(&site, "link-to-scheduled").is_empty());
    }
}
