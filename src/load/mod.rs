//! Loading: from a KB folder to a [`Site`]. One bad article never stops the others; their
//! problems are recorded as data for the checks. Only real tool failures (the KB folder cannot
//! be walked) are errors.

mod article;
mod bodies;
mod budget;
mod translations;
pub(crate) mod walk;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

pub use article::{parse as parse_article, MAX_ARTICLE_BYTES};
pub use bodies::Bodies;
pub use translations::language_site;
pub use walk::relative;

use crate::config::SiteConfig;
use crate::front_matter::{self, schema, yaml, Block};
use crate::site::{BodyWords, Category, Site};
use crate::slug::slugify;
use crate::urls;
use crate::variant::Variant;

/// Loads the KB at `root` with its configuration, each body with its HTML for the configured
/// base URL (see [`Site::html_base_path`]).
pub fn load(root: &Path, config: SiteConfig) -> anyhow::Result<Site> {
    let public = Variant::select(&config, &crate::variant::Selection::Public)?;
    let build = public.first().map(|variant| Build {
        variant,
        words: BodyWords::default(),
        include_drafts: false,
    });
    load_with(root, config, build)
}

/// What loading for a build needs to know: the site rendered first (its HTML is made now),
/// the theme's words that HTML holds, and whether the build previews drafts (then draft
/// translations are in their languages' sites, and links go to them).
pub struct Build<'a> {
    pub variant: &'a Variant,
    pub words: BodyWords,
    pub include_drafts: bool,
}

/// Like [`load`], with the HTML for the site of `variant`, the one rendered first: one
/// Markdown pass per article when it is the only one (`serve` at its own address, an
/// audience's own `base_url`).
/// Its translations' HTML is for the same readers' site in their language. The HTML's words
/// (an audience section's label) are the theme's, `build.words`.
pub fn load_for(root: &Path, config: SiteConfig, build: Build) -> anyhow::Result<Site> {
    load_with(root, config, Some(build))
}

/// Loads the KB for checking only: bodies keep their headings, links and sections but not their
/// HTML (5.6% fewer instructions at 1,000 articles, ~70 MB less peak memory at 10,000;
/// BENCHMARKS.md). Such a site
/// can still be rendered: each body is then rendered when its page is written.
pub fn load_for_check(root: &Path, config: SiteConfig) -> anyhow::Result<Site> {
    load_with(root, config, None)
}

/// Loads the KB, each body with its HTML for the site of `variant` when there is one.
fn load_with(root: &Path, config: SiteConfig, build: Option<Build>) -> anyhow::Result<Site> {
    let variant = build.as_ref().map(|b| b.variant);
    let include_drafts = build.as_ref().is_some_and(|b| b.include_drafts);
    let body_words = build.map(|b| b.words).unwrap_or_default();
    let html_base_path = variant.map(Variant::base_path);
    let walked = walk::walk(root)
        .map_err(|e| anyhow::anyhow!("cannot read the KB folder {}: {e}", root.display()))?;
    let (article_paths, mut translation_paths) = translations::partition(walked.articles, &config);
    // `_index.fr.md` translates a category's `_index.md`: its title and summary.
    let (category_translations, translation_paths): (Vec<_>, Vec<_>) = translation_paths
        .drain(..)
        .partition(|(_, _, source)| source.ends_with("/_index.md"));
    let mut articles: Vec<_> = article_paths
        .par_iter()
        .map(|path| article::read(root, path, &config.fields))
        .collect();
    let categories = categories(root, &walked.folders, &walked.category_files);
    let snippets = read_snippets(root, &walked.snippets, &config);
    for article in &mut articles {
        let folder = article
            .path
            .rsplit_once('/')
            .map_or("", |(f, _)| f)
            .to_string();
        let category_url = categories.get(&folder).map_or("", |c| c.url.as_str());
        article.url = format!("{category_url}{}/", article.slug);
        article.category = folder;
    }
    let by_path = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.path.clone(), i))
        .collect();
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        articles,
        categories,
        files: walked.files.into_iter().collect(),
        refused_paths: walked.refused,
        by_path,
        translations: Vec::new(),
        translated_into: BTreeMap::new(),
        untranslated: BTreeMap::new(),
        category_translations: BTreeMap::new(),
        snippets,
        html_base_path,
        translation_html_base_paths: BTreeMap::new(),
        body_words,
        source_history: Default::default(),
    };
    translations::read(&mut site, &translation_paths, variant, include_drafts);
    // What changed in the sources of stale translations (git runs only if one is stale).
    let mut since: BTreeMap<String, jiff::civil::Date> = BTreeMap::new();
    for stale in site.stale_translations() {
        let date = since
            .entry(stale.source.path.clone())
            .or_insert(stale.matched.value);
        *date = (*date).min(stale.matched.value);
    }
    site.source_history = crate::history::commits_since(root, &since);
    site.category_translations = (category_translations.iter())
        .map(|(path, language, source)| {
            let folder = source.trim_end_matches("/_index.md").to_string();
            (
                (folder, language.clone()),
                category_front_matter(root, path),
            )
        })
        .collect();
    let all: Vec<usize> = (0..site.articles.len()).collect();
    collect_bodies(&mut site, &all);
    Ok(site)
}

