//! What the Docusaurus and Hugo importers share once each page is converted: the front matter
//! mapped onto kbpress's (title, summary, reviewed, type, applies_to), custom fields declared
//! with the type every page's value fits, the vocabularies and `site.toml`, category
//! `_index.md` files, and the report. Also the link helpers both need: a site path
//! (`/docs/intro`) that names a page becomes a relative link to its Markdown file.

use anyhow::Context as _;
use std::collections::{BTreeMap, BTreeSet};

use anyhow::bail;

use super::front_matter::{self, Article, Kind, Mapped, Placement};
use super::report::Report;
use super::site_config::{display_name, SiteToml};
use super::{body, Import, Mapping, Options, Tally};

/// The snippets a site's pages include (Docusaurus partials, Hugo `include`s), named from
/// their paths (`_partials/_contact.mdx` -> `partials/contact`), two files with one name getting
/// `-2`, `-3`.
#[derive(Default)]
pub struct SnippetNames {
    /// Snippet name -> the file it comes from.
    pub names: BTreeMap<String, String>,
    by_file: BTreeMap<String, String>,
}

impl SnippetNames {
    /// The snippet name of `file`, named from `path` (where it is under the docs or content
    /// folder), `fallback` when nothing of the path is left.
    pub fn name(&mut self, file: &str, path: &str, fallback: &str) -> String {
        if let Some(name) = self.by_file.get(file) {
            return name.clone();
        }
        let stem = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
        let parts: Vec<String> = stem
            .split('/')
            .filter(|part| !part.is_empty() && *part != "..")
            .map(crate::slug::slugify)
            .filter(|part| !part.is_empty())
            .collect();
        let base = if parts.is_empty() {
            fallback.to_string()
        } else {
            parts.join("/")
        };
        let mut name = base.clone();
        let mut counter = 2;
        while self.names.contains_key(&name) {
            name = format!("{base}-{counter}");
            counter += 1;
        }
        self.names.insert(name.clone(), file.to_string());
        self.by_file.insert(file.to_string(), name.clone());
        name
    }
}

/// A page converted, before the custom fields' types are known.
pub struct Page {
    /// Its path relative to the source folder, for the report.
    pub source: String,
    /// Its path under `articles/` (the mapping file's folders match it).
    pub relative: String,
    pub mapped: Mapped,
    pub placement: Placement,
    pub body: Vec<String>,
}

/// A category's `_index.md`.
pub struct Category {
    pub title: String,
    pub summary: Option<String>,
}

/// A source site converted, ready to become files.
pub struct Converted {
    pub format: &'static str,
    pub title: String,
    pub description: Option<String>,
    /// The published URL, when the source's configuration has one.
    pub base_url: Option<String>,
    pub pages: Vec<Page>,
    /// Snippet name -> its converted lines.
    pub snippets: BTreeMap<String, Vec<String>>,
    /// Path under `articles/` -> bytes (images, downloads).
    pub copied: BTreeMap<String, Vec<u8>>,
    /// Path under `assets/` -> bytes (the static files pages link to).
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Folder under `articles/` -> its title.
    pub categories: BTreeMap<String, Category>,
    pub notes: Vec<String>,
    /// The translation languages of site.toml, `(code, name)`.
    pub languages: Vec<(String, String)>,
    /// The language of the pages, when the source names it (`defaultLocale`).
    pub language: Option<String>,
    /// Translations, written as they are: path under `articles/` (`docs/install.fr.md`) ->
    /// text (see `translation_text`).
    pub translations: BTreeMap<String, String>,
}

