//! Article, category and term (product, role, audience, tag) pages.

use std::collections::BTreeMap;

use super::context::{
    self, ArticlePage, ArticleSummary, AudienceValue, CategoryItem, CategoryPage, Link, TagRef,
    TermItem, TermPage, TermRef, TocEntry, TypeRef,
};
use super::Renderer;
use crate::audience::Variant;
use crate::site::Article;
use crate::slug::slugify;

/// One kind of term page: where it lives and how it is labelled.
struct TermKind {
    kind: &'static str,
    singular: &'static str,
    plural: &'static str,
    folder: &'static str,
}

const PRODUCTS: TermKind = TermKind {
    kind: "product",
    singular: "Product",
    plural: "Products",
    folder: "products",
};
const ROLES: TermKind = TermKind {
    kind: "role",
    singular: "Role",
    plural: "Roles",
    folder: "roles",
};
const AUDIENCES: TermKind = TermKind {
    kind: "audience",
    singular: "Audience",
    plural: "Audiences",
    folder: "audiences",
};
const TAGS: TermKind = TermKind {
    kind: "tag",
    singular: "Tag",
    plural: "Tags",
    folder: "tags",
};

/// A term with the articles that carry it.
struct Term<'a> {
    id: String,
    name: String,
    description: Option<String>,
    articles: Vec<&'a Article>,
}