/// Reads the snippets under `snippets/`, keyed by name. A KB without snippets pays for one
/// `is_dir` in the walk and nothing here.
fn read_snippets(
    root: &Path,
    paths: &[String],
    config: &SiteConfig,
) -> BTreeMap<String, crate::site::Snippet> {
    paths
        .par_iter()
        .map(|path| {
            let source = article::read(root, path, &config.fields);
            let body_start = match source.block {
                Block::Closed { body_start, .. } => body_start,
                // Front matter is optional; an unclosed block is reported by `invalid-snippet`
                // and the whole file read as Markdown.
                Block::Missing | Block::Unclosed => 0,
            };
            let name = path
                .strip_prefix(crate::urls::SNIPPETS_DIR)
                .and_then(|rest| rest.strip_prefix('/'))
                .unwrap_or(path)
                .trim_end_matches(".md")
                .to_string();
            crate::site::Snippet {
                name,
                source,
                body_start,
            }
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|snippet| (snippet.name.clone(), snippet))
        .collect()
}

/// Reads the bodies of the articles at `indices` (all at load, the edited ones in `serve`),
/// now that every article's URL is known.
fn collect_bodies(site: &mut Site, indices: &[usize]) {
    // Without HTML (`check`), no link is written: any base path does.
    let base_path = (site.html_base_path.clone()).unwrap_or_else(|| site.config.base_path());
    let bodies = Bodies::new(site, base_path);
    // The HTML rendered now is what the render uses: one Markdown pass per article for a
    // build. (Rendering at write time instead kept ~60 MB less at 10,000 articles but cost
    // +11% of build time, measured: BENCHMARKS.md.)
    let with_html = site.html_base_path.is_some();
    // Parsing takes many times an article's size: large articles take turns (budget.rs).
    let budget = budget::ParseBudget::new(budget::PARSE_BUDGET_BYTES);
    let collected: Vec<_> = indices
        .par_iter()
        .map(|&index| {
            let article = &site.articles[index];
            let _permit = budget.take(article.text.len());
            if with_html {
                bodies.render_now(article)
            } else {
                bodies.collect(article)
            }
        })
        .collect();
    for (&index, body) in indices.iter().zip(collected) {
        site.articles[index].body = body;
    }
}

/// Reloads articles after an edit that kept each one's front matter byte for byte (the usual
/// edit: the text of the body). Nothing another page shows can have changed then: not a URL,
/// title, summary or vocabulary term. Returns `false`, leaving the site as it was, when an
/// article is new, gone, unreadable or has other front matter: then only a full load is right.
pub fn reload_bodies(site: &mut Site, paths: &[String]) -> bool {
    let mut reread = Vec::with_capacity(paths.len());
    for path in paths {
        let Some(&index) = site.by_path.get(path) else {
            return false;
        };
        let old = &site.articles[index];
        let new = article::read(&site.root, path, &site.config.fields);
        let same_front_matter = match (old.block.clone(), new.block.clone()) {
            (Block::Closed { body_start: a, .. }, Block::Closed { body_start: b, .. }) => {
                old.text[..a] == new.text[..b]
            }
            _ => false,
        };
        if new.unreadable.is_some() || old.unreadable.is_some() || !same_front_matter {
            return false;
        }
        reread.push((index, new));
    }
    let indices: Vec<usize> = reread.iter().map(|(index, _)| *index).collect();
    for (index, mut new) in reread {
        let old = &mut site.articles[index];
        new.url = std::mem::take(&mut old.url);
        new.category = std::mem::take(&mut old.category);
        *old = new;
    }
    collect_bodies(site, &indices);
    true
}

/// Builds the category tree from the folders under `articles/`.
fn categories(
    root: &Path,
    folders: &[String],
    index_files: &[String],
) -> BTreeMap<String, Category> {
    let index_files: HashSet<&str> = index_files.iter().map(String::as_str).collect();
    let mut categories = BTreeMap::new();
    for folder in folders {
        let relative = folder
            .strip_prefix(urls::ARTICLES_DIR)
            .unwrap_or(folder)
            .trim_start_matches('/');
        let url: String = relative
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|segment| {
                let slug = slugify(segment);
                format!(
                    "{}/",
                    if slug.is_empty() {
                        "category".into()
                    } else {
                        slug
                    }
                )
            })
            .collect();
        let name = relative.rsplit('/').next().unwrap_or(relative);
        let index_path = format!("{folder}/_index.md");
        let (title, summary) = if index_files.contains(index_path.as_str()) {
            category_front_matter(root, &index_path)
        } else {
            (None, None)
        };
        let title = title.unwrap_or_else(|| folder_title(name));
        categories.insert(
            folder.clone(),
            Category {
                key: folder.clone(),
                title,
                summary,
                url,
                parent: folder
                    .rsplit_once('/')
                    .map(|(parent, _)| parent.to_string()),
            },
        );
    }
    categories
}

