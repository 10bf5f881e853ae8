//! Output for machines other than browsers: `llms.txt` (an index of the site for AI assistants,
//! <https://llmstxt.org>), a plain Markdown copy of each article beside its page
//! (`billing/refunds/index.md`), and the JSON-LD of article pages (`TechArticle` and
//! `BreadcrumbList`, <https://schema.org>).
//!
//! Each build writes them for what its audience may see: a Markdown copy leaves out the
//! audience sections the build hides, exactly as the page does.

use std::collections::BTreeMap;

use serde_json::json;

use super::Renderer;
use crate::markdown::Origin;
use crate::site::Article;

impl Renderer<'_> {
    /// `llms.txt`, the index of the published articles by category. (Their Markdown copies
    /// are written with their pages, see [`Renderer::markdown_file`].)
    pub(super) fn llms_txt(&self) -> anyhow::Result<()> {
        let mut by_category: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
        for article in self.articles.iter().filter(|a| !a.front_matter.draft) {
            by_category
                .entry(&article.category)
                .or_default()
                .push(article);
        }
        let config = &self.site.config;
        let mut index = format!("# {}\n", one_line(&config.title));
        if !config.description.is_empty() {
            index.push_str(&format!("\n> {}\n", one_line(&config.description)));
        }
        for (category, articles) in by_category {
            let title = self
                .site
                .categories
                .get(category)
                .map_or("Articles", |c| c.title.as_str());
            index.push_str(&format!("\n## {}\n\n", one_line(title)));
            for article in articles {
                index.push_str(&format!(
                    "- [{}]({}): {}\n",
                    escape_link_text(article.title()),
                    self.urls.full(&markdown_path(article)),
                    one_line(article.summary())
                ));
            }
        }
        self.sink.put("llms.txt", index.into_bytes())
    }

    /// Writes the Markdown copy of an article beside its page. Drafts get one too when the build shows them (`serve`, `--drafts`): the page links to
    /// it and search snippets read it. `llms.txt` still lists only published articles.
    pub(super) fn markdown_file(&self, article: &Article) -> anyhow::Result<()> {
        let copy = self.markdown_copy(article);
        self.sink.put(&markdown_path(article), copy.into_bytes())
    }

    /// The article as Markdown: title, summary, then the body as written, without the audience
    /// sections this build hides.
    fn markdown_copy(&self, article: &Article) -> String {
        let layout = self.copy_layout(article);
        let mut copy = format!(
            "# {}\n\n> {}\n",
            one_line(article.title()),
            one_line(article.summary())
        );
        let comments = &article.body.comments;
        if !article.body.inclusions.is_empty() {
            self.push_expanded(&mut copy, article, &layout, Origin(0), &article.text, "");
            copy.push('\n');
            return copy;
        }
        let mut line_start = 0;
        for (number, line) in (1u32..).zip(article.text.lines()) {
            if layout.keeps(number) {
                copy.push('\n');
                if comments.is_empty() {
                    copy.push_str(line);
                } else {
                    push_without_comments(&mut copy, line, line_start, comments);
                }
            }
            line_start += line.len() + 1;
        }
        copy.push('\n');
        copy
    }

    /// Pushes the lines of the file at `origin` (the article, or a snippet it includes, whose
    /// text is `text`) that the copy keeps, each include line replaced by the included
    /// snippet's lines (after `indent`, the include line's own): the copy holds the expanded
    /// Markdown, numbered as [`crate::markdown::Body::expanded_line`] numbers it.
    fn push_expanded(
        &self,
        copy: &mut String,
        article: &Article,
        layout: &CopyLayout,
        origin: Origin,
        text: &str,
        indent: &str,
    ) {
        let body = &article.body;
        let (first_line, comments) = match origin.inclusion() {
            None => (1, &body.comments),
            Some(index) => (
                body.inclusions[index].first_line,
                &body.inclusions[index].comments,
            ),
        };
        let mut line_start = 0;
        for (number, line) in (1u32..).zip(text.lines()) {
            let start = line_start;
            line_start += line.len() + 1;
            if number < first_line {
                continue;
            }
            let included = body
                .inclusions
                .iter()
                .position(|i| i.parent == origin && i.span.start.line == number);
            if let Some(index) = included {
                let inclusion = &body.inclusions[index];
                let Some(snippet) = self.site.snippets.get(&inclusion.name) else {
                    continue;
                };
                let indent = format!("{indent}{}", inclusion.indent);
                let child = Origin(index as u32 + 1);
                self.push_expanded(copy, article, layout, child, &snippet.source.text, &indent);
                continue;
            }
            if !layout.keeps(body.expanded_line(origin, number)) {
                continue;
            }
            copy.push('\n');
            if !line.is_empty() {
                copy.push_str(indent);
            }
            push_without_comments(copy, line, start, comments);
        }
    }

    /// Which source lines of `article` its Markdown copy keeps, and where they land.
    pub(super) fn copy_layout<'r>(&self, article: &'r Article) -> CopyLayout<'r> {
        let mut hidden = self.hidden_lines(article);
        // The copy starts with `# title`: the body's own title heading would double it.
        if article.body.title_heading.is_some() {
            hidden.push(&article.body.title_lines);
        }
        let body_start = match article.block {
            crate::front_matter::Block::Closed { body_start, .. } => body_start,
            _ => 0,
        };
        // The body starts on the line after the front matter's closing `---`; when that line
        // ends the file without a newline, the offset is still on it (column > 1).
        let start = article.lines.position(&article.text, body_start);
        CopyLayout {
            first_body_line: start.line + u32::from(start.column > 1),
            hidden,
        }
    }

    /// The JSON-LD of an article page, ready to sit inside `<script type="application/ld+json">`.
    pub(super) fn json_ld(&self, article: &Article, breadcrumbs: &[super::Link]) -> String {
        let mut trail: Vec<serde_json::Value> = breadcrumbs
            .iter()
            .enumerate()
            .map(|(i, crumb)| {
                json!({
                    "@type": "ListItem",
                    "position": i + 1,
                    "name": crumb.title,
                    "item": format!("{}{}", self.urls.origin(), crumb.url),
                })
            })
            .collect();
        trail.push(json!({
            "@type": "ListItem",
            "position": trail.len() + 1,
            "name": article.title(),
            "item": self.urls.full(&article.url),
        }));
        let mut tech_article = json!({
            "@context": "https://schema.org",
            "@type": "TechArticle",
            "headline": article.title(),
            "description": article.summary(),
            "url": self.urls.full(&article.url),
            "inLanguage": self.site.config.language,
        });
        if let Some(reviewed) = &article.front_matter.reviewed {
            tech_article["dateModified"] = json!(reviewed.value.to_string());
        }
        let graph = json!([
            tech_article,
            {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": trail},
        ]);
        script_safe(&graph.to_string())
    }
}

