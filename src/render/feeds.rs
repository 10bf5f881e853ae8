//! The machine-readable and special files: sitemap, Atom feed, robots.txt, redirects (alias
//! pages and a `_redirects` file that static hosts read), the 404 page, static theme files, and
//! the images and downloads that published articles use.

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::Serialize;

use super::Renderer;
use crate::markdown::Target;
use crate::site::{Article, Life};
use crate::urls::{alias_in_site, file_output_path, is_safe_output_path};

#[derive(Serialize)]
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
    /// The page in every language it is published in (`xhtml:link` alternates).
    alternates: Vec<super::context::Alternate>,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    url: String,
    summary: String,
    updated: String,
}

#[derive(Serialize)]
struct Feed {
    title: String,
    url: String,
    home: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

impl Renderer<'_> {
    /// 404 page, sitemap, feed, robots.txt and the redirects file.
    pub(super) fn special_pages(&self) -> anyhow::Result<usize> {
        self.page("404.html", &tera::Context::new(), "404.html")?;

        let mut entries = vec![SitemapEntry {
            loc: self.urls.full(""),
            lastmod: None,
            alternates: Vec::new(),
        }];
        entries.extend(
            self.articles
                .iter()
                // An untranslated article shown in a language's site is indexed at its
                // original (its page's canonical link), not here.
                .filter(|a| !self.view.preview_only(a) && a.text_language.is_none())
                .map(|a| SitemapEntry {
                    alternates: self.alternates(a),
                    loc: self.urls.full(&a.url),
                    lastmod: a
                        .front_matter
                        .reviewed
                        .as_ref()
                        .map(|d| d.value.to_string()),
                }),
        );
        let mut context = tera::Context::new();
        context.insert(
            "translated",
            &entries.iter().any(|e| !e.alternates.is_empty()),
        );
        context.insert("entries", &entries);
        self.page("sitemap.xml", &context, "sitemap.xml")?;

        // The feed's date is the newest review date: no wall-clock time, so builds repeat.
        let reviewed = |a: &crate::site::Article| {
            a.front_matter
                .reviewed
                .as_ref()
                .map_or_else(|| "1970-01-01".to_string(), |d| d.value.to_string())
        };
        let recent: Vec<_> = self
            .recent_articles()
            .into_iter()
            .filter(|a| !self.view.preview_only(a) && a.text_language.is_none())
            .collect();
        let feed = Feed {
            title: self.site.config.title.clone(),
            url: self.urls.full("atom.xml"),
            home: self.urls.full(""),
            updated: recent
                .iter()
                .map(|a| reviewed(a))
                .max()
                .unwrap_or_else(|| "1970-01-01".into()),
            entries: recent
                .iter()
                .map(|a| FeedEntry {
                    url: self.urls.full(&a.url),
                    title: a.title().to_string(),
                    summary: a.summary().to_string(),
                    updated: reviewed(a),
                })
                .collect(),
        };
        let mut context = tera::Context::new();
        context.insert("feed", &feed);
        self.page("atom.xml", &context, "atom.xml")?;

        // An internal site should sit behind a login; if it is ever reachable, search engines
        // are still asked to stay out.
        let robots = if self.view.is_internal() {
            "User-agent: *\nDisallow: /\n".to_string()
        } else {
            // Crawlers read robots.txt at the root only: the default language's names every
            // language's sitemap (a folder's own robots.txt would never be read).
            let sitemaps: String = match self.options.variant.is_translated() {
                true => format!("Sitemap: {}\n", self.urls.full("sitemap.xml")),
                false => (self.options.variant.languages.iter())
                    .map(|(_, base_url)| format!("Sitemap: {base_url}sitemap.xml\n"))
                    .collect(),
            };
            format!("User-agent: *\nAllow: /\n\n{sitemaps}")
        };
        self.sink.put("robots.txt", robots.into_bytes())?;
        Ok(3)
    }

