//! What the server shows right now, swapped whole after each build, and the signal to pages.
//!
//! A [`Snapshot`] is immutable; requests clone the `Arc` of the current one and never see a
//! half-finished build. A new snapshot is published first and announced second, so a page that
//! reloads on the announcement always gets the new build.

use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use super::build::{MemorySite, Outcome, Problem};

/// One state of the server.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Counts builds, good or bad; pages reload when it changes. 0: the first build is running.
    pub generation: u64,
    /// The last good site, if any build succeeded yet; before that, the latest site rendered
    /// despite errors (`site_has_errors`).
    pub site: Option<Arc<MemorySite>>,
    /// `site` comes from a build with error diagnostics: no build has succeeded yet.
    pub site_has_errors: bool,
    /// The problems of the latest build; empty when it succeeded.
    pub problems: Vec<Problem>,
}

impl Snapshot {
    pub fn building(&self) -> bool {
        self.generation == 0
    }
}

/// The current snapshot and the channel that announces new ones.
pub struct SiteState {
    current: RwLock<Arc<Snapshot>>,
    announce: broadcast::Sender<u64>,
}

impl Default for SiteState {
    fn default() -> Self {
        SiteState {
            current: RwLock::new(Arc::new(Snapshot::default())),
            announce: broadcast::channel(16).0,
        }
    }
}

impl SiteState {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Announcements of new generations.
    pub fn subscribe(&self) -> broadcast::Receiver<u64> {
        self.announce.subscribe()
    }

    /// Swaps in a newer copy of the same build (its search index refreshed) without telling
    /// open pages: they show nothing that changed, and fetch the index when they search.
    pub fn refresh(&self, site: MemorySite) {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        *current = Arc::new(Snapshot {
            generation: current.generation,
            site: Some(Arc::new(site)),
            site_has_errors: current.site_has_errors,
            problems: current.problems.clone(),
        });
    }

    /// Swaps in the result of a build, then tells every open page. A failed build keeps the
    /// last good site and adds its problems; before any good build, it shows its own site
    /// (rendered despite the errors) under the overlay. Returns the new generation.
    pub fn publish(&self, outcome: Outcome) -> u64 {
        let generation = {
            let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
            let generation = current.generation + 1;
            let (site, site_has_errors) = match (outcome.site, outcome.site_with_errors) {
                (Some(site), _) => (Some(Arc::new(site)), false),
                (None, _) if current.site.is_some() && !current.site_has_errors => {
                    (current.site.clone(), false)
                }
                (None, Some(site)) => (Some(Arc::new(site)), true),
                (None, None) => (current.site.clone(), current.site_has_errors),
            };
            *current = Arc::new(Snapshot {
                generation,
                site,
                site_has_errors,
                problems: outcome.problems,
            });
            generation
        };
        // No open page is not an error.
        let _ = self.announce.send(generation);
        generation
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Sink;

    fn outcome(page: Option<&str>, problems: Vec<Problem>) -> Outcome {
        Outcome {
            site: page.map(|text| {
                let sink = super::super::build::MemorySink::default();
                sink.put("index.html", text.as_bytes().to_vec()).unwrap();
                sink.finish()
            }),
            problems,
            site_with_errors: None,
            articles: 0,
            errors: 0,
            warnings: 0,
            duration: std::time::Duration::ZERO,
        }
    }

    fn problem() -> Problem {
        Problem {
            file: None,
            line: None,
            column: None,
            code: None,
            message: "broken".into(),
            help: None,
        }
    }

    fn page(snapshot: &Snapshot) -> Option<String> {
        let site = snapshot.site.as_ref()?;
        Some(String::from_utf8(site.get("index.html")?.to_vec()).unwrap())
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_site_and_announces_after_the_swap() {
        let state = SiteState::default();
        assert!(state.snapshot().building());
        let mut events = state.subscribe();
        assert_eq!(state.publish(outcome(Some("one"), Vec::new())), 1);
        assert_eq!(events.try_recv().unwrap(), 1);
        assert_eq!(state.publish(outcome(None, vec![problem()])), 2);
        let snapshot = state.snapshot();
        assert_eq!(page(&snapshot).as_deref(), Some("one"));
        assert_eq!(snapshot.problems.len(), 1);
        assert_eq!(events.try_recv().unwrap(), 2);
        state.publish(outcome(Some("three"), Vec::new()));
        let snapshot = state.snapshot();
        assert_eq!(page(&snapshot).as_deref(), Some("three"));
        assert!(
            snapshot.problems.is_empty(),
            "a good build clears the overlay"
        );
    }

    #[test]
    fn before_any_good_build_the_site_with_errors_is_shown_under_the_overlay() {
        let state = SiteState::default();
        let with_errors = |text: &str| Outcome {
            site_with_errors: outcome(Some(text), Vec::new()).site,
            ..outcome(None, vec![problem()])
        };
        state.publish(with_errors("first"));
        let snapshot = state.snapshot();
        assert_eq!(page(&snapshot).as_deref(), Some("first"));
        assert_eq!(snapshot.problems.len(), 1, "the overlay lists the errors");
        // Still no good build: the newest site with errors replaces the older one.
        state.publish(with_errors("second"));
        assert_eq!(page(&state.snapshot()).as_deref(), Some("second"));
        state.publish(outcome(Some("good"), Vec::new()));
        // Once a build succeeded, a failed one keeps the good site.
        state.publish(with_errors("third"));
        let snapshot = state.snapshot();
        assert_eq!(page(&snapshot).as_deref(), Some("good"));
        assert_eq!(snapshot.problems.len(), 1);
    }

    #[test]
    fn a_failed_first_build_has_no_site() {
        let state = SiteState::default();
        state.publish(outcome(None, vec![problem()]));
        let snapshot = state.snapshot();
        assert!(snapshot.site.is_none());
        assert!(!snapshot.building());
    }
}
