//! `broken-site-link`: a link from the host's root (`/kb/billing/refunds/`) inside the site's
//! base path that matches nothing the build writes.

use super::site_paths::SitePaths;
use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::markdown::{LinkKind, Target};

pub const RULE: Rule = Rule {
    code: "broken-site-link",
    default_severity: Severity::Error,
    summary: "A link from the site's root path matches no page or file of the site.",
    explanation: "A link written from the host's root (`/kb/billing/refunds/`) whose path is \
inside the site's `base_url` path must be something the build writes: an article's URL, a \
category, a product, role, audience or tag page, a file from `assets/` or beside the articles, \
an alias, or a generated page (`/kb/search/`, `/kb/sitemap.xml`). Anything else is a dead link \
on the published site. Such links also break when the site moves to another base path (`build \
--base-url`, a preview under `serve`), so the fix is usually a relative link to the article's \
Markdown file (`../billing/refunds.md`), which kbpress checks and rewrites to the right URL.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    let config = &site.config;
    let base_path = config.base_path();
    // Built on the first site-root link: most KBs have none.
    let mut paths: Option<SitePaths> = None;
    let mut found = Vec::new();
    for article in context.articles() {
        for link in &article.body.links {
            let Target::SiteRoot { path } = &link.target else {
                continue;
            };
            if !config.in_base_path(path)
                || paths
                    .get_or_insert_with(|| SitePaths::new(site, context.today))
                    .contains(&base_path, path)
            {
                continue;
            }
            let what = match link.kind {
                LinkKind::Link => "link",
                LinkKind::Image => "image",
            };
            found.push(
                super::in_body(&RULE, article, link.origin, link.span,
                    format!("{what} to `{path}`: the site has no page or file at this path"),
                )
                .with_help(
                    "link to the article's Markdown file with a relative path (`../billing/refunds.md`); kbpress checks it and writes its URL",
                ),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn reports_site_paths_the_build_does_not_write() {
        let site = kb(&[
            (
                "articles/billing/refunds.md",
                &article("## Steps\n").replace("reviewed:", "tags: [Money Back]\naliases: [/kb/123/]\nreviewed:"),
            ),
            ("assets/logo.png", "png"),
            (
                "articles/a.md",
                &article("## Steps\n\n[ok](/kb/billing/refunds/#steps) [ok](/kb/billing/refunds) [ok](/kb/billing/) [ok](/kb/) [ok](/kb/tags/money-back/) [ok](/kb/123/) [ok](/kb/products/portal/) [ok](/kb/assets/logo.png) [ok](/kb/billing/refunds/index.md) [ok](/kb/search/)\n\n[bad](/kb/billing/refund/) ![bad](/kb/assets/logo.svg) [elsewhere](/other/)\n"),
            ),
        ]);
        let found = findings(&site, "broken-site-link");
        let messages: Vec<_> = found
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            vec![
                (
                    12,
                    1,
                    "link to `/kb/billing/refund/`: the site has no page or file at this path"
                ),
                (
                    12,
                    28,
                    "image to `/kb/assets/logo.svg`: the site has no page or file at this path"
                ),
            ]
        );
    }

    #[test]
    fn a_draft_is_not_written() {
        let site = kb(&[
            (
                "articles/d.md",
                &article("## Steps\n").replace("reviewed:", "draft: true\nreviewed:"),
            ),
            ("articles/a.md", &article("## Steps\n\n[d](/kb/d/)\n")),
        ]);
        assert_eq!(
            positions(&site, "broken-site-link"),
            vec![("articles/a.md".into(), 10, 1)]
        );
    }
}
