//! One check of one URL: HEAD first, GET when the server refuses HEAD, redirects followed by
//! hand (so loops and permanent moves can be reported), at most [`BODY_LIMIT`] bytes read.
//!
//! The network sits behind [`Network`], so everything here and above it is tested without
//! sockets; `http::HttpNetwork` is the real one (ureq over rustls). A probe makes no decision
//! about retrying or severity: it records what happened ([`Probed`]), which is also what the
//! cache stores, so a changed `accept` list applies to cached results too.

use serde::{Deserialize, Serialize};
use url::Url;

use super::config::HostSettings;

/// Redirects followed before giving up (the 11th is an error).
pub const MAX_REDIRECTS: usize = 10;
/// Bytes of a GET body read at most: enough to see the server answer, never a whole download.
pub const BODY_LIMIT: u64 = 8 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Head,
    Get,
}

/// One HTTP request as the probe wants it sent; redirects are not followed by the network.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub method: Method,
    pub url: &'a str,
    pub settings: &'a HostSettings,
}

/// What the probe needs of a response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub location: Option<String>,
    pub retry_after: Option<String>,
    /// Body bytes read (at most [`BODY_LIMIT`]).
    pub body_read: u64,
}

/// Why no response came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum NetError {
    /// The host name does not exist.
    Dns(String),
    /// The resolver could not answer now (`EAI_AGAIN`): worth a retry, not a broken link.
    DnsTemporary(String),
    /// No answer within the timeout, in seconds.
    Timeout(u64),
    /// The connection was reset, aborted or closed early.
    Reset(String),
    Refused(String),
    Tls(String),
    InvalidUrl(String),
    Other(String),
}

