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
    /// The last good site, if any build succeeded yet.
    pub site: Option<Arc<MemorySite>>,
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
            problems: current.problems.clone(),
        });
    }

    /// Swaps in the result of a build, then tells every open page. A failed build keeps the
    /// last good site and adds its problems. Returns the new generation.
    pub fn publish(&self, outcome: Outcome) -> u64 {
        let generation = {
            let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
            let generation = current.generation + 1;
            let site = match outcome.site {
                Some(site) => Some(Arc::new(site)),
                None => current.site.clone(),
            };
            *current = Arc::new(Snapshot {
                generation,
                site,
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
    fn a_failed_first_build_has_no_site() {
        let state = SiteState::default();
        state.publish(outcome(None, vec![problem()]));
        let snapshot = state.snapshot();
        assert!(snapshot.site.is_none());
        assert!(!snapshot.building());
    }
}
