//! What changed in an article since a date, from git: the commits to a stale translation's
//! source since the review the translation matches, so `stale-translation` can show the
//! translator what to look at. Loading asks only when some translation is stale (a KB whose
//! translations are current never runs git); outside a repository, or without git, there is
//! no history and the finding names the `git log` command instead. Never an error: history is
//! a help, not a fact the checks depend on.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use jiff::civil::Date;

/// One commit that touched a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The abbreviated hash (`3f2a9c1`).
    pub hash: String,
    /// The committer date, `YYYY-MM-DD`.
    pub date: String,
    /// The first line of its message.
    pub subject: String,
}

/// The commits to each file since its date, newest first, as far as the repository knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub commits: BTreeMap<String, Vec<Commit>>,
    /// The repository is a shallow clone (CI's `fetch-depth: 1`): older commits are missing.
    pub shallow: bool,
}

/// How many paths one `git log` is given: well under any command line's length limit.
const PATHS_PER_CALL: usize = 200;

/// The commits to each KB-relative path of `since` (committed on or after its date), read
/// with `git log` from `root`. Empty when `since` is, or when git cannot tell.
pub fn commits_since(root: &Path, since: &BTreeMap<String, Date>) -> History {
    let mut history = History::default();
    if since.is_empty() {
        return history;
    }
    let paths: Vec<(&String, &Date)> = since.iter().collect();
    for chunk in paths.chunks(PATHS_PER_CALL) {
        let Some(oldest) = chunk.iter().map(|(_, date)| **date).min() else {
            continue;
        };
        let mut args = vec![
            "-c".to_string(),
            "core.quotepath=off".to_string(),
            // File names are names, not patterns (`a[1].md`, `*.md`).
            "--literal-pathspecs".to_string(),
            "log".to_string(),
            // Record and unit separators: a subject can hold any printable text.
            "--format=%x1e%h%x1f%cs%x1f%s".to_string(),
            "--name-only".to_string(),
            "--relative".to_string(),
            format!("--since={oldest}"),
            "--".to_string(),
        ];
        args.extend(chunk.iter().map(|(path, _)| (*path).clone()));
        let Some(log) = git(root, &args) else {
            return History::default();
        };
        for (commit, files) in parse_log(&log) {
            for file in files {
                let wanted = since.get(&file);
                if wanted.is_some_and(|date| commit.date.as_str() >= date.to_string().as_str()) {
                    history
                        .commits
                        .entry(file)
                        .or_default()
                        .push(commit.clone());
                }
            }
        }
    }
    history.shallow = git(
        root,
        &["rev-parse".into(), "--is-shallow-repository".into()],
    )
    .is_some_and(|answer| answer.trim() == "true");
    history
}

/// `git log` output in the format above -> each commit with the files it touched.
fn parse_log(log: &str) -> Vec<(Commit, Vec<String>)> {
    log.split('\u{1e}')
        .filter_map(|record| {
            let mut lines = record.lines();
            let mut fields = lines.next()?.split('\u{1f}');
            let commit = Commit {
                hash: fields.next()?.to_string(),
                date: fields.next()?.to_string(),
                subject: fields.next().unwrap_or("").to_string(),
            };
            let files = lines
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            Some((commit, files))
        })
        .collect()
}

/// The output of `git ARGS` in `root`, or `None` when git is missing or fails (not a
/// repository, a path outside it).
fn git(root: &Path, args: &[String]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_commits_and_their_files() {
        let log = "\u{1e}3f2a9c1\u{1f}2026-11-02\u{1f}Add the MFA step\n\narticles/a.md\narticles/b.md\n\u{1e}0b1c2d3\u{1f}2026-10-01\u{1f}\n\narticles/a.md\n";
        let parsed = parse_log(log);
        assert_eq!(parsed.len(), 2);
        assert_eq!(
            parsed[0].0,
            Commit {
                hash: "3f2a9c1".into(),
                date: "2026-11-02".into(),
                subject: "Add the MFA step".into()
            }
        );
        assert_eq!(parsed[0].1, ["articles/a.md", "articles/b.md"]);
        assert_eq!(parsed[1].0.subject, "");
    }

    #[test]
    fn outside_a_repository_there_is_no_history() {
        let dir = tempfile::tempdir().unwrap();
        let since = BTreeMap::from([("articles/a.md".to_string(), jiff::civil::date(2026, 1, 1))]);
        assert_eq!(commits_since(dir.path(), &since), History::default());
    }
}
