//! `unknown-product`: an `applies_to` value that is not a product declared in site.toml.

use super::vocabulary::Vocabulary;
use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "unknown-product",
    default_severity: Severity::Error,
    summary: "An `applies_to` value is not a declared product.",
    explanation: "`applies_to` lists the ids of the products an article is about, as declared \
with `[products.<id>]` in site.toml. The article appears on those products' pages and in the \
product filter of search. An unknown id means the article would be missing from the product's \
page. The diagnostic points at the value itself; the help names the closest id, or the id of a \
product whose display name was written (`Hosted Voice` -> `hosted-voice`).",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let products = &context.site.config.products;
    let vocabulary = Vocabulary {
        table: "products",
        entries: products
            .iter()
            .map(|(id, p)| (id.as_str(), p.name.as_str()))
            .collect(),
    };
    let mut found = Vec::new();
    for article in context.articles() {
        for value in &article.front_matter.applies_to {
            found.extend(vocabulary.check(
                &RULE,
                &article.path,
                &value.value,
                value.span,
                "product",
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn points_at_the_unknown_item_in_a_flow_list() {
        let text = article("## Steps\n").replace(
            "applies_to: [portal]",
            "applies_to: [portal, Hosted Voice, portl]",
        );
        let site = kb(&[("articles/a.md", &text)]);
        let found = findings(&site, "unknown-product");
        assert_eq!((found[0].line, found[0].column), (5, 22));
        assert_eq!(
            found[0].help.as_deref(),
            Some("`Hosted Voice` is the name; use its id `voice`")
        );
        assert_eq!((found[1].line, found[1].column), (5, 36));
        assert_eq!(found[1].help.as_deref(), Some("did you mean `portal`?"));
    }
}
