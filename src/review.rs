//! The review queue of `kbpress review`: the articles that need their owner's attention, as
//! data, grouped by owner. Printing is the CLI's (`cli/review.rs`).
//!
//! An article is in the queue when its review is overdue (`stale`: `reviewed` older than
//! `max_review_age_days`, as `stale-article` says), due within [`NOTICE_DAYS`] (`due`), or when
//! it expires within [`NOTICE_DAYS`] (`expiring`) or has expired (`expired`, still in the KB
//! but in no build). A superseded article needs no review: its replacement does. A translation
//! whose source was reviewed after the review it matches (`stale-translation`) is its source
//! owner's to have updated (`translation`).

use jiff::civil::Date;
use serde::Serialize;

use crate::check::expiring_article::NOTICE_DAYS;
use crate::site::{Life, Site};

/// The queue on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Queue {
    #[serde(serialize_with = "as_text")]
    pub today: Date,
    /// Owners by id, then the articles without one (`owner: null`).
    pub owners: Vec<OwnerQueue>,
}

/// One owner's part of the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnerQueue {
    /// The owner id; `None` for the articles that name no owner (and there is no default).
    pub owner: Option<String>,
    /// The name from `[owners]`; `None` for an owner site.toml does not declare.
    pub name: Option<String>,
    pub handle: Option<String>,
    /// Soonest (or most overdue) first, then by path.
    pub items: Vec<Item>,
}

/// One thing to do about one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub path: String,
    pub title: String,
    pub reason: Reason,
    /// When the review is (was) due, or when the article expires (expired).
    #[serde(serialize_with = "as_text")]
    pub date: Date,
    /// Days from today to `date`: negative when it has passed.
    pub days: i64,
    /// A stale translation's language, and the source review it matches (`date` is the
    /// source's later review).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation: Option<TranslationItem>,
}

/// What a `translation` item is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TranslationItem {
    pub language: String,
    /// The translation's `source_reviewed`.
    #[serde(serialize_with = "as_text")]
    pub matches: Date,
    /// The source article.
    pub source: String,
}

/// A date as JSON: `"2026-11-20"`.
fn as_text<S: serde::Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The review is overdue.
    Stale,
    /// The review falls due within [`NOTICE_DAYS`].
    Due,
    /// `expires` falls within [`NOTICE_DAYS`].
    Expiring,
    /// `expires` has passed: the article is in no build.
    Expired,
    /// A translation matches an older review of its source.
    Translation,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Stale => "stale",
            Reason::Due => "due",
            Reason::Expiring => "expiring",
            Reason::Expired => "expired",
            Reason::Translation => "translation",
        }
    }
}

/// The queue of `site` on `today`; with `owner`, only that owner's part (the CLI checks the id).
pub fn queue(site: &Site, today: Date, owner: Option<&str>) -> Queue {
    let config = &site.config;
    let max_age = i64::from(config.check.max_review_age_days);
    let mut by_owner: std::collections::BTreeMap<Option<&str>, Vec<Item>> = Default::default();
    for article in &site.articles {
        let article_owner = article.owner(config);
        if owner.is_some_and(|wanted| article_owner != Some(wanted)) {
            continue;
        }
        let life = article.life(today);
        let mut items = Vec::new();
        let item = |reason, date: Date| Item {
            path: article.path.clone(),
            title: article.title().to_string(),
            reason,
            date,
            days: i64::from((date - today).get_days()),
            translation: None,
        };
        match life {
            Life::Superseded(_) => continue,
            Life::Expired(date) => items.push(item(Reason::Expired, date)),
            _ => {
                if let Some(reviewed) = &article.front_matter.reviewed {
                    // Dates are within jiff's range; a sum past its end is no due date.
                    if let Ok(due) = reviewed.value.checked_add(jiff::Span::new().days(max_age)) {
                        let days = i64::from((due - today).get_days());
                        if days < 0 {
                            items.push(item(Reason::Stale, due));
                        } else if days <= NOTICE_DAYS {
                            items.push(item(Reason::Due, due));
                        }
                    }
                }
                if let Some(expires) = &article.front_matter.expires {
                    let days = i64::from((expires.value - today).get_days());
                    if days <= NOTICE_DAYS {
                        items.push(item(Reason::Expiring, expires.value));
                    }
                }
            }
        }
        if !items.is_empty() {
            by_owner.entry(article_owner).or_default().extend(items);
        }
    }
    for stale in site.stale_translations() {
        let source_owner = stale.source.owner(config);
        if owner.is_some_and(|wanted| source_owner != Some(wanted)) {
            continue;
        }
        let article = &stale.translation.article;
        (by_owner.entry(source_owner).or_default()).push(Item {
            path: article.path.clone(),
            title: article.title().to_string(),
            reason: Reason::Translation,
            date: stale.reviewed.value,
            days: i64::from((stale.reviewed.value - today).get_days()),
            translation: Some(TranslationItem {
                language: stale.translation.language.clone(),
                matches: stale.matched.value,
                source: stale.source.path.clone(),
            }),
        });
    }
    let mut owners: Vec<OwnerQueue> = by_owner
        .into_iter()
        .map(|(id, mut items)| {
            items.sort_by(|a, b| (a.date, &a.path, a.reason).cmp(&(b.date, &b.path, b.reason)));
            let declared = id.and_then(|id| config.owners.get(id));
            OwnerQueue {
                owner: id.map(str::to_string),
                name: declared.map(|o| o.name.clone()),
                handle: declared.and_then(|o| o.handle.clone()),
                items,
            }
        })
        .collect();
    // The articles nobody owns come last: they are the ones to give an owner.
    owners.sort_by_key(|group| (group.owner.is_none(), group.owner.clone()));
    Queue { today, owners }
}

