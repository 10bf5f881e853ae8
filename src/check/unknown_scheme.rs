//! `unknown-scheme`: a link whose URL scheme (`xref:`, `ms-settings:`) the site does not
//! declare, so a browser cannot be trusted to open it.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::markdown::{LinkKind, Target};

pub const RULE: Rule = Rule {
    code: "unknown-scheme",
    default_severity: Severity::Error,
    summary: "A link uses a URL scheme the site does not declare.",
    explanation: "kbpress judges every link: relative paths, `http(s)`, `mailto:`, `tel:` and \
paths from the site's root. Any other scheme is published as written, and most are dead links on \
a web page: `xref:` is resolved only by the docs platform it was written for, and an app scheme \
(`ms-settings:`, `slack:`) works only where that app is installed. Fix: replace the link with \
the page it means (a relative path to an article, or an https:// URL). If the readers really \
open such links (a Windows settings page for Windows users), declare the scheme in site.toml: \
`[links] schemes = [\"ms-settings\"]`.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let declared = &context.site.config.links.schemes;
    let mut found = Vec::new();
    for article in context.articles() {
        for link in &article.body.links {
            let Target::OtherScheme { scheme } = &link.target else {
                continue;
            };
            // An image embedded as a safe `data:image/...` URL is content, not a link to follow.
            if declared.contains(scheme) || (scheme == "data" && link.kind == LinkKind::Image) {
                continue;
            }
            let help = if scheme == "xref" {
                "`xref:` links are resolved by the docs platform they were written for, not on this site: link to the article (a relative path) or the page's https:// URL".to_string()
            } else {
                format!("link to an https:// page or an article instead, or declare the scheme: `[links] schemes = [\"{scheme}\"]` in site.toml")
            };
            found.push(
                super::in_body(
                    &RULE,
                    article,
                    link.origin,
                    link.span,
                    format!(
                        "link to `{}`: the `{scheme}:` scheme is not one this site knows",
                        link.destination
                    ),
                )
                .with_help(help),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    const BODY: &str = "## Steps\n\nUse [String](xref:System.String) and <ms-settings:display>.\n\n[ref]: xref:System.Int32\n\nSee [ref][ref] and [y](Slack:open).\n\n![dot](data:image/png;base64,iVBORw0KGgo=)\n";

    #[test]
    fn reports_inline_autolink_and_reference_links() {
        let site = kb(&[("articles/a.md", &article(BODY))]);
        let found: Vec<_> = findings(&site, "unknown-scheme")
            .into_iter()
            .map(|d| (d.line, d.column, d.message))
            .collect();
        assert_eq!(
            found,
            vec![
                (10, 5, "link to `xref:System.String`: the `xref:` scheme is not one this site knows".to_string()),
                (10, 38, "link to `ms-settings:display`: the `ms-settings:` scheme is not one this site knows".to_string()),
                (14, 5, "link to `xref:System.Int32`: the `xref:` scheme is not one this site knows".to_string()),
                (14, 20, "link to `Slack:open`: the `slack:` scheme is not one this site knows".to_string()),
            ]
        );
    }

    #[test]
    fn declared_schemes_are_accepted() {
        let site = kb_with_config(
            "[links]\nschemes = [\"ms-settings\", \"xref\", \"slack\"]\n",
            &[("articles/a.md", &article(BODY))],
        );
        assert!(findings(&site, "unknown-scheme").is_empty());
    }
}
