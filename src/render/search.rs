//! The search index of a build and its search page.
//!
//! Each article becomes a [`search::Document`] made only of what this build shows: the same
//! `html_for` cut as the article page (so an internal audience section never reaches a public
//! index), headings visible in the variant, and facet values the variant may name.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;
use serde::Serialize;

use super::Renderer;

use crate::markdown::{escape_html, Heading};
use crate::search::{self, plain_text, Document, Facet, Section, Settings};
use crate::site::Article;

/// The facets of the search page, in display order.
const FACETS: &[(&str, &str)] = &[
    ("product", "Product"),
    ("role", "Role"),
    ("audience", "Audience"),
    ("type", "Article type"),
    ("category", "Category"),
];

/// The facets, in display order.
fn facets() -> Vec<Facet> {
    FACETS
        .iter()
        .map(|(id, name)| Facet {
            id: id.to_string(),
            name: name.to_string(),
        })
        .collect()
}

/// The search page's context (`search.html`).
#[derive(Serialize)]
struct SearchPage {
    /// The page's own URL path (`/kb/search/`).
    url: String,
    /// Where the index files are (`/kb/search/`), with a trailing slash.
    index_url: String,
}

impl Renderer<'_> {
    /// Writes every article's page and Markdown copy and the search index, and the search page.
    /// Returns the article pages and the other files written.
    ///
    /// One pass over the articles, in chunks in parallel: each body's HTML (see
    /// `load::Bodies::render`) goes into its page and its search document, which is written
    /// and read into the index, then dropped.
    pub(super) fn articles_and_search_index(&self) -> anyhow::Result<(usize, usize)> {
        let facets = facets();
        let settings = self.search_settings(&facets);
        let put = |path: String, bytes: Vec<u8>| self.sink.put(&path, bytes);
        let markdown_files = AtomicUsize::new(0);
        // The index asks for each document in turn (chunks in parallel); making it writes the
        // article's page and Markdown copy too.
        let document = |number: usize| {
            let (files, document) = self.article_outputs(self.articles[number], true)?;
            markdown_files.fetch_add(files, Ordering::Relaxed);
            document.context("kbpress bug: no search document was made (please report this)")
        };
        let index_files = search::build(self.articles.len(), &document, &settings, &put)?;
        self.search_page()?;
        let files = markdown_files.into_inner() + index_files + 1;
        Ok((self.articles.len(), files))
    }

    /// Writes the search index and the search page alone (`serve` refreshes them after an
    /// edit); returns how many files that made. Fails with [`super::Interrupted`] as soon as
    /// `stop` says so.
    pub(super) fn search_files(&self, stop: &(dyn Fn() -> bool + Sync)) -> anyhow::Result<usize> {
        let facets = facets();
        let settings = self.search_settings(&facets);
        let put = |path: String, bytes: Vec<u8>| self.sink.put(&path, bytes);
        let document = |number: usize| {
            if stop() {
                return Err(super::Interrupted.into());
            }
            let article = self.articles[number];
            let body = self.bodies.render(article);
            Ok(self.search_document(article, &self.visible_html(&body)))
        };
        let count = search::build(self.articles.len(), &document, &settings, &put)?;
        self.search_page()?;
        Ok(count + 1)
    }

    fn search_settings<'f>(&'f self, facets: &'f [Facet]) -> Settings<'f> {
        Settings {
            language: &self.site.config.language,
            facets,
        }
    }

    fn search_page(&self) -> anyhow::Result<()> {
        let mut context = tera::Context::new();
        let url = self.urls.path("search/");
        context.insert(
            "search",
            &SearchPage {
                index_url: url.clone(),
                url,
            },
        );
        self.page("search.html", &context, "search/index.html")
    }

    /// What the index holds of `article`, whose body's HTML as this build shows it is `html`.
    pub(super) fn search_document(&self, article: &Article, html: &str) -> Document {
        let config = &self.site.config;
        let fm = &article.front_matter;
        let variant = &self.options.variant;
        let visible = |audiences: &[String]| variant.sees(config, audiences);
        let headings: Vec<&Heading> = article
            .body
            .headings
            .iter()
            .filter(|h| h.section_audiences.as_deref().is_none_or(&visible))
            .collect();
        let mut facets: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut add = |facet: &str, label: &str| {
            facets
                .entry(facet.to_string())
                .or_default()
                .push(label.to_string());
        };
        for product in &fm.applies_to {
            if let Some(declared) = config.products.get(&product.value) {
                add("product", &declared.name);
            }
        }
        for role in &fm.roles {
            if let Some(declared) = config.roles.get(&role.value) {
                add("role", &declared.name);
            }
        }
        for audience in article.audiences(config) {
            if let Some(declared) = config.audiences.get(audience) {
                if visible(&[audience.to_string()]) {
                    add("audience", &declared.name);
                }
            }
        }
        if let Some(declared) = fm
            .article_type
            .as_ref()
            .and_then(|t| config.types.get(&t.value))
        {
            add("type", &declared.name);
        }
        for label in self.category_labels(&article.category) {
            add("category", &label);
        }
        Document {
            url: self.urls.path(&article.url),
            title: article.title().to_string(),
            summary: article.summary().to_string(),
            keywords: fm.tags.iter().map(|t| t.value.clone()).collect(),
            facets,
            sections: split_sections(html, &headings),
        }
    }

    /// The category facet's values for an article: its category and each one above it below
    /// the home page, as paths (`Hosted Voice › Call forwarding`), so ticking a category
    /// includes its subcategories.
    fn category_labels(&self, key: &str) -> Vec<String> {
        let mut chain = Vec::new();
        let mut current = self.site.categories.get(key);
        while let Some(category) = current {
            if category.parent.is_none() {
                break;
            }
            chain.push(category.title.as_str());
            current = category
                .parent
                .as_deref()
                .and_then(|p| self.site.categories.get(p));
        }
        chain.reverse();
        (1..=chain.len()).map(|n| chain[..n].join(" › ")).collect()
    }
}

