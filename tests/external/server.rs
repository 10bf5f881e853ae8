//! A tiny scripted HTTP/1.1 server on a loopback address for the external-link tests: one
//! thread per connection, `Connection: close`, answers chosen by a handler from the request
//! and how often its path was asked before. It records every request, the most requests in
//! flight at once, and the body bytes it managed to send. Nothing here leaves 127.0.0.0/8.

#![allow(dead_code)] // Not every test uses every helper.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub at: Instant,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub enum Body {
    Text(String),
    /// Declares `declared` bytes and sends `chunk` bytes every `every` until the client leaves
    /// (or 20 s pass: the loop is bounded whatever the client does).
    Slow {
        declared: u64,
        chunk: usize,
        every: Duration,
    },
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    /// Waited before answering (a slow server).
    pub delay: Duration,
}

impl Reply {
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Body::Text(format!("status {status}\n")),
            delay: Duration::ZERO,
        }
    }

    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::status(status).header("Location", location)
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

struct Shared {
    handler: Box<Handler>,
    seen: Mutex<Vec<Seen>>,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
    body_sent: AtomicU64,
}

pub struct Server {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// A server on 127.0.0.1 and a free port.
    pub fn start(handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Server {
        Server::start_on("127.0.0.1", handler)
    }

    /// A server on another loopback address (127.0.0.2, ...), which is another host to kbpress.
    pub fn start_on(
        ip: &str,
        handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback port");
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            handler: Box::new(handler),
            seen: Mutex::new(Vec::new()),
            in_flight: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            body_sent: AtomicU64::new(0),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let accept = {
            let (shared, stop) = (shared.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let shared = shared.clone();
                    std::thread::spawn(move || serve(stream, &shared));
                }
            })
        };
        Server {
            addr,
            shared,
            stop,
            accept: Some(accept),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap().clone()
    }

    /// `METHOD path` of every request, in order.
    pub fn requests(&self) -> Vec<String> {
        self.seen()
            .iter()
            .map(|s| format!("{} {}", s.method, s.path))
            .collect()
    }

    pub fn count(&self, path: &str) -> usize {
        self.seen().iter().filter(|s| s.path == path).count()
    }

    /// The most requests this server was answering at once.
    pub fn peak(&self) -> usize {
        self.shared.peak.load(Ordering::SeqCst)
    }

    pub fn body_sent(&self) -> u64 {
        self.shared.body_sent.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn serve(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
        return;
    };
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    let seen = Seen {
        method: method.to_string(),
        path: path.to_string(),
        headers,
        at: Instant::now(),
    };
    let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    shared.peak.fetch_max(now, Ordering::SeqCst);
    let before = {
        let mut all = shared.seen.lock().unwrap();
        let before = all.iter().filter(|s| s.path == seen.path).count();
        all.push(seen.clone());
        before
    };
    let reply = (shared.handler)(&seen, before);
    std::thread::sleep(reply.delay);
    // Counted out before the answer leaves: once the client has it, it may send the next
    // request before this thread would get to count down.
    shared.in_flight.fetch_sub(1, Ordering::SeqCst);
    respond(stream, &seen, reply, shared);
}

fn respond(mut stream: TcpStream, seen: &Seen, reply: Reply, shared: &Shared) {
    let length = match &reply.body {
        Body::Text(text) => text.len() as u64,
        Body::Slow { declared, .. } => *declared,
    };
    let mut head = format!(
        "HTTP/1.1 {} Scripted\r\nConnection: close\r\n",
        reply.status
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {length}\r\n\r\n"));
    if stream.write_all(head.as_bytes()).is_err() || seen.method == "HEAD" {
        return;
    }
    match reply.body {
        Body::Text(text) => {
            if stream.write_all(text.as_bytes()).is_ok() {
                shared
                    .body_sent
                    .fetch_add(text.len() as u64, Ordering::SeqCst);
            }
        }
        Body::Slow {
            declared,
            chunk,
            every,
        } => {
            let started = Instant::now();
            let block = vec![b'x'; chunk];
            let mut sent = 0;
            while sent < declared && started.elapsed() < Duration::from_secs(20) {
                if stream.write_all(&block).is_err() {
                    break;
                }
                sent += chunk as u64;
                shared.body_sent.fetch_add(chunk as u64, Ordering::SeqCst);
                std::thread::sleep(every);
            }
        }
    }
}
