//! `unknown-audience`: an `audience` value, or an audience in a section marker
//! (`## Heading {audience=id}`), that is not declared in site.toml; or a malformed marker.

use super::vocabulary::Vocabulary;
use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "unknown-audience",
    default_severity: Severity::Error,
    summary: "An audience (in front matter or a section marker) is not declared, or a marker is malformed.",
    explanation: "Audiences are declared with `[audiences.<id>]` in site.toml. An article's \
`audience` list and the section markers on headings (`## If you bought through a reseller \
{audience=wholesale}`, several as `{audience=direct,wholesale}` with no spaces) must use declared \
ids: an unknown audience would hide the article or section from every reader. Heading attributes \
other than `#id`, `.class` and `audience=` are reported too, since a mistyped marker \
(`{audiance=wholesale}` or `{audience=\"direct wholesale\"}`) would publish the section to everyone.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let audiences = &context.site.config.audiences;
    let vocabulary = Vocabulary {
        table: "audiences",
        entries: audiences
            .iter()
            .map(|(id, a)| (id.as_str(), a.name.as_str()))
            .collect(),
    };
    let mut found = Vec::new();
    // A snippet's own `audience:` list (its sections' markers are checked in each includer).
    if context.only.is_none() {
        for snippet in context.site.snippets.values() {
            for value in snippet.source.front_matter.audience.iter().flatten() {
                found.extend(vocabulary.check(
                    &RULE,
                    &snippet.source.path,
                    &value.value,
                    value.span,
                    "audience",
                ));
            }
        }
    }
    for article in context.articles() {
        for value in article.front_matter.audience.iter().flatten() {
            found.extend(vocabulary.check(
                &RULE,
                &article.path,
                &value.value,
                value.span,
                "audience",
            ));
        }
        for heading in &article.body.headings {
            for audience in &heading.audiences {
                found.extend(
                    vocabulary
                        .check(
                            &RULE,
                            &article.path,
                            audience,
                            heading.span,
                            "audience in section marker",
                        )
                        .map(|d| super::moved_to_origin(d, article, heading.origin)),
                );
            }
            for attribute in &heading.unknown_attributes {
                found.push(
                    super::in_body(&RULE, article, heading.origin, heading.span, format!("malformed heading marker `{attribute}`"))
                        .with_help("mark an audience section as `{audience=id}` or `{audience=id1,id2}` (no spaces or quotes)"),
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
    fn checks_front_matter_and_section_markers() {
        let text = article("## Steps\n\n### Resellers {audience=wholsale}\n\n### Both {audience=direct,wholesale}\n\n### Bad {audience=\"direct wholesale\"}\n")
            .replace("reviewed:", "audience: [direct, partner]\nreviewed:");
        let site = kb(&[("articles/a.md", &text)]);
        let found = findings(&site, "unknown-audience");
        let summary: Vec<_> = found.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            summary,
            vec![
                (6, "unknown audience `partner`: not declared in [audiences] of site.toml"),
                (11, "unknown audience in section marker `wholsale`: not declared in [audiences] of site.toml"),
                (15, "malformed heading marker `wholesale\"`"),
                (15, "unknown audience in section marker `\"direct`: not declared in [audiences] of site.toml"),
            ]
        );
        assert_eq!(found[1].help.as_deref(), Some("did you mean `wholesale`?"));
    }

    #[test]
    fn braces_that_are_heading_text_are_not_markers() {
        let site = kb(&[(
            "articles/a.md",
            &article("## Parameters\n\n### -InputFormat {Text | XML}\n\n### -Encoding {UTF8}\n"),
        )]);
        assert!(findings(&site, "unknown-audience").is_empty());
        let headings = &site.articles[0].body.headings;
        assert_eq!(headings[1].text, "-InputFormat {Text | XML}");
        assert_eq!(headings[2].text, "-Encoding {UTF8}");
    }
}
