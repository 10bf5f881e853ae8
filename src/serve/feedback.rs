//! `serve` accepts the theme's feedback posts itself, so writers can try the widget: the pages
//! are rendered with [`PATH`] as `site.feedback_url` (when site.toml has `[feedback]`), and each
//! valid post becomes one line of `.kbpress/feedback.jsonl` under the KB root.
//!
//! A post must come from this server's own pages: the `Host` guard of every request applies,
//! and a present `Origin` must be this server (a page elsewhere could otherwise fill the file).
//! It must say `Content-Type: application/json`, which a cross-site page cannot send without a
//! CORS preflight that this server never grants. Bodies over [`MAX_BODY`] are refused (413).
//!
//! A cloned KB is not trusted either (issue 17): the file is opened without following a
//! symlink, in a `.kbpress/` that must be a real folder (never a symlink), so a planted link
//! cannot make a click append to `~/.bashrc`; kbpress creates them private (0700/0600). An
//! answer must name an article of the current build. The file stops growing at
//! [`MAX_FILE_BYTES`] (507, and one warning), and the terminal shows at most
//! [`LINES_PER_SECOND`] answers a second, then how many more were stored.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

/// The largest the answers file grows to; posts after that are refused with a warning.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Answers shown on the terminal per second; the rest are counted in one line.
pub const LINES_PER_SECOND: usize = 5;

/// One write at a time, so concurrent posts never interleave within a line.
static APPEND: Mutex<()> = Mutex::new(());

/// Where and how answers are stored, and what the terminal was told.
pub struct Store {
    /// The KB root; answers go to [`FILE`] under it.
    pub root: PathBuf,
    /// [`MAX_FILE_BYTES`], smaller in tests.
    pub max_bytes: u64,
    /// The "file is full" warning was printed.
    full_warned: AtomicBool,
    log: Mutex<LogLimit>,
}

impl Store {
    pub fn new(root: PathBuf) -> Store {
        Store {
            root,
            max_bytes: MAX_FILE_BYTES,
            full_warned: AtomicBool::new(false),
            log: Mutex::new(LogLimit::default()),
        }
    }
}

/// Why an answer was not stored.
#[derive(Debug)]
enum AppendError {
    /// The file holds [`Store::max_bytes`] already.
    Full,
    /// `.kbpress/` or the file is a symlink or not what it should be.
    Refused(String),
    Io(std::io::Error),
}

impl From<std::io::Error> for AppendError {
    fn from(error: std::io::Error) -> Self {
        AppendError::Io(error)
    }
}

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
    // Only about a page this server shows: the file is read as answers about real articles.
    let snapshot = app.state.snapshot();
    if !snapshot
        .site
        .as_ref()
        .is_some_and(|site| site.has_article(&feedback.article))
    {
        return text(
            StatusCode::BAD_REQUEST,
            "400 Bad Request: `article` must be the source path of an article of this site".into(),
        );
    }
    let line = record_line(&feedback, &jiff::Timestamp::now());
    let store = app.feedback.clone();
    let appended =
        tokio::task::spawn_blocking(move || append(&store.root, &line, store.max_bytes)).await;
    match appended {
        Ok(Ok(())) => {
            // The writer trying the widget sees it arrive where they watch the builds.
            log_answer(&app, feedback);
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NO_CONTENT;
            response
        }
        Ok(Err(AppendError::Full)) => {
            if !app.feedback.full_warned.swap(true, Ordering::SeqCst) {
                (app.notify)(super::Notice::Warning(format!(
                    "{FILE} reached {} MiB: further answers are refused until it is moved away or emptied",
                    app.feedback.max_bytes / (1024 * 1024)
                )));
            }
            text(
                StatusCode::INSUFFICIENT_STORAGE,
                format!("507 Insufficient Storage: {FILE} is full"),
            )
        }
        Ok(Err(AppendError::Refused(why))) => {
            (app.notify)(super::Notice::Warning(format!(
                "a feedback answer was not stored: {why}"
            )));
            text(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("500 Internal Server Error: {why}"),
            )
        }
        Ok(Err(AppendError::Io(error))) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("500 Internal Server Error: cannot append to {FILE}: {error}"),
        ),
        Err(_) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("500 Internal Server Error: cannot append to {FILE}"),
        ),
    }
}

/// Shows the answer on the terminal unless more than [`LINES_PER_SECOND`] came this second;
/// those are counted, and the count is shown when the second is over.
fn log_answer(app: &App, feedback: Feedback) {
    let admission = app
        .feedback
        .log
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .admit(Instant::now());
    match admission {
        Admission::Show => (app.notify)(super::Notice::Feedback(feedback)),
        Admission::Count { summary_at: None } => {}
        Admission::Count {
            summary_at: Some(at),
        } => {
            let app = app.clone();
            tokio::spawn(async move {
                tokio::time::sleep_until(at.into()).await;
                let more = app
                    .feedback
                    .log
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take_counted();
                if more > 0 {
                    (app.notify)(super::Notice::Warning(format!(
                        "{more} more feedback answer{} stored in {FILE} and not shown (at most {LINES_PER_SECOND} a second are)",
                        if more == 1 { " was" } else { "s were" }
                    )));
                }
            });
        }
    }
}

