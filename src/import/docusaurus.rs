//! Docusaurus: `docusaurus.config.js` (title, tagline, URL, the docs folder and its route, client
//! redirects; `config.rs`), the pages of the docs folder (Markdown and MDX, converted by
//! `mdx.rs`), `_category_.json`/`_category_.yml` labels (-> category titles), `_`-prefixed
//! partials (-> snippets, converted when a page imports them), and the other files beside the
//! pages (copied). Each page's Docusaurus URL is worked out as Docusaurus does (number prefixes
//! dropped, `id`, `slug`, `index`/`README` pages), so links to doc URLs and redirects' targets
//! find their page.

mod config;
mod mdx;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{bail, Context as _};
use serde_yaml::Value;

use super::assembly::{self, article_path, is_page, normalize, relative_path, Category, Page};
use super::body;
use super::front_matter::{self, Placement};
use super::site_config::display_name;
use super::{Import, Options, Tally};
use config::Config;

/// `01-intro` -> `intro`, as Docusaurus's default number prefix parser reads a name.
fn without_number_prefix(name: &str) -> &str {
    let digits = name.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return name;
    }
    let rest = name[digits..].trim_start();
    let separators = rest
        .chars()
        .take_while(|c| matches!(c, '-' | '_' | '.'))
        .count();
    if separators == 0 {
        return name;
    }
    let suffix = rest[separators..].trim_start();
    if suffix.is_empty() || suffix.starts_with(['-', '_', '.']) {
        return name;
    }
    suffix
}

fn text_field(fields: &BTreeMap<String, Value>, key: &str) -> Option<String> {
    match fields.get(key)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// A doc's URL path under the docs route, without slashes (`setup/install`; empty for the
/// route itself).
fn doc_path(relative: &str, fields: &BTreeMap<String, Value>) -> String {
    let (folder, file) = relative.rsplit_once('/').unwrap_or(("", relative));
    let folder: Vec<&str> = folder
        .split('/')
        .filter(|part| !part.is_empty())
        .map(without_number_prefix)
        .collect();
    let folder = folder.join("/");
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let joined = |tail: &str| {
        if folder.is_empty() {
            tail.to_string()
        } else {
            format!("{folder}/{tail}")
        }
    };
    let path = if let Some(slug) = text_field(fields, "slug") {
        match slug.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => joined(&slug),
        }
    } else {
        let last_folder = folder.rsplit('/').next().unwrap_or("");
        let bare = without_number_prefix(stem);
        let is_index = stem.eq_ignore_ascii_case("index")
            || stem.eq_ignore_ascii_case("readme")
            || (!last_folder.is_empty() && bare == last_folder);
        if is_index && text_field(fields, "id").is_none() {
            folder.clone()
        } else {
            joined(&text_field(fields, "id").unwrap_or_else(|| bare.to_string()))
        }
    };
    normalize(&path).unwrap_or_default()
}

/// A URL path as a key of the page map: no slashes around, no `.html`.
fn url_key(path: &str) -> Option<String> {
    let path = path.strip_suffix(".html").unwrap_or(path);
    normalize(path)
}

/// One page read, before its body is converted.
struct Source {
    relative: String,
    shown: String,
    fields: BTreeMap<String, Value>,
    yaml: String,
    body: String,
    first_line: usize,
}

/// Partials found by pages' imports: name -> the file (relative to the site folder).
type Partials = super::assembly::SnippetNames;

/// What a page's links and imports resolve against.
struct Site<'a> {
    root: &'a Path,
    /// The docs folder, relative to the site folder (`docs`, `../docs`).
    docs_path: &'a str,
    /// Pages: path under the docs folder (as in the source) -> its article path.
    pages: &'a BTreeMap<String, String>,
    /// Doc URL key (`docs/setup/install`) -> its article path.
    urls: &'a BTreeMap<String, String>,
    base_path: &'a str,
    partials: &'a mut Partials,
    statics: &'a assembly::StaticFiles,
}

