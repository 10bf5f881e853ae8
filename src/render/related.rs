//! Related articles and previous/next within a category, for article pages.
//!
//! Related articles share tags, products or the category with an article. Comparing every
//! pair is quadratic (Hugo's related-content lookup took 80% of a 10,000-page build), so an
//! inverted index maps each tag, product and category to its articles, an article scores only
//! the articles its own terms list, and a term shared by more than [`MAX_POSTINGS`] articles
//! (a product half the KB covers) is too common to say anything and is skipped. The cost is
//! then at most that bound per term of an article: near-linear in the KB.

use std::collections::HashMap;

use crate::site::Article;

/// A term with more articles than this does not make articles related.
const MAX_POSTINGS: usize = 200;
/// How many related articles a page shows.
pub const RELATED_COUNT: usize = 5;

/// What an article has in common with others, weighted: a shared tag says most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Term<'a> {
    Tag(&'a str),
    Product(&'a str),
    Category(&'a str),
}

impl Term<'_> {
    fn weight(self) -> u32 {
        match self {
            Term::Tag(_) => 3,
            Term::Product(_) => 2,
            Term::Category(_) => 1,
        }
    }
}

/// The index over the articles of one build (indices into its article list).
pub struct Neighbours<'a> {
    articles: Vec<&'a Article>,
    postings: HashMap<Term<'a>, Vec<usize>>,
    by_path: HashMap<&'a str, usize>,
    /// Each article's previous and next in its category, in the category page's order.
    siblings: Vec<(Option<usize>, Option<usize>)>,
}

impl<'a> Neighbours<'a> {
    pub fn new(articles: &[&'a Article]) -> Self {
        let mut postings: HashMap<Term<'a>, Vec<usize>> = HashMap::new();
        for (index, article) in articles.iter().enumerate() {
            for term in terms(article) {
                postings.entry(term).or_default().push(index);
            }
        }
        let mut siblings = vec![(None, None); articles.len()];
        for (term, list) in &postings {
            if !matches!(term, Term::Category(_)) {
                continue;
            }
            // The category page's order: by title, ignoring case, then by URL.
            let mut ordered = list.clone();
            ordered.sort_by_cached_key(|&i| (articles[i].title().to_lowercase(), &articles[i].url));
            for (at, &index) in ordered.iter().enumerate() {
                let previous = at.checked_sub(1).map(|p| ordered[p]);
                siblings[index] = (previous, ordered.get(at + 1).copied());
            }
        }
        Neighbours {
            articles: articles.to_vec(),
            postings,
            by_path: articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.path.as_str(), i))
                .collect(),
            siblings,
        }
    }

    /// Up to [`RELATED_COUNT`] articles most like `article`: highest score first, then by
    /// path, so the choice is stable.
    pub fn related(&self, article: &Article) -> Vec<&'a Article> {
        let own = self.by_path.get(article.path.as_str()).copied();
        let mut scores: HashMap<usize, u32> = HashMap::new();
        for term in terms(article) {
            let Some(list) = self.postings.get(&term) else {
                continue;
            };
            if list.len() > MAX_POSTINGS {
                continue;
            }
            for &other in list {
                if Some(other) != own {
                    *scores.entry(other).or_insert(0) += term.weight();
                }
            }
        }
        let mut ranked: Vec<(usize, u32)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .take(RELATED_COUNT)
            .map(|(index, _)| self.articles[index])
            .collect()
    }

    /// The articles before and after `article` in its category, in the category page's order.
    pub fn previous_and_next(
        &self,
        article: &Article,
    ) -> (Option<&'a Article>, Option<&'a Article>) {
        let Some(&own) = self.by_path.get(article.path.as_str()) else {
            return (None, None);
        };
        let (previous, next) = self.siblings[own];
        (
            previous.map(|i| self.articles[i]),
            next.map(|i| self.articles[i]),
        )
    }
}

fn terms(article: &Article) -> Vec<Term<'_>> {
    let fm = &article.front_matter;
    let mut terms: Vec<Term> = fm.tags.iter().map(|t| Term::Tag(&t.value)).collect();
    terms.extend(fm.applies_to.iter().map(|p| Term::Product(&p.value)));
    terms.push(Term::Category(&article.category));
    terms.sort_unstable();
    terms.dedup();
    terms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{article, kb};

    fn with(tags: &str, products: &str) -> String {
        article("## Steps\n")
            .replace("applies_to: [portal]", &format!("applies_to: [{products}]"))
            .replace("reviewed:", &format!("tags: [{tags}]\nreviewed:"))
    }

    #[test]
    fn shared_tags_weigh_most_then_products_then_the_category() {
        let site = kb(&[
            ("articles/a/one.md", &with("login, sso", "voice")),
            ("articles/a/two.md", &with("billing", "voice")),
            ("articles/b/three.md", &with("login, sso", "portal")),
            ("articles/b/four.md", &with("login", "voice")),
            ("articles/c/five.md", &with("other", "portal")),
        ]);
        let articles: Vec<&Article> = site.articles.iter().collect();
        let neighbours = Neighbours::new(&articles);
        let one = site.article("articles/a/one.md").unwrap();
        let related: Vec<&str> = neighbours
            .related(one)
            .iter()
            .map(|a| a.path.as_str())
            .collect();
        // three: 2 tags = 6; four: tag + product = 5; two: product + category = 3.
        assert_eq!(
            related,
            [
                "articles/b/three.md",
                "articles/b/four.md",
                "articles/a/two.md"
            ]
        );
    }

    #[test]
    fn previous_and_next_follow_the_category_order() {
        let site = kb(&[
            ("articles/a/x.md", &with("t", "voice")),
            ("articles/a/y.md", &with("t", "voice")),
            ("articles/a/z.md", &with("t", "voice")),
            ("articles/b/w.md", &with("t", "voice")),
        ]);
        let articles: Vec<&Article> = site.articles.iter().collect();
        let neighbours = Neighbours::new(&articles);
        let path = |a: Option<&Article>| a.map(|a| a.path.clone());
        let (previous, next) =
            neighbours.previous_and_next(site.article("articles/a/y.md").unwrap());
        assert_eq!(path(previous).as_deref(), Some("articles/a/x.md"));
        assert_eq!(path(next).as_deref(), Some("articles/a/z.md"));
        let (previous, next) =
            neighbours.previous_and_next(site.article("articles/b/w.md").unwrap());
        assert_eq!((previous.is_none(), next.is_none()), (true, true));
    }

    #[test]
    fn a_term_every_article_shares_does_not_make_them_related() {
        let files: Vec<(String, String)> = (0..=MAX_POSTINGS)
            .map(|i| {
                (
                    format!("articles/f{}/a{i}.md", i % 50),
                    with("common", "voice"),
                )
            })
            .collect();
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let site = kb(&refs);
        let articles: Vec<&Article> = site.articles.iter().collect();
        let neighbours = Neighbours::new(&articles);
        // Only the category (5 articles each) is specific enough to count.
        let related = neighbours.related(&site.articles[0]);
        assert!(related
            .iter()
            .all(|a| a.category == site.articles[0].category));
        assert_eq!(related.len(), 4, "the other four of its folder");
    }
}
