//! `site-root-link`: a link from the host's root (`/dotnet/api/x`) outside the site's base
//! path, which the site does not write and `[links] site_root` does not map.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::markdown::{LinkKind, Target};

pub const RULE: Rule = Rule {
    code: "site-root-link",
    default_severity: Severity::Warning,
    summary: "A link from the host's root path points outside the site.",
    explanation: "A link written from the host's root (`/dotnet/api/system.string`) whose path \
is not under the site's `base_url` path leads to a page this site does not publish: content \
brought from another docs site often links to that site this way, and once published here every \
such link is dead. If those paths belong to another site, say so in `site.toml` (`[links] \
site_root = \"https://learn.microsoft.com\"`): they are then external links, written with that \
URL and checked by `check --external`. Otherwise link to the page's full https:// URL, or to an \
article of this KB with a relative path (`../billing/refunds.md`). A path starting with `//` \
names another host without a scheme: write `https://` in front of it.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let config = &context.site.config;
    let mut found = Vec::new();
    for article in context.articles() {
        for link in &article.body.links {
            let Target::SiteRoot { path } = &link.target else {
                continue;
            };
            let what = match link.kind {
                LinkKind::Link => "link",
                LinkKind::Image => "image",
            };
            let diagnostic = if path.starts_with("//") {
                super::in_body(
                    &RULE,
                    article,
                    link.origin,
                    link.span,
                    format!("{what} to `{path}` names another host without a scheme"),
                )
                .with_help(format!("write the full URL: `https:{path}`"))
            } else if config.in_base_path(path) || config.links.site_root.is_some() {
                continue;
            } else {
                super::in_body(&RULE, article, link.origin, link.span,
                    format!(
                        "{what} to `{path}` is outside this site (its pages are under `{}`)",
                        config.base_path()
                    ),
                )
                .with_help("if such paths belong to another site, set `[links] site_root = \"https://that.site\"` in site.toml; otherwise write the full https:// URL")
            };
            found.push(diagnostic);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    const BODY: &str =
        "## Steps\n\n[api](/dotnet/api/system.string) [kb](/kb/) [host](//cdn.example.com/x)\n";

    #[test]
    fn reports_paths_outside_the_base_path_as_warnings() {
        let site = kb(&[("articles/a.md", &article(BODY))]);
        let found = findings(&site, "site-root-link");
        let found: Vec<_> = found
            .iter()
            .map(|d| (d.column, d.severity, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    1,
                    crate::diagnostic::Severity::Warning,
                    "link to `/dotnet/api/system.string` is outside this site (its pages are under `/kb/`)"
                ),
                (
                    45,
                    crate::diagnostic::Severity::Warning,
                    "link to `//cdn.example.com/x` names another host without a scheme"
                ),
            ]
        );
    }

    #[test]
    fn a_site_root_in_site_toml_makes_them_external_links() {
        let site = kb_with_config(
            "[links]\nsite_root = \"https://learn.example.com\"\n",
            &[("articles/a.md", &article(BODY))],
        );
        let found = findings(&site, "site-root-link");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].message.contains("//cdn.example.com/x"));
        let page = render_public(&site);
        let html = String::from_utf8_lossy(page.get("a/index.html").expect("page")).to_string();
        assert!(
            html.contains("href=\"https://learn.example.com/dotnet/api/system.string\""),
            "{html}"
        );
    }
}
