//! `missing-translation`: a published article has no translation into a language that
//! `[languages.CODE] required = true` asks every article to have.

use super::Context;
use crate::diagnostic::{Diagnostic, Position, Rule, Severity, Span};
use crate::site::Life;

pub const RULE: Rule = Rule {
    code: "missing-translation",
    default_severity: Severity::Warning,
    summary: "An article has no translation into a language the site requires.",
    explanation: "`[languages.CODE] required = true` in site.toml says every published article \
should be translated into that language. Readers of that language otherwise get the article in \
the default language, or not at all, depending on the site's setting. Drafts are not reported. \
Fix: translate the article into `NAME.CODE.md` beside it, with `source_reviewed` set to the \
article's `reviewed` date; or, while a language is being rolled out, leave `required` off (then \
nothing is reported) or make the finding an error with `[check.severity]` once it is complete.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    let required: Vec<&str> = (site.config.languages.iter())
        .filter(|(_, language)| language.required)
        .map(|(code, _)| code.as_str())
        .collect();
    if required.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for article in context.articles() {
        if matches!(article.life(context.today), Life::Draft) {
            continue;
        }
        let translations = site.translations_of(&article.path);
        let missing: Vec<&str> = (required.iter().copied())
            .filter(|code| !translations.iter().any(|t| t.language == *code))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let stem = article
            .path
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".md");
        let files: Vec<String> = missing
            .iter()
            .map(|code| format!("`{stem}.{code}.md`"))
            .collect();
        let languages: Vec<String> = missing.iter().map(|code| format!("`{code}`")).collect();
        found.push(
            Diagnostic::new(
                &RULE,
                &article.path,
                Span::point(Position::START),
                format!("no translation into {}", languages.join(", ")),
            )
            .with_help(format!(
                "translate it into {} beside it, with `source_reviewed` set to its `reviewed` date",
                files.join(", ")
            )),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::*;

    #[test]
    fn only_required_languages_are_reported_and_drafts_are_not() {
        let translation = "---\ntitle: T\nsource_reviewed: 2026-10-01\n---\n## Steps\n";
        let site = kb_with_config(
            "[languages.fr]\nname = \"Français\"\nrequired = true\n[languages.de]\nname = \"Deutsch\"\nrequired = true\n[languages.es]\nname = \"Español\"\n",
            &[
                ("articles/a.md", &article("## Steps\n")),
                ("articles/a.fr.md", translation),
                ("articles/b.md", &article("## Steps\n")),
                ("articles/b.fr.md", translation),
                ("articles/b.de.md", translation),
                ("articles/c.md", &article("## Steps\n").replace("reviewed:", "draft: true\nreviewed:")),
            ],
        );
        let found = findings(&site, RULE.code);
        let described: Vec<(&str, &str)> = found
            .iter()
            .map(|d| (d.file.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(described, [("articles/a.md", "no translation into `de`")]);
        assert!(found[0].help.as_deref().unwrap().contains("`a.de.md`"));
    }

    #[test]
    fn languages_that_are_not_required_are_silent() {
        let site = kb_with_config(
            "[languages.fr]\nname = \"Français\"\n",
            &[("articles/a.md", &article("## Steps\n"))],
        );
        assert!(findings(&site, RULE.code).is_empty());
    }
}
