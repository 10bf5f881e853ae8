//! Markdown bodies to HTML, collecting every heading, link, image and raw HTML block with its
//! source position on the way, so checks can report exact lines without parsing again.
//!
//! Untrusted content is made safe here: raw HTML is sanitized by an allowlist (`raw_html.rs`) or
//! escaped, unsafe URLs never reach an `href` or `src`, relative links are rewritten to the
//! target's URL.

mod highlight;
pub mod include;
pub mod links;
pub mod raw_html;
mod sections;
mod structure;
pub mod variables;
mod writer;

use std::ops::Range;

pub use include::{IncludeProblem, Inclusion, Origin, SnippetDoc, Snippets, ARTICLE};
pub use links::{KbIndex, Target};
pub use raw_html::RawHtmlPolicy;
pub use writer::escape_html;

use crate::diagnostic::Span;

/// The pulldown-cmark features kbpress articles use.
pub fn options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A heading of the body, with its final id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
    /// Whether the id was written as `{#id}`.
    pub explicit_id: bool,
    pub span: Span,
    /// Audience ids from this heading's `{audience=a,b}` marker, as written.
    pub audiences: Vec<String>,
    /// The audiences that can see this heading (all enclosing sections, including its own),
    /// or `None` outside audience sections.
    pub section_audiences: Option<Vec<String>>,
    /// Heading attributes other than `#id`, `.class` and `audience=` (and malformed audience
    /// markers), for the check that reports them.
    pub unknown_attributes: Vec<String>,
    /// The file `span` is in: the article, or a snippet it includes.
    pub origin: Origin,
}

/// Whether a reference is a link or an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Link,
    Image,
}

/// A link or image in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    pub destination: String,
    pub target: Target,
    pub span: Span,
    /// The image's alt text (empty for links).
    pub alt: String,
    /// The audiences of the audience section the link is in, if any.
    pub section_audiences: Option<Vec<String>>,
    /// The file `span` is in: the article, or a snippet it includes.
    pub origin: Origin,
}

/// An audience section of the body: `## Heading {audience=a,b}` up to the next heading of the
/// same or a higher level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Byte range in [`Body::html`], from the `<section>` to its end.
    pub html: Range<usize>,
    pub audiences: Vec<String>,
    /// Lines of the expanded body (see [`Body::expanded_line`]; the .md file's lines when it
    /// includes no snippet), from the heading to the line before the next heading of the same
    /// or a higher level (`u32::MAX` at the end of the file; a snippet's sections end with it).
    pub lines: Range<u32>,
}

/// An article body after rendering.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// The HTML of every section, for every audience; see [`Body::html_for`].
    pub html: String,
    pub sections: Vec<Section>,
    /// An H1 that starts the body (`# Title`, ATX or setext): the page's title heading, shown
    /// by the template instead of `title`; not in `html` nor in `headings`.
    pub title_heading: Option<Heading>,
    /// The source lines of `title_heading` (end exclusive), left out of the Markdown copy.
    pub title_lines: Range<u32>,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Raw HTML in the Markdown, when it is escaped in the output (`raw_html = "escape"`).
    pub raw_html: Vec<(Origin, Span)>,
    /// What the sanitizer removes from raw HTML (`raw_html = "sanitize"`, the default).
    pub removed_html: Vec<RemovedHtml>,
    /// `id` (and `<a name>`) values of raw HTML tags kept in the output: link targets.
    pub html_anchors: Vec<String>,
    /// Byte ranges of HTML comments in the article text (sanitize mode): never in the output,
    /// cut from the Markdown copy too, since they often hold internal notes.
    pub comments: Vec<Range<usize>>,
    /// Every `{{ name }}` (and unclosed `{{ name`), in order: for `unknown-variable`, for the
    /// Markdown copy (which writes the build's values in) and for the render, which renders
    /// a body again for an audience whose values of its variables differ.
    pub variables: Vec<VariableUse>,
    /// Each snippet included (`{{> name }}`), in the order met; origin `n` is `inclusions[n-1]`.
    pub inclusions: Vec<Inclusion>,
    /// Includes that name no snippet, or a snippet already being included (a cycle).
    pub include_problems: Vec<IncludeProblem>,
}

/// A use of a variable in the body: `{{ name }}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableUse {
    pub name: String,
    /// From its `{{` to its `}}` (to its name when unclosed).
    pub span: Span,
    /// Byte range in the article text of the whole `{{ name }}` (of `{{ name` when unclosed);
    /// empty for one in the destination of a reference link (`[a][ref]`), whose definition
    /// the writer does not locate: the Markdown copy leaves that one as written.
    pub range: Range<usize>,
    /// Whether `}}` closes it; an unclosed use is left as text.
    pub closed: bool,
    /// The article's text or the snippet it is in (`span` is in that file).
    pub origin: Origin,
}