/// The files under `folder`, sorted by path, without following symbolic links, each with its
/// path relative to `folder` (`/`-separated); a folder named `skipped` is not entered
/// (`node_modules` beside Docusaurus docs).
pub fn files_under(
    folder: &std::path::Path,
    skipped: Option<&str>,
) -> anyhow::Result<Vec<(std::path::PathBuf, String)>> {
    let walk = walkdir::WalkDir::new(folder)
        .sort_by_file_name()
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| skipped.is_none_or(|name| entry.file_name() != name));
    let mut files = Vec::new();
    for entry in walk {
        let entry = entry.with_context(|| format!("cannot read {}", folder.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = (entry.path().strip_prefix(folder).unwrap_or(entry.path()))
            .to_string_lossy()
            .replace('\\', "/");
        files.push((entry.into_path(), relative));
    }
    Ok(files)
}

/// `docs/install.fr.md` -> (`fr`, `docs/install.md`) when the page's name ends with a code of
/// `languages` (`(code, name)`): how Hugo, mkdocs-static-i18n and kbpress name a translation. A
/// section's `_index.fr.md` is no page translation (its title is the category's), and a file
/// that is no page (`logo.fr.png`) none at all.
pub fn translation_of(path: &str, languages: &[(String, String)]) -> Option<(String, String)> {
    if !is_page(path) {
        return None;
    }
    let (stem, extension) = path.rsplit_once('.')?;
    let (source_stem, code) = stem.rsplit_once('.')?;
    let name = source_stem.rsplit('/').next().unwrap_or(source_stem);
    if name.is_empty() || name == "_index" || code.contains('/') {
        return None;
    }
    let code = code.to_ascii_lowercase();
    (languages.iter().any(|(known, _)| *known == code))
        .then(|| (code, format!("{source_stem}.{extension}")))
}

/// A translation's file: its own title and summary, the source review it matches, and its
/// converted body.
pub fn translation_text(
    title: Option<&str>,
    summary: Option<&str>,
    source_reviewed: Option<jiff::civil::Date>,
    draft: bool,
    body: &[String],
) -> String {
    let quote = |text: &str| serde_json::to_string(text).unwrap_or_default();
    let mut text = String::from("---\n");
    if let Some(title) = title {
        text.push_str(&format!("title: {}\n", quote(title)));
    }
    if let Some(summary) = summary {
        text.push_str(&format!("summary: {}\n", quote(summary)));
    }
    if draft {
        text.push_str("draft: true\n");
    }
    if let Some(date) = source_reviewed {
        text.push_str(&format!("source_reviewed: {date}\n"));
    }
    text.push_str("---\n");
    text.push_str(&body.join("\n"));
    text.push('\n');
    text
}

/// The source's `static/` folder, published at the site's root by Docusaurus and Hugo: a page
/// linking to `/img/a.png` gets a relative link to `assets/img/a.png`, and the files linked to
/// are copied there.
pub struct StaticFiles {
    folder: std::path::PathBuf,
    used: std::cell::RefCell<BTreeSet<String>>,
}

impl StaticFiles {
    pub fn new(folder: std::path::PathBuf) -> StaticFiles {
        StaticFiles {
            folder,
            used: Default::default(),
        }
    }

    /// The KB path (`assets/img/a.png`) of the static file at a site path (`img/a.png`).
    pub fn find(&self, site_path: &str) -> Option<String> {
        let path = normalize(site_path).filter(|path| !path.is_empty())?;
        if !self.folder.join(&path).is_file() {
            return None;
        }
        self.used.borrow_mut().insert(path.clone());
        Some(format!("assets/{path}"))
    }

    /// The files linked to: path under `assets/` -> bytes.
    pub fn copies(&self) -> anyhow::Result<BTreeMap<String, Vec<u8>>> {
        let mut copies = BTreeMap::new();
        for path in self.used.borrow().iter() {
            let source = self.folder.join(path);
            let bytes = std::fs::read(&source)
                .map_err(|error| anyhow::anyhow!("cannot read {}: {error}", source.display()))?;
            copies.insert(path.clone(), bytes);
        }
        Ok(copies)
    }
}

/// `applies_to` of pages no mapping places: `--product`, else the site's name as an id.
pub fn default_product(options: &Options, site_title: &str) -> String {
    options.default_product.clone().unwrap_or_else(|| {
        let slug = crate::slug::slugify(site_title);
        if crate::config::is_identifier(&slug) {
            slug
        } else {
            "docs".into()
        }
    })
}

/// The KB's files and the report. Stops (writing nothing) when pages have no date and no
/// `--reviewed` was given.
pub fn finish(converted: Converted, mut tally: Tally, options: &Options) -> anyhow::Result<Import> {
    let default = default_product(options, &converted.title);
    let mut missing_dates = Vec::new();
    let mut dated = 0;
    let mut articles = Vec::new();
    for page in converted.pages {
        let stem = page.relative.rsplit('/').next().unwrap_or(&page.relative);
        let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
        let mut mapped = page.mapped;
        mapped.custom = valid_field_names(mapped.custom, &page.source, &mut tally);
        let title = mapped
            .title
            .or_else(|| front_matter::first_heading(&page.body))
            .unwrap_or_else(|| display_name(stem));
        let summary = mapped
            .description
            .or_else(|| front_matter::first_sentence(&page.body))
            // kbpress reads no variable in front matter: an escaped `\{{` is no summary.
            .filter(|summary| !summary.contains("{{"))
            .unwrap_or_else(|| title.clone());
        if mapped.reviewed.is_some() {
            dated += 1;
        } else if options.reviewed.is_none() {
            missing_dates.push(page.source.clone());
        }
        let article_type = Mapping::by_folder(&options.mapping.types, &page.relative)
            .cloned()
            .unwrap_or_else(|| options.default_type.clone());
        let mut applies_to: BTreeSet<String> =
            match Mapping::by_folder(&options.mapping.products, &page.relative) {
                Some(products) => products.iter().cloned().collect(),
                None => BTreeSet::from([default.clone()]),
            };
        for tag in &mapped.tags {
            if let Some(products) = options.mapping.tag_products.get(tag) {
                applies_to.extend(products.iter().cloned());
            }
        }
        let article = Article {
            title,
            summary,
            article_type,
            applies_to: applies_to.into_iter().collect(),
            reviewed: mapped.reviewed.or(options.reviewed),
            tags: mapped.tags,
            custom: mapped.custom,
        };
        articles.push((page.relative, article, page.placement, page.body));
    }
    if !missing_dates.is_empty() {
        bail!(
            "{} page{} have no date in their front matter (the first: {}): pass --reviewed \
             YYYY-MM-DD, the date to give them",
            missing_dates.len(),
            if missing_dates.len() == 1 { "" } else { "s" },
            missing_dates[0]
        );
    }

    let mut declared: BTreeMap<String, Kind> = BTreeMap::new();
    let mut types = BTreeSet::new();
    let mut products = BTreeMap::new();
    for (_, article, _, _) in &articles {
        for (name, value) in &article.custom {
            let kind = Kind::of(value);
            declared
                .entry(name.clone())
                .and_modify(|k| *k = k.merge(kind))
                .or_insert(kind);
        }
        types.insert(article.article_type.clone());
        for product in &article.applies_to {
            let name = if *product == default && options.default_product.is_none() {
                converted.title.clone()
            } else {
                display_name(product)
            };
            products.insert(product.clone(), name);
        }
    }
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let article_count = articles.len();
    for (relative, article, placement, body) in &articles {
        let mut text = front_matter::write_placed(article, placement, &declared);
        text.push_str(&body.join("\n"));
        text.push('\n');
        files.insert(format!("articles/{relative}"), text.into_bytes());
    }
    for (name, lines) in &converted.snippets {
        files.insert(
            format!("snippets/{name}.md"),
            (lines.join("\n") + "\n").into_bytes(),
        );
    }
    let mut report = Report {
        format: converted.format.into(),
        ..Report::default()
    };
    for (path, bytes) in converted.copied {
        files.insert(format!("articles/{path}"), bytes);
        report.files_copied += 1;
    }
    for (path, bytes) in converted.assets {
        files.insert(format!("assets/{path}"), bytes);
        report.files_copied += 1;
        tally.count("static file -> assets/");
    }
    for (path, text) in &converted.translations {
        files.insert(format!("articles/{path}"), text.clone().into_bytes());
    }
    for (folder, category) in &converted.categories {
        let mut text = format!("---\ntitle: {}\n", serde_json::to_string(&category.title)?);
        if let Some(summary) = &category.summary {
            text.push_str(&format!("summary: {}\n", serde_json::to_string(summary)?));
        }
        text.push_str("---\n");
        files.insert(format!("articles/{folder}/_index.md"), text.into_bytes());
        tally.count("category title -> _index.md");
    }

    let base_url = match &converted.base_url {
        Some(url) if url.starts_with("http") => {
            report
                .notes
                .push(format!("base_url from the site's URL: {url}"));
            if url.ends_with('/') {
                url.clone()
            } else {
                format!("{url}/")
            }
        }
        _ => {
            report.notes.push(
                "base_url: the source names no URL, so site.toml has the placeholder that \
                 `kbpress check` warns about until you set it"
                    .into(),
            );
            crate::config::PLACEHOLDER_BASE_URL.to_string()
        }
    };
    report.notes.extend(converted.notes);
    report.notes.push(format!(
        "reviewed: from a date in the front matter for {dated} pages, else --reviewed{}; git \
         history is not read (a commit date is not a review, and an exported tree has none)",
        options
            .reviewed
            .map(|d| format!(" ({d})"))
            .unwrap_or_default()
    ));
    report.notes.push(format!(
        "type: `{}` unless the mapping file names the folder; applies_to: `{default}` unless it \
         does",
        options.default_type
    ));
    report.notes.push(
        "title: the front matter's title, else the first H1, else the file name; summary: \
         description, else the first sentence"
            .into(),
    );
    let variables = BTreeMap::new();
    let site = SiteToml {
        title: &converted.title,
        description: converted.description.as_deref(),
        base_url: &base_url,
        products: &products,
        types: &types,
        fields: &declared,
        variables: &variables,
        languages: &converted.languages,
        language: converted.language.as_deref(),
    };
    files.insert("site.toml".into(), site.render().into_bytes());

    tally.not_converted.sort();
    report.articles = article_count;
    report.snippets = converted.snippets.len();
    report.converted = tally.converted;
    report.not_converted = tally.not_converted;
    report.fields = declared
        .iter()
        .map(|(name, kind)| (name.clone(), kind.name().to_string()))
        .collect();
    files.insert("IMPORT.md".into(), report.markdown().into_bytes());
    Ok(Import { files, report })
}

/// `{{` escaped outside code spans (`\{{`): kbpress would read a variable or an include
/// there, and neither Docusaurus nor Hugo (once its shortcodes are converted) has one.
pub fn literal_braces(line: &str) -> String {
    if !line.contains("{{") {
        return line.to_string();
    }
    body::code_spans(line)
        .into_iter()
        .map(|(is_code, segment)| {
            if is_code {
                segment.to_string()
            } else {
                segment.replace("{{", "\\{{")
            }
        })
        .collect()
}

/// Custom fields under names site.toml accepts (`cSpell:ignore` -> `cSpell-ignore`): a
/// letter first, then letters, digits, `_`, `-`, `.` and spaces. Each rename is reported.
fn valid_field_names(
    fields: BTreeMap<String, super::front_matter::Kept>,
    file: &str,
    tally: &mut Tally,
) -> BTreeMap<String, super::front_matter::Kept> {
    fields
        .into_iter()
        .map(|(name, value)| {
            if crate::config::is_field_name(&name) {
                return (name, value);
            }
            let mut valid: String = name
                .trim_end()
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ') {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            if !valid.starts_with(char::is_alphabetic) {
                valid = format!("field-{valid}");
            }
            tally.skip(
                file,
                0,
                "front matter field name",
                &name,
                &format!("renamed `{valid}`: site.toml field names are letters, digits, `_`, `-`, `.` and spaces"),
            );
            (valid, value)
        })
        .collect()
}

