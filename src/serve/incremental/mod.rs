//! Incremental rebuilds: after an edit that changed only the bodies of existing articles (the
//! usual save while writing), reload just those articles, recheck just the articles their
//! findings can depend on, and render just their pages into a copy of the last good site.
//!
//! The search index depends on every body, and rebuilding it takes longer than the rest of an
//! incremental build, so it is refreshed in a second step ([`Rebuilder::refresh_search`]), after
//! the edited pages are served and open pages reloaded; a search in between finds the text as
//! it was one edit before.
//!
//! Anything else (a new, deleted or renamed file, other front matter, `site.toml`, the theme,
//! assets, `_index.md`, a snippet, an article that includes or included one, a rescan) is a
//! full build: those change URLs, titles or lists that many
//! pages show, and a full build is always right. `tests/serve.rs` replays random edits and
//! compares the served site with a clean build of the same files.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Instant;

use super::build::{Builder, MemorySink, MemorySite, Outcome};
use crate::diagnostic::Diagnostic;
use crate::render::{self, Theme};
use crate::site::{Article, Site};

/// What the last build leaves for the next one.
pub struct Previous {
    /// The loaded site (its configuration says where it is published: the checks judge
    /// that; `options.variant` renders at the server's address).
    pub site: Site,
    /// Every finding of the current files, for every audience.
    pub diagnostics: Vec<Diagnostic>,
    pub theme: Theme,
    pub options: render::Options,
    /// The site rendered from the current files (served only when it has no errors).
    pub files: Option<MemorySite>,
    /// Which articles link to each article, to find what an edit can affect.
    pub backlinks: Backlinks,
    /// `files` holds the search index of an earlier state of the bodies.
    pub search_stale: bool,
}

/// `article path -> paths of the articles that link to it`, kept up to date across edits.
#[derive(Debug, Default)]
pub struct Backlinks(HashMap<String, BTreeSet<String>>);

impl Backlinks {
    pub fn of(site: &Site) -> Self {
        let mut backlinks = Backlinks::default();
        for article in &site.articles {
            backlinks.add(article);
        }
        backlinks
    }

    fn add(&mut self, article: &Article) {
        for target in article.body.links.iter().filter_map(|l| l.target.article()) {
            let from = self.0.entry(target.to_string()).or_default();
            from.insert(article.path.clone());
        }
    }

    /// The articles `article` links to.
    fn targets(article: &Article) -> Vec<String> {
        let targets = article.body.links.iter().filter_map(|l| l.target.article());
        targets.map(str::to_string).collect()
    }

    fn remove(&mut self, path: &str, targets: &[String]) {
        for target in targets {
            if let Some(from) = self.0.get_mut(target) {
                from.remove(path);
            }
        }
    }

    /// `edited` and every article that links to one of them.
    fn affected_by(&self, edited: &[String]) -> HashSet<String> {
        let mut affected: HashSet<String> = edited.iter().cloned().collect();
        for path in edited {
            affected.extend(self.0.get(path).into_iter().flatten().cloned());
        }
        affected
    }
}

impl Previous {
    /// The outcome of the current diagnostics for the previewed audience, without a site.
    pub fn outcome(&self) -> Outcome {
        let config = &self.site.config;
        let variant = &self.options.variant;
        let shown = self
            .diagnostics
            .iter()
            .filter(|d| variant.has_finding(config, d));
        Outcome::of(shown, self.site.articles.len())
    }
}

/// How a build was made, for the terminal line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Full,
    Incremental,
}

/// The builder of `serve` with what its last build left.
pub struct Rebuilder {
    pub builder: Builder,
    previous: Option<Previous>,
}

impl Rebuilder {
    pub fn new(builder: Builder) -> Self {
        Rebuilder {
            builder,
            previous: None,
        }
    }

    /// Builds after `changed` (KB-relative paths); `rescan`: the watcher lost track.
    pub fn build(&mut self, changed: &[String], rescan: bool) -> (Outcome, Kind) {
        let started = Instant::now();
        if !rescan && !changed.is_empty() && changed.iter().all(|p| is_article(p)) {
            if let Some(previous) = self.previous.as_mut() {
                if let Some(mut outcome) = rebuild(previous, changed, self.builder.today) {
                    outcome.duration = started.elapsed();
                    return (outcome, Kind::Incremental);
                }
            }
        }
        let (outcome, previous) = self.builder.build_keeping();
        self.previous = previous;
        (outcome, Kind::Full)
    }

