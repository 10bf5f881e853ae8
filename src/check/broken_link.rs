//! `broken-link`: a relative link to an article or file that does not exist in the KB.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::markdown::{LinkKind, Target};
use crate::suggest::PathSuggester;

pub const RULE: Rule = Rule {
    code: "broken-link",
    default_severity: Severity::Error,
    summary: "A relative link points at an article or file that does not exist.",
    explanation: "Links between articles are relative paths to the Markdown file \
(`[refunds](../billing/refunds.md#fees)`), resolved against the folder of the article that \
contains them; kbpress rewrites them to the target's URL. A link to a file that does not exist \
(a typo, or an article that was moved or deleted), or one that climbs out of the KB folder, would \
be a dead link on the site. When an article has the same file name in another folder or case, or a name a typo away, the \
help names it as the link to write from this article (anchor kept). Fix: correct the path, \
or link to the article's new place (and add the old URL to its `aliases`). Images are checked by \
`missing-image`. In a snippet (`snippets/`), links resolve from the snippet's folder and are checked for \
every article that includes it; the same problem is one finding at the snippet's line, naming \
the including articles.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    let mut found = Vec::new();
    // Built on the first broken link: indexing 10,000 paths costs more than checking the
    // links of one edited article (serve rechecks only those).
    let mut suggester: Option<PathSuggester> = None;
    for article in context.bodies() {
        for link in article
            .body
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::Link)
        {
            let diagnostic = match &link.target {
                // Its own diagnostic (unsafe-symlink, unpublishable-name) says what is wrong.
                Target::Missing { path } if site.is_refused(path) => continue,
                Target::Missing { path } => {
                    let suggestion = suggester
                        .get_or_insert_with(|| {
                            PathSuggester::new(site.articles.iter().map(|a| a.path.as_str()))
                        })
                        .suggest(path);
                    let help = match suggestion {
                        Some(found) => format!(
                            "did you mean `{}`?",
                            suggested_link(
                                super::body_file(article, link.origin),
                                found,
                                &link.destination
                            )
                        ),
                        None if link.origin.is_article() => {
                            "paths are relative to this article's folder".into()
                        }
                        None => "paths in a snippet are relative to the snippet's folder".into(),
                    };
                    super::in_body(
                        &RULE,
                        article,
                        link.origin,
                        link.span,
                        format!("link to `{}`: `{path}` does not exist", link.destination),
                    )
                    .with_help(help)
                }
                Target::OutsideKb => super::in_body(
                    &RULE,
                    article,
                    link.origin,
                    link.span,
                    format!(
                        "link to `{}` points outside the KB folder",
                        link.destination
                    ),
                )
                .with_help("link to an article inside the KB, or use a full https:// URL"),
                _ => continue,
            };
            found.push(diagnostic);
        }
    }
    found
}

/// The link to write instead of `destination`: `found` relative to `article`, with the
/// destination's `#anchor` (or `?query`) kept, so that pasting it fixes the link.
pub(super) fn suggested_link(article: &str, found: &str, destination: &str) -> String {
    let mut link = crate::suggest::relative_link(article, found);
    if let Some(at) = destination.find(['#', '?']) {
        link.push_str(&destination[at..]);
    }
    link
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn reports_missing_targets_at_the_link() {
        let site = kb(&[
            ("articles/billing/refunds.md", &article("## Steps\n")),
            ("articles/support/a.md", &article("## Steps\n\nSee [refunds](../billing/refund.md) and [x](../../../etc/passwd).\n")),
        ]);
        let found = findings(&site, "broken-link");
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].line, found[0].column), (10, 5));
        assert_eq!(
            found[0].help.as_deref(),
            Some("did you mean `../billing/refunds.md`?")
        );
        assert!(found[1].message.contains("outside the KB"));
    }

    /// A suggestion is written the way the writer writes the link: relative to the article,
    /// from any depth, with the link's anchor, so pasting it works; and only when it is close.
    #[test]
    fn suggestions_are_relative_keep_the_anchor_and_are_only_close_ones() {
        let site = kb(&[
            ("articles/calling/set-up-call-forwarding.md", &article("## Steps\n")),
            ("articles/billing/refunds.md", &article("## Steps\n")),
            (
                "articles/billing/deep/a.md",
                &article("## Steps\n\n[f](../../set-up-call-forwarding.md#steps) [r](../Refund.md?x=1) [u](../invoices.md)\n"),
            ),
            ("articles/b.md", &article("## Steps\n\n[f](calling/set-up-call-fowarding.md)\n")),
        ]);
        let helps: Vec<_> = findings(&site, "broken-link")
            .into_iter()
            .map(|d| (d.file, d.help.unwrap()))
            .collect();
        assert_eq!(
            helps,
            [
                (
                    "articles/b.md".into(),
                    "did you mean `calling/set-up-call-forwarding.md`?".into()
                ),
                (
                    "articles/billing/deep/a.md".into(),
                    "did you mean `../../calling/set-up-call-forwarding.md#steps`?".into()
                ),
                (
                    "articles/billing/deep/a.md".into(),
                    "did you mean `../refunds.md?x=1`?".into()
                ),
                (
                    "articles/billing/deep/a.md".into(),
                    "paths are relative to this article's folder".into()
                ),
            ] as [(String, String); 4]
        );
    }

    #[test]
    fn valid_links_are_silent() {
        let site = kb(&[
            ("articles/billing/refunds.md", &article("## Steps\n")),
            ("articles/a.md", &article("## Steps\n\n[r](billing/refunds.md) [c](billing/) [e](https://example.com) [m](mailto:a@b.c)\n")),
        ]);
        assert!(findings(&site, "broken-link").is_empty());
    }
}
