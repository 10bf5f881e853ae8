//! Watching the KB: `site.toml`, `articles/`, `assets/`, `snippets/` and `themes/`, debounced, with editor
//! temporary files ignored, and a polling fallback when the system's watch limit is reached.
//!
//! The KB root is watched on its own (not recursively, so `public/` or `target/` cost no
//! watches) to see `site.toml` and the top folders come and go; each top folder is watched
//! recursively, and watched again when it is deleted and recreated or renamed back.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, Debouncer, FileIdCache, NoCache, RecommendedCache,
};

use crate::config::CONFIG_FILE;

/// The folders of a KB that a build reads.
pub const WATCHED_FOLDERS: [&str; 4] = ["articles", "assets", "snippets", "themes"];

/// How long a path must be quiet before its events are passed on.
pub const DEBOUNCE: Duration = Duration::from_millis(150);
/// How often the debouncer looks for quiet paths.
pub const TICK: Duration = Duration::from_millis(30);
/// How often the polling fallback scans the KB. (It compares contents too: file times are
/// only compared in whole seconds, and two saves within a second must not be missed.)
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What the watcher tells the build loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// These KB-relative paths changed (in the order first seen, without repeats).
    Changed(Vec<String>),
    /// Events were lost: rebuild everything.
    Rescan,
    /// The system's watch limit was reached while watching: switch to polling.
    LimitReached(String),
}

/// The part of a debouncer the watcher uses, for either back-end.
trait Backend: Send {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()>;
    fn unwatch(&mut self, path: &Path) -> notify::Result<()>;
}

impl<T: notify::Watcher + Send, C: FileIdCache + Send> Backend for Debouncer<T, C> {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        Debouncer::watch(self, path, mode)
    }
    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        Debouncer::unwatch(self, path)
    }
}

pub struct Watcher {
    root: PathBuf,
    backend: Box<dyn Backend>,
    sender: Sender<Message>,
    polling: bool,
}

impl Watcher {
    /// Starts watching the KB at `root` (an absolute path). Falls back to polling when native
    /// watching fails (or when `force_polling`); the second value says why it did.
    pub fn start(
        root: &Path,
        sender: Sender<Message>,
        force_polling: bool,
    ) -> anyhow::Result<(Watcher, Option<String>)> {
        if !force_polling {
            match Self::native(root, sender.clone()) {
                Ok(watcher) => return Ok((watcher, None)),
                Err(error) => {
                    let watcher = Self::polling(root, sender)?;
                    return Ok((watcher, Some(format!("{error}"))));
                }
            }
        }
        let watcher = Self::polling(root, sender)?;
        Ok((watcher, Some("polling was asked for".into())))
    }

