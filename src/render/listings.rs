//! Listing pages: the home page, one page per category, and the product, role, audience and
//! tag pages with the list page of each kind. Each lists its articles by title.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::context::{self, ArticleSummary, CategoryItem, CategoryPage, TermItem, TermPage};
use super::Renderer;
use crate::site::{Article, Category};
use crate::slug::slugify;

/// One kind of term page: where it lives. Its labels are the theme's words `kind` (singular)
/// and `folder` (plural) in the site's language (`i18n/<language>.toml`).
struct TermKind {
    kind: &'static str,
    folder: &'static str,
}

const PRODUCTS: TermKind = TermKind {
    kind: "product",
    folder: "products",
};
const ROLES: TermKind = TermKind {
    kind: "role",
    folder: "roles",
};
const AUDIENCES: TermKind = TermKind {
    kind: "audience",
    folder: "audiences",
};
const TAGS: TermKind = TermKind {
    kind: "tag",
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
    /// The home page and one page per category with published articles, rendered in
    /// parallel (a large category lists thousands of articles).
    pub(super) fn category_pages(&self) -> anyhow::Result<usize> {
        let counts = self.article_counts();
        let mut by_category: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
        for article in &self.articles {
            by_category
                .entry(article.category.as_str())
                .or_default()
                .push(article);
        }
        let shown: Vec<&Category> = self
            .site
            .categories
            .values()
            .filter(|c| c.parent.is_none() || counts.get(c.key.as_str()).copied().unwrap_or(0) > 0)
            .collect();
        shown
            .par_iter()
            .map(|category| {
                let articles = by_category
                    .get(category.key.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                self.category_page(category, &counts, articles).map(|()| 1)
            })
            .sum()
    }

    fn category_page(
        &self,
        category: &Category,
        counts: &BTreeMap<&str, usize>,
        articles: &[&Article],
    ) -> anyhow::Result<()> {
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
        let articles = self.summaries(articles);
        let mut tera_context = tera::Context::new();
        if category.parent.is_none() {
            tera_context.insert("categories", &subcategories);
            tera_context.insert("recent", &self.recent());
            tera_context.insert("products", &self.term_items(&PRODUCTS, &self.products()));
            tera_context.insert("roles", &self.term_items(&ROLES, &self.roles()));
            tera_context.insert("audiences", &self.term_items(&AUDIENCES, &self.audiences()));
            tera_context.insert("articles", &articles);
            return self.page("home.html", &tera_context, "index.html");
        }
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
        )
    }

    /// Product, role, audience and tag pages, and one list page per kind, rendered in parallel.
    pub(super) fn term_pages(&self) -> anyhow::Result<usize> {
        let kinds = [
            (&PRODUCTS, self.products()),
            (&ROLES, self.roles()),
            (&AUDIENCES, self.audiences()),
            (&TAGS, self.tags()),
        ];
        // One job per page: `None` is a kind's list page.
        let jobs: Vec<(&TermKind, &[Term], Option<&Term>)> = kinds
            .iter()
            .flat_map(|(kind, terms)| {
                std::iter::once((*kind, terms.as_slice(), None)).chain(
                    terms
                        .iter()
                        .map(move |term| (*kind, terms.as_slice(), Some(term))),
                )
            })
            .collect();
        jobs.par_iter()
            .map(|(kind, terms, term)| match term {
                Some(term) => self.term_page(kind, term),
                None => self.terms_page(kind, terms),
            })
            .collect::<anyhow::Result<Vec<()>>>()
            .map(|pages| pages.len())
    }

    fn term_page(&self, kind: &TermKind, term: &Term) -> anyhow::Result<()> {
        let url = format!("{}/{}/", kind.folder, term.id);
        let page = TermPage {
            kind: kind.kind,
            kind_label: self.word(kind.kind),
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
        self.page("term.html", &tera_context, &format!("{url}index.html"))
    }

    /// The page that lists every term of a kind (`products/`).
    fn terms_page(&self, kind: &TermKind, terms: &[Term]) -> anyhow::Result<()> {
        let mut tera_context = tera::Context::new();
        tera_context.insert("kind", kind.kind);
        tera_context.insert("kind_label", &self.word(kind.folder));
        tera_context.insert("url", &self.urls.path(&format!("{}/", kind.folder)));
        tera_context.insert("terms", &self.term_items(kind, terms));
        self.page(
            "terms.html",
            &tera_context,
            &format!("{}/index.html", kind.folder),
        )
    }

    fn summaries(&self, articles: &[&Article]) -> Vec<ArticleSummary> {
        let mut list: Vec<ArticleSummary> = articles
            .iter()
            .map(|a| context::summary(self.site, &self.urls, self.options.today, a))
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
            .map(|a| context::summary(self.site, &self.urls, self.options.today, a))
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

    /// A vocabulary term with the published articles `carries` picks, in path order.
    fn term(
        &self,
        id: &str,
        name: &str,
        description: &Option<String>,
        carries: impl Fn(&Article) -> bool,
    ) -> Term<'_> {
        Term {
            id: id.to_string(),
            name: name.to_string(),
            description: description.clone(),
            articles: self
                .articles
                .iter()
                .copied()
                .filter(|a| carries(a))
                .collect(),
        }
    }

    fn products(&self) -> Vec<Term<'_>> {
        let config = &self.site.config;
        config
            .products
            .iter()
            .map(|(id, p)| {
                self.term(id, &p.name, &p.description, |a| {
                    a.front_matter.applies_to.iter().any(|x| &x.value == id)
                })
            })
            .collect()
    }

    fn roles(&self) -> Vec<Term<'_>> {
        let config = &self.site.config;
        config
            .roles
            .iter()
            .map(|(id, r)| {
                self.term(id, &r.name, &r.description, |a| {
                    a.front_matter.roles.iter().any(|x| &x.value == id)
                })
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
            .map(|(id, a)| {
                self.term(id, &a.name, &a.description, |x| {
                    x.audiences(config).contains(&id.as_str())
                })
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
pub(super) fn tag_slug(tag: &str) -> String {
    let slug = slugify(tag);
    if slug.is_empty() {
        "tag".into()
    } else {
        slug
    }
}
