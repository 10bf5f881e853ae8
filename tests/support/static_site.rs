//! A built site served as plain static files, as a web host would serve it, for the browser
//! tests that need no `kbpress serve` (its live reload and base URL would change the pages).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use super::Test;

/// Builds the sample KB with one more article (`path`, `text`) as of `today` and serves it;
/// returns the site's URL and the KB, which must outlive the test.
#[allow(dead_code)] // not every test crate that serves a site builds the sample KB
pub fn sample_site_with(path: &str, text: &str, today: &str) -> (String, Test) {
    sample_site_with_files(&[(path, text)], today)
}

/// Like [`sample_site_with`], with several files written over the sample KB's (`site.toml`
/// among them, to build it otherwise).
#[allow(dead_code)]
pub fn sample_site_with_files(files: &[(&str, &str)], today: &str) -> (String, Test) {
    let mut kb = Test::sample_kb();
    for (path, text) in files {
        kb = kb.file(path, text);
    }
    let out = kb.root().join("public");
    let out_arg = out.to_string_lossy().into_owned();
    let kb = kb.args(&["build", "--today", today, "--out", &out_arg]);
    let output = kb.run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    (serve(out), kb)
}

/// Serves `folder` as the site at `/kb/` (the sample KB's base path) on a free loopback port,
/// until the test process ends; returns the site's URL.
pub fn serve(folder: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let folder = folder.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                // The headers: only a `Range: bytes=A-B` matters (hosts honour it; search asks
                // for one section of a result's Markdown copy).
                let mut line = String::new();
                let mut range: Option<(usize, usize)> = None;
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    let lower = line.to_ascii_lowercase();
                    if let Some((start, end)) = (lower.strip_prefix("range: bytes="))
                        .and_then(|value| value.trim().split_once('-'))
                    {
                        range = start.parse().ok().zip(end.parse().ok());
                    }
                    line.clear();
                }
                let target = request.split_whitespace().nth(1).unwrap_or("/");
                let path = target.split(['?', '#']).next().unwrap_or("/");
                let (mut status, kind, mut body) = match file_for(&folder, path) {
                    Some((kind, body)) => ("200 OK", kind, body),
                    None => ("404 Not Found", "text/plain", b"not found".to_vec()),
                };
                let mut content_range = String::new();
                if let (Some((start, end)), "200 OK") = (range, status) {
                    let total = body.len();
                    if start < total && start <= end {
                        body.truncate(end.saturating_add(1));
                        body.drain(..start);
                        status = "206 Partial Content";
                        content_range = format!(
                            "Content-Range: bytes {start}-{}/{total}\r\n",
                            start + body.len() - 1
                        );
                    }
                }
                let mut stream = &stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n{content_range}Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    format!("http://127.0.0.1:{port}/kb/")
}

/// The Content-Type and bytes of the file for a request path, if it is in the site.
fn file_for(folder: &Path, path: &str) -> Option<(&'static str, Vec<u8>)> {
    let relative = path.strip_prefix("/kb/")?;
    if relative.split('/').any(|part| part == "..") {
        return None;
    }
    let mut file = folder.join(relative);
    if relative.is_empty() || relative.ends_with('/') {
        file = file.join("index.html");
    }
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    std::fs::read(file).ok().map(|body| (kind, body))
}
