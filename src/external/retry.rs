//! Whether to ask again, and when: exponential backoff for what may be temporary (429, 5xx,
//! timeouts, resets), never for what is final (404, 410, an unknown host), and the server's own
//! `Retry-After` when it gives one.
//!
//! A `Retry-After` longer than `max_retry_wait_secs` is not waited for at all: a server that
//! asks for an hour will not be ready in a minute, and a CI job must not hang. The result is
//! reported with the server's wait in the message instead.

use std::time::{Duration, SystemTime};

use super::probe::{Answer, NetError, Probed};

/// How one host's failures are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Retries after the first attempt.
    pub retries: u32,
    /// The first backoff; each further one doubles.
    pub base: Duration,
    /// The longest `Retry-After` honoured.
    pub max_wait: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Ask again after this long. `hold_host`: the server said when (Retry-After), so no
    /// request to that host should go before then.
    Retry {
        after: Duration,
        hold_host: bool,
    },
    Stop,
}

/// Whether the outcome may change by asking again.
pub fn is_retryable(probed: &Probed) -> bool {
    match &probed.answer {
        Answer::Status { status } => {
            *status == 429 || (500..600).contains(status) && *status != 501
        }
        Answer::Error { error } => matches!(
            error,
            NetError::Timeout(_)
                | NetError::Reset(_)
                | NetError::Refused(_)
                | NetError::DnsTemporary(_)
                | NetError::Other(_)
        ),
        Answer::RedirectLoop { .. } | Answer::TooManyRedirects | Answer::BadRedirect { .. } => {
            false
        }
    }
}

/// What to do after `attempts` attempts (1 after the first) ended in `probed`. `seed` spreads
/// the backoff of different URLs, so retries to one host do not all come back at once.
pub fn decide(probed: &Probed, attempts: u32, policy: &Policy, seed: u64) -> Decision {
    if !is_retryable(probed) || attempts > policy.retries {
        return Decision::Stop;
    }
    match probed.retry_after_secs.map(Duration::from_secs) {
        Some(wait) if wait > policy.max_wait => Decision::Stop,
        Some(wait) => Decision::Retry {
            after: wait,
            hold_host: true,
        },
        None => Decision::Retry {
            after: backoff(attempts, policy.base, seed),
            hold_host: false,
        },
    }
}

/// `base * 2^(attempts-1)`, plus up to a quarter more chosen by `seed`, capped at 10 minutes.
pub fn backoff(attempts: u32, base: Duration, seed: u64) -> Duration {
    let exponent = attempts.saturating_sub(1).min(16);
    let wait = base
        .saturating_mul(1 << exponent)
        .min(Duration::from_secs(600));
    let jitter = wait.mul_f64((seed % 1000) as f64 / 4000.0);
    wait + jitter
}

/// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT` as a wait from `now`. A
/// date in the past means "now"; anything unreadable is ignored (backoff applies).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A stable number for a string, for [`backoff`]'s spread (not security).
pub fn seed_of(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16, retry_after_secs: Option<u64>) -> Probed {
        Probed {
            answer: Answer::Status { status },
            moved_to: None,
            final_url: None,
            retry_after_secs,
            attempts: 1,
        }
    }

    fn error(error: NetError) -> Probed {
        Probed {
            answer: Answer::Error { error },
            ..status(0, None)
        }
    }

    const POLICY: Policy = Policy {
        retries: 2,
        base: Duration::from_secs(1),
        max_wait: Duration::from_secs(60),
    };

    #[test]
    fn retries_what_may_be_temporary_and_nothing_final() {
        for retryable in [
            status(429, None),
            status(503, None),
            status(500, None),
            error(NetError::Timeout(20)),
            error(NetError::Reset("reset".into())),
        ] {
            assert!(is_retryable(&retryable), "{retryable:?}");
        }
        for final_ in [
            status(404, None),
            status(410, None),
            status(501, None),
            status(200, None),
            error(NetError::Dns("x".into())),
            error(NetError::Tls("x".into())),
        ] {
            assert!(!is_retryable(&final_), "{final_:?}");
            assert_eq!(decide(&final_, 1, &POLICY, 0), Decision::Stop);
        }
    }

    #[test]
    fn backs_off_exponentially_and_stops_after_the_retries() {
        let p = status(503, None);
        let after = |attempts| match decide(&p, attempts, &POLICY, 0) {
            Decision::Retry { after, hold_host } => {
                assert!(!hold_host);
                Some(after)
            }
            Decision::Stop => None,
        };
        assert_eq!(after(1), Some(Duration::from_secs(1)));
        assert_eq!(after(2), Some(Duration::from_secs(2)));
        assert_eq!(after(3), None);
        let spread = backoff(3, Duration::from_secs(1), 999);
        assert!(spread > Duration::from_secs(4) && spread < Duration::from_secs(5));
        assert_eq!(
            backoff(60, Duration::from_secs(1), 0),
            Duration::from_secs(600)
        );
    }

    #[test]
    fn honours_retry_after_up_to_the_cap() {
        assert_eq!(
            decide(&status(429, Some(2)), 1, &POLICY, 77),
            Decision::Retry {
                after: Duration::from_secs(2),
                hold_host: true
            }
        );
        assert_eq!(
            decide(&status(429, Some(3600)), 1, &POLICY, 0),
            Decision::Stop
        );
    }

    #[test]
    fn parses_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        let parse = |v| parse_retry_after(v, now);
        assert_eq!(parse(" 120 "), Some(Duration::from_secs(120)));
        assert_eq!(
            parse("Wed, 21 Oct 2015 07:30:00 GMT"),
            Some(Duration::from_secs(120))
        );
        // The obsolete RFC 850 form is still sent by some servers.
        assert_eq!(
            parse("Wednesday, 21-Oct-15 07:29:00 GMT"),
            Some(Duration::from_secs(60))
        );
        assert_eq!(parse("Tue, 20 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse("soon"), None);
        assert_eq!(parse("-5"), None);
    }
}
