//! `kbpress build`: check, then render into a staging folder and swap it in.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use super::args::BuildArgs;
use super::{Cli, EXIT_CONTENT};
use crate::audience::Variant;
use crate::output::{validate_output_folder, StagedOutput};
use crate::pipeline;
use crate::render::{self, Sink};

pub fn run(cli: &Cli, cwd: &Path, args: &BuildArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let root = pipeline::find_root(cli.root.as_deref(), cwd)?;
    let today = pipeline::today(args.check.today)?;
    let mut checked = pipeline::load_and_check(&root, today)?;
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
    if code != 0 {
        eprintln!("error: not publishing: fix the problems above, then build again (the previous site in {} is unchanged)", out.display());
        return Ok(EXIT_CONTENT);
    }
    let options = render::Options {
        variant: Variant::Public,
        include_drafts: args.drafts,
    };
    let staged = StagedOutput::begin(&out)?;
    let progress = progress_bar(cli, checked.site.articles.len());
    let sink = ProgressSink {
        inner: &staged,
        bar: &progress,
    };
    let stats = checked.timings.time("render", || {
        pipeline::render(&checked.site, &options, &sink)
    })?;
    progress.finish_and_clear();
    let files = staged.files_written();
    let out = checked.timings.time("swap", || staged.commit())?;
    super::print_timings(&checked.timings);
    if !cli.quiet {
        let warnings = checked.diagnostics.len();
        eprintln!(
            "built {} articles: {} pages, {files} files written, {warnings} warning{} in {:.2}s -> {}",
            stats.articles,
            stats.pages,
            if warnings == 1 { "" } else { "s" },
            started.elapsed().as_secs_f64(),
            out.display()
        );
    }
    Ok(0)
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

/// Counts written pages on the progress bar.
struct ProgressSink<'a> {
    inner: &'a dyn Sink,
    bar: &'a ProgressBar,
}

impl Sink for ProgressSink<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.inner.put(path, bytes)?;
        if path.ends_with("index.html") {
            self.bar.inc(1);
        }
        Ok(())
    }
}
