//! The HTTP side of `serve`: the router, the Host guard, and answers from the in-memory site.
//!
//! Every response says `X-Content-Type-Options: nosniff` and `Cache-Control: no-store` and none
//! allows other origins. HTML pages get the reload script (and the overlay while the latest
//! build has failed) as they are sent; the site itself is never changed.

use std::convert::Infallible;
use std::sync::Arc;

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
    let announcements = app.state.subscribe();
    let current = app.state.snapshot().generation;
    let state = app.state.clone();
    let later = BroadcastStream::new(announcements).map(move |item| {
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
