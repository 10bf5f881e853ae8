//! What a probe result means for the writer: an [`Outcome`] (which decides the severity and how
//! long the result is cached) and the words of the diagnostic.
//!
//! Kept apart from probing so the same raw result, fresh or cached, is judged by the current
//! `accept` list and limits.

use super::config::ExternalConfig;
use super::probe::{Answer, NetError, Probed, MAX_REDIRECTS};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    Ok,
    /// Works, through a permanent redirect: the link should point at the new URL.
    Redirected,
    /// Final: 404, 410, other refusals, unknown hosts, loops, invalid URLs.
    Broken,
    /// May work another time: timeouts, resets, 5xx, 429, still failing after the retries.
    Temporary,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub outcome: Outcome,
    /// Empty for [`Outcome::Ok`].
    pub message: String,
    pub help: Option<String>,
}

/// Judges `probed` for the link to `url`.
pub fn judge(url: &str, probed: &Probed, config: &ExternalConfig) -> Verdict {
    let verdict = |outcome, message: String, help: &str| Verdict {
        outcome,
        message,
        help: (!help.is_empty()).then(|| help.to_string()),
    };
    let attempts = match probed.attempts {
        0 | 1 => String::new(),
        n => format!(" after {n} attempts"),
    };
    let via = probed
        .final_url
        .as_deref()
        .map(|to| format!(" (redirected to `{to}`)"))
        .unwrap_or_default();
    match &probed.answer {
        Answer::Status { status } if config.accepts(*status) => match &probed.moved_to {
            Some((code, to)) => verdict(
                Outcome::Redirected,
                format!("`{url}` redirects permanently ({code}) to `{to}`"),
                "update the link to the new URL",
            ),
            None => verdict(Outcome::Ok, String::new(), ""),
        },
        Answer::Status {
            status: status @ (429 | 500..=599),
        } if *status != 501 => {
            let mut message = format!("`{url}`{via}: {}{attempts}", describe(*status));
            let max_wait = config.max_retry_wait_secs;
            if let Some(wait) = probed.retry_after_secs.filter(|w| *w > max_wait) {
                message.push_str(&format!(
                    "; the server asked to wait {wait} s before retrying, more than max_retry_wait_secs ({max_wait} s)"
                ));
            }
            verdict(
                Outcome::Temporary,
                message,
                "the server may be down or limiting requests; kbpress will check again on a later run",
            )
        }
        Answer::Status { status } => {
            let help = match status {
                404 | 410 => "fix or remove the link; if the page moved, link to its new address",
                401 | 403 => "if the page works in a browser, the site may refuse automated checks: add the status to `accept`, a token to `headers`, or the URL to `exclude` in [check.external]",
                _ => "check the URL in a browser; add the status to `accept` in [check.external] if it is fine",
            };
            verdict(
                Outcome::Broken,
                format!("`{url}`{via}: {}", describe(*status)),
                help,
            )
        }
        Answer::Error { error } => net_error(url, error, &attempts),
        Answer::RedirectLoop { chain } => verdict(
            Outcome::Broken,
            format!("`{url}`: redirect loop: {}", chain.join(" -> ")),
            "the server redirects in a circle; link to the page's real address",
        ),
        Answer::TooManyRedirects => verdict(
            Outcome::Broken,
            format!("`{url}`: more than {MAX_REDIRECTS} redirects"),
            "link to the page's final address",
        ),
        Answer::BadRedirect { status } => verdict(
            Outcome::Broken,
            format!(
                "`{url}`{via}: {} without a usable Location header",
                describe(*status)
            ),
            "",
        ),
    }
}

