//! `heading-order`: a heading that skips a level (an H4 after an H2, an H3 right after the
//! title), or an H1 in the body after its start (an H1 that starts the body is the page's title
//! heading, `Body::title_heading`, and not among the headings checked here).

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "heading-order",
    default_severity: Severity::Error,
    summary: "A heading skips a level, or the body has an H1 after its start.",
    explanation: "A page has one H1: the body's first line when it is a `# Heading`, else the \
`title` from the front matter. After it the body uses `##` and below, and each heading may go at most one level deeper than the one before it (`##` then `###`, not \
`##` then `####`). Screen readers, the page outline and search engines rely on this order to \
show how sections nest; a skipped level or a second H1 makes the page hard to navigate. Going \
back up any number of levels is fine. Fix: use `##` instead of `#` in the body, and change a \
heading that skips a level to the level right below the previous heading. (An H1 may only \
start the body.)",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for article in context.articles() {
        // `None` while the previous heading is the title, the H1 before the body.
        let mut previous: Option<u8> = None;
        for heading in &article.body.headings {
            let level = heading.level;
            if level == 1 {
                found.push(
                    super::in_body(
                        &RULE,
                        article,
                        heading.origin,
                        heading.span,
                        format!("H1 heading `{}` in the body", heading.text),
                    )
                    .with_help(
                        "use `##`; only an H1 that starts the body is the page's title heading",
                    ),
                );
            } else if level > previous.unwrap_or(1) + 1 {
                let after =
                    previous.map_or_else(|| "the title (H1)".to_string(), |p| format!("H{p}"));
                let allowed = previous.unwrap_or(1) + 1;
                found.push(
                    super::in_body(&RULE, article, heading.origin, heading.span,
                        format!("heading `{}` skips a level: H{level} after {after}", heading.text),
                    )
                    .with_help(format!(
                        "make it `{}` (H{}); a heading may go only one level deeper than the one before",
                        "#".repeat(allowed.into()),
                        allowed
                    )),
                );
            }
            previous = Some(level);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn reports_h1_and_skipped_levels_at_the_heading() {
        let site = kb(&[(
            "articles/a.md",
            &article(
                "Text first.\n\n# Intro\n\n#### Deep\n\n## Steps\n\n  ### Ok\n\n##### Deeper\n",
            ),
        )]);
        let found = findings(&site, "heading-order");
        let summary: Vec<_> = found
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (10, 1, "H1 heading `Intro` in the body"),
                (12, 1, "heading `Deep` skips a level: H4 after H1"),
                (18, 1, "heading `Deeper` skips a level: H5 after H3"),
            ]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("use `##`; only an H1 that starts the body is the page's title heading")
        );
        assert_eq!(
            found[2].help.as_deref(),
            Some("make it `####` (H4); a heading may go only one level deeper than the one before")
        );
    }

    #[test]
    fn the_first_heading_must_be_h2() {
        let site = kb(&[("articles/a.md", &article("Intro text.\n\n### Steps\n"))]);
        let found = findings(&site, "heading-order");
        assert_eq!(
            positions(&site, "heading-order"),
            vec![("articles/a.md".into(), 10, 1)]
        );
        assert_eq!(
            found[0].message,
            "heading `Steps` skips a level: H3 after the title (H1)"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("make it `##` (H2); a heading may go only one level deeper than the one before")
        );
    }

    #[test]
    fn nesting_one_level_at_a_time_and_going_back_up_is_silent() {
        let site = kb(&[(
            "articles/a.md",
            &article("## Steps\n\n### One\n\n#### Detail\n\n## Next\n\nSetext\n------\n\n### Two\n\n```\n# not a heading\n```\n"),
        )]);
        assert!(findings(&site, "heading-order").is_empty());
    }

    #[test]
    fn an_h1_that_starts_the_body_is_the_title_heading() {
        let site = kb(&[
            (
                "articles/a.md",
                &article("# Set up forwarding\n\nIntro.\n\n## Steps\n\n### One\n\n# Again\n"),
            ),
            (
                "articles/b.md",
                &article("Set up forwarding\n=================\n\n## Steps\n"),
            ),
            ("articles/c.md", &article("\n#### Deep first\n")),
        ]);
        let found = findings(&site, "heading-order");
        let summary: Vec<_> = found
            .iter()
            .map(|d| (d.file.as_str(), d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("articles/a.md", 16, "H1 heading `Again` in the body"),
                (
                    "articles/c.md",
                    9,
                    "heading `Deep first` skips a level: H4 after the title (H1)"
                ),
            ]
        );
        let title = site.articles[1].body.title_heading.as_ref().unwrap();
        assert_eq!(
            (title.text.as_str(), title.span.start.line),
            ("Set up forwarding", 8)
        );
    }
}
