//! `kbpress import FORMAT SOURCE --into DIR`: another docs tool's site -> a KB.
//!
//! Data flow: read the source (`mkdocs.rs`: mkdocs.yml, `.pages.yml`, the pages), convert every
//! page in memory (`body.rs` walks the Markdown line by line outside fenced code and hands each
//! construct to its module: `admonitions.rs`, `tabs.rs`, `snippets.rs`, `macros.rs`,
//! `attributes.rs`, `abbreviations.rs`), map the front matter (`front_matter.rs`), write
//! `site.toml` (`site_config.rs`) and the report (`report.rs`). Only then is anything written:
//! [`write`] puts the whole import into a staging folder beside `DIR` and moves it into place,
//! so an error never leaves a half-written import. Everything is sorted: the same source gives
//! the same bytes. `docusaurus.rs` and `hugo.rs` read those tools' sites and share the last
//! steps (front matter, site.toml, report) in `assembly.rs`.

mod abbreviations;
mod admonitions;
mod assembly;
mod attributes;
mod blocks;
mod body;
pub mod docusaurus;
mod front_matter;
pub mod hugo;
mod macros;
pub mod mkdocs;
pub mod report;
mod site_config;
mod snippets;
mod tabs;
pub mod zendesk;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

pub use report::{Report, Unconverted};

/// What the command line asked for, validated.
#[derive(Debug, Clone)]
pub struct Options {
    /// The source project's folder (for mkdocs: the one holding mkdocs.yml).
    pub source: PathBuf,
    /// `type` of every article no mapping names.
    pub default_type: String,
    /// `applies_to` of every article no mapping names; default: the site name as an id.
    pub default_product: Option<String>,
    /// `reviewed` of every page whose front matter has no date.
    pub reviewed: Option<jiff::civil::Date>,
    /// Folder -> type and folder/tag -> products (`--mapping FILE`).
    pub mapping: Mapping,
}

/// `--mapping FILE` (TOML): overrides of the defaults by folder (the longest matching folder
/// prefix wins) and products by tag.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Mapping {
    /// Folder under the docs folder (`troubleshooting`, `api/v2`) -> article type.
    pub types: BTreeMap<String, String>,
    /// Folder -> product ids.
    pub products: BTreeMap<String, Vec<String>>,
    /// Tag -> product ids, added to the folder's or default products.
    pub tag_products: BTreeMap<String, Vec<String>>,
}

impl Mapping {
    pub fn load(path: &Path) -> anyhow::Result<Mapping> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mapping: Mapping =
            toml::from_str(&text).with_context(|| format!("bad mapping {}", path.display()))?;
        for id in mapping
            .types
            .values()
            .chain(mapping.products.values().flatten())
            .chain(mapping.tag_products.values().flatten())
        {
            if !crate::config::is_identifier(id) {
                bail!(
                    "{}: `{id}` is not an id (lowercase letters, digits and `-`)",
                    path.display()
                );
            }
        }
        Ok(mapping)
    }

    /// The value of the longest folder prefix of `path` (`a/b/c.md` matches `a/b` and `a`).
    fn by_folder<'a, T>(table: &'a BTreeMap<String, T>, path: &str) -> Option<&'a T> {
        table
            .iter()
            .filter(|(folder, _)| {
                let folder = folder.trim_matches('/');
                folder.is_empty()
                    || path
                        .strip_prefix(folder)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(folder, _)| folder.trim_matches('/').len())
            .map(|(_, value)| value)
    }
}

/// An import done in memory: every file of the KB to write (path relative to `DIR` -> bytes),
/// and what was and was not converted.
#[derive(Debug)]
pub struct Import {
    pub files: BTreeMap<String, Vec<u8>>,
    pub report: Report,
}

/// The source formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Mkdocs,
    Docusaurus,
    Hugo,
    Zendesk,
}

/// Reads and converts the whole source; writes nothing.
pub fn convert(format: Format, options: &Options) -> anyhow::Result<Import> {
    match format {
        Format::Mkdocs => mkdocs::import(options),
        Format::Docusaurus => docusaurus::import(options),
        Format::Hugo => hugo::import(options),
        Format::Zendesk => zendesk::import(options),
    }
}

/// Writes `import` into `into`: refused when `into` is not empty unless `force` (then its
/// content is replaced). The files go to a staging folder beside `into` first, which then takes
/// its place, so a failure leaves `into` as it was.
pub fn write(into: &Path, import: &Import, force: bool) -> anyhow::Result<()> {
    let shown = into.display();
    let existing = match std::fs::read_dir(into) {
        Ok(mut entries) => Some(entries.next().is_some()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(error).with_context(|| format!("cannot read {shown}")),
    };
    if existing == Some(true) && !force {
        bail!("{shown} is not empty: import into a new folder, or pass --force to replace it");
    }
    let name = into
        .file_name()
        .with_context(|| format!("{shown} names no folder"))?
        .to_string_lossy()
        .into_owned();
    let parent = match into.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = parent.join(format!(".{name}.kbpress-import"));
    let old = parent.join(format!(".{name}.kbpress-import-old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .with_context(|| format!("cannot remove {}", leftover.display()))?;
        }
    }
    let written = (|| -> anyhow::Result<()> {
        for (path, bytes) in &import.files {
            let target = staging.join(path);
            if let Some(folder) = target.parent() {
                std::fs::create_dir_all(folder)
                    .with_context(|| format!("cannot create {}", folder.display()))?;
            }
            std::fs::write(&target, bytes)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        Ok(())
    })();
    if let Err(error) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    if existing.is_some() {
        std::fs::rename(into, &old).with_context(|| format!("cannot move {shown} aside"))?;
    }
    if let Err(error) = std::fs::rename(&staging, into) {
        if existing.is_some() {
            let _ = std::fs::rename(&old, into);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error).with_context(|| format!("cannot move the import into {shown}"));
    }
    if existing.is_some() {
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("imported, but cannot remove {}", old.display()))?;
    }
    Ok(())
}

/// Counts of converted constructs and the list of those left as they were, gathered while
/// converting one file after another.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub converted: BTreeMap<String, usize>,
    pub not_converted: Vec<Unconverted>,
}

impl Tally {
    pub fn count(&mut self, construct: &str) {
        *self.converted.entry(construct.to_string()).or_default() += 1;
    }

    pub fn skip(&mut self, file: &str, line: usize, construct: &str, text: &str, reason: &str) {
        let mut text = text.trim().to_string();
        if text.chars().count() > 120 {
            text = text.chars().take(117).collect::<String>() + "...";
        }
        self.not_converted.push(Unconverted {
            file: file.to_string(),
            line,
            construct: construct.to_string(),
            text,
            reason: reason.to_string(),
        });
    }
}
