//! `unknown-type`: the article's `type` is not declared under `[types]` in site.toml.

use super::vocabulary::Vocabulary;
use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "unknown-type",
    default_severity: Severity::Error,
    summary: "The article type is not declared in site.toml.",
    explanation: "An article's `type` (troubleshooting, how-to, ...) decides which sections it \
must have and how it is listed. It must be an id declared as `[types.<id>]` in site.toml. The \
help names the closest declared type, or the id when the type's display name was written. Fix: \
use a declared id, or declare the new type in site.toml with its `required_sections`.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let types = &context.site.config.types;
    let vocabulary = Vocabulary {
        table: "types",
        entries: types
            .iter()
            .map(|(id, t)| (id.as_str(), t.name.as_str()))
            .collect(),
    };
    context
        .articles()
        .filter_map(|article| {
            let value = article.front_matter.article_type.as_ref()?;
            vocabulary.check(
                &RULE,
                &article.path,
                &value.value,
                value.span,
                "article type",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn suggests_the_id_for_a_display_name_and_typos() {
        let site = kb(&[
            (
                "articles/a.md",
                &article("## Steps\n").replace("type: how-to", "type: How-to"),
            ),
            (
                "articles/b.md",
                &article("## Steps\n").replace("type: how-to", "type: troubleshootng"),
            ),
        ]);
        let found = findings(&site, "unknown-type");
        assert_eq!((found[0].line, found[0].column), (4, 7));
        assert_eq!(
            found[0].help.as_deref(),
            Some("`How-to` is the name; use its id `how-to`")
        );
        assert_eq!(
            found[1].help.as_deref(),
            Some("did you mean `troubleshooting`?")
        );
    }
}
