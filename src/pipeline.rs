//! The pipeline as the commands use it: find the KB, load and check it, render and write it.
//! `check`, `build` and `serve` all go through here, so they agree on what a KB means.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use jiff::civil::Date;

use crate::check;
use crate::config::{SiteConfig, CONFIG_FILE};
use crate::diagnostic::Diagnostic;
use crate::render::{self, Sink, Theme};
use crate::site::Site;
use crate::variant::{Selection, Variant};

/// A loaded and checked KB, and the sites to make of it.
pub struct Checked {
    pub site: Site,
    /// Every finding, for every audience (see [`Checked::keep_findings_of_selection`]).
    pub diagnostics: Vec<Diagnostic>,
    /// The sites asked for, in build order; the bodies' loaded HTML is for the first one's base
    /// path.
    pub variants: Vec<Variant>,
    /// For a build, each translation language's site (`[languages]`): its translated articles
    /// in its sources' places (see [`crate::load::language_site`]).
    pub language_sites: std::collections::BTreeMap<String, Site>,
    /// How long loading and checking took, for `KBPRESS_TIMINGS`.
    pub timings: Timings,
}

/// Wall time of each pipeline stage.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    /// Runs `stage`, recording how long it took under `name`.
    pub fn time<T>(&mut self, name: &'static str, stage: impl FnOnce() -> T) -> T {
        let started = std::time::Instant::now();
        let result = stage();
        self.stages.push((name, started.elapsed()));
        result
    }

    /// `load 412ms, check 35ms`.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .stages
            .iter()
            .map(|(name, d)| format!("{name} {}ms", d.as_millis()))
            .collect();
        parts.join(", ")
    }
}

/// The KB root: `explicit` if given, else the nearest folder from `start` upwards that holds
/// `site.toml` (as cargo finds `Cargo.toml`).
pub fn find_root(explicit: Option<&Path>, start: &Path) -> anyhow::Result<PathBuf> {
    if let Some(root) = explicit {
        if !root.join(CONFIG_FILE).is_file() {
            anyhow::bail!(
                "{} has no {CONFIG_FILE}; is it a kbpress KB? (`kbpress init` creates one)",
                root.display()
            );
        }
        return Ok(root.to_path_buf());
    }
    start
        .ancestors()
        .find(|folder| folder.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
        .with_context(|| format!("no {CONFIG_FILE} in {} or any parent folder; run kbpress inside a KB, pass --root, or create one with `kbpress init`", start.display()))
}

/// "Today" for freshness checks and new articles: `explicit` (`--today`), else
/// `SOURCE_DATE_EPOCH` (reproducible builds), else the system clock in UTC.
pub fn today(explicit: Option<Date>) -> anyhow::Result<Date> {
    if let Some(date) = explicit {
        return Ok(date);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().with_context(|| {
            format!("SOURCE_DATE_EPOCH must be seconds since 1970, not `{epoch}`")
        })?;
        let timestamp = jiff::Timestamp::from_second(seconds)
            .with_context(|| format!("SOURCE_DATE_EPOCH `{epoch}` is out of range"))?;
        return Ok(timestamp.to_zoned(jiff::tz::TimeZone::UTC).date());
    }
    Ok(jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date())
}

/// What the loaded site is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `check`: no HTML is kept (see [`crate::load::load_for_check`]).
    Check,
    Build,
}

/// A base URL given on the command line (`build --base-url`): an absolute http(s) URL with a
/// host, no query or fragment, ending with exactly one `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Validates `text` and adds the trailing `/` if it lacks one (GitHub's Pages URL has none).
    pub fn parse(text: &str) -> anyhow::Result<BaseUrl> {
        let example = "e.g. --base-url https://acme.github.io/kb/";
        let url = url::Url::parse(text.trim()).map_err(|e| {
            anyhow::anyhow!("--base-url `{text}` is not an absolute URL ({e}); {example}")
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
            anyhow::bail!(
                "--base-url `{text}` must be an http:// or https:// URL with a host; {example}"
            );
        }
        if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
            anyhow::bail!(
                "--base-url `{text}` must not have a query, a #fragment or a user name; {example}"
            );
        }
        Ok(BaseUrl(format!("{}/", url.as_str().trim_end_matches('/'))))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a command asks of the pipeline: which KB, for which sites, for what.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub root: &'a Path,
    pub today: Date,
    pub purpose: Purpose,
    /// `--audience` / `--all-audiences`.
    pub selection: Selection,
    /// `build --base-url`: the run is what it would be had site.toml said so. It is the
    /// published URL, so the checks that judge aliases against the base path judge it too.
    pub base_url: Option<&'a BaseUrl>,
    /// `serve`: the sites render at the preview server's address, while the checks still judge
    /// the published one.
    pub preview: Option<Preview<'a>>,
    /// `--drafts`: a preview with drafts, draft translations among them (in their languages'
    /// sites, marked as drafts).
    pub include_drafts: bool,
}

/// Where the preview server shows the site.
#[derive(Debug, Clone, Copy)]
pub struct Preview<'a> {
    /// `http://127.0.0.1:1111/`.
    pub base_url: &'a str,
    /// The server's own endpoint for "Was this article helpful?" answers.
    pub feedback_url: &'a str,
}

