//! Writing a site to disk without ever losing or half-writing one.
//!
//! A build goes into a temporary folder beside the output folder, and is swapped in only when
//! it is complete: one atomic exchange of the two folders where the system has it
//! (`renameat2(RENAME_EXCHANGE)` on Linux), else two renames, the old site moved aside first.
//! A failed or killed build leaves the previous site as it was; the next build puts back a
//! site that a kill between the two renames left aside, and says so. Once the new site is in
//! place the build has succeeded: an old copy that cannot be removed is a warning, and the next
//! build removes it. Builds into one output folder take turns: each holds a lock (`flock` on
//! the folder that contains the output folder) from staging to swap.
//!
//! kbpress only ever replaces a folder it created (it holds a marker file), and refuses
//! output folders that would destroy sources: the KB root, a parent of it, `articles/`, ...

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{bail, Context as _};

use crate::render::Sink;
use crate::urls::is_safe_output_path;

/// The file that marks a folder as kbpress output, safe to replace.
pub const MARKER: &str = ".kbpress-output";

/// Checks that `output` may be (re)written for the KB at `root`. `force` allows replacing a
/// non-empty folder that kbpress did not create; nothing allows the refused places.
pub fn validate_output_folder(root: &Path, output: &Path, force: bool) -> anyhow::Result<()> {
    let root = absolute(root)?;
    let output = absolute(output)?;
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let refuse = |why: &str| -> anyhow::Result<()> {
        bail!(
            "refusing to write the site to {}: {why}; choose another --out folder",
            output.display()
        )
    };
    if output.parent().is_none() {
        return refuse("it is the file system root");
    }
    if home
        .as_deref()
        .is_some_and(|home| absolute(home).ok().as_deref() == Some(output.as_path()))
    {
        return refuse("it is your home folder");
    }
    if root.starts_with(&output) {
        return refuse("it is the KB folder or contains it");
    }
    for source in ["articles", "assets", "snippets", "themes", ".git"] {
        if output.starts_with(root.join(source)) {
            return refuse(&format!("it is inside the KB's `{source}` folder"));
        }
    }
    if output.is_file() {
        return refuse("it is a file");
    }
    if output.is_dir() && !output.join(MARKER).exists() && !force {
        let empty = std::fs::read_dir(&output)
            .with_context(|| format!("cannot read {}", output.display()))?
            .next()
            .is_none();
        if !empty {
            return refuse(
                "it is not empty and was not created by kbpress (use --force to replace it)",
            );
        }
    }
    Ok(())
}

/// What is in `output` now, for a build that publishes nothing: "the previous site in public
/// is unchanged", or what a build interrupted while swapping left.
pub fn describe(output: &Path) -> String {
    let output = absolute(output).unwrap_or_else(|_| output.to_path_buf());
    let shown = output.display();
    if output.join(MARKER).exists() {
        return format!("the previous site in {shown} is unchanged");
    }
    if output.exists() {
        return format!("{shown} is unchanged");
    }
    match aside(&output) {
        Some(previous) if previous.join(MARKER).exists() => format!(
            "{shown} is missing: a build was interrupted while swapping sites and left the previous one in {}; the next build that publishes puts it back",
            previous.display()
        ),
        _ => format!("nothing was written to {shown}"),
    }
}

/// Where the two-rename swap moves the old site: `.public.kbpress-previous` beside `public`.
fn aside(output: &Path) -> Option<PathBuf> {
    let name = output.file_name()?.to_string_lossy();
    Some(output.with_file_name(format!(".{name}.kbpress-previous")))
}

/// `path` made absolute and cleaned of `.` and `..` without touching the file system, so a
/// folder that does not exist yet can still be compared with the KB root.
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .context("cannot read the current folder")?
            .join(path)
    };
    let joined = joined.canonicalize().unwrap_or(joined);
    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    Ok(clean)
}

/// A build in progress in a temporary folder beside the output folder.
pub struct StagedOutput {
    output: PathBuf,
    staging: PathBuf,
    files: AtomicUsize,
    /// Folders under `staging` already created: most files share their folder with others
    /// (a page and its Markdown copy, 10,000 search documents), and asking the file system
    /// again for each was one `stat` per file written.
    folders: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    committed: bool,
    /// What cleaning up after earlier builds found and did, for the CLI to print.
    notes: Vec<String>,
    /// Held until this build is swapped in or given up, so another build into the same
    /// folder waits instead of racing (released when the file is closed).
    _lock: Option<std::fs::File>,
}

