//! The export's files as data: the Help Center API's list responses (`{"articles": [...]}`),
//! read page by page, with the fields the import uses (serde leaves the others out).

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{bail, Context as _};
use serde::Deserialize;
use serde_json::Value;

use super::super::Tally;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct Category {
    pub id: u64,
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    pub description: Option<String>,
    pub html_url: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct Section {
    pub id: u64,
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    pub description: Option<String>,
    pub category_id: Option<u64>,
    pub parent_section_id: Option<u64>,
    pub html_url: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct Article {
    pub id: u64,
    #[serde(deserialize_with = "null_default")]
    pub title: String,
    pub body: Option<String>,
    pub html_url: Option<String>,
    pub section_id: Option<u64>,
    #[serde(deserialize_with = "null_default")]
    pub label_names: Vec<String>,
    #[serde(deserialize_with = "null_default")]
    pub draft: bool,
    #[serde(deserialize_with = "null_default")]
    pub promoted: bool,
    pub position: Option<i64>,
    pub vote_sum: Option<i64>,
    pub vote_count: Option<i64>,
    pub updated_at: Option<String>,
    pub edited_at: Option<String>,
    pub user_segment_id: Option<u64>,
    #[serde(deserialize_with = "null_default")]
    pub user_segment_ids: Vec<u64>,
    pub locale: Option<String>,
    pub source_locale: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct UserSegment {
    pub id: u64,
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    /// `signed_in` or `staff`.
    #[serde(deserialize_with = "null_default")]
    pub user_type: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct Attachment {
    pub id: u64,
    pub article_id: u64,
    #[serde(deserialize_with = "null_default")]
    pub file_name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct Translation {
    pub source_id: u64,
    #[serde(deserialize_with = "null_default")]
    pub locale: String,
    #[serde(deserialize_with = "null_default")]
    pub title: String,
}

/// A field's value, its default when absent or `null` (exports hold `"label_names": null`).
fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// The items of one list response (`{"articles": [...]}`) in every page of it: `NAME.json`,
/// `NAME-2.json`..., and the `.json` files of a folder `NAME/`, in that order; each with the
/// file it came from. The first item with an id wins (pages of a paginated export overlap when
/// content changed while it ran).
pub(super) fn list<T: for<'de> Deserialize<'de>>(
    source: &Path,
    name: &str,
    tally: &mut Tally,
) -> anyhow::Result<Vec<(String, T)>> {
    let mut files: Vec<(u64, String)> = Vec::new();
    let entries =
        std::fs::read_dir(source).with_context(|| format!("cannot read {}", source.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", source.display()))?;
        let file = entry.file_name().to_string_lossy().into_owned();
        if file == format!("{name}.json") {
            files.push((1, file));
        } else if let Some(page) = file
            .strip_prefix(&format!("{name}-"))
            .and_then(|rest| rest.strip_suffix(".json"))
            .and_then(|page| page.parse::<u64>().ok())
        {
            files.push((page, file));
        } else if file == name && entry.path().is_dir() {
            let mut pages: Vec<String> = std::fs::read_dir(entry.path())
                .with_context(|| format!("cannot read {}", entry.path().display()))?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|f| f.ends_with(".json"))
                .collect();
            pages.sort();
            for page in pages {
                files.push((u64::MAX, format!("{name}/{page}")));
            }
        }
    }
    files.sort();
    let mut items = Vec::new();
    let mut seen = BTreeSet::new();
    for (_, file) in files {
        let text = std::fs::read_to_string(source.join(&file))
            .with_context(|| format!("cannot read {}", source.join(&file).display()))?;
        let value: Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", source.join(&file).display()))?;
        let Some(Value::Array(array)) = value.get(name) else {
            bail!(
                "{}: no `{name}` list (a Help Center API list response holds `{{\"{name}\": [...]}}`)",
                source.join(&file).display()
            );
        };
        for (index, item) in array.iter().enumerate() {
            let id = item.get("id").and_then(Value::as_u64);
            let locale = item.get("locale").and_then(Value::as_str).unwrap_or("");
            if let Some(id) = id {
                if !seen.insert((id, locale.to_lowercase())) {
                    continue;
                }
            }
            match serde_json::from_value::<T>(item.clone()) {
                Ok(parsed) => items.push((file.clone(), parsed)),
                Err(error) => tally.skip(
                    &format!(
                        "{file}#{}",
                        id.map_or(format!("item {}", index + 1), |id| id.to_string())
                    ),
                    0,
                    name,
                    &item.to_string(),
                    &format!("not imported: {error}"),
                ),
            }
        }
    }
    Ok(items)
}

/// The items of every `.json` page in the folder `name/` (translations are saved per article).
pub(super) fn list_folder<T: for<'de> Deserialize<'de>>(
    root: &Path,
    name: &str,
    tally: &mut Tally,
) -> anyhow::Result<Vec<(String, T)>> {
    let mut items = Vec::new();
    let folder = root.join(name);
    let mut pages: Vec<String> = std::fs::read_dir(&folder)
        .with_context(|| format!("cannot read {}", folder.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".json"))
        .collect();
    pages.sort();
    for page in pages {
        let file = format!("{name}/{page}");
        let text = std::fs::read_to_string(root.join(&file))
            .with_context(|| format!("cannot read {}", root.join(&file).display()))?;
        let value: Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", root.join(&file).display()))?;
        let Some(Value::Array(array)) = value.get(name) else {
            tally.skip(
                &file,
                0,
                name,
                &file,
                &format!("not read: no `{name}` list"),
            );
            continue;
        };
        for item in array {
            if let Ok(parsed) = serde_json::from_value::<T>(item.clone()) {
                items.push((file.clone(), parsed));
            }
        }
    }
    Ok(items)
}
