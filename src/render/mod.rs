//! Rendering: from a checked [`Site`] to the files of a static site, through Tera templates.
//!
//! Templates are compiled once; site-wide values go into Tera's global context once; each page
//! gets a small context of its own. Pages are rendered in parallel and handed to a [`Sink`]
//! as soon as they are done, so memory stays flat however many articles there are.

mod context;
mod dates;
mod feeds;
mod listings;
mod machine;
mod pages;
mod related;
mod search;
pub mod theme;
mod view;

use std::collections::BTreeMap;

use anyhow::Context as _;
use rayon::prelude::*;

pub use theme::Theme;

use crate::audience::Readers;
use crate::site::{Article, Site};
use crate::variant::Variant;
use context::{AudienceValue, Link, SiteValues, Urls};
use view::View;

/// Where rendered files go: a folder on disk for `build`, memory for `serve`.
pub trait Sink: Sync {
    /// Stores one file at a site-relative path (`billing/refunds/index.html`).
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()>;
}

/// A [`Sink`] that puts every file under `folder` of another (a variant's folder, `fr/`).
pub struct InFolder<'a> {
    pub inner: &'a dyn Sink,
    /// Empty, or ending with `/`.
    pub folder: &'a str,
}

impl Sink for InFolder<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        match self.folder {
            "" => self.inner.put(path, bytes),
            folder => self.inner.put(&format!("{folder}{path}"), bytes),
        }
    }
}

/// What a render makes: which site ([`Variant`]: readers, language, base URL), and which
/// of its articles.
#[derive(Debug, Clone)]
pub struct Options {
    pub variant: Variant,
    /// A preview: drafts and articles scheduled for later are shown, marked.
    pub include_drafts: bool,
    /// "Today", which decides what is published (`publish_after`, `expires`).
    pub today: jiff::civil::Date,
}

impl Options {
    /// Which articles this build publishes (see [`Site::is_published`]).
    pub fn publication(&self) -> crate::site::Publication {
        crate::site::Publication {
            today: self.today,
            preview: self.include_drafts,
        }
    }
}

/// What a render produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Article pages written.
    pub articles: usize,
    pub pages: usize,
    pub files: usize,
}

/// The state shared by every page of one render.
pub(crate) struct Renderer<'a> {
    pub site: &'a Site,
    /// What this build shows of the site: every output asks it (see [`View`]).
    pub view: View<'a>,
    /// The theme's words in the site's language (see [`Theme::strings_for`]).
    pub words: theme::Strings,
    pub theme: &'a Theme,
    pub tera: tera::Tera,
    pub urls: Urls,
    pub options: &'a Options,
    /// The articles this build publishes, in path order.
    pub articles: Vec<&'a Article>,
    /// Related articles and previous/next, over `articles`.
    pub neighbours: related::Neighbours<'a>,
    /// Renders each article's HTML when its page is written.
    pub bodies: crate::load::Bodies<'a>,
    pub sink: &'a dyn Sink,
}

/// Renders the whole site into `sink`.
pub fn render(
    site: &Site,
    theme: &Theme,
    options: &Options,
    sink: &dyn Sink,
) -> anyhow::Result<Stats> {
    Renderer::new(site, theme, options, sink)?.run()
}

/// Renders only the pages of the articles at `paths` (those this build publishes), for
/// `serve` after an edit that changed nothing but their bodies (see
/// [`crate::load::reload_bodies`]): no other page shows a body. Writes each one's page and
/// Markdown copy, and with search, rewrites the card files that hold them; returns the pages
/// written.
pub fn render_articles(
    site: &Site,
    theme: &Theme,
    options: &Options,
    sink: &dyn Sink,
    paths: &[String],
) -> anyhow::Result<usize> {
    let renderer = Renderer::new(site, theme, options, sink)?;
    // With their numbers in the build, which say which card files hold them.
    let chosen: Vec<(usize, &Article)> = renderer
        .articles
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, a)| paths.contains(&a.path))
        .collect();
    chosen
        .par_iter()
        .try_for_each(|(_, article)| renderer.article_outputs(article, None))?;
    // Their cards point at lines of the Markdown copies just written: rewritten with them, so
    // results never cut snippets at a stale copy's lines until the index is refreshed.
    if site.config.search.enabled {
        let numbers: Vec<usize> = chosen.iter().map(|(number, _)| *number).collect();
        renderer.search_cards(&numbers)?;
    }
    Ok(chosen.len())
}

/// Renders only the search index and search page (see `serve::incremental`, which refreshes
/// them after an edit, once the edited pages are served). Returns the files written, or the
/// error [`Interrupted`] when `stop` returned true (checked before each article: a writer's
/// next edit should not wait for the index of the last one). Only for a site with search.
pub fn render_search(
    site: &Site,
    theme: &Theme,
    options: &Options,
    sink: &dyn Sink,
    stop: &(dyn Fn() -> bool + Sync),
) -> anyhow::Result<usize> {
    Renderer::new(site, theme, options, sink)?.search_files(stop)
}

/// A render stopped on request; what it wrote is incomplete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}

