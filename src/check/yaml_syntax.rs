//! `yaml-syntax`: the front matter is not valid YAML (or uses YAML features kbpress refuses).

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity, Span};

pub const RULE: Rule = Rule {
    code: "yaml-syntax",
    default_severity: Severity::Error,
    summary: "The front matter is not valid YAML.",
    explanation: "The front matter between the `---` lines must be valid YAML: one `key: value` \
per line, lists as `[a, b]` or as `- a` lines. Common causes: a value that contains `: ` or starts \
with `[`, `{`, `*`, `&`, `!`, `%` or `@` and is not quoted; a tab used for indentation; a key given \
twice. Anchors, aliases, tags and merge keys are refused: front matter never needs them. The \
diagnostic points at the line and column where the YAML parser gave up. Fix: quote the value \
(`title: \"Error: access denied\"`) or fix the indentation.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    context
        .articles()
        .filter_map(|article| {
            let error = article.yaml_error.as_ref()?;
            let at = article.lines.position(&article.text, error.offset);
            Some(
                Diagnostic::new(
                    &RULE,
                    &article.path,
                    Span::point(at),
                    format!("invalid front matter: {}", error.message),
                )
                .with_optional_help(error.help.clone()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn points_at_the_broken_line() {
        let site = kb(&[(
            "articles/a.md",
            "---\ntitle: A\nsummary: [unclosed\n---\nx\n",
        )]);
        let found = positions(&site, "yaml-syntax");
        assert_eq!(found.len(), 1);
        assert!(found[0].1 >= 3, "{found:?}");
    }

    #[test]
    fn reports_duplicate_keys_and_aliases() {
        let site = kb(&[
            ("articles/dup.md", "---\ntitle: A\ntitle: B\n---\n"),
            ("articles/alias.md", "---\ntitle: &t A\nsummary: *t\n---\n"),
        ]);
        let found = findings(&site, "yaml-syntax");
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].line, found[0].column), (2, 8), "the anchor");
        assert!(
            found[1].message.contains("duplicate"),
            "{}",
            found[1].message
        );
    }
}
