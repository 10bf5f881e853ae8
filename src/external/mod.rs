//! `kbpress check --external`: every http(s) link in the articles, requested politely.
//!
//! [`check`] collects the links from the loaded site, dedupes them by URL (each URL is requested
//! once per run; every occurrence gets the diagnostic), drops excluded ones, answers what it can
//! from the cache, and hands the rest to worker threads through the per-host [`scheduler`].
//! Each job is one [`probe`] (HEAD, GET, redirects) over a [`Network`] ([`http`] in real
//! runs, a script in tests); [`retry`] decides whether to ask again;
//! [`verdict`] turns the raw result into an outcome and words. Like the checks, this never
//! prints: warnings (an ignored cache) come back in the [`Report`] for the CLI to show.
//!
//! Not a per-site check in `check::CHECKS`: it needs the network and the clock, and plain
//! `check` stays offline. Its [`RULE`] is registered with the others for `--explain` and SARIF.

pub mod cache;
pub mod changed;
pub mod config;
pub mod http;
pub mod probe;
pub mod retry;
pub mod scheduler;
pub mod verdict;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use url::Url;

use crate::diagnostic::{Diagnostic, Rule, Severity, Span};
use crate::markdown::Target;
use crate::site::Site;
use cache::Cache;
use config::{ExternalConfig, HostSettings};
use probe::{Network, Probed};
use scheduler::{Limits, Scheduler};
use verdict::{Outcome, Verdict};

pub const RULE: Rule = Rule {
    code: "external-link",
    default_severity: Severity::Error,
    summary: "An external http(s) link is broken, moved permanently, or could not be checked \
(only with `kbpress check --external`).",
    explanation: "`kbpress check --external` requests every `http://` and `https://` link in the \
articles (HEAD, then GET if the server refuses HEAD; redirects followed) and reports the ones \
readers would find broken. 404, 410, other refusals, unknown hosts and redirect loops are errors: \
fix the URL, link to the page's new address, or remove the link. A permanent redirect (301, 308) \
is a warning that names the new URL: update the link before the old one stops working. \
Timeouts, 5xx and 429 (rate limits) that still fail after the retries are warnings, since the \
site may just be down for a moment. Sites that refuse automated checks (often 403) can be \
allowed with `accept = [403]` or skipped with `exclude` in `[check.external]`; severities per \
outcome are set in `[check.external.severity]`. Results are cached in \
`.kbpress/external-links.json` (successes for a day, failures for an hour by default). Plain \
`kbpress check` never uses the network.",
};

/// What the run should cover.
pub struct Options<'a> {
    /// Only the links of these articles (KB-relative paths), for `--changed-since`.
    pub only: Option<&'a BTreeSet<String>>,
    /// "Now" for the cache's freshness.
    pub now: SystemTime,
    /// Where the cache lives; `None` disables it.
    pub cache: Option<&'a Path>,
}

/// How many distinct URLs ended how; `cached` of them came from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub links: usize,
    pub urls: usize,
    pub ok: usize,
    pub redirected: usize,
    pub broken: usize,
    pub excluded: usize,
    pub temporary: usize,
    pub cached: usize,
}

impl Summary {
    /// `6 links to 5 URLs: 1 ok, 1 redirected, 3 broken, 0 excluded, 0 failed temporarily
    /// (2 cached)`, for the closing line on stderr.
    pub fn line(&self) -> String {
        format!(
            "{} links to {} URLs: {} ok, {} redirected, {} broken, {} excluded, {} failed temporarily ({} cached)",
            self.links, self.urls, self.ok, self.redirected, self.broken, self.excluded, self.temporary, self.cached
        )
    }
}

#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// For stderr: an ignored or unwritable cache.
    pub warnings: Vec<String>,
}

/// Where a URL is linked from.
struct Occurrence<'a> {
    file: &'a str,
    span: Span,
}

/// One URL to request, with the requests made so far.
struct Job {
    url: String,
    attempts: u32,
}

