//! `unknown-role`: a `roles` value that is not a role declared in site.toml.

use super::vocabulary::Vocabulary;
use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "unknown-role",
    default_severity: Severity::Error,
    summary: "A `roles` value is not a declared role.",
    explanation: "`roles` lists the ids of the roles a reader needs to follow the article (e.g. \
`portal-admin`), as declared with `[roles.<id>]` in site.toml; the article page shows them in its \
\"Required role\" callout with each role's description. An unknown id would show nothing useful. \
The diagnostic points at the value; the help names the closest declared id.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let roles = &context.site.config.roles;
    let vocabulary = Vocabulary {
        table: "roles",
        entries: roles
            .iter()
            .map(|(id, r)| (id.as_str(), r.name.as_str()))
            .collect(),
    };
    let mut found = Vec::new();
    for article in context.articles() {
        for value in &article.front_matter.roles {
            found.extend(vocabulary.check(&RULE, &article.path, &value.value, value.span, "role"));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn points_at_the_unknown_item_in_a_block_list() {
        let text = article("## Steps\n").replace("reviewed:", "roles:\n  - portal-admn\nreviewed:");
        let site = kb(&[("articles/a.md", &text)]);
        let found = findings(&site, "unknown-role");
        assert_eq!((found[0].line, found[0].column), (7, 5));
        assert_eq!(
            found[0].help.as_deref(),
            Some("did you mean `portal-admin`?")
        );
    }
}
