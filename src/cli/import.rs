//! `kbpress import FORMAT SOURCE --into DIR`: converts in memory, writes DIR whole, prints the
//! report's summary (or the whole report as JSON). Exit 0 when imported, 2 when it could not be.

use std::io::Write as _;
use std::path::Path;

use anyhow::bail;

use super::args::{Cli, FeedbackFormat, ImportArgs, ImportFormat};
use crate::import::{self, Mapping, Options};

pub fn run(cli: &Cli, cwd: &Path, args: &ImportArgs) -> anyhow::Result<u8> {
    for id in [Some(&args.article_type), args.product.as_ref()]
        .into_iter()
        .flatten()
    {
        if !crate::config::is_identifier(id) {
            bail!("`{id}` is not an id: use lowercase letters, digits and `-`");
        }
    }
    let mapping = match &args.mapping {
        Some(path) => Mapping::load(&cwd.join(path))?,
        None => Mapping::default(),
    };
    let options = Options {
        source: cwd.join(&args.source),
        default_type: args.article_type.clone(),
        default_product: args.product.clone(),
        reviewed: args.reviewed,
        mapping,
    };
    let format = match args.source_format {
        ImportFormat::Mkdocs => import::Format::Mkdocs,
        ImportFormat::Docusaurus => import::Format::Docusaurus,
        ImportFormat::Hugo => import::Format::Hugo,
        ImportFormat::Zendesk => import::Format::Zendesk,
    };
    let into = cwd.join(&args.into);
    let imported = import::convert(format, &options)?;
    import::write(&into, &imported, args.force)?;
    let report = &imported.report;
    let mut stdout = std::io::stdout().lock();
    match args.format {
        FeedbackFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, report)?;
            writeln!(stdout)?;
        }
        FeedbackFormat::Human if !cli.quiet => {
            let converted: usize = report.converted.values().sum();
            writeln!(
                stdout,
                "imported {} articles, {} snippets and {} other files into {}: {} constructs \
                 converted, {} not converted (see {})",
                report.articles,
                report.snippets,
                report.files_copied,
                super::feedback::printable(&args.into.display().to_string()),
                converted,
                report.not_converted.len(),
                super::feedback::printable(&args.into.join("IMPORT.md").display().to_string()),
            )?;
        }
        FeedbackFormat::Human => {}
    }
    Ok(0)
}