/// Checks the external links of `site`. `progress(done, total)` is called as URLs finish.
pub fn check(
    site: &Site,
    options: &Options,
    network: &dyn Network,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> anyhow::Result<Report> {
    let config = &site.config.check.external;
    let mut report = Report::default();
    let mut links: BTreeMap<String, Vec<Occurrence>> = BTreeMap::new();
    for article in &site.articles {
        if options
            .only
            .is_some_and(|only| !only.contains(&article.path))
        {
            continue;
        }
        for (link, url) in article.body.links.iter().filter_map(|l| match &l.target {
            Target::External => Some((l, url_key(&l.destination))),
            // `[links] site_root` makes site-root links outside the site external links.
            Target::SiteRoot { path } => Some((l, url_key(&site.config.site_root_url(path)?))),
            _ => None,
        }) {
            // A link in a snippet is at the snippet's line, once for all its includers.
            let occurrence = Occurrence {
                file: crate::check::body_file(article, link.origin),
                span: link.span,
            };
            let occurrences = links.entry(url).or_default();
            if !link.origin.is_article()
                && occurrences
                    .iter()
                    .any(|o| o.file == occurrence.file && o.span == occurrence.span)
            {
                continue;
            }
            occurrences.push(occurrence);
            report.summary.links += 1;
        }
    }
    report.summary.urls = links.len();

    let settings = Settings::new(config);
    let mut verdicts: BTreeMap<&str, Verdict> = BTreeMap::new();
    let mut scheduler = Scheduler::default();
    let (mut cache, warning) = match options.cache {
        Some(path) => Cache::load(path),
        None => (Cache::default(), None),
    };
    report.warnings.extend(warning);
    let mut jobs = 0;
    for url in links.keys() {
        if config.is_excluded(url) {
            report.summary.excluded += 1;
            continue;
        }
        let parsed = match Url::parse(url) {
            Ok(parsed) if parsed.host_str().is_some() => parsed,
            _ => {
                let probed = Probed {
                    answer: probe::Answer::Error {
                        error: probe::NetError::InvalidUrl("it has no host".into()),
                    },
                    moved_to: None,
                    final_url: None,
                    retry_after_secs: None,
                    attempts: 0,
                };
                verdicts.insert(url, verdict::judge(url, &probed, config));
                continue;
            }
        };
        // Resolving now makes a missing `env:` token fail before any request is sent.
        let host_settings = settings.resolve(&parsed)?;
        let fresh_for = |p: &Probed| fresh_for(url, p, config, &host_settings);
        if let Some(probed) = options
            .cache
            .and_then(|_| cache.get(url, options.now, fresh_for))
        {
            report.summary.cached += 1;
            verdicts.insert(url, verdict::judge(url, probed, config));
            continue;
        }
        let limits = Limits {
            concurrency: host_settings.concurrency,
            interval: host_settings.interval,
        };
        let host = parsed.host_str().unwrap_or_default();
        scheduler.push(
            host,
            limits,
            Job {
                url: url.clone(),
                attempts: 0,
            },
        );
        jobs += 1;
    }

    let results = run(&scheduler, jobs, network, &settings, config, progress);
    for (url, probed) in results {
        let key = links
            .get_key_value(&url)
            .map(|(k, _)| k.as_str())
            .unwrap_or_default();
        verdicts.insert(key, verdict::judge(&url, &probed, config));
        cache.insert(&url, probed, options.now);
    }
    // Nothing new: leave the file (and a KB without `.kbpress/`) alone.
    if let Some(path) = options.cache.filter(|_| jobs > 0) {
        let saved = cache.save(options.now, |url, probed| {
            let resolved = Url::parse(url).ok().and_then(|u| settings.resolve(&u).ok());
            let host_settings = resolved.unwrap_or_else(|| settings_fallback(config));
            fresh_for(url, probed, config, &host_settings)
        });
        if let Err(error) = saved {
            let warning = format!("could not write the link cache {}: {error}", path.display());
            report.warnings.push(warning);
        }
    }

    let overrides = site.config.check.severity.get(RULE.code).copied();
    for (url, verdict) in &verdicts {
        let counter = match verdict.outcome {
            Outcome::Ok => &mut report.summary.ok,
            Outcome::Redirected => &mut report.summary.redirected,
            Outcome::Broken => &mut report.summary.broken,
            Outcome::Temporary => &mut report.summary.temporary,
        };
        *counter += 1;
        let level = match verdict.outcome {
            Outcome::Ok => continue,
            Outcome::Redirected => config.severity.redirected,
            Outcome::Broken => config.severity.broken,
            Outcome::Temporary => config.severity.temporary,
        };
        // `[check.severity] external-link = ...` applies to every outcome, like other codes.
        let Some(severity) = overrides.unwrap_or(level).to_severity() else {
            continue;
        };
        for occurrence in &links[*url] {
            let mut diagnostic =
                Diagnostic::new(&RULE, occurrence.file, occurrence.span, &verdict.message)
                    .with_optional_help(verdict.help.clone());
            diagnostic.severity = severity;
            report.diagnostics.push(diagnostic);
        }
    }
    crate::diagnostic::sort_and_dedup(&mut report.diagnostics);
    Ok(report)
}

/// Runs the queued jobs on worker threads; returns each URL's final result.
fn run(
    scheduler: &Scheduler<Job>,
    jobs: usize,
    network: &dyn Network,
    settings: &Settings,
    config: &ExternalConfig,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<(String, Probed)> {
    let results = Mutex::new(Vec::with_capacity(jobs));
    let threads = (config.max_parallel.0 as usize).min(jobs);
    let settings_for = |url: &Url| {
        settings
            .resolve(url)
            .unwrap_or_else(|_| settings_fallback(config))
    };
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(ticket) = scheduler.next() {
                    let Job { url, attempts } = ticket.job;
                    let mut probed = probe::probe(network, &url, &settings_for, SystemTime::now());
                    probed.attempts = attempts + 1;
                    let host_settings = Url::parse(&url).map(|u| settings_for(&u));
                    let policy = retry::Policy {
                        retries: host_settings.map_or(0, |s| s.retries),
                        base: Duration::from_millis(config.backoff_ms),
                        max_wait: Duration::from_secs(config.max_retry_wait_secs),
                    };
                    let seed = retry::seed_of(&url);
                    match retry::decide(&probed, probed.attempts, &policy, seed) {
                        retry::Decision::Retry { after, hold_host } => {
                            let job = Job {
                                url,
                                attempts: attempts + 1,
                            };
                            scheduler.retry(ticket.host, job, after, hold_host);
                        }
                        retry::Decision::Stop => {
                            let done = {
                                let mut results = results.lock().expect("not poisoned");
                                results.push((url, probed));
                                results.len()
                            };
                            progress(done, jobs);
                            scheduler.done(ticket.host);
                        }
                    }
                }
            });
        }
    });
    results.into_inner().expect("not poisoned")
}

