//! `raw-html`: raw HTML the sanitizer removes (a `<script>`, an `onclick`, a `javascript:`
//! URL), named at its place; with `[markdown] raw_html = "escape"`, every raw tag, which readers
//! then see as text.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity, Span};
use crate::markdown::RemovedHtml;

pub const RULE: Rule = Rule {
    code: "raw-html",
    default_severity: Severity::Warning,
    summary: "Raw HTML in the Markdown is removed (or, when the site escapes it, shown as text).",
    explanation: "kbpress keeps the raw HTML an article needs (`<kbd>`, `<br>`, `<sup>`, \
`<details>`, HTML tables, `<a id>`, images with a safe `src`; the list is in the README) and \
removes what could run scripts, load other pages or break the layout: `<script>` and `<style>` \
(with their content), `<iframe>`, `<object>`, forms, event handlers such as `onclick`, `style` \
attributes, and `javascript:` or other unsafe URLs. HTML comments are removed silently. This \
warning names each thing removed, since readers will not see it. Fix: remove it from the \
article, or use Markdown (`[text](url)`, `![alt](image.png)`, a `> [!NOTE]` callout). With \
`raw_html = \"escape\"` under `[markdown]` in site.toml, every tag is shown as text instead and \
reported here; use the Markdown equivalent, or backticks (`` `<br>` ``) to show a tag as code. \
Turn this warning off with `raw-html = \"off\"` under `[check.severity]`.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for article in context.bodies() {
        let body = &article.body;
        if body.raw_html.is_empty() && body.removed_html.is_empty() {
            continue;
        }
        // A file of generated HTML can hold millions of tags: report the first few and count
        // the rest, so the report (and the time to make it) stays bounded.
        for removed in body.removed_html.iter().take(MAX_PER_ARTICLE) {
            found.push(removed_finding(article, removed));
        }
        let lines: Vec<&str> = if body.raw_html.is_empty() {
            Vec::new()
        } else {
            article.text.split('\n').collect()
        };
        for (origin, span) in body.raw_html.iter().take(MAX_PER_ARTICLE) {
            let html = match origin.inclusion() {
                None => snippet(&lines, span),
                // Raw HTML in an included snippet: its text, from the snippet file.
                Some(index) => {
                    let name = &body.inclusions[index].name;
                    let text = context
                        .site
                        .snippets
                        .get(name)
                        .map_or("", |s| &s.source.text);
                    snippet(&text.split('\n').collect::<Vec<_>>(), span)
                }
            };
            found.push(
                super::in_body(
                    &RULE,
                    article,
                    *origin,
                    *span,
                    format!("raw HTML `{html}` is escaped in the output"),
                )
                .with_help(help(&html)),
            );
        }
        let spans = body
            .removed_html
            .iter()
            .map(|r| (r.origin, r.span))
            .chain(body.raw_html.iter().copied());
        let total = body.removed_html.len() + body.raw_html.len();
        let rest = total.saturating_sub(MAX_PER_ARTICLE);
        if rest > 0 {
            let (origin, span) = spans.clone().nth(MAX_PER_ARTICLE).unwrap_or_default();
            found.push(
                super::in_body(
                    &RULE,
                    article,
                    origin,
                    span,
                    format!("{rest} more places with raw HTML in this article are not listed"),
                )
                .with_help("use Markdown instead of HTML"),
            );
        }
    }
    found
}