/// A swapped-in build: where it is, and what to warn about (an old copy left behind).
#[derive(Debug)]
pub struct Published {
    pub output: PathBuf,
    pub warnings: Vec<String>,
}

impl StagedOutput {
    /// Creates the staging folder, once no other build into `output` is running, after
    /// cleaning up what earlier builds left (see [`StagedOutput::notes`]).
    pub fn begin(output: &Path) -> anyhow::Result<StagedOutput> {
        let output = absolute(output)?;
        let parent = output.parent().context("the output folder has no parent")?;
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let name = output
            .file_name()
            .context("the output folder has no name")?
            .to_string_lossy()
            .to_string();
        let lock = lock(parent)?;
        let notes = recover(&output, parent, &name)?;
        let staging = parent.join(format!(".{name}.kbpress-staging-{}", std::process::id()));
        if staging.exists() {
            remove_tree(&staging)
                .with_context(|| format!("cannot remove {}", staging.display()))?;
        }
        std::fs::create_dir(&staging)
            .with_context(|| format!("cannot create {}", staging.display()))?;
        std::fs::write(
            staging.join(MARKER),
            "This folder was written by kbpress and is replaced by each build.\n",
        )
        .with_context(|| format!("cannot write in {}", staging.display()))?;
        Ok(StagedOutput {
            output,
            staging,
            folders: Default::default(),
            files: AtomicUsize::new(0),
            committed: false,
            notes,
            _lock: lock,
        })
    }

    pub fn files_written(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// What [`StagedOutput::begin`] found left by earlier builds and did about it (a site put
    /// back after an interrupted swap, an old copy it could not remove).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Swaps the finished build in. After the swap the build has succeeded whatever happens
    /// to the old site: failing to remove it is a warning (the next build tries again).
    pub fn commit(self) -> anyhow::Result<Published> {
        self.commit_removing_with(|old| {
            provoke_removal_failure_for_tests()?;
            remove_tree(old)
        })
    }

    /// [`StagedOutput::commit`] with the removal of the old site given, for tests.
    fn commit_removing_with(
        mut self,
        remove: impl Fn(&Path) -> std::io::Result<()>,
    ) -> anyhow::Result<Published> {
        let old = match swap(&self.staging, &self.output)? {
            // The old site is where the new one was staged.
            Swap::Exchanged => Some(self.staging.clone()),
            Swap::Renamed { aside } => aside,
        };
        self.committed = true;
        let mut warnings = Vec::new();
        if let Some(old) = old {
            if let Err(error) = remove(&old) {
                warnings.push(format!(
                    "the new site is in place, but the previous one could not be removed from {} ({error}); the next build removes it",
                    old.display()
                ));
            }
        }
        Ok(Published {
            output: self.output.clone(),
            warnings,
        })
    }
}

/// Debug builds only: with `KBPRESS_TEST_KEEP_PREVIOUS` set, removing the previous site after
/// the swap fails, as it does on a read-only tree (which tests running as root cannot make).
/// Release builds compile this to nothing.
fn provoke_removal_failure_for_tests() -> std::io::Result<()> {
    #[cfg(debug_assertions)]
    if std::env::var_os("KBPRESS_TEST_KEEP_PREVIOUS").is_some() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "provoked test failure",
        ));
    }
    Ok(())
}

/// How [`swap`] put the new site in place.
#[derive(Debug, PartialEq, Eq)]
enum Swap {
    /// One atomic exchange: the old site is now at the staging path.
    Exchanged,
    /// Renames: the old site (if there was one) moved to `aside` first.
    Renamed { aside: Option<PathBuf> },
}

