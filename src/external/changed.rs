//! `--changed-since REV`: the articles a pull request touched, from git, so its check requests
//! only the links it could have broken.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use anyhow::Context as _;

/// KB-relative paths (`articles/billing/refunds.md`) of the articles changed since `rev`
/// (committed or not) plus the untracked ones, as git sees them from the KB root.
pub fn changed_articles(root: &Path, rev: &str) -> anyhow::Result<BTreeSet<String>> {
    if rev.starts_with('-') || rev.trim().is_empty() {
        anyhow::bail!(
            "--changed-since needs a git revision (a commit, branch or tag), not `{rev}`"
        );
    }
    // `--relative` keeps paths relative to the KB root when it is a subfolder of the repository;
    // `-z` keeps unusual file names unquoted.
    let diff = git(
        root,
        &[
            "diff",
            "--name-only",
            "--relative",
            "-z",
            rev,
            "--",
            "articles/",
        ],
    )?;
    let untracked = git(
        root,
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "-z",
            "--",
            "articles/",
        ],
    )?;
    Ok(diff
        .split('\0')
        .chain(untracked.split('\0'))
        .filter(|path| path.ends_with(".md"))
        .map(|path| path.replace('\\', "/"))
        .collect())
}

fn git(root: &Path, args: &[&str]) -> anyhow::Result<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .context("--changed-since: cannot run git (is it installed?)")?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        anyhow::bail!(
            "--changed-since: `git {}` failed in {}: {}",
            args.join(" "),
            root.display(),
            stderr.trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
    }

    #[test]
    fn lists_changed_and_untracked_articles_relative_to_the_kb() {
        let repo = tempfile::tempdir().unwrap();
        // The KB is a subfolder of the repository.
        let kb = repo.path().join("docs");
        for file in [
            "articles/a.md",
            "articles/b.md",
            "articles/c.md",
            "site.toml",
        ] {
            std::fs::create_dir_all(kb.join(file).parent().unwrap()).unwrap();
            std::fs::write(kb.join(file), "x").unwrap();
        }
        run(repo.path(), &["init", "-q"]);
        run(repo.path(), &["add", "."]);
        run(repo.path(), &["commit", "-q", "-m", "one"]);
        std::fs::write(kb.join("articles/a.md"), "changed").unwrap();
        std::fs::write(kb.join("articles/new one.md"), "new").unwrap();
        std::fs::write(kb.join("site.toml"), "changed").unwrap();
        let changed = changed_articles(&kb, "HEAD").unwrap();
        let expected: BTreeSet<String> = ["articles/a.md", "articles/new one.md"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(changed, expected);
    }

    #[test]
    fn git_failures_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let error = changed_articles(dir.path(), "main")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("--changed-since") && error.contains("git diff"),
            "{error}"
        );
        let error = changed_articles(dir.path(), "--output=x")
            .unwrap_err()
            .to_string();
        assert!(error.contains("revision"), "{error}");
    }
}
