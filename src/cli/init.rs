//! `kbpress init [DIR]`: a new KB with site.toml, one example article per type, a CI workflow
//! and a .gitignore. Never overwrites an existing file.

use std::path::Path;

use anyhow::Context as _;

use super::Cli;
use crate::config::CONFIG_FILE;

const SITE_TOML: &str = include_str!("starter/site.toml");
const WORKFLOW: &str = include_str!("starter/workflow.yml");
const GITIGNORE: &str = "/public/\n/.kbpress/\n";

pub fn run(cli: &Cli, dir: &Path) -> anyhow::Result<u8> {
    if dir.join(CONFIG_FILE).exists() {
        anyhow::bail!(
            "{} already has a {CONFIG_FILE}; kbpress init does not overwrite a KB",
            dir.display()
        );
    }
    let today = crate::pipeline::today(None)?;
    let articles = super::new::examples(&today.to_string());
    let mut files: Vec<(String, String)> = vec![
        (CONFIG_FILE.into(), SITE_TOML.into()),
        (".github/workflows/kbpress.yml".into(), WORKFLOW.into()),
        (
            "articles/getting-started/_index.md".into(),
            "---\ntitle: Getting started\nsummary: First steps with Example Cloud.\n---\n".into(),
        ),
    ];
    files.extend(articles);
    for (path, _) in &files {
        if dir.join(path).exists() {
            anyhow::bail!(
                "{} already exists; kbpress init does not overwrite files",
                dir.join(path).display()
            );
        }
    }
    for (path, content) in &files {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&full, content)
            .with_context(|| format!("cannot write {}", full.display()))?;
    }
    append_gitignore(dir)?;
    if !cli.quiet {
        eprintln!(
            "created a KB in {} with {} example articles; next: `kbpress build`",
            dir.display(),
            files.len() - 3
        );
    }
    Ok(0)
}

/// Adds the output and cache folders to .gitignore, keeping what is there.
fn append_gitignore(dir: &Path) -> anyhow::Result<()> {
    let path = dir.join(".gitignore");
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let missing: String = GITIGNORE
        .lines()
        .filter(|line| !existing.lines().any(|l| l == *line))
        .map(|l| format!("{l}\n"))
        .collect();
    if !missing.is_empty() {
        let separator = if existing.is_empty() || existing.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        std::fs::write(&path, format!("{existing}{separator}{missing}"))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