/// Puts `staging` at `output`: atomically exchanged with the old site where the system can,
/// else the old site renamed aside and the new one renamed in (a kill between the two leaves
/// no `output`, which [`recover`] repairs).
fn swap(staging: &Path, output: &Path) -> anyhow::Result<Swap> {
    if output.exists() && exchange(staging, output)? {
        return Ok(Swap::Exchanged);
    }
    let aside = aside(output).context("the output folder has no name")?;
    let moved_aside = if output.exists() {
        if aside.exists() {
            remove_tree(&aside).with_context(|| format!("cannot remove {}", aside.display()))?;
        }
        std::fs::rename(output, &aside)
            .with_context(|| format!("cannot move the old site {} aside", output.display()))?;
        Some(aside)
    } else {
        None
    };
    if let Err(error) = std::fs::rename(staging, output) {
        // Put the old site back rather than leave no site (the next build would, too).
        if let Some(aside) = &moved_aside {
            let _ = std::fs::rename(aside, output);
        }
        return Err(error)
            .with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    Ok(Swap::Renamed { aside: moved_aside })
}

/// Exchanges two folders atomically: `Ok(false)` when this system or file system cannot.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(first: &Path, second: &Path) -> anyhow::Result<bool> {
    use std::os::unix::ffi::OsStrExt as _;
    let path = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes());
    let (Ok(first_c), Ok(second_c)) = (path(first), path(second)) else {
        return Ok(false);
    };
    // The system call, not glibc's wrapper: older C libraries lack it.
    // SAFETY: both are NUL-terminated paths that outlive the call.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            first_c.as_ptr(),
            libc::AT_FDCWD,
            second_c.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(true);
    }
    let error = std::io::Error::last_os_error();
    match error.raw_os_error() {
        // No such system call, or a file system without the flag: rename instead.
        Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(error).with_context(|| {
            format!(
                "cannot swap the new site {} into {}",
                first.display(),
                second.display()
            )
        }),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_first: &Path, _second: &Path) -> anyhow::Result<bool> {
    Ok(false)
}

/// Waits for, then holds, the lock of builds into `parent`: `flock` on the folder itself, so
/// there is no lock file to leave behind. (Builds on systems without `flock` do not wait.)
#[cfg(unix)]
fn lock(parent: &Path) -> anyhow::Result<Option<std::fs::File>> {
    use std::os::fd::AsRawFd as _;
    let folder = std::fs::File::open(parent)
        .with_context(|| format!("cannot open {} to lock it", parent.display()))?;
    loop {
        // SAFETY: a valid open descriptor, owned by `folder` for the whole call.
        if unsafe { libc::flock(folder.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(Some(folder));
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error).with_context(|| {
                format!(
                    "cannot lock {} against another build into it",
                    parent.display()
                )
            });
        }
    }
}

#[cfg(not(unix))]
fn lock(_parent: &Path) -> anyhow::Result<Option<std::fs::File>> {
    Ok(None)
}

/// Removes a folder kbpress wrote; when that fails (a read-only tree), makes its folders
/// writable by their owner and tries once more.
fn remove_tree(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) if path.exists() => {
            for entry in walkdir::WalkDir::new(path).into_iter().flatten() {
                if entry.file_type().is_dir() {
                    if let Ok(metadata) = entry.metadata() {
                        let mut permissions = metadata.permissions();
                        make_owner_writable(&mut permissions);
                        let _ = std::fs::set_permissions(entry.path(), permissions);
                    }
                }
            }
            std::fs::remove_dir_all(path)
        }
        other => other,
    }
}

#[cfg(unix)]
fn make_owner_writable(permissions: &mut std::fs::Permissions) {
    use std::os::unix::fs::PermissionsExt as _;
    permissions.set_mode(permissions.mode() | 0o700);
}

#[cfg(not(unix))]
#[allow(clippy::permissions_set_readonly_false)]
fn make_owner_writable(permissions: &mut std::fs::Permissions) {
    permissions.set_readonly(false);
}

