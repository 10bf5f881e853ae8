//! What one build shows of the site: which articles it publishes, which audience sections,
//! headings and vocabulary terms. Every output kind (pages, listings, feeds, search, machine
//! files) asks [`View`] rather than applying the variant's rules itself, so a new kind of
//! variant (a language) changes one place.

use crate::site::{Article, Site};

use super::Options;

/// The site as the build of `options` shows it.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub site: &'a Site,
    pub options: &'a Options,
}

/// Whether a build shows source line `line` of an article, given the line ranges it hides
/// (see [`View::hidden_lines`]).
pub(super) fn shows_line(hidden: &[&std::ops::Range<u32>], line: u32) -> bool {
    !hidden.iter().any(|range| range.contains(&line))
}

impl View<'_> {
    /// Whether this build publishes `article`: the one filter every output goes through,
    /// since they all read [`super::Renderer::articles`] (made with it) or ask it.
    pub fn publishes(&self, article: &Article) -> bool {
        self.site.is_published(article, self.options.publication()) && self.sees_article(article)
    }

    /// Whether `article`'s audiences are readers of this build (published or not).
    pub fn sees_article(&self, article: &Article) -> bool {
        self.options
            .variant
            .sees_article(&self.site.config, article)
    }

    /// Whether this build's readers see everything (an internal audience's site).
    pub fn is_internal(&self) -> bool {
        self.options.variant.is_internal(&self.site.config)
    }

    /// Whether `article` is in this build only because it is a preview (a draft, or scheduled
    /// for later): such articles stay out of the sitemap, the feed and `llms.txt`.
    pub fn preview_only(&self, article: &Article) -> bool {
        matches!(
            article.life(self.options.today),
            crate::site::Life::Draft | crate::site::Life::Scheduled(_)
        )
    }

    /// The date a scheduled article is published on, when this (preview) build shows it early.
    pub fn scheduled(&self, article: &Article) -> Option<String> {
        match article.life(self.options.today) {
            crate::site::Life::Scheduled(date) => Some(date.to_string()),
            _ => None,
        }
    }

    /// Whether this build sees content for `audiences` (an audience section's, an article's).
    pub fn sees<S: AsRef<str>>(&self, audiences: &[S]) -> bool {
        self.options.variant.sees(&self.site.config, audiences)
    }

    /// The source line ranges of `article`'s audience sections that this build hides: what
    /// [`crate::markdown::Body::html_for`] cuts from the page and the Markdown copy leaves out.
    /// Something is shown when no hidden section holds its line, which is not the same as its
    /// innermost section's audiences being seen: a `wholesale` section inside a `direct` one
    /// is shown to a build that sees both, though no audience is in both.
    pub fn hidden_lines<'b>(&self, article: &'b Article) -> Vec<&'b std::ops::Range<u32>> {
        article
            .body
            .sections
            .iter()
            .filter(|section| !self.sees(&section.audiences))
            .map(|section| &section.lines)
            .collect()
    }

    /// The headings of `article` that this build shows (see [`View::hidden_lines`]), in
    /// order. (The hidden lines are found once per article, not once per heading.)
    pub fn shown_headings<'b>(
        &self,
        article: &'b Article,
    ) -> impl Iterator<Item = &'b crate::markdown::Heading> + use<'b> {
        let hidden = self.hidden_lines(article);
        let body = &article.body;
        body.headings.iter().filter(move |heading| {
            shows_line(
                &hidden,
                body.expanded_line(heading.origin, heading.span.start.line),
            )
        })
    }

    /// The HTML of `body` as this build shows it: without the audience sections it hides.
    pub fn visible_html<'b>(&self, body: &'b crate::markdown::Body) -> std::borrow::Cow<'b, str> {
        body.html_for(&|audiences: &[String]| self.sees(audiences))
    }
}
