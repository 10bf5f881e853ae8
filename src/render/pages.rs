//! Article pages.

use super::context::{
    self, ArticlePage, AudienceValue, Link, TagRef, TermRef, TocEntry, TypeRef, Untranslated,
};
use super::listings::tag_slug;
use super::Renderer;
use crate::audience::Readers;
use crate::site::Article;

impl Renderer<'_> {
    /// `article` in every language its readers' sites publish it in: the default language
    /// always (a translation's source is published there), then each language it has a
    /// published translation into. Empty when there is only one.
    pub(super) fn alternates(&self, article: &Article) -> Vec<super::context::Alternate> {
        let variant = &self.options.variant;
        let Some(translated) = self.site.translated_into.get(&article.path) else {
            return Vec::new();
        };
        let default = variant.languages.first().map(|(code, _)| code.as_str());
        (default.into_iter())
            .chain(translated.iter().map(String::as_str))
            .filter_map(|code| {
                let base = variant.base_url_in(code)?;
                Some(super::context::Alternate {
                    language: code.to_string(),
                    name: self.language_name(code),
                    url: format!("{base}{}", crate::urls::encode_path(&article.url)),
                    current: code == variant.language,
                })
            })
            .collect()
    }

    /// A language's name in itself: `[languages.CODE] name`, else the theme's word for it in
    /// that language (`language_name`), else the tag.
    fn language_name(&self, code: &str) -> String {
        let config = &self.site.config;
        if let Some(language) = config.languages.get(code) {
            return language.name.clone();
        }
        let primary = code.split('-').next().unwrap_or(code).to_ascii_lowercase();
        (self.theme.strings.get(&primary))
            .and_then(|words| words.get("language_name"))
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }
}

impl Renderer<'_> {
    /// The article's page; `content` is its body's HTML as this build shows it
    /// ([`Renderer::visible_html`]).
    pub(super) fn article_page(&self, article: &Article, content: &str) -> anyhow::Result<()> {
        let config = &self.site.config;
        let fm = &article.front_matter;
        let variant = &self.options.variant;
        let term = |folder: &str, id: &str, name: &str, description: Option<&String>| TermRef {
            id: id.to_string(),
            name: name.to_string(),
            description: description.cloned(),
            url: self.urls.path(&format!("{folder}/{id}/")),
        };
        let toc = (self.view)
            .shown_headings(article)
            .filter(|h| matches!(h.level, 2 | 3))
            .map(|h| TocEntry {
                level: h.level,
                id: h.id.clone(),
                title: h.text.clone(),
                audiences: h.section_audiences.as_ref().map(|a| a.join(" ")),
            })
            .collect();
        let has_sections = article
            .body
            .sections
            .iter()
            .any(|s| self.view.sees(&s.audiences));
        let audience_switch = if variant.readers == Readers::Public && has_sections {
            config
                .audiences
                .iter()
                .filter(|(_, a)| !a.internal)
                .map(|(id, a)| AudienceValue {
                    id: id.clone(),
                    name: a.name.clone(),
                    internal: false,
                })
                .collect()
        } else {
            Vec::new()
        };
        let category = self.site.categories.get(&article.category);
        let breadcrumbs = context::breadcrumbs(self.site, &self.urls, &article.category);
        let link = |a: &Article| Link {
            title: a.title().to_string(),
            url: self.urls.path(&a.url),
            lang: a.text_language.clone(),
        };
        let (previous, next) = self.neighbours.previous_and_next(article);
        // A declared owner shows by name; an undeclared one (a KB without `[owners]`) as written.
        let owner = fm
            .owner
            .as_ref()
            .map(|owner| match config.owners.get(&owner.value) {
                Some(declared) => (declared.name.as_str(), declared.handle.as_deref()),
                None => (owner.value.as_str(), None),
            });
        let page = ArticlePage {
            related: self
                .neighbours
                .related(article)
                .into_iter()
                .map(|a| context::summary(self.site, &self.urls, self.options.today, a))
                .collect(),
            previous: previous.map(link),
            next: next.map(link),
            title: article.title(),
            heading: article
                .body
                .title_heading
                .as_ref()
                .map_or(article.title(), |h| h.text.as_str()),
            heading_id: article.body.title_heading.as_ref().map(|h| h.id.as_str()),
            summary: article.summary(),
            url: self.urls.path(&article.url),
            permalink: self.urls.full(&article.url),
            article_type: fm.article_type.as_ref().and_then(|t| {
                let declared = config.types.get(&t.value)?;
                Some(TypeRef {
                    id: t.value.clone(),
                    name: declared.name.clone(),
                })
            }),
            applies_to: fm
                .applies_to
                .iter()
                .filter_map(|p| {
                    config
                        .products
                        .get(&p.value)
                        .map(|d| term("products", &p.value, &d.name, d.description.as_ref()))
                })
                .collect(),
            roles: fm
                .roles
                .iter()
                .filter_map(|r| {
                    config
                        .roles
                        .get(&r.value)
                        .map(|d| term("roles", &r.value, &d.name, d.description.as_ref()))
                })
                .collect(),
            audiences: article
                .audiences(config)
                .into_iter()
                .filter(|a| self.view.sees(&[a]))
                .filter_map(|a| {
                    config
                        .audiences
                        .get(a)
                        .map(|d| term("audiences", a, &d.name, d.description.as_ref()))
                })
                .collect(),
            tags: fm
                .tags
                .iter()
                .map(|t| TagRef {
                    name: t.value.clone(),
                    url: self.urls.path(&format!("tags/{}/", tag_slug(&t.value))),
                })
                .collect(),
            reviewed: fm.reviewed.as_ref().map(|d| d.value.to_string()),
            owner: owner.map(|(name, _)| name),
            owner_handle: owner.and_then(|(_, handle)| handle),
            draft: fm.draft,
            publish_after: self.view.scheduled(article),
            fields: super::context::custom_fields(fm),
            content,
            toc,
            audience_switch,
            alternates: self.alternates(article),
            json_ld: self.json_ld(article, &breadcrumbs),
            markdown_url: self.urls.path(&super::machine::markdown_path(article)),
            breadcrumbs,
            category: Link {
                lang: None,
                title: category.map_or_else(|| self.word("home"), |c| c.title.clone()),
                url: self.urls.path(category.map_or("", |c| c.url.as_str())),
            },
            edit_url: config.repository_url.as_ref().map(|repo| {
                let file = article.text_from.as_deref().unwrap_or(&article.path);
                format!("{repo}{}", crate::urls::encode_path(file))
            }),
            source_path: &article.path,
            untranslated: article.text_language.as_ref().map(|language| Untranslated {
                direction: context::text_direction(language),
                language: language.clone(),
                name: self.language_name(language),
                url: (variant.languages.first())
                    .map(|(_, base_url)| {
                        format!("{base_url}{}", crate::urls::encode_path(&article.url))
                    })
                    .unwrap_or_default(),
            }),
        };
        let mut tera_context = tera::Context::new();
        tera_context.insert("page", &page);
        self.page(
            "article.html",
            &tera_context,
            &format!("{}index.html", article.url),
        )
    }
}