impl Drop for StagedOutput {
    /// A build that fails (or panics) removes its staging folder and leaves the old site.
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

impl StagedOutput {
    /// Creates `folder` (and its parents) unless this build already did.
    fn create_folder(&self, folder: &Path) -> anyhow::Result<()> {
        // A poisoned lock only means another thread panicked while holding it; the set is
        // still a correct list of folders created.
        let folders = || self.folders.lock().unwrap_or_else(|e| e.into_inner());
        if !folders().contains(folder) {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
            folders().insert(folder.to_path_buf());
        }
        Ok(())
    }
}

impl Sink for StagedOutput {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        if !is_safe_output_path(path) {
            bail!("refusing to write `{path}`: it would leave the output folder");
        }
        let full = self.staging.join(path);
        if let Some(folder) = full.parent() {
            self.create_folder(folder)?;
        }
        std::fs::write(&full, bytes).with_context(|| format!("cannot write {}", full.display()))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Cleans up after earlier builds (with the lock held, so none is running): a site that a
/// kill between the two renames of a swap left aside is put back, and staging folders and old
/// copies left behind are removed. Returns what it found and did, for the CLI to say.
fn recover(output: &Path, parent: &Path, name: &str) -> anyhow::Result<Vec<String>> {
    let mut notes = Vec::new();
    let previous = parent.join(format!(".{name}.kbpress-previous"));
    if previous.join(MARKER).exists() {
        if output.exists() {
            if let Err(error) = remove_tree(&previous) {
                notes.push(format!(
                    "cannot remove {}, a previous site left by an earlier build ({error}); remove it yourself",
                    previous.display()
                ));
            }
        } else {
            std::fs::rename(&previous, output)
                .with_context(|| format!("cannot restore {}", output.display()))?;
            notes.push(format!(
                "{} was missing: an earlier build was interrupted while swapping sites; put the previous site back from {}",
                output.display(),
                previous.display()
            ));
        }
    }
    let prefix = format!(".{name}.kbpress-staging-");
    for entry in std::fs::read_dir(parent)
        .with_context(|| format!("cannot read {}", parent.display()))?
        .flatten()
    {
        let file_name = entry.file_name().to_string_lossy().to_string();
        if !file_name.starts_with(&prefix) || !entry.path().join(MARKER).exists() {
            continue;
        }
        // Under the lock no other build is staging here: this is an interrupted build, or an
        // old site that could not be removed after an exchange.
        if let Err(error) = remove_tree(&entry.path()) {
            notes.push(format!(
                "cannot remove {}, left by an earlier build ({error}); remove it yourself",
                entry.path().display()
            ));
        }
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["articles/billing", "assets", "themes"] {
            std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        }
        dir
    }

    #[test]
    fn refuses_places_that_hold_sources() {
        let dir = kb();
        let root = dir.path();
        for bad in [
            root.to_path_buf(),
            root.join("."),
            root.join("articles"),
            root.join("articles/billing/out"),
            root.join("assets"),
            root.join("themes/x"),
            root.join(".."),
            PathBuf::from("/"),
        ] {
            let error = validate_output_folder(root, &bad, true)
                .unwrap_err()
                .to_string();
            assert!(error.contains("refusing"), "{}: {error}", bad.display());
        }
        if let Some(home) = std::env::var_os("HOME") {
            assert!(validate_output_folder(root, Path::new(&home), true).is_err());
        }
    }

    #[test]
    fn refuses_a_foreign_non_empty_folder_unless_forced() {
        let dir = kb();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "x").unwrap();
        assert!(validate_output_folder(dir.path(), &out, false)
            .unwrap_err()
            .to_string()
            .contains("--force"));
        assert!(validate_output_folder(dir.path(), &out, true).is_ok());
        std::fs::remove_file(out.join("precious.txt")).unwrap();
        assert!(
            validate_output_folder(dir.path(), &out, false).is_ok(),
            "empty folders are fine"
        );
    }

