//! Finds the KB's files: sorted, skipping hidden and editor files, refusing symlinks that leave
//! the KB (nothing outside the KB root is ever read or copied).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::site::{RefusedKind, RefusedPath};

#[derive(Debug, Default)]
pub struct Walked {
    /// Markdown article files (KB-relative paths), sorted.
    pub articles: Vec<String>,
    /// `_index.md` category files.
    pub category_files: Vec<String>,
    /// Category folders (every folder under `articles/`, and `articles` itself).
    pub folders: Vec<String>,
    /// Markdown snippet files under `snippets/` (KB-relative paths), sorted.
    pub snippets: Vec<String>,
    /// Every other file.
    pub files: Vec<String>,
    pub refused: Vec<RefusedPath>,
}

/// Walks `articles/`, `assets/` and `snippets/` under `root`.
pub fn walk(root: &Path) -> std::io::Result<Walked> {
    let canonical_root = root.canonicalize()?;
    let mut walked = Walked::default();
    for top in [
        crate::urls::ARTICLES_DIR,
        crate::urls::ASSETS_DIR,
        crate::urls::SNIPPETS_DIR,
    ] {
        let top_path = root.join(top);
        if !top_path.is_dir() {
            continue;
        }
        let mut walker = WalkDir::new(&top_path)
            .follow_links(false)
            // By file name: siblings share their parent's path, so comparing whole paths gives
            // the same order, with a plain byte compare instead of finding each file name
            // again for every comparison (2.4% of a check of 10,000 articles).
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name()));
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().map(|p| relative(root, p)).unwrap_or_default();
                    walked.refused.push(RefusedPath {
                        path,
                        reason: format!("cannot be read: {error}"),
                        help: HELP_UNREADABLE,
                        kind: RefusedKind::Unreadable,
                    });
                    continue;
                }
            };
            let path = relative(root, entry.path());
            let mut file_type = entry.file_type();
            if file_type.is_symlink() {
                match inside_target(&canonical_root, entry.path()).and_then(|target| {
                    std::fs::metadata(&target).map_err(|e| format!("cannot be read: {e}"))
                }) {
                    Ok(metadata) => file_type = metadata.file_type(),
                    Err(reason) => {
                        walked.refused.push(RefusedPath {
                            path,
                            reason,
                            help: HELP_SYMLINK,
                            kind: RefusedKind::Symlink,
                        });
                        continue;
                    }
                }
                if file_type.is_dir() {
                    walked.refused.push(RefusedPath {
                        path,
                        reason: "is a symlink to a folder, which kbpress does not follow".into(),
                        help: HELP_SYMLINK,
                        kind: RefusedKind::Symlink,
                    });
                    continue;
                }
            }
            let is_article = (top == crate::urls::ARTICLES_DIR
                && path.ends_with(".md")
                && !path.ends_with("/_index.md"))
                || (top == crate::urls::SNIPPETS_DIR && path.ends_with(".md"));
            if !file_type.is_dir() && !file_type.is_file() && !is_article {
                // A pipe, socket or device: reading it could block forever or never end.
                // (Articles are read by `article::read`, which reports them as unreadable.)
                walked.refused.push(RefusedPath {
                    path,
                    reason:
                        "is not a regular file (a pipe, socket or device); kbpress does not read it"
                            .into(),
                    help: "move it out of the KB folder",
                    kind: RefusedKind::Unreadable,
                });
                continue;
            }
            if file_type.is_dir() && entry.depth() > MAX_FOLDER_DEPTH {
                // Every page of a category lists its whole trail (breadcrumbs) with URLs as
                // long as the trail, so the output grows with the cube of the nesting: 1,500
                // nested folders took 44 s. No real KB nests this deep.
                walker.skip_current_dir();
                walked.refused.push(RefusedPath {
                    path,
                    reason: format!(
                        "is nested more than {MAX_FOLDER_DEPTH} folders deep; kbpress does not \
                         read deeper folders (nor the files in them)"
                    ),
                    help: "move it up: categories nest a few levels, not dozens",
                    kind: RefusedKind::Unpublishable,
                });
                continue;
            }
            if entry.depth() > 0 {
                if let Some(reason) = unpublishable_name(top, &path, file_type.is_dir()) {
                    if file_type.is_dir() {
                        walker.skip_current_dir();
                    }
                    walked.refused.push(RefusedPath {
                        path,
                        reason,
                        help: "rename it: letters, digits, `-`, `_` and `.` publish everywhere",
                        kind: RefusedKind::Unpublishable,
                    });
                    continue;
                }
            }
            if file_type.is_dir() {
                if top == crate::urls::ARTICLES_DIR {
                    walked.folders.push(path);
                }
            } else if top == crate::urls::ARTICLES_DIR && path.ends_with("/_index.md") {
                walked.category_files.push(path);
            } else if top == crate::urls::ARTICLES_DIR && path.ends_with(".md") {
                walked.articles.push(path);
            } else if top == crate::urls::SNIPPETS_DIR && path.ends_with(".md") {
                walked.snippets.push(path);
            } else {
                walked.files.push(path);
            }
        }
    }
    Ok(walked)
}

/// How deep folders under `articles/` or `assets/` may nest.
pub const MAX_FOLDER_DEPTH: usize = 32;

const HELP_SYMLINK: &str = "replace the symlink with the file itself, or point it inside the KB";
const HELP_UNREADABLE: &str = "check the file's permissions";

