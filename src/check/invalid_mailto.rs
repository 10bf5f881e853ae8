//! `invalid-mailto`: a `mailto:` link (or email autolink) whose address is not an address.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::markdown::links::percent_decode;
use crate::markdown::Target;

pub const RULE: Rule = Rule {
    code: "invalid-mailto",
    default_severity: Severity::Error,
    summary: "A mailto: link has no valid email address.",
    explanation: "A `mailto:` link opens the reader's mail program with the address after the \
colon, so it must be an address: a name, `@`, and a domain with a dot (`support@example.com`), \
optionally followed by `?subject=...`. An empty or half-written address (`mailto:`, \
`mailto:support`, `mailto:support@example`) opens an email nobody receives. Several addresses \
are separated by commas. Fix: write the full address.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for article in context.articles() {
        for link in &article.body.links {
            let Target::Mail { address } = &link.target else {
                continue;
            };
            let addresses = address.split('?').next().unwrap_or("");
            let decoded = percent_decode(addresses);
            let bad = decoded.split(',').map(str::trim).find(|a| !is_address(a));
            let Some(bad) = bad else {
                continue;
            };
            found.push(
                super::in_body(
                    &RULE,
                    article,
                    link.origin,
                    link.span,
                    format!(
                        "link to `{}`: `{bad}` is not an email address",
                        link.destination
                    ),
                )
                .with_help("write the full address, e.g. `mailto:support@example.com`"),
            );
        }
    }
    found
}

/// `local@domain.tld`: a local part, one `@`, a domain of dot-separated labels with at least
/// two labels; no spaces, no angle brackets. Not RFC 5322, which accepts what no one types.
fn is_address(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && !local
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:@\"".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::is_address;
    use crate::check::testing::*;

    #[test]
    fn addresses() {
        for good in ["a@b.co", "first.last+kb@mail.example.com", "ü@exämple.de"] {
            assert!(is_address(good), "{good}");
        }
        for bad in [
            "",
            "support",
            "support@example",
            "@example.com",
            "a@b..com",
            "a b@c.com",
            "a@@b.com",
            "a@-b.com",
        ] {
            assert!(!is_address(bad), "{bad}");
        }
    }

    #[test]
    fn reports_bad_addresses_and_accepts_good_ones() {
        let body = "## Steps\n\n[ok](mailto:help@example.com?subject=Hi%20there) [ok](mailto:a@b.co,%20c@d.co) <help@example.com>\n\n[bad](mailto:support) [bad](MAILTO:) [bad](mailto:a@b.co,c@d)\n";
        let site = kb(&[("articles/a.md", &article(body))]);
        let found: Vec<_> = findings(&site, "invalid-mailto")
            .into_iter()
            .map(|d| (d.line, d.column, d.message))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    12,
                    1,
                    "link to `mailto:support`: `support` is not an email address".to_string()
                ),
                (
                    12,
                    23,
                    "link to `MAILTO:`: `` is not an email address".to_string()
                ),
                (
                    12,
                    38,
                    "link to `mailto:a@b.co,c@d`: `c@d` is not an email address".to_string()
                ),
            ]
        );
    }

    #[test]
    fn an_email_autolink_is_a_mail_link_not_a_relative_path() {
        let body = "## Steps\n\nWrite to <help@example.com> or <nobody@localhost>.\n";
        let site = kb(&[("articles/a.md", &article(body))]);
        let found = run(&site);
        assert!(found.iter().all(|d| d.code != "broken-link"), "{found:#?}");
        let mail: Vec<_> = found
            .iter()
            .filter(|d| d.code == "invalid-mailto")
            .collect();
        assert_eq!(mail.len(), 1, "{found:#?}");
        assert_eq!(mail[0].column, 32);
    }
}