/// The terminal's share of answers: at most [`LINES_PER_SECOND`] in each one-second window.
#[derive(Debug, Default)]
struct LogLimit {
    window_start: Option<Instant>,
    shown: usize,
    counted: usize,
    summary_due: bool,
}

#[derive(Debug, PartialEq, Eq)]
enum Admission {
    Show,
    /// Not shown; when `summary_at` is given, the caller shows the count then.
    Count {
        summary_at: Option<Instant>,
    },
}

impl LogLimit {
    const WINDOW: Duration = Duration::from_secs(1);

    fn admit(&mut self, now: Instant) -> Admission {
        let start = match self.window_start {
            Some(start) if now.duration_since(start) < Self::WINDOW => start,
            _ => {
                self.window_start = Some(now);
                self.shown = 0;
                now
            }
        };
        if self.shown < LINES_PER_SECOND && self.counted == 0 {
            self.shown += 1;
            return Admission::Show;
        }
        self.counted += 1;
        let summary_at = (!self.summary_due).then(|| start + Self::WINDOW);
        self.summary_due = true;
        Admission::Count { summary_at }
    }

    /// How many answers were counted since the last summary.
    fn take_counted(&mut self) -> usize {
        self.summary_due = false;
        std::mem::take(&mut self.counted)
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

/// Appends `line` to [`FILE`] under `root` with one write, creating `.kbpress/` when needed,
/// unless the file holds `max_bytes` already.
fn append(root: &Path, line: &str, max_bytes: u64) -> Result<(), AppendError> {
    let folder = root.join(FILE);
    let folder = folder.parent().unwrap_or(root);
    let _one_at_a_time = APPEND.lock().unwrap_or_else(|e| e.into_inner());
    let mut file = open_answers(folder)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(AppendError::Refused(format!(
            "{FILE} is not a regular file"
        )));
    }
    let record = format!("{line}\n");
    if metadata.len().saturating_add(record.len() as u64) > max_bytes {
        return Err(AppendError::Full);
    }
    file.write_all(record.as_bytes())?;
    Ok(())
}

/// `.kbpress/` under the KB: created private, refused when it is a symlink or not a folder.
fn answers_folder(folder: &Path) -> Result<(), AppendError> {
    match std::fs::symlink_metadata(folder) {
        Ok(metadata) if metadata.file_type().is_symlink() => Err(AppendError::Refused(format!(
            "{} is a symlink; kbpress stores feedback only in a real folder of the KB",
            kbpress_folder()
        ))),
        Ok(metadata) if !metadata.is_dir() => Err(AppendError::Refused(format!(
            "{} is not a folder",
            kbpress_folder()
        ))),
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            match builder.create(folder) {
                Ok(()) => Ok(()),
                // Another post created it meanwhile: look again.
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    answers_folder(folder)
                }
                Err(error) => Err(error.into()),
            }
        }
        Err(error) => Err(error.into()),
    }
}

fn kbpress_folder() -> &'static str {
    FILE.split_once('/').map_or(FILE, |(folder, _)| folder)
}

fn file_name() -> &'static str {
    FILE.rsplit_once('/').map_or(FILE, |(_, name)| name)
}

/// Opens the answers file for appending, created 0600. On Unix neither the folder nor the
/// file is followed if it is a symlink (`O_NOFOLLOW`, the file opened relative to the opened
/// folder), so swapping either for a link between the checks and the write changes nothing.
#[cfg(unix)]
fn open_answers(folder: &Path) -> Result<std::fs::File, AppendError> {
    use std::os::fd::{AsRawFd as _, FromRawFd as _};
    use std::os::unix::fs::OpenOptionsExt as _;

    answers_folder(folder)?;
    let directory = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_DIRECTORY | libc::O_CLOEXEC)
        .open(folder)
        .map_err(|error| refused_link(error, kbpress_folder()))?;
    let name = std::ffi::CString::new(file_name()).expect("no NUL in a constant");
    // O_NONBLOCK: a named pipe planted there fails at once instead of waiting for a reader.
    let flags = libc::O_WRONLY
        | libc::O_APPEND
        | libc::O_CREAT
        | libc::O_NOFOLLOW
        | libc::O_CLOEXEC
        | libc::O_NONBLOCK;
    // SAFETY: `directory` is an open folder and `name` a NUL-terminated string; the returned
    // descriptor (checked) is owned by the `File` alone.
    let descriptor = unsafe {
        libc::openat(
            directory.as_raw_fd(),
            name.as_ptr(),
            flags,
            0o600 as libc::c_uint,
        )
    };
    if descriptor < 0 {
        return Err(refused_link(std::io::Error::last_os_error(), FILE));
    }
    Ok(unsafe { std::fs::File::from_raw_fd(descriptor) })
}

