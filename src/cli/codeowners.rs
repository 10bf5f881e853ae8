//! `kbpress codeowners [--write | --check]`: the CODEOWNERS rules of the KB's owners
//! ([`crate::codeowners`]), printed, written into the file, or compared with it for CI.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::args::{Cli, CodeownersArgs};
use super::EXIT_CONTENT;
use crate::codeowners;
use crate::config::{SiteConfig, CONFIG_FILE};

pub fn run(cli: &Cli, cwd: &Path, args: &CodeownersArgs) -> anyhow::Result<u8> {
    let root = crate::pipeline::find_root(cli.root.as_deref(), cwd)?;
    let config = SiteConfig::load(&root.join(CONFIG_FILE))?;
    let site = crate::load::load_for_check(&root, config)?;
    let (repository, prefix) = repository_of(&root)?;
    let block = codeowners::block(&site, &prefix);
    if !args.write && !args.check {
        print!("{block}");
        return Ok(0);
    }
    let file = match &args.file {
        Some(file) => cwd.join(file),
        None => repository.join(".github").join("CODEOWNERS"),
    };
    let shown = file.display();
    let existing = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(error).with_context(|| format!("cannot read {shown}")),
    };
    let merged = codeowners::merge(&existing, &block);
    if args.check {
        if merged == existing {
            if !cli.quiet {
                eprintln!("{shown} is up to date");
            }
            return Ok(0);
        }
        eprintln!(
            "error: {shown} does not match the owners in site.toml and the articles' `owner`; run `kbpress codeowners --write` and commit it"
        );
        return Ok(EXIT_CONTENT);
    }
    if merged != existing {
        if let Some(folder) = file.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
        }
        std::fs::write(&file, merged).with_context(|| format!("cannot write {shown}"))?;
    }
    if !cli.quiet {
        eprintln!("wrote {shown}");
    }
    Ok(0)
}

/// The git repository holding the KB at `root` (the nearest folder upwards with a `.git`),
/// and the KB's path inside it (`docs/kb/`, or `""` at its root): CODEOWNERS paths start
/// at the repository's root. A KB in no repository is its own root.
fn repository_of(root: &Path) -> anyhow::Result<(PathBuf, String)> {
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot read {}", root.display()))?;
    let Some(repository) = root.ancestors().find(|folder| folder.join(".git").exists()) else {
        return Ok((root.clone(), String::new()));
    };
    let inside = root.strip_prefix(repository).unwrap_or(Path::new(""));
    let mut prefix = String::new();
    for part in inside.components() {
        prefix.push_str(&part.as_os_str().to_string_lossy());
        prefix.push('/');
    }
    Ok((repository.to_path_buf(), prefix))
}