/// One page's (or partial's) view of the site.
struct PageResolver<'a, 'b> {
    site: &'a mut Site<'b>,
    /// Its folder under the docs folder (`setup`), for relative paths.
    folder: String,
    /// Its place in the KB (`articles/setup/install.md`, `snippets/contact.md`).
    from: String,
    /// Its URL key, for relative URL links.
    url: String,
}

impl mdx::Resolve for PageResolver<'_, '_> {
    fn partial(&mut self, path: &str) -> Option<String> {
        let source = if let Some(from_site) = path.strip_prefix("@site/") {
            normalize(from_site)?
        } else {
            let joined = normalize(&format!("{}/{}", self.folder, path))?;
            let docs = self.site.docs_path.trim_end_matches('/');
            if docs.is_empty() || docs == "." {
                joined
            } else {
                format!("{docs}/{joined}")
            }
        };
        if !self.site.root.join(&source).is_file() {
            return None;
        }
        let docs = format!("{}/", self.site.docs_path.trim_end_matches('/'));
        let name = source.strip_prefix(&docs).unwrap_or(&source).to_string();
        Some(self.site.partials.name(&source, &name, "partial"))
    }

    fn link(&mut self, destination: &str) -> Option<String> {
        if destination.is_empty()
            || destination.starts_with('#')
            || destination.starts_with('<')
            || destination.contains("://")
            || destination.contains(':') && !destination.starts_with(['.', '/'])
        {
            return None;
        }
        let split = destination.find(['#', '?']).unwrap_or(destination.len());
        let (path, anchor) = destination.split_at(split);
        if path.is_empty() {
            return None;
        }
        let target = if is_page(path) {
            let joined = match path.strip_prefix('/') {
                Some(absolute) => normalize(absolute)?,
                None => normalize(&format!("{}/{}", self.folder, path))?,
            };
            match self.site.pages.get(&joined) {
                Some(article) => article.clone(),
                // A link to a page that does not exist stays broken, but to the `.md` name.
                None if path.ends_with(".mdx") => {
                    return Some(format!("{}.md{anchor}", &path[..path.len() - 4]));
                }
                None => return None,
            }
        } else {
            // Docusaurus puts baseUrl before a Markdown link's path itself; a path written
            // with it names the same page.
            let within = path.strip_prefix('/').map(|absolute| {
                let base = self.site.base_path.trim_matches('/');
                let absolute = absolute.trim_end_matches('/');
                match absolute.strip_prefix(base) {
                    Some(rest)
                        if !base.is_empty() && (rest.is_empty() || rest.starts_with('/')) =>
                    {
                        rest
                    }
                    _ => absolute,
                }
            });
            let last = path.rsplit('/').next().unwrap_or(path);
            if last.contains('.') && !last.ends_with(".html") {
                // An image or a download: from `static/` when the path is the site's.
                let asset = self.site.statics.find(within?)?;
                return Some(format!("{}{anchor}", relative_path(&self.from, &asset)));
            }
            let key = match within {
                Some(within) => url_key(within)?,
                None => {
                    let folder = self.url.rsplit_once('/').map_or("", |(folder, _)| folder);
                    url_key(&format!("{folder}/{path}"))?
                }
            };
            self.site.urls.get(&key)?.clone()
        };
        let to = format!("articles/{target}");
        Some(format!("{}{anchor}", relative_path(&self.from, &to)))
    }
}

/// Tags: Docusaurus also takes `{label, permalink}` objects.
fn tag_labels(fields: &mut BTreeMap<String, Value>) {
    if let Some(Value::Sequence(items)) = fields.get_mut("tags") {
        for item in items.iter_mut() {
            if let Value::Mapping(mapping) = item {
                if let Some(label) = mapping.get(Value::String("label".into())).cloned() {
                    *item = label;
                }
            }
        }
    }
}

