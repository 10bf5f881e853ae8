//! `.kbpress/external-links.json`: what each URL answered and when, so a run (a CI job with a
//! cached folder) re-checks only what is new or stale.
//!
//! The cache stores raw [`Probed`] results, not verdicts: how long an entry stays fresh depends
//! on the verdict under the current configuration, which the caller decides. It is a
//! convenience, never a source of failure: a missing file is an empty cache, a corrupt or
//! foreign one is ignored with a warning, and it is written whole to a temporary file and
//! renamed over the old one, so a killed run never leaves half a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::probe::Probed;

/// Where the cache lives, relative to the KB root (`kbpress init` ignores `/.kbpress/`).
pub const CACHE_FILE: &str = ".kbpress/external-links.json";
/// Bumped when the format changes; other versions are ignored, not misread.
const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// When the URL was checked, in seconds since 1970.
    pub checked: u64,
    pub result: Probed,
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Default)]
pub struct Cache {
    path: PathBuf,
    entries: BTreeMap<String, Entry>,
}

pub fn seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Cache {
    /// Reads the cache at `path`; the warning says why an existing file was ignored.
    pub fn load(path: &Path) -> (Cache, Option<String>) {
        let empty = Cache {
            path: path.to_path_buf(),
            entries: BTreeMap::new(),
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return (empty, None),
            Err(error) => {
                let warning = format!("ignoring the link cache {}: {error}", path.display());
                return (empty, Some(warning));
            }
        };
        match serde_json::from_slice::<CacheFile>(&bytes) {
            Ok(file) if file.version == VERSION => (
                Cache {
                    entries: file.entries,
                    ..empty
                },
                None,
            ),
            Ok(file) => {
                let warning = format!(
                    "ignoring the link cache {}: it is version {}, this kbpress writes version {VERSION}",
                    path.display(),
                    file.version
                );
                (empty, Some(warning))
            }
            Err(error) => {
                let warning = format!(
                    "ignoring the corrupt link cache {} ({error}); it will be rewritten",
                    path.display()
                );
                (empty, Some(warning))
            }
        }
    }

    /// The cached result for `url` if it is younger than `fresh_for(result)` at `now`.
    pub fn get(
        &self,
        url: &str,
        now: SystemTime,
        fresh_for: impl Fn(&Probed) -> Duration,
    ) -> Option<&Probed> {
        let entry = self.entries.get(url)?;
        let age = seconds(now).checked_sub(entry.checked)?;
        (age < fresh_for(&entry.result).as_secs()).then_some(&entry.result)
    }

    pub fn insert(&mut self, url: &str, result: Probed, now: SystemTime) {
        let entry = Entry {
            checked: seconds(now),
            result,
        };
        self.entries.insert(url.to_string(), entry);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Drops entries that can no longer be fresh (`fresh_for(url, result)`), then writes the
    /// file atomically.
    pub fn save(
        &mut self,
        now: SystemTime,
        fresh_for: impl Fn(&str, &Probed) -> Duration,
    ) -> std::io::Result<()> {
        let now = seconds(now);
        self.entries.retain(|url, entry| {
            now.checked_sub(entry.checked)
                .is_some_and(|age| age < fresh_for(url, &entry.result).as_secs())
        });
        let file = CacheFile {
            version: VERSION,
            entries: std::mem::take(&mut self.entries),
        };
        let result = write_atomically(&self.path, &file);
        self.entries = file.entries;
        result
    }
}

fn write_atomically(path: &Path, file: &CacheFile) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let mut bytes = serde_json::to_vec_pretty(file).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    // The temporary name is unique per process, so two runs at once never write one file.
    let temporary = folder.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("cache"),
        std::process::id()
    ));
    let written =
        std::fs::write(&temporary, &bytes).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::external::probe::Answer;

    fn ok() -> Probed {
        Probed {
            answer: Answer::Status { status: 200 },
            moved_to: None,
            final_url: None,
            retry_after_secs: None,
            attempts: 1,
        }
    }

    const DAY: Duration = Duration::from_secs(86_400);

    #[test]
    fn round_trips_and_expires() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CACHE_FILE);
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let (mut cache, warning) = Cache::load(&path);
        assert!(cache.is_empty() && warning.is_none());
        cache.insert("https://a.example/", ok(), now);
        cache.insert("https://old.example/", ok(), now - DAY * 2);
        cache.save(now, |_, _| DAY).unwrap();
        let (cache, warning) = Cache::load(&path);
        assert_eq!((cache.len(), warning), (1, None));
        let later = now + Duration::from_secs(3600);
        assert_eq!(cache.get("https://a.example/", later, |_| DAY), Some(&ok()));
        assert_eq!(
            cache.get("https://a.example/", later, |_| Duration::from_secs(60)),
            None
        );
        assert_eq!(cache.get("https://a.example/", now + DAY, |_| DAY), None);
        // No temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn corrupt_or_foreign_caches_are_ignored_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.json");
        std::fs::write(&path, "{\"version\": 1, \"entries\": {\"x\": ").unwrap();
        let (cache, warning) = Cache::load(&path);
        assert!(cache.is_empty());
        assert!(warning.unwrap().contains("corrupt"));
        std::fs::write(&path, "{\"version\": 99, \"entries\": {}}").unwrap();
        assert!(Cache::load(&path).1.unwrap().contains("version 99"));
        std::fs::write(&path, [0xff, 0xfe, 0]).unwrap();
        assert!(Cache::load(&path).1.is_some());
    }
}
