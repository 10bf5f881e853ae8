//! A real `kbpress serve` process for tests, and a tiny HTTP client that sends requests byte
//! for byte as written (evil paths and Host headers included). Loopback only.

#![allow(dead_code)] // serve.rs and browser.rs use different parts.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything may take before a test gives up.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// A running `kbpress serve`, killed on drop.
pub struct Server {
    child: Child,
    pub port: u16,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    host: String,
    stderr: Arc<Mutex<Vec<String>>>,
    /// Whatever stdout said after the `Serving` line (it should say nothing).
    stdout: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `kbpress --root ROOT serve --port 0 --today 2026-11-01 ARGS` and waits for the
    /// `Serving` line.
    pub fn start(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kbpress"));
        command
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0"])
            .args(args)
            .env_remove("GITHUB_ACTIONS")
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("KBPRESS_WATCH_POLL")
            .env("NO_COLOR", "1")
            .env("CI", "true")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if !args.contains(&"--today") {
            // The fixtures' "today", so freshness findings never depend on the clock.
            command.args(["--today", "2026-11-01"]);
        }
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("start kbpress serve");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let lines = stderr.clone();
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        let (tx, rx) = mpsc::channel();
        let pipe = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let first = rx.recv_timeout(DEADLINE);
        let Ok(line) = first else {
            let _ = child.kill();
            let _ = child.wait();
            std::thread::sleep(Duration::from_millis(100));
            panic!(
                "no `Serving` line; stderr:\n{}",
                stderr.lock().unwrap().join("\n")
            );
        };
        let url = line
            .strip_prefix("Serving ")
            .unwrap_or_else(|| panic!("first stdout line: {line}"))
            .to_string();
        let host = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let port = host.rsplit(':').next().unwrap().parse().unwrap();
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let later = stdout.clone();
        std::thread::spawn(move || {
            for line in rx {
                later.lock().unwrap().push(line);
            }
        });
        Server {
            child,
            port,
            url,
            host,
            stderr,
            stdout,
        }
    }

    /// Like [`Server::start`], then waits for the first build.
    pub fn started(root: &Path) -> Server {
        Server::started_with(root, &[])
    }

    /// Like [`Server::started`], with more arguments to `kbpress serve`.
    pub fn started_with(root: &Path, args: &[&str]) -> Server {
        let server = Server::start(root, args, &[]);
        server.wait_for_builds(1);
        server
    }

    /// stdout after the `Serving` line.
    pub fn more_stdout(&self) -> Vec<String> {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> Vec<String> {
        self.stderr.lock().unwrap().clone()
    }

    /// The one-line reports of builds so far.
    pub fn build_lines(&self) -> Vec<String> {
        self.stderr()
            .into_iter()
            .filter(|l| {
                l.starts_with("built ")
                    || l.starts_with("rebuilt ")
                    || l.starts_with("build failed ")
            })
            .collect()
    }

    /// Waits until `count` builds have been reported; returns the last report.
    pub fn wait_for_builds(&self, count: usize) -> String {
        let lines = wait_until(&format!("{count} builds"), || {
            let lines = self.build_lines();
            (lines.len() >= count).then_some(lines)
        })
        .unwrap_or_else(|| panic!("stderr:\n{}", self.stderr().join("\n")));
        lines[count - 1].clone()
    }

    /// Waits until a stderr line satisfies `predicate`.
    pub fn wait_for_stderr(&self, what: &str, predicate: impl Fn(&str) -> bool) -> String {
        wait_until(what, || self.stderr().into_iter().find(|l| predicate(l)))
            .unwrap_or_else(|| panic!("stderr:\n{}", self.stderr().join("\n")))
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The `Host` header this server expects (`127.0.0.1:PORT`).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// `GET path` with the right Host header.
    pub fn get(&self, path: &str) -> Response {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host
        ))
    }

    /// Sends `request` as written and reads the whole response.
    pub fn raw(&self, request: &str) -> Response {
        self.raw_bytes(request.as_bytes())
    }

    pub fn raw_bytes(&self, request: &[u8]) -> Response {
        let mut stream = self.connect();
        stream.write_all(request).unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        Response::parse(&bytes)
    }

    /// Sends `request` and reads only the status line and headers (for streams).
    pub fn head_of(&self, request: &str) -> Response {
        let mut stream = self.connect();
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        let mut buffer = [0u8; 1024];
        while !bytes.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => bytes.extend_from_slice(&buffer[..n]),
            }
        }
        Response::parse(&bytes)
    }

    /// Opens the reload event stream; each `build` event's data arrives on the receiver.
    pub fn events(&self) -> Receiver<u64> {
        let mut stream = self.connect();
        stream.set_read_timeout(None).unwrap();
        write!(
            stream,
            "GET /__kbpress/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.host
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            let mut event = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                let text = line.trim_end();
                if let Some(name) = text.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = text.strip_prefix("data: ") {
                    if event == "build" && tx.send(data.parse().unwrap()).is_err() {
                        return;
                    }
                }
                line.clear();
            }
        });
        rx
    }

    /// A new connection to the server, with a read timeout.
    pub fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        stream
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Calls `probe` every 25 ms until it returns `Some`, for at most [`DEADLINE`].
pub fn wait_until<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    let started = Instant::now();
    loop {
        if let Some(value) = probe() {
            return Some(value);
        }
        if started.elapsed() > DEADLINE {
            eprintln!("gave up waiting for {what}");
            return None;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// An HTTP response, headers with lowercase names.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    fn parse(bytes: &[u8]) -> Response {
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(bytes.len());
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let body = bytes.get(split + 4..).unwrap_or_default();
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let chunked = headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
        let body = if chunked {
            dechunk(body)
        } else {
            body.to_vec()
        };
        Response {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn dechunk(mut bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = bytes.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&bytes[..end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        let stop = (start + size).min(bytes.len());
        out.extend_from_slice(&bytes[start..stop]);
        bytes = bytes.get(stop + 2..).unwrap_or_default();
    }
    out
}
