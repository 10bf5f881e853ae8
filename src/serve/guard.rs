//! Who may talk to the preview server: `Host` and `Origin` checks against DNS rebinding.
//!
//! A web page on another site can make the browser send requests to 127.0.0.1 under its own
//! host name (DNS rebinding), so the `Host` header must name this server: `localhost`, a
//! loopback address or the bound address, with the bound port. An IP literal cannot be
//! rebound, so when the server is bound to all interfaces (`--bind 0.0.0.0`) any IP literal is
//! accepted. The event stream also refuses an `Origin` of another site.

use std::net::IpAddr;

/// The address the server listens on, and the checks derived from it.
#[derive(Debug, Clone, Copy)]
pub struct Guard {
    pub bound: IpAddr,
    pub port: u16,
}

impl Guard {
    /// Whether a `Host` header value names this server.
    pub fn host_allowed(&self, host: Option<&str>) -> bool {
        host.and_then(split_host)
            .is_some_and(|(name, port)| self.name_allowed(&name) && self.port_matches(port))
    }

    /// Whether an `Origin` header may open the event stream: absent (a same-origin request
    /// that the browser did not label), or `http://` plus an allowed host.
    pub fn origin_allowed(&self, origin: Option<&str>) -> bool {
        match origin {
            None => true,
            Some(origin) => origin
                .strip_prefix("http://")
                .is_some_and(|host| !host.contains('/') && self.host_allowed(Some(host))),
        }
    }

    fn name_allowed(&self, name: &str) -> bool {
        if name == "localhost" {
            return true;
        }
        match name.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback() || ip == self.bound || self.bound.is_unspecified(),
            Err(_) => false,
        }
    }

    fn port_matches(&self, port: Option<u16>) -> bool {
        port.unwrap_or(80) == self.port
    }
}

/// `name[:port]` or `[v6][:port]` -> (lowercase name without brackets, port).
/// `None` for anything malformed.
fn split_host(host: &str) -> Option<(String, Option<u16>)> {
    let host = host.trim();
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (name, after) = rest.split_once(']')?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (name, port)
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    if name.is_empty() {
        return None;
    }
    let port = match port {
        Some(port) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            Some(port.parse().ok()?)
        }
        Some(_) => return None,
        None => None,
    };
    Some((name.to_ascii_lowercase(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> Guard {
        Guard {
            bound: "127.0.0.1".parse().unwrap(),
            port: 1111,
        }
    }

    #[test]
    fn local_names_with_the_right_port_are_allowed() {
        let guard = loopback();
        for host in [
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1:1111",
            "127.0.0.2:1111",
            "[::1]:1111",
        ] {
            assert!(guard.host_allowed(Some(host)), "{host}");
        }
    }

    #[test]
    fn foreign_or_malformed_hosts_are_refused() {
        let guard = loopback();
        for host in [
            None,
            Some(""),
            Some("evil.example"),
            Some("evil.example:1111"),
            Some("localhost.evil.example:1111"),
            Some("127.0.0.1.nip.io:1111"),
            Some("localhost:2222"),
            Some("localhost"),
            Some("localhost:"),
            Some("localhost:1111:1111"),
            Some("localhost:+1111"),
            Some("[::1"),
            Some("[::1]x"),
            Some(":1111"),
            Some("192.168.1.10:1111"),
            Some("0.0.0.0:1111"),
        ] {
            assert!(!guard.host_allowed(host), "{host:?}");
        }
    }

    #[test]
    fn the_bound_address_is_allowed() {
        let guard = Guard {
            bound: "192.168.1.10".parse().unwrap(),
            port: 8080,
        };
        assert!(guard.host_allowed(Some("192.168.1.10:8080")));
        assert!(guard.host_allowed(Some("localhost:8080")));
        assert!(!guard.host_allowed(Some("192.168.1.11:8080")));
        assert!(!guard.host_allowed(Some("kb.local:8080")));
    }

    #[test]
    fn all_interfaces_allow_ip_literals_only() {
        let guard = Guard {
            bound: "0.0.0.0".parse().unwrap(),
            port: 80,
        };
        assert!(guard.host_allowed(Some("192.168.1.10")));
        assert!(guard.host_allowed(Some("[fe80::1]:80")));
        assert!(!guard.host_allowed(Some("rebind.example")));
    }

    #[test]
    fn origins_must_be_this_server() {
        let guard = loopback();
        assert!(guard.origin_allowed(None));
        assert!(guard.origin_allowed(Some("http://127.0.0.1:1111")));
        assert!(guard.origin_allowed(Some("http://localhost:1111")));
        for origin in [
            "null",
            "http://evil.example",
            "http://evil.example:1111",
            "https://127.0.0.1:1111",
            "http://127.0.0.1:2222",
            "http://127.0.0.1:1111/path",
            "file://",
        ] {
            assert!(!guard.origin_allowed(Some(origin)), "{origin}");
        }
    }
}