    /// After an incremental build: writes the search index again. Returns the site to serve
    /// when the last build succeeded (else the refreshed files wait for the fix). Gives up,
    /// leaving the index stale for the next refresh, as soon as `stop` says another change is
    /// waiting: reading every body into the index takes longer than an incremental build.
    pub fn refresh_search(&mut self, stop: &(dyn Fn() -> bool + Sync)) -> Option<MemorySite> {
        let previous = self.previous.as_mut()?;
        if !previous.search_stale {
            return None;
        }
        // Files are shared bytes: this copies only the table.
        let current = previous.files.clone()?.without("search/");
        let sink = MemorySink::from_site(current);
        let written = render::render_search(
            &previous.site,
            &previous.theme,
            &previous.options,
            &sink,
            stop,
        );
        if let Err(error) = written {
            if !error.is::<render::Interrupted>() {
                // The next build is a full one.
                previous.files = None;
                previous.search_stale = false;
            }
            return None;
        }
        previous.search_stale = false;
        let site = sink.finish();
        previous.files = Some(site.clone());
        (previous.outcome().errors == 0).then_some(site)
    }
}

/// An article file (not a category's `_index.md`).
fn is_article(path: &str) -> bool {
    path.starts_with("articles/") && path.ends_with(".md") && !path.ends_with("/_index.md")
}

/// The incremental build, or `None` when only a full build is right (see the module doc).
fn rebuild(
    previous: &mut Previous,
    changed: &[String],
    today: jiff::civil::Date,
) -> Option<Outcome> {
    previous.files.as_ref()?;
    // An article that includes snippets shares findings (merged at the snippet's lines) and
    // `unused-snippet` with other articles: a full build keeps them right, whether the article
    // is edited or only rechecked. Measured: BENCHMARKS.md.
    let uses_snippets = |site: &Site| {
        changed
            .iter()
            .any(|path| site.article(path).is_some_and(|a| a.body.uses_snippets()))
    };
    if uses_snippets(&previous.site) {
        return None;
    }
    // A translation's findings (`translation-sections`, `stale-translation`) depend on its
    // source, and are in the translation's file, which an edit of the source does not recheck.
    let translated = |path: &String| !previous.site.translations_of(path).is_empty();
    if changed.iter().any(translated) {
        return None;
    }
    // A language that shows untranslated articles in the default language has a page of every
    // article, rendered with each full build only.
    let fallback = crate::config::Untranslated::Fallback;
    if (previous.site.config.languages.values()).any(|l| l.untranslated == fallback) {
        return None;
    }
    let before: Vec<(&String, Vec<String>)> = changed
        .iter()
        .filter_map(|path| Some((path, Backlinks::targets(previous.site.article(path)?))))
        .collect();
    if !crate::load::reload_bodies(&mut previous.site, changed) || uses_snippets(&previous.site) {
        return None;
    }
    for (path, targets) in &before {
        previous.backlinks.remove(path, targets);
    }
    for path in changed {
        if let Some(article) = previous.site.article(path) {
            previous.backlinks.add(article);
        }
    }
    let affected = previous.backlinks.affected_by(changed);
    // An article rechecked for linking to an edited one may include snippets too.
    if affected.iter().any(|path| {
        previous
            .site
            .article(path)
            .is_some_and(|a| a.body.uses_snippets())
    }) {
        return None;
    }
    let diagnostics = std::mem::take(&mut previous.diagnostics);
    previous.diagnostics = crate::check::run_for(&previous.site, today, diagnostics, &affected);
    let mut outcome = previous.outcome();
    // Taken, not copied: the pages are rendered into it and it comes back as `files`.
    let current = previous.files.take()?;
    let sink = MemorySink::from_site(current);
    let rendered = render::render_articles(
        &previous.site,
        &previous.theme,
        &previous.options,
        &sink,
        changed,
    );
    match rendered {
        Ok(_) => {
            let site = sink.finish();
            previous.files = Some(site.clone());
            // A site without search (`[search] enabled = false`) has no index to refresh.
            previous.search_stale = previous.site.config.search.enabled;
            if outcome.errors == 0 {
                outcome.site = Some(site);
            } else {
                outcome.site_with_errors = Some(site);
            }
            Some(outcome)
        }
        Err(error) => {
            // A template error cannot come from a body edit, but if rendering fails the
            // next build must start over (`files` stays empty).
            Some(Outcome::failed(&error))
        }
    }
}

#[cfg(test)]
mod tests;
