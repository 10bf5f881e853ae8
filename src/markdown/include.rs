//! Snippet includes: a paragraph that is exactly `{{> name }}` on a line of its own is replaced
//! by the snippet `snippets/name.md`.
//!
//! A snippet is not pasted into the article's text: the writer parses it as a Markdown document
//! of its own at the include point and writes its events into the article's output (see
//! `writer.rs`), so every heading, link, image and raw HTML of a snippet keeps its position in
//! the snippet file ([`Origin`]), its relative links resolve from the snippet's folder, and its
//! audience sections nest inside the including article's section (the same byte ranges cut
//! them). What the Markdown copy, the search index and the page show is the expanded body; its
//! lines are numbered by [`super::Body::expanded_line`].

use std::ops::Range;

use crate::diagnostic::Span;
use crate::source::LineIndex;

/// Which file a fact of a body comes from: the article itself ([`ARTICLE`]), or the snippet of
/// `Body::inclusions[n - 1]` for `Origin(n)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin(pub u32);

/// The article's own text.
pub const ARTICLE: Origin = Origin(0);

impl Origin {
    /// The index in `Body::inclusions` of this origin's inclusion, or `None` for the article.
    pub fn inclusion(self) -> Option<usize> {
        (self.0 as usize).checked_sub(1)
    }

    pub fn is_article(self) -> bool {
        self == ARTICLE
    }
}

/// One snippet included in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inclusion {
    /// The snippet's name (`contact-support`).
    pub name: String,
    /// Its KB path (`snippets/contact-support.md`).
    pub path: String,
    /// The file holding the include line: the article or an including snippet.
    pub parent: Origin,
    /// The include line's span in that file.
    pub span: Span,
    /// The lines of the expanded body the snippet's content takes (empty for an empty snippet).
    pub lines: Range<u32>,
    /// The snippet's first body line in its file (after its front matter).
    pub first_line: u32,
    /// Where the snippet's body starts in its text.
    pub body_start: usize,
    /// The include line's indentation (inside a list item), repeated before each snippet line
    /// in the Markdown copy.
    pub indent: String,
    /// Byte ranges of HTML comments in the snippet's text: kept out of the Markdown copy.
    pub comments: Vec<Range<usize>>,
}

/// An include that cannot be expanded; `missing-snippet` and `snippet-cycle` report them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeProblem {
    /// No snippet has this name.
    Missing {
        name: String,
        origin: Origin,
        span: Span,
    },
    /// The snippet is already being included: `chain` is the names from the outermost include
    /// to this one, which repeats an earlier name (or the chain is too deep).
    Cycle {
        chain: Vec<String>,
        origin: Origin,
        span: Span,
    },
}

/// A snippet as the writer reads it.
#[derive(Debug, Clone)]
pub struct SnippetDoc<'a> {
    /// KB path (`snippets/contact-support.md`).
    pub path: &'a str,
    /// The whole (normalised) text.
    pub text: &'a str,
    /// Where the Markdown starts in `text`.
    pub body_start: usize,
    pub lines: &'a LineIndex,
    /// The snippet's `audience:` list, if it has one: the whole snippet is an audience section.
    pub audiences: Option<Vec<String>>,
}

/// The KB's snippets, for the writer.
pub trait Snippets: Sync {
    fn get(&self, name: &str) -> Option<SnippetDoc<'_>>;
    /// Whether some snippet's text contains `needle` (for the section markers' prefix).
    fn any_contains(&self, needle: &[u8]) -> bool;
}

/// A KB without snippets.
pub struct NoSnippets;

impl Snippets for NoSnippets {
    fn get(&self, _: &str) -> Option<SnippetDoc<'_>> {
        None
    }
    fn any_contains(&self, _: &[u8]) -> bool {
        false
    }
}

/// How deep includes may nest: a deeper chain is reported as a cycle, since no real snippet
/// nests this far and the output would grow with every level.
pub const MAX_DEPTH: usize = 16;

/// The snippet name of a paragraph whose source is exactly `{{> name }}` (spaces inside the
/// braces optional), or `None` for any other paragraph. Names are the path under `snippets/`
/// without `.md`: letters, digits, `-`, `_`, `.` and `/`.
pub fn include_name(paragraph: &str) -> Option<&str> {
    let inner = paragraph
        .trim()
        .strip_prefix("{{>")?
        .strip_suffix("}}")?
        .trim();
    let valid = !inner.is_empty()
        && inner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'));
    valid.then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_include_is_the_whole_paragraph() {
        assert_eq!(
            include_name("{{> contact-support }}"),
            Some("contact-support")
        );
        assert_eq!(include_name("{{>legal/terms}}\n"), Some("legal/terms"));
        assert_eq!(include_name("See {{> contact-support }}"), None);
        assert_eq!(include_name("{{> two words }}"), None);
        assert_eq!(include_name("{{> }}"), None);
        assert_eq!(
            include_name("{{ name }}"),
            None,
            "a variable, not an include"
        );
    }
}
