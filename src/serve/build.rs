//! One build of the KB into memory: load, check and render as `kbpress build` does, but into a
//! map instead of a folder, with the base URL replaced so the site works at the server's root.
//!
//! A build fails exactly when `build` would refuse to publish: `site.toml` or a template does
//! not work, or a diagnostic is an error. A failed build keeps its problems and no site.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::bail;
use bytes::Bytes;
use jiff::civil::Date;

use super::incremental::{Backlinks, Previous};
use crate::diagnostic::{Diagnostic, Severity};
use crate::pipeline;
use crate::render::{self, Sink, Theme};
use crate::urls::is_safe_output_path;
use crate::variant::Selection;

/// A built site: site-relative path -> content. Cloning shares the contents.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MemorySite {
    files: HashMap<String, Bytes>,
    /// The source paths of the articles that have a page in this site (what feedback posts
    /// may name). An incremental build keeps it: it only follows body edits.
    articles: Arc<BTreeSet<String>>,
}

impl MemorySite {
    pub fn get(&self, key: &str) -> Option<&Bytes> {
        self.files.get(key)
    }

    /// Whether `source` (`articles/billing/refunds.md`) is an article with a page here.
    pub fn has_article(&self, source: &str) -> bool {
        self.articles.contains(source)
    }

    /// Records which of `site`'s articles got a page in this build.
    fn with_articles_of(mut self, site: &crate::site::Site, today: Date) -> MemorySite {
        let shown = site
            .articles
            .iter()
            .filter(|article| {
                self.files
                    .contains_key(&format!("{}index.html", article.url))
                    // A superseded article's URL holds a redirect, not the article.
                    && !matches!(article.life(today), crate::site::Life::Superseded(_))
            })
            .map(|article| article.path.clone());
        self.articles = Arc::new(shown.collect());
        self
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// The site-relative paths of the files, in no order (for tests that search the site).
    #[cfg(test)]
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The site without the files under `prefix` (`search/`), to be written again.
    pub fn without(mut self, prefix: &str) -> MemorySite {
        self.files.retain(|path, _| !path.starts_with(prefix));
        self
    }

    /// Total size of the files, in bytes.
    pub fn bytes(&self) -> usize {
        self.files.values().map(Bytes::len).sum()
    }
}

/// The render [`Sink`] of `serve`: collects files in memory.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<HashMap<String, Bytes>>,
    articles: Arc<BTreeSet<String>>,
}

impl MemorySink {
    /// A sink that starts with the files of `site`, to replace some of them.
    pub fn from_site(site: MemorySite) -> MemorySink {
        MemorySink {
            files: Mutex::new(site.files),
            articles: site.articles,
        }
    }

    pub fn finish(self) -> MemorySite {
        MemorySite {
            files: self.files.into_inner().unwrap_or_else(|e| e.into_inner()),
            articles: self.articles,
        }
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        if !is_safe_output_path(path) {
            bail!("refusing to serve `{path}`: it is not a safe site path");
        }
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path.to_string(), Bytes::from(bytes));
        Ok(())
    }
}

/// One thing wrong with a build, for the overlay and the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub code: Option<String>,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    /// A tool failure (bad site.toml, template error); its message names the place.
    fn from_error(error: &anyhow::Error) -> Problem {
        Problem {
            file: None,
            line: None,
            column: None,
            code: None,
            message: format!("{error:#}"),
            help: None,
        }
    }

    fn from_diagnostic(diagnostic: &Diagnostic) -> Problem {
        Problem {
            file: Some(diagnostic.file.clone()),
            line: Some(diagnostic.line),
            column: Some(diagnostic.column),
            code: Some(diagnostic.code.to_string()),
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
        }
    }

    /// `articles/x.md:3:7`, as far as it is known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        Some(match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{file}:{line}:{column}"),
            (Some(line), None) => format!("{file}:{line}"),
            _ => file.clone(),
        })
    }

    /// One line for the terminal.
    pub fn summary(&self) -> String {
        let mut text = String::new();
        if let Some(location) = self.location() {
            text.push_str(&location);
            text.push_str(": ");
        }
        if let Some(code) = &self.code {
            text.push_str(code);
            text.push_str(": ");
        }
        text.push_str(self.message.lines().next().unwrap_or(""));
        text
    }
}