/// The URL a link is checked and cached as: trimmed, without the fragment (it names a place in
/// the page, not a different page), and in the `url` crate's normal form when it parses.
pub fn url_key(destination: &str) -> String {
    let trimmed = destination.trim();
    let without_fragment = trimmed.split('#').next().unwrap_or(trimmed);
    match Url::parse(without_fragment) {
        Ok(url) => url.to_string(),
        Err(_) => without_fragment.to_string(),
    }
}

/// How long a result stays in the cache: successes per host, failures shorter.
fn fresh_for(url: &str, probed: &Probed, config: &ExternalConfig, host: &HostSettings) -> Duration {
    match verdict::judge(url, probed, config).outcome {
        Outcome::Ok | Outcome::Redirected => host.cache_for,
        Outcome::Broken | Outcome::Temporary => host.cache_for.min(config.failure_cache_for()),
    }
}

fn settings_fallback(config: &ExternalConfig) -> HostSettings {
    let mut defaults = config.clone();
    defaults.headers.clear();
    defaults.hosts.clear();
    defaults
        .host_settings("", None, &|_| None)
        .expect("no headers, nothing to resolve")
}

/// Host settings, resolved once per host and port.
struct Settings<'a> {
    config: &'a ExternalConfig,
    resolved: Mutex<HashMap<(String, Option<u16>), HostSettings>>,
}

impl<'a> Settings<'a> {
    fn new(config: &'a ExternalConfig) -> Self {
        Settings {
            config,
            resolved: Mutex::new(HashMap::new()),
        }
    }

    fn resolve(&self, url: &Url) -> anyhow::Result<HostSettings> {
        let key = (
            url.host_str().unwrap_or_default().to_string(),
            url.port_or_known_default(),
        );
        if let Some(found) = self.resolved.lock().expect("not poisoned").get(&key) {
            return Ok(found.clone());
        }
        let env = |name: &str| std::env::var(name).ok();
        let settings = self.config.host_settings(&key.0, key.1, &env)?;
        self.resolved
            .lock()
            .expect("not poisoned")
            .insert(key, settings.clone());
        Ok(settings)
    }
}

#[cfg(test)]
mod tests;