impl<'a> Request<'a> {
    /// The request of `kbpress check` or `build` with no option: the public site.
    pub fn new(root: &'a Path, today: Date, purpose: Purpose) -> Request<'a> {
        Request {
            root,
            today,
            purpose,
            selection: Selection::default(),
            base_url: None,
            preview: None,
            include_drafts: false,
        }
    }
}

/// The one assembly of load -> check for every command (`check`, `build`, `serve`): reads
/// `site.toml` (with `--base-url` over it), chooses the sites, loads the KB (with the HTML for
/// the first site when building) and runs every check. Rendering each site is then
/// [`render`] with that site's [`Variant`] in the options.
pub fn load_and_check(request: &Request) -> anyhow::Result<Checked> {
    let mut timings = Timings::default();
    let config = configuration(request.root, request.base_url)?;
    let mut variants = Variant::select(&config, &request.selection)?;
    if let Some(preview) = request.preview {
        variants = variants
            .into_iter()
            .map(|v| v.previewed_at(preview.base_url, preview.feedback_url))
            .collect();
    }
    let root = request.root;
    let site = timings.time("load", || match (request.purpose, variants.first()) {
        (Purpose::Build, Some(first)) => {
            // The label above an audience section is in the bodies' HTML, in the theme's words.
            let build = crate::load::Build {
                variant: first,
                words: Theme::load(root, &config.theme)?.body_words(&config),
                include_drafts: request.include_drafts,
            };
            crate::load::load_for(root, config, build)
        }
        _ => crate::load::load_for_check(root, config),
    })?;
    let mut site = site;
    let context = check::Context::new(&site, request.today);
    let diagnostics = timings.time("check", || check::run(&context));
    // After the checks: a language's site takes its translations' HTML.
    let language_sites = match request.purpose {
        Purpose::Build => {
            let codes: Vec<String> = site.config.languages.keys().cloned().collect();
            (codes.into_iter())
                .map(|code| {
                    let language_site = crate::load::language_site(&mut site, &code);
                    (code, language_site)
                })
                .collect()
        }
        Purpose::Check => Default::default(),
    };
    Ok(Checked {
        site,
        diagnostics,
        variants,
        language_sites,
        timings,
    })
}

/// `site.toml` with the command line's `--base-url` over it: made once, before anything reads
/// it, and never changed afterwards.
fn configuration(root: &Path, base_url: Option<&BaseUrl>) -> anyhow::Result<SiteConfig> {
    let mut config = SiteConfig::load(&root.join(CONFIG_FILE))?;
    if let Some(base_url) = base_url {
        config.base_url = base_url.as_str().to_string();
    }
    Ok(config)
}

impl Checked {
    /// Keeps only the findings of the one site asked for: what it does not contain cannot stop
    /// it. With several sites every finding counts.
    pub fn keep_findings_of_selection(&mut self) {
        // One site per language: they have the same readers, whose findings count.
        let mut readers = self.variants.iter().map(|v| &v.readers);
        let Some(first) = readers.next() else {
            return;
        };
        if readers.all(|other| other == first) {
            let only = self.variants[0].clone();
            let config = &self.site.config;
            self.diagnostics.retain(|d| only.has_finding(config, d));
        }
    }
}

/// The site `variant` is made from: the loaded one, or its language's.
pub fn site_for<'s>(
    site: &'s Site,
    language_sites: &'s std::collections::BTreeMap<String, Site>,
    variant: &Variant,
) -> &'s Site {
    language_sites
        .get(&variant.language)
        .filter(|_| variant.is_translated())
        .unwrap_or(site)
}

/// The output folder: `--out`, else `output_dir` of site.toml, relative to the KB root.
pub fn output_folder(root: &Path, config: &SiteConfig, out: Option<&Path>) -> PathBuf {
    match out {
        Some(out) => out.to_path_buf(),
        None => root.join(&config.output_dir),
    }
}

/// Renders the site into `sink` with the KB's theme.
pub fn render(
    site: &Site,
    options: &render::Options,
    sink: &dyn Sink,
) -> anyhow::Result<render::Stats> {
    let theme = Theme::load(&site.root, &site.config.theme)?;
    render::render(site, &theme, options, sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_root_in_a_parent_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "").unwrap();
        let nested = dir.path().join("articles/billing");
        std::fs::create_dir_all(&nested).unwrap();
        assert_eq!(find_root(None, &nested).unwrap(), dir.path());
        assert!(find_root(Some(&nested), &nested).is_err());
    }

    #[test]
    fn explains_a_missing_kb() {
        let dir = tempfile::tempdir().unwrap();
        let error = find_root(None, dir.path()).unwrap_err().to_string();
        assert!(error.contains("kbpress init"), "{error}");
    }

    #[test]
    fn base_urls_from_the_command_line_are_validated_and_end_with_a_slash() {
        let parsed = |text: &str| BaseUrl::parse(text).map(|u| u.as_str().to_string());
        assert_eq!(
            parsed("https://acme.github.io/kb").unwrap(),
            "https://acme.github.io/kb/"
        );
        assert_eq!(
            parsed("http://localhost:8000/").unwrap(),
            "http://localhost:8000/"
        );
        assert_eq!(
            parsed("https://Acme.example").unwrap(),
            "https://acme.example/"
        );
        for bad in [
            "acme.github.io/kb/",
            "/kb/",
            "ftp://acme.example/",
            "https://acme.example/?x=1",
            "https://acme.example/#top",
            "",
        ] {
            let error = parsed(bad).unwrap_err().to_string();
            assert!(error.contains("--base-url"), "{bad}: {error}");
        }
    }

    #[test]
    fn an_explicit_today_wins() {
        let date = jiff::civil::date(2020, 2, 29);
        assert_eq!(today(Some(date)).unwrap(), date);
    }
}