fn removed_finding(article: &crate::site::Article, removed: &RemovedHtml) -> Diagnostic {
    let help = if removed.what.contains(" URL ") {
        "use an https: link, or a relative link to a KB file; kbpress never publishes script URLs"
    } else if removed.what.contains("attribute") {
        "remove the attribute: event handlers and styles are never published; the README lists the attributes kept"
    } else {
        "remove it from the article, or use Markdown; the README lists the HTML tags kept"
    };
    super::in_body(
        &RULE,
        article,
        removed.origin,
        removed.span,
        format!("raw HTML: {}", removed.what),
    )
    .with_help(help)
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

    const ESCAPE: &str = "[markdown]\nraw_html = \"escape\"\n";

    fn summary(found: &[crate::diagnostic::Diagnostic]) -> Vec<(u32, u32, &str, &str)> {
        found
            .iter()
            .map(|d| {
                (
                    d.line,
                    d.column,
                    d.message.as_str(),
                    d.help.as_deref().unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn names_what_the_sanitizer_removes_at_its_place() {
        let site = kb(&[(
            "articles/a.md",
            &article("## Steps\n\nPress <kbd>Tab</kbd>.<br>\n<button onclick=\"go()\">Go</button>\n\n<div class=\"note\" style=\"color:red\">\n<a href=\" javascript:alert(1)\">x</a> <img src=\"data:image/svg+xml,x\" alt=\"y\">\n</div>\n\n<!-- TODO: ask Bob -->\n\n<script>\nalert(1)\n</script>\n"),
        )]);
        let found = findings(&site, "raw-html");
        assert_eq!(
            summary(&found),
            vec![
                (
                    11,
                    1,
                    "raw HTML: `<button>` removed",
                    "remove it from the article, or use Markdown; the README lists the HTML tags kept"
                ),
                (
                    13,
                    19,
                    "raw HTML: `style` attribute removed from `<div>`",
                    "remove the attribute: event handlers and styles are never published; the README lists the attributes kept"
                ),
                (
                    14,
                    4,
                    "raw HTML: `javascript:` URL removed from `<a href>`",
                    "use an https: link, or a relative link to a KB file; kbpress never publishes script URLs"
                ),
                (
                    14,
                    43,
                    "raw HTML: `data:` URL removed from `<img src>`",
                    "use an https: link, or a relative link to a KB file; kbpress never publishes script URLs"
                ),
                (
                    19,
                    1,
                    "raw HTML: `<script>` removed with its content",
                    "remove it from the article, or use Markdown; the README lists the HTML tags kept"
                ),
            ]
        );
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
    }

    #[test]
    fn allowed_html_and_comments_are_silent() {
        let site = kb(&[(
            "articles/a.md",
            &article("## Steps\n\nPress <kbd>Tab</kbd>.<br>\n<!-- note -->\n\n<table>\n<tr><td colspan=\"2\">x</td></tr>\n</table>\n\n<a id=\"ex3\"></a> <abbr title=\"Single sign-on\">SSO</abbr>\n"),
        )]);
        assert!(findings(&site, "raw-html").is_empty());
    }

    #[test]
    fn many_tags_are_capped_with_a_count() {
        let body = format!("## Steps\n\n{}\n", "<b onclick=x>x</b> ".repeat(5_000));
        let site = kb(&[("articles/a.md", &article(&body))]);
        let found = findings(&site, "raw-html");
        assert_eq!(found.len(), 21);
        assert_eq!(
            found[20].message,
            "4980 more places with raw HTML in this article are not listed"
        );
        let site = kb_with_config(ESCAPE, &[("articles/a.md", &article(&body))]);
        let found = findings(&site, "raw-html");
        assert_eq!(
            found[20].message,
            "9980 more places with raw HTML in this article are not listed"
        );
    }

    #[test]
    fn escaping_reports_blocks_and_inline_tags_at_their_position() {
        let site = kb_with_config(ESCAPE, &[(
            "articles/a.md",
            &article("## Steps\n\nPress <b>Save</b>.<br>\n\n<div class=\"note\">\nA note\n</div>\n\n<!-- TODO -->\n"),
        )]);
        let found = findings(&site, "raw-html");
        assert_eq!(
            summary(&found),
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
    }

    #[test]
    fn html_in_code_and_autolinks_is_silent() {
        for config in ["", ESCAPE] {
            let site = kb_with_config(config, &[(
                "articles/a.md",
                &article("## Steps\n\nType `<script>` or see <https://example.com>.\n\n```html\n<script>x</script>\n```\n\n    <p onclick=x>indented code</p>\n\n3 < 4 and 5 > 2\n"),
            )]);
            assert!(findings(&site, "raw-html").is_empty());
        }
    }
}