/// What checking a URL found, after following redirects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Answer {
    Status {
        status: u16,
    },
    Error {
        error: NetError,
    },
    /// The chain of URLs, ending with the one seen before.
    RedirectLoop {
        chain: Vec<String>,
    },
    TooManyRedirects,
    /// A 3xx without a usable `Location`.
    BadRedirect {
        status: u16,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probed {
    pub answer: Answer,
    /// Where the leading run of permanent redirects (301, 308) ends, with the first status:
    /// the URL the link should be changed to.
    #[serde(default)]
    pub moved_to: Option<(u16, String)>,
    /// The last URL requested, when redirects were followed.
    #[serde(default)]
    pub final_url: Option<String>,
    /// The server's `Retry-After`, in seconds, on the last response.
    #[serde(default)]
    pub retry_after_secs: Option<u64>,
    /// Requests of the whole probe made, counting retries (set by the runner).
    #[serde(default = "one")]
    pub attempts: u32,
}

fn one() -> u32 {
    1
}

impl Probed {
    pub fn status(&self) -> Option<u16> {
        match self.answer {
            Answer::Status { status } => Some(status),
            _ => None,
        }
    }
}

/// Sends single requests. Implementations must not follow redirects.
pub trait Network: Sync {
    fn send(&self, request: &Request) -> Result<Response, NetError>;
}

/// Whether a HEAD answer means "ask again with GET": servers that do not implement HEAD answer
/// 405 or 501, and many answer HEAD with some other 4xx (403, even 404) while GET works. 429 is
/// a rate limit, which GET would only make worse.
fn head_refused(status: u16) -> bool {
    status == 501 || ((400..500).contains(&status) && status != 429)
}

fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Checks `url`, following up to [`MAX_REDIRECTS`] redirects. `settings_for` gives each hop's
/// settings by its URL, so a token configured for one host never goes to another.
pub fn probe(
    network: &dyn Network,
    url: &str,
    settings_for: &dyn Fn(&Url) -> HostSettings,
    now: std::time::SystemTime,
) -> Probed {
    let mut probed = Probed {
        answer: Answer::TooManyRedirects,
        moved_to: None,
        final_url: None,
        retry_after_secs: None,
        attempts: 1,
    };
    let mut chain = vec![url.to_string()];
    let mut method = Method::Head;
    let mut leading_permanent = true;
    loop {
        let current = chain.last().expect("chain starts with the url").clone();
        let parsed = match Url::parse(&current) {
            Ok(parsed) => parsed,
            Err(error) => {
                probed.answer = Answer::Error {
                    error: NetError::InvalidUrl(format!("`{current}`: {error}")),
                };
                return probed;
            }
        };
        let settings = settings_for(&parsed);
        let request = Request {
            method,
            url: &current,
            settings: &settings,
        };
        let response = match network.send(&request) {
            Ok(response) => response,
            Err(error) => {
                probed.answer = Answer::Error { error };
                return probed;
            }
        };
        if method == Method::Head && head_refused(response.status) {
            method = Method::Get;
            continue;
        }
        if is_redirect(response.status) {
            let next = response
                .location
                .as_deref()
                .and_then(|location| parsed.join(location.trim()).ok());
            let Some(mut next) = next else {
                probed.answer = Answer::BadRedirect {
                    status: response.status,
                };
                return probed;
            };
            // A fragment names a place in the page, not a different resource.
            next.set_fragment(None);
            let next = next.to_string();
            if leading_permanent && matches!(response.status, 301 | 308) {
                let status = probed.moved_to.as_ref().map_or(response.status, |m| m.0);
                probed.moved_to = Some((status, next.clone()));
            } else {
                leading_permanent = false;
            }
            if chain.contains(&next) {
                chain.push(next);
                probed.answer = Answer::RedirectLoop { chain };
                return probed;
            }
            if chain.len() > MAX_REDIRECTS {
                return probed;
            }
            chain.push(next);
            continue;
        }
        probed.answer = Answer::Status {
            status: response.status,
        };
        probed.retry_after_secs = response
            .retry_after
            .as_deref()
            .and_then(|value| super::retry::parse_retry_after(value, now))
            .map(|wait| wait.as_secs());
        if chain.len() > 1 {
            probed.final_url = Some(current);
        }
        return probed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::Mutex;

    /// A request as the table saw it: method, URL, headers.
    type Asked = (Method, String, Vec<(String, String)>);

    /// Answers from a table of `(method, url) -> response`; records what was asked.
    struct Table {
        answers: HashMap<(&'static str, &'static str), Response>,
        asked: Mutex<Vec<Asked>>,
    }

    fn reply(status: u16, location: Option<&str>) -> Response {
        Response {
            status,
            location: location.map(str::to_string),
            ..Response::default()
        }
    }

    impl Network for Table {
        fn send(&self, request: &Request) -> Result<Response, NetError> {
            self.asked.lock().unwrap().push((
                request.method,
                request.url.to_string(),
                request.settings.headers.clone(),
            ));
            let method = if request.method == Method::Head {
                "HEAD"
            } else {
                "GET"
            };
            self.answers
                .get(&(method, request.url))
                .cloned()
                .ok_or_else(|| NetError::Refused(request.url.to_string()))
        }
    }

    fn run(answers: &[(&'static str, &'static str, Response)], url: &str) -> (Probed, Table) {
        let table = Table {
            answers: answers
                .iter()
                .map(|(m, u, r)| ((*m, *u), r.clone()))
                .collect(),
            asked: Mutex::new(Vec::new()),
        };
        let config = super::super::config::ExternalConfig::default();
        let settings_for = |url: &Url| {
            let mut settings = config.host_settings("x", None, &|_| None).unwrap();
            if url.host_str() == Some("a.test") {
                settings.headers = vec![("Authorization".into(), "secret".into())];
            }
            settings
        };
        let probed = probe(&table, url, &settings_for, std::time::SystemTime::now());
        (probed, table)
    }

    #[test]
    fn permanent_redirects_name_the_new_url_and_tokens_stay_on_their_host() {
        let (probed, table) = run(
            &[
                ("HEAD", "http://a.test/old", reply(301, Some("/new#x"))),
                (
                    "HEAD",
                    "http://a.test/new",
                    reply(308, Some("http://b.test/")),
                ),
                ("HEAD", "http://b.test/", reply(302, Some("/home"))),
                ("HEAD", "http://b.test/home", reply(200, None)),
            ],
            "http://a.test/old",
        );
        assert_eq!(probed.answer, Answer::Status { status: 200 });
        assert_eq!(probed.moved_to, Some((301, "http://b.test/".to_string())));
        assert_eq!(probed.final_url.as_deref(), Some("http://b.test/home"));
        let asked = table.asked.lock().unwrap();
        assert!(asked[0].2.iter().any(|(n, _)| n == "Authorization"));
        assert!(asked[2].2.is_empty(), "token leaked to b.test: {asked:?}");
    }

    #[test]
    fn head_refusals_are_asked_again_with_get() {
        let (probed, table) = run(
            &[
                ("HEAD", "http://x.test/", reply(405, None)),
                ("GET", "http://x.test/", reply(200, None)),
            ],
            "http://x.test/",
        );
        assert_eq!(probed.status(), Some(200));
        assert_eq!(table.asked.lock().unwrap().len(), 2);
        let (probed, _) = run(
            &[("HEAD", "http://x.test/", reply(429, None))],
            "http://x.test/",
        );
        assert_eq!(probed.status(), Some(429), "429 is not refused HEAD");
    }

    #[test]
    fn loops_and_long_chains_are_errors() {
        let (probed, _) = run(
            &[
                ("HEAD", "http://x.test/a", reply(302, Some("/b"))),
                ("HEAD", "http://x.test/b", reply(302, Some("/a"))),
            ],
            "http://x.test/a",
        );
        let Answer::RedirectLoop { chain } = probed.answer else {
            panic!("{probed:?}")
        };
        assert_eq!(
            chain,
            ["http://x.test/a", "http://x.test/b", "http://x.test/a"]
        );
        let urls: Vec<&'static str> = (0..=12)
            .map(|i| &*Box::leak(format!("http://x.test/{i}").into_boxed_str()))
            .collect();
        let answers: Vec<_> = urls
            .windows(2)
            .map(|w| ("HEAD", w[0], reply(307, Some(w[1]))))
            .collect();
        let (probed, table) = run(&answers, urls[0]);
        assert_eq!(probed.answer, Answer::TooManyRedirects);
        assert_eq!(table.asked.lock().unwrap().len(), MAX_REDIRECTS + 1);
        let (probed, _) = run(
            &[("HEAD", "http://x.test/", reply(302, None))],
            "http://x.test/",
        );
        assert_eq!(probed.answer, Answer::BadRedirect { status: 302 });
    }
}
