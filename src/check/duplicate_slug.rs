//! `duplicate-slug`: two articles that would be published at the same URL, or an alias that
//! collides with an article's URL, a category page or another alias.

use std::collections::HashMap;

use super::Context;
use crate::diagnostic::{Diagnostic, Position, Rule, Severity, Span};
use crate::site::{Article, Site};
use crate::urls::{alias_in_site, GENERATED_PATHS};

pub const RULE: Rule = Rule {
    code: "duplicate-slug",
    default_severity: Severity::Error,
    summary: "Two articles (or an alias) would be published at the same URL.",
    explanation: "Each article is published at its category's URL plus its slug (the file name, \
or the `slug` field): `articles/billing/refunds.md` becomes `/billing/refunds/`. Each alias \
(`aliases: [/kb/12345/]`) becomes a redirect page at that path. When two of these land on the same \
URL (compared ignoring case, as Windows and macOS file systems do), one page silently replaces \
the other and readers get the wrong article. Both articles are reported. A translation language's \
site is published in the folder named after its code (`/fr/` for `[languages.fr]`), so an article \
or alias under that folder (a category folder `articles/fr/`) is reported too. Fix: give one article a \
different `slug` or file name, and remove an alias that another article already uses or that is \
an article's own URL.",
};

/// Something that would be written at a URL.
#[derive(Clone, Copy)]
enum Claim {
    /// An article's own page.
    Url { article: usize },
    /// The redirect page of one of an article's aliases.
    Alias { article: usize, alias: usize },
    /// A category's page (keyed by folder).
    Category { key: usize },
    /// A page or file kbpress generates (`products/`, `sitemap.xml`, ...).
    Generated { path: &'static str },
    /// The folder a translation language's site is published in (`fr/` for `[languages.fr]`),
    /// by its index among the declared languages: everything under it is that site's.
    Language { code: usize },
}

impl Claim {
    fn article(self) -> Option<usize> {
        match self {
            Claim::Url { article } | Claim::Alias { article, .. } => Some(article),
            Claim::Category { .. } | Claim::Generated { .. } | Claim::Language { .. } => None,
        }
    }
}

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    let folders: Vec<(&String, &String)> = site
        .categories
        .iter()
        .map(|(key, c)| (key, &c.url))
        .collect();
    // Keyed by the output folder, lowercased; claims in a fixed order (categories, then
    // articles by path), so the "other" named in each message is deterministic.
    let mut claims: HashMap<String, Vec<Claim>> = HashMap::with_capacity(site.articles.len());
    for (key, (_, url)) in folders.iter().enumerate() {
        claims
            .entry(folder_key(url))
            .or_default()
            .push(Claim::Category { key });
    }
    for &path in GENERATED_PATHS {
        claims
            .entry(path.to_string())
            .or_default()
            .push(Claim::Generated { path });
    }
    let base_path = site.config.base_path();
    let languages: Vec<String> = (site.config.languages.keys())
        .map(|c| c.to_lowercase())
        .collect();
    // A URL under a language's folder is claimed by that language's site too (once per URL).
    let under_language = |group: &mut Vec<Claim>, key: &str| {
        let first = key.split('/').next().unwrap_or(key);
        if let Some(code) = languages.iter().position(|code| code == first) {
            if !group.iter().any(|c| matches!(c, Claim::Language { .. })) {
                group.push(Claim::Language { code });
            }
        }
    };
    for (index, article) in site.articles.iter().enumerate() {
        let key = folder_key(&article.url);
        let group = claims.entry(key.clone()).or_default();
        group.push(Claim::Url { article: index });
        under_language(group, &key);
        for (alias, value) in article.front_matter.aliases.iter().enumerate() {
            // Unsafe aliases are `invalid-field` errors and never published.
            if let Some(folder) = alias_in_site(&value.value, &base_path) {
                let key = folder.to_lowercase();
                let group = claims.entry(key.clone()).or_default();
                group.push(Claim::Alias {
                    article: index,
                    alias,
                });
                under_language(group, &key);
            }
        }
    }
    let mut found = Vec::new();
    for group in claims.values().filter(|group| group.len() > 1) {
        for (position, &claim) in group.iter().enumerate() {
            let Some(index) = claim.article() else {
                continue;
            };
            let article = &site.articles[index];
            let others: Vec<Claim> = group
                .iter()
                .enumerate()
                .filter(|&(other_position, other)| {
                    other_position != position
                        && match (claim, other) {
                            // An alias of this article's own URL is reported on the alias only.
                            (Claim::Url { .. }, Claim::Alias { article, .. }) => *article != index,
                            // The same alias listed twice is harmless: one redirect page.
                            (Claim::Alias { .. }, Claim::Alias { article, .. }) => {
                                *article != index
                            }
                            _ => true,
                        }
                })
                .map(|(_, other)| *other)
                .collect();
            let Some(&first) = others.first() else {
                continue;
            };
            let (this, span) = match claim {
                Claim::Url { .. } => (
                    format!("URL `/{}` of `{}`", article.url, article.path),
                    article
                        .front_matter
                        .slug
                        .as_ref()
                        .map_or(Span::point(Position::START), |s| s.span),
                ),
                Claim::Alias { alias, .. } => {
                    let value = &article.front_matter.aliases[alias];
                    (
                        format!("alias `{}` of `{}`", value.value, article.path),
                        value.span,
                    )
                }
                Claim::Category { .. } | Claim::Generated { .. } | Claim::Language { .. } => {
                    continue
                }
            };
            let other = match first {
                Claim::Url { article: other } if other == index => "its own URL".to_string(),
                Claim::Url { article: other } => {
                    format!("the URL of `{}`", site.articles[other].path)
                }
                Claim::Alias { article: other, .. } => {
                    format!("an alias in `{}`", site.articles[other].path)
                }
                Claim::Category { key } => {
                    format!("the page of the category folder `{}`", folders[key].0)
                }
                Claim::Generated { path } => format!("where kbpress writes its own `/{path}`"),
                Claim::Language { code } => format!(
                    "inside `/{}/`, where the site in `{}` ([languages.{}]) is published",
                    languages[code], languages[code], languages[code]
                ),
            };
            let more = match others.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            let message = format!("{this} is also {other}{more}");
            found.push(
                Diagnostic::new(&RULE, &article.path, span, message)
                    .with_help(help(site, article, claim, first)),
            );
        }
    }
    // Groups come out of a HashMap: sort, so the order never depends on hashing.
    found.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    found
}

