//! `link-to-draft`: a published article links to an article marked `draft: true`, which the
//! live site does not have.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "link-to-draft",
    default_severity: Severity::Error,
    summary: "A published article links to a draft.",
    explanation: "Articles with `draft: true` are left out of the published site (they appear \
only in `kbpress build --drafts` and `kbpress serve` previews). A link from a published article \
to a draft works in the preview but leads readers to a \"page not found\" on the live site. \
Drafts may link to each other freely. Fix: publish the target (remove `draft: true` once it is \
ready), or remove the link until it is, or mark the linking article as a draft too.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    let mut found = Vec::new();
    for article in context.articles().filter(|a| !a.front_matter.draft) {
        for (link, path) in super::links_to_articles(article) {
            if !site
                .article(path)
                .is_some_and(|target| target.front_matter.draft)
            {
                continue;
            }
            found.push(
                super::in_body(&RULE, article, link.origin, link.span,
                    format!("link to `{}`: `{path}` is a draft, so the link would break on the live site", link.destination),
                )
                .with_help(format!("publish `{path}` (remove `draft: true`), or remove this link until it is published")),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    fn draft(body: &str) -> String {
        article(body).replace("reviewed:", "draft: true\nreviewed:")
    }

    #[test]
    fn reports_links_from_published_articles_to_drafts() {
        let site = kb(&[
            ("articles/new.md", &draft("## Steps\n")),
            (
                "articles/a.md",
                &article("## Steps\n\n1. Read [the new guide](new.md#steps).\n"),
            ),
        ]);
        let found = findings(&site, "link-to-draft");
        assert_eq!(
            positions(&site, "link-to-draft"),
            vec![("articles/a.md".into(), 10, 9)]
        );
        assert_eq!(
            found[0].message,
            "link to `new.md#steps`: `articles/new.md` is a draft, so the link would break on the live site"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("publish `articles/new.md` (remove `draft: true`), or remove this link until it is published")
        );
    }

    #[test]
    fn drafts_may_link_to_drafts_and_anyone_to_published_articles() {
        let site = kb(&[
            (
                "articles/new.md",
                &draft("## Steps\n\n[other draft](newer.md)\n"),
            ),
            (
                "articles/newer.md",
                &draft("## Steps\n\n[published](a.md)\n"),
            ),
            (
                "articles/a.md",
                &article("## Steps\n\n[published](b.md) ![picture of a draft](new.md)\n"),
            ),
            (
                "articles/b.md",
                &article("## Steps\n").replace("reviewed:", "draft: false\nreviewed:"),
            ),
        ]);
        assert!(findings(&site, "link-to-draft").is_empty());
    }
}
