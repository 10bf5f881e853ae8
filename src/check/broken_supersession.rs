//! `broken-supersession`: `superseded_by` names no article, an unpublished one, or one that is
//! itself superseded (a chain, or a cycle back to the article).

use super::Context;
use crate::audience::Readers;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::site::Life;
use crate::suggest::{relative_link, PathSuggester};

pub const RULE: Rule = Rule {
    code: "broken-supersession",
    default_severity: Severity::Error,
    summary: "`superseded_by` does not name a published article that replaces this one.",
    explanation: "`superseded_by: path/to/new.md` (a path relative to the article's folder, as \
in a link) retires an article: it is no longer published, and its URL and `aliases` redirect to \
the replacement. That only works when the replacement is an article of the KB that is published \
today: not a missing file, a draft, an article scheduled for later or expired, and not an \
article that is itself superseded. A chain (A replaced by B, B by C) sends readers through two \
redirects, and a cycle (A by B, B by A) leaves them nowhere. The replacement must also be for \
every audience that could read the old article, or their site has nothing to redirect to. Fix: point `superseded_by` at the \
last, published replacement (the help names it), or publish the replacement first.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    let today = context.today;
    let mut found = Vec::new();
    let mut suggester: Option<PathSuggester> = None;
    for article in context.articles() {
        let Some(written) = &article.front_matter.superseded_by else {
            continue;
        };
        let Some(path) = article.superseded_by() else {
            found.push(
                Diagnostic::new(
                    &RULE,
                    &article.path,
                    written.span,
                    format!(
                        "`superseded_by: {}` points outside the KB folder",
                        written.value
                    ),
                )
                .with_help("name the replacing article relative to this article's folder"),
            );
            continue;
        };
        let problem = match site.article(&path) {
            None => {
                let suggestion = suggester
                    .get_or_insert_with(|| {
                        PathSuggester::new(site.articles.iter().map(|a| a.path.as_str()))
                    })
                    .suggest(&path);
                let help = match suggestion {
                    Some(close) => {
                        format!("did you mean `{}`?", relative_link(&article.path, close))
                    }
                    None => "the path is relative to this article's folder, as in a link".into(),
                };
                (format!("`{path}` does not exist"), help)
            }
            Some(target) if target.path == article.path => (
                "an article cannot replace itself".into(),
                "name the article that replaces this one".into(),
            ),
            Some(target) => match target.life(today) {
                Life::Published => match unserved_audiences(site, article, target) {
                    None => continue,
                    Some(readers) => (
                        format!("`{path}` is not for {readers}, who can read this article: their site would have no page to redirect to"),
                        format!("add them to the `audience` of `{path}`, or name a replacement they can read"),
                    ),
                },
                Life::Draft => (
                    format!(
                        "`{path}` is a draft, so readers would be redirected to a missing page"
                    ),
                    format!("publish `{path}` first (remove `draft: true`)"),
                ),
                Life::Scheduled(date) => (
                    format!("`{path}` is not published before {date} (`publish_after`)"),
                    format!("publish this change on {date} too, or publish `{path}` first"),
                ),
                Life::Expired(date) => (
                    format!("`{path}` expired on {date}, so it is no longer published"),
                    "name an article that is published".into(),
                ),
                Life::Superseded(next) => {
                    superseded_target(site, today, &article.path, &path, next)
                }
            },
        };
        found.push(
            Diagnostic::new(
                &RULE,
                &article.path,
                written.span,
                format!("`superseded_by: {}`: {}", written.value, problem.0),
            )
            .with_help(problem.1),
        );
    }
    found
}

/// The audiences (as `` `a`, `b` ``) whose site shows `old` but not its `replacement`, if any.
fn unserved_audiences(
    site: &crate::site::Site,
    old: &crate::site::Article,
    replacement: &crate::site::Article,
) -> Option<String> {
    let config = &site.config;
    let unserved: Vec<String> = config
        .audiences
        .keys()
        .map(|id| Readers::Audience(id.clone()))
        .filter(|readers| {
            readers.sees_article(config, old) && !readers.sees_article(config, replacement)
        })
        .map(|readers| format!("`{}`", readers.name()))
        .collect();
    (!unserved.is_empty()).then(|| unserved.join(", "))
}

