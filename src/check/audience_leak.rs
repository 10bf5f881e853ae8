//! `audience-leak`: a link shown to readers of an audience that cannot see its target: an
//! article not published to them, or a heading inside an audience section not meant for them.

use super::Context;
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::markdown::{LinkKind, Target};
use crate::site::Article;

pub const RULE: Rule = Rule {
    code: "audience-leak",
    default_severity: Severity::Error,
    summary: "A link is shown to readers who cannot see what it points at.",
    explanation: "Articles and sections can be limited to audiences (`audience: [wholesale]`, \
`## Reseller pricing {audience=wholesale}`), and each audience's site only contains what it may \
see. A link that direct customers can see, pointing at a wholesale-only article or section, is a \
dead link for them and reveals that the hidden page exists. The readers of a link are the \
article's audiences (every non-internal audience when it has no `audience` list), narrowed by \
the audience section the link is in (a link in an included snippet: by the section around the \
include, the snippet's `audience` and its own sections); internal audiences see everything and \
never leak. Fix: move \
the link into a section for the audiences that can see the target, or publish the target to the \
readers named in the message.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    let config = &site.config;
    let mut found = Vec::new();
    for article in context.articles() {
        let readers = public_readers(article, config);
        if readers.is_empty() {
            continue;
        }
        for link in article
            .body
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::Link)
        {
            let (target, fragment) = match &link.target {
                Target::SamePage { fragment } => (article, Some(fragment)),
                Target::Article { path, fragment } => match site.article(path) {
                    Some(target) => (target, fragment.as_ref()),
                    None => continue,
                },
                _ => continue,
            };
            let link_readers: Vec<&str> = match &link.section_audiences {
                Some(section) => readers
                    .iter()
                    .copied()
                    .filter(|r| section.iter().any(|s| s == r))
                    .collect(),
                None => readers.clone(),
            };
            if !std::ptr::eq(target, article) {
                let allowed = target.audiences(config);
                let blind: Vec<&str> = link_readers
                    .iter()
                    .copied()
                    .filter(|r| !allowed.contains(r))
                    .collect();
                if !blind.is_empty() {
                    let message = format!(
                        "link to `{}`: readers in {} cannot see `{}`, which is for {}",
                        link.destination,
                        list(&blind),
                        target.path,
                        or_none(&allowed)
                    );
                    let help = format!(
                        "restrict this link to an audience section for {} (`## Heading {}`), or publish `{}` to {} (add them to its `audience`)",
                        or_none(&allowed),
                        marker(&allowed),
                        target.path,
                        list(&blind)
                    );
                    found.push(
                        super::in_body(&RULE, article, link.origin, link.span, message)
                            .with_help(help)
                            .with_audiences(&blind),
                    );
                    continue;
                }
            }
            let Some(fragment) = fragment else { continue };
            let Some(heading) = target.body.headings.iter().find(|h| h.id == *fragment) else {
                continue;
            };
            let Some(section) = &heading.section_audiences else {
                continue;
            };
            let blind: Vec<&str> = link_readers
                .iter()
                .copied()
                .filter(|r| !section.iter().any(|s| s == r))
                .collect();
            if blind.is_empty() {
                continue;
            }
            let section: Vec<&str> = section.iter().map(String::as_str).collect();
            let place = if std::ptr::eq(target, article) {
                String::new()
            } else {
                format!(" of `{}`", target.path)
            };
            let message = format!(
                "link to `{}`: readers in {} cannot see the section `#{fragment}`{place}, which is for {}",
                link.destination,
                list(&blind),
                or_none(&section)
            );
            let help = format!(
                "restrict this link to an audience section for {} (`## Heading {}`), or publish the section to {}",
                or_none(&section),
                marker(&section),
                list(&blind)
            );
            found.push(
                super::in_body(&RULE, article, link.origin, link.span, message)
                    .with_help(help)
                    .with_audiences(&blind),
            );
        }
    }
    found
}