/// Cuts an article's HTML at its headings: the intro, then one section per heading found.
/// `headings` are the visible ones in page order; a heading not found in `html` (cut out with
/// its audience section) is skipped.
fn split_sections(html: &str, headings: &[&Heading]) -> Vec<Section> {
    let mut sections = Vec::with_capacity(headings.len() + 1);
    let mut current = Section::default();
    let mut cursor = 0;
    for heading in headings {
        let open = format!("<h{} id=\"{}\">", heading.level, escape_html(&heading.id));
        let Some(found) = memchr::memmem::find(&html.as_bytes()[cursor..], open.as_bytes()) else {
            continue;
        };
        let start = cursor + found;
        current.text = section_text(&html[cursor..start]);
        sections.push(current);
        let close = format!("</h{}>", heading.level);
        cursor = memchr::memmem::find(&html.as_bytes()[start..], close.as_bytes())
            .map_or(html.len(), |end| start + end + close.len());
        current = Section {
            anchor: heading.id.clone(),
            heading: heading.text.clone(),
            text: String::new(),
        };
    }
    current.text = section_text(&html[cursor..]);
    sections.push(current);
    sections
}

/// The text of a stretch of article HTML, without the "For: <audience>" labels that open
/// audience sections (they sit before the section's heading, so they would land in the
/// previous section's text).
fn section_text(html: &str) -> String {
    const LABEL: &str = "<p class=\"audience-label\">";
    if memchr::memmem::find(html.as_bytes(), LABEL.as_bytes()).is_none() {
        return plain_text(html);
    }
    let mut kept = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(LABEL) {
        kept.push_str(&rest[..at]);
        rest = rest[at..]
            .find("</p>")
            .map_or("", |end| &rest[at + end + 4..]);
        kept.push(' ');
    }
    kept.push_str(rest);
    plain_text(&kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, id: &str, text: &str) -> Heading {
        Heading {
            level,
            text: text.into(),
            id: id.into(),
            explicit_id: false,
            span: Default::default(),
            audiences: Vec::new(),
            section_audiences: None,
            unknown_attributes: Vec::new(),
        }
    }

    #[test]
    fn sections_are_cut_at_headings_without_anchor_links_or_labels() {
        let html = "<p>Intro &amp; more.</p>\n<h2 id=\"steps\">Steps <a class=\"anchor\" href=\"#steps\">#</a></h2>\n<p>Do it.</p>\n<section class=\"audience-section\"><p class=\"audience-label\">For: Direct</p>\n<h3 id=\"direct\">Direct <a class=\"anchor\" href=\"#direct\">#</a></h3><p>Call us.</p></section>";
        let steps = heading(2, "steps", "Steps");
        let direct = heading(3, "direct", "Direct");
        let missing = heading(2, "cut-out", "Cut out");
        let sections = split_sections(html, &[&steps, &missing, &direct]);
        let summary: Vec<(&str, &str, &str)> = sections
            .iter()
            .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                ("", "", "Intro & more."),
                ("steps", "Steps", "Do it."),
                ("direct", "Direct", "Call us."),
            ]
        );
    }

    #[test]
    fn search_can_be_turned_off() {
        use crate::check::testing::{article, kb, kb_with_config, render_public as build};
        let files = [("articles/a.md", article("## Steps\n\nDo it.\n"))];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let page = |site: &crate::serve::build::MemorySite| {
            String::from_utf8_lossy(site.get("a/index.html").unwrap()).to_string()
        };

        let on = build(&kb(&files));
        assert!(on.get("search/meta.json").is_some() && on.get("search/index.html").is_some());
        assert!(page(&on).contains("class=\"site-search\""));

        let off = build(&kb_with_config("[search]\nenabled = false\n", &files));
        assert!(!page(&off).contains("site-search"), "no search box");
        assert!(off.get("a/index.md").is_some(), "the rest is built");
        let count = off.len();
        assert_eq!(off.without("search/").len(), count, "nothing under search/");
    }

    #[test]
    fn a_body_without_headings_is_one_intro_section() {
        let sections = split_sections("<p>Only text</p>", &[]);
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].text, "Only text");
    }
}