/// Title and summary from a category's `_index.md`. Problems in it fall back to the folder name.
fn category_front_matter(root: &Path, path: &str) -> (Option<String>, Option<String>) {
    // Capped like articles: a huge `_index.md` only loses its title.
    let Ok(Ok(bytes)) = article::read_capped(&root.join(path)) else {
        return (None, None);
    };
    let Ok(text) = crate::source::decode(bytes) else {
        return (None, None);
    };
    let Block::Closed { yaml: range, .. } = front_matter::split(&text) else {
        return (None, None);
    };
    let Ok(fields) = yaml::parse(&text, range) else {
        return (None, None);
    };
    // Only the title and summary are read here: custom fields need no declarations.
    let none = Default::default();
    let parsed = schema::convert(&text, &crate::source::LineIndex::new(&text), &fields, &none);
    (
        parsed.title.map(|t| t.value),
        parsed.summary.map(|s| s.value),
    )
}

/// `call-forwarding` -> `Call forwarding`.
fn folder_title(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Home".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A KB of two articles, the first linking to the second.
    fn two_articles() -> (tempfile::TempDir, SiteConfig) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("articles")).unwrap();
        std::fs::write(
            dir.path().join("articles/a.md"),
            crate::check::testing::article("## Steps\n\n[the other one](b.md)\n"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("articles/b.md"),
            crate::check::testing::article("## Steps\n"),
        )
        .unwrap();
        let text = crate::check::testing::SITE_TOML;
        let config = SiteConfig::parse(&dir.path().join("site.toml"), text).unwrap();
        (dir, config)
    }

    /// The first article's page as rendered from `site`.
    fn first_page(site: &Site) -> String {
        first_page_of(
            site,
            Variant::alone(&site.config, crate::audience::Readers::Public),
        )
    }

    /// The first article's page in the site of `variant`.
    fn first_page_of(site: &Site, variant: Variant) -> String {
        let path = format!("{}index.html", site.articles[0].url);
        let built = crate::check::testing::render_site(site, variant);
        String::from_utf8_lossy(built.get(&path).unwrap()).to_string()
    }

    #[test]
    fn html_is_loaded_for_a_build_and_rendered_again_for_another_base_path_or_a_check() {
        let (dir, config) = two_articles();
        let link = |base: &str| format!("<a href=\"{base}b/\">the other one</a>");

        let checked = load_for_check(dir.path(), config.clone()).unwrap();
        let body = &checked.articles[0].body;
        assert!(body.html.is_empty(), "check keeps no HTML");
        assert_eq!(body.links.len(), 1, "links are collected");
        assert_eq!(body.headings.len(), 1, "headings are collected");
        assert!(
            first_page(&checked).contains(&link("/kb/")),
            "rendered when written"
        );

        let mut built = load(dir.path(), config).unwrap();
        assert!(built.articles[0].body.html.contains(&link("/kb/")));
        // The page is made from the loaded HTML, not rendered again: a mark put into it shows.
        built.articles[0].body.html.push_str("<!-- loaded -->");
        let page = first_page(&built);
        assert!(page.contains(&link("/kb/")) && page.contains("<!-- loaded -->"));
        // An audience's own site: the loaded HTML's link paths are wrong there.
        let elsewhere = Variant {
            base_url: "https://wholesale.example.com/help/".into(),
            ..Variant::alone(&built.config, crate::audience::Readers::Public)
        };
        let page = first_page_of(&built, elsewhere.clone());
        assert!(page.contains(&link("/help/")), "{page}");
        assert!(!page.contains(&link("/kb/")), "{page}");
        assert!(
            !page.contains("<!-- loaded -->"),
            "rendered again for this base path"
        );
        assert_eq!(
            built.config.base_path(),
            "/kb/",
            "the configuration is untouched"
        );

        // Loaded for that site in the first place (`serve`, an audience's own base_url): its
        // HTML is used as loaded.
        let (dir, config) = two_articles();
        let mut loaded_there = load_for(
            dir.path(),
            config,
            Build {
                variant: &elsewhere,
                words: BodyWords::default(),
                include_drafts: false,
            },
        )
        .unwrap();
        assert!(loaded_there.articles[0].body.html.contains(&link("/help/")));
        loaded_there.articles[0]
            .body
            .html
            .push_str("<!-- loaded -->");
        assert!(first_page_of(&loaded_there, elsewhere).contains("<!-- loaded -->"));
    }

    #[test]
    fn an_oversized_category_index_falls_back_to_the_folder_name() {
        let dir = tempfile::tempdir().unwrap();
        let big = format!("---\ntitle: Big\n---\n{}", "x".repeat(9 * 1024 * 1024));
        std::fs::write(dir.path().join("_index.md"), big).unwrap();
        assert_eq!(category_front_matter(dir.path(), "_index.md"), (None, None));
        std::fs::write(dir.path().join("_index.md"), "---\ntitle: Small\n---\n").unwrap();
        let (title, _) = category_front_matter(dir.path(), "_index.md");
        assert_eq!(title.as_deref(), Some("Small"));
    }

    #[test]
    fn folder_titles_read_like_words() {
        assert_eq!(folder_title("call-forwarding"), "Call forwarding");
        assert_eq!(folder_title(""), "Home");
    }
}