/// The path from the folder of `from` to `to` (both relative to one root, `/`-separated).
pub fn relative_path(from: &str, to: &str) -> String {
    let from_folder: Vec<&str> = match from.rsplit_once('/') {
        Some((folder, _)) => folder.split('/').collect(),
        None => Vec::new(),
    };
    let target: Vec<&str> = to.split('/').collect();
    let common = from_folder
        .iter()
        .zip(&target)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_folder.len() - common];
    parts.extend(&target[common..]);
    parts.join("/")
}

/// `a/./b/../c` -> `a/c`; `None` when it climbs above the root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// Every Markdown link and image destination of `line` outside code spans, passed to
/// `replace`: `Some(new)` replaces it. Angle-bracket destinations and titles are kept.
pub fn rewrite_destinations(line: &str, mut replace: impl FnMut(&str) -> Option<String>) -> String {
    if !line.contains("](") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    for (is_code, segment) in body::code_spans(line) {
        if is_code {
            out.push_str(segment);
            continue;
        }
        let mut rest = segment;
        while let Some(at) = rest.find("](") {
            out.push_str(&rest[..at + 2]);
            rest = &rest[at + 2..];
            // The destination runs to the first space or the `)` closing the link (a `(`
            // inside it opens a pair).
            let mut depth = 0;
            let end = rest
                .char_indices()
                .find(|&(_, c)| match c {
                    '(' => {
                        depth += 1;
                        false
                    }
                    ')' if depth == 0 => true,
                    ')' => {
                        depth -= 1;
                        false
                    }
                    ' ' => true,
                    _ => false,
                })
                .map_or(rest.len(), |(index, _)| index);
            let destination = &rest[..end];
            match replace(destination) {
                Some(new) => out.push_str(&new),
                None => out.push_str(destination),
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
    }
    out
}

/// Whether `path` is where a page's text lives (`.md`, `.mdx`, `.markdown`).
pub fn is_page(path: &str) -> bool {
    [".md", ".mdx", ".markdown"]
        .iter()
        .any(|extension| path.to_ascii_lowercase().ends_with(extension))
}

/// `a/b.mdx` -> `a/b.md`: every kbpress article is a `.md` file.
pub fn article_path(path: &str) -> String {
    match path.rsplit_once('.') {
        Some((stem, _)) if is_page(path) => format!("{stem}.md"),
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(relative_path("a/b/x.md", "a/c/y.md"), "../c/y.md");
        assert_eq!(relative_path("x.md", "a/y.md"), "a/y.md");
        assert_eq!(relative_path("a/x.md", "y.md"), "../y.md");
        assert_eq!(relative_path("a/x.md", "a/y.md"), "y.md");
        assert_eq!(normalize("a/./b/../c"), Some("a/c".into()));
        assert_eq!(normalize("../a"), None);
    }

    #[test]
    fn destinations_outside_code_are_rewritten() {
        let line = "See [a](/docs/a \"T\"), ![i](x.png) and `[c](/docs/c)`.";
        let rewritten = rewrite_destinations(line, |d| {
            d.strip_prefix("/docs/").map(|rest| format!("{rest}.md"))
        });
        assert_eq!(
            rewritten,
            "See [a](a.md \"T\"), ![i](x.png) and `[c](/docs/c)`."
        );
        assert_eq!(article_path("a/b.mdx"), "a/b.md");
        assert_eq!(article_path("a/b.png"), "a/b.png");
    }
}
