//! A budget of bytes parsed at once, so that peak memory follows the largest article, not the
//! number of threads.
//!
//! Parsing a body takes many times its size at its peak (pulldown-cmark's tree and the writer's
//! event list: ~270 bytes per byte of a line of `[`). Eight such 8 MiB articles parsed on eight
//! threads took 9.2 GB where one took 2.1 GB: a pull request adding a few files could kill a
//! many-core CI runner. Articles wait for their turn while the bytes being parsed would pass
//! [`PARSE_BUDGET_BYTES`]; an article larger than the budget is parsed alone. Real articles are
//! a few kilobytes, so a KB of them never waits.

use std::sync::{Condvar, Mutex};

/// Bytes of article text parsed at the same time, at most (unless one article is larger, which
/// is then parsed alone).
pub const PARSE_BUDGET_BYTES: usize = 1024 * 1024;

pub(super) struct ParseBudget {
    limit: usize,
    in_use: Mutex<usize>,
    freed: Condvar,
}

/// Bytes taken from a [`ParseBudget`], given back when dropped.
pub(super) struct Permit<'a> {
    budget: &'a ParseBudget,
    bytes: usize,
}

impl ParseBudget {
    pub(super) fn new(limit: usize) -> Self {
        ParseBudget {
            limit,
            in_use: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Waits until `bytes` fit in the budget (or nothing else is being parsed) and takes them.
    /// Never deadlocks: whoever holds bytes is parsing and gives them back when done.
    pub(super) fn take(&self, bytes: usize) -> Permit<'_> {
        let mut in_use = self.in_use.lock().unwrap_or_else(|e| e.into_inner());
        while *in_use > 0 && *in_use + bytes > self.limit {
            in_use = self.freed.wait(in_use).unwrap_or_else(|e| e.into_inner());
        }
        *in_use += bytes;
        Permit {
            budget: self,
            bytes,
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut in_use = self.budget.in_use.lock().unwrap_or_else(|e| e.into_inner());
        *in_use -= self.bytes;
        drop(in_use);
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Many threads parsing articles of mixed sizes never hold more than the budget at once,
    /// except one article larger than the budget, alone; and every article gets its turn.
    #[test]
    fn concurrent_bytes_stay_within_the_budget() {
        let budget = ParseBudget::new(1000);
        let held = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let sizes = [10, 600, 5000, 300, 999, 1, 2500, 400, 700, 50];
        std::thread::scope(|scope| {
            for thread in 0..8 {
                let (budget, held, peak, done) = (&budget, &held, &peak, &done);
                scope.spawn(move || {
                    for round in 0..50 {
                        let bytes = sizes[(thread * 7 + round) % sizes.len()];
                        let permit = budget.take(bytes);
                        let now = held.fetch_add(bytes, Ordering::SeqCst) + bytes;
                        peak.fetch_max(now, Ordering::SeqCst);
                        assert!(now <= 1000 || now == bytes, "{now} bytes held with {bytes}");
                        std::thread::yield_now();
                        held.fetch_sub(bytes, Ordering::SeqCst);
                        drop(permit);
                        done.fetch_add(1, Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(done.load(Ordering::SeqCst), 400);
        assert!(peak.load(Ordering::SeqCst) <= 5000);
        assert_eq!(*budget.in_use.lock().unwrap(), 0);
    }
}
