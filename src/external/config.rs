//! `[check.external]` in site.toml: what `kbpress check --external` checks, how politely, and
//! how bad each outcome is.
//!
//! Every table denies unknown keys, so a typo (`concurency`) is a located error with the closest
//! key, like the rest of site.toml. Values serde cannot judge (a status code of 700, a
//! concurrency of 0) are refused while deserializing, so they are located too. Per-host tables
//! override the defaults of `[check.external]` key by key; `env:NAME` header values are read
//! when the check runs, never at load, so `kbpress build` does not need the tokens.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Deserializer};

use crate::config::SeverityLevel;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalConfig {
    /// URLs never requested: a prefix, or a pattern with `*` matching the whole URL.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Status codes counted as fine besides 2xx (e.g. 403 for sites that refuse robots).
    #[serde(default)]
    pub accept: Vec<Status>,
    /// Requests in flight at once, over all hosts.
    #[serde(default = "default_max_parallel")]
    pub max_parallel: AtLeastOne,
    /// The first retry waits this long; each further one twice as long.
    #[serde(default = "default_backoff_ms")]
    pub backoff_ms: u64,
    /// The longest `Retry-After` kbpress honours; a server asking for more is reported instead.
    #[serde(default = "default_max_retry_wait_secs")]
    pub max_retry_wait_secs: u64,
    /// How long a failed result is kept in the cache (successes: `cache_hours`).
    #[serde(default = "default_failure_cache_hours")]
    pub failure_cache_hours: u64,
    #[serde(default)]
    pub severity: OutcomeSeverity,
    /// Defaults for every host; `[check.external.hosts."name"]` overrides them.
    #[serde(default = "default_concurrency")]
    pub concurrency: AtLeastOne,
    #[serde(default = "default_interval_ms")]
    pub interval_ms: u64,
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: AtLeastOne,
    #[serde(default = "default_retries")]
    pub retries: u32,
    #[serde(default = "default_cache_hours")]
    pub cache_hours: u64,
    #[serde(default)]
    pub user_agent: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Keyed by host name (`example.com`, matching any port) or `host:port`.
    #[serde(default)]
    pub hosts: BTreeMap<String, HostConfig>,
}

/// Overrides for one host; what is left out comes from `[check.external]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostConfig {
    pub concurrency: Option<AtLeastOne>,
    pub interval_ms: Option<u64>,
    pub timeout_secs: Option<AtLeastOne>,
    pub retries: Option<u32>,
    pub cache_hours: Option<u64>,
    pub user_agent: Option<String>,
    /// Added to (and replacing same-named) default headers; `env:NAME` reads a variable.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

/// The severity of each kind of outcome.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeSeverity {
    /// 404, 410 and other refusals, unknown hosts, redirect loops, invalid URLs.
    #[serde(default = "error")]
    pub broken: SeverityLevel,
    /// Timeouts, resets, 5xx and 429 still failing after the retries.
    #[serde(default = "warning")]
    pub temporary: SeverityLevel,
    /// Permanent redirects (301, 308): the link works but should be updated.
    #[serde(default = "warning")]
    pub redirected: SeverityLevel,
}

impl Default for OutcomeSeverity {
    fn default() -> Self {
        OutcomeSeverity {
            broken: SeverityLevel::Error,
            temporary: SeverityLevel::Warning,
            redirected: SeverityLevel::Warning,
        }
    }
}

impl Default for ExternalConfig {
    fn default() -> Self {
        // One source of defaults: the same as an empty `[check.external]` table.
        toml::from_str("").expect("defaults deserialize")
    }
}

/// An HTTP status code, 100 to 599.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status(pub u16);

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = i64::deserialize(deserializer)?;
        match u16::try_from(code) {
            Ok(code) if (100..=599).contains(&code) => Ok(Status(code)),
            _ => Err(serde::de::Error::custom(format!(
                "`{code}` is not an HTTP status code (100 to 599)"
            ))),
        }
    }
}

/// A count that must be at least 1 (a concurrency of 0 would never check anything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AtLeastOne(pub u32);