/// The locales with translated docs (`i18n/fr/docusaurus-plugin-content-docs/current/`), other
/// than the default one: `(code as a language tag, folder, folder as shown)`, sorted.
fn translated_locales(root: &Path, config: &Config) -> Vec<(String, std::path::PathBuf, String)> {
    let default = config.default_locale.as_deref().unwrap_or("en");
    let Ok(entries) = std::fs::read_dir(root.join("i18n")) else {
        return Vec::new();
    };
    let mut locales: Vec<_> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let locale = entry.file_name().to_string_lossy().into_owned();
            let shown = format!("i18n/{locale}/docusaurus-plugin-content-docs/current");
            let folder = root.join(&shown);
            (locale != default && folder.is_dir())
                .then(|| (locale.to_ascii_lowercase(), folder, shown))
        })
        .collect();
    locales.sort();
    locales
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    crate::source::decode(bytes)
        .map_err(|error| anyhow::anyhow!("{}: not UTF-8 text ({error:?})", path.display()))
}

pub fn import(options: &Options) -> anyhow::Result<Import> {
    let root = &options.source;
    let Some((file, text)) = config::FILES
        .iter()
        .find_map(|name| Some((*name, std::fs::read_to_string(root.join(name)).ok()?)))
    else {
        bail!(
            "{}: no docusaurus.config.js (or .ts, .mjs) here: pass the folder holding it",
            root.display()
        );
    };
    let config = Config::read(&text, file);
    let docs = root.join(&config.docs_path);
    if !docs.is_dir() {
        bail!(
            "{}: the docs folder `{}` is not a folder",
            root.join(file).display(),
            config.docs_path
        );
    }
    let docs_shown = {
        let path = config
            .docs_path
            .trim_start_matches("./")
            .trim_end_matches('/');
        if path.is_empty() || path == "." {
            String::new()
        } else {
            format!("{path}/")
        }
    };
    let mut tally = Tally::default();
    let mut sources = Vec::new();
    let mut categories: BTreeMap<String, Category> = BTreeMap::new();
    let mut copied: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut partial_files = BTreeSet::new();
    for (path, relative) in assembly::files_under(&docs, Some("node_modules"))? {
        let shown = format!("{docs_shown}{relative}");
        let name = relative.rsplit('/').next().unwrap_or(&relative);
        let folder = relative.rsplit_once('/').map_or("", |(folder, _)| folder);
        if name.starts_with("_category_.") {
            category(path.as_path(), folder, &shown, &mut categories, &mut tally);
            continue;
        }
        let hidden = relative.split('/').any(|part| part.starts_with('_'));
        if is_page(&relative) {
            if hidden {
                partial_files.insert(shown);
                continue;
            }
            let text = match read_text(path.as_path()) {
                Ok(text) => text,
                Err(error) => {
                    tally.skip(
                        &shown,
                        0,
                        "page",
                        &relative,
                        &format!("not imported: {error}"),
                    );
                    continue;
                }
            };
            let (yaml, body_text, first_line) = front_matter::split(&text);
            let mut fields = yaml
                .map(|yaml| front_matter::parse(yaml, &shown, &mut tally))
                .unwrap_or_default();
            tag_labels(&mut fields);
            sources.push(Source {
                relative,
                shown,
                fields,
                yaml: yaml.unwrap_or("").to_string(),
                body: body_text.to_string(),
                first_line,
            });
        } else {
            let bytes = std::fs::read(path.as_path())
                .with_context(|| format!("cannot read {}", path.as_path().display()))?;
            copied.insert(relative, bytes);
        }
    }

    let route = config.route_base_path.clone();
    let mut pages_by_source = BTreeMap::new();
    let mut urls = BTreeMap::new();
    let mut page_urls = Vec::new();
    for source in &sources {
        let path = doc_path(&source.relative, &source.fields);
        let key = url_key(&format!("{route}/{path}")).unwrap_or_default();
        pages_by_source.insert(source.relative.clone(), article_path(&source.relative));
        urls.entry(key.clone())
            .or_insert_with(|| article_path(&source.relative));
        page_urls.push((key, path));
    }
    // Translated docs: `i18n/<locale>/docusaurus-plugin-content-docs/current/` mirrors the docs
    // folder, a page there translating the page at the same path. A locale's URLs
    // (`/fr/docs/install`) lead to the same articles.
    let locales = translated_locales(root, &config);
    let mut locale_urls = Vec::new();
    for (code, _, _) in &locales {
        for (key, target) in &urls {
            locale_urls.push((format!("{code}/{key}"), target.clone()));
        }
    }
    for (key, target) in locale_urls {
        urls.entry(key).or_insert(target);
    }
    let base_path = config.base_url.clone();
    let mut partials = Partials::default();
    let statics = assembly::StaticFiles::new(root.join("static"));
    let mut site = Site {
        statics: &statics,
        root,
        docs_path: &config.docs_path,
        pages: &pages_by_source,
        urls: &urls,
        base_path: &base_path,
        partials: &mut partials,
    };

    let mut aliases = redirect_aliases(&config, &urls, &mut tally);

    let mut pages = Vec::new();
    let mut reviewed_by_source = BTreeMap::new();
    for (source, (key, path)) in sources.iter().zip(&page_urls) {
        let target = article_path(&source.relative);
        let folder = source
            .relative
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder);
        let mut resolver = PageResolver {
            site: &mut site,
            folder: folder.to_string(),
            from: format!("articles/{target}"),
            url: key.clone(),
        };
        let lines = body::lines(&source.body, source.first_line);
        let mut walker = mdx::Walker {
            file: &source.shown,
            tally: &mut tally,
            resolve: &mut resolver,
            partials: BTreeMap::new(),
        };
        let converted = walker.convert(&lines, 0);
        let mut fields = source.fields.clone();
        let draft = matches!(fields.remove("draft"), Some(Value::Bool(true)));
        let last_update = fields
            .remove("last_update")
            .and_then(|value| match value {
                Value::Mapping(mapping) => mapping.get(Value::String("date".into())).cloned(),
                _ => None,
            })
            .and_then(|date| front_matter::date(&date));
        let mut mapped = front_matter::map(fields, &source.yaml, &source.shown, &mut tally);
        if last_update.is_some() {
            mapped.reviewed = last_update;
        }
        // The page keeps the last part of its Docusaurus URL (a number prefix, an `id` or a
        // `slug` may have changed it from the file name).
        let stem = target
            .rsplit('/')
            .next()
            .and_then(|name| name.rsplit_once('.'))
            .map_or("", |(stem, _)| stem);
        let last = path.rsplit('/').next().unwrap_or("");
        let slug = crate::slug::slugify(last);
        let slug = (!last.is_empty()
            && !slug.is_empty()
            && slug != crate::slug::slugify(stem)
            && folder.rsplit('/').next().map(without_number_prefix) != Some(last))
        .then_some(slug);
        if slug.is_some() {
            tally.count("Docusaurus URL name -> slug");
        }
        reviewed_by_source.insert(
            source.relative.clone(),
            mapped.reviewed.or(options.reviewed),
        );
        pages.push(Page {
            source: source.shown.clone(),
            relative: target.clone(),
            mapped,
            placement: Placement {
                slug,
                aliases: aliases.remove(&target).unwrap_or_default(),
                draft,
                ..Placement::default()
            },
            body: converted,
        });
    }

    let mut translations = BTreeMap::new();
    for (code, folder, shown_folder) in &locales {
        for (path, relative) in assembly::files_under(folder, None)? {
            if !is_page(&relative) {
                continue;
            }
            let shown = format!("{shown_folder}/{relative}");
            if !pages_by_source.contains_key(&relative) {
                tally.skip(
                    &shown,
                    0,
                    "translation",
                    &relative,
                    "not imported: the docs have no page at that path, or it was not imported",
                );
                continue;
            }
            let text = read_text(path.as_path())?;
            let (yaml, body_text, first_line) = front_matter::split(&text);
            let fields = yaml
                .map(|yaml| front_matter::parse(yaml, &shown, &mut tally))
                .unwrap_or_default();
            let target = article_path(&relative);
            let path = format!("{}.{code}.md", target.trim_end_matches(".md"));
            let folder_of_page = relative.rsplit_once('/').map_or("", |(f, _)| f);
            let key = page_urls
                .iter()
                .zip(&sources)
                .find(|(_, source)| source.relative == relative)
                .map(|((key, _), _)| key.clone())
                .unwrap_or_default();
            let mut resolver = PageResolver {
                site: &mut site,
                folder: folder_of_page.to_string(),
                from: format!("articles/{path}"),
                url: key,
            };
            let lines = body::lines(body_text, first_line);
            let mut walker = mdx::Walker {
                file: &shown,
                tally: &mut tally,
                resolve: &mut resolver,
                partials: BTreeMap::new(),
            };
            let converted = walker.convert(&lines, 0);
            let draft = matches!(fields.get("draft"), Some(Value::Bool(true)));
            let translation = assembly::translation_text(
                text_field(&fields, "title").as_deref(),
                text_field(&fields, "description").as_deref(),
                reviewed_by_source.get(&relative).copied().flatten(),
                draft,
                &converted,
            );
            translations.insert(path, translation);
            tally.count("i18n docs page -> translation beside its article");
        }
    }
    // Partials pages imported, and those that partials import, until no new one turns up.
    let mut snippets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    loop {
        let pending: Vec<(String, String)> = site
            .partials
            .names
            .iter()
            .filter(|(name, _)| !snippets.contains_key(*name))
            .map(|(name, source)| (name.clone(), source.clone()))
            .collect();
        if pending.is_empty() {
            break;
        }
        for (name, source) in pending {
            partial_files.remove(&source);
            let text = read_text(&root.join(&source))?;
            let (_, body_text, first_line) = front_matter::split(&text);
            let docs_prefix = docs_shown.as_str();
            let folder = source
                .strip_prefix(docs_prefix)
                .unwrap_or(&source)
                .rsplit_once('/')
                .map_or("", |(folder, _)| folder)
                .to_string();
            let mut resolver = PageResolver {
                site: &mut site,
                folder,
                from: format!("snippets/{name}.md"),
                url: String::new(),
            };
            let lines = body::lines(body_text, first_line);
            let mut walker = mdx::Walker {
                file: &source,
                tally: &mut tally,
                resolve: &mut resolver,
                partials: BTreeMap::new(),
            };
            let converted = walker.convert(&lines, 0);
            snippets.insert(name, converted);
        }
    }
    for unused in partial_files {
        tally.skip(
            &unused,
            0,
            "partial",
            &unused,
            "not imported: no page imports it (Docusaurus publishes no `_` file)",
        );
    }
    for (article, froms) in aliases {
        tally.skip(
            &config.file,
            0,
            "client redirect",
            &format!("{} -> {article}", froms.join(", ")),
            "not converted: its page was not imported",
        );
    }
    for (folder, what) in [
        ("blog", "the blog"),
        ("versioned_docs", "older versions of the docs"),
        (
            "i18n",
            match locales.is_empty() {
                true => "translations",
                false => "the translations of the blog, pages and theme (the docs' are read)",
            },
        ),
        ("src/pages", "stand-alone pages"),
    ] {
        if root.join(folder).is_dir() {
            tally.skip(
                folder,
                0,
                "folder",
                folder,
                &format!("not imported: {what}; import only reads the docs folder"),
            );
        }
    }
    for sidebars in ["sidebars.js", "sidebars.ts", "sidebars.json"] {
        if root.join(sidebars).is_file() {
            tally.skip(
                sidebars,
                0,
                "sidebars",
                sidebars,
                "not converted: kbpress orders categories and articles itself; category \
                 titles come from `_category_.json`",
            );
        }
    }

    let title = config.title.clone().unwrap_or_else(|| "Docs".into());
    let base_url = config.url.as_ref().map(|url| {
        format!(
            "{}/{}",
            url.trim_end_matches('/'),
            config.base_url.trim_start_matches('/')
        )
    });
    let notes = vec![
        format!(
            "docs folder: `{}`, URL route `/{}`: links to doc URLs became relative links to \
             the pages' `.md` files; `.mdx` pages became `.md`",
            config.docs_path, route
        ),
        "a page whose Docusaurus URL ends otherwise than its file name (a number prefix, `id`, \
         `slug`) got that name as its `slug`; folders keep their names"
            .into(),
    ];
    assembly::finish(
        assembly::Converted {
            format: "docusaurus",
            title,
            description: config.tagline.clone(),
            base_url,
            pages,
            snippets,
            copied,
            assets: statics.copies()?,
            categories,
            notes,
            languages: (locales.iter())
                .map(|(code, _, shown)| {
                    // The config names the locale as its folder does (`pt-BR`).
                    let locale = shown.split('/').nth(1).unwrap_or(code);
                    let label = Config::locale_label(&text, locale).unwrap_or_else(|| code.clone());
                    (code.clone(), label)
                })
                .collect(),
            translations,
            language: config.default_locale.clone(),
        },
        tally,
        options,
    )
}

