//! `duplicate-title`: two articles with the same title (ignoring case and surrounding spaces).

use std::collections::HashMap;

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "duplicate-title",
    default_severity: Severity::Warning,
    summary: "Two articles have the same title.",
    explanation: "Titles are what readers scan in category lists, search results and the browser \
tab. Two articles with the same title (compared ignoring case and extra spaces) look like the \
same answer, so readers open the wrong one or think the KB repeats itself; often one is an \
outdated copy of the other. Every article with the title is reported, naming the others. Fix: \
merge the articles if they answer the same question, or make each title say what is different \
(the product, the role, the situation: \"Reset your voicemail PIN (Hosted Voice)\").",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let articles = &context.site.articles;
    // Indexes in path order, so the "other" named in each message is deterministic.
    let mut by_title: HashMap<String, Vec<usize>> = HashMap::with_capacity(articles.len());
    for (index, article) in articles.iter().enumerate() {
        if let Some(title) = &article.front_matter.title {
            by_title
                .entry(normalize(&title.value))
                .or_default()
                .push(index);
        }
    }
    let mut found = Vec::new();
    for group in by_title.values().filter(|group| group.len() > 1) {
        for &index in group {
            let article = &articles[index];
            let Some(title) = &article.front_matter.title else {
                continue;
            };
            let others: Vec<&str> = group
                .iter()
                .filter(|&&other| other != index)
                .map(|&other| articles[other].path.as_str())
                .collect();
            let more = match others.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            found.push(
                Diagnostic::new(
                    &RULE,
                    &article.path,
                    title.span,
                    format!("title `{}` is also the title of `{}`{more}", title.value, others[0]),
                )
                .with_help("make each title say what is different about its article, or merge the articles"),
            );
        }
    }
    // Groups come out of a HashMap: sort, so the order never depends on hashing.
    found.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    found
}

/// Case and spacing do not make titles different to a reader.
fn normalize(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    fn titled(title: &str) -> String {
        article("## Steps\n").replace("title: An article", &format!("title: {title}"))
    }

    #[test]
    fn reports_every_article_with_the_title() {
        let site = kb(&[
            ("articles/a.md", &titled("Reset your PIN")),
            ("articles/b.md", &titled("\"  RESET your   pin \"")),
            ("articles/c.md", &titled("Reset your PIN")),
        ]);
        let found = findings(&site, "duplicate-title");
        let summary: Vec<_> = found
            .iter()
            .map(|d| (d.file.as_str(), d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "articles/a.md",
                    2,
                    8,
                    "title `Reset your PIN` is also the title of `articles/b.md` (and 1 more)"
                ),
                (
                    "articles/b.md",
                    2,
                    8,
                    "title `RESET your   pin` is also the title of `articles/a.md` (and 1 more)"
                ),
                (
                    "articles/c.md",
                    2,
                    8,
                    "title `Reset your PIN` is also the title of `articles/a.md` (and 1 more)"
                ),
            ]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("make each title say what is different about its article, or merge the articles")
        );
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
    }

    #[test]
    fn two_articles_name_each_other() {
        let site = kb(&[
            ("articles/x/a.md", &titled("Día de pago")),
            ("articles/y/a.md", &titled("DÍA DE PAGO")),
        ]);
        let messages: Vec<_> = findings(&site, "duplicate-title")
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            messages,
            vec![
                "title `Día de pago` is also the title of `articles/y/a.md`",
                "title `DÍA DE PAGO` is also the title of `articles/x/a.md`",
            ]
        );
    }

    #[test]
    fn different_titles_are_silent() {
        let site = kb(&[
            ("articles/a.md", &titled("Reset your PIN")),
            ("articles/b.md", &titled("Reset your PIN (Hosted Voice)")),
            ("articles/c.md", "---\nsummary: No title.\n---\n"),
            ("articles/d.md", "---\nsummary: No title either.\n---\n"),
        ]);
        assert!(findings(&site, "duplicate-title").is_empty());
    }
}
