//! `unknown-field`: a front matter key the schema does not know, usually a typo.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::front_matter::KNOWN_FIELDS;
use crate::suggest::did_you_mean;

pub const RULE: Rule = Rule {
    code: "unknown-field",
    default_severity: Severity::Error,
    summary: "A front matter field that kbpress does not know.",
    explanation: "kbpress knows these front matter fields: title, summary, type, applies_to, \
roles, audience, tags, reviewed, owner, slug, aliases and draft. Any other key is almost always a \
typo (`tittle`, `applies-to`, `role`), and a typo silently loses information: an article whose \
`applies_to` is misspelled would vanish from its product page. The help names the closest known \
field. Fix: correct the spelling, or remove the field.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for article in context.articles() {
        for field in &article.front_matter.present {
            if KNOWN_FIELDS.contains(&field.name.as_str()) {
                continue;
            }
            let help = did_you_mean(&field.name.replace('-', "_"), KNOWN_FIELDS.iter().copied())
                .unwrap_or_else(|| format!("known fields: {}", KNOWN_FIELDS.join(", ")));
            found.push(
                Diagnostic::new(
                    &RULE,
                    &article.path,
                    field.span,
                    format!("unknown front matter field `{}`", field.name),
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
    fn suggests_the_closest_field_at_the_key() {
        let text = article("## Steps\n")
            .replace("reviewed:", "tittle: X\napplies-to: [portal]\nreviewed:");
        let site = kb(&[("articles/a.md", &text)]);
        let found = findings(&site, "unknown-field");
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].line, found[0].column, found[0].end_column),
            (6, 1, Some(7))
        );
        assert_eq!(found[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(found[1].help.as_deref(), Some("did you mean `applies_to`?"));
    }
}
