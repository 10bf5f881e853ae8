//! `link-to-superseded`: a published article links to an article that `superseded_by` replaced;
//! the link still works (a redirect), but readers take a detour and the old anchor may be gone.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::site::Life;

pub const RULE: Rule = Rule {
    code: "link-to-superseded",
    default_severity: Severity::Warning,
    summary: "A published article links to an article that another one replaces.",
    explanation: "An article with `superseded_by: path/to/new.md` is no longer published: its URL \
(and its `aliases`) redirect to the replacement. A link to the old article still lands on the \
new one, but through a redirect, and an `#anchor` of the old article may not exist in the new \
one. Fix: link to the replacement the message names (the help gives the link to write from this \
article).",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let today = context.today;
    // Found first: most KBs supersede nothing, and then no link needs a look.
    let superseded = super::articles_by_life(context, |life| match life {
        // A replacement out of the KB is a `broken-supersession` error, with nothing to link
        // to instead.
        Life::Superseded(replacement) if !replacement.is_empty() => Some(replacement),
        _ => None,
    });
    if superseded.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for article in context.articles() {
        if !matches!(article.life(today), Life::Published | Life::Scheduled(_)) {
            continue;
        }
        for (link, path) in super::links_to_articles(article) {
            let Some(replacement) = superseded.get(path) else {
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
                        "link to `{}`: `{path}` is superseded by `{replacement}`",
                        link.destination
                    ),
                )
                .with_help(format!(
                    "link to the replacement: `{}`",
                    crate::suggest::relative_link(&article.path, replacement)
                )),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn reports_links_to_superseded_articles_naming_the_replacement() {
        let site = kb(&[
            (
                "articles/billing/old.md",
                &article("## Steps\n")
                    .replace("reviewed:", "superseded_by: ../payments/new.md\nreviewed:"),
            ),
            ("articles/payments/new.md", &article("## Steps\n")),
            (
                "articles/payments/a.md",
                &article("## Steps\n\nSee [refunds](../billing/old.md#steps).\n"),
            ),
        ]);
        let found = findings(&site, "link-to-superseded");
        assert_eq!(
            positions(&site, "link-to-superseded"),
            vec![("articles/payments/a.md".into(), 10, 5)]
        );
        assert_eq!(
            found[0].message,
            "link to `../billing/old.md#steps`: `articles/billing/old.md` is superseded by `articles/payments/new.md`"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("link to the replacement: `new.md`")
        );
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
    }

    #[test]
    fn links_to_current_articles_or_from_superseded_ones_are_silent() {
        let site = kb(&[
            (
                "articles/old.md",
                &article("## Steps\n\n[new](new.md) [older](older.md)\n")
                    .replace("reviewed:", "superseded_by: new.md\nreviewed:"),
            ),
            (
                "articles/older.md",
                &article("## Steps\n").replace("reviewed:", "superseded_by: new.md\nreviewed:"),
            ),
            ("articles/new.md", &article("## Steps\n")),
        ]);
        assert!(findings(&site, "link-to-superseded").is_empty());
    }
}
