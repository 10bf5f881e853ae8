//! Translations: `refunds.fr.md` beside `refunds.md`, for each language of `[languages]`.
//!
//! A Markdown file whose name ends with `.CODE.md`, `CODE` a declared language, is a
//! translation, not an article: it has no URL, slug or vocabulary of its own (it takes its
//! source's), so it must not be checked or published as one. A suffix that is not a declared
//! language (`release.2024.md`, or `.fr.md` in a KB without `[languages.fr]`) leaves the file an
//! article, as before.

use rayon::prelude::*;

use crate::config::SiteConfig;
use std::collections::BTreeMap;

use crate::site::{Article, Site, Translation};
use crate::variant::Variant;

/// Splits the walked article paths into articles and translations (`(path, language, source)`).
pub fn partition(
    paths: Vec<String>,
    config: &SiteConfig,
) -> (Vec<String>, Vec<(String, String, String)>) {
    if config.languages.is_empty() {
        return (paths, Vec::new());
    }
    let mut articles = Vec::with_capacity(paths.len());
    let mut translations = Vec::new();
    for path in paths {
        match translation_of(&path, config) {
            Some((language, source)) => translations.push((path, language, source)),
            None => articles.push(path),
        }
    }
    (articles, translations)
}

/// `articles/a/refunds.fr.md` -> (`fr`, `articles/a/refunds.md`) when `fr` is declared.
fn translation_of(path: &str, config: &SiteConfig) -> Option<(String, String)> {
    let stem = path.strip_suffix(".md")?;
    let (source_stem, language) = stem.rsplit_once('.')?;
    // `articles/x/.fr.md` has no source name; a dot in a folder name is not a suffix.
    if source_stem.ends_with('/') || language.contains('/') {
        return None;
    }
    config
        .languages
        .contains_key(language)
        .then(|| (language.to_string(), format!("{source_stem}.md")))
}

/// Reads the translations, each with its source's URL and category, sorted by source then
/// language, and records in the site which languages each article is published in
/// ([`Site::translated_into`]). For a build (`variant`), a published translation's body is
/// rendered with its HTML for its language's site of the same readers, as the sources' is for
/// the variant's, so the language's site is made without reading any body again (the base
/// paths are recorded in [`Site::translation_html_base_paths`]); any other (a draft, an
/// orphan, or for `check`) is collected without HTML, for the checks.
pub fn read(
    site: &mut Site,
    found: &[(String, String, String)],
    variant: Option<&Variant>,
    include_drafts: bool,
) {
    let mut translations: Vec<Translation> = found
        .par_iter()
        .map(|(path, language, source)| {
            let mut article = super::article::read(&site.root, path, &site.config.fields);
            if let Some(original) = site.article(source) {
                article.url.clone_from(&original.url);
                article.category.clone_from(&original.category);
            }
            Translation {
                language: language.clone(),
                source: source.clone(),
                article,
            }
        })
        .collect();
    translations.sort_by(|a, b| (&a.source, &a.language).cmp(&(&b.source, &b.language)));
    site.translated_into = published(site, &translations, include_drafts);
    let html_base_paths: BTreeMap<String, String> = variant
        .map(|variant| {
            (variant.languages.iter().skip(1))
                .map(|(code, base_url)| (code.clone(), crate::urls::base_path_of(base_url)))
                .collect()
        })
        .unwrap_or_default();
    {
        let site = &*site;
        let default_base_url = variant
            .and_then(|v| v.languages.first())
            .map(|(_, base_url)| base_url.clone())
            .unwrap_or_default();
        let with_html: BTreeMap<&str, super::Bodies> = (html_base_paths.iter())
            .map(|(code, base_path)| {
                let bodies = super::Bodies::for_translations(
                    site,
                    code,
                    base_path.clone(),
                    default_base_url.clone(),
                );
                (code.as_str(), bodies)
            })
            .collect();
        let without_html = super::Bodies::new(site, site.config.base_path());
        let budget = super::budget::ParseBudget::new(super::budget::PARSE_BUDGET_BYTES);
        translations.par_iter_mut().for_each(|translation| {
            let _permit = budget.take(translation.article.text.len());
            let published = (site.translated_into.get(&translation.source))
                .is_some_and(|languages| languages.contains(&translation.language));
            let article = &translation.article;
            let body = match with_html.get(translation.language.as_str()) {
                Some(bodies) if published => bodies.render_now(article),
                _ => without_html.collect(article),
            };
            translation.article.body = body;
        });
    }
    site.translations = translations;
    site.translation_html_base_paths = html_base_paths;
}