/// `ELOOP` from `O_NOFOLLOW` means the path is a symlink: say so.
#[cfg(unix)]
fn refused_link(error: std::io::Error, what: &str) -> AppendError {
    if error.raw_os_error() == Some(libc::ELOOP) || error.raw_os_error() == Some(libc::ENOTDIR) {
        AppendError::Refused(format!(
            "{what} is a symlink; kbpress does not write feedback through links"
        ))
    } else {
        AppendError::Io(error)
    }
}

#[cfg(not(unix))]
fn open_answers(folder: &Path) -> Result<std::fs::File, AppendError> {
    answers_folder(folder)?;
    let path = folder.join(file_name());
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(AppendError::Refused(format!(
            "{FILE} is a symlink; kbpress does not write feedback through links"
        )));
    }
    Ok(std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?)
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
        append(dir.path(), &line, MAX_FILE_BYTES).unwrap();
        append(dir.path(), &line, MAX_FILE_BYTES).unwrap();
        let stored = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert_eq!(stored, format!("{line}\n{line}\n"));
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_and_file_kbpress_creates_are_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        append(dir.path(), "{}", MAX_FILE_BYTES).unwrap();
        let mode = |path: &str| {
            std::fs::metadata(dir.path().join(path))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode(".kbpress"), 0o700);
        assert_eq!(mode(FILE), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_planted_in_the_kb_are_never_written_through() {
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("bashrc");
        std::fs::write(&target, "precious\n").unwrap();

        // The file is a link.
        let kb = tempfile::tempdir().unwrap();
        std::fs::create_dir(kb.path().join(".kbpress")).unwrap();
        std::os::unix::fs::symlink(&target, kb.path().join(FILE)).unwrap();
        let error = append(kb.path(), "{}", MAX_FILE_BYTES).unwrap_err();
        assert!(
            matches!(&error, AppendError::Refused(why) if why.contains("symlink")),
            "{error:?}"
        );

        // The folder is a link (to a folder holding the file, or not).
        let kb = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("feedback.jsonl"), "precious\n").unwrap();
        std::os::unix::fs::symlink(outside.path(), kb.path().join(".kbpress")).unwrap();
        let error = append(kb.path(), "{}", MAX_FILE_BYTES).unwrap_err();
        assert!(
            matches!(&error, AppendError::Refused(why) if why.contains("symlink")),
            "{error:?}"
        );

        // A file named `.kbpress`.
        let kb = tempfile::tempdir().unwrap();
        std::fs::write(kb.path().join(".kbpress"), "").unwrap();
        assert!(matches!(
            append(kb.path(), "{}", MAX_FILE_BYTES),
            Err(AppendError::Refused(_))
        ));

        assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious\n");
        assert_eq!(
            std::fs::read_to_string(outside.path().join("feedback.jsonl")).unwrap(),
            "precious\n"
        );
    }

    #[test]
    fn the_file_stops_growing_at_its_cap() {
        let dir = tempfile::tempdir().unwrap();
        let line = "x".repeat(99);
        for _ in 0..10 {
            append(dir.path(), &line, 1000).unwrap();
        }
        assert!(matches!(
            append(dir.path(), &line, 1000),
            Err(AppendError::Full)
        ));
        assert_eq!(
            std::fs::metadata(dir.path().join(FILE)).unwrap().len(),
            1000
        );
    }

    #[test]
    fn the_terminal_shows_a_few_answers_a_second_then_a_count() {
        let mut limit = LogLimit::default();
        let start = Instant::now();
        let at = |ms: u64| start + Duration::from_millis(ms);
        for n in 0..LINES_PER_SECOND {
            assert_eq!(limit.admit(at(n as u64)), Admission::Show);
        }
        assert_eq!(
            limit.admit(at(10)),
            Admission::Count {
                summary_at: Some(at(1000))
            }
        );
        for n in 0..100 {
            assert_eq!(
                limit.admit(at(11 + n)),
                Admission::Count { summary_at: None }
            );
        }
        // Until the count is shown, later answers are counted too (in order on the terminal).
        assert_eq!(limit.admit(at(1500)), Admission::Count { summary_at: None });
        assert_eq!(limit.take_counted(), 102);
        assert_eq!(limit.admit(at(1600)), Admission::Show);
        assert_eq!(limit.take_counted(), 0);
    }
}
