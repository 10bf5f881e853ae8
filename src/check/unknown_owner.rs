//! `unknown-owner`: an `owner` that is not an owner declared in site.toml's `[owners]`.

use super::vocabulary::Vocabulary;
use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "unknown-owner",
    default_severity: Severity::Error,
    summary: "An `owner` value is not a declared owner.",
    explanation: "`owner` names the team or person who keeps an article true: they get it in \
their review queue (`kbpress review --owner ID`) and, through the CODEOWNERS file that \
`kbpress codeowners` writes, must approve changes to it. Once site.toml declares owners with \
`[owners.<id>]`, an article's `owner` must be one of those ids: a misspelt owner would leave the \
article in nobody's queue and without a required reviewer. (A KB that declares no owners may \
write any owner.) Fix: use the declared id the help names, or declare the owner in site.toml \
(`[owners.<id>]` with a `name`, and a `handle` such as `@acme/voice-docs`).",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let owners = &context.site.config.owners;
    if owners.is_empty() {
        return Vec::new();
    }
    let vocabulary = Vocabulary {
        table: "owners",
        entries: owners
            .iter()
            .map(|(id, owner)| (id.as_str(), owner.name.as_str()))
            .collect(),
    };
    context
        .articles()
        .filter_map(|article| {
            let owner = article.front_matter.owner.as_ref()?;
            vocabulary.check(&RULE, &article.path, &owner.value, owner.span, "owner")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    const OWNERS: &str = "[owners.voice-docs]\nname = \"Voice docs team\"\nhandle = \"@acme/voice-docs\"\n[owners.billing]\nname = \"Billing\"\n";

    fn owned(owner: &str) -> String {
        article("## Steps\n").replace("reviewed:", &format!("owner: {owner}\nreviewed:"))
    }

    #[test]
    fn reports_an_undeclared_owner_at_its_value_with_the_closest_id() {
        let site = kb_with_config(
            OWNERS,
            &[
                ("articles/a.md", &owned("voice-doc")),
                ("articles/b.md", &owned("Voice docs team")),
                ("articles/c.md", &owned("legal")),
            ],
        );
        let found = findings(&site, "unknown-owner");
        assert_eq!(
            positions(&site, "unknown-owner"),
            vec![
                ("articles/a.md".into(), 6, 8),
                ("articles/b.md".into(), 6, 8),
                ("articles/c.md".into(), 6, 8),
            ]
        );
        assert_eq!(
            found[0].message,
            "unknown owner `voice-doc`: not declared in [owners] of site.toml"
        );
        assert_eq!(found[0].help.as_deref(), Some("did you mean `voice-docs`?"));
        assert_eq!(
            found[1].help.as_deref(),
            Some("`Voice docs team` is the name; use its id `voice-docs`")
        );
        assert_eq!(
            found[2].help.as_deref(),
            Some("declared in site.toml: billing, voice-docs")
        );
    }

    #[test]
    fn declared_owners_and_kbs_without_owners_are_silent() {
        let declared = kb_with_config(OWNERS, &[("articles/a.md", &owned("voice-docs"))]);
        assert!(findings(&declared, "unknown-owner").is_empty());
        let undeclared = kb(&[("articles/a.md", &owned("anyone"))]);
        assert!(findings(&undeclared, "unknown-owner").is_empty());
    }
}