impl Queue {
    pub fn item_count(&self) -> usize {
        self.owners.iter().map(|o| o.items.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::*;

    const OWNERS: &str = "[check]\nmax_review_age_days = 100\n[owners.voice-docs]\nname = \"Voice docs team\"\nhandle = \"@acme/voice-docs\"\n[owners.billing]\nname = \"Billing\"\n";

    fn with(fields: &str) -> String {
        article("## Steps\n").replace("reviewed: 2026-10-01\n", fields)
    }

    #[test]
    fn lists_stale_due_and_expiring_articles_by_owner_soonest_first() {
        // Today is 2026-11-01; a review is due 100 days after `reviewed`.
        let site = kb_with_config(
            OWNERS,
            &[
                // Due 2026-10-30: stale by 2 days.
                (
                    "articles/a.md",
                    &with("owner: voice-docs\nreviewed: 2026-07-22\n"),
                ),
                // Due 2026-11-21: within 30 days.
                (
                    "articles/b.md",
                    &with("owner: voice-docs\nreviewed: 2026-08-13\n"),
                ),
                // Due 2026-12-02: not yet; but it expires in 5 days.
                (
                    "articles/c.md",
                    &with("owner: billing\nreviewed: 2026-08-24\nexpires: 2026-11-06\n"),
                ),
                // Expired: only that.
                (
                    "articles/d.md",
                    &with("reviewed: 2020-01-01\nexpires: 2026-10-01\n"),
                ),
                // Superseded and stale: nothing to review.
                (
                    "articles/e.md",
                    &with("owner: billing\nreviewed: 2020-01-01\nsuperseded_by: c.md\n"),
                ),
                // Fresh: not listed.
                (
                    "articles/f.md",
                    &with("owner: billing\nreviewed: 2026-10-30\n"),
                ),
            ],
        );
        let queue = queue(&site, today(), None);
        let rows: Vec<(Option<&str>, &str, Reason, String, i64)> = queue
            .owners
            .iter()
            .flat_map(|group| {
                group.items.iter().map(move |item| {
                    (
                        group.owner.as_deref(),
                        item.path.as_str(),
                        item.reason,
                        item.date.to_string(),
                        item.days,
                    )
                })
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    Some("billing"),
                    "articles/c.md",
                    Reason::Expiring,
                    "2026-11-06".into(),
                    5
                ),
                (
                    Some("voice-docs"),
                    "articles/a.md",
                    Reason::Stale,
                    "2026-10-30".into(),
                    -2
                ),
                (
                    Some("voice-docs"),
                    "articles/b.md",
                    Reason::Due,
                    "2026-11-21".into(),
                    20
                ),
                (
                    None,
                    "articles/d.md",
                    Reason::Expired,
                    "2026-10-01".into(),
                    -31
                ),
            ]
        );
        assert_eq!(queue.owners[1].name.as_deref(), Some("Voice docs team"));
        assert_eq!(queue.owners[1].handle.as_deref(), Some("@acme/voice-docs"));
        assert_eq!(queue.item_count(), 4);
    }

    #[test]
    fn one_owner_and_the_default_owner() {
        let config = format!("{OWNERS}[owners.docs]\nname = \"Docs\"\ndefault = true\n");
        let site = kb_with_config(
            &config,
            &[
                (
                    "articles/a.md",
                    &with("owner: voice-docs\nreviewed: 2020-01-01\n"),
                ),
                ("articles/b.md", &with("reviewed: 2020-01-01\n")),
            ],
        );
        let docs = queue(&site, today(), Some("docs"));
        assert_eq!(docs.owners.len(), 1);
        assert_eq!(docs.owners[0].owner.as_deref(), Some("docs"));
        assert_eq!(docs.owners[0].items[0].path, "articles/b.md");
        assert!(queue(&site, today(), Some("billing")).owners.is_empty());
    }

    #[test]
    fn a_stale_translation_is_its_source_owners_to_have_updated() {
        let config = format!("{OWNERS}{LANGUAGES}");
        let site = kb_with_config(
            &config,
            &[
                // Reviewed 2026-10-20, fresh; its French translation matches 2026-09-15.
                (
                    "articles/a.md",
                    &with("owner: billing\nreviewed: 2026-10-20\n"),
                ),
                ("articles/a.fr.md", &translation("2026-09-15", "## Steps\n")),
                ("articles/a.de.md", &translation("2026-10-20", "## Steps\n")),
            ],
        );
        let billing = queue(&site, today(), Some("billing"));
        let items = &billing.owners[0].items;
        assert_eq!(items.len(), 1, "{items:?}");
        assert_eq!(items[0].path, "articles/a.fr.md");
        assert_eq!(items[0].reason, Reason::Translation);
        assert_eq!(
            (items[0].date.to_string(), items[0].days),
            ("2026-10-20".into(), -12)
        );
        assert_eq!(
            items[0].translation,
            Some(TranslationItem {
                language: "fr".into(),
                matches: jiff::civil::date(2026, 9, 15),
                source: "articles/a.md".into(),
            })
        );
        assert!(queue(&site, today(), Some("voice-docs")).owners.is_empty());
    }

    #[test]
    fn a_fresh_kb_has_an_empty_queue() {
        let site = kb(&[("articles/a.md", &article("## Steps\n"))]);
        assert_eq!(queue(&site, today(), None).owners, []);
    }
}
