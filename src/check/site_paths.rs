//! The paths a build writes under the base path (pages, Markdown copies, files, aliases,
//! generated pages), for judging site-root links (`/kb/billing/refunds/`). Not a check.

use std::collections::HashSet;

use crate::markdown::links::percent_decode;
use crate::site::{Life, Publication, Site};
use crate::urls::{self, GENERATED_PATHS};

/// The output paths (`billing/refunds/index.html`, `assets/x.png`) of the public build.
pub struct SitePaths {
    written: HashSet<String>,
}

impl SitePaths {
    pub fn new(site: &Site, today: jiff::civil::Date) -> SitePaths {
        let config = &site.config;
        let base_path = config.base_path();
        let mut written: HashSet<String> = GENERATED_PATHS
            .iter()
            .filter(|path| path.contains('.'))
            .map(|path| path.to_string())
            .collect();
        written.insert("index.html".into());
        written.insert("search/index.html".into());
        let page = |written: &mut HashSet<String>, folder: &str| {
            written.insert(format!("{folder}index.html"));
        };
        for category in site.categories.values() {
            page(&mut written, &category.url);
        }
        for folder in ["products/", "roles/", "audiences/", "tags/"] {
            page(&mut written, folder);
        }
        for id in config.products.keys() {
            page(&mut written, &format!("products/{id}/"));
        }
        for id in config.roles.keys() {
            page(&mut written, &format!("roles/{id}/"));
        }
        for id in config.public_audiences() {
            page(&mut written, &format!("audiences/{id}/"));
        }
        for article in &site.articles {
            // A superseded article's URL and aliases are redirects to its replacement.
            if matches!(article.life(today), Life::Superseded(_)) {
                page(&mut written, &article.url);
                for alias in &article.front_matter.aliases {
                    if let Some(folder) = urls::alias_in_site(&alias.value, &base_path) {
                        page(&mut written, &format!("{folder}/"));
                    }
                }
            }
        }
        let published = Publication::on(today);
        for article in site
            .articles
            .iter()
            .filter(|a| site.is_published(a, published))
        {
            page(&mut written, &article.url);
            for tag in &article.front_matter.tags {
                // As `render::listings::tag_slug` names tag pages.
                let slug = crate::slug::slugify(&tag.value);
                let slug = if slug.is_empty() { "tag".into() } else { slug };
                page(&mut written, &format!("tags/{slug}/"));
            }
            for alias in &article.front_matter.aliases {
                if let Some(folder) = urls::alias_in_site(&alias.value, &base_path) {
                    page(&mut written, &format!("{folder}/"));
                }
            }
            written.insert(format!("{}index.md", article.url));
        }
        for file in &site.files {
            written.insert(urls::file_output_path(file).to_string());
        }
        SitePaths { written }
    }

    /// Whether `path` (a site-root link already known to be under `base_path`, with any
    /// fragment or query) is something the build writes; `/kb/x` also finds `/kb/x/`.
    pub fn contains(&self, base_path: &str, path: &str) -> bool {
        let path = path.split(['#', '?']).next().unwrap_or(path);
        let relative = percent_decode(path.strip_prefix(base_path).unwrap_or(""));
        if relative.is_empty() || relative.ends_with('/') {
            return self.written.contains(&format!("{relative}index.html"));
        }
        // The theme's static files are not known before rendering; any path there is taken.
        relative.starts_with("static/")
            || self.written.contains(&relative)
            || self.written.contains(&format!("{relative}/index.html"))
    }
}
