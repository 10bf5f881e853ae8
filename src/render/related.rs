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

/// A thread's scratch space for [`Neighbours::related`]: a score per article (all zero between
/// calls) and the articles that got one.
#[derive(Default)]
struct Scratch {
    scores: Vec<u32>,
    touched: Vec<usize>,
}

thread_local! {
    static SCORES: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

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
        // Scores are summed in a dense per-thread array, not a hash map: this runs once per
        // page and touches up to `MAX_POSTINGS` articles per term, and hashing and sorting
        // every candidate was ~10% of a 1,000-article build (callgrind).
        SCORES.with_borrow_mut(|scratch| {
            if scratch.scores.len() < self.articles.len() {
                scratch.scores.resize(self.articles.len(), 0);
            }
            for term in terms(article) {
                let Some(list) = self.postings.get(&term) else {
                    continue;
                };
                if list.len() > MAX_POSTINGS {
                    continue;
                }
                for &other in list {
                    if Some(other) == own {
                        continue;
                    }
                    let score = &mut scratch.scores[other];
                    if *score == 0 {
                        scratch.touched.push(other);
                    }
                    *score += term.weight();
                }
            }
            let mut best: Vec<(usize, u32)> = Vec::with_capacity(RELATED_COUNT + 1);
            for other in scratch.touched.drain(..) {
                let score = std::mem::take(&mut scratch.scores[other]);
                let ahead = |&(index, best_score): &(usize, u32)| {
                    best_score > score || (best_score == score && index < other)
                };
                let at = best.iter().take_while(|entry| ahead(entry)).count();
                if at < RELATED_COUNT {
                    best.insert(at, (other, score));
                    best.truncate(RELATED_COUNT);
                }
            }
            best.into_iter()
                .map(|(index, _)| self.articles[index])
                .collect()
        })
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

    /// [`kb`] of owned `(path, text)` pairs.
    fn kb_of(files: &[(String, String)]) -> crate::site::Site {
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        kb(&refs)
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
    fn at_most_five_are_chosen_and_ties_go_to_the_first_paths() {
        let files: Vec<(String, String)> = (0..8)
            .map(|i| (format!("articles/a/a{i}.md"), with("shared", "voice")))
            .chain([("articles/b/z.md".to_string(), with("shared, rare", "voice"))])
            .chain([("articles/c/y.md".to_string(), with("rare", "voice"))])
            .collect();
        let site = kb_of(&files);
        let articles: Vec<&Article> = site.articles.iter().collect();
        let neighbours = Neighbours::new(&articles);
        let related = |path: &str| -> Vec<String> {
            neighbours
                .related(site.article(path).unwrap())
                .iter()
                .map(|a| a.path.clone())
                .collect()
        };
        // a3 shares tag, product and category (6) with a0..a7, tag and product (5) with z.
        assert_eq!(
            related("articles/a/a3.md"),
            ["a0", "a1", "a2", "a4", "a5"].map(|n| format!("articles/a/{n}.md"))
        );
        // z shares `rare` and the product with y (5), `shared` and the product with each a
        // (5): a tie of nine, broken by path.
        assert_eq!(
            related("articles/b/z.md"),
            ["a0", "a1", "a2", "a3", "a4"].map(|n| format!("articles/a/{n}.md"))
        );
        // The scratch scores are back to zero: asking again gives the same answer.
        assert_eq!(related("articles/a/a3.md")[0], "articles/a/a0.md");
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
        let site = kb_of(&files);
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
