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
//! assets, `_index.md`, a rescan) is a full build: those change URLs, titles or lists that many
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
    /// The loaded site, with the server's base URL.
    pub site: Site,
    /// The base URL of `site.toml`, which the checks see.
    pub published_base: String,
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
    let before: Vec<(&String, Vec<String>)> = changed
        .iter()
        .filter_map(|path| Some((path, Backlinks::targets(previous.site.article(path)?))))
        .collect();
    if !crate::load::reload_bodies(&mut previous.site, changed) {
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
    let server_base = std::mem::replace(
        &mut previous.site.config.base_url,
        previous.published_base.clone(),
    );
    let diagnostics = std::mem::take(&mut previous.diagnostics);
    previous.diagnostics = crate::check::run_for(&previous.site, today, diagnostics, &affected);
    previous.site.config.base_url = server_base;
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
            previous.search_stale = true;
            if outcome.errors == 0 {
                outcome.site = Some(site);
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
mod tests {
    use super::*;
    use crate::serve::build::testing::{builder, fixture};

    /// A tiny deterministic random generator (xorshift), so a failure replays exactly.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    fn articles(root: &std::path::Path) -> Vec<String> {
        let mut found: Vec<String> = walkdir::WalkDir::new(root.join("articles"))
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| crate::load::relative(root, e.path()))
            .filter(|p| is_article(p))
            .collect();
        found.sort();
        found
    }

    /// Applies one random change to the KB; returns the paths it touched.
    fn change(root: &std::path::Path, random: &mut Random, step: usize) -> Vec<String> {
        let all = articles(root);
        let path = all[random.below(all.len())].clone();
        let full = root.join(&path);
        let text = std::fs::read_to_string(&full).unwrap_or_default();
        let edit = |new: String| {
            std::fs::write(&full, new).unwrap();
            vec![path.clone()]
        };
        match random.below(11) {
            // Rename a heading that other articles link to (step 4 adds such links): their
            // anchors break and mend without those articles being edited.
            10 => {
                let invoice = root.join("articles/billing/invoice.md");
                let text = std::fs::read_to_string(&invoice).unwrap();
                let toggled = if text.contains("{#charges}") {
                    text.replace("{#charges}", "{#fees}")
                } else {
                    text.replace("{#fees}", "{#charges}")
                };
                std::fs::write(&invoice, toggled).unwrap();
                vec!["articles/billing/invoice.md".to_string()]
            }
            // Body edits, the common case: text, a heading, a link, a broken link.
            0..=2 => edit(format!("{text}\nStep {step} adds a sentence.\n")),
            3 => edit(format!("{text}\n## Added heading {step}\n\nMore.\n")),
            4 => edit(format!("{text}\n[a link](../billing/invoice.md#charges)\n")),
            5 => edit(format!("{text}\n[broken {step}](missing-{step}.md)\n")),
            // Remove what an earlier step added, so errors come and go.
            6 => {
                let cleaned: String = text
                    .lines()
                    .filter(|l| !l.starts_with("[broken") && !l.starts_with("## Added heading"))
                    .map(|l| format!("{l}\n"))
                    .collect();
                edit(cleaned)
            }
            // Front matter edits: a title, or broken YAML.
            7 => edit(text.replacen("title: ", &format!("title: Step {step} "), 1)),
            // Rename, delete or create an article.
            8 => {
                let renamed = path.replace(".md", &format!("-{step}.md"));
                std::fs::rename(&full, root.join(&renamed)).unwrap();
                vec![path, renamed]
            }
            9 => {
                let new = format!("articles/billing/new-{step}.md");
                std::fs::write(
                    root.join(&new),
                    format!("---\ntitle: New {step}\nsummary: s\ntype: how-to\napplies_to: [voice]\nreviewed: 2026-10-01\n---\n\n## Steps\n\n[x](invoice.md)\n"),
                )
                .unwrap();
                vec![new]
            }
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_body_edit_is_incremental_and_equals_a_clean_build() {
        let dir = fixture();
        let mut rebuilder = Rebuilder::new(builder(dir.path()));
        let (first, kind) = rebuilder.build(&[], false);
        assert!(first.succeeded() && kind == Kind::Full);
        let path = "articles/billing/invoice.md";
        let text = std::fs::read_to_string(dir.path().join(path)).unwrap();
        std::fs::write(dir.path().join(path), format!("{text}\nA new line.\n")).unwrap();
        let (outcome, kind) = rebuilder.build(&[path.to_string()], false);
        assert_eq!(kind, Kind::Incremental);
        let clean = builder(dir.path()).build();
        let pages = |site: &MemorySite| site.clone().without("search/");
        assert_eq!(
            outcome.site.as_ref().map(pages),
            clean.site.as_ref().map(pages),
            "the pages are served first"
        );
        // Another change waiting: the refresh gives up and the index stays stale, not lost.
        assert_eq!(rebuilder.refresh_search(&|| true), None);
        let refreshed = rebuilder.refresh_search(&|| false);
        assert_eq!(refreshed, clean.site, "then the search index");
        assert_eq!(rebuilder.refresh_search(&|| false), None, "refreshed once");
        let page = outcome.site.unwrap();
        let page = page.get("billing/invoice/index.html").unwrap();
        assert!(String::from_utf8_lossy(page).contains("A new line."));
        // A title edit changes other pages: a full build.
        let text = std::fs::read_to_string(dir.path().join(path)).unwrap();
        std::fs::write(
            dir.path().join(path),
            text.replacen("title: ", "title: X", 1),
        )
        .unwrap();
        assert_eq!(rebuilder.build(&[path.to_string()], false).1, Kind::Full);
    }

    #[test]
    fn random_edits_renames_and_deletions_serve_what_a_clean_build_would() {
        let dir = fixture();
        let root = dir.path();
        let mut rebuilder = Rebuilder::new(builder(root));
        rebuilder.build(&[], false);
        let mut random = Random(0x9E37_79B9_7F4A_7C15);
        let mut incremental = 0;
        let mut incremental_failures = 0;
        for step in 0..80 {
            let changed = change(root, &mut random, step);
            let (mut outcome, kind) = rebuilder.build(&changed, false);
            // Every third refresh is interrupted, so later builds start from a stale index.
            let interrupted = step % 3 == 1;
            if let Some(refreshed) = rebuilder.refresh_search(&|| interrupted) {
                outcome.site = Some(refreshed);
            }
            incremental += usize::from(kind == Kind::Incremental);
            incremental_failures += usize::from(kind == Kind::Incremental && outcome.errors > 0);
            let clean = builder(root).build();
            assert_eq!(outcome.problems, clean.problems, "step {step}: {changed:?}");
            assert_eq!(
                (outcome.errors, outcome.warnings),
                (clean.errors, clean.warnings),
                "step {step}: {changed:?}"
            );
            // An interrupted refresh serves the pages of this build with the last index.
            let compared = |site: &Option<MemorySite>| match interrupted {
                true => site.clone().map(|s| s.without("search/")),
                false => site.clone(),
            };
            assert!(
                compared(&outcome.site) == compared(&clean.site),
                "step {step}: {changed:?}: sites differ"
            );
        }
        assert!(
            incremental >= 40,
            "only {incremental} of 80 builds were incremental"
        );
        assert!(
            incremental_failures >= 5,
            "errors came and went in incremental builds {incremental_failures} times"
        );
    }
}
