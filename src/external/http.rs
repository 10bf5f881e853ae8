//! The real [`Network`]: ureq (blocking, rustls) with redirects and status errors turned off,
//! since `probe` follows redirects itself and statuses are data. Kept small so everything that
//! decides anything is tested without sockets; `tests/external.rs` runs this against local
//! servers.

use std::io::Read;
use std::time::Duration;

use super::probe::{Method, NetError, Network, Request, Response, BODY_LIMIT};

/// The real network: one ureq agent shared by every worker thread (it pools connections).
pub struct HttpNetwork {
    agent: ureq::Agent,
}

impl Default for HttpNetwork {
    fn default() -> Self {
        let config = ureq::Agent::config_builder()
            // Statuses are data here, and redirects are followed by `probe`.
            .http_status_as_error(false)
            .max_redirects(0)
            .build();
        HttpNetwork {
            agent: config.new_agent(),
        }
    }
}

impl Network for HttpNetwork {
    fn send(&self, request: &Request) -> Result<Response, NetError> {
        let settings = request.settings;
        let timeout = Some(settings.timeout);
        let mut builder = match request.method {
            Method::Head => self.agent.head(request.url),
            Method::Get => self.agent.get(request.url),
        }
        .config()
        .timeout_global(timeout)
        .user_agent(settings.user_agent.as_str())
        .build();
        for (name, value) in &settings.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let mut response = builder
            .call()
            .map_err(|error| map_error(error, settings.timeout))?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let location = header("location");
        let retry_after = header("retry-after");
        let status = response.status().as_u16();
        let mut body_read = 0;
        if request.method == Method::Get {
            // Read a little so the server has really answered, then drop the rest: dropping an
            // unread body closes the connection instead of downloading it. Errors in the body
            // do not matter, the status is known.
            let mut sink = Vec::new();
            let mut reader = response.body_mut().as_reader().take(BODY_LIMIT);
            body_read = reader.read_to_end(&mut sink).unwrap_or(sink.len()) as u64;
        }
        Ok(Response {
            status,
            location,
            retry_after,
            body_read,
        })
    }
}

/// Sorts ureq's errors into what they mean for a link.
pub fn map_error(error: ureq::Error, timeout: Duration) -> NetError {
    match error {
        ureq::Error::Timeout(_) => NetError::Timeout(timeout.as_secs()),
        ureq::Error::HostNotFound => NetError::Dns("host not found".into()),
        ureq::Error::BadUri(detail) => NetError::InvalidUrl(detail),
        ureq::Error::Http(error) => NetError::InvalidUrl(error.to_string()),
        ureq::Error::Tls(detail) => NetError::Tls(detail.to_string()),
        ureq::Error::Rustls(error) => NetError::Tls(error.to_string()),
        ureq::Error::Io(error) => map_io_error(&error, timeout),
        other => NetError::Other(other.to_string()),
    }
}

/// The standard library reports a failed lookup as an I/O error whose text is the resolver's
/// (`failed to lookup address information: Name or service not known`).
pub fn map_io_error(error: &std::io::Error, timeout: Duration) -> NetError {
    use std::io::ErrorKind;
    let text = error.to_string();
    match error.kind() {
        ErrorKind::TimedOut | ErrorKind::WouldBlock => NetError::Timeout(timeout.as_secs()),
        ErrorKind::ConnectionRefused => NetError::Refused(text),
        ErrorKind::ConnectionReset
        | ErrorKind::ConnectionAborted
        | ErrorKind::BrokenPipe
        | ErrorKind::UnexpectedEof => NetError::Reset(text),
        _ if text.contains("lookup address") => {
            let lower = text.to_ascii_lowercase();
            if lower.contains("temporary failure") || lower.contains("try again") {
                NetError::DnsTemporary(text)
            } else {
                NetError::Dns(text)
            }
        }
        _ => NetError::Other(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_io_errors() {
        use std::io::{Error, ErrorKind};
        let t = Duration::from_secs(7);
        let lookup = |m: &str| Error::other(format!("failed to lookup address information: {m}"));
        assert!(matches!(
            map_io_error(&lookup("Name or service not known"), t),
            NetError::Dns(_)
        ));
        assert!(matches!(
            map_io_error(&lookup("Temporary failure in name resolution"), t),
            NetError::DnsTemporary(_)
        ));
        assert_eq!(
            map_io_error(&Error::from(ErrorKind::TimedOut), t),
            NetError::Timeout(7)
        );
        assert!(matches!(
            map_io_error(&Error::from(ErrorKind::ConnectionReset), t),
            NetError::Reset(_)
        ));
        assert!(matches!(
            map_error(ureq::Error::HostNotFound, t),
            NetError::Dns(_)
        ));
    }
}
