//! `invalid-field`: a front matter field with the wrong type or format, or a review date in
//! the future.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "invalid-field",
    default_severity: Severity::Error,
    summary: "A front matter field has the wrong type or format.",
    explanation: "Each front matter field has a shape: `title`, `summary`, `type`, `owner`, \
`superseded_by` and `slug` are one line of text; `applies_to`, `roles`, `audience`, `tags` and `aliases` are lists \
(`[a, b]`); `applies_to` and `audience` may not be empty; `reviewed` is a date (YYYY-MM-DD, not in \
the future), and so are `publish_after` and `expires`; `draft` is `true` or `false` (YAML 1.2 reads `yes` as text); `slug` uses lowercase \
letters, digits and `-`; aliases are site paths like `/kb/12345/`. Custom fields declared in \
site.toml (`[fields.NAME]`) have the declared `type` (text, date, number, bool or list) and, with \
`values = [...]`, one of those values (each item, for a list). The diagnostic points at the value \
and says what was expected.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for article in context.articles() {
        for problem in &article.front_matter.problems {
            found.push(
                Diagnostic::new(&RULE, &article.path, problem.span, problem.message.clone())
                    .with_optional_help(problem.help.clone()),
            );
        }
        let base_path = context.site.config.base_path();
        for alias in &article.front_matter.aliases {
            // Unsafe aliases are already problems; here: safe ones the site cannot serve.
            if crate::urls::alias_folder(&alias.value).is_some()
                && crate::urls::alias_in_site(&alias.value, &base_path).is_none()
            {
                found.push(
                    Diagnostic::new(&RULE, &article.path, alias.span, format!("alias `{}` is outside the site's base path `{base_path}`", alias.value))
                        .with_help(format!("aliases are paths from the host's root; this site serves only paths under `{base_path}`")),
                );
            }
        }
        if let Some(reviewed) = &article.front_matter.reviewed {
            if reviewed.value > context.today {
                found.push(
                    Diagnostic::new(
                        &RULE,
                        &article.path,
                        reviewed.span,
                        format!(
                            "`reviewed` is {}, which is in the future (today is {})",
                            reviewed.value, context.today
                        ),
                    )
                    .with_help("set `reviewed` to the date of the last review"),
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
    fn points_at_each_bad_value() {
        let text = "---\ntitle: A\nsummary: S\ntype: how-to\napplies_to: portal\nreviewed: 2026-02-30\ndraft: yes\n---\n## Steps\n";
        let site = kb(&[("articles/a.md", text)]);
        assert_eq!(
            positions(&site, "invalid-field"),
            vec![
                ("articles/a.md".into(), 5, 13),
                ("articles/a.md".into(), 6, 11),
                ("articles/a.md".into(), 7, 8)
            ]
        );
    }

    #[test]
    fn aliases_outside_the_base_path_are_invalid() {
        let text =
            article("## Steps\n").replace("reviewed:", "aliases: [/kb/1/, /old/2/]\nreviewed:");
        let site = kb(&[("articles/a.md", &text)]);
        let found = findings(&site, "invalid-field");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!((found[0].line, found[0].column), (6, 19));
    }

    #[test]
    fn future_review_dates_are_invalid() {
        let site = kb(&[(
            "articles/a.md",
            &article("## Steps\n").replace("2026-10-01", "2027-01-01"),
        )]);
        let found = findings(&site, "invalid-field");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("in the future"));
    }

    #[test]
    fn declared_fields_are_checked_at_the_value() {
        let text = article("## Steps\n").replace(
            "reviewed:",
            "ms.date: 07/21/2023\nchannel: emial\nreviewed:",
        );
        let site = kb_with_config(
            "[fields.\"ms.date\"]\ntype = \"date\"\n[fields.channel]\ntype = \"text\"\nvalues = [\"chat\", \"email\"]\n",
            &[("articles/a.md", &text)],
        );
        let found: Vec<_> = findings(&site, "invalid-field")
            .into_iter()
            .map(|d| (d.line, d.column, d.message, d.help.unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    6,
                    10,
                    "`ms.date` must be a date like 2026-10-02, not `07/21/2023`".to_string(),
                    "write the date as YYYY-MM-DD".to_string()
                ),
                (
                    7,
                    10,
                    "`emial` is not an allowed value of `channel`".to_string(),
                    "did you mean `email`? (site.toml allows: chat, email)".to_string()
                ),
            ]
        );
    }
}