impl Renderer<'_> {
    pub(super) fn article_page(&self, article: &Article) -> anyhow::Result<()> {
        let config = &self.site.config;
        let fm = &article.front_matter;
        let variant = &self.options.variant;
        let visible = |audiences: &[String]| variant.sees(config, audiences);
        let content = article.body.html_for(&visible);
        let term = |folder: &str, id: &str, name: &str, description: Option<&String>| TermRef {
            id: id.to_string(),
            name: name.to_string(),
            description: description.cloned(),
            url: self.urls.path(&format!("{folder}/{id}/")),
        };
        let toc = article
            .body
            .headings
            .iter()
            .filter(|h| matches!(h.level, 2 | 3))
            .filter(|h| h.section_audiences.as_deref().is_none_or(&visible))
            .map(|h| TocEntry {
                level: h.level,
                id: h.id.clone(),
                title: h.text.clone(),
                audiences: h.section_audiences.as_deref().unwrap_or_default().join(" "),
            })
            .collect();
        let has_sections = article.body.sections.iter().any(|s| visible(&s.audiences));
        let audience_switch = if *variant == Variant::Public && has_sections {
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
        };
        let (previous, next) = self.neighbours.previous_and_next(article);
        let page = ArticlePage {
            related: self
                .neighbours
                .related(article)
                .into_iter()
                .map(|a| context::summary(self.site, &self.urls, a))
                .collect(),
            previous: previous.map(link),
            next: next.map(link),
            title: article.title(),
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
                .filter(|a| visible(&[a.to_string()]))
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
            owner: fm.owner.as_deref(),
            draft: fm.draft,
            content: &content,
            toc,
            audience_switch,
            json_ld: self.json_ld(article, &breadcrumbs),
            markdown_url: self.urls.path(&format!("{}index.md", article.url)),
            breadcrumbs,
            category: Link {
                title: category.map_or("Home".into(), |c| c.title.clone()),
                url: self.urls.path(category.map_or("", |c| c.url.as_str())),
            },
            edit_url: config
                .repository_url
                .as_ref()
                .map(|repo| format!("{repo}{}", crate::urls::encode_path(&article.path))),
            source_path: &article.path,
        };
        let mut tera_context = tera::Context::new();
        tera_context.insert("page", &page);
        self.page(
            "article.html",
            &tera_context,
            &format!("{}index.html", article.url),
        )
    }

    /// The home page and one page per category with published articles.
    pub(super) fn category_pages(&self) -> anyhow::Result<usize> {
        let counts = self.article_counts();
        let mut by_category: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
        for article in &self.articles {
            by_category
                .entry(article.category.as_str())
                .or_default()
                .push(article);
        }
        let mut pages = 0;
        for category in self.site.categories.values() {
            let is_home = category.parent.is_none();
            if !is_home && counts.get(category.key.as_str()).copied().unwrap_or(0) == 0 {
                continue;
            }
            let subcategories: Vec<CategoryItem> = self
                .site
                .categories
                .values()
                .filter(|c| c.parent.as_deref() == Some(category.key.as_str()))
                .filter_map(|c| {
                    let count = counts.get(c.key.as_str()).copied().unwrap_or(0);
                    (count > 0).then(|| CategoryItem {
                        title: c.title.clone(),
                        summary: c.summary.clone(),
                        url: self.urls.path(&c.url),
                        article_count: count,
                    })
                })
                .collect();
            let articles = self.summaries(
                by_category
                    .get(category.key.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or(&[]),
            );
            let mut tera_context = tera::Context::new();
            if is_home {
                tera_context.insert("categories", &subcategories);
                tera_context.insert("recent", &self.recent());
                tera_context.insert("products", &self.term_items(&PRODUCTS, &self.products()));
                tera_context.insert("roles", &self.term_items(&ROLES, &self.roles()));
                tera_context.insert("audiences", &self.term_items(&AUDIENCES, &self.audiences()));
                tera_context.insert("articles", &articles);
                self.page("home.html", &tera_context, "index.html")?;
            } else {
                let page = CategoryPage {
                    title: category.title.clone(),
                    summary: category.summary.clone(),
                    url: self.urls.path(&category.url),
                    permalink: self.urls.full(&category.url),
                    breadcrumbs: context::breadcrumbs(self.site, &self.urls, &category.key),
                    subcategories,
                    articles,
                };
                tera_context.insert("category", &page);
                self.page(
                    "category.html",
                    &tera_context,
                    &format!("{}index.html", category.url),
                )?;
            }
            pages += 1;
        }
        Ok(pages)
    }

    /// Product, role, audience and tag pages, and one list page per kind.
    pub(super) fn term_pages(&self) -> anyhow::Result<usize> {
        let mut pages = 0;
        for (kind, terms) in [
            (&PRODUCTS, self.products()),
            (&ROLES, self.roles()),
            (&AUDIENCES, self.audiences()),
            (&TAGS, self.tags()),
        ] {
            for term in &terms {
                let url = format!("{}/{}/", kind.folder, term.id);
                let page = TermPage {
                    kind: kind.kind,
                    kind_label: kind.singular,
                    kind_url: self.urls.path(&format!("{}/", kind.folder)),
                    id: term.id.clone(),
                    name: term.name.clone(),
                    description: term.description.clone(),
                    url: self.urls.path(&url),
                    permalink: self.urls.full(&url),
                    articles: self.summaries(&term.articles),
                };
                let mut tera_context = tera::Context::new();
                tera_context.insert("term", &page);
                self.page("term.html", &tera_context, &format!("{url}index.html"))?;
                pages += 1;
            }
            let mut tera_context = tera::Context::new();
            tera_context.insert("kind", kind.kind);
            tera_context.insert("kind_label", kind.plural);
            tera_context.insert("url", &self.urls.path(&format!("{}/", kind.folder)));
            tera_context.insert("terms", &self.term_items(kind, &terms));
            self.page(
                "terms.html",
                &tera_context,
                &format!("{}/index.html", kind.folder),
            )?;
            pages += 1;
        }
        Ok(pages)
    }

    fn summaries(&self, articles: &[&Article]) -> Vec<ArticleSummary> {
        let mut list: Vec<ArticleSummary> = articles
            .iter()
            .map(|a| context::summary(self.site, &self.urls, a))
            .collect();
        // Cached keys: a listing page of a large KB sorts thousands of titles.
        list.sort_by_cached_key(|a| (a.title.to_lowercase(), a.url.clone()));
        list
    }

    /// The ten most recently reviewed articles, newest first.
    pub(super) fn recent_articles(&self) -> Vec<&Article> {
        let mut list: Vec<&Article> = self.articles.clone();
        list.sort_by(|a, b| {
            let date = |x: &Article| x.front_matter.reviewed.as_ref().map(|d| d.value);
            date(b).cmp(&date(a)).then_with(|| a.path.cmp(&b.path))
        });
        list.truncate(10);
        list
    }

    fn recent(&self) -> Vec<ArticleSummary> {
        self.recent_articles()
            .iter()
            .map(|a| context::summary(self.site, &self.urls, a))
            .collect()
    }

    fn term_items(&self, kind: &TermKind, terms: &[Term]) -> Vec<TermItem> {
        terms
            .iter()
            .map(|t| TermItem {
                id: t.id.clone(),
                name: t.name.clone(),
                description: t.description.clone(),
                url: self.urls.path(&format!("{}/{}/", kind.folder, t.id)),
                article_count: t.articles.len(),
            })
            .collect()
    }

    fn products(&self) -> Vec<Term<'_>> {
        let config = &self.site.config;
        config
            .products
            .iter()
            .map(|(id, p)| Term {
                id: id.clone(),
                name: p.name.clone(),
                description: p.description.clone(),
                articles: self
                    .articles
                    .iter()
                    .copied()
                    .filter(|a| a.front_matter.applies_to.iter().any(|x| &x.value == id))
                    .collect(),
            })
            .collect()
    }

    fn roles(&self) -> Vec<Term<'_>> {
        let config = &self.site.config;
        config
            .roles
            .iter()
            .map(|(id, r)| Term {
                id: id.clone(),
                name: r.name.clone(),
                description: r.description.clone(),
                articles: self
                    .articles
                    .iter()
                    .copied()
                    .filter(|a| a.front_matter.roles.iter().any(|x| &x.value == id))
                    .collect(),
            })
            .collect()
    }

    /// The audiences this build may name: never an internal one in a public build.
    fn audiences(&self) -> Vec<Term<'_>> {
        let config = &self.site.config;
        config
            .audiences
            .iter()
            .filter(|(id, _)| self.options.variant.sees(config, &[id.as_str()]))
            .map(|(id, a)| Term {
                id: id.clone(),
                name: a.name.clone(),
                description: a.description.clone(),
                articles: self
                    .articles
                    .iter()
                    .copied()
                    .filter(|x| x.audiences(config).contains(&id.as_str()))
                    .collect(),
            })
            .collect()
    }

    fn tags(&self) -> Vec<Term<'_>> {
        let mut tags: BTreeMap<String, Term> = BTreeMap::new();
        for article in &self.articles {
            for tag in &article.front_matter.tags {
                let id = tag_slug(&tag.value);
                let entry = tags.entry(id.clone()).or_insert_with(|| Term {
                    id,
                    name: tag.value.clone(),
                    description: None,
                    articles: Vec::new(),
                });
                // Articles come in path order, so a tag written twice in one article is the
                // last entry: checking it keeps this linear.
                if entry.articles.last().is_none_or(|a| a.path != article.path) {
                    entry.articles.push(article);
                }
            }
        }
        tags.into_values().collect()
    }
}

/// The URL slug of a tag; a tag of only punctuation still gets a page.
fn tag_slug(tag: &str) -> String {
    let slug = slugify(tag);
    if slug.is_empty() {
        "tag".into()
    } else {
        slug
    }
}