impl<'a> Renderer<'a> {
    /// Compiles the theme and sets the site-wide values every page sees.
    fn new(
        site: &'a Site,
        theme: &'a Theme,
        options: &'a Options,
        sink: &'a dyn Sink,
    ) -> anyhow::Result<Renderer<'a>> {
        // The theme's words in the site's language (`i18n.last_reviewed`), and its dates.
        let words = theme.strings_for(&options.variant.language);
        let mut tera = theme.compile(&words)?;
        let urls = Urls::for_variant(&options.variant);
        let view = View { site, options };
        let articles: Vec<&Article> = site.articles.iter().filter(|a| view.publishes(a)).collect();
        let globals = tera.global_context();
        globals.insert(
            "site",
            &SiteValues {
                title: site.config.title.clone(),
                description: site.config.description.clone(),
                language: options.variant.language.clone(),
                direction: context::text_direction(&options.variant.language),
                base_url: urls.base_url.clone(),
                base_path: urls.base_path.clone(),
                static_url: format!("{}static/", urls.base_path),
                home_url: urls.base_path.clone(),
                audience: match &options.variant.readers {
                    Readers::Public => None,
                    Readers::Audience(id) => site.config.audiences.get(id).map(|a| AudienceValue {
                        id: id.clone(),
                        name: a.name.clone(),
                        internal: a.internal,
                    }),
                },
                feedback_url: options.variant.feedback_url.clone(),
                search_url: site
                    .config
                    .search
                    .enabled
                    .then(|| format!("{}search/", urls.base_path)),
            },
        );
        globals.insert("i18n", &words);
        globals.insert(
            "build",
            &BTreeMap::from([("draft_mode", options.include_drafts)]),
        );
        let renderer = Renderer {
            site,
            view,
            words,
            theme,
            tera,
            urls,
            options,
            neighbours: related::Neighbours::new(&articles),
            bodies: crate::load::Bodies::for_variant(site, &options.variant),
            articles,
            sink,
        };
        let nav = renderer.navigation();
        let mut renderer = renderer;
        renderer.tera.global_context().insert("nav", &nav);
        Ok(renderer)
    }
}

/// Debug builds only: panic while rendering the article named by `KBPRESS_TEST_PANIC_ON`, so
/// tests can prove a crash is contained. Release builds compile this to nothing.
fn provoke_panic_for_tests(path: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("KBPRESS_TEST_PANIC_ON").is_ok_and(|target| target == path) {
        panic!("provoked test panic");
    }
    #[cfg(not(debug_assertions))]
    let _ = path;
}

impl Renderer<'_> {
    fn run(&self) -> anyhow::Result<Stats> {
        // Every step is parallel inside too, so both cores stay busy.
        let search = self.site.config.search.enabled;
        // With the loaded HTML lent, the index reads it again in a pass of its own, beside the
        // other pages: its merge is partly sequential, and the listing pages fill the other
        // core (-40 ms of 1.66 s at 10k, 12 alternating runs).
        let index_apart = search && self.bodies.lends_loaded();
        let article_files = if search && !index_apart {
            self.articles_and_search_index()?
        } else {
            self.articles
                .par_iter()
                .try_for_each(|article| self.article_outputs(article, None))?;
            // One Markdown copy per article.
            self.articles.len()
        };
        let (index_files, others) = rayon::join(
            || {
                if index_apart {
                    self.search_files(&|| false)
                } else {
                    Ok(0)
                }
            },
            || -> anyhow::Result<(usize, usize)> {
                let listing_pages = self.category_pages()? + self.term_pages()?;
                let extra_pages = self.alias_pages()? + self.special_pages()?;
                self.llms_txt()?;
                let files = 1 + self.static_files()? + self.article_files()?;
                Ok((listing_pages + extra_pages, files))
            },
        );
        let (other_pages, other_files) = others?;
        Ok(Stats {
            articles: self.articles.len(),
            pages: self.articles.len() + other_pages,
            files: article_files + index_files? + other_files,
        })
    }

    /// Writes what one article becomes, from one copy of its visible HTML: its page and its
    /// Markdown copy, and with `index`, its search document, made from the same HTML and
    /// added to the index being built. A panic (a bug in
    /// kbpress or a dependency) becomes an error that names the article, instead of taking the
    /// whole process down.
    fn article_outputs(
        &self,
        article: &Article,
        index: Option<&mut crate::search::Add>,
    ) -> anyhow::Result<()> {
        let render = std::panic::AssertUnwindSafe(|| {
            provoke_panic_for_tests(&article.path);
            let body = self.bodies.render(article);
            let html = self.view.visible_html(&body);
            self.article_page(article, &html)?;
            if let Some(add) = index {
                add(self.search_document(article, &html))?;
            }
            self.markdown_file(article)
        });
        match std::panic::catch_unwind(render) {
            Ok(result) => result,
            Err(payload) => {
                let what = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                anyhow::bail!(
                    "kbpress crashed while rendering {}: {what} (please report this bug)",
                    article.path
                )
            }
        }
    }

    /// The theme's word `key` in the site's language (the key itself if no file has it).
    fn word(&self, key: &str) -> String {
        self.words
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Renders `template` with `context` and stores it at `path`.
    fn page(&self, template: &str, context: &tera::Context, path: &str) -> anyhow::Result<()> {
        let html = self
            .tera
            .render(template, context)
            .map_err(|error| self.theme.template_error(&error))
            .with_context(|| format!("while rendering {path}"))?;
        self.sink.put(path, html.into_bytes())
    }

    /// Top-level categories that have something to show in this build.
    fn navigation(&self) -> Vec<Link> {
        let counts = self.article_counts();
        self.site
            .categories
            .values()
            .filter(|c| c.parent.as_deref() == Some(crate::urls::ARTICLES_DIR))
            .filter(|c| counts.get(c.key.as_str()).copied().unwrap_or(0) > 0)
            .map(|c| Link {
                lang: None,
                title: c.title.clone(),
                url: self.urls.path(&c.url),
            })
            .collect()
    }

    /// Published articles per category key, counting subcategories.
    fn article_counts(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for article in &self.articles {
            let mut key = Some(article.category.as_str());
            while let Some(current) = key {
                *counts.entry(current).or_insert(0) += 1;
                key = self
                    .site
                    .categories
                    .get(current)
                    .and_then(|c| c.parent.as_deref());
            }
        }
        counts
    }
}