fn net_error(url: &str, error: &NetError, attempts: &str) -> Verdict {
    let (outcome, message, help) = match error {
        NetError::Dns(detail) => (
            Outcome::Broken,
            format!("`{url}`: the host does not exist ({detail})"),
            "check the host name for typos; the site may be gone",
        ),
        NetError::DnsTemporary(detail) => (
            Outcome::Temporary,
            format!("`{url}`: the host name could not be looked up now ({detail}){attempts}"),
            "",
        ),
        NetError::Timeout(secs) => (
            Outcome::Temporary,
            format!("`{url}`: no answer within {secs} s{attempts}"),
            "raise `timeout_secs` for this host in [check.external.hosts] if it is just slow",
        ),
        NetError::Reset(detail) | NetError::Refused(detail) | NetError::Other(detail) => (
            Outcome::Temporary,
            format!("`{url}`: connection failed: {detail}{attempts}"),
            "",
        ),
        NetError::Tls(detail) => (
            Outcome::Broken,
            format!("`{url}`: TLS error: {detail}"),
            "the site's certificate or TLS setup is broken; readers' browsers will warn too",
        ),
        NetError::InvalidUrl(detail) => (
            Outcome::Broken,
            format!("`{url}` is not a valid URL: {detail}"),
            "",
        ),
    };
    Verdict {
        outcome,
        message,
        help: (!help.is_empty()).then(|| help.to_string()),
    }
}

/// `HTTP 404 Not Found`.
fn describe(status: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason());
    match reason {
        Some(reason) => format!("HTTP {status} {reason}"),
        None => format!("HTTP {status}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probed(answer: Answer) -> Probed {
        Probed {
            answer,
            moved_to: None,
            final_url: None,
            retry_after_secs: None,
            attempts: 1,
        }
    }

    fn status(status: u16) -> Probed {
        probed(Answer::Status { status })
    }

    #[test]
    fn sorts_statuses_into_outcomes() {
        let config: ExternalConfig = toml::from_str("accept = [403]").unwrap();
        let judge = |p: &Probed| judge("https://x.test/", p, &config);
        assert_eq!(judge(&status(204)).outcome, Outcome::Ok);
        assert_eq!(judge(&status(403)).outcome, Outcome::Ok);
        let gone = judge(&status(410));
        assert_eq!(gone.outcome, Outcome::Broken);
        assert_eq!(gone.message, "`https://x.test/`: HTTP 410 Gone");
        assert_eq!(judge(&status(401)).outcome, Outcome::Broken);
        assert_eq!(judge(&status(501)).outcome, Outcome::Broken);
        let mut busy = status(503);
        busy.attempts = 3;
        let busy = judge(&busy);
        assert_eq!(busy.outcome, Outcome::Temporary);
        assert_eq!(
            busy.message,
            "`https://x.test/`: HTTP 503 Service Unavailable after 3 attempts"
        );
    }

    #[test]
    fn names_the_new_url_of_a_permanent_redirect() {
        let mut moved = status(200);
        moved.moved_to = Some((308, "https://new.test/".into()));
        let verdict = judge("https://x.test/", &moved, &ExternalConfig::default());
        assert_eq!(verdict.outcome, Outcome::Redirected);
        assert_eq!(
            verdict.message,
            "`https://x.test/` redirects permanently (308) to `https://new.test/`"
        );
    }

    #[test]
    fn reports_a_retry_after_over_the_cap() {
        let mut limited = status(429);
        limited.retry_after_secs = Some(3600);
        let verdict = judge("https://x.test/", &limited, &ExternalConfig::default());
        assert_eq!(verdict.outcome, Outcome::Temporary);
        assert!(
            verdict.message.ends_with(
                "asked to wait 3600 s before retrying, more than max_retry_wait_secs (60 s)"
            ),
            "{}",
            verdict.message
        );
    }

    #[test]
    fn sorts_network_errors() {
        let config = ExternalConfig::default();
        let error = |e| {
            judge(
                "https://x.test/",
                &probed(Answer::Error { error: e }),
                &config,
            )
            .outcome
        };
        assert_eq!(error(NetError::Dns("x".into())), Outcome::Broken);
        assert_eq!(
            error(NetError::DnsTemporary("x".into())),
            Outcome::Temporary
        );
        assert_eq!(error(NetError::Timeout(20)), Outcome::Temporary);
        assert_eq!(error(NetError::Tls("x".into())), Outcome::Broken);
        let looped = judge(
            "https://x.test/a",
            &probed(Answer::RedirectLoop {
                chain: vec!["a".into(), "b".into(), "a".into()],
            }),
            &config,
        );
        assert_eq!(looped.outcome, Outcome::Broken);
        assert!(looped.message.ends_with("redirect loop: a -> b -> a"));
    }
}