/// What one build produced.
#[derive(Debug)]
pub struct Outcome {
    /// The site, when the build succeeded.
    pub site: Option<MemorySite>,
    /// The site rendered despite error diagnostics: shown (under the overlay) only while no
    /// build has succeeded yet, so a KB with errors from the start can still be looked at.
    pub site_with_errors: Option<MemorySite>,
    /// Why it failed: error diagnostics, or the tool error. Empty on success.
    pub problems: Vec<Problem>,
    pub articles: usize,
    pub errors: usize,
    pub warnings: usize,
    pub duration: Duration,
}

impl Outcome {
    pub fn succeeded(&self) -> bool {
        self.site.is_some()
    }

    /// The build failed because the system ran out of something that comes back: open files
    /// (`EMFILE`, `ENFILE`, while many clients were connected, say). Building again later can
    /// succeed with no edit, so `serve` retries instead of showing the overlay until the next
    /// save.
    pub fn transient(&self) -> bool {
        !self.succeeded() && self.problems.iter().any(|p| is_transient(&p.message))
    }
}

/// Whether `message` holds an I/O error that passes by itself (as `std::io::Error` shows it:
/// "Too many open files (os error 24)"). Failures to read an article are data with the
/// error's text, so the text is what there is to look at.
fn is_transient(message: &str) -> bool {
    #[cfg(unix)]
    {
        [libc::EMFILE, libc::ENFILE]
            .iter()
            .any(|code| message.contains(&format!("(os error {code})")))
    }
    #[cfg(not(unix))]
    {
        let _ = message;
        false
    }
}

/// Builds the KB at `root` for the server at `base_url`.
#[derive(Debug, Clone)]
pub struct Builder {
    pub root: PathBuf,
    pub today: Date,
    /// `http://127.0.0.1:1111/`: the site's base URL while serving.
    pub base_url: String,
    pub include_drafts: bool,
    /// `serve --audience ID`: preview that audience's site.
    pub audience: Option<String>,
}

impl Builder {
    /// A full build.
    pub fn build(&self) -> Outcome {
        self.build_keeping().0
    }

    /// A full build, and what a later incremental build can reuse of it (see
    /// [`super::incremental`]); nothing when `site.toml`, the theme or loading failed.
    pub fn build_keeping(&self) -> (Outcome, Option<Previous>) {
        let started = Instant::now();
        let (mut outcome, previous) = match self.try_build() {
            Ok((outcome, previous)) => (outcome, Some(previous)),
            Err(error) => (Outcome::failed(&error), None),
        };
        outcome.duration = started.elapsed();
        (outcome, previous)
    }

    fn try_build(&self) -> anyhow::Result<(Outcome, Previous)> {
        let selection = match &self.audience {
            Some(id) => Selection::Audience(id.clone()),
            None => Selection::Public,
        };
        let request = pipeline::Request {
            selection,
            // Pages link to the server; checks still judge the published base URL, so they
            // agree with `build` (aliases live under it). The feedback widget posts to this
            // server, which stores the answers locally.
            preview: Some(pipeline::Preview {
                base_url: &self.base_url,
                feedback_url: super::feedback::PATH,
            }),
            include_drafts: self.include_drafts,
            ..pipeline::Request::new(&self.root, self.today, pipeline::Purpose::Build)
        };
        let pipeline::Checked {
            site,
            diagnostics,
            mut variants,
            language_sites,
            ..
        } = pipeline::load_and_check(&request)?;
        // The default language's site is served at the root and rebuilt incrementally; the
        // other languages' ([languages]), each in its folder, are rendered with each full build
        // (an edit of a translation, or of an article that has one, is a full build).
        let variant = variants.remove(0);
        let theme = Theme::load(&site.root, &site.config.theme)?;
        let mut previous = Previous {
            backlinks: Backlinks::of(&site),
            site,
            diagnostics,
            theme,
            options: render::Options {
                variant,
                include_drafts: self.include_drafts,
                today: self.today,
            },
            files: None,
            search_stale: false,
        };
        let mut outcome = previous.outcome();
        // Rendered even with errors (then not served): the next edit, often the fix, can be
        // an incremental build on top of it.
        let sink = MemorySink::default();
        render::render(&previous.site, &previous.theme, &previous.options, &sink)?;
        for language in &variants {
            let options = render::Options {
                variant: language.clone(),
                ..previous.options.clone()
            };
            let language_site = pipeline::site_for(&previous.site, &language_sites, language);
            let in_folder = render::InFolder {
                inner: &sink,
                folder: &language.folder,
            };
            render::render(language_site, &previous.theme, &options, &in_folder)?;
        }
        let site = sink.finish().with_articles_of(&previous.site, self.today);
        previous.files = Some(site.clone());
        if outcome.errors == 0 {
            outcome.site = Some(site);
        } else {
            outcome.site_with_errors = Some(site);
        }
        Ok((outcome, previous))
    }
}

