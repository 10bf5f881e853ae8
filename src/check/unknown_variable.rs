//! `unknown-variable`: a `{{ name }}` in an article whose name `[variables]` does not declare,
//! or a `{{ name` that `}}` does not close; and a variable in `title` or `summary`, which are
//! not replaced (they are shown in listings, feeds and other pages). Each would reach readers as
//! braces.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "unknown-variable",
    default_severity: Severity::Error,
    summary: "A `{{ name }}` names no variable of site.toml, or is not closed.",
    explanation: "`{{ name }}` in an article is replaced by the value site.toml gives `name` in \
`[variables]` (e.g. `support_phone = \"+1 555 0100\"`), or in `[audiences.<id>.variables]` for \
that audience's site: write a fact such as a phone number or a portal address once, and every \
article that uses it stays true when it changes. A name that is not declared is shown to readers \
as it is written, braces and all, and so is a `{{ name` without its closing `}}`. Fix: correct \
the name (the help names the closest declared one), declare it in `[variables]`, or close it with \
`}}`. To show `{{` itself, write `\\{{`; code spans and code blocks are never changed. Variables \
are not replaced in front matter: write the value itself in `title` and `summary`.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let variables = &context.site.config.variables;
    let mut found = Vec::new();
    for article in context.bodies() {
        let front_matter = &article.front_matter;
        for (field, value) in [
            ("title", &front_matter.title),
            ("summary", &front_matter.summary),
        ] {
            let Some(value) = value else { continue };
            if let Some(name) = crate::markdown::variables::first_use(&value.value) {
                found.push(
                    Diagnostic::new(
                        &RULE,
                        &article.path,
                        value.span,
                        format!("`{{{{ {name} }}}}` in `{field}` is not replaced: variables work only in the body"),
                    )
                    .with_help(format!("write the value itself in `{field}`")),
                );
            }
        }
        for used in &article.body.variables {
            let diagnostic = if !used.closed {
                Diagnostic::new(
                    &RULE,
                    &article.path,
                    used.span,
                    format!("`{{{{ {}` is not closed with `}}}}`", used.name),
                )
                .with_help(format!(
                    "write `{{{{ {} }}}}`, or `\\{{{{` to show the braces as they are",
                    used.name
                ))
            } else if !variables.contains_key(&used.name) {
                let help =
                    crate::suggest::did_you_mean(&used.name, variables.keys().map(String::as_str))
                        .unwrap_or_else(|| match variables.is_empty() {
                            true => format!(
                                "declare it in [variables] of site.toml: {} = \"...\"",
                                used.name
                            ),
                            false => format!(
                        "declared variables: {}; or declare `{}` in [variables] of site.toml",
                        variables.keys().cloned().collect::<Vec<_>>().join(", "),
                        used.name
                    ),
                        });
                Diagnostic::new(
                    &RULE,
                    &article.path,
                    used.span,
                    format!("`{}` is not a variable of this KB", used.name),
                )
                .with_help(help)
            } else {
                continue;
            };
            // A use in a snippet is reported at the snippet's line, naming the includer.
            found.push(super::moved_to_origin(diagnostic, article, used.origin));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    const VARIABLES: &str = "[variables]\nsupport_phone = \"+1 555 0100\"\nportal_url = \"https://portal.example.com\"\n";

    #[test]
    fn reports_unknown_names_with_the_closest_declared_one() {
        let site = kb_with_config(
            VARIABLES,
            &[(
                "articles/a.md",
                &article("## Steps\n\nCall {{ suport_phone }} or {{ fax }}.\n"),
            )],
        );
        let found = findings(&site, "unknown-variable");
        assert_eq!(
            positions(&site, "unknown-variable"),
            vec![
                ("articles/a.md".into(), 10, 6),
                ("articles/a.md".into(), 10, 28)
            ]
        );
        assert_eq!(
            found[0].message,
            "`suport_phone` is not a variable of this KB"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("did you mean `support_phone`?")
        );
        assert_eq!(
            found[1].help.as_deref(),
            Some("declared variables: portal_url, support_phone; or declare `fax` in [variables] of site.toml")
        );
    }

    /// Snippets are parsed by the same writer: their variables are replaced, and an unknown
    /// one is reported at the snippet's line, naming the includer.
    #[test]
    fn variables_in_snippets_are_replaced_and_checked_at_the_snippet() {
        let site = kb_with_config(
            VARIABLES,
            &[
                (
                    "articles/a.md",
                    &article("## Steps\n\nIntro.\n\n{{> contact }}\n"),
                ),
                (
                    "snippets/contact.md",
                    "Call {{ support_phone }}.\n\nOr {{ suport_phone }}.\n",
                ),
            ],
        );
        assert_eq!(
            positions(&site, "unknown-variable"),
            vec![("snippets/contact.md".into(), 3, 4)]
        );
        let found = findings(&site, "unknown-variable");
        assert_eq!(found[0].included_by, vec!["articles/a.md".to_string()]);
        let built = render_public(&site);
        let page = String::from_utf8(built.get("a/index.html").unwrap().to_vec()).unwrap();
        assert!(page.contains("Call +1 555 0100."), "{page}");
    }

    #[test]
    fn reports_variables_in_the_title_and_summary_which_are_not_replaced() {
        let text = article("## Steps\n")
            .replace("title: An article", "title: Call {{ support_phone }}")
            .replace("summary: A summary.", "summary: Plain {{ summary.");
        let site = kb_with_config(VARIABLES, &[("articles/a.md", &text)]);
        let found = findings(&site, "unknown-variable");
        assert_eq!(
            positions(&site, "unknown-variable"),
            vec![
                ("articles/a.md".into(), 2, 8),
                ("articles/a.md".into(), 3, 10)
            ]
        );
        assert_eq!(
            found[0].message,
            "`{{ support_phone }}` in `title` is not replaced: variables work only in the body"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("write the value itself in `title`")
        );
        assert_eq!(
            found[1].message,
            "`{{ summary }}` in `summary` is not replaced: variables work only in the body"
        );
    }

    #[test]
    fn reports_a_use_left_open() {
        let site = kb_with_config(
            VARIABLES,
            &[(
                "articles/a.md",
                &article("## Steps\n\nCall {{ support_phone }.\n"),
            )],
        );
        let found = findings(&site, "unknown-variable");
        assert_eq!(
            positions(&site, "unknown-variable"),
            vec![("articles/a.md".into(), 10, 6)]
        );
        assert_eq!(
            found[0].message,
            "`{{ support_phone` is not closed with `}}`"
        );
    }

    #[test]
    fn known_names_escapes_code_and_includes_stay_silent() {
        let body = "## Steps\n\nCall {{ support_phone }}, open [the portal]({{portal_url}}/login).\n\n\
`{{ code }}` and \\{{ literal }} and {{> contact-support }}\n\n```\n{{ fenced }}\n```\n\n    {{ indented }}\n\n<div>{{ html }}</div>\n";
        let site = kb_with_config(VARIABLES, &[("articles/a.md", &article(body))]);
        assert!(findings(&site, "unknown-variable").is_empty());
    }

    #[test]
    fn an_unknown_name_in_a_link_destination_is_reported_where_it_is_written() {
        let site = kb_with_config(
            VARIABLES,
            &[(
                "articles/a.md",
                &article("## Steps\n\nOpen [the portal]({{portal}}/login).\n"),
            )],
        );
        assert_eq!(
            positions(&site, "unknown-variable"),
            vec![("articles/a.md".into(), 10, 19)]
        );
        assert_eq!(
            findings(&site, "unknown-variable")[0].help.as_deref(),
            Some("did you mean `portal_url`?")
        );
    }
}