/// The declared, non-internal audiences that read this article: the only ones that can leak.
fn public_readers<'a>(article: &'a Article, config: &'a SiteConfig) -> Vec<&'a str> {
    let mut readers: Vec<&str> = Vec::new();
    for id in article.audiences(config) {
        let public = config.audiences.get(id).is_some_and(|a| !a.internal);
        if public && !readers.contains(&id) {
            readers.push(id);
        }
    }
    readers
}

/// `` `direct`, `wholesale` ``
fn list(ids: &[&str]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn or_none(ids: &[&str]) -> String {
    if ids.is_empty() {
        "no audience".into()
    } else {
        list(ids)
    }
}

/// The section marker for these audiences: `{audience=direct,wholesale}`.
fn marker(ids: &[&str]) -> String {
    format!("{{audience={}}}", ids.join(","))
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    fn for_audience(audience: &str, body: &str) -> String {
        article(body).replace("reviewed:", &format!("audience: [{audience}]\nreviewed:"))
    }

    #[test]
    fn links_to_articles_hidden_from_some_readers() {
        let site = kb(&[
            ("articles/staff.md", &for_audience("internal", "## Steps\n")),
            ("articles/resellers.md", &for_audience("wholesale", "## Steps\n")),
            (
                "articles/a.md",
                &article("## Steps\n\nSee [notes](staff.md) and [pricing](resellers.md#steps).\n\n## Partners {audience=wholesale}\n\n[pricing](resellers.md)\n"),
            ),
        ]);
        let found = findings(&site, "audience-leak");
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
                    "link to `staff.md`: readers in `direct`, `wholesale` cannot see `articles/staff.md`, which is for `internal`",
                    "restrict this link to an audience section for `internal` (`## Heading {audience=internal}`), or publish `articles/staff.md` to `direct`, `wholesale` (add them to its `audience`)"
                ),
                (
                    10,
                    27,
                    "link to `resellers.md#steps`: readers in `direct` cannot see `articles/resellers.md`, which is for `wholesale`",
                    "restrict this link to an audience section for `wholesale` (`## Heading {audience=wholesale}`), or publish `articles/resellers.md` to `direct` (add them to its `audience`)"
                ),
            ]
        );
    }

    #[test]
    fn links_to_headings_in_audience_sections() {
        let site = kb(&[
            ("articles/b.md", &article("## Steps\n\n### Reseller fees {audience=wholesale}\n\n#### Details\n")),
            (
                "articles/a.md",
                &article("## Steps\n\n[fees](b.md#details)\n\n[here](#partner-prices)\n\n## Partner prices {audience=wholesale}\n\n[fees](b.md#reseller-fees) [up](#partner-prices)\n"),
            ),
        ]);
        let found = findings(&site, "audience-leak");
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
                    1,
                    "link to `b.md#details`: readers in `direct` cannot see the section `#details` of `articles/b.md`, which is for `wholesale`",
                    "restrict this link to an audience section for `wholesale` (`## Heading {audience=wholesale}`), or publish the section to `direct`"
                ),
                (
                    12,
                    1,
                    "link to `#partner-prices`: readers in `direct` cannot see the section `#partner-prices`, which is for `wholesale`",
                    "restrict this link to an audience section for `wholesale` (`## Heading {audience=wholesale}`), or publish the section to `direct`"
                ),
            ]
        );
    }

    #[test]
    fn readers_who_can_see_the_target_are_silent() {
        let site = kb(&[
            ("articles/staff.md", &for_audience("internal", "## Steps\n\n[public](public.md) [reseller](resellers.md)\n")),
            ("articles/resellers.md", &for_audience("wholesale, direct", "## Steps\n")),
            ("articles/public.md", &article("## Steps\n\n### Fees {audience=direct,wholesale}\n")),
            (
                "articles/a.md",
                &for_audience(
                    "direct",
                    "## Steps\n\n[r](resellers.md) [f](public.md#fees)\n\n## Staff {audience=internal}\n\n[notes](staff.md)\n",
                ),
            ),
        ]);
        assert!(
            findings(&site, "audience-leak").is_empty(),
            "{:#?}",
            findings(&site, "audience-leak")
        );
    }
}
