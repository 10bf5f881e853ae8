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
use crate::markdown::{Origin, ARTICLE};
use crate::site::Article;

impl Renderer<'_> {
    /// `llms.txt`, the index of the published articles by category. (Their Markdown copies
    /// are written with their pages, see [`Renderer::markdown_file`].)
    pub(super) fn llms_txt(&self) -> anyhow::Result<()> {
        let mut by_category: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
        for article in self.articles.iter().filter(|a| !self.view.preview_only(a)) {
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
        let mut copy = copy_header(article);
        self.copy_body(article, &layout, &mut |_, piece| copy.push_str(piece));
        copy.push('\n');
        copy
    }

    /// Where the sections of `article` start in its Markdown copy, in bytes, without writing
    /// it: the intro at the blank line after the summary, then each of the kept
    /// `heading_lines` (sorted, 1-based lines of the expanded body) at its line. (The search
    /// cards give them, and the results page asks for one section's bytes; `serve` makes cards
    /// without the copies.)
    pub(super) fn section_starts_in_copy(
        &self,
        article: &Article,
        layout: &CopyLayout,
        heading_lines: &[u32],
    ) -> Vec<u32> {
        let header = copy_header(article).len();
        let mut starts = Vec::with_capacity(heading_lines.len() + 1);
        starts.push(header as u32);
        if heading_lines.is_empty() {
            return starts;
        }
        let mut length = header;
        let mut wanted = heading_lines.iter().peekable();
        self.copy_body(article, layout, &mut |number, piece| {
            // Each kept line starts with its "\n" piece: the line itself starts after it.
            if piece == "\n" {
                while wanted.next_if(|&&line| line <= number).is_some() {
                    starts.push((length + 1) as u32);
                }
            }
            length += piece.len();
        });
        starts
    }

    /// What the Markdown copy writes in place of parts of the article text, in order: nothing
    /// for HTML comments, this build's value for each `{{ name }}` (one line, like what it
    /// replaces, so lines stay where search cards point). An unknown or unclosed use stays.
    fn copy_edits<'r>(&'r self, article: &'r Article) -> Vec<(std::ops::Range<usize>, &'r str)> {
        let body = &article.body;
        if body.variables.is_empty() {
            return body
                .comments
                .iter()
                .map(|range| (range.clone(), ""))
                .collect();
        }
        let variables = self.bodies.variables();
        let values = body
            .variables
            .iter()
            .filter(|used| used.closed && !used.range.is_empty())
            .filter_map(|used| {
                let value = variables.get(&used.name)?;
                Some((used.range.clone(), value.as_str()))
            });
        let mut edits: Vec<_> = (body.comments.iter().map(|range| (range.clone(), "")))
            .chain(values)
            .collect();
        edits.sort_by_key(|(range, _)| range.start);
        edits
    }

    /// Calls `piece(line, text)` with the Markdown copy's body after its header, in order: for
    /// each line the copy keeps, "\n" then its text (in one or more pieces), `line` being its
    /// number in the expanded body ([`crate::markdown::Body::expanded_line`]). Each include
    /// line is replaced by the included snippet's lines (indented like it), the article's own
    /// lines get [`Self::copy_edits`], a snippet's lose their comments. One walk for the copy
    /// and the offsets into it, so they cannot disagree.
    fn copy_body(&self, article: &Article, layout: &CopyLayout, piece: &mut dyn FnMut(u32, &str)) {
        let edits = self.copy_edits(article);
        self.copy_lines(article, layout, &edits, ARTICLE, &article.text, "", piece);
    }

    /// [`Self::copy_body`] for the file at `origin` (the article, or a snippet it includes,
    /// whose text is `text`), its lines after `indent`, the include line's own.
    #[allow(clippy::too_many_arguments)]
    fn copy_lines(
        &self,
        article: &Article,
        layout: &CopyLayout,
        edits: &[(std::ops::Range<usize>, &str)],
        origin: Origin,
        text: &str,
        indent: &str,
        piece: &mut dyn FnMut(u32, &str),
    ) {
        let body = &article.body;
        let snippet_edits: Vec<(std::ops::Range<usize>, &str)>;
        let (first_line, edits) = match origin.inclusion() {
            None => (1, edits),
            Some(index) => {
                let inclusion = &body.inclusions[index];
                snippet_edits = (inclusion.comments.iter())
                    .map(|range| (range.clone(), ""))
                    .collect();
                (inclusion.first_line, snippet_edits.as_slice())
            }
        };
        let mut line_start = 0;
        for (number, line) in (1u32..).zip(text.lines()) {
            let start = line_start;
            line_start += line.len() + 1;
            if number < first_line {
                continue;
            }
            if !body.inclusions.is_empty() {
                let included = (body.inclusions.iter())
                    .position(|i| i.parent == origin && i.span.start.line == number);
                if let Some(index) = included {
                    let inclusion = &body.inclusions[index];
                    if let Some(snippet) = self.site.snippets.get(&inclusion.name) {
                        let indent = format!("{indent}{}", inclusion.indent);
                        let child = Origin(index as u32 + 1);
                        let text = &snippet.source.text;
                        self.copy_lines(article, layout, edits, child, text, &indent, piece);
                    }
                    continue;
                }
            }
            let expanded = body.expanded_line(origin, number);
            if !layout.keeps(expanded) {
                continue;
            }
            piece(expanded, "\n");
            if !line.is_empty() && !indent.is_empty() {
                piece(expanded, indent);
            }
            if edits.is_empty() {
                piece(expanded, line);
            } else {
                edited(line, start, edits, &mut |text| piece(expanded, text));
            }
        }
    }

    /// Which source lines of `article` its Markdown copy keeps, and where they land.
    pub(super) fn copy_layout<'r>(&self, article: &'r Article) -> CopyLayout<'r> {
        let mut hidden = self.view.hidden_lines(article);
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
            // An untranslated article shown in a language's site is in the default language.
            "inLanguage": article.text_language.as_ref().unwrap_or(&self.options.variant.language),
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
    /// Whether the copy has source line `line` (1-based).
    pub fn keeps(&self, line: u32) -> bool {
        line >= self.first_body_line && super::view::shows_line(&self.hidden, line)
    }
}

/// The title and summary lines that start a Markdown copy, each ending with its newline.
fn copy_header(article: &Article) -> String {
    format!(
        "# {}\n\n> {}\n",
        one_line(article.title()),
        one_line(article.summary())
    )
}

/// Gives `line` (at byte `start` of the article text) to `push` with `edits` applied: each
/// range of the text replaced by its text (HTML comments by nothing: never published, they
/// often hold internal notes). A line that was all comment stays, empty, so the copy keeps its
/// line layout.
fn edited(
    line: &str,
    start: usize,
    edits: &[(std::ops::Range<usize>, &str)],
    push: &mut dyn FnMut(&str),
) {
    let end = start + line.len();
    let mut position = start;
    for (range, replacement) in edits {
        if range.end <= position || range.start >= end {
            continue;
        }
        if range.start > position {
            push(&line[position - start..range.start - start]);
        }
        if range.start >= position {
            push(replacement);
        }
        position = range.end.min(end);
    }
    push(&line[position - start..]);
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