/// An output folder without its trailing slash, lowercased: what file systems compare.
fn folder_key(url: &str) -> String {
    url.trim_end_matches('/').to_lowercase()
}

fn help(site: &Site, article: &Article, claim: Claim, other: Claim) -> String {
    let path = |index: usize| site.articles[index].path.as_str();
    match (claim, other) {
        (Claim::Url { .. }, Claim::Url { .. }) if article.front_matter.slug.is_some() => {
            "change `slug` in one of the two articles, so each has its own URL".into()
        }
        (Claim::Url { .. }, Claim::Url { .. }) => {
            "rename one of the two files, or give one a different `slug`".into()
        }
        (Claim::Url { .. }, Claim::Alias { article: other, .. }) => {
            format!(
                "remove the alias from `{}`: its redirect page would replace this article",
                path(other)
            )
        }
        (Claim::Url { .. }, _) => {
            "give the article a different `slug`, or rename it or the folder".into()
        }
        (Claim::Alias { article: this, .. }, Claim::Url { article: other }) if this == other => {
            "remove the alias: it would replace the article's own page with a redirect".into()
        }
        (Claim::Alias { .. }, Claim::Url { article: other }) => {
            format!(
                "remove the alias: its redirect page would replace `{}`",
                path(other)
            )
        }
        (Claim::Alias { .. }, Claim::Alias { .. }) => {
            "an old URL can redirect to one article only: remove the alias from one of them".into()
        }
        (_, Claim::Generated { .. }) => {
            "choose another slug, file or folder name: this path is kbpress's own".into()
        }
        (_, Claim::Language { .. }) => {
            "rename the category folder (or choose another slug or alias): a language's site owns the folder named after its code".into()
        }
        _ => "remove the alias: its redirect page would replace the category page".into(),
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    /// What the check says, in order.
    fn messages(site: &crate::site::Site) -> Vec<String> {
        (findings(site, "duplicate-slug").into_iter())
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn reports_urls_that_kbpress_generates_itself() {
        let site = kb(&[
            ("articles/tags.md", &article("## Steps\n")),
            (
                "articles/a.md",
                &article("## Steps\n")
                    .replace("reviewed:", "aliases: [/kb/sitemap.xml]\nreviewed:"),
            ),
        ]);
        let messages = messages(&site);
        assert_eq!(
            messages,
            vec![
                "alias `/kb/sitemap.xml` of `articles/a.md` is also where kbpress writes its own `/sitemap.xml`",
                "URL `/tags/` of `articles/tags.md` is also where kbpress writes its own `/tags`",
            ]
        );
    }

    #[test]
    fn reports_urls_inside_a_languages_folder() {
        let site = kb_with_config(
            "[languages.fr]\nname = \"Français\"\n",
            &[
                ("articles/fr/tarifs.md", &article("## Steps\n")),
                ("articles/free/a.md", &article("## Steps\n")),
                (
                    "articles/b.md",
                    &article("## Steps\n")
                        .replace("reviewed:", "aliases: [/kb/fr/old/]\nreviewed:"),
                ),
            ],
        );
        let messages = messages(&site);
        assert_eq!(
            messages,
            vec![
                "alias `/kb/fr/old/` of `articles/b.md` is also inside `/fr/`, where the site in `fr` ([languages.fr]) is published",
                "URL `/fr/tarifs/` of `articles/fr/tarifs.md` is also inside `/fr/`, where the site in `fr` ([languages.fr]) is published",
            ]
        );
    }

    #[test]
    fn reports_both_articles_with_the_same_url() {
        let site = kb(&[
            (
                "articles/guides/good.md",
                &article("## Steps\n").replace("reviewed:", "slug: same-url\nreviewed:"),
            ),
            ("articles/guides/Same URL.md", &article("## Steps\n")),
            ("articles/guides/same-url.md", &article("## Steps\n")),
        ]);
        let found = findings(&site, "duplicate-slug");
        let summary: Vec<_> = found
            .iter()
            .map(|d| {
                (
                    d.file.as_str(),
                    d.line,
                    d.column,
                    d.message.as_str(),
                    d.help.as_deref().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "articles/guides/Same URL.md",
                    1,
                    1,
                    "URL `/guides/same-url/` of `articles/guides/Same URL.md` is also the URL of `articles/guides/good.md` (and 1 more)",
                    "rename one of the two files, or give one a different `slug`"
                ),
                (
                    "articles/guides/good.md",
                    6,
                    7,
                    "URL `/guides/same-url/` of `articles/guides/good.md` is also the URL of `articles/guides/Same URL.md` (and 1 more)",
                    "change `slug` in one of the two articles, so each has its own URL"
                ),
                (
                    "articles/guides/same-url.md",
                    1,
                    1,
                    "URL `/guides/same-url/` of `articles/guides/same-url.md` is also the URL of `articles/guides/Same URL.md` (and 1 more)",
                    "rename one of the two files, or give one a different `slug`"
                ),
            ]
        );
    }

    #[test]
    fn aliases_collide_with_urls_aliases_and_categories() {
        let with_aliases = |aliases: &str| {
            article("## Steps\n").replace("reviewed:", &format!("aliases: [{aliases}]\nreviewed:"))
        };
        let site = kb(&[
            ("articles/kb/12345.md", &article("## Steps\n")),
            (
                "articles/billing/refunds.md",
                &with_aliases("/kb/KB/12345/, /kb/old/refunds/, /kb/billing/refunds/"),
            ),
            (
                "articles/voice/forward.md",
                &with_aliases("/kb/old/refunds/index.html, /kb/billing"),
            ),
        ]);
        let found = findings(&site, "duplicate-slug");
        let summary: Vec<_> = found
            .iter()
            .map(|d| (d.file.as_str(), d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("articles/billing/refunds.md", 6, 11, "alias `/kb/KB/12345/` of `articles/billing/refunds.md` is also the URL of `articles/kb/12345.md`"),
                ("articles/billing/refunds.md", 6, 26, "alias `/kb/old/refunds/` of `articles/billing/refunds.md` is also an alias in `articles/voice/forward.md`"),
                ("articles/billing/refunds.md", 6, 44, "alias `/kb/billing/refunds/` of `articles/billing/refunds.md` is also its own URL"),
                ("articles/kb/12345.md", 1, 1, "URL `/kb/12345/` of `articles/kb/12345.md` is also an alias in `articles/billing/refunds.md`"),
                ("articles/voice/forward.md", 6, 11, "alias `/kb/old/refunds/index.html` of `articles/voice/forward.md` is also an alias in `articles/billing/refunds.md`"),
                ("articles/voice/forward.md", 6, 39, "alias `/kb/billing` of `articles/voice/forward.md` is also the page of the category folder `articles/billing`"),
            ]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("remove the alias: its redirect page would replace `articles/kb/12345.md`")
        );
        assert_eq!(
            found[3].help.as_deref(),
            Some("remove the alias from `articles/billing/refunds.md`: its redirect page would replace this article")
        );
    }

    #[test]
    fn distinct_urls_and_repeated_own_aliases_are_silent() {
        let site = kb(&[
            (
                "articles/billing/refunds.md",
                &article("## Steps\n").replace("reviewed:", "aliases: [/kb/1/, /kb/1/]\nreviewed:"),
            ),
            ("articles/voice/refunds.md", &article("## Steps\n")),
            ("articles/refunds.md", &article("## Steps\n")),
        ]);
        assert!(findings(&site, "duplicate-slug").is_empty());
    }
}