/// The message and help when the replacement `target` is itself superseded by `next`: follows
/// the chain to its end, or to where it comes back (a cycle).
fn superseded_target(
    site: &crate::site::Site,
    today: jiff::civil::Date,
    article: &str,
    target: &str,
    next: String,
) -> (String, String) {
    let mut chain = vec![article.to_string(), target.to_string()];
    let mut current = next;
    loop {
        if chain.contains(&current) {
            chain.push(current);
            let shown: Vec<String> = chain.iter().map(|p| format!("`{p}`")).collect();
            return (
                format!("a cycle of replacements: {}", shown.join(" -> ")),
                "end the cycle: the newest article of them must not have `superseded_by`".into(),
            );
        }
        chain.push(current.clone());
        match site.article(&current).map(|a| a.life(today)) {
            Some(Life::Superseded(after)) => current = after,
            Some(Life::Published) => {
                return (
                    format!("`{target}` is itself superseded by `{}`", chain[2]),
                    format!(
                        "point to the last replacement: `superseded_by: {}`",
                        relative_link(article, &current)
                    ),
                )
            }
            // The chain ends in something unpublished or missing: that article's own
            // finding says what; here, the chain is the problem.
            _ => {
                return (
                    format!("`{target}` is itself superseded by `{}`", chain[2]),
                    "point to a published article that is not superseded".into(),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    fn superseded(by: &str) -> String {
        article("## Steps\n").replace("reviewed:", &format!("superseded_by: {by}\nreviewed:"))
    }

    #[test]
    fn reports_a_missing_replacement_with_the_closest_path() {
        let site = kb(&[
            ("articles/billing/old.md", &superseded("new-refunds.md")),
            ("articles/billing/new-refund.md", &article("## Steps\n")),
        ]);
        let found = findings(&site, "broken-supersession");
        assert_eq!(
            positions(&site, "broken-supersession"),
            vec![("articles/billing/old.md".into(), 6, 16)]
        );
        assert_eq!(
            found[0].message,
            "`superseded_by: new-refunds.md`: `articles/billing/new-refunds.md` does not exist"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("did you mean `new-refund.md`?")
        );
    }

    #[test]
    fn reports_unpublished_replacements() {
        let site = kb(&[
            ("articles/a.md", &superseded("draft.md")),
            ("articles/b.md", &superseded("later.md")),
            ("articles/c.md", &superseded("gone.md")),
            ("articles/d.md", &superseded("d.md")),
            (
                "articles/draft.md",
                &article("## Steps\n").replace("reviewed:", "draft: true\nreviewed:"),
            ),
            (
                "articles/later.md",
                &article("## Steps\n").replace("reviewed:", "publish_after: 2027-01-01\nreviewed:"),
            ),
            (
                "articles/gone.md",
                &article("## Steps\n").replace("reviewed:", "expires: 2026-10-01\nreviewed:"),
            ),
        ]);
        let found = findings(&site, "broken-supersession");
        let messages: Vec<(&str, &str)> = found
            .iter()
            .map(|d| (d.message.as_str(), d.help.as_deref().unwrap()))
            .collect();
        assert_eq!(
            messages,
            [
                ("`superseded_by: draft.md`: `articles/draft.md` is a draft, so readers would be redirected to a missing page", "publish `articles/draft.md` first (remove `draft: true`)"),
                ("`superseded_by: later.md`: `articles/later.md` is not published before 2027-01-01 (`publish_after`)", "publish this change on 2027-01-01 too, or publish `articles/later.md` first"),
                ("`superseded_by: gone.md`: `articles/gone.md` expired on 2026-10-01, so it is no longer published", "name an article that is published"),
                ("`superseded_by: d.md`: an article cannot replace itself", "name the article that replaces this one"),
            ]
        );
    }

    #[test]
    fn reports_chains_and_cycles() {
        let site = kb(&[
            ("articles/v1.md", &superseded("v2.md")),
            ("articles/v2.md", &superseded("v3.md")),
            ("articles/v3.md", &article("## Steps\n")),
            ("articles/x.md", &superseded("y.md")),
            ("articles/y.md", &superseded("x.md")),
        ]);
        let found = findings(&site, "broken-supersession");
        let messages: Vec<(&str, u32, &str, &str)> = found
            .iter()
            .map(|d| {
                (
                    d.file.as_str(),
                    d.line,
                    d.message.as_str(),
                    d.help.as_deref().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            messages,
            [
                ("articles/v1.md", 6, "`superseded_by: v2.md`: `articles/v2.md` is itself superseded by `articles/v3.md`", "point to the last replacement: `superseded_by: v3.md`"),
                ("articles/x.md", 6, "`superseded_by: y.md`: a cycle of replacements: `articles/x.md` -> `articles/y.md` -> `articles/x.md`", "end the cycle: the newest article of them must not have `superseded_by`"),
                ("articles/y.md", 6, "`superseded_by: x.md`: a cycle of replacements: `articles/y.md` -> `articles/x.md` -> `articles/y.md`", "end the cycle: the newest article of them must not have `superseded_by`"),
            ]
        );
    }

    #[test]
    fn reports_a_replacement_some_readers_of_the_old_article_cannot_see() {
        let site = kb(&[
            ("articles/old.md", &superseded("new.md")),
            (
                "articles/new.md",
                &article("## Steps\n").replace("reviewed:", "audience: [direct]\nreviewed:"),
            ),
        ]);
        let found = findings(&site, "broken-supersession");
        assert_eq!(
            positions(&site, "broken-supersession"),
            vec![("articles/old.md".into(), 6, 16)]
        );
        assert_eq!(
            found[0].message,
            "`superseded_by: new.md`: `articles/new.md` is not for `wholesale`, who can read this article: their site would have no page to redirect to"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("add them to the `audience` of `articles/new.md`, or name a replacement they can read")
        );
    }

    #[test]
    fn a_path_out_of_the_kb_is_reported_and_the_article_still_retired() {
        let site = kb(&[("articles/a.md", &superseded("../../b.md"))]);
        let found = findings(&site, "broken-supersession");
        assert_eq!(
            positions(&site, "broken-supersession"),
            vec![("articles/a.md".into(), 6, 16)]
        );
        assert_eq!(
            found[0].message,
            "`superseded_by: ../../b.md` points outside the KB folder"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("name the replacing article relative to this article's folder")
        );
        let published = crate::site::Publication::on(today());
        assert!(!site.is_published(&site.articles[0], published));
    }

    #[test]
    fn a_published_replacement_is_silent() {
        let site = kb(&[
            ("articles/old.md", &superseded("new/refunds.md")),
            ("articles/new/refunds.md", &article("## Steps\n")),
        ]);
        assert!(findings(&site, "broken-supersession").is_empty());
    }
}