/// Where an article's Markdown copy is, under the site root (`billing/refunds/index.md`).
pub(super) fn markdown_path(article: &Article) -> String {
    format!("{}index.md", article.url)
}

/// Where an article's source lines go in its Markdown copy: three lines of title and summary,
/// a blank line, then the body's lines that the build shows.
pub(super) struct CopyLayout<'r> {
    first_body_line: u32,
    /// The line ranges of the audience sections the build hides.
    hidden: Vec<&'r std::ops::Range<u32>>,
}

impl CopyLayout<'_> {
    /// The copy's line before the body (the blank one after the summary).
    pub const BEFORE_BODY: u32 = 4;

    /// Whether the copy has source line `line` (1-based).
    pub fn keeps(&self, line: u32) -> bool {
        line >= self.first_body_line && super::shows_line(&self.hidden, line)
    }

    /// The copy's line numbers of the kept source `lines` (sorted, 1-based).
    pub fn lines_in_copy(&self, lines: impl IntoIterator<Item = u32>) -> Vec<u32> {
        let mut copy_line = Self::BEFORE_BODY;
        let mut next = self.first_body_line;
        lines
            .into_iter()
            .map(|line| {
                while next <= line {
                    if self.keeps(next) {
                        copy_line += 1;
                    }
                    next += 1;
                }
                copy_line
            })
            .collect()
    }
}

