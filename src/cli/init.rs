//! `kbpress init [DIR] [--base-url URL] [--ci github|gitlab|none]`: a new KB with site.toml,
//! one example article per type, a CI workflow that publishes it and a .gitignore. Never
//! overwrites an existing file.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::args::Ci;
use super::Cli;
use crate::config::{CONFIG_FILE, PLACEHOLDER_BASE_URL};
use crate::pipeline::BaseUrl;

const SITE_TOML: &str = include_str!("starter/site.toml");
const GITHUB_WORKFLOW: &str = include_str!("starter/workflow.yml");
const GITLAB_CI: &str = include_str!("starter/gitlab-ci.yml");
const GITIGNORE: &str = "/public/\n/.kbpress/\n";
/// Where each CI service reads its workflow from.
pub const GITHUB_WORKFLOW_PATH: &str = ".github/workflows/kbpress.yml";
pub const GITLAB_CI_PATH: &str = ".gitlab-ci.yml";

pub fn run(
    cli: &Cli,
    cwd: &Path,
    dir: Option<&Path>,
    base_url: Option<&str>,
    ci: Ci,
) -> anyhow::Result<u8> {
    let dir = target_folder(cwd, cli.root.as_deref(), dir)?;
    let dir = dir.as_path();
    if dir.join(CONFIG_FILE).exists() {
        anyhow::bail!(
            "{} already has a {CONFIG_FILE}; kbpress init does not overwrite a KB",
            dir.display()
        );
    }
    let base_url = base_url.map(BaseUrl::parse).transpose()?;
    let today = crate::pipeline::today(None)?;
    let articles = super::new::examples(&today.to_string());
    let site_toml = SITE_TOML.replace(
        "@BASE_URL@",
        base_url
            .as_ref()
            .map_or(PLACEHOLDER_BASE_URL, BaseUrl::as_str),
    );
    let mut files: Vec<(String, String)> = vec![
        (CONFIG_FILE.into(), site_toml),
        (
            "articles/getting-started/_index.md".into(),
            "---\ntitle: Getting started\nsummary: First steps with Example Cloud.\n---\n".into(),
        ),
    ];
    match ci {
        Ci::Github => files.push((GITHUB_WORKFLOW_PATH.into(), ci_template(GITHUB_WORKFLOW))),
        Ci::Gitlab => files.push((GITLAB_CI_PATH.into(), ci_template(GITLAB_CI))),
        Ci::None => {}
    }
    let example_count = articles.len();
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
        let next = if base_url.is_some() {
            "next: `kbpress build`"
        } else {
            "next: set base_url in site.toml to where the site will be published, then `kbpress build`"
        };
        eprintln!(
            "created a KB in {} with {example_count} example articles; {next}",
            dir.display(),
        );
        match ci {
            Ci::Github => eprintln!("to publish it on GitHub Pages: push it to GitHub and set Settings > Pages > Source to \"GitHub Actions\" ({GITHUB_WORKFLOW_PATH} does the rest)"),
            Ci::Gitlab => eprintln!("to publish it on GitLab Pages: push it to GitLab ({GITLAB_CI_PATH} does the rest)"),
            Ci::None => {}
        }
    }
    Ok(0)
}

/// The folder to create the KB in: `DIR`, else `--root`, else the current folder. Both given
/// and naming different folders is an error rather than a guess.
fn target_folder(cwd: &Path, root: Option<&Path>, dir: Option<&Path>) -> anyhow::Result<PathBuf> {
    let absolute = |path: &Path| std::path::absolute(cwd.join(path)).unwrap_or(cwd.join(path));
    match (root, dir) {
        (Some(root), Some(dir)) if absolute(root) != absolute(dir) => anyhow::bail!(
            "--root {} and DIR {} name different folders; give one of them",
            root.display(),
            dir.display()
        ),
        (_, Some(dir)) => Ok(cwd.join(dir)),
        (Some(root), None) => Ok(cwd.join(root)),
        (None, None) => Ok(cwd.to_path_buf()),
    }
}

/// A CI template with the kbpress version that runs `init` and the GitHub repository its
/// releases come from (`repository` in kbpress's Cargo.toml).
pub fn ci_template(template: &str) -> String {
    template
        .replace("@VERSION@", env!("CARGO_PKG_VERSION"))
        .replace("@REPOSITORY@", github_repository())
}

/// `kbpress/kbpress`: the owner and name of kbpress's GitHub repository.
fn github_repository() -> &'static str {
    let url = env!("CARGO_PKG_REPOSITORY");
    url.strip_prefix("https://github.com/")
        .unwrap_or(url)
        .trim_end_matches('/')
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_and_dir_must_agree() {
        let cwd = Path::new("/work/somewhere");
        let root = Some(Path::new("kb"));
        assert_eq!(target_folder(cwd, root, None).unwrap(), cwd.join("kb"));
        assert_eq!(
            target_folder(cwd, root, Some(Path::new("./kb"))).unwrap(),
            cwd.join("./kb")
        );
        let error = target_folder(cwd, root, Some(Path::new("other")))
            .unwrap_err()
            .to_string();
        assert!(error.contains("name different folders"), "{error}");
        assert_eq!(target_folder(cwd, None, None).unwrap(), cwd);
    }

    #[test]
    fn templates_name_this_version_and_kbpress_home() {
        for template in [GITHUB_WORKFLOW, GITLAB_CI] {
            let text = ci_template(template);
            assert!(
                !text.contains("@VERSION@") && !text.contains("@REPOSITORY@"),
                "{text}"
            );
            assert!(text.contains(&format!(
                "KBPRESS_VERSION: \"{}\"",
                env!("CARGO_PKG_VERSION")
            )));
            assert!(text.contains("https://github.com/kbpress/kbpress/releases/download"));
        }
    }
}
