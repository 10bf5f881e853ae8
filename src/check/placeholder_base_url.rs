//! `placeholder-base-url`: site.toml still has the base URL `kbpress init` writes when it is
//! not given one (`--base-url`).

use super::Context;
use crate::config::{CONFIG_FILE, PLACEHOLDER_BASE_URL};
use crate::diagnostic::{Diagnostic, Rule, Severity, Span};

pub const RULE: Rule = Rule {
    code: "placeholder-base-url",
    default_severity: Severity::Warning,
    summary: "site.toml still has the placeholder base URL that `kbpress init` wrote.",
    explanation: "Every link, the sitemap, the feed, canonical URLs and redirects are built from \
`base_url`. `kbpress init` without `--base-url` writes a placeholder on the reserved `.invalid` \
domain, which no site can be published at. A build for a CI that passes the real URL \
(`kbpress build --base-url URL`, as the generated GitHub and GitLab workflows do) does not use it \
and does not report it. Fix: set `base_url` in site.toml to where the site is published (e.g. \
`https://acme.github.io/kb/` for GitHub Pages).",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let config = &context.site.config;
    if config.base_url() != PLACEHOLDER_BASE_URL {
        return Vec::new();
    }
    vec![Diagnostic::new(
        &RULE,
        CONFIG_FILE,
        Span::point(config.base_url_position),
        format!("`base_url` is still the placeholder `{PLACEHOLDER_BASE_URL}`"),
    )
    .with_help("set it to where the site is published, e.g. base_url = \"https://acme.github.io/kb/\" (or build with --base-url URL)")]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::*;

    #[test]
    fn warns_at_the_placeholder_in_site_toml() {
        let placeholder = SITE_TOML.replace("https://example.com/kb/", PLACEHOLDER_BASE_URL);
        let site = kb_with_site_toml(&placeholder, &[]);
        let found = findings(&site, RULE.code);
        assert_eq!(found.len(), 1, "{found:?}");
        let line = placeholder
            .lines()
            .position(|l| l.starts_with("base_url"))
            .unwrap() as u32
            + 1;
        assert_eq!(
            (found[0].file.as_str(), found[0].line, found[0].column),
            (CONFIG_FILE, line, 1)
        );
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn a_real_base_url_is_silent() {
        assert!(findings(&kb(&[]), RULE.code).is_empty());
    }
}