/// Client redirects as aliases, by article: each `from` path (under the base URL's path) of a
/// redirect whose `to` is a doc page's URL. The others, and a `createRedirects` function, are
/// reported.
fn redirect_aliases(
    config: &Config,
    urls: &BTreeMap<String, String>,
    tally: &mut Tally,
) -> BTreeMap<String, Vec<String>> {
    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let base = config.base_url.trim_end_matches('/');
    for redirect in &config.redirects {
        let target = url_key(
            redirect
                .to
                .strip_prefix(base)
                .filter(|_| !base.is_empty())
                .unwrap_or(&redirect.to),
        )
        .and_then(|key| urls.get(&key));
        match target {
            Some(article) => {
                for from in &redirect.from {
                    let alias = format!("{base}/{}", from.trim_start_matches('/'));
                    if crate::urls::alias_folder(&alias).is_none() {
                        tally.skip(
                            &config.file,
                            redirect.line,
                            "client redirect",
                            from,
                            "not converted: not a path kbpress can write a redirect page at \
                         (`..`, `%`, `#`); redirect it on the web server",
                        );
                        continue;
                    }
                    aliases.entry(article.clone()).or_default().push(alias);
                    tally.count("client redirect -> alias");
                }
            }
            None => tally.skip(
                &config.file,
                redirect.line,
                "client redirect",
                &format!("{} -> {}", redirect.from.join(", "), redirect.to),
                "not converted: `to` is not the URL of a doc page (a blog post, or a page of \
             another plugin); add the old path to that page's `aliases` by hand",
            ),
        }
    }
    if let Some(line) = config.redirects_unread {
        tally.skip(
            &config.file,
            line,
            "client redirects",
            "@docusaurus/plugin-client-redirects",
            "not converted: its `redirects` are not written in the config as a list (a variable, \
             another file); add their old paths to the pages' `aliases` by hand",
        );
    }
    if let Some(line) = config.redirect_function {
        tally.skip(
            &config.file,
            line,
            "client redirects function",
            "createRedirects",
            "not converted: a function kbpress cannot run; list its old paths in `aliases`",
        );
    }
    aliases
}