/// The languages each article has a publishable translation into: its source exists and it is
/// no draft (or drafts are previewed).
fn published(
    site: &Site,
    translations: &[Translation],
    include_drafts: bool,
) -> BTreeMap<String, Vec<String>> {
    let mut published: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for translation in translations {
        let draft = translation.article.front_matter.draft && !include_drafts;
        if site.article(&translation.source).is_some() && !draft {
            (published.entry(translation.source.clone()).or_default())
                .push(translation.language.clone());
        }
    }
    published
}

/// Whether the article at `path` is in `language`'s site: it has a published translation
/// into it, or the language shows untranslated articles in the default language. The
/// language's site and the links its translations hold agree through this.
pub fn is_in_site_of(site: &Site, path: &str, language: &str) -> bool {
    shows_untranslated(site, language)
        || (site.translated_into.get(path))
            .is_some_and(|languages| languages.iter().any(|l| l == language))
}

/// Whether `language`'s site shows articles without a translation in the default language.
fn shows_untranslated(site: &Site, language: &str) -> bool {
    (site.config.languages.get(language))
        .is_some_and(|l| l.untranslated == crate::config::Untranslated::Fallback)
}

/// The site of `language`: each article with a published translation into it, as that
/// translation (its text, title, summary and tags) in its source's place (path, URL, category,
/// slug, and every other field), and the others left out, recorded in
/// [`Site::untranslated`] so links to them go to the default language's site. Categories,
/// files and snippets are the loaded site's. The bodies' HTML is the one loading made for the
/// language's site (see [`read`]), if it did.
pub fn language_site(site: &mut Site, language: &str) -> Site {
    // The translation each source has in this site, by the source's index; their HTML moves
    // into the language's site (the checks, which read the translations, have run; nothing
    // reads their HTML but this site's render), so it is not held twice.
    let mut chosen: Vec<Option<usize>> = vec![None; site.articles.len()];
    for (index, translation) in site.translations.iter().enumerate() {
        // A draft translation is there when the build previews drafts (`translated_into`).
        let published = (site.translated_into.get(&translation.source))
            .is_some_and(|languages| languages.iter().any(|l| l == language));
        if translation.language == language && published {
            if let Some(&source) = site.by_path.get(&translation.source) {
                chosen[source] = Some(index);
            }
        }
    }
    let mut html: Vec<String> = (chosen.iter())
        .map(|index| match index {
            Some(index) => std::mem::take(&mut site.translations[*index].article.body.html),
            None => String::new(),
        })
        .collect();
    let site = &*site;
    let mut articles = Vec::new();
    let mut untranslated = BTreeMap::new();
    let fallback = shows_untranslated(site, language);
    for (index, source) in site.articles.iter().enumerate() {
        match chosen[index] {
            Some(translation) => {
                let mut article = in_place_of(source, &site.translations[translation].article);
                article.body.html = std::mem::take(&mut html[index]);
                articles.push(article);
            }
            // Its body's HTML is the default language's site's: the render makes this site's.
            None if fallback => articles.push(Article {
                text_language: Some(site.config.language.clone()),
                ..source.clone()
            }),
            None => {
                untranslated.insert(source.path.clone(), source.url.clone());
            }
        }
    }
    let by_path = (articles.iter().enumerate())
        .map(|(index, article)| (article.path.clone(), index))
        .collect();
    Site {
        root: site.root.clone(),
        config: translated_config(&site.config, language),
        articles,
        categories: translated_categories(site, language),
        files: site.files.clone(),
        refused_paths: site.refused_paths.clone(),
        by_path,
        translations: Vec::new(),
        translated_into: site.translated_into.clone(),
        untranslated,
        category_translations: site.category_translations.clone(),
        snippets: site.snippets.clone(),
        // The translations' HTML, when loading made it for this language's site.
        html_base_path: site.translation_html_base_paths.get(language).cloned(),
        translation_html_base_paths: BTreeMap::new(),
        body_words: site.body_words.clone(),
        source_history: Default::default(),
    }
}