impl<'de> Deserialize<'de> for AtLeastOne {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = i64::deserialize(deserializer)?;
        match u32::try_from(value) {
            Ok(value) if value >= 1 => Ok(AtLeastOne(value)),
            _ => Err(serde::de::Error::custom(format!(
                "`{value}` must be a whole number of at least 1"
            ))),
        }
    }
}

fn error() -> SeverityLevel {
    SeverityLevel::Error
}
fn warning() -> SeverityLevel {
    SeverityLevel::Warning
}
fn default_max_parallel() -> AtLeastOne {
    AtLeastOne(16)
}
fn default_backoff_ms() -> u64 {
    1000
}
fn default_max_retry_wait_secs() -> u64 {
    60
}
fn default_failure_cache_hours() -> u64 {
    1
}
fn default_concurrency() -> AtLeastOne {
    AtLeastOne(2)
}
fn default_interval_ms() -> u64 {
    100
}
fn default_timeout_secs() -> AtLeastOne {
    AtLeastOne(20)
}
fn default_retries() -> u32 {
    2
}
fn default_cache_hours() -> u64 {
    24
}

/// The User-Agent sent when none is configured.
pub fn default_user_agent() -> String {
    format!("kbpress/{} (+link checker)", env!("CARGO_PKG_VERSION"))
}

/// The settings for requests to one host, defaults and overrides merged, headers resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostSettings {
    pub concurrency: usize,
    pub interval: Duration,
    pub timeout: Duration,
    pub retries: u32,
    pub cache_for: Duration,
    pub user_agent: String,
    pub headers: Vec<(String, String)>,
}

impl ExternalConfig {
    /// The `[check.external.hosts]` entry for `host` (lowercase) on `port`: `host:port` first,
    /// then the bare host name.
    fn host_entry(&self, host: &str, port: Option<u16>) -> Option<&HostConfig> {
        let with_port = port.map(|p| format!("{host}:{p}"));
        let find = |key: &str| {
            self.hosts
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        };
        with_port.as_deref().and_then(find).or_else(|| find(host))
    }

