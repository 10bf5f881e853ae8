//! Article bodies from their Markdown: what loading keeps (headings, links, audience sections,
//! and for a build the HTML) and, for the render, the HTML for the site being built.
//!
//! HTML holds absolute link paths, so it is right only for one base path. The render asks
//! [`Bodies::render`] for each article's HTML: the HTML loaded with the site when it was made
//! for the same base path (one Markdown pass per article for a plain build), else rendered
//! now, for an audience's site with its own base URL or a site loaded for checking.
//!
//! Variables (`{{ name }}`) are substituted while rendering, so the loaded HTML holds the base
//! values of `[variables]`. An audience's build with its own values renders again the bodies
//! that use one of those: what a build is comes from its `Variant`, never from editing the
//! loaded site.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use crate::front_matter::Block;
use crate::markdown::{self, Body, KbIndex, Target, UrlFor};
use crate::site::{Article, Category, Site};
use crate::urls;
use crate::variant::Variant;

/// Reads and renders the bodies of one site's articles.
pub struct Bodies<'s> {
    site: &'s Site,
    /// The base path the HTML is for (`/kb/`).
    base_path: String,
    /// Made at the first body rendered: a render that reuses the loaded HTML for every
    /// article (a plain build, or `serve` rendering a few edited pages) never needs it.
    links: OnceLock<LinkTable<'s>>,
    /// The values of `{{ name }}` in this build.
    variables: Cow<'s, crate::config::Variables>,
    /// The variables whose value in this build differs from the loaded HTML's (the base one).
    differing: BTreeSet<&'s str>,
    /// In a language's site: the default language's base URL, where links to articles without
    /// a translation go ([`Site::untranslated`]).
    untranslated_base: Option<String>,
    /// Translations rendered at load from the loaded site: their language, whose site's links
    /// the HTML holds (see [`Bodies::for_translations`]).
    language: Option<&'s str>,
    /// The label above an audience section, in the language of the site being built.
    audience_label: &'s str,
}

impl<'s> Bodies<'s> {
    /// For `site` with `[variables]` as they are: links in the HTML start with `base_path`.
    pub fn new(site: &'s Site, base_path: String) -> Bodies<'s> {
        Bodies {
            site,
            base_path,
            links: OnceLock::new(),
            variables: Cow::Borrowed(&site.config.variables),
            differing: BTreeSet::new(),
            untranslated_base: None,
            language: None,
            audience_label: site.body_words.audience_label(&site.config.language),
        }
    }

    /// For the translations into `language`, read with the loaded (default language's) site:
    /// their links are written as the language's site has them (an article with a published
    /// translation at its URL under `base_path`, any other at `default_base_url`), so the
    /// HTML made at load is the language site's, as the sources' is the default one's.
    pub fn for_translations(
        site: &'s Site,
        language: &'s str,
        base_path: String,
        default_base_url: String,
    ) -> Bodies<'s> {
        Bodies {
            untranslated_base: Some(default_base_url),
            language: Some(language),
            audience_label: site.body_words.audience_label(language),
            ..Bodies::new(site, base_path)
        }
    }

    /// For the site of `variant`: under its base path, with its values of the variables.
    pub fn for_variant(site: &'s Site, variant: &Variant) -> Bodies<'s> {
        let variables = variant.variables(&site.config);
        let differing = site
            .config
            .variables
            .iter()
            .filter(|(name, value)| variables.get(name.as_str()) != Some(value))
            .map(|(name, _)| name.as_str())
            .collect();
        let untranslated_base = variant
            .is_translated()
            .then(|| variant.languages.first().map(|(_, url)| url.clone()))
            .flatten();
        Bodies {
            variables,
            differing,
            untranslated_base,
            audience_label: site.body_words.audience_label(&variant.language),
            ..Bodies::new(site, variant.base_path())
        }
    }

    /// The values of `{{ name }}` in this build.
    pub fn variables(&self) -> &crate::config::Variables {
        &self.variables
    }

    /// The headings, links and audience sections of `article`, without the HTML.
    pub fn collect(&self, article: &Article) -> Body {
        self.with_input(article, markdown::collect)
    }

    /// Whether [`Bodies::render`] lends the loaded bodies (cheap to ask for again), rather
    /// than rendering each from its Markdown.
    pub fn lends_loaded(&self) -> bool {
        self.site.html_base_path.as_ref() == Some(&self.base_path)
    }

    /// All of [`Bodies::collect`] and the HTML for this site's base path: the loaded body
    /// when its HTML was made for that path, else rendered now.
    pub fn render<'b>(&self, article: &'b Article) -> Cow<'b, Body> {
        // An untranslated article a language's site shows has the default language's HTML.
        let loaded_here = article.text_language.is_none();
        if self.lends_loaded() && loaded_here && !self.has_other_values(article) {
            Cow::Borrowed(&article.body)
        } else {
            Cow::Owned(self.render_now(article))
        }
    }

    /// Whether `article` uses a variable whose value in this build is not the loaded HTML's.
    fn has_other_values(&self, article: &Article) -> bool {
        !self.differing.is_empty()
            && (article.body.variables.iter())
                .any(|used| self.differing.contains(used.name.as_str()))
    }

    /// The body with its HTML, rendered from the Markdown now.
    pub fn render_now(&self, article: &Article) -> Body {
        self.with_input(article, markdown::render)
    }

    fn with_input(&self, article: &Article, read: fn(&markdown::Input) -> Body) -> Body {
        // An article without a readable body (unclosed front matter) has an empty one; its
        // finding is the front matter's.
        let Block::Closed { body_start, .. } = article.block else {
            return Body::default();
        };
        let config = &self.site.config;
        let links = self.links.get_or_init(|| match self.language {
            Some(language) => LinkTable::for_language(
                self.site,
                language,
                self.base_path.clone(),
                self.untranslated_base.clone(),
            ),
            None => LinkTable::new(
                self.site,
                self.base_path.clone(),
                self.untranslated_base.clone(),
            ),
        });
        // Translations rendered from the loaded site name audiences in their language, as
        // their language's site (with its translated configuration) does.
        let audience_name = |id: &str| {
            let audience = config.audiences.get(id)?;
            let own = self.language.and_then(|l| audience.translations.get(l));
            Some(own.map_or(&audience.name, |own| &own.name).clone())
        };
        read(&markdown::Input {
            text: &article.text,
            body: body_start..article.text.len(),
            lines: &article.lines,
            article_path: &article.path,
            index: links,
            urls: links,
            audience_name: &audience_name,
            audience_label: self.audience_label,
            raw_html: config.markdown.raw_html,
            variables: &self.variables,
            snippets: &SiteSnippets(&self.site.snippets),
        })
    }
}

