//! The HTTP side of `serve`: the accept loop, the router, the Host guard, and answers from the
//! in-memory site.
//!
//! The accept loop is our own (on hyper, as `axum::serve` is) because `axum::serve` has no
//! header-read timeout nor connection cap, and 20,000 sockets that send half a request line
//! once used up the process's files (issue 17). Now a connection that has not sent a whole
//! request head within [`Limits::header_read_timeout`] is closed (also an idle keep-alive
//! one), at most [`Limits::max_connections`] are served at once (more wait in the system's
//! backlog until one closes), and event streams, which stay open, take at most
//! [`Limits::max_event_streams`] of them, so pages always find room.
//!
//! Every response says `X-Content-Type-Options: nosniff` and `Cache-Control: no-store` and none
//! allows other origins. HTML pages get the reload script (and the overlay while the latest
//! build has failed) as they are sent; the site itself is never changed.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use bytes::Bytes;
use tokio::sync::Semaphore;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt as _;

use super::build::MemorySite;
use super::guard::Guard;
use super::inject::{self, EVENTS_PATH};
use super::paths::{self, Request as PathRequest};
use super::state::{SiteState, Snapshot};

/// What every request handler shares.
#[derive(Clone)]
pub struct App {
    pub state: Arc<SiteState>,
    pub guard: Guard,
    /// Where feedback posts are stored.
    pub feedback: Arc<super::feedback::Store>,
    /// Tells the terminal about stored feedback.
    pub notify: super::Notify,
    /// Event streams that may be open at once.
    pub streams: Arc<Semaphore>,
}

/// What one client may hold of the server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A connection that has not sent a complete request head in this time is closed.
    pub header_read_timeout: Duration,
    /// Connections served at once; more wait for a free place.
    pub max_connections: usize,
    /// Open event streams at once, fewer than `max_connections` so pages always get through;
    /// more are answered 503.
    pub max_event_streams: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 512,
            max_event_streams: 256,
        }
    }
}

/// How long to wait after a failed accept (out of file descriptors, say) before the next.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// Serves `router` on `listener` within `limits`, until the future is dropped.
pub async fn serve(listener: tokio::net::TcpListener, router: Router, limits: Limits) {
    let places = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        // The place is taken before accepting: at the cap, new clients wait in the backlog.
        let Ok(place) = places.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // EMFILE and the like pass when connections close: never stop serving.
                tokio::time::sleep(ACCEPT_PAUSE).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            // A client that goes away or times out is no error of the server's.
            let _ = connection.await;
            drop(place);
        });
    }
}

pub fn router(app: App) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(super::feedback::PATH, post(super::feedback::receive))
        .fallback(page)
        .layer(middleware::from_fn_with_state(app.clone(), protect))
        .with_state(app)
}

