//! Hands out work so many hosts are checked in parallel while each host sees few requests at a
//! time: at most `concurrency` in flight per host, and at least `interval` between the starts
//! of two requests to it.
//!
//! Workers call [`Scheduler::next`], which blocks until some job may start (or returns `None`
//! once every job is finished), then report back with [`Scheduler::done`] or
//! [`Scheduler::retry`]. A retry goes back into its host's queue with a time before which it
//! must not start, so a worker never sleeps through a backoff while other hosts wait; a
//! `Retry-After` holds the whole host, since the server asked for a pause, not for a pause on
//! one URL.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Politeness limits of one host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub concurrency: usize,
    pub interval: Duration,
}

struct Host<T> {
    limits: Limits,
    in_flight: usize,
    /// No request to this host starts before this.
    next_start: Option<Instant>,
    queue: VecDeque<(Option<Instant>, T)>,
}

struct State<T> {
    hosts: Vec<Host<T>>,
    /// Jobs queued or in flight; at zero every waiting worker is released.
    pending: usize,
    /// Where the next scan starts, so hosts take turns.
    cursor: usize,
}

pub struct Scheduler<T> {
    state: Mutex<State<T>>,
    changed: Condvar,
    names: HashMap<String, usize>,
}

/// A job handed to a worker; give it back to `done` or `retry`.
#[derive(Debug)]
pub struct Ticket<T> {
    pub host: usize,
    pub job: T,
}

impl<T> Default for Scheduler<T> {
    fn default() -> Self {
        Scheduler {
            state: Mutex::new(State {
                hosts: Vec::new(),
                pending: 0,
                cursor: 0,
            }),
            changed: Condvar::new(),
            names: HashMap::new(),
        }
    }
}

impl<T> Scheduler<T> {
    /// Queues `job` for `host`; the first job of a host sets its limits.
    pub fn push(&mut self, host: &str, limits: Limits, job: T) {
        let state = self.state.get_mut().expect("not poisoned");
        let index = *self.names.entry(host.to_string()).or_insert_with(|| {
            state.hosts.push(Host {
                limits,
                in_flight: 0,
                next_start: None,
                queue: VecDeque::new(),
            });
            state.hosts.len() - 1
        });
        state.hosts[index].queue.push_back((None, job));
        state.pending += 1;
    }

    /// The next job that may start now; blocks until there is one, or returns `None` when all
    /// jobs are done.
    pub fn next(&self) -> Option<Ticket<T>> {
        let mut state = self.state.lock().expect("not poisoned");
        loop {
            if state.pending == 0 {
                return None;
            }
            let now = Instant::now();
            let mut wake: Option<Instant> = None;
            let count = state.hosts.len();
            for step in 0..count {
                let index = (state.cursor + step) % count;
                let host = &mut state.hosts[index];
                if host.in_flight >= host.limits.concurrency || host.queue.is_empty() {
                    continue;
                }
                if let Some(at) = host.next_start.filter(|at| *at > now) {
                    wake = Some(wake.map_or(at, |w| w.min(at)));
                    continue;
                }
                let ready = host
                    .queue
                    .iter()
                    .position(|(not_before, _)| not_before.is_none_or(|at| at <= now));
                let Some(position) = ready else {
                    let soonest = host.queue.iter().filter_map(|(at, _)| *at).min();
                    wake = match (wake, soonest) {
                        (Some(w), Some(s)) => Some(w.min(s)),
                        (w, s) => w.or(s),
                    };
                    continue;
                };
                let (_, job) = host
                    .queue
                    .remove(position)
                    .expect("position is in the queue");
                host.in_flight += 1;
                host.next_start = Some(now + host.limits.interval);
                state.cursor = (index + 1) % count;
                return Some(Ticket { host: index, job });
            }
            state = match wake {
                Some(at) => {
                    let wait = at.saturating_duration_since(now);
                    self.changed
                        .wait_timeout(state, wait)
                        .expect("not poisoned")
                        .0
                }
                // Nothing can start until a request finishes or is put back.
                None => self.changed.wait(state).expect("not poisoned"),
            };
        }
    }

    /// The job of `ticket` is finished.
    pub fn done(&self, host: usize) {
        let mut state = self.state.lock().expect("not poisoned");
        state.hosts[host].in_flight -= 1;
        state.pending -= 1;
        self.changed.notify_all();
    }