/// Pushes `line` (at byte `start` of the article text) without the parts inside `comments`
/// (HTML comments, never published: they often hold internal notes). A line that was all comment
/// stays, empty, so the copy keeps its line layout.
fn push_without_comments(
    copy: &mut String,
    line: &str,
    start: usize,
    comments: &[std::ops::Range<usize>],
) {
    let end = start + line.len();
    let mut position = start;
    for comment in comments {
        if comment.end <= position || comment.start >= end {
            continue;
        }
        if comment.start > position {
            copy.push_str(&line[position - start..comment.start - start]);
        }
        position = comment.end.min(end);
    }
    copy.push_str(&line[position - start..]);
}

/// JSON that cannot end its `<script>` element or open a comment in it: `<`, `>` and `&` as
/// `\u` escapes (still the same JSON), and the line separators old parsers choke on.
fn script_safe(json: &str) -> String {
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    safe
}

/// Text on one line: front matter values are single-line, but a `|` block may not be.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Link text in Markdown: brackets would end it early.
fn escape_link_text(text: &str) -> String {
    one_line(text).replace('[', "\\[").replace(']', "\\]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_element_cannot_close_it() {
        let json = serde_json::json!({"headline": "</script><script>alert(1)</script> & <!--"});
        let safe = script_safe(&json.to_string());
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, json, "still the same JSON");
    }

    #[test]
    fn index_lines_stay_on_one_line() {
        assert_eq!(one_line("Two\nlines  here"), "Two lines here");
        assert_eq!(escape_link_text("A [draft] title"), "A \\[draft\\] title");
    }

    #[test]
    fn a_body_less_article_ending_at_its_front_matter_has_an_empty_copy_body() {
        use crate::check::testing::{article, kb, render_public};
        // The closing `---` is the file's last line, without a newline.
        let text = article("");
        let files = [("articles/a.md", text.trim_end())];
        let site = render_public(&kb(&files));
        let copy = String::from_utf8(site.get("a/index.md").unwrap().to_vec()).unwrap();
        assert_eq!(copy, "# An article\n\n> A summary.\n\n", "no stray `---`");
    }

    #[test]
    fn a_leading_body_h1_is_the_page_heading_once_and_comments_stay_out_of_the_copy() {
        use crate::check::testing::{article, kb, render_public};
        let body = "# Set up call forwarding\n\nIntro <!-- ask Bob: internal -->here.\n\n<!--\nInternal note\n-->\n\n## Steps\n\nDo it.\n";
        let text = article(body);
        let site = render_public(&kb(&[("articles/a.md", text.as_str())]));
        let page = String::from_utf8(site.get("a/index.html").unwrap().to_vec()).unwrap();
        assert_eq!(page.matches("<h1").count(), 1, "{page}");
        assert!(
            page.contains("<h1 id=\"set-up-call-forwarding\">Set up call forwarding</h1>"),
            "{page}"
        );
        assert!(
            page.contains("<title>An article"),
            "the title stays the <title>"
        );
        let copy = String::from_utf8(site.get("a/index.md").unwrap().to_vec()).unwrap();
        assert_eq!(
            copy,
            "# An article\n\n> A summary.\n\n\nIntro here.\n\n\n\n\n\n## Steps\n\nDo it.\n"
        );
        for output in [&page, &copy] {
            assert!(
                !output.contains("internal") && !output.contains("Internal"),
                "{output}"
            );
        }
    }
}