    /// The merged settings for `host`; `env` looks up `env:NAME` header values. Fails when a
    /// variable is unset: sending no token would turn every link behind it into a 401.
    pub fn host_settings(
        &self,
        host: &str,
        port: Option<u16>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> anyhow::Result<HostSettings> {
        let empty = HostConfig::default();
        let entry = self.host_entry(host, port).unwrap_or(&empty);
        let mut headers: BTreeMap<String, String> = BTreeMap::new();
        for (name, value) in self.headers.iter().chain(&entry.headers) {
            // Header names are case-insensitive: a host's `authorization` replaces the default.
            headers.retain(|existing, _| !existing.eq_ignore_ascii_case(name));
            let value = match value.strip_prefix("env:") {
                Some(variable) => env(variable).ok_or_else(|| {
                    anyhow::anyhow!(
                        "[check.external] header `{name}` for {host} reads the environment variable `{variable}`, which is not set"
                    )
                })?,
                None => value.clone(),
            };
            headers.insert(name.clone(), value);
        }
        Ok(HostSettings {
            concurrency: entry.concurrency.unwrap_or(self.concurrency).0 as usize,
            interval: Duration::from_millis(entry.interval_ms.unwrap_or(self.interval_ms)),
            timeout: Duration::from_secs(u64::from(
                entry.timeout_secs.unwrap_or(self.timeout_secs).0,
            )),
            retries: entry.retries.unwrap_or(self.retries),
            cache_for: hours(entry.cache_hours.unwrap_or(self.cache_hours)),
            user_agent: entry
                .user_agent
                .clone()
                .or_else(|| self.user_agent.clone())
                .unwrap_or_else(default_user_agent),
            headers: headers.into_iter().collect(),
        })
    }

    /// Whether `url` matches one of the `exclude` patterns.
    pub fn is_excluded(&self, url: &str) -> bool {
        self.exclude
            .iter()
            .any(|pattern| matches_pattern(pattern, url))
    }

    /// Whether a final status counts as a working link.
    pub fn accepts(&self, status: u16) -> bool {
        (200..300).contains(&status) || self.accept.iter().any(|s| s.0 == status)
    }

    pub fn failure_cache_for(&self) -> Duration {
        hours(self.failure_cache_hours)
    }
}

fn hours(hours: u64) -> Duration {
    Duration::from_secs(hours.saturating_mul(3600))
}

/// An exclude pattern without `*` is a prefix of the URL (`https://example.com/private/`);
/// with `*` it must match the whole URL, `*` standing for any run of characters, `/` included
/// (`https://*.example.com/*`). Case-insensitive, since schemes and hosts are.
pub fn matches_pattern(pattern: &str, url: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    let url = url.to_ascii_lowercase();
    if !pattern.contains('*') {
        return url.starts_with(&pattern);
    }
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = url.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let (last, middle) = parts.split_last().expect("pattern has a `*`");
    // Greedy leftmost matching of the middle parts is enough for `*` alone: any match that
    // leaves the longest remainder keeps every later part possible.
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ExternalConfig, toml::de::Error> {
        toml::from_str(text)
    }

    #[test]
    fn defaults_match_the_documentation() {
        let config = ExternalConfig::default();
        let settings = config
            .host_settings("example.com", None, &|_| None)
            .unwrap();
        assert_eq!(settings.concurrency, 2);
        assert_eq!(settings.timeout, Duration::from_secs(20));
        assert_eq!(settings.cache_for, Duration::from_secs(24 * 3600));
        assert_eq!(config.failure_cache_for(), Duration::from_secs(3600));
        assert!(settings.user_agent.starts_with("kbpress/"));
        assert!(settings.user_agent.ends_with(" (+link checker)"));
        assert!(config.accepts(204) && !config.accepts(403));
    }

    #[test]
    fn host_tables_override_key_by_key_and_read_tokens_from_the_environment() {
        let config = parse(
            "timeout_secs = 5\nheaders = { Accept = \"text/html\", Authorization = \"x\" }\n\
             [hosts.\"api.example.com\"]\nconcurrency = 1\nheaders = { authorization = \"env:TOKEN\" }\n\
             [hosts.\"api.example.com:8443\"]\nretries = 0\n",
        )
        .unwrap();
        let env = |name: &str| (name == "TOKEN").then(|| "Bearer t".to_string());
        let api = config
            .host_settings("api.example.com", Some(443), &env)
            .unwrap();
        assert_eq!((api.concurrency, api.retries), (1, 2));
        assert_eq!(api.timeout, Duration::from_secs(5));
        assert_eq!(
            api.headers,
            vec![
                ("Accept".to_string(), "text/html".to_string()),
                ("authorization".to_string(), "Bearer t".to_string())
            ]
        );
        let port = config
            .host_settings("api.example.com", Some(8443), &env)
            .unwrap();
        assert_eq!((port.concurrency, port.retries), (2, 0));
        let missing = config
            .host_settings("api.example.com", None, &|_| None)
            .unwrap_err()
            .to_string();
        assert!(missing.contains("`TOKEN`"), "{missing}");
    }

    #[test]
    fn refuses_unknown_keys_and_bad_values() {
        let error = parse("[hosts.\"a.com\"]\nconcurency = 1\n").unwrap_err();
        assert!(error.message().contains("concurency"), "{error}");
        assert!(parse("accept = [700]\n")
            .unwrap_err()
            .message()
            .contains("700"));
        assert!(parse("concurrency = 0\n").is_err());
        assert!(parse("[severity]\nbroken = \"fatal\"\n").is_err());
    }

    #[test]
    fn patterns_are_prefixes_or_whole_url_globs() {
        let m = matches_pattern;
        assert!(m(
            "https://example.com/private/",
            "https://example.com/private/x"
        ));
        assert!(!m(
            "https://example.com/private/",
            "https://example.com/public/"
        ));
        assert!(m("https://*.example.com/*", "https://a.b.example.com/x"));
        assert!(!m("https://*.example.com/*", "https://example.org/x"));
        assert!(m("*://localhost*", "http://LOCALHOST:8080/"));
        assert!(m("*.pdf", "https://x.org/a.pdf"));
        assert!(!m("*.pdf", "https://x.org/a.pdf?x"));
        assert!(m("https://x.org/*/edit", "https://x.org/a/b/edit"));
        assert!(!m("a*a", "a"));
    }
}