    /// Puts `job` back into `host`'s queue, to start no sooner than `after` from now; with
    /// `hold_host`, no other request to the host starts before then either.
    pub fn retry(&self, host: usize, job: T, after: Duration, hold_host: bool) {
        let mut state = self.state.lock().expect("not poisoned");
        let at = Instant::now() + after;
        let host = &mut state.hosts[host];
        host.in_flight -= 1;
        host.queue.push_back((Some(at), job));
        if hold_host {
            host.next_start = Some(host.next_start.map_or(at, |next| next.max(at)));
        }
        self.changed.notify_all();
    }

    pub fn hosts(&self) -> usize {
        self.names.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Runs every job on `threads` workers, each taking `work`; returns the most jobs of one
    /// host seen in flight at once and the start times per host.
    fn run(
        scheduler: &Scheduler<(&'static str, u32)>,
        threads: usize,
        work: Duration,
    ) -> (
        HashMap<&'static str, usize>,
        HashMap<&'static str, Vec<Instant>>,
    ) {
        let in_flight: Mutex<HashMap<&str, usize>> = Mutex::default();
        let peaks: Mutex<HashMap<&str, usize>> = Mutex::default();
        let starts: Mutex<HashMap<&str, Vec<Instant>>> = Mutex::default();
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    while let Some(ticket) = scheduler.next() {
                        let (host, retries_left) = ticket.job;
                        {
                            let mut flight = in_flight.lock().unwrap();
                            let now = flight.entry(host).or_default();
                            *now += 1;
                            let mut peaks = peaks.lock().unwrap();
                            let peak = peaks.entry(host).or_default();
                            *peak = (*peak).max(*now);
                            starts
                                .lock()
                                .unwrap()
                                .entry(host)
                                .or_default()
                                .push(Instant::now());
                        }
                        std::thread::sleep(work);
                        *in_flight.lock().unwrap().get_mut(host).unwrap() -= 1;
                        if retries_left > 0 {
                            let job = (host, retries_left - 1);
                            scheduler.retry(ticket.host, job, Duration::from_millis(30), true);
                        } else {
                            scheduler.done(ticket.host);
                        }
                    }
                });
            }
        });
        (peaks.into_inner().unwrap(), starts.into_inner().unwrap())
    }

    #[test]
    fn limits_each_host_while_running_hosts_in_parallel() {
        let mut scheduler = Scheduler::default();
        let two = Limits {
            concurrency: 2,
            interval: Duration::ZERO,
        };
        let one = Limits {
            concurrency: 1,
            interval: Duration::ZERO,
        };
        for _ in 0..12 {
            scheduler.push("a", two, ("a", 0));
            scheduler.push("b", one, ("b", 0));
        }
        let started = Instant::now();
        let (peaks, _) = run(&scheduler, 8, Duration::from_millis(20));
        assert_eq!(peaks["a"], 2);
        assert_eq!(peaks["b"], 1);
        // b alone needs 12 x 20 ms; a runs beside it, not after it.
        assert!(
            started.elapsed() < Duration::from_millis(400),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(scheduler.hosts(), 2);
    }

    #[test]
    fn keeps_the_interval_between_starts_and_holds_hosts_on_retry() {
        let mut scheduler = Scheduler::default();
        let limits = Limits {
            concurrency: 4,
            interval: Duration::from_millis(25),
        };
        for _ in 0..4 {
            scheduler.push("a", limits, ("a", 0));
        }
        scheduler.push("c", limits, ("c", 1));
        let (_, starts) = run(&scheduler, 4, Duration::from_millis(1));
        let gaps: Vec<Duration> = starts["a"].windows(2).map(|w| w[1] - w[0]).collect();
        assert!(
            gaps.iter().all(|g| *g >= Duration::from_millis(24)),
            "{gaps:?}"
        );
        let retried = &starts["c"];
        assert_eq!(retried.len(), 2);
        assert!(retried[1] - retried[0] >= Duration::from_millis(30));
    }

    #[test]
    fn an_empty_scheduler_releases_workers_at_once() {
        let scheduler: Scheduler<(&'static str, u32)> = Scheduler::default();
        let calls = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                assert!(scheduler.next().is_none());
                calls.fetch_add(1, Ordering::SeqCst);
            });
        });
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