/// Why a file or folder cannot be published under its name, if it cannot. The site must be
/// writable on every platform a KB team uses, so names Windows refuses (`con`, `a:b.png`, a
/// trailing dot) are reported here, with the path, instead of failing or vanishing at write time.
fn unpublishable_name(top: &str, path: &str, is_folder: bool) -> Option<String> {
    // Snippets are never published under their own name: only their content, in articles.
    let is_markdown = (top == crate::urls::ARTICLES_DIR || top == crate::urls::SNIPPETS_DIR)
        && path.ends_with(".md");
    if top == crate::urls::ARTICLES_DIR && (is_folder || is_markdown) {
        // Articles and categories publish under slugs, but their own names still reach
        // terminals, CI logs and Windows checkouts: a control character (an escape sequence,
        // a newline that starts a fake CI command) or a `:` is refused like any other file's.
        let name = path.rsplit('/').next().unwrap_or(path);
        if let Some(c) = name.chars().find(|&c| c.is_control() || c == ':') {
            let what = if is_folder {
                "category folder"
            } else {
                "article"
            };
            let article_note = if is_folder {
                "; its articles are not loaded"
            } else {
                ""
            };
            return Some(format!(
                "cannot be published on every system: the {what}'s name contains {c:?}, which \
                 terminals, CI logs or Windows do not take as part of a name{article_note}"
            ));
        }
    }
    if is_folder && top == crate::urls::ARTICLES_DIR {
        // Category folders publish under their slug, which is always portable unless it is a
        // device name; the articles inside are skipped with it (and reported through it).
        let name = path.rsplit('/').next().unwrap_or(path);
        let slug = crate::slug::slugify(name);
        return crate::urls::is_windows_device(&slug).then(|| {
            format!(
                "is a category folder whose URL would end in `{slug}/`, a name Windows reserves \
                 for a device; its articles are not loaded"
            )
        });
    }
    if is_folder || is_markdown {
        // Asset folders are checked through the files in them; articles publish under slugs.
        return None;
    }
    let output = crate::urls::file_output_path(path);
    if crate::urls::is_safe_output_path(output) {
        return None;
    }
    let name = output.rsplit('/').next().unwrap_or(output);
    let problem = if crate::urls::is_windows_device(name) {
        format!(
            "`{}` is a name Windows reserves for a device",
            name.split('.').next().unwrap_or(name)
        )
    } else if let Some(c) = crate::urls::forbidden_character(name) {
        format!("it contains {c:?}, which Windows does not allow in file names")
    } else if name.ends_with('.') || name.ends_with(' ') {
        "it ends in a dot or space, which Windows drops".to_string()
    } else {
        "a folder in its path cannot be published".to_string()
    };
    Some(format!("cannot be published on every system: {problem}"))
}

/// Hidden files and folders, and editor temp/swap/backup files. (`serve`'s watcher skips the
/// same folders.)
pub(crate) fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// The canonical target of a symlink, if it stays inside the KB.
fn inside_target(canonical_root: &Path, link: &Path) -> Result<PathBuf, String> {
    match link.canonicalize() {
        Ok(target) if target.starts_with(canonical_root) => Ok(target),
        Ok(target) => Err(format!(
            "is a symlink to {}, outside the KB; kbpress reads nothing outside the KB",
            target.display()
        )),
        Err(error) => Err(format!("is a broken or looping symlink ({error})")),
    }
}

/// A KB-relative path with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_hidden_and_editor_files() {
        for name in [".git", ".x.md.swp", "a.md~", "#a.md#", "a.tmp"] {
            assert!(is_ignored(std::ffi::OsStr::new(name)), "{name}");
        }
        assert!(!is_ignored(std::ffi::OsStr::new("refunds.md")));
    }

    #[test]
    fn walks_sorted_and_classifies() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("articles/b")).unwrap();
        std::fs::create_dir_all(root.join("assets")).unwrap();
        for file in [
            "articles/z.md",
            "articles/b/_index.md",
            "articles/b/a.md",
            "articles/b/p.png",
            "assets/i.svg",
            "articles/.hidden.md",
        ] {
            std::fs::write(root.join(file), "x").unwrap();
        }
        let walked = walk(root).unwrap();
        assert_eq!(walked.articles, vec!["articles/b/a.md", "articles/z.md"]);
        assert_eq!(walked.category_files, vec!["articles/b/_index.md"]);
        assert_eq!(walked.folders, vec!["articles", "articles/b"]);
        assert_eq!(walked.files, vec!["articles/b/p.png", "assets/i.svg"]);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_pipes_instead_of_blocking_on_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("articles/c")).unwrap();
        for fifo in ["articles/p.md", "articles/p.png", "articles/c/_index.md"] {
            let status = std::process::Command::new("mkfifo")
                .arg(root.join(fifo))
                .status()
                .unwrap();
            assert!(status.success());
        }
        let walked = walk(root).unwrap();
        assert_eq!(walked.articles, vec!["articles/p.md"], "reported when read");
        assert!(walked.category_files.is_empty() && walked.files.is_empty());
        let refused: Vec<_> = walked.refused.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(refused, vec!["articles/c/_index.md", "articles/p.png"]);
        assert!(walked.refused[0].reason.contains("not a regular file"));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_out_of_the_kb_and_loops() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "s").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("articles")).unwrap();
        std::fs::write(root.join("articles/real.md"), "x").unwrap();
        let link = |target: &Path, name: &str| {
            std::os::unix::fs::symlink(target, root.join("articles").join(name)).unwrap()
        };
        link(&outside.path().join("secret.md"), "out.md");
        link(outside.path(), "outdir");
        link(&root.join("articles/loop.md"), "loop.md");
        link(&root.join("articles/real.md"), "inside.md");
        let walked = walk(root).unwrap();
        assert_eq!(
            walked.articles,
            vec!["articles/inside.md", "articles/real.md"]
        );
        let refused: Vec<_> = walked.refused.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(
            refused,
            vec!["articles/loop.md", "articles/out.md", "articles/outdir"]
        );
    }
}
