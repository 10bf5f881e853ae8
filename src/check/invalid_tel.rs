//! `invalid-tel`: a `tel:` link whose number is not a phone number.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::markdown::links::percent_decode;
use crate::markdown::Target;

pub const RULE: Rule = Rule {
    code: "invalid-tel",
    default_severity: Severity::Error,
    summary: "A tel: link has no valid phone number.",
    explanation: "A `tel:` link dials the number after the colon on the reader's phone, so it \
must be a number: digits, with spaces, `+`, `-`, `.` and parentheses allowed for reading \
(`tel:+1-555-0100`, `tel:+44 20 7946 0000`). Letters, a missing number (`tel:`) or a vanity \
number (`tel:1-800-FLOWERS`) dial nothing or the wrong line. Fix: write the digits, with the \
country code (`+1`) so that readers abroad can call.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for article in context.articles() {
        for link in &article.body.links {
            let Target::Phone { number } = &link.target else {
                continue;
            };
            let decoded = percent_decode(number);
            if is_phone_number(&decoded) {
                continue;
            }
            found.push(
                super::in_body(&RULE, article, link.origin, link.span,
                    format!(
                        "link to `{}`: `{decoded}` is not a phone number",
                        link.destination
                    ),
                )
                .with_help("write digits with the country code, e.g. `tel:+1-555-0100`; spaces, `+`, `-`, `.` and `()` are allowed"),
            );
        }
    }
    found
}

/// Digits (at least three), with `+`, `-`, `.`, spaces and parentheses; `;ext=` parameters
/// (RFC 3966) after the number are allowed.
fn is_phone_number(number: &str) -> bool {
    let digits_part = number.split(';').next().unwrap_or("");
    digits_part.chars().filter(char::is_ascii_digit).count() >= 3
        && digits_part
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

#[cfg(test)]
mod tests {
    use super::is_phone_number;
    use crate::check::testing::*;

    #[test]
    fn phone_numbers() {
        for good in [
            "+1-555-0100",
            "+44 20 7946 0000",
            "(555) 0100",
            "911",
            "+1.555.0100;ext=12",
        ] {
            assert!(is_phone_number(good), "{good}");
        }
        for bad in ["", "12", "1-800-FLOWERS", "+1 555 0100 x12", "555_0100"] {
            assert!(!is_phone_number(bad), "{bad}");
        }
    }

    #[test]
    fn reports_bad_numbers_at_the_link() {
        let body = "## Steps\n\nCall [us](tel:+1%20555%200100) or [them](tel:1-800-FLOWERS).\n";
        let site = kb(&[("articles/a.md", &article(body))]);
        let found: Vec<_> = findings(&site, "invalid-tel")
            .into_iter()
            .map(|d| (d.line, d.column, d.message))
            .collect();
        assert_eq!(
            found,
            vec![(
                10,
                35,
                "link to `tel:1-800-FLOWERS`: `1-800-FLOWERS` is not a phone number".to_string()
            )]
        );
    }
}
