//! `missing-snippet`: an include `{{> name }}` names no file under `snippets/`.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::markdown::IncludeProblem;

pub const RULE: Rule = Rule {
    code: "missing-snippet",
    default_severity: Severity::Error,
    summary: "An include `{{> name }}` names a snippet that does not exist.",
    explanation: "A line that is only `{{> name }}` includes the snippet `snippets/name.md` \
(a name can have folders: `{{> billing/vat-note }}` is `snippets/billing/vat-note.md`). When no \
such file exists, the page would silently lose that text, so the include is an error and \
nothing is published in its place. The help names the closest snippet when the name looks \
like a typo. Fix: correct the name, or create the snippet file.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let names = || context.site.snippets.keys().map(String::as_str);
    let mut found = Vec::new();
    for article in context.articles() {
        for problem in &article.body.include_problems {
            let IncludeProblem::Missing { name, origin, span } = problem else {
                continue;
            };
            let help = match crate::suggest::closest(name, names()) {
                Some(close) => format!("did you mean `{{{{> {close} }}}}`?"),
                None => format!(
                    "create `snippets/{name}.md`, or correct the name: the snippets are the \
                     Markdown files under `snippets/`, named without `.md`"
                ),
            };
            found.push(
                super::in_body(
                    &RULE,
                    article,
                    *origin,
                    *span,
                    format!("there is no snippet `{name}` (`snippets/{name}.md`)"),
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

    #[test]
    fn a_missing_snippet_is_reported_at_the_include_with_the_closest_name() {
        let site = kb(&[
            ("snippets/contact-support.md", "Call us.\n"),
            (
                "articles/a.md",
                &article("## Steps\n\n{{> contact-suport }}\n\n{{> nothing-like-it }}\n"),
            ),
        ]);
        let found = findings(&site, "missing-snippet");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(
            (found[0].file.as_str(), found[0].line, found[0].column),
            ("articles/a.md", 10, 1)
        );
        assert_eq!(
            found[0].message,
            "there is no snippet `contact-suport` (`snippets/contact-suport.md`)"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("did you mean `{{> contact-support }}`?")
        );
        assert!(found[1]
            .help
            .as_deref()
            .unwrap()
            .starts_with("create `snippets/nothing-like-it.md`"));
    }

    #[test]
    fn includes_in_code_and_inside_text_are_text() {
        let body = "## Steps\n\n`{{> nope }}` and {{> nope }}\n\n```\n{{> nope }}\n```\n\n    {{> nope }}\n";
        let site = kb(&[("articles/a.md", &article(body))]);
        assert!(findings(&site, "missing-snippet").is_empty());
    }

    #[test]
    fn a_missing_snippet_inside_a_snippet_is_reported_there() {
        let site = kb(&[
            (
                "snippets/outer.md",
                "---\nreviewed: 2026-10-01\n---\nText.\n\n{{> gone }}\n",
            ),
            ("articles/a.md", &article("## Steps\n\n{{> outer }}\n")),
            ("articles/b.md", &article("## Steps\n\n{{> outer }}\n")),
        ]);
        let found = findings(&site, "missing-snippet");
        assert_eq!(found.len(), 1, "one finding for both includers: {found:#?}");
        assert_eq!(
            (found[0].file.as_str(), found[0].line),
            ("snippets/outer.md", 6)
        );
        assert_eq!(
            found[0].message,
            "there is no snippet `gone` (`snippets/gone.md`) (included by `articles/a.md`, `articles/b.md`)"
        );
        assert_eq!(found[0].included_by, vec!["articles/a.md", "articles/b.md"]);
    }
}
