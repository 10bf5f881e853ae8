//! `unknown-field`: a front matter key that is neither built in nor declared in `site.toml`,
//! usually a typo.

use super::Context;
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::front_matter::KNOWN_FIELDS;
use crate::suggest::closest;

pub const RULE: Rule = Rule {
    code: "unknown-field",
    default_severity: Severity::Error,
    summary: "A front matter field that kbpress does not know.",
    explanation: "kbpress knows these front matter fields: title, summary, type, applies_to, \
roles, audience, tags, reviewed, owner, slug, aliases, draft, publish_after, expires and \
superseded_by, plus the custom fields that \
site.toml declares (`[fields.\"ms.author\"]` with `type = \"text\"`). Any other key is almost \
always a typo (`tittle`, `applies-to`, `role`), and a typo silently loses information: an article \
whose `applies_to` is misspelled would vanish from its product page. The help names the closest \
known field. Fix: correct the spelling, remove the field, or declare it in site.toml if the KB \
really uses it (see `[fields]` in the README).",
};

/// Whether `name` is a built-in or declared field.
pub(super) fn is_known(config: &SiteConfig, name: &str) -> bool {
    KNOWN_FIELDS.contains(&name) || config.fields.contains_key(name)
}

/// The known field an unknown key was probably meant to be (`applies-to` -> `applies_to`).
pub(super) fn meant<'c>(config: &'c SiteConfig, name: &str) -> Option<&'c str> {
    let known = KNOWN_FIELDS
        .iter()
        .copied()
        .chain(config.fields.keys().map(String::as_str));
    closest(&name.replace('-', "_"), known.clone()).or_else(|| closest(name, known))
}

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let config = &context.site.config;
    let mut found = Vec::new();
    for article in context.articles() {
        for field in &article.front_matter.present {
            if is_known(config, &field.name) {
                continue;
            }
            let help = match meant(config, &field.name) {
                Some(name) => format!("did you mean `{name}`?"),
                None => {
                    let mut known: Vec<&str> = KNOWN_FIELDS.to_vec();
                    known.extend(config.fields.keys().map(String::as_str));
                    format!(
                        "known fields: {}; declare the KB's own fields in site.toml (`[fields.{}]`)",
                        known.join(", "),
                        toml_key(&field.name)
                    )
                }
            };
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

/// The name as a TOML table key: quoted when it is not a bare key (`"ms.author"`).
fn toml_key(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\\\""))
    }
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

    #[test]
    fn declared_fields_are_known_and_suggested() {
        let text = article("## Steps\n").replace(
            "reviewed:",
            "ms.author: jdoe\nms.autor: jdoe\nzendesk: 1\nreviewed:",
        );
        let site = kb_with_config(
            "[fields.\"ms.author\"]\ntype = \"text\"\n",
            &[("articles/a.md", &text)],
        );
        let found = findings(&site, "unknown-field");
        let found: Vec<_> = found
            .iter()
            .map(|d| (d.line, d.message.as_str(), d.help.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            found,
            vec![
                (7, "unknown front matter field `ms.autor`", "did you mean `ms.author`?"),
                (8, "unknown front matter field `zendesk`", "known fields: title, summary, type, applies_to, roles, audience, tags, reviewed, owner, slug, aliases, draft, publish_after, expires, superseded_by, ms.author; declare the KB's own fields in site.toml (`[fields.zendesk]`)"),
            ]
        );
    }
}