/// Refuses requests for another host (DNS rebinding) and adds the safety headers.
async fn protect(State(app): State<App>, request: Request, next: Next) -> Response {
    let host = header_text(request.headers(), header::HOST);
    let mut response = if app.guard.host_allowed(host.flatten()) {
        next.run(request).await
    } else {
        plain(
            StatusCode::FORBIDDEN,
            "403 Forbidden: this preview server only answers requests for localhost",
        )
    };
    let headers = response.headers_mut();
    headers.remove(header::ACCESS_CONTROL_ALLOW_ORIGIN);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `None`: no such header; `Some(None)`: present but not text.
fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<Option<&str>> {
    headers.get(name).map(|value| value.to_str().ok())
}

/// The event stream: the current build generation at once, then each new one.
async fn events(State(app): State<App>, headers: HeaderMap) -> Response {
    let origin_ok = match header_text(&headers, header::ORIGIN) {
        None => true,
        Some(origin) => origin.is_some() && app.guard.origin_allowed(origin),
    };
    if !origin_ok {
        return plain(
            StatusCode::FORBIDDEN,
            "403 Forbidden: the event stream is for this server's own pages",
        );
    }
    let Ok(place) = app.streams.clone().try_acquire_owned() else {
        let mut response = plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "503 Service Unavailable: too many pages are open; close some and reload",
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
        return response;
    };
    let announcements = app.state.subscribe();
    let current = app.state.snapshot().generation;
    let state = app.state.clone();
    let later = BroadcastStream::new(announcements).map(move |item| {
        // The stream's place is given back when the stream is dropped (the page closed).
        let _holds = &place;
        // A page that fell behind only needs the latest generation.
        let generation = item.unwrap_or_else(|_| state.snapshot().generation);
        Ok::<_, Infallible>(build_event(generation))
    });
    let stream = tokio_stream::once(Ok(build_event(current))).chain(later);
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn build_event(generation: u64) -> Event {
    Event::default().event("build").data(generation.to_string())
}

/// Everything else: a file of the current site.
async fn page(State(app): State<App>, method: Method, request: Request) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let snapshot = app.state.snapshot();
    let Some(site) = snapshot.site.clone() else {
        return no_site(&snapshot);
    };
    match paths::normalise(request.uri().path()) {
        PathRequest::Invalid => plain(StatusCode::BAD_REQUEST, "400 Bad Request"),
        PathRequest::Hidden => not_found(&snapshot, &site),
        PathRequest::File(key) => {
            if let Some(bytes) = site.get(&key) {
                return file(&snapshot, &key, bytes, StatusCode::OK);
            }
            if site.get(&format!("{key}/index.html")).is_some() {
                // `/billing` -> `/billing/`, built from the key so it stays on this site.
                let location = format!("/{}/", crate::urls::encode_path(&key));
                let mut response = plain(StatusCode::PERMANENT_REDIRECT, "");
                if let Ok(value) = HeaderValue::from_str(&location) {
                    response.headers_mut().insert(header::LOCATION, value);
                }
                return response;
            }
            not_found(&snapshot, &site)
        }
    }
}

/// A site file; HTML gets the reload script and the overlay.
fn file(snapshot: &Snapshot, key: &str, bytes: &Bytes, status: StatusCode) -> Response {
    let content_type = paths::content_type(key);
    let body = if content_type.starts_with("text/html") {
        Bytes::from(inject::inject(
            bytes,
            snapshot.generation,
            &snapshot.problems,
        ))
    } else {
        bytes.clone()
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// The site's own 404 page, with status 404.
fn not_found(snapshot: &Snapshot, site: &MemorySite) -> Response {
    match site.get("404.html") {
        Some(bytes) => file(snapshot, "404.html", bytes, StatusCode::NOT_FOUND),
        None => plain(StatusCode::NOT_FOUND, "404 Not Found"),
    }
}

/// Before any build succeeded: the same page for every path.
fn no_site(snapshot: &Snapshot) -> Response {
    let (title, text) = if snapshot.building() {
        (
            "Building…",
            "kbpress is building the site; this page reloads when it is ready.",
        )
    } else {
        (
            "The build failed",
            "kbpress has no site to show yet: fix the problems and save, and this page reloads.",
        )
    };
    let html = inject::status_page(title, text, snapshot.generation, &snapshot.problems);
    let mut response = Response::new(Body::from(html));
    *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read as _, Write as _};
    use std::time::Instant;

    /// A server of the real router, serving a one-page site, on a free port within `limits`;
    /// its address.
    fn start(limits: Limits) -> (tokio::runtime::Runtime, std::net::SocketAddr) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let address = listener.local_addr().unwrap();
        let state = Arc::new(SiteState::default());
        let sink = super::super::build::MemorySink::default();
        crate::render::Sink::put(&sink, "index.html", b"<body>home</body>".to_vec()).unwrap();
        state.publish(super::super::build::Outcome {
            site: Some(sink.finish()),
            site_with_errors: None,
            problems: Vec::new(),
            articles: 0,
            errors: 0,
            warnings: 0,
            duration: Duration::ZERO,
        });
        let app = App {
            state,
            guard: Guard {
                bound: address.ip(),
                port: address.port(),
            },
            feedback: Arc::new(super::super::feedback::Store::new(
                std::env::temp_dir().join("kbpress-never-written"),
            )),
            notify: Arc::new(|_| {}),
            streams: Arc::new(Semaphore::new(limits.max_event_streams)),
        };
        runtime.spawn(serve(listener, router(app), limits));
        (runtime, address)
    }

    fn limits(max_connections: usize, max_event_streams: usize) -> Limits {
        Limits {
            header_read_timeout: Duration::from_millis(300),
            max_connections,
            max_event_streams,
        }
    }

    fn connect(address: std::net::SocketAddr) -> std::net::TcpStream {
        let stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    }

    /// The status of `GET path`, or `None` when the server closed without answering.
    fn get(address: std::net::SocketAddr, path: &str) -> Option<u16> {
        let mut stream = connect(address);
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).ok()?;
        std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
    }

    /// Reads until the server closes the connection; how long that took.
    fn closed_after(mut stream: std::net::TcpStream) -> Duration {
        let started = Instant::now();
        let mut sink = Vec::new();
        // An error (reset) is a close too; the read timeout is 10 s.
        let _ = stream.read_to_end(&mut sink);
        started.elapsed()
    }

    #[test]
    fn half_sent_and_silent_connections_are_closed_after_the_header_timeout() {
        let (_runtime, address) = start(limits(512, 256));
        let mut half = connect(address);
        half.write_all(b"GET / HTT").unwrap();
        let silent = connect(address);
        // Between two requests of a keep-alive connection the timeout runs again.
        let mut idle = connect(address);
        write!(idle, "GET / HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
        for (name, stream) in [("half", half), ("silent", silent), ("idle", idle)] {
            let waited = closed_after(stream);
            assert!(
                waited < Duration::from_secs(5),
                "{name}: still open after {waited:?}"
            );
        }
    }

    #[test]
    fn at_the_connection_cap_a_normal_request_is_still_served() {
        let (_runtime, address) = start(limits(8, 4));
        let hanging: Vec<_> = (0..8)
            .map(|_| {
                let mut stream = connect(address);
                stream.write_all(b"GET / HTT").unwrap();
                stream
            })
            .collect();
        // All places are taken: this client waits in the backlog until the hanging ones
        // time out, then is served.
        let started = Instant::now();
        assert_eq!(get(address, "/"), Some(200));
        assert!(started.elapsed() < Duration::from_secs(5));
        drop(hanging);
    }

    #[test]
    fn event_streams_cannot_take_every_place() {
        let (_runtime, address) = start(limits(8, 4));
        let streams: Vec<_> = (0..4)
            .map(|_| {
                let mut stream = connect(address);
                write!(
                    stream,
                    "GET {EVENTS_PATH} HTTP/1.1\r\nHost: {address}\r\n\r\n"
                )
                .unwrap();
                let mut head = [0u8; 12];
                stream.read_exact(&mut head).unwrap();
                assert_eq!(&head[9..12], b"200");
                stream
            })
            .collect();
        assert_eq!(get(address, EVENTS_PATH), Some(503), "a fifth stream");
        for _ in 0..20 {
            assert_eq!(get(address, "/"), Some(200), "pages still load");
        }
        drop(streams);
    }
}