/// The site's configuration with the vocabularies' names and descriptions in `language`,
/// where `[products.ID.translations.<language>]` (and roles', audiences', types') give them:
/// the language's site is made from it, the loaded one never changes.
fn translated_config(config: &SiteConfig, language: &str) -> SiteConfig {
    let mut translated = config.clone();
    for term in translated
        .products
        .values_mut()
        .chain(translated.roles.values_mut())
    {
        if let Some(own) = term.translations.get(language) {
            term.name.clone_from(&own.name);
            if own.description.is_some() {
                term.description.clone_from(&own.description);
            }
        }
    }
    for audience in translated.audiences.values_mut() {
        if let Some(own) = audience.translations.get(language) {
            audience.name.clone_from(&own.name);
            if own.description.is_some() {
                audience.description.clone_from(&own.description);
            }
        }
    }
    for article_type in translated.types.values_mut() {
        if let Some(own) = article_type.translations.get(language) {
            article_type.name.clone_from(&own.name);
        }
    }
    translated
}

/// The categories with their titles and summaries in `language` where `_index.<language>.md`
/// gives them (the others as they are).
fn translated_categories(site: &Site, language: &str) -> BTreeMap<String, crate::site::Category> {
    let mut categories = site.categories.clone();
    for (key, category) in &mut categories {
        let translated = site
            .category_translations
            .get(&(key.clone(), language.to_string()));
        if let Some((title, summary)) = translated {
            if let Some(title) = title {
                category.title.clone_from(title);
            }
            if summary.is_some() {
                category.summary.clone_from(summary);
            }
        }
    }
    categories
}

