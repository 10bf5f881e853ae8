//! `kbpress serve`: build the KB into memory, serve it, and rebuild and reload on every change.
//!
//! The parts: [`build`] (one build into memory), [`state`] (the current build, swapped whole,
//! and the reload signal), [`watcher`] (file events, debounced and filtered), [`http`] (router,
//! with [`guard`] for Host/Origin checks and [`paths`] for request paths), [`feedback`] (the
//! feedback widget's posts, appended to `.kbpress/feedback.jsonl`) and [`inject`] (the reload
//! script and the error overlay). This module wires them: a build thread waits for
//! batches of changes, rebuilds, publishes, and reports each build through a callback (only
//! `cli/` prints).

pub mod build;
pub mod feedback;
pub mod guard;
pub mod http;
pub mod incremental;
pub mod inject;
pub mod paths;
pub mod state;
pub mod watcher;

use incremental::{Kind, Rebuilder};

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use jiff::civil::Date;

use build::Builder;
use state::SiteState;
use watcher::{Message, Watcher};

/// After a batch of changes, wait this long for more before building, so a burst (a git
/// checkout) that the debouncer hands over in several batches becomes one build.
const SETTLE: Duration = Duration::from_millis(50);
/// ... but never longer than this, however busy the folder is.
const MAX_SETTLE: Duration = Duration::from_secs(1);

#[derive(Debug, Clone)]
pub struct Options {
    /// The KB root.
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub today: Date,
    pub include_drafts: bool,
    /// Preview the site of this audience instead of the public one.
    pub audience: Option<String>,
    /// Open the site in the default browser once serving.
    pub open: bool,
    /// Poll instead of using the system's file events.
    pub force_polling: bool,
}

/// What the server has to say; the CLI decides how to print it.
#[derive(Debug, Clone)]
pub enum Notice {
    /// Listening at `url` (with the real port when 0 was asked for).
    Serving {
        url: String,
    },
    /// Bound to an address other machines may reach.
    Exposed {
        address: SocketAddr,
    },
    /// Watching by polling, and why.
    Polling {
        reason: String,
    },
    Built(BuildReport),
    /// A reader's answer from the feedback widget, stored in [`feedback::FILE`].
    Feedback(crate::feedback::Feedback),
    Warning(String),
}

/// One build, for the terminal.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// What changed (KB-relative); empty for the first build.
    pub changed: Vec<String>,
    /// Events were lost or the watcher changed: everything was rebuilt.
    pub rescan: bool,
    pub succeeded: bool,
    pub articles: usize,
    pub errors: usize,
    pub warnings: usize,
    /// The first problem of a failed build, on one line.
    pub first_problem: Option<String>,
    /// From the start of the build to the reload signal.
    pub duration: Duration,
    /// Only the edited articles were reloaded, checked and rendered.
    pub incremental: bool,
}

pub(crate) type Notify = Arc<dyn Fn(Notice) + Send + Sync>;

/// Serves until interrupted (Ctrl-C). Fails only when it cannot start (port taken).
pub fn run(
    options: Options,
    notify: impl Fn(Notice) + Send + Sync + 'static,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    runtime.block_on(serve(options, Arc::new(notify)))
}