/// Something the sanitizer removes from raw HTML, where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedHtml {
    pub span: Span,
    /// What is removed: "`<script>` removed with its content", "`onclick` attribute removed
    /// from `<img>`", "`javascript:` URL removed from `<a href>`".
    pub what: String,
    /// The file `span` is in: the article, or a snippet it includes.
    pub origin: Origin,
}

impl Body {
    /// The HTML without the audience sections that `visible` rejects.
    pub fn html_for(&self, visible: &dyn Fn(&[String]) -> bool) -> std::borrow::Cow<'_, str> {
        let mut hidden: Vec<Range<usize>> = self
            .sections
            .iter()
            .filter(|s| !visible(&s.audiences))
            .map(|s| s.html.clone())
            .collect();
        if hidden.is_empty() {
            return std::borrow::Cow::Borrowed(&self.html);
        }
        hidden.sort_by_key(|r| r.start);
        let mut html = String::with_capacity(self.html.len());
        let mut position = 0;
        for range in hidden {
            if range.start >= position {
                html.push_str(&self.html[position..range.start]);
            }
            position = position.max(range.end);
        }
        html.push_str(&self.html[position..]);
        std::borrow::Cow::Owned(html)
    }

    /// Whether the body includes snippets (or tries to): its content then depends on files
    /// other than its own.
    pub fn uses_snippets(&self) -> bool {
        !self.inclusions.is_empty() || !self.include_problems.is_empty()
    }

    /// The line of the expanded body (the article with each include line replaced by the
    /// snippet's lines, as its Markdown copy shows it) of `line` of the file at `origin`. The
    /// identity for an article that includes nothing.
    pub fn expanded_line(&self, origin: Origin, line: u32) -> u32 {
        if self.inclusions.is_empty() {
            return line;
        }
        let (base, first) = match origin.inclusion() {
            None => (0, 0),
            Some(index) => {
                let inclusion = &self.inclusions[index];
                (inclusion.lines.start, inclusion.first_line)
            }
        };
        let mut expanded = i64::from(base) + i64::from(line) - i64::from(first);
        for child in &self.inclusions {
            if child.parent == origin && child.span.start.line < line {
                expanded += i64::from(child.lines.end - child.lines.start) - 1;
            }
        }
        expanded.clamp(0, i64::from(u32::MAX)) as u32
    }

    /// The audiences that can see line `line` of the expanded body (those of every audience
    /// section around it), or `None` outside audience sections.
    pub fn audiences_at(&self, line: u32) -> Option<Vec<&str>> {
        let mut around = self.sections.iter().filter(|s| s.lines.contains(&line));
        let first: Vec<&str> = around
            .next()?
            .audiences
            .iter()
            .map(String::as_str)
            .collect();
        Some(around.fold(first, |visible, section| {
            visible
                .into_iter()
                .filter(|a| section.audiences.iter().any(|s| s == a))
                .collect()
        }))
    }

    /// Whether `id` is the id of a heading (or an explicit `{#id}`) in this body.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id)
            || self.html_anchors.iter().any(|a| a == id)
            || self.title_heading.as_ref().is_some_and(|h| h.id == id)
    }
}

/// Turns a resolved target into the URL written into the page.
pub trait UrlFor {
    /// The URL of a link or image target, or `None` to leave the destination as written.
    fn url_for(&self, target: &Target) -> Option<String>;
}

/// Everything needed to render one article body.
pub struct Input<'a> {
    /// The whole (normalised) article text.
    pub text: &'a str,
    /// Where the Markdown body starts in `text`.
    pub body: Range<usize>,
    pub lines: &'a crate::source::LineIndex,
    /// KB-relative path of the article, for resolving relative links.
    pub article_path: &'a str,
    pub index: &'a dyn KbIndex,
    pub urls: &'a dyn UrlFor,
    /// Display names of audiences, for section labels.
    pub audience_name: &'a dyn Fn(&str) -> Option<String>,
    /// The label above an audience section, in the site's language: the theme's
    /// `audience_label` word (`For: {audiences}`).
    pub audience_label: &'a str,
    /// Sanitize or escape raw HTML (`[markdown] raw_html` in `site.toml`).
    pub raw_html: RawHtmlPolicy,
    /// The values `{{ name }}` is replaced with in this build.
    pub variables: &'a crate::config::Variables,
    /// The KB's snippets, for `{{> name }}`.
    pub snippets: &'a dyn Snippets,
}

/// The label above an audience section when no theme gives one (tests, `check`).
pub const AUDIENCE_LABEL: &str = "For: {audiences}";

/// Renders a body to HTML and collects its headings, links and raw HTML.
pub fn render(input: &Input) -> Body {
    writer::Writer::new(input, true).run()
}

/// Collects what [`render`] does (headings, links, raw HTML, audience sections with their
/// lines) without writing the HTML: what `kbpress check` needs, for less time and memory.
pub fn collect(input: &Input) -> Body {
    writer::Writer::new(input, false).run()
}

#[cfg(test)]
mod tests;