impl Outcome {
    /// A tool failure: bad site.toml, a template error, an unreadable KB folder.
    pub fn failed(error: &anyhow::Error) -> Outcome {
        Outcome {
            site: None,
            site_with_errors: None,
            problems: vec![Problem::from_error(error)],
            articles: 0,
            errors: 1,
            warnings: 0,
            duration: Duration::ZERO,
        }
    }

    /// The counts and (for errors) problems of `diagnostics`, without a site yet.
    pub fn of<'d>(diagnostics: impl Iterator<Item = &'d Diagnostic>, articles: usize) -> Outcome {
        let mut outcome = Outcome {
            site: None,
            site_with_errors: None,
            problems: Vec::new(),
            articles,
            errors: 0,
            warnings: 0,
            duration: Duration::ZERO,
        };
        for diagnostic in diagnostics {
            match diagnostic.severity {
                Severity::Error => {
                    outcome.errors += 1;
                    outcome.problems.push(Problem::from_diagnostic(diagnostic));
                }
                Severity::Warning => outcome.warnings += 1,
            }
        }
        outcome
    }
}

/// A copy of the basic fixture KB and a builder for it, for the tests of this module and of
/// `incremental`.
#[cfg(test)]
pub(crate) mod testing {
    use super::Builder;

    pub fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let target = dir.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        dir
    }

    pub fn builder(root: &std::path::Path) -> Builder {
        Builder {
            root: root.to_path_buf(),
            today: jiff::civil::date(2026, 11, 1),
            base_url: "http://127.0.0.1:4321/".into(),
            audience: None,
            include_drafts: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{builder, fixture};
    use super::*;

    #[test]
    fn every_language_is_previewed_in_its_folder_of_the_server() {
        let dir = fixture();
        let root = dir.path();
        let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
        std::fs::write(
            root.join("site.toml"),
            format!("{config}\n[languages.fr]\nname = \"Français\"\n"),
        )
        .unwrap();
        let source = std::fs::read_to_string(root.join("articles/billing/invoice.md")).unwrap();
        let body = source.splitn(3, "---\n").nth(2).unwrap();
        std::fs::write(
            root.join("articles/billing/invoice.fr.md"),
            format!("---\ntitle: Votre facture\nsource_reviewed: 2026-10-15\n---\n{body}"),
        )
        .unwrap();
        let outcome = builder(root).build();
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        let site = outcome.site.unwrap();
        let page = |path: &str| String::from_utf8(site.get(path).unwrap().to_vec()).unwrap();
        let french = page("fr/billing/invoice/index.html");
        assert!(french.contains("<html lang=\"fr\">") && french.contains("Votre facture"));
        let alternate = "<link rel=\"alternate\" hreflang=\"fr\" href=\"http://127.0.0.1:4321/fr/billing/invoice/\">";
        assert!(french.contains(alternate), "{french}");
        assert!(page("billing/invoice/index.html").contains(alternate));
        assert!(
            french.contains("href=\"/fr/static/style.css\""),
            "its own folder's files"
        );
    }

    #[test]
    fn builds_into_memory_at_the_server_root() {
        let dir = fixture();
        let outcome = builder(dir.path()).build();
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        let site = outcome.site.unwrap();
        let home = String::from_utf8(site.get("index.html").unwrap().to_vec()).unwrap();
        assert!(home.contains("href=\"/static/style.css\""), "{home}");
        assert!(!home.contains("/help/"), "the published base path is gone");
        assert!(
            site.get("billing/draft-refunds/index.html").is_some(),
            "drafts are shown"
        );
        assert!(site.get(".kbpress-output").is_none());
        assert!(site.has_article("articles/billing/invoice.md"));
        assert!(!site.has_article("articles/billing/missing.md"));
        assert!(
            !dir.path().join("public").exists(),
            "nothing is written to disk"
        );
    }

    #[test]
    fn scheduled_articles_are_shown_marked_expired_and_superseded_ones_are_not() {
        let dir = fixture();
        let article = |extra: &str| {
            let title = extra.split(':').next().unwrap();
            format!("---\ntitle: T {title}\nsummary: S.\ntype: reference\napplies_to: [portal]\nreviewed: 2026-10-15\n{extra}\n---\n## Overview\n")
        };
        let billing = dir.path().join("articles/billing");
        std::fs::write(
            billing.join("later.md"),
            article("publish_after: 2026-12-01"),
        )
        .unwrap();
        std::fs::write(billing.join("gone.md"), article("expires: 2026-10-01")).unwrap();
        std::fs::write(billing.join("old.md"), article("superseded_by: invoice.md")).unwrap();
        let outcome = builder(dir.path()).build();
        let site = outcome
            .site
            .unwrap_or_else(|| panic!("{:#?}", outcome.problems));
        let page = |key: &str| {
            site.get(key)
                .map(|b| String::from_utf8(b.to_vec()).unwrap())
        };
        let later = page("billing/later/index.html").expect("scheduled articles are shown");
        assert!(later.contains("<strong>Scheduled.</strong>"), "{later}");
        assert!(site.has_article("articles/billing/later.md"));
        assert!(page("billing/gone/index.html").is_none());
        assert!(!site.has_article("articles/billing/gone.md"));
        let old = page("billing/old/index.html").expect("a redirect");
        assert!(old.contains("url=/billing/invoice/"), "{old}");
        assert!(!site.has_article("articles/billing/old.md"));
    }

    #[test]
    fn site_root_links_are_mapped_as_in_the_published_site() {
        let dir = fixture();
        let config = dir.path().join("site.toml");
        let mut text = std::fs::read_to_string(&config).unwrap();
        text.push_str("\n[links]\nsite_root = \"https://learn.example.com\"\n");
        std::fs::write(&config, text).unwrap();
        std::fs::write(
            dir.path().join("articles/billing/api.md"),
            "---\ntitle: API\nsummary: S.\ntype: reference\napplies_to: [portal]\nreviewed: 2026-10-15\n---\n## Overview\n\n[api](/dotnet/api/x)\n",
        )
        .unwrap();
        let outcome = builder(dir.path()).build();
        let site = outcome.site.expect("a good build");
        let page = String::from_utf8(site.get("billing/api/index.html").unwrap().to_vec()).unwrap();
        assert!(
            page.contains("href=\"https://learn.example.com/dotnet/api/x\""),
            "{page}"
        );
    }

    #[test]
    fn error_diagnostics_fail_the_build_with_their_positions() {
        let dir = fixture();
        std::fs::write(
            dir.path().join("articles/billing/invoice.md"),
            "---\ntitle: [unclosed\n---\nbody\n",
        )
        .unwrap();
        let outcome = builder(dir.path()).build();
        assert!(!outcome.succeeded());
        let problem = &outcome.problems[0];
        assert_eq!(problem.file.as_deref(), Some("articles/billing/invoice.md"));
        assert!(problem.line.is_some());
        assert!(outcome.errors >= 1);
    }

    #[test]
    fn a_bad_site_toml_is_a_problem_not_a_crash() {
        let dir = fixture();
        std::fs::write(dir.path().join("site.toml"), "title = \n").unwrap();
        let outcome = builder(dir.path()).build();
        assert!(!outcome.succeeded());
        assert!(outcome.problems[0].message.contains("site.toml"));
    }

    #[cfg(unix)]
    #[test]
    fn running_out_of_open_files_is_a_failure_to_retry() {
        let error = anyhow::Error::from(std::io::Error::from_raw_os_error(libc::EMFILE))
            .context("cannot read the KB folder /kb");
        assert!(Outcome::failed(&error).transient());
        let mut article = Outcome::failed(&anyhow::anyhow!("x"));
        article.problems[0].message = format!(
            "articles/a.md cannot be read: {}",
            std::io::Error::from_raw_os_error(libc::ENFILE)
        );
        assert!(article.transient());
        let yaml = Outcome::failed(&anyhow::anyhow!("site.toml:3: expected a value"));
        assert!(!yaml.transient());
        let denied = Outcome::failed(&std::io::Error::from_raw_os_error(libc::EACCES).into());
        assert!(!denied.transient(), "only what passes by itself");
    }

    #[test]
    fn the_sink_refuses_unsafe_paths() {
        let sink = MemorySink::default();
        assert!(sink.put("../x", Vec::new()).is_err());
        assert!(sink.put("a/b.html", b"x".to_vec()).is_ok());
        assert_eq!(sink.finish().len(), 1);
    }
}
