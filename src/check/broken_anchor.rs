//! `broken-anchor`: a link to `#anchor` in the same article, or to `article.md#anchor`, where
//! the target has no heading with that id.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::front_matter::Block;
use crate::markdown::{Body, LinkKind, Target};
use crate::suggest::closest;

pub const RULE: Rule = Rule {
    code: "broken-anchor",
    default_severity: Severity::Error,
    summary: "A link's `#anchor` matches no heading in the target article.",
    explanation: "A link can jump to a section: `#steps` in the same article, or \
`../billing/refunds.md#fees` in another. The anchor must be the id of a heading in the target, \
made like GitHub does: lowercase, spaces become `-`, punctuation is dropped (`## Step 2: Assign \
the role` is `#step-2-assign-the-role`; a second `## Steps` is `#steps-1`), or an explicit id \
written as `## Fees {#fees}`. When a heading is renamed, links to its old anchor silently land at \
the top of the page. The help names the closest existing anchor. Fix: use the heading's current \
id, or give the heading an explicit `{#id}` that survives renames. In a snippet (`snippets/`), links resolve from the snippet's folder and are checked for \
every article that includes it; the same problem is one finding at the snippet's line, naming \
the including articles.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    let mut found = Vec::new();
    for article in context.articles() {
        for link in article
            .body
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::Link)
        {
            let (target, fragment) = match &link.target {
                Target::SamePage { fragment } => (article, fragment),
                Target::Article {
                    path,
                    fragment: Some(fragment),
                } => match site.article(path) {
                    Some(target) => (target, fragment),
                    None => continue,
                },
                _ => continue,
            };
            // Without a readable body the target's own problems are reported elsewhere.
            if target.unreadable.is_some() || !matches!(target.block, Block::Closed { .. }) {
                continue;
            }
            if is_top_of_page(fragment) || target.body.has_anchor(fragment) {
                continue;
            }
            let page = if std::ptr::eq(target, article) {
                "this article".to_string()
            } else {
                format!("`{}`", target.path)
            };
            found.push(
                super::in_body(
                    &RULE,
                    article,
                    link.origin,
                    link.span,
                    format!(
                        "link to `{}`: {page} has no heading with the id `{fragment}`",
                        link.destination
                    ),
                )
                .with_help(help(&target.body, fragment)),
            );
        }
    }
    found
}

/// `#` alone and `#top` scroll to the top of the page in every browser.
fn is_top_of_page(fragment: &str) -> bool {
    fragment.is_empty() || fragment.eq_ignore_ascii_case("top")
}

fn help(body: &Body, fragment: &str) -> String {
    if let Some(id) = closest(fragment, body.headings.iter().map(|h| h.id.as_str())) {
        return format!("did you mean `#{id}`?");
    }
    const LISTED: usize = 8;
    let ids: Vec<String> = body
        .headings
        .iter()
        .take(LISTED)
        .map(|h| format!("`#{}`", h.id))
        .collect();
    match ids.len() {
        0 => "the target has no headings; link to the article without `#`".into(),
        _ if body.headings.len() > LISTED => format!("its anchors include {}, ...", ids.join(", ")),
        _ => format!("its anchors are {}", ids.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn reports_unknown_anchors_here_and_in_other_articles() {
        let site = kb(&[
            ("articles/billing/refunds.md", &article("## Steps\n\n## Refund fees\n")),
            (
                "articles/a.md",
                &article("## Steps\n\nSee [fees](billing/refunds.md#refund-fee) and [here](#step).\n\n[x](billing/refunds.md#zzz)\n"),
            ),
        ]);
        let found = findings(&site, "broken-anchor");
        let summary: Vec<_> = found
            .iter()
            .map(|d| {
                (
                    d.line,
                    d.column,
                    d.message.as_str(),
                    d.help.as_deref().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    10,
                    5,
                    "link to `billing/refunds.md#refund-fee`: `articles/billing/refunds.md` has no heading with the id `refund-fee`",
                    "did you mean `#refund-fees`?"
                ),
                (10, 47, "link to `#step`: this article has no heading with the id `step`", "did you mean `#steps`?"),
                (
                    12,
                    1,
                    "link to `billing/refunds.md#zzz`: `articles/billing/refunds.md` has no heading with the id `zzz`",
                    "its anchors are `#steps`, `#refund-fees`"
                ),
            ]
        );
    }

    #[test]
    fn unicode_explicit_duplicate_and_encoded_anchors_resolve() {
        let site = kb(&[
            ("articles/b.md", &article("## Steps\n\n## Día de pago\n\n## Steps\n\n## Fees {#fees}\n")),
            (
                "articles/a.md",
                &article(
                    "## Steps\n\n[a](b.md#día-de-pago) [b](b.md#d%C3%ADa-de-pago) [c](b.md#steps-1) [d](b.md#fees) \
                     [e](#steps) [f](#) [g](#top) [h](b.md) ![i](b.md#nope)\n",
                ),
            ),
        ]);
        assert!(findings(&site, "broken-anchor").is_empty());
    }

    #[test]
    fn anchors_are_case_sensitive_like_browsers() {
        let site = kb(&[(
            "articles/a.md",
            &article("## Día de pago\n\n[a](#Día-de-pago)\n"),
        )]);
        let found = findings(&site, "broken-anchor");
        assert_eq!(
            positions(&site, "broken-anchor"),
            vec![("articles/a.md".into(), 10, 1)]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("did you mean `#día-de-pago`?")
        );
    }

    #[test]
    fn ids_and_names_in_raw_html_are_anchors() {
        let site = kb(&[(
            "articles/a.md",
            &article("## Steps\n\n<a id=\"ex3\"></a>Example 3 <a name=\"old\"></a> <span id=\"s\" onclick=\"x\">y</span>\n\n[a](#ex3) [b](#old) [c](#s) [d](#ex4)\n"),
        )]);
        let found = findings(&site, "broken-anchor");
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec!["link to `#ex4`: this article has no heading with the id `ex4`"]
        );
    }
}
