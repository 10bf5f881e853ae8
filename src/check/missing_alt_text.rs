//! `missing-alt-text`: an image with empty alt text (`![](screen.png)`).

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::markdown::{LinkKind, Target};

pub const RULE: Rule = Rule {
    code: "missing-alt-text",
    default_severity: Severity::Warning,
    summary: "An image has no alt text.",
    explanation: "The text in the brackets of an image (`![The Call forwarding page with Forward \
all calls switched on](forwarding.png)`) is what screen readers read out, and what everyone sees \
when the image fails to load. Without it, a reader who cannot see the screenshot misses the step \
it shows. Fix: describe what the image shows and why it matters to the reader, in a short \
sentence; do not start with \"Image of\". If the image is purely decorative and says nothing the \
text does not, remove it.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for article in context.bodies() {
        for link in &article.body.links {
            // Unsafe images are removed from the page; `unsafe-url` reports them.
            if link.kind != LinkKind::Image || matches!(link.target, Target::Unsafe { .. }) {
                continue;
            }
            if link.alt.trim().is_empty() {
                found.push(
                    super::in_body(&RULE, article, link.origin, link.span, format!("image `{}` has no alt text", link.destination))
                        .with_help("describe what the image shows inside the brackets: `![what it shows](...)`"),
                );
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn reports_images_with_empty_or_blank_alt_text() {
        let site = kb(&[
            ("assets/a.png", "png"),
            ("articles/a.md", &article("## Steps\n\nText ![](../assets/a.png)\n\n> ![  ](../assets/a.png \"title only\")\n")),
        ]);
        let found = findings(&site, "missing-alt-text");
        assert_eq!(
            positions(&site, "missing-alt-text"),
            vec![
                ("articles/a.md".into(), 10, 6),
                ("articles/a.md".into(), 12, 3)
            ]
        );
        assert_eq!(found[0].message, "image `../assets/a.png` has no alt text");
        assert_eq!(
            found[0].help.as_deref(),
            Some("describe what the image shows inside the brackets: `![what it shows](...)`")
        );
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
    }

    #[test]
    fn alt_text_in_any_form_is_enough() {
        let site = kb(&[
            ("assets/a.png", "png"),
            ("articles/a.md", &article("## Steps\n\n![The *Forward* page](../assets/a.png) ![`code`](../assets/a.png) [](link.md)\n")),
        ]);
        assert!(findings(&site, "missing-alt-text").is_empty());
    }
}