    fn native(root: &Path, sender: Sender<Message>) -> notify::Result<Watcher> {
        let backend = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
            DEBOUNCE,
            Some(TICK),
            handler(root.to_path_buf(), sender.clone()),
            RecommendedCache::new(),
            notify::Config::default(),
        )?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            backend: Box::new(backend),
            sender,
            polling: false,
        };
        watcher.watch_all()?;
        Ok(watcher)
    }

    fn polling(root: &Path, sender: Sender<Message>) -> anyhow::Result<Watcher> {
        let backend = new_debouncer_opt::<_, PollWatcher, NoCache>(
            DEBOUNCE,
            Some(TICK),
            handler(root.to_path_buf(), sender.clone()),
            NoCache,
            notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true),
        )?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            backend: Box::new(backend),
            sender,
            polling: true,
        };
        watcher.watch_all()?;
        Ok(watcher)
    }

    pub fn is_polling(&self) -> bool {
        self.polling
    }

    /// Replaces the native watcher with the polling one.
    pub fn fall_back_to_polling(&mut self) -> anyhow::Result<()> {
        if !self.polling {
            *self = Self::polling(&self.root, self.sender.clone())?;
        }
        Ok(())
    }

    fn watch_all(&mut self) -> notify::Result<()> {
        self.backend
            .watch(&self.root, RecursiveMode::NonRecursive)?;
        for folder in WATCHED_FOLDERS {
            self.watch_folder(folder)?;
        }
        Ok(())
    }

    fn watch_folder(&mut self, folder: &str) -> notify::Result<()> {
        let path = self.root.join(folder);
        let _ = self.backend.unwatch(&path);
        if path.is_dir() {
            self.backend.watch(&path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    /// After a batch of changes: watches again each top folder that was created, deleted,
    /// renamed or replaced, since its old watch (if any) died with it.
    pub fn rewatch(&mut self, changed: &[String]) -> notify::Result<()> {
        for folder in WATCHED_FOLDERS {
            if changed.iter().any(|path| path == folder) {
                self.watch_folder(folder)?;
            }
        }
        Ok(())
    }
}

/// The debouncer's callback: keeps the paths a build reads, drops everything else.
fn handler(root: PathBuf, sender: Sender<Message>) -> impl FnMut(DebounceEventResult) + Send {
    move |result| match result {
        Ok(events) => {
            let mut seen = HashSet::new();
            let mut changed = Vec::new();
            let mut rescan = false;
            for event in &events {
                if event.need_rescan() {
                    rescan = true;
                }
                // Reading a file (our own builds do) is not a change.
                if matches!(event.kind, EventKind::Access(_)) {
                    continue;
                }
                for path in &event.paths {
                    if let Some(relative) = relevant(&root, path, path.is_dir()) {
                        if seen.insert(relative.clone()) {
                            changed.push(relative);
                        }
                    }
                }
            }
            if rescan {
                let _ = sender.send(Message::Rescan);
            } else if !changed.is_empty() {
                let _ = sender.send(Message::Changed(changed));
            }
        }
        Err(errors) => {
            if let Some(error) = errors
                .iter()
                .find(|e| matches!(e.kind, notify::ErrorKind::MaxFilesWatch))
            {
                let _ = sender.send(Message::LimitReached(error.to_string()));
            }
        }
    }
}

/// The KB-relative path of `path` if a build reads it: `site.toml`, or anything under a
/// watched folder that is not an editor's temporary file or in a folder the loader skips.
/// `is_folder` says whether `path` is a folder now.
pub fn relevant(root: &Path, path: &Path, is_folder: bool) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let (name, folders) = parts.split_last()?;
    let first = parts.first()?;
    let wanted = if parts.len() == 1 && first == CONFIG_FILE {
        true
    } else {
        WATCHED_FOLDERS.contains(&first.as_str())
    };
    // The editor-file patterns are about the file an event names: a folder in its path (or the
    // event's own folder) called `4913` or `x.kate-swp` is a real folder the loader reads, and
    // only what the loader skips (hidden folders, `x~`, ...) is skipped here too.
    let skipped_folder = |part: &String| crate::load::walk::is_ignored(std::ffi::OsStr::new(part));
    let skipped_name = if is_folder {
        skipped_folder(name)
    } else {
        is_editor_file(name)
    };
    if !wanted || skipped_name || folders.iter().any(skipped_folder) {
        return None;
    }
    Some(parts.join("/"))
}

/// Files editors write beside the real one and that kbpress never reads: hidden files (vim's
/// `.x.swp`, emacs's `.#x` lock), backups (`x~`), swap and temporary files, emacs autosaves
/// (`#x#`), JetBrains safe-write files, and vim's write probe (`4913`, `5036`, ...).
pub fn is_editor_file(name: &str) -> bool {
    const SUFFIXES: [&str; 8] = [
        "~",
        ".swp",
        ".swx",
        ".swo",
        ".tmp",
        ".kate-swp",
        "___jb_tmp___",
        "___jb_old___",
    ];
    name.starts_with('.')
        || SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || is_vim_probe(name)
}

/// Vim checks that a folder is writable by creating `4913` (then `5036`, `5159`, ... when taken).
fn is_vim_probe(name: &str) -> bool {
    name.bytes().all(|b| b.is_ascii_digit())
        && name
            .parse::<u64>()
            .is_ok_and(|n| n >= 4913 && (n - 4913) % 123 == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for name in [
            ".invoice.md.swp",
            "invoice.md.swp",
            ".invoice.md.swx",
            "invoice.md~",
            "#invoice.md#",
            ".#invoice.md",
            "invoice.md.tmp",
            "4913",
            "5036",
            ".DS_Store",
            "invoice.md___jb_tmp___",
        ] {
            assert!(is_editor_file(name), "{name}");
        }
        for name in [
            "invoice.md",
            "4914",
            "2024.md",
            "#hash.md",
            "a.svg",
            "_index.md",
        ] {
            assert!(!is_editor_file(name), "{name}");
        }
    }

    #[test]
    fn only_what_a_build_reads_is_relevant() {
        let root = Path::new("/kb");
        let rel = |p: &str| relevant(root, &root.join(p), false);
        assert_eq!(rel("site.toml").as_deref(), Some("site.toml"));
        assert_eq!(
            relevant(root, &root.join("articles"), true).as_deref(),
            Some("articles")
        );
        assert_eq!(
            rel("articles/billing/invoice.md").as_deref(),
            Some("articles/billing/invoice.md")
        );
        assert_eq!(rel("assets/logo.png").as_deref(), Some("assets/logo.png"));
        assert_eq!(
            rel("snippets/contact-support.md").as_deref(),
            Some("snippets/contact-support.md"),
            "articles include snippets"
        );
        assert_eq!(
            rel("themes/default/templates/base.html").as_deref(),
            Some("themes/default/templates/base.html")
        );
        for ignored in [
            "README.md",
            "public/index.html",
            "target/debug/kbpress",
            "articles/billing/.invoice.md.swp",
            "articles/billing/4913",
            "articles/.git/HEAD",
            "articles/backup~/a.md",
            "site.toml~",
            "nested/site.toml",
        ] {
            assert_eq!(rel(ignored), None, "{ignored}");
        }
        assert_eq!(
            relevant(root, Path::new("/elsewhere/site.toml"), false),
            None
        );
        assert_eq!(relevant(root, &root.join("articles/.git"), true), None);
    }

    #[test]
    fn folders_named_like_editor_files_are_watched() {
        let root = Path::new("/kb");
        // Folders named like vim's write probe (issue 17): the loader reads them, so edits
        // inside must rebuild.
        for path in [
            "articles/errors/4913/x.md",
            "articles/errors/5036/x.md",
            "articles/4913/5159/x.md",
            "assets/x.kate-swp/logo.png",
        ] {
            assert_eq!(
                relevant(root, &root.join(path), false).as_deref(),
                Some(path),
                "{path}"
            );
        }
        // The folder itself, created or renamed into place, is a change too; a probe file of
        // that name is not.
        assert_eq!(
            relevant(root, &root.join("articles/errors/4913"), true).as_deref(),
            Some("articles/errors/4913")
        );
        assert_eq!(
            relevant(root, &root.join("articles/errors/4913"), false),
            None
        );
        assert_eq!(
            relevant(root, &root.join("articles/4913/4913"), false),
            None
        );
    }

    fn wait_for(rx: &std::sync::mpsc::Receiver<Message>, want: &str) -> Vec<Message> {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        while std::time::Instant::now() < deadline {
            if let Ok(message) = rx.recv_timeout(Duration::from_millis(100)) {
                let hit =
                    matches!(&message, Message::Changed(paths) if paths.iter().any(|p| p == want));
                seen.push(message);
                if hit {
                    return seen;
                }
            }
        }
        panic!("no change of {want} seen; got {seen:?}");
    }

    fn watch_a_kb(force_polling: bool) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("articles/billing")).unwrap();
        std::fs::write(root.join("site.toml"), "").unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let (mut watcher, fallback) = Watcher::start(&root, tx, force_polling).unwrap();
        assert_eq!(watcher.is_polling(), force_polling, "{fallback:?}");
        std::thread::sleep(Duration::from_millis(400));
        std::fs::write(root.join("articles/billing/a.md"), "x").unwrap();
        wait_for(&rx, "articles/billing/a.md");
        std::fs::write(root.join("site.toml"), "title = 1").unwrap();
        wait_for(&rx, "site.toml");
        // A top folder deleted and created again is watched again.
        std::fs::remove_dir_all(root.join("articles")).unwrap();
        std::fs::create_dir_all(root.join("articles/new")).unwrap();
        let seen = wait_for(&rx, "articles");
        for message in &seen {
            if let Message::Changed(paths) = message {
                watcher.rewatch(paths).unwrap();
            }
        }
        std::thread::sleep(Duration::from_millis(400));
        std::fs::write(root.join("articles/new/b.md"), "x").unwrap();
        wait_for(&rx, "articles/new/b.md");
    }

    #[test]
    fn native_watching_sees_changes_and_recreated_folders() {
        watch_a_kb(false);
    }

    #[test]
    fn polling_sees_changes_and_recreated_folders() {
        watch_a_kb(true);
    }
}