    #[test]
    fn a_committed_build_replaces_the_old_site_and_leaves_no_temp_folders() {
        let dir = kb();
        let out = dir.path().join("public");
        for round in ["one", "two"] {
            let staged = StagedOutput::begin(&out).unwrap();
            staged
                .put(&format!("{round}/index.html"), round.as_bytes().to_vec())
                .unwrap();
            staged.commit().unwrap();
        }
        assert!(out.join("two/index.html").exists());
        assert!(!out.join("one").exists(), "old files are gone");
        assert!(out.join(MARKER).exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .filter(|n| n.to_string_lossy().contains("kbpress"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_failed_build_leaves_the_old_site_intact() {
        let dir = kb();
        let out = dir.path().join("public");
        let staged = StagedOutput::begin(&out).unwrap();
        staged.put("index.html", b"old".to_vec()).unwrap();
        staged.commit().unwrap();
        let staged = StagedOutput::begin(&out).unwrap();
        staged.put("index.html", b"half".to_vec()).unwrap();
        drop(staged);
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            4,
            "no staging folder left"
        );
    }

    #[test]
    fn an_interrupted_swap_is_recovered() {
        let dir = kb();
        let out = dir.path().join("public");
        let previous = dir.path().join(".public.kbpress-previous");
        std::fs::create_dir_all(&previous).unwrap();
        std::fs::write(previous.join(MARKER), "").unwrap();
        std::fs::write(previous.join("index.html"), "old").unwrap();
        let dead_staging = dir.path().join(".public.kbpress-staging-999999999");
        std::fs::create_dir_all(&dead_staging).unwrap();
        std::fs::write(dead_staging.join(MARKER), "").unwrap();
        let staged = StagedOutput::begin(&out).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
        assert!(!dead_staging.exists());
        drop(staged);
    }

    #[test]
    fn an_interrupted_swap_is_described_then_put_back_and_said() {
        let dir = kb();
        let out = dir.path().join("public");
        assert!(describe(&out).starts_with("nothing was written to"));
        let staged = StagedOutput::begin(&out).unwrap();
        staged.put("index.html", b"old".to_vec()).unwrap();
        staged.commit().unwrap();
        assert!(describe(&out).starts_with("the previous site in"));
        // A kill between the two renames of the fallback swap.
        std::fs::rename(&out, dir.path().join(".public.kbpress-previous")).unwrap();
        let said = describe(&out);
        assert!(
            said.contains("public is missing") && said.contains(".public.kbpress-previous"),
            "{said}"
        );
        let staged = StagedOutput::begin(&out).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(staged.notes().len(), 1, "{:?}", staged.notes());
        assert!(
            staged.notes()[0].contains("was missing")
                && staged.notes()[0].contains("put the previous site back"),
            "{:?}",
            staged.notes()
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_swap_is_one_atomic_exchange_on_linux() {
        let dir = kb();
        let (first, second) = (dir.path().join("first"), dir.path().join("second"));
        std::fs::create_dir(&first).unwrap();
        std::fs::create_dir(&second).unwrap();
        std::fs::write(first.join("a"), "first").unwrap();
        std::fs::write(second.join("a"), "second").unwrap();
        assert_eq!(swap(&first, &second).unwrap(), Swap::Exchanged);
        assert_eq!(std::fs::read_to_string(second.join("a")).unwrap(), "first");
        assert_eq!(std::fs::read_to_string(first.join("a")).unwrap(), "second");
        // Into an output folder that does not exist yet: one rename.
        let new = dir.path().join("new");
        assert_eq!(swap(&first, &new).unwrap(), Swap::Renamed { aside: None });
        assert!(!first.exists());
    }

    #[test]
    fn a_previous_site_that_cannot_be_removed_is_a_warning_and_removed_next_time() {
        let dir = kb();
        let out = dir.path().join("public");
        let staged = StagedOutput::begin(&out).unwrap();
        staged.put("old/index.html", b"old".to_vec()).unwrap();
        staged.commit().unwrap();
        let staged = StagedOutput::begin(&out).unwrap();
        staged.put("new/index.html", b"new".to_vec()).unwrap();
        let published = staged
            .commit_removing_with(|_| Err(std::io::Error::other("read-only")))
            .unwrap();
        assert!(out.join("new/index.html").exists(), "published");
        assert!(!out.join("old").exists());
        assert_eq!(published.warnings.len(), 1);
        assert!(
            published.warnings[0].contains("could not be removed")
                && published.warnings[0].contains("read-only"),
            "{:?}",
            published.warnings
        );
        let leftovers = || {
            std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().contains("kbpress"))
                .count()
        };
        assert_eq!(leftovers(), 1);
        let staged = StagedOutput::begin(&out).unwrap();
        assert!(staged.notes().is_empty(), "{:?}", staged.notes());
        drop(staged);
        assert_eq!(leftovers(), 0, "the next build removed it");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_old_tree_is_removed() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = kb();
        let tree = dir.path().join("tree");
        std::fs::create_dir_all(tree.join("a/b")).unwrap();
        std::fs::write(tree.join("a/b/c.html"), "x").unwrap();
        for folder in ["tree/a/b", "tree/a", "tree"] {
            std::fs::set_permissions(
                dir.path().join(folder),
                std::fs::Permissions::from_mode(0o555),
            )
            .unwrap();
        }
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        let dir = kb();
        let staged = StagedOutput::begin(&dir.path().join("public")).unwrap();
        for bad in ["../x", "/etc/x", "a/../../x", "a\\b"] {
            assert!(staged.put(bad, Vec::new()).is_err(), "{bad}");
        }
    }
}