async fn serve(options: Options, notify: Notify) -> anyhow::Result<()> {
    let limits = http::Limits::default();
    let address = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| {
            format!("cannot listen on {address}; is another server using that port? Pick another with --port, or --port 0 for any free one")
        })?;
    let local = listener.local_addr()?;
    let url = server_url(local);
    let root = std::path::absolute(&options.root)
        .with_context(|| format!("cannot resolve {}", options.root.display()))?;
    let (sender, receiver) = std::sync::mpsc::channel();
    let (watcher, fallback) = Watcher::start(&root, sender, options.force_polling)?;
    if let Some(reason) = fallback {
        notify(Notice::Polling { reason });
    }
    if !options.bind.is_loopback() {
        notify(Notice::Exposed { address: local });
    }
    notify(Notice::Serving { url: url.clone() });
    if options.open {
        open_browser(&url, &notify);
    }
    let state = Arc::new(SiteState::default());
    let builder = Builder {
        root: root.clone(),
        today: options.today,
        base_url: url,
        include_drafts: options.include_drafts,
        audience: options.audience.clone(),
    };
    let inbox = Inbox::new(receiver)?;
    let loop_state = state.clone();
    let loop_notify = notify.clone();
    std::thread::Builder::new()
        .name("kbpress-build".into())
        .spawn(move || {
            let mut rebuilder = Rebuilder::new(builder);
            build_loop(&mut rebuilder, &loop_state, watcher, &inbox, &loop_notify)
        })
        .context("cannot start the build thread")?;
    let app = http::router(http::App {
        state,
        guard: guard::Guard {
            bound: local.ip(),
            port: local.port(),
        },
        feedback: Arc::new(feedback::Store::new(root)),
        notify: notify.clone(),
        streams: Arc::new(tokio::sync::Semaphore::new(limits.max_event_streams)),
    });
    tokio::select! {
        () = http::serve(listener, app, limits) => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}

/// The URL people open: the bound address, or loopback when bound to every interface.
fn server_url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, address.port()))
}

/// After a build that failed for a passing reason (out of open files), build again this long
/// after, doubling each time up to [`RETRY_MAX`], unless an edit comes first.
const RETRY_FIRST: Duration = Duration::from_secs(1);
const RETRY_MAX: Duration = Duration::from_secs(30);

/// What the build loop does next.
#[derive(Debug)]
enum Next {
    Changes(Message),
    /// Build again with no change: the last build failed for a passing reason.
    Retry,
    Stop,
}

/// The next message, or [`Next::Retry`] when `retry_in` passes without one.
fn next(receiver: &Inbox, retry_in: Option<Duration>) -> Next {
    match retry_in {
        None => receiver.recv().map_or(Next::Stop, Next::Changes),
        Some(wait) => match receiver.recv_timeout(wait) {
            Ok(message) => Next::Changes(message),
            Err(RecvTimeoutError::Timeout) => Next::Retry,
            Err(RecvTimeoutError::Disconnected) => Next::Stop,
        },
    }
}

/// Builds once, then once per batch of changes, until the watcher goes away.
fn build_loop(
    builder: &mut Rebuilder,
    state: &SiteState,
    mut watcher: Watcher,
    receiver: &Inbox,
    notify: &Notify,
) {
    let mut retry_in =
        build_and_publish(builder, state, notify, Vec::new(), false).then_some(RETRY_FIRST);
    loop {
        let first = match next(receiver, retry_in) {
            Next::Changes(message) => message,
            Next::Stop => return,
            Next::Retry => {
                let waited = retry_in.unwrap_or(RETRY_FIRST);
                retry_in = build_and_publish(builder, state, notify, Vec::new(), true)
                    .then(|| (waited * 2).min(RETRY_MAX));
                continue;
            }
        };
        let mut batch = vec![first];
        let started = Instant::now();
        while started.elapsed() < MAX_SETTLE {
            match receiver.recv_timeout(SETTLE) {
                Ok(message) => batch.push(message),
                Err(_) => break,
            }
        }
        let mut seen = HashSet::new();
        let mut changed = Vec::new();
        let mut rescan = false;
        for message in batch {
            match message {
                Message::Changed(paths) => {
                    changed.extend(paths.into_iter().filter(|p| seen.insert(p.clone())));
                }
                Message::Rescan => rescan = true,
                Message::LimitReached(reason) => {
                    fall_back(&mut watcher, reason, notify);
                    rescan = true;
                }
            }
        }
        if let Err(error) = watcher.rewatch(&changed) {
            fall_back(&mut watcher, error.to_string(), notify);
            rescan = true;
        }
        // A failure that passes by itself is built again (in full: the files that could not
        // be opened may be any) without waiting for an edit.
        retry_in =
            build_and_publish(builder, state, notify, changed, rescan).then_some(RETRY_FIRST);
        // The edited pages are served and reloaded; now the slower search index, unless the
        // writer has saved again meanwhile (then that edit is built first).
        let waiting = receiver.waiting.clone();
        if let Some(site) = builder.refresh_search(&move || waiting.load(Ordering::SeqCst) > 0) {
            state.refresh(site);
        }
    }
}

