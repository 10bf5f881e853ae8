//! `invalid-snippet`: a snippet's front matter is not valid: bad YAML, an unclosed block, a
//! field a snippet does not take, or a value of the wrong kind.

use super::Context;
use crate::diagnostic::{Diagnostic, Position, Rule, Severity, Span};
use crate::front_matter::Block;

pub const RULE: Rule = Rule {
    code: "invalid-snippet",
    default_severity: Severity::Error,
    summary: "A snippet's front matter is invalid.",
    explanation: "A snippet's front matter is optional; when it has one, it takes three fields: \
`audience` (the audiences that may see the snippet: a list of ids from `[audiences]`), \
`reviewed` (a date, for `stale-snippet`) and `owner`. Anything else (a `title`, a `type`) is \
reported, since a snippet has no page to show it on, as are YAML errors, an opening `---` \
without a closing one (the whole file would be read as Markdown) and values of the wrong \
kind. Fix: keep the three fields, written as in an article's front matter.",
};

/// The front matter fields a snippet takes.
const SNIPPET_FIELDS: &[&str] = &["audience", "reviewed", "owner"];

pub fn check(context: &Context) -> Vec<Diagnostic> {
    if context.only.is_some() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for snippet in context.site.snippets.values() {
        let source = &snippet.source;
        let path = source.path.as_str();
        if let Some(reason) = &source.unreadable {
            found.push(Diagnostic::new(
                &RULE,
                path,
                Span::point(Position::START),
                format!("the snippet `{path}` {reason}"),
            ));
            continue;
        }
        if source.block == Block::Unclosed {
            found.push(
                Diagnostic::new(
                    &RULE,
                    path,
                    Span::point(Position::START),
                    "the front matter's opening `---` has no closing `---`",
                )
                .with_help("close the front matter with a `---` line, or remove the opening one"),
            );
        }
        if let Some(error) = &source.yaml_error {
            let at = source.lines.position(&source.text, error.offset);
            found.push(
                Diagnostic::new(
                    &RULE,
                    path,
                    Span::point(at),
                    format!("invalid front matter: {}", error.message),
                )
                .with_optional_help(error.help.clone()),
            );
        }
        for field in &source.front_matter.present {
            if !SNIPPET_FIELDS.contains(&field.name.as_str()) {
                found.push(
                    Diagnostic::new(
                        &RULE,
                        path,
                        field.span,
                        format!("a snippet has no field `{}`", field.name),
                    )
                    .with_help("a snippet's front matter takes `audience`, `reviewed` and `owner`"),
                );
            }
        }
        for problem in &source.front_matter.problems {
            if SNIPPET_FIELDS.contains(&problem.field.as_str()) {
                found.push(
                    Diagnostic::new(&RULE, path, problem.span, problem.message.clone())
                        .with_optional_help(problem.help.clone()),
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
    fn bad_snippet_front_matter_is_reported_and_none_is_fine() {
        let site = kb(&[
            ("snippets/plain.md", "Plain.\n"),
            (
                "snippets/fields.md",
                "---\ntitle: T\nreviewed: someday\naudience: [direct]\n---\nX\n",
            ),
            ("snippets/yaml.md", "---\naudience: [direct\n---\nX\n"),
            ("snippets/open.md", "---\naudience: [direct]\nX\n"),
            (
                "articles/a.md",
                &article(
                    "## Steps\n\n{{> plain }}\n\n{{> fields }}\n\n{{> yaml }}\n\n{{> open }}\n",
                ),
            ),
        ]);
        let found = findings(&site, "invalid-snippet");
        let at: Vec<(&str, u32)> = found.iter().map(|d| (d.file.as_str(), d.line)).collect();
        assert_eq!(
            at,
            vec![
                ("snippets/fields.md", 2),
                ("snippets/fields.md", 3),
                ("snippets/open.md", 1),
                ("snippets/yaml.md", 3),
            ],
            "{found:#?}"
        );
        assert_eq!(found[0].message, "a snippet has no field `title`");
    }
}
