//! `unused-snippet`: a snippet that no article includes.

use super::Context;
use crate::diagnostic::{Diagnostic, Position, Rule, Severity, Span};

pub const RULE: Rule = Rule {
    code: "unused-snippet",
    default_severity: Severity::Warning,
    summary: "No article includes this snippet.",
    explanation: "A snippet under `snippets/` is published only where an article includes it \
(`{{> name }}`, directly or through another snippet). One that nothing includes is text \
someone keeps up to date for no reader, or an include that was lost in an edit. Fix: include \
it where it belongs, or delete the file.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    // Whether a snippet is used depends on every article: only a whole-site check knows.
    if context.only.is_some() {
        return Vec::new();
    }
    let used: std::collections::HashSet<&str> = context
        .site
        .articles
        .iter()
        .flat_map(|article| article.body.inclusions.iter().map(|i| i.name.as_str()))
        .collect();
    context
        .site
        .snippets
        .values()
        .filter(|snippet| !used.contains(snippet.name.as_str()))
        .map(|snippet| {
            Diagnostic::new(
                &RULE,
                &snippet.source.path,
                Span::point(Position::START),
                format!("no article includes the snippet `{}`", snippet.name),
            )
            .with_help(format!(
                "include it with a line `{{{{> {} }}}}` in an article, or delete it",
                snippet.name
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn snippets_nothing_includes_are_reported_and_nested_use_counts() {
        let site = kb(&[
            ("snippets/used.md", "{{> nested }}\n"),
            ("snippets/nested.md", "Nested.\n"),
            ("snippets/lost.md", "Lost.\n"),
            ("articles/a.md", &article("## Steps\n\n{{> used }}\n")),
        ]);
        assert_eq!(
            positions(&site, "unused-snippet"),
            vec![("snippets/lost.md".into(), 1, 1)]
        );
        let found = findings(&site, "unused-snippet");
        assert_eq!(found[0].message, "no article includes the snippet `lost`");
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
    }
}
