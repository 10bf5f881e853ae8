//! Writing a site to disk without ever losing or half-writing one.
//!
//! A build goes into a temporary folder beside the output folder, and is swapped in with two
//! renames only when it is complete: a failed or killed build leaves the previous site as it
//! was. kbpress only ever replaces a folder it created (it holds a marker file), and refuses
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
    for source in ["articles", "assets", "themes", ".git"] {
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
}

impl StagedOutput {
    /// Creates the staging folder (after cleaning up what a killed build may have left).
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
        recover_interrupted_swap(&output, parent, &name)?;
        let staging = parent.join(format!(".{name}.kbpress-staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
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
        })
    }

    pub fn files_written(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Swaps the finished build in: the old site is moved aside, the new one renamed into
    /// place, the old one removed.
    pub fn commit(mut self) -> anyhow::Result<PathBuf> {
        let parent = self.output.parent().context("no parent")?.to_path_buf();
        let name = self
            .output
            .file_name()
            .context("no name")?
            .to_string_lossy()
            .to_string();
        let previous = parent.join(format!(".{name}.kbpress-previous"));
        if previous.exists() {
            std::fs::remove_dir_all(&previous)
                .with_context(|| format!("cannot remove {}", previous.display()))?;
        }
        if self.output.exists() {
            std::fs::rename(&self.output, &previous).with_context(|| {
                format!("cannot move the old site {} aside", self.output.display())
            })?;
        }
        std::fs::rename(&self.staging, &self.output)
            .with_context(|| format!("cannot move the new site into {}", self.output.display()))?;
        self.committed = true;
        if previous.exists() {
            std::fs::remove_dir_all(&previous)
                .with_context(|| format!("cannot remove {}", previous.display()))?;
        }
        Ok(self.output.clone())
    }
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

/// Cleans up after a build that was killed: staging folders of dead builds are removed, and if
/// the kill came between the two renames of a swap, the previous site is put back.
fn recover_interrupted_swap(output: &Path, parent: &Path, name: &str) -> anyhow::Result<()> {
    let previous = parent.join(format!(".{name}.kbpress-previous"));
    if !output.exists() && previous.join(MARKER).exists() {
        std::fs::rename(&previous, output)
            .with_context(|| format!("cannot restore {}", output.display()))?;
    }
    let prefix = format!(".{name}.kbpress-staging-");
    for entry in std::fs::read_dir(parent)
        .with_context(|| format!("cannot read {}", parent.display()))?
        .flatten()
    {
        let file_name = entry.file_name().to_string_lossy().to_string();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let alive = pid.parse::<u32>().is_ok_and(|pid| {
            pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists()
        });
        if !alive && entry.path().join(MARKER).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    Ok(())
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
    fn paths_that_leave_the_folder_are_refused() {
        let dir = kb();
        let staged = StagedOutput::begin(&dir.path().join("public")).unwrap();
        for bad in ["../x", "/etc/x", "a/../../x", "a\\b"] {
            assert!(staged.put(bad, Vec::new()).is_err(), "{bad}");
        }
    }
}
