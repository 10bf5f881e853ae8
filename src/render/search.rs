//! The search index of a build and its search page.
//!
//! Each article becomes a [`search::Document`] made only of what this build shows: the same
//! `html_for` cut as the article page (so an internal audience section never reaches a public
//! index), headings visible in the variant, and facet values the variant may name.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Renderer;

use crate::markdown::Heading;
use crate::search::{self, Document, Facet, Section, Settings};
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
    /// Writes every article's page and Markdown copy, the search index and the search page, in
    /// one pass over the articles, for a site rendered for another base path than the loaded
    /// HTML's: each article's HTML is rendered once, goes into its page and its search
    /// document, and is dropped. Returns the other files written than the pages. (With the
    /// loaded HTML lent, `Renderer::run` writes the pages first and [`Self::search_files`]
    /// reads them again in a pass of its own: reading words right after each page's template
    /// found the index's word table evicted from the core's cache; at 10,000 articles,
    /// counting words took 152 ms of CPU that way and 96 ms apart, `perf`.)
    pub(super) fn articles_and_search_index(&self) -> anyhow::Result<usize> {
        let index_files = self
            .search_index(&|number, add| self.article_outputs(self.articles[number], Some(add)))?;
        // One Markdown copy per article.
        Ok(self.articles.len() + index_files)
    }

    /// Writes the search index and the search page alone (`serve` refreshes them after an
    /// edit); returns how many files that made. Fails with [`super::Interrupted`] as soon as
    /// `stop` says so.
    pub(super) fn search_files(&self, stop: &(dyn Fn() -> bool + Sync)) -> anyhow::Result<usize> {
        self.search_index(&|number, add| {
            if stop() {
                return Err(super::Interrupted.into());
            }
            let article = self.articles[number];
            let body = self.bodies.render(article);
            add(self.search_document(article, &self.view.visible_html(&body)))
        })
    }

    /// Writes the search index of the documents that `document(n, add)` adds, and the search
    /// page; returns how many files that made.
    fn search_index(
        &self,
        document: &(dyn Fn(usize, &mut search::Add) -> anyhow::Result<()> + Sync),
    ) -> anyhow::Result<usize> {
        let facets = facets();
        let settings = Settings {
            language: &self.options.variant.language,
            facets: &facets,
            synonyms: (self.site.config.search.synonyms.iter())
                .map(|(phrase, others)| std::iter::once(phrase).chain(others).cloned().collect())
                .collect(),
        };
        let put = |path: String, bytes: Vec<u8>| self.sink.put(&path, bytes);
        let count = search::build(self.articles.len(), document, &settings, &put)?;
        self.search_page()?;
        Ok(count + 1)
    }

    /// Rewrites the `docs/` files that hold the cards of the articles numbered `numbers` (after
    /// their pages were rendered again: `serve`), from the documents of every article in those
    /// files.
    pub(super) fn search_cards(&self, numbers: &[usize]) -> anyhow::Result<()> {
        let mut files: Vec<usize> = numbers
            .iter()
            .map(|number| number / search::DOCUMENTS_PER_FILE)
            .collect();
        files.sort_unstable();
        files.dedup();
        for &file in &files {
            let first = file * search::DOCUMENTS_PER_FILE;
            let numbers = first..(first + search::DOCUMENTS_PER_FILE).min(self.articles.len());
            let bodies: Vec<_> = numbers
                .map(|n| (self.articles[n], self.bodies.render(self.articles[n])))
                .collect();
            let htmls: Vec<_> = bodies
                .iter()
                .map(|(_, body)| self.view.visible_html(body))
                .collect();
            let documents: Vec<Document> = bodies
                .iter()
                .zip(&htmls)
                .map(|((article, _), html)| self.search_document(article, html))
                .collect();
            self.sink
                .put(&search::cards_path(first), search::cards_file(&documents))?;
        }
        Ok(())
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
    pub(super) fn search_document<'h>(&self, article: &Article, html: &'h str) -> Document<'h> {
        let config = &self.site.config;
        let fm = &article.front_matter;
        // One layout for which headings the build shows and where they land in the copy (the
        // hidden lines found once; headings are all in the body, which is what it keeps).
        let layout = self.copy_layout(article);
        let expanded = |heading: &Heading| {
            article
                .body
                .expanded_line(heading.origin, heading.span.start.line)
        };
        let headings: Vec<&Heading> = article
            .body
            .headings
            .iter()
            .filter(|heading| layout.keeps(expanded(heading)))
            .collect();
        let mut facets: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        let mut add = |facet: &'static str, label: &str| {
            facets.entry(facet).or_default().push(label.to_string());
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
                if self.view.sees(&[audience]) {
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
        let heading_lines: Vec<u32> = headings.iter().map(|h| expanded(h)).collect();
        let starts = self.section_starts_in_copy(article, &layout, &heading_lines);
        let anchors = std::iter::once(String::new()).chain(headings.iter().map(|h| h.id.clone()));
        let sections = anchors
            .zip(starts)
            .map(|(anchor, start)| Section { anchor, start })
            .collect();
        Document {
            url: self.urls.path(&article.url),
            title: article.title().to_string(),
            summary: article.summary().to_string(),
            keywords: fm.tags.iter().map(|t| t.value.clone()).collect(),
            facets,
            html,
            markdown: Some(self.urls.path(&super::machine::markdown_path(article))),
            sections,
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

#[cfg(test)]
mod tests {
    #[test]
    fn cards_point_at_the_headings_of_the_markdown_copy() {
        use crate::check::testing::{article, kb, render_public};
        let body = "Intro.\n\n## Steps\n\nDo it.\n\n## Staff notes {audience=internal}\n\nSecret.\n\n## After {#later}\n\nDone.\n\nSetext\n------\n\n## Direct {audience=direct}\n\nD.\n\n### Resellers {audience=wholesale}\n\nW.\n";
        let files = [("articles/a.md", article(body))];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let site = render_public(&kb(&files));
        let cards: serde_json::Value =
            serde_json::from_slice(site.get("search/docs/0.json").unwrap()).unwrap();
        let card = &cards[0];
        assert_eq!(card["url"], "/kb/a/");
        assert_eq!(card["markdown"], "/kb/a/index.md");
        let copy = String::from_utf8(site.get("a/index.md").unwrap().to_vec()).unwrap();
        assert!(
            !copy.contains("Secret"),
            "the public copy has no internal section"
        );
        // Each section's bytes start at its heading's line.
        let sections: Vec<(String, &str)> = card["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let start = s[1].as_u64().unwrap() as usize;
                assert!(start == 0 || copy.as_bytes()[start - 1] == b'\n', "{s}");
                let line = copy[start..].lines().next().unwrap_or("");
                (s[0].as_str().unwrap().to_string(), line)
            })
            .collect();
        // A section inside another, for another audience: the public site shows both.
        let expected = [
            ("", ""),
            ("steps", "## Steps"),
            ("later", "## After {#later}"),
            ("setext", "Setext"),
            ("direct", "## Direct {audience=direct}"),
            ("resellers", "### Resellers {audience=wholesale}"),
        ];
        let expected: Vec<(String, &str)> =
            expected.iter().map(|(a, l)| (a.to_string(), *l)).collect();
        assert_eq!(sections, expected);
        let intro = card["sections"][0][1].as_u64().unwrap() as usize;
        assert!(
            copy[intro..].starts_with("\nIntro.\n") && copy[..intro].ends_with("> A summary.\n"),
            "the intro starts at the blank line before the body"
        );
        assert_eq!(card["summary"], "A summary.");
        let page = String::from_utf8(site.get("a/index.html").unwrap().to_vec()).unwrap();
        assert!(
            page.contains("id=\"resellers\"") && page.matches("href=\"#resellers\"").count() >= 2,
            "the nested heading is on the page and in its table of contents"
        );
        // Its entry is hidden with its section whichever single audience a reader picks:
        // `wholesale` inside `direct` is seen by no one audience.
        let toc = &page[page
            .find("<nav class=\"toc\"")
            .expect("a table of contents")..];
        let entry = &toc[..toc.find("href=\"#resellers\"").unwrap()];
        let entry = &entry[entry.rfind("<li").unwrap()..];
        assert!(entry.contains("data-audience=\"\""), "{entry}");
    }

    #[test]
    fn section_offsets_count_the_copy_bytes_without_comments_and_hidden_sections() {
        use crate::check::testing::{article, kb, render_public};
        let body = "# Title heading\n\nIntro <!-- a note --> é.\n\n<!--\nlong\ninternal note\n-->\n\n## Staff {audience=internal}\n\nSecret <!-- x --> text.\n\n## Steps <!-- y -->\n\nDo it.\n\n## Last\n\nEnd.\n";
        let text = article(body);
        let site = render_public(&kb(&[("articles/a.md", text.as_str())]));
        let copy = String::from_utf8(site.get("a/index.md").unwrap().to_vec()).unwrap();
        let cards: serde_json::Value =
            serde_json::from_slice(site.get("search/docs/0.json").unwrap()).unwrap();
        let starts: Vec<usize> = (cards[0]["sections"].as_array().unwrap().iter())
            .map(|s| s[1].as_u64().unwrap() as usize)
            .collect();
        let parts: Vec<&str> = (0..starts.len())
            .map(|i| &copy[starts[i]..starts.get(i + 1).copied().unwrap_or(copy.len())])
            .collect();
        assert_eq!(
            parts,
            [
                "\n\nIntro  é.\n\n\n\n\n\n\n",
                "## Steps \n\nDo it.\n\n",
                "## Last\n\nEnd.\n"
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
}