/// `translation` as an article in `source`'s place: the source's path (its links are written
/// from the same folder), URL, category, slug and fields, with the translated title, summary
/// and tags.
fn in_place_of(source: &Article, translation: &Article) -> Article {
    let own = &translation.front_matter;
    let mut front_matter = source.front_matter.clone();
    if own.title.is_some() {
        front_matter.title.clone_from(&own.title);
    }
    if own.summary.is_some() {
        front_matter.summary.clone_from(&own.summary);
    }
    if own.has("tags") {
        front_matter.tags.clone_from(&own.tags);
    }
    // A draft translation (in a preview) is shown as a draft, whatever its source is.
    front_matter.draft |= own.draft;
    Article {
        path: source.path.clone(),
        text_from: Some(translation.path.clone()),
        category: source.category.clone(),
        slug: source.slug.clone(),
        url: source.url.clone(),
        front_matter,
        // Its HTML has moved out already (see `language_site`): a cheap copy.
        ..translation.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(languages: &str) -> SiteConfig {
        let text = format!("{}{languages}", crate::check::testing::SITE_TOML);
        SiteConfig::parse(std::path::Path::new("site.toml"), &text).unwrap()
    }

    #[test]
    fn only_a_declared_language_suffix_makes_a_translation() {
        let with = config("\n[languages.fr]\nname = \"Français\"\n");
        let paths = [
            "articles/a/refunds.fr.md",
            "articles/a/refunds.md",
            "articles/a/refunds.de.md",
            "articles/a/notes.2024.md",
            "articles/a.fr/x.md",
            "articles/a/.fr.md",
        ];
        let (articles, translations) =
            partition(paths.iter().map(|p| p.to_string()).collect(), &with);
        assert_eq!(
            translations,
            [(
                "articles/a/refunds.fr.md".to_string(),
                "fr".to_string(),
                "articles/a/refunds.md".to_string()
            )]
        );
        assert_eq!(articles.len(), paths.len() - 1);
        let without = config("");
        let (articles, translations) =
            partition(paths.iter().map(|p| p.to_string()).collect(), &without);
        assert!(translations.is_empty());
        assert_eq!(articles.len(), paths.len());
    }

    /// The HTML loading makes for a language's site (links as that site has them) is what
    /// rendering its bodies for the site's variant gives: the render lends it instead.
    #[test]
    fn a_language_site_has_the_html_its_variant_renders() {
        use crate::check::testing::{article, kb_with_config, translation};
        let languages = "[languages.fr]\nname = \"Français\"\n[languages.de]\nname = \"Deutsch\"\nbase_url = \"https://docs.example.de/hilfe/\"\n[audiences.partners]\nname = \"Partners\"\ntranslations.fr = { name = \"Partenaires\" }\n";
        let links = "See [b](b.md), [c](c.md#steps), [the picture](../../assets/p.png) and [home](../b/).\n\n## Partners {audience=partners}\n\nText.\n";
        let mut site = kb_with_config(
            languages,
            &[
                ("articles/b/a.md", &article(links)),
                ("articles/b/a.fr.md", &translation("2026-10-01", links)),
                ("articles/b/a.de.md", &translation("2026-10-01", links)),
                ("articles/b/b.md", &article("## Steps\n")),
                (
                    "articles/b/b.fr.md",
                    &translation("2026-10-01", "## Étapes\n"),
                ),
                ("articles/b/c.md", &article("## Steps\n")),
                ("assets/p.png", "png"),
            ],
        );
        let variants = Variant::select(&site.config, &crate::variant::Selection::Public).unwrap();
        let mut checked = 0;
        let mut sites = BTreeMap::new();
        for variant in variants.iter().filter(|v| v.is_translated()) {
            let language = language_site(&mut site, &variant.language);
            let bodies = super::super::Bodies::for_variant(&language, variant);
            assert!(bodies.lends_loaded(), "{}", variant.language);
            for translated in &language.articles {
                let rendered = bodies.render_now(translated);
                assert_eq!(rendered.html, translated.body.html, "{}", translated.path);
                checked += 1;
            }
            sites.insert(variant.language.clone(), language);
        }
        // a and b in French, a in German; the French a links to the French b and to c in
        // English, the German one to b and c in English, at the default site's URL.
        assert_eq!(checked, 3);
        let french = &sites["fr"];
        let html = &french.article("articles/b/a.md").unwrap().body.html;
        assert!(html.contains("href=\"/kb/fr/b/b/\""), "{html}");
        assert!(html.contains("Partenaires"), "{html}");
        assert!(
            html.contains("href=\"https://example.com/kb/b/c/#steps\""),
            "{html}"
        );
    }

    /// `untranslated = "fallback"`: the article without a translation is in the French site,
    /// its text marked as English, its HTML rendered for the French site (a link from it stays
    /// there), and a translation's link to it goes to its French place.
    #[test]
    fn a_fallback_language_site_shows_untranslated_articles_in_the_default_language() {
        use crate::check::testing::{article, kb_with_config, translation};
        let languages = "[languages.fr]\nname = \"Français\"\nuntranslated = \"fallback\"\n";
        let mut site = kb_with_config(
            languages,
            &[
                ("articles/b/a.md", &article("See [c](c.md).\n")),
                (
                    "articles/b/a.fr.md",
                    &translation("2026-10-01", "Voir [c](c.md).\n"),
                ),
                ("articles/b/c.md", &article("Back to [a](a.md).\n")),
            ],
        );
        let french = language_site(&mut site, "fr");
        let paths: Vec<_> = french.articles.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, ["articles/b/a.md", "articles/b/c.md"]);
        assert!(french.untranslated.is_empty());
        let shown = french.article("articles/b/c.md").unwrap();
        assert_eq!(shown.text_language.as_deref(), Some("en"));
        assert_eq!(
            french.article("articles/b/a.md").unwrap().text_language,
            None
        );
        let variants = Variant::select(&site.config, &crate::variant::Selection::Public).unwrap();
        let bodies = super::super::Bodies::for_variant(&french, &variants[1]);
        let html = bodies.render(shown).html.clone();
        assert!(html.contains("href=\"/kb/fr/b/a/\""), "{html}");
        let translated = &french.article("articles/b/a.md").unwrap().body.html;
        assert!(translated.contains("href=\"/kb/fr/b/c/\""), "{translated}");
        // The default language's site is as it was.
        let english = &site.article("articles/b/c.md").unwrap().body.html;
        assert!(english.contains("href=\"/kb/b/a/\""), "{english}");
    }
}
