//! `raw-html`: raw HTML (a block or an inline tag) in the Markdown, which kbpress escapes, so
//! readers see the tags as text.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity, Span};

pub const RULE: Rule = Rule {
    code: "raw-html",
    default_severity: Severity::Warning,
    summary: "Raw HTML in the Markdown is escaped in the output.",
    explanation: "kbpress never passes HTML from articles through to the page: it could break the \
layout or run scripts. Raw HTML (`<b>`, `<br>`, `<div>`, `<img>`, `<!-- comments -->`) is \
escaped, so readers see the tags as text. Fix: use the Markdown equivalent: `**bold**`, `*italic*`, \
`[text](url)`, `![alt](image.png)`, a Markdown table, a backslash at the end of a line for a line \
break, or a `> [!NOTE]` callout for a highlighted box. To show a tag as an example, put it in \
backticks (`` `<br>` ``). Turn this warning off with `raw-html = \"off\"` under \
`[check.severity]` if the escaped text is wanted.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for article in context.articles() {
        if article.body.raw_html.is_empty() {
            continue;
        }
        let lines: Vec<&str> = article.text.split('\n').collect();
        // A file of generated HTML can hold millions of tags: report the first few and count
        // the rest, so the report (and the time to make it) stays bounded.
        for span in article.body.raw_html.iter().take(MAX_PER_ARTICLE) {
            let html = snippet(&lines, span);
            found.push(
                Diagnostic::new(
                    &RULE,
                    &article.path,
                    *span,
                    format!("raw HTML `{html}` is escaped in the output"),
                )
                .with_help(help(&html)),
            );
        }
        let rest = article.body.raw_html.len().saturating_sub(MAX_PER_ARTICLE);
        if rest > 0 {
            let span = article.body.raw_html[MAX_PER_ARTICLE];
            found.push(
                Diagnostic::new(
                    &RULE,
                    &article.path,
                    span,
                    format!("{rest} more places with raw HTML in this article are not listed"),
                )
                .with_help("use Markdown instead of HTML"),
            );
        }
    }
    found
}

/// Findings listed per article before the rest are only counted.
const MAX_PER_ARTICLE: usize = 20;

/// The first tag (or the start of the text) at `span`, for the message.
fn snippet(lines: &[&str], span: &Span) -> String {
    const MAX_CHARS: usize = 40;
    let line = lines
        .get(span.start.line.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("");
    let rest: String = line
        .chars()
        .skip(span.start.column.saturating_sub(1) as usize)
        .collect();
    let rest = rest.trim();
    let tag = match rest.find('>') {
        Some(end) => &rest[..=end],
        None => rest,
    };
    if tag.chars().count() > MAX_CHARS {
        format!("{}...", tag.chars().take(MAX_CHARS).collect::<String>())
    } else {
        tag.to_string()
    }
}

fn help(html: &str) -> &'static str {
    let name: String = html
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    match name.as_str() {
        _ if html.starts_with("<!--") => "remove the comment, or keep notes outside the article",
        "b" | "strong" => "use `**bold**` instead",
        "i" | "em" => "use `*italic*` instead",
        "br" => "end the line with a backslash (`\\`) for a line break",
        "a" => "use a Markdown link instead: `[text](url)`",
        "img" => "use a Markdown image instead: `![what it shows](../assets/image.png)`",
        "table" | "tr" | "td" | "th" | "thead" | "tbody" => "use a Markdown table instead",
        "code" | "pre" => "use backticks for code instead: `` `code` `` or a ``` fenced block",
        "ul" | "ol" | "li" => "use a Markdown list (`- item` or `1. item`) instead",
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => "use a Markdown heading (`## Heading`) instead",
        _ => "use Markdown instead, or put the HTML in backticks to show it as code",
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn many_tags_are_capped_with_a_count() {
        let body = format!("## Steps\n\n{}\n", "<b>x</b> ".repeat(5_000));
        let site = kb(&[("articles/a.md", &article(&body))]);
        let found = findings(&site, "raw-html");
        assert_eq!(found.len(), 21);
        assert_eq!(
            found[20].message,
            "9980 more places with raw HTML in this article are not listed"
        );
    }

    #[test]
    fn reports_blocks_and_inline_tags_at_their_position() {
        let site = kb(&[(
            "articles/a.md",
            &article("## Steps\n\nPress <b>Save</b>.<br>\n\n<div class=\"note\">\nA note\n</div>\n\n<!-- TODO -->\n"),
        )]);
        let found = findings(&site, "raw-html");
        let summary: Vec<_> = found
            .iter()
            .map(|d| {
                (
                    d.line,
                    d.column,
                    d.message.as_str(),
                    d.help.as_deref().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    10,
                    7,
                    "raw HTML `<b>` is escaped in the output",
                    "use `**bold**` instead"
                ),
                (
                    10,
                    14,
                    "raw HTML `</b>` is escaped in the output",
                    "use `**bold**` instead"
                ),
                (
                    10,
                    19,
                    "raw HTML `<br>` is escaped in the output",
                    "end the line with a backslash (`\\`) for a line break"
                ),
                (
                    12,
                    1,
                    "raw HTML `<div class=\"note\">` is escaped in the output",
                    "use Markdown instead, or put the HTML in backticks to show it as code"
                ),
                (
                    16,
                    1,
                    "raw HTML `<!-- TODO -->` is escaped in the output",
                    "remove the comment, or keep notes outside the article"
                ),
            ]
        );
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
    }

    #[test]
    fn html_in_code_and_autolinks_is_silent() {
        let site = kb(&[(
            "articles/a.md",
            &article("## Steps\n\nType `<br>` or see <https://example.com>.\n\n```html\n<div>x</div>\n```\n\n    <p>indented code</p>\n\n3 < 4 and 5 > 2\n"),
        )]);
        assert!(findings(&site, "raw-html").is_empty());
    }
}
