//! `serve` accepts the theme's feedback posts itself, so writers can try the widget: the pages
//! are rendered with [`PATH`] as `site.feedback_url` (when site.toml has `[feedback]`), and each
//! valid post becomes one line of `.kbpress/feedback.jsonl` under the KB root.
//!
//! A post must come from this server's own pages: the `Host` guard of every request applies,
//! and a present `Origin` must be this server (a page elsewhere could otherwise fill the file).
//! It must say `Content-Type: application/json`, which a cross-site page cannot send without a
//! CORS preflight that this server never grants. Bodies over [`MAX_BODY`] are refused (413).

use std::io::Write as _;
use std::path::Path;
use std::sync::Mutex;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use tokio_stream::StreamExt as _;

use super::http::App;
use crate::feedback::Feedback;

/// Where the widget posts while serving.
pub const PATH: &str = "/__kbpress/feedback";
/// The answers, relative to the KB root (`.kbpress/` is git-ignored by `kbpress init`).
pub const FILE: &str = ".kbpress/feedback.jsonl";
/// The largest body accepted: a full answer with the longest comment fits several times.
pub const MAX_BODY: usize = 16 * 1024;
/// How much of a too-big body is read and dropped before the connection is simply closed.
const MAX_DRAINED: usize = 1024 * 1024;

/// One write at a time, so concurrent posts never interleave within a line.
static APPEND: Mutex<()> = Mutex::new(());

/// A stored answer: when it arrived (a local file, not site output, so the clock is fine),
/// then the answer's fields.
#[derive(Serialize)]
struct Record<'a> {
    received: String,
    #[serde(flatten)]
    feedback: &'a Feedback,
}

/// `POST /__kbpress/feedback`: 204 when stored; 403, 413, 415, 400 or 500 with a plain reason.
pub async fn receive(State(app): State<App>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    // Read first, whatever the answer: a connection closed with unread data is reset, and the
    // client would never see why it was refused.
    let Some(body) = read_capped(body).await else {
        return text(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("413 Payload Too Large: feedback is at most {MAX_BODY} bytes"),
        );
    };
    let origin = parts
        .headers
        .get(header::ORIGIN)
        .map(|value| value.to_str().ok());
    let origin_ok = match origin {
        None => true,
        Some(origin) => origin.is_some() && app.guard.origin_allowed(origin),
    };
    if !origin_ok {
        return text(
            StatusCode::FORBIDDEN,
            "403 Forbidden: feedback is accepted from this server's own pages only".into(),
        );
    }
    if !is_json(parts.headers.get(header::CONTENT_TYPE)) {
        return text(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "415 Unsupported Media Type: send Content-Type: application/json".into(),
        );
    }
    let feedback = match std::str::from_utf8(&body)
        .map_err(|_| "not UTF-8".to_string())
        .and_then(Feedback::from_json)
    {
        Ok(feedback) => feedback,
        Err(reason) => {
            return text(
                StatusCode::BAD_REQUEST,
                format!("400 Bad Request: {reason}"),
            )
        }
    };
    let line = record_line(&feedback, &jiff::Timestamp::now());
    let root = app.root.clone();
    match tokio::task::spawn_blocking(move || append(&root, &line)).await {
        Ok(Ok(())) => {
            // The writer trying the widget sees it arrive where they watch the builds.
            (app.notify)(super::Notice::Feedback(feedback));
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NO_CONTENT;
            response
        }
        _ => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("500 Internal Server Error: cannot append to {FILE}"),
        ),
    }
}

/// The body if it is at most [`MAX_BODY`] bytes. A bigger one is read on (to [`MAX_DRAINED`])
/// without keeping it, so the 413 reaches the client; `None` for too big or a broken body.
async fn read_capped(body: Body) -> Option<Vec<u8>> {
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.ok()?;
        total = total.saturating_add(chunk.len());
        if total > MAX_DRAINED {
            return None;
        }
        if total <= MAX_BODY {
            bytes.extend_from_slice(&chunk);
        }
    }
    (total <= MAX_BODY).then_some(bytes)
}

/// `application/json`, with or without parameters (`; charset=utf-8`).
fn is_json(value: Option<&HeaderValue>) -> bool {
    value
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/json"))
}

/// One JSON line (serde_json escapes line breaks, so a comment cannot split it).
fn record_line(feedback: &Feedback, received: &jiff::Timestamp) -> String {
    let record = Record {
        received: format!("{received:.0}"),
        feedback,
    };
    serde_json::to_string(&record).unwrap_or_default()
}

/// Appends `line` to [`FILE`] under `root` with one write, creating `.kbpress/` when needed.
fn append(root: &Path, line: &str) -> std::io::Result<()> {
    let path = root.join(FILE);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let _one_at_a_time = APPEND.lock().unwrap_or_else(|e| e.into_inner());
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    file.write_all(format!("{line}\n").as_bytes())
}

fn text(status: StatusCode, message: String) -> Response {
    let mut response = Response::new(Body::from(message));
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

    #[test]
    fn only_json_content_types_are_accepted() {
        let json = |value: &'static str| is_json(Some(&HeaderValue::from_static(value)));
        assert!(json("application/json"));
        assert!(json("Application/JSON; charset=utf-8"));
        assert!(!json("text/plain"));
        assert!(!json("application/jsonx"));
        assert!(!is_json(None));
    }

    #[test]
    fn records_are_one_line_each_with_the_time_first_and_append() {
        let feedback = Feedback::from_json(
            r#"{"article":"articles/a.md","url":"http://127.0.0.1:1/a/","helpful":false,"comment":"two\nlines"}"#,
        )
        .unwrap();
        let received: jiff::Timestamp = "2026-11-01T10:00:00.25Z".parse().unwrap();
        let line = record_line(&feedback, &received);
        assert!(!line.contains('\n'), "{line}");
        assert!(
            line.starts_with(r#"{"received":"2026-11-01T10:00:00Z","article":"articles/a.md""#),
            "{line}"
        );
        assert_eq!(Feedback::from_json(&line).unwrap(), feedback);

        let dir = tempfile::tempdir().unwrap();
        append(dir.path(), &line).unwrap();
        append(dir.path(), &line).unwrap();
        let stored = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert_eq!(stored, format!("{line}\n{line}\n"));
    }
}