/// `_category_.json` / `_category_.yml`: `label` -> the folder's title, `description` (or
/// `link.description`) -> its summary; the other keys are reported.
fn category(
    path: &Path,
    folder: &str,
    shown: &str,
    categories: &mut BTreeMap<String, Category>,
    tally: &mut Tally,
) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let value: Option<Value> = if shown.ends_with(".json") {
        serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|json| serde_yaml::to_value(json).ok())
    } else {
        serde_yaml::from_str(&text).ok()
    };
    let Some(Value::Mapping(mapping)) = value else {
        tally.skip(
            shown,
            1,
            "category file",
            shown,
            "not read: not a JSON/YAML object",
        );
        return;
    };
    let line_of = |key: &str| {
        text.lines()
            .position(|line| {
                line.contains(&format!("\"{key}\""))
                    || line.trim_start().starts_with(&format!("{key}:"))
            })
            .map_or(1, |index| index + 1)
    };
    let string = |value: &Value| value.as_str().map(str::to_string);
    let mut title = None;
    let mut summary = None;
    for (key, value) in &mapping {
        let Some(key) = key.as_str() else { continue };
        match key {
            "label" => title = string(value),
            "description" => summary = string(value),
            "link" => {
                let description = value.get("description").and_then(string);
                if description.is_some() {
                    summary = summary.or(description);
                }
                tally.skip(
                    shown,
                    line_of(key),
                    "category setting",
                    key,
                    "not converted: kbpress writes each category's page itself",
                );
            }
            _ => tally.skip(
                shown,
                line_of(key),
                "category setting",
                key,
                "not converted: kbpress orders and shows categories itself",
            ),
        }
    }
    if folder.is_empty() {
        if let Some(title) = title {
            tally.skip(
                shown,
                line_of("label"),
                "category label",
                &title,
                "not converted: the top folder's title is site.toml's title",
            );
        }
        return;
    }
    let title = title.unwrap_or_else(|| {
        display_name(without_number_prefix(
            folder.rsplit('/').next().unwrap_or(folder),
        ))
    });
    tally.count("category label -> category title");
    categories.insert(folder.to_string(), Category { title, summary });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(yaml: &str) -> BTreeMap<String, Value> {
        let mut tally = Tally::default();
        front_matter::parse(yaml, "x", &mut tally)
    }

    #[test]
    fn redirects_to_doc_pages_become_aliases_under_the_base_path() {
        let config = Config::read(
            "module.exports = { baseUrl: '/help/', plugins: [['@docusaurus/plugin-client-redirects', { redirects: [\n{ from: ['/a', '/b%20c'], to: '/help/docs/x' },\n{ from: '/c', to: '/blog' }] }]] };",
            "docusaurus.config.js",
        );
        let urls = BTreeMap::from([("docs/x".to_string(), "x.md".to_string())]);
        let mut tally = Tally::default();
        let aliases = redirect_aliases(&config, &urls, &mut tally);
        assert_eq!(
            aliases,
            BTreeMap::from([("x.md".to_string(), vec!["/help/a".to_string()])])
        );
        let skipped: Vec<(usize, &str)> = tally
            .not_converted
            .iter()
            .map(|u| (u.line, u.text.as_str()))
            .collect();
        assert_eq!(skipped, vec![(2, "/b%20c"), (3, "/c -> /blog")]);
    }

    #[test]
    fn doc_urls_follow_docusaurus() {
        assert_eq!(without_number_prefix("01-intro"), "intro");
        assert_eq!(without_number_prefix("2023-report"), "report");
        assert_eq!(without_number_prefix("intro"), "intro");
        assert_eq!(without_number_prefix("1-"), "1-");
        assert_eq!(
            doc_path("01-setup/02-install.md", &fields("")),
            "setup/install"
        );
        assert_eq!(doc_path("setup/index.md", &fields("")), "setup");
        assert_eq!(doc_path("setup/setup.md", &fields("")), "setup");
        assert_eq!(doc_path("setup/a.mdx", &fields("id: first")), "setup/first");
        assert_eq!(doc_path("setup/a.md", &fields("slug: /start")), "start");
        assert_eq!(doc_path("setup/a.md", &fields("slug: b")), "setup/b");
        assert_eq!(doc_path("intro.md", &fields("slug: /")), "");
    }
}
