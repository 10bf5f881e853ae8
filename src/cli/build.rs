//! `kbpress build`: check, then render into a staging folder and swap it in.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};

use super::args::BuildArgs;
use super::{Cli, EXIT_CONTENT};
use crate::output::{validate_output_folder, StagedOutput};
use crate::pipeline;
use crate::render::{self, Sink};

pub fn run(cli: &Cli, cwd: &Path, args: &BuildArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let root = pipeline::find_root(cli.root.as_deref(), cwd)?;
    let today = pipeline::today(args.check.today)?;
    let base_url = args
        .base_url
        .as_deref()
        .map(pipeline::BaseUrl::parse)
        .transpose()?;
    let request = pipeline::Request {
        selection: args.check.selection(args.all_audiences),
        base_url: base_url.as_ref(),
        include_drafts: args.drafts,
        ..pipeline::Request::new(&root, today, pipeline::Purpose::Build)
    };
    let mut checked = pipeline::load_and_check(&request)?;
    checked.keep_findings_of_selection();
    let out = pipeline::output_folder(&root, &checked.site.config, args.out.as_deref());
    validate_output_folder(&root, &out, args.force)?;
    // A clean build prints only its summary line; findings are printed as `check` would.
    let code = if checked.diagnostics.is_empty() {
        0
    } else {
        let (site, diagnostics) = (&checked.site, &checked.diagnostics);
        checked.timings.time("report", || {
            super::report_diagnostics(cli, &args.check, site, diagnostics, false)
        })?
    };
    if code != 0 && !args.allow_errors {
        eprintln!(
            "error: not publishing: fix the problems above, then build again ({}), or build with --allow-errors to look at it",
            crate::output::describe(&out)
        );
        return Ok(EXIT_CONTENT);
    }
    let staged = StagedOutput::begin(&out)?;
    for note in staged.notes() {
        eprintln!("warning: {note}");
    }
    let variants = &checked.variants;
    let progress = progress_bar(cli, checked.site.articles.len() * variants.len());
    let mut stats = render::Stats::default();
    let redirects = Redirects::default();
    for variant in variants {
        let options = render::Options {
            variant: variant.clone(),
            include_drafts: args.drafts,
            today,
        };
        let sink = ProgressSink {
            inner: &staged,
            bar: &progress,
            folder: &variant.folder,
            redirects_into: redirects.folder_for(variant),
            redirects: &redirects,
        };
        let site = pipeline::site_for(&checked.site, &checked.language_sites, variant);
        let built = checked
            .timings
            .time("render", || pipeline::render(site, &options, &sink))
            .with_context(|| format!("while building the {}", variant.describe()))?;
        stats.articles += built.articles;
        stats.pages += built.pages;
        stats.files += built.files;
    }
    progress.finish_and_clear();
    redirects.write(&staged)?;
    let files = staged.files_written();
    let published = checked.timings.time("swap", || staged.commit())?;
    for warning in &published.warnings {
        eprintln!("warning: {warning}");
    }
    let out = published.output;
    super::print_timings(&checked.timings);
    if !cli.quiet {
        // Only warnings, unless --allow-errors let errors through (then reported below).
        let warnings = checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Warning)
            .count();
        let what = match variants.as_slice() {
            [variant] => variant.describe(),
            _ => format!(
                "{} sites ({})",
                variants.len(),
                variants
                    .iter()
                    .map(|v| v.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        eprintln!(
            "built the {what}: {} articles, {} pages, {files} files written, {warnings} warning{} in {:.2}s -> {}",
            stats.articles,
            stats.pages,
            if warnings == 1 { "" } else { "s" },
            started.elapsed().as_secs_f64(),
            out.display()
        );
    }
    if code != 0 {
        // --allow-errors: the site is written, but the problems above still fail the run.
        eprintln!(
            "error: the site was written despite the problems above (--allow-errors): fix them before publishing it"
        );
    }
    super::exit_without_freeing(checked);
    Ok(code)
}

/// A progress bar on a terminal, hidden in CI, under --quiet, or when not a TTY.
fn progress_bar(cli: &Cli, articles: usize) -> ProgressBar {
    let show = !cli.quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
        && articles >= 200;
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(articles as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}") {
        bar.set_style(style);
    }
    bar
}

/// Puts one site's files into its folder of the output, counting pages on the progress bar.
struct ProgressSink<'a> {
    inner: &'a dyn Sink,
    bar: &'a ProgressBar,
    /// The site's folder under the output folder ([`crate::variant::Variant::folder`]).
    folder: &'a str,
    /// The folder whose `_redirects` holds this site's redirects (see [`Redirects`]).
    redirects_into: String,
    redirects: &'a Redirects,
}

/// The `_redirects` files of a build. Hosts (Netlify, Cloudflare Pages) read the one at the
/// root of what they publish, so a language's site in a folder of its default language's
/// (`fr/`, published at `<base_url>fr/`) has its lines in that site's file; a site published
/// on its own (an audience's folder, a language with its own `base_url`) keeps its own.
#[derive(Default)]
struct Redirects {
    /// Folder -> its file's lines, in the order the sites were built.
    by_folder: std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl Redirects {
    /// The folder of the `_redirects` that `variant`'s redirects go into.
    fn folder_for(&self, variant: &crate::variant::Variant) -> String {
        let published_under_default = (variant.languages.first())
            .is_some_and(|(_, default)| variant.base_url.starts_with(default.as_str()));
        match (variant.is_translated() && published_under_default)
            .then(|| {
                variant
                    .folder
                    .strip_suffix(&format!("{}/", variant.language))
            })
            .flatten()
        {
            Some(default_folder) => default_folder.to_string(),
            None => variant.folder.clone(),
        }
    }

    fn add(&self, folder: &str, bytes: &[u8]) {
        let mut by_folder = self.by_folder.lock().unwrap_or_else(|e| e.into_inner());
        by_folder
            .entry(folder.to_string())
            .or_default()
            .extend_from_slice(bytes);
    }

    fn write(&self, sink: &dyn Sink) -> anyhow::Result<()> {
        let by_folder = self.by_folder.lock().unwrap_or_else(|e| e.into_inner());
        for (folder, lines) in by_folder.iter() {
            sink.put(&format!("{folder}_redirects"), lines.clone())?;
        }
        Ok(())
    }
}

impl Sink for ProgressSink<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        if path == "_redirects" {
            self.redirects.add(&self.redirects_into, &bytes);
            return Ok(());
        }
        let in_folder = render::InFolder {
            inner: self.inner,
            folder: self.folder,
        };
        in_folder.put(path, bytes)?;
        if path.ends_with("index.html") {
            self.bar.inc(1);
        }
        Ok(())
    }
}