/// The watcher's messages, counted on the way in, so a slow step (the search index refresh)
/// can tell that a change is waiting without taking it.
struct Inbox {
    receiver: Receiver<Message>,
    /// Messages sent by the watcher and not yet received here.
    waiting: Arc<AtomicUsize>,
}

impl Inbox {
    /// Forwards the watcher's messages through a thread that counts them.
    fn new(from_watcher: Receiver<Message>) -> anyhow::Result<Inbox> {
        let (sender, receiver) = std::sync::mpsc::channel();
        let waiting = Arc::new(AtomicUsize::new(0));
        let counter = waiting.clone();
        std::thread::Builder::new()
            .name("kbpress-inbox".into())
            .spawn(move || {
                for message in from_watcher {
                    counter.fetch_add(1, Ordering::SeqCst);
                    if sender.send(message).is_err() {
                        break;
                    }
                }
            })
            .context("cannot start the file watcher's thread")?;
        Ok(Inbox { receiver, waiting })
    }

    fn recv(&self) -> Result<Message, std::sync::mpsc::RecvError> {
        let message = self.receiver.recv()?;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        Ok(message)
    }

    fn recv_timeout(&self, timeout: Duration) -> Result<Message, RecvTimeoutError> {
        let message = self.receiver.recv_timeout(timeout)?;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        Ok(message)
    }
}

fn fall_back(watcher: &mut Watcher, reason: String, notify: &Notify) {
    if watcher.is_polling() {
        return;
    }
    match watcher.fall_back_to_polling() {
        Ok(()) => notify(Notice::Polling { reason }),
        Err(error) => notify(Notice::Warning(format!(
            "cannot watch the KB any more ({reason}), and polling failed too: {error:#}"
        ))),
    }
}

/// Builds and serves the result; true when it failed for a passing reason (see
/// [`build::Outcome::transient`]) and should be built again soon.
fn build_and_publish(
    builder: &mut Rebuilder,
    state: &SiteState,
    notify: &Notify,
    changed: Vec<String>,
    rescan: bool,
) -> bool {
    let started = Instant::now();
    let (outcome, kind) = builder.build(&changed, rescan);
    let transient = outcome.transient();
    let mut report = BuildReport {
        changed,
        rescan,
        succeeded: outcome.succeeded(),
        articles: outcome.articles,
        errors: outcome.errors,
        warnings: outcome.warnings,
        first_problem: outcome.problems.first().map(build::Problem::summary),
        duration: Duration::ZERO,
        incremental: kind == Kind::Incremental,
    };
    state.publish(outcome);
    report.duration = started.elapsed();
    notify(Notice::Built(report));
    transient
}

/// Opens `url` in the default browser, without waiting for it.
fn open_browser(url: &str, notify: &Notify) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(error) = command.spawn() {
        notify(Notice::Warning(format!(
            "cannot open a browser ({error}); open {url} yourself"
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_that_passes_is_built_again_without_an_edit() {
        let (sender, receiver) = std::sync::mpsc::channel();
        let inbox = Inbox::new(receiver).unwrap();
        let wait = Some(Duration::from_millis(20));
        assert!(matches!(next(&inbox, wait), Next::Retry));
        sender.send(Message::Rescan).unwrap();
        assert!(matches!(next(&inbox, wait), Next::Changes(Message::Rescan)));
        drop(sender);
        assert!(matches!(next(&inbox, None), Next::Stop));
    }

    #[test]
    fn the_url_names_the_real_port_and_a_reachable_address() {
        let url = |s: &str| server_url(s.parse().unwrap());
        assert_eq!(url("127.0.0.1:4000"), "http://127.0.0.1:4000/");
        assert_eq!(url("0.0.0.0:4000"), "http://127.0.0.1:4000/");
        assert_eq!(url("[::]:4000"), "http://[::1]:4000/");
        assert_eq!(url("[::1]:80"), "http://[::1]:80/");
    }
}