    /// A redirect page for every alias, and `_redirects` (Netlify/Cloudflare format); a
    /// superseded article's URL and aliases redirect to its replacement.
    pub(super) fn alias_pages(&self) -> anyhow::Result<usize> {
        let mut redirects = String::new();
        let mut pages = 0;
        let mut taken = BTreeSet::new();
        let mut redirect = |folder: String, to: &Redirect| -> anyhow::Result<()> {
            if !taken.insert(folder.clone()) {
                return Ok(());
            }
            let target = match to {
                Redirect::Here(article) => self.urls.path(&article.url),
                Redirect::Elsewhere { url, .. } => url.clone(),
            };
            let mut context = tera::Context::new();
            context.insert("target", &target);
            context.insert("title", to.title());
            self.page("redirect.html", &context, &format!("{folder}/index.html"))?;
            redirects.push_str(&format!(
                "{} {target} 301\n",
                self.urls.path(&format!("{folder}/"))
            ));
            pages += 1;
            Ok(())
        };
        // Unsafe aliases are `invalid-field` errors; a build never gets here with one, but the
        // output must stay safe even if it did.
        let aliases = |article: &'_ Article| -> Vec<String> {
            (article.front_matter.aliases.iter())
                .filter_map(|alias| alias_in_site(&alias.value, &self.urls.base_path))
                .collect()
        };
        for article in &self.articles {
            for folder in aliases(article) {
                redirect(folder, &Redirect::Here(article))?;
            }
        }
        for (old, replacement) in self.superseded() {
            let own = old.url.trim_end_matches('/').to_string();
            for folder in std::iter::once(own).chain(aliases(old)) {
                if is_safe_output_path(&folder) {
                    redirect(folder, &replacement)?;
                }
            }
        }
        self.sink.put("_redirects", redirects.into_bytes())?;
        Ok(pages)
    }

    /// The superseded articles this build's readers could have known, each with its
    /// replacement, when this build publishes the replacement (`broken-supersession` reports
    /// the others, which get no redirect).
    ///
    /// In a language's site, a replacement without a translation into it is the default
    /// language's page (its publication is that site's to judge: `broken-supersession` reports
    /// a replacement it does not publish), and the redirect page is named after the old
    /// article, the one title this site has.
    fn superseded(&self) -> Vec<(&Article, Redirect<'_>)> {
        let today = self.options.today;
        let elsewhere = |old: &Article, path: &str| {
            let url = self.site.untranslated.get(path)?;
            let base = self.options.variant.languages.first()?.1.as_str();
            Some(Redirect::Elsewhere {
                url: format!("{base}{}", crate::urls::encode_path(url)),
                title: old.title().to_string(),
            })
        };
        (self.site.articles.iter())
            .filter(|old| self.view.sees_article(old))
            .filter_map(|old| match old.life(today) {
                Life::Superseded(path) => match self.site.article(&path) {
                    Some(replacement) => (self.view.publishes(replacement))
                        .then_some((old, Redirect::Here(replacement))),
                    None => Some((old, elsewhere(old, &path)?)),
                },
                _ => None,
            })
            .collect()
    }

    pub(super) fn static_files(&self) -> anyhow::Result<usize> {
        for (path, bytes) in &self.theme.static_files {
            self.sink.put(&format!("static/{path}"), bytes.clone())?;
        }
        Ok(self.theme.static_files.len())
    }

    /// Copies the files (images, downloads) that published articles link to, from the parts of
    /// them this build shows: a screenshot in an internal section stays out of the public site.
    pub(super) fn article_files(&self) -> anyhow::Result<usize> {
        let used: BTreeSet<&str> = self
            .articles
            .iter()
            .flat_map(|article| {
                let hidden = self.view.hidden_lines(article);
                let body = &article.body;
                body.links.iter().filter(move |link| {
                    let line = body.expanded_line(link.origin, link.span.start.line);
                    super::view::shows_line(&hidden, line)
                })
            })
            .filter_map(|link| match &link.target {
                Target::File { path } => Some(path.as_str()),
                _ => None,
            })
            .collect();
        let used: Vec<&str> = used.into_iter().collect();
        used.par_iter()
            .map(|path| {
                let output = file_output_path(path);
                if !is_safe_output_path(output) {
                    return Ok(0);
                }
                let bytes = std::fs::read(self.site.root.join(path))
                    .map_err(|e| anyhow::anyhow!("cannot read {path}, used by an article: {e}"))?;
                self.sink.put(output, bytes)?;
                Ok(1)
            })
            .sum()
    }
}

/// Where an old URL redirects: an article of this site, or a page of another (the default
/// language's, for a replacement without a translation), with the title the page names.
enum Redirect<'a> {
    Here(&'a Article),
    Elsewhere { url: String, title: String },
}

impl Redirect<'_> {
    fn title(&self) -> &str {
        match self {
            Redirect::Here(article) => article.title(),
            Redirect::Elsewhere { title, .. } => title,
        }
    }
}