/// The site's snippets, as the Markdown writer reads them.
struct SiteSnippets<'s>(&'s BTreeMap<String, crate::site::Snippet>);

impl markdown::Snippets for SiteSnippets<'_> {
    fn get(&self, name: &str) -> Option<markdown::SnippetDoc<'_>> {
        let snippet = self.0.get(name)?;
        Some(markdown::SnippetDoc {
            path: &snippet.source.path,
            text: &snippet.source.text,
            body_start: snippet.body_start,
            lines: &snippet.source.lines,
            audiences: snippet.audiences(),
        })
    }

    fn any_contains(&self, needle: &[u8]) -> bool {
        self.0
            .values()
            .any(|s| memchr::memmem::find(s.source.text.as_bytes(), needle).is_some())
    }
}

/// What link resolution and rewriting need to know about the site.
struct LinkTable<'s> {
    article_urls: HashMap<&'s str, &'s str>,
    files: &'s BTreeSet<String>,
    categories: &'s BTreeMap<String, Category>,
    base_path: String,
    /// For site-root links that `[links] site_root` maps to another site.
    config: &'s crate::config::SiteConfig,
    /// In a language's site: the articles without a translation (path -> URL) and the default
    /// language's base URL, where links to them go.
    untranslated: HashMap<&'s str, &'s str>,
    untranslated_base: Option<String>,
}

impl<'s> LinkTable<'s> {
    fn new(site: &'s Site, base_path: String, untranslated_base: Option<String>) -> Self {
        let urls = |(path, url): (&'s String, &'s String)| (path.as_str(), url.as_str());
        LinkTable {
            article_urls: (site.articles.iter())
                .map(|a| (a.path.as_str(), a.url.as_str()))
                .collect(),
            untranslated: site.untranslated.iter().map(urls).collect(),
            ..LinkTable::of_files(site, base_path, untranslated_base)
        }
    }

    /// The table of `language`'s site, made from the loaded site: the same articles as
    /// [`crate::load::language_site`] puts in it, the others untranslated.
    fn for_language(
        site: &'s Site,
        language: &str,
        base_path: String,
        untranslated_base: Option<String>,
    ) -> Self {
        let (translated, untranslated) = (site.articles.iter())
            .map(|a| (a.path.as_str(), a.url.as_str()))
            .partition(|(path, _)| super::translations::is_in_site_of(site, path, language));
        LinkTable {
            article_urls: translated,
            untranslated,
            ..LinkTable::of_files(site, base_path, untranslated_base)
        }
    }

    /// Files, categories and site-root links, with no article yet.
    fn of_files(site: &'s Site, base_path: String, untranslated_base: Option<String>) -> Self {
        LinkTable {
            article_urls: HashMap::new(),
            files: &site.files,
            categories: &site.categories,
            base_path,
            config: &site.config,
            untranslated: HashMap::new(),
            untranslated_base,
        }
    }
}

impl KbIndex for LinkTable<'_> {
    fn is_article(&self, path: &str) -> bool {
        self.article_urls.contains_key(path) || self.untranslated.contains_key(path)
    }
    fn is_file(&self, path: &str) -> bool {
        self.files.contains(path)
    }
    fn is_category(&self, path: &str) -> bool {
        self.categories.contains_key(path)
    }
}

impl UrlFor for LinkTable<'_> {
    fn url_for(&self, target: &Target) -> Option<String> {
        let (path, fragment) = match target {
            Target::Article { path, fragment } => match self.article_urls.get(path.as_str()) {
                Some(url) => (*url, fragment.as_deref()),
                // Not translated: the default language's page, a full URL.
                None => {
                    let url = self.untranslated.get(path.as_str())?;
                    let base = self.untranslated_base.as_deref()?;
                    let mut full = format!("{base}{}", urls::encode_path(url));
                    if let Some(fragment) = fragment {
                        full.push('#');
                        full.push_str(&urls::encode_path(fragment));
                    }
                    return Some(full);
                }
            },
            Target::Category { path } => (self.categories.get(path)?.url.as_str(), None),
            Target::File { path } => (urls::file_output_path(path), None),
            Target::SiteRoot { path } => return self.config.site_root_url(path),
            _ => return None,
        };
        let mut url = format!("{}{}", self.base_path, urls::encode_path(path));
        if let Some(fragment) = fragment {
            url.push('#');
            url.push_str(&urls::encode_path(fragment));
        }
        Some(url)
    }
}
