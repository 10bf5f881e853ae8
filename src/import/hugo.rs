//! Hugo: the site configuration (`hugo.toml`, `hugo.yaml`, `config.toml`, ... or the same under
//! `config/_default/`: title, baseURL, contentDir, the default language's content folder,
//! `params.description`), and every page under the content folder, with TOML (`+++`) or YAML
//! (`---`) front matter. A section's `_index.md` gives its category's title and summary, and
//! its text (when it has any) becomes the section's `index.md` article. Page bundles keep their
//! files beside the page. Shortcodes are converted by `shortcodes.rs`; links to page files and
//! to Hugo URLs (`/docs/install/`) become relative links to the `.md` files.

mod shortcodes;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context as _};
use serde_yaml::Value;

use super::admonitions::{self, Admonition};
use super::assembly::{self, article_path, is_page, normalize, relative_path, Category, Page};
use super::body::{self, fence_closes, fence_open, heading, indent_of, is_blank, Line};
use super::front_matter::{self, Placement};
use super::site_config::display_name;
use super::{Import, Options, Tally};
use shortcodes::Call;

/// Configuration files, in the order Hugo looks for them.
const CONFIG_FILES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// A TOML value as the YAML value the shared front matter code reads (dates become text).
fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text),
        toml::Value::Integer(number) => Value::Number(number.into()),
        toml::Value::Float(number) => Value::Number(number.into()),
        toml::Value::Boolean(flag) => Value::Bool(flag),
        toml::Value::Datetime(date) => Value::String(date.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(table) => Value::Mapping(
            table
                .into_iter()
                .map(|(key, value)| (Value::String(key), from_toml(value)))
                .collect(),
        ),
    }
}

/// A configuration file's settings, whatever its language.
fn read_settings(path: &Path) -> anyhow::Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.to_string_lossy();
    if name.ends_with(".toml") {
        let table: toml::Table = toml::from_str(&text)
            .with_context(|| format!("{} is not valid TOML", path.display()))?;
        Ok(from_toml(toml::Value::Table(table)))
    } else if name.ends_with(".json") {
        let json: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not valid JSON", path.display()))?;
        Ok(serde_yaml::to_value(json)?)
    } else {
        serde_yaml::from_str(&text).with_context(|| format!("{} is not valid YAML", path.display()))
    }
}

/// A key of a mapping, found as Hugo finds keys: in any case.
fn get<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    let Value::Mapping(mapping) = value else {
        return None;
    };
    mapping
        .iter()
        .find(|(name, _)| {
            name.as_str()
                .is_some_and(|name| name.eq_ignore_ascii_case(key))
        })
        .map(|(_, value)| value)
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

struct Config {
    file: String,
    title: String,
    base_url: Option<String>,
    description: Option<String>,
    content_dir: String,
    /// The other languages, `(code, languageName)`: their pages are named `NAME.CODE.md`
    /// beside the default language's, or are in a content folder of their own.
    other_languages: Vec<(String, String)>,
    /// The languages with a content folder of their own (`contentDir`), `(code, folder)`: a
    /// page there translates the page at the same path in the default language's.
    own_content_dirs: Vec<(String, String)>,
    /// `defaultContentLanguage`, when the configuration names it.
    default_language: Option<String>,
}

fn read_config(root: &Path) -> anyhow::Result<Config> {
    let found = CONFIG_FILES
        .iter()
        .map(|name| name.to_string())
        .chain(
            CONFIG_FILES
                .iter()
                .map(|name| format!("config/_default/{name}")),
        )
        .find(|name| root.join(name).is_file());
    let Some(file) = found else {
        bail!(
            "{}: no hugo.toml, hugo.yaml, config.toml (or config/_default/...) here: pass the \
             Hugo site's folder",
            root.display()
        );
    };
    let settings = read_settings(&root.join(&file))?;
    let mut content_dir = text(get(&settings, "contentDir")).unwrap_or_else(|| "content".into());
    // A module mount onto `content` replaces the content folder (gohugo.io's own docs mount
    // `content/en` there).
    if let Some(Value::Sequence(mounts)) = get(&settings, "module").and_then(|m| get(m, "mounts")) {
        if let Some(source) = mounts.iter().find_map(|mount| {
            (text(get(mount, "target")).as_deref() == Some("content"))
                .then(|| text(get(mount, "source")))
                .flatten()
        }) {
            content_dir = source;
        }
    }
    let mut other_languages = Vec::new();
    let mut own_content_dirs = Vec::new();
    if let Some(Value::Mapping(languages)) = get(&settings, "languages") {
        let default = text(get(&settings, "defaultContentLanguage")).unwrap_or_else(|| "en".into());
        for (name, language) in languages {
            let Some(name) = name.as_str() else { continue };
            if name == default {
                if let Some(dir) = text(get(language, "contentDir")) {
                    content_dir = dir;
                }
            } else {
                let language_name = text(get(language, "languageName"))
                    .or_else(|| text(get(language, "label")))
                    .unwrap_or_else(|| name.to_string());
                let code = name.to_ascii_lowercase();
                if let Some(dir) = text(get(language, "contentDir")) {
                    own_content_dirs.push((code.clone(), dir));
                }
                other_languages.push((code, language_name));
            }
        }
    }
    Ok(Config {
        title: text(get(&settings, "title")).unwrap_or_else(|| "Docs".into()),
        base_url: text(get(&settings, "baseURL")),
        description: get(&settings, "params").and_then(|params| text(get(params, "description"))),
        content_dir,
        other_languages,
        own_content_dirs,
        default_language: text(get(&settings, "defaultContentLanguage")),
        file,
    })
}

/// `(front matter, the text to find key lines in, body, first body line, is TOML)`.
fn split(text: &str) -> (Option<String>, &str, usize, bool) {
    if let Some(rest) = text.strip_prefix("+++\n") {
        let mut offset = 0;
        for (index, line) in rest.split_inclusive('\n').enumerate() {
            if line.trim_end() == "+++" {
                return (
                    Some(rest[..offset].to_string()),
                    &rest[offset + line.len()..],
                    index + 3,
                    true,
                );
            }
            offset += line.len();
        }
    }
    let (yaml, body, first) = front_matter::split(text);
    (yaml.map(str::to_string), body, first, false)
}

/// Front matter fields of either language; a TOML error is reported like a YAML one.
fn fields(block: &str, toml: bool, file: &str, tally: &mut Tally) -> BTreeMap<String, Value> {
    if !toml {
        return front_matter::parse(block, file, tally);
    }
    match toml::from_str::<toml::Table>(block) {
        Ok(table) => table
            .into_iter()
            .map(|(key, value)| (key, from_toml(value)))
            .collect(),
        Err(error) => {
            let line = error
                .span()
                .map_or(1, |span| block[..span.start].matches('\n').count() + 2);
            tally.skip(
                file,
                line,
                "front matter",
                error.message(),
                "dropped: invalid TOML; the page was imported without its fields",
            );
            BTreeMap::new()
        }
    }
}

/// Takes a field out by any case of its name.
fn take(fields: &mut BTreeMap<String, Value>, names: &[&str]) -> Option<Value> {
    let key = fields
        .keys()
        .find(|key| names.iter().any(|name| key.eq_ignore_ascii_case(name)))?
        .clone();
    fields.remove(&key)
}

/// One page read, before its body is converted.
struct Source {
    /// Under the content folder.
    relative: String,
    shown: String,
    target: String,
    fields: BTreeMap<String, Value>,
    /// Front matter text to find key lines in (TOML's `=` read as `:`).
    keys: String,
    body: String,
    first_line: usize,
    /// A section's `_index.md`.
    section: bool,
}

/// A page's Hugo URL path, lowercased as Hugo writes it, without slashes.
fn page_url(relative: &str, fields: &BTreeMap<String, Value>) -> String {
    if let Some(url) = fields
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("url"))
        .and_then(|(_, value)| value.as_str())
    {
        return normalize(&url.to_lowercase()).unwrap_or_default();
    }
    let (folder, file) = relative.rsplit_once('/').unwrap_or(("", relative));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let path = if stem == "index" || stem == "_index" {
        folder.to_string()
    } else {
        let slug = fields
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case("slug"))
            .and_then(|(_, value)| value.as_str())
            .unwrap_or(stem);
        format!("{folder}/{slug}")
    };
    normalize(&path.to_lowercase()).unwrap_or_default()
}

/// Pages included whole by `{{% include "x.md" %}}` or `{{% readfile file="x.md" %}}`
/// (shortcodes many sites define, gohugo.io among them): snippets.
type Includes = super::assembly::SnippetNames;

/// What links and `ref`s resolve against.
struct Site<'a> {
    content: &'a Path,
    includes: &'a std::cell::RefCell<Includes>,
    /// Page path under the content folder -> its article path.
    pages: &'a BTreeMap<String, String>,
    /// Hugo URL path -> its article path.
    urls: &'a BTreeMap<String, String>,
    base_path: &'a str,
    statics: &'a assembly::StaticFiles,
}

struct Walker<'a> {
    file: &'a str,
    tally: &'a mut Tally,
    site: &'a Site<'a>,
    /// The page's path under the content folder and in the KB, and its URL.
    relative: &'a str,
    from: &'a str,
    url: &'a str,
}

impl Walker<'_> {
    /// `ref`/`relref`'s page, as Hugo looks it up: from the page's folder, then from the
    /// content folder; with or without `.md`, a section's `_index.md` or a bundle's `index.md`.
    fn reference(&self, path: &str) -> Option<String> {
        let split = path.find('#').unwrap_or(path.len());
        let (path, anchor) = path.split_at(split);
        let folder = self
            .relative
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder);
        let path = path.trim_end_matches('/');
        let mut bases = Vec::new();
        match path.strip_prefix('/') {
            Some(absolute) => bases.push(absolute.to_string()),
            None => {
                bases.push(format!("{folder}/{path}"));
                bases.push(path.to_string());
            }
        }
        for base in bases {
            let Some(base) = normalize(&base) else {
                continue;
            };
            for candidate in [
                base.clone(),
                format!("{base}.md"),
                format!("{base}/_index.md"),
                format!("{base}/index.md"),
            ] {
                if let Some(article) = self.site.pages.get(&candidate) {
                    let to = format!("articles/{article}");
                    return Some(format!("{}{anchor}", relative_path(self.from, &to)));
                }
            }
        }
        if path.is_empty() {
            return Some(anchor.to_string());
        }
        None
    }

    /// The snippet name of the page an include shortcode names (from the page's folder, then
    /// from the content folder).
    fn include(&self, path: &str) -> Option<String> {
        let folder = self
            .relative
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder);
        let candidates = match path.strip_prefix('/') {
            Some(absolute) => vec![absolute.to_string()],
            None => vec![format!("{folder}/{path}"), path.to_string()],
        };
        let found = candidates
            .iter()
            .filter_map(|candidate| normalize(candidate))
            .find(|candidate| is_page(candidate) && self.site.content.join(candidate).is_file())?;
        Some(
            self.site
                .includes
                .borrow_mut()
                .name(&found, &found, "include"),
        )
    }

    /// A Markdown link's destination, when it names a page (its file or its Hugo URL).
    fn link(&self, destination: &str) -> Option<String> {
        if destination.is_empty()
            || destination.starts_with(['#', '<', '{', '\\'])
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
        let article = if is_page(path) {
            let folder = self
                .relative
                .rsplit_once('/')
                .map_or("", |(folder, _)| folder);
            let joined = match path.strip_prefix('/') {
                Some(absolute) => normalize(absolute)?,
                None => normalize(&format!("{folder}/{path}"))?,
            };
            self.site.pages.get(&joined)?.clone()
        } else {
            let last = path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(path);
            if last.contains('.') && !last.ends_with(".html") {
                // An image or a download: from `static/` when the path is the site's.
                let absolute = path.strip_prefix('/')?;
                let base = self.site.base_path.trim_matches('/');
                let within = if base.is_empty() {
                    absolute
                } else {
                    absolute.strip_prefix(base)?.trim_start_matches('/')
                };
                let asset = self.site.statics.find(within)?;
                return Some(format!("{}{anchor}", relative_path(self.from, &asset)));
            }
            let path = path.to_lowercase();
            let path = path.strip_suffix(".html").unwrap_or(&path);
            let key = match path.strip_prefix('/') {
                Some(absolute) => {
                    let base = self.site.base_path.trim_matches('/');
                    if base.is_empty() {
                        normalize(absolute)?
                    } else {
                        normalize(absolute.strip_prefix(base)?)?
                    }
                }
                // Hugo's URLs end with `/`: a relative link resolves from the page's own URL.
                None => normalize(&format!("{}/{path}", self.url))?,
            };
            self.site.urls.get(&key)?.clone()
        };
        let to = format!("articles/{article}");
        Some(format!("{}{anchor}", relative_path(self.from, &to)))
    }

    fn convert(&mut self, lines: &[Line], depth: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut fence: Option<(char, usize)> = None;
        let mut heading_level = 1;
        let mut index = 0;
        while index < lines.len() {
            let line = &lines[index];
            let text = &line.text;
            if let Some(open) = fence {
                if fence_closes(text, open) {
                    fence = None;
                    out.push(text.clone());
                } else {
                    out.push(self.inline(line, true));
                }
                index += 1;
                continue;
            }
            if let Some(open) = fence_open(text) {
                fence = Some(open);
                out.push(text.clone());
                index += 1;
                continue;
            }
            // Only spaces count as indentation: the block's offsets are in `text`.
            let trimmed = &text[indent_of(text)..];
            let calls = shortcodes::calls(trimmed);
            // A tab group's own lines (`{{< tabs >}}`, `{{< /tabpane >}}`): its tabs become
            // sections, the group needs nothing.
            let outside: usize = calls.iter().map(|call| call.end - call.start).sum();
            if !calls.is_empty()
                && outside == trimmed.trim_end().len()
                && calls
                    .iter()
                    .all(|call| matches!(call.name.as_str(), "tabs" | "tabpane") && !call.escaped)
            {
                for call in calls.iter().filter(|call| !call.closing) {
                    self.tally.count("tabs shortcode -> sections");
                    if call.positional.len() + call.named.len() > 0 {
                        self.tally.skip(
                            self.file,
                            line.number,
                            "tabs options",
                            trimmed,
                            "dropped: every tab is a section of its own",
                        );
                    }
                }
                index += 1;
                continue;
            }
            if let [call] = calls.as_slice() {
                let alone = call.start == 0 && call.end == trimmed.trim_end().len();
                let include = matches!(call.name.as_str(), "include" | "readfile")
                    && !call.closing
                    && !call.escaped;
                if alone && include {
                    let path = call
                        .named("file")
                        .or(call.positional.first().map(String::as_str));
                    if let Some(name) = path.and_then(|path| self.include(path)) {
                        if !is_blank(out.last().map_or("", String::as_str)) {
                            out.push(String::new());
                        }
                        out.push(format!("{}{{{{> {name} }}}}", " ".repeat(indent_of(text))));
                        self.tally.count("include shortcode -> snippet");
                        index += 1;
                        if index < lines.len() && !is_blank(&lines[index].text) {
                            out.push(String::new());
                        }
                        continue;
                    }
                }
            }
            let first = calls
                .into_iter()
                .next()
                .filter(|call| call.start == 0 && !call.closing && !call.escaped);
            if let Some(call) = first {
                let block = self.block(lines, index, &call, (depth, heading_level), &mut out);
                if let Some(next) = block {
                    index = next;
                    continue;
                }
            }
            if let Some(level) = heading(text) {
                heading_level = level;
            }
            out.push(self.inline(line, false));
            index += 1;
        }
        out
    }

    /// A note shortcode or `highlight` opening the line at `index`, with its closing call:
    /// converted into `out`; the index after it. `None` when it is no such block.
    fn block(
        &mut self,
        lines: &[Line],
        index: usize,
        call: &Call,
        (depth, heading_level): (usize, usize),
        out: &mut Vec<String>,
    ) -> Option<usize> {
        let alert = shortcodes::alert(call);
        if alert.is_none() && call.name != "highlight" && call.name != "tab" {
            return None;
        }
        let text = &lines[index].text;
        let indent = indent_of(text);
        let pad = " ".repeat(indent);
        let opening_end = indent + call.end;
        // Find the closing call, past nested calls of the same name.
        let mut nesting = 0;
        let mut close = None;
        'lines: for (at, line) in lines.iter().enumerate().skip(index) {
            let skip = if at == index { opening_end } else { 0 };
            for found in shortcodes::calls(&line.text[skip..]) {
                if found.name != call.name || found.escaped {
                    continue;
                }
                if !found.closing {
                    nesting += 1;
                } else if nesting == 0 {
                    close = Some((at, skip + found.start, skip + found.end));
                    break 'lines;
                } else {
                    nesting -= 1;
                }
            }
        }
        let (close_line, close_start, close_end) = close?;
        let mut content: Vec<Line> = Vec::new();
        let push = |content: &mut Vec<Line>, number: usize, text: &str| {
            content.push(Line {
                number,
                text: text.to_string(),
            })
        };
        if close_line == index {
            push(
                &mut content,
                lines[index].number,
                text[opening_end..close_start].trim(),
            );
        } else {
            let rest = text[opening_end..].trim();
            if !rest.is_empty() {
                push(&mut content, lines[index].number, rest);
            }
            content.extend(lines[index + 1..close_line].iter().cloned());
            let before = lines[close_line].text[..close_start].trim_end();
            if !is_blank(before) {
                push(&mut content, lines[close_line].number, before);
            }
        }
        let after = lines[close_line].text[close_end..].trim();
        if !is_blank(out.last().map_or("", String::as_str)) {
            out.push(String::new());
        }
        match alert {
            Some((kind, title)) => {
                let content = body::dedent(&content, indent);
                let converted = self.convert(&content, depth + 1);
                let features = body::Features::default();
                let abbreviations = BTreeMap::new();
                let mut resolver = super::snippets::Resolver::default();
                let mut context = body::Context {
                    file: self.file,
                    tally: self.tally,
                    features: &features,
                    abbreviations: &abbreviations,
                    variables: None,
                    snippets: &mut resolver,
                    raw: false,
                };
                let admonition = Admonition {
                    kind,
                    title,
                    collapsible: false,
                    open: false,
                };
                out.extend(admonitions::render(
                    &admonition,
                    &converted,
                    &pad,
                    &mut context,
                ));
            }
            None if call.name == "tab" => {
                let title = ["title", "header", "name", "tabName"]
                    .iter()
                    .find_map(|key| call.named(key))
                    .or_else(|| call.positional.first().map(String::as_str))
                    .unwrap_or("Tab")
                    .to_string();
                let mut content = body::dedent(&content, indent);
                while content.last().is_some_and(|line| is_blank(&line.text)) {
                    content.pop();
                }
                let converted = self.convert(&content, depth + 1);
                let level = (depth == 0).then_some((heading_level + 1).min(6));
                out.extend(super::tabs::render(&title, level, &converted, &pad));
                self.tally.count("tab shortcode -> section");
            }
            None => {
                let language = call.positional.first().cloned().unwrap_or_default();
                out.push(format!("{pad}```{language}"));
                out.extend(content.iter().map(|line| line.text.clone()));
                out.push(format!("{pad}```"));
                self.tally.count("highlight shortcode -> fenced code");
                if call.positional.len() > 1 || !call.named.is_empty() {
                    self.tally.skip(
                        self.file,
                        lines[index].number,
                        "highlight options",
                        &text[indent..opening_end],
                        "dropped: kbpress highlights code without line numbers or marked lines",
                    );
                }
            }
        }
        if !after.is_empty() {
            out.push(String::new());
            out.push(format!("{pad}{after}"));
        } else if close_line + 1 < lines.len()
            && !is_blank(&lines[close_line + 1].text)
            && !is_blank(out.last().map_or("", String::as_str))
        {
            out.push(String::new());
        }
        Some(close_line + 1)
    }

    /// One line: shortcodes converted or reported, then (outside code) links rewritten.
    fn inline(&mut self, line: &Line, in_code: bool) -> String {
        let text = &line.text;
        let calls = shortcodes::calls(text);
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for call in &calls {
            out.push_str(&text[last..call.start]);
            last = call.end;
            let original = &text[call.start..call.end];
            if call.escaped {
                let shown = original.replacen("/*", "", 1);
                let shown = match shown.rfind("*/") {
                    Some(at) => format!("{}{}", &shown[..at], &shown[at + 2..]),
                    None => shown,
                };
                out.push_str(&shown.replace("  ", " "));
                self.tally.count("escaped shortcode -> text");
                continue;
            }
            match call.name.as_str() {
                "ref" | "relref" if !call.closing => {
                    let target = call.argument("path", 0).unwrap_or("");
                    match self.reference(target) {
                        Some(link) => {
                            out.push_str(&link);
                            self.tally.count("ref/relref -> relative link");
                        }
                        None => {
                            self.tally.skip(
                                self.file,
                                line.number,
                                "ref",
                                original,
                                "kept as the path written: no such page (Hugo stops with \
                                 REF_NOT_FOUND); `kbpress check` reports the link",
                            );
                            out.push_str(target);
                        }
                    }
                }
                "figure" if !call.closing && !in_code => {
                    let source = call.named("src").unwrap_or("");
                    let alt = call
                        .named("alt")
                        .or_else(|| call.named("caption"))
                        .or_else(|| call.named("title"))
                        .unwrap_or("");
                    let title = call
                        .named("title")
                        .or_else(|| call.named("caption"))
                        .filter(|title| *title != alt)
                        .map(|title| format!(" \"{}\"", title.replace('"', "'")))
                        .unwrap_or_default();
                    out.push_str(&format!(
                        "![{}]({source}{title})",
                        alt.replace(['[', ']'], "")
                    ));
                    self.tally.count("figure shortcode -> image");
                    if call.named("link").is_some() {
                        self.tally.skip(
                            self.file,
                            line.number,
                            "figure link",
                            original,
                            "dropped: the image is not a link any more; add one around it",
                        );
                    }
                }
                _ => {
                    out.push_str(original);
                    if !call.closing {
                        self.tally.skip(
                            self.file,
                            line.number,
                            "shortcode",
                            original,
                            "kept as text: kbpress has no shortcodes; rewrite it in Markdown",
                        );
                    }
                }
            }
        }
        out.push_str(&text[last..]);
        if in_code {
            return out;
        }
        let out = assembly::literal_braces(&out);
        let rewritten = assembly::rewrite_destinations(&out, |destination| self.link(destination));
        if rewritten != out {
            self.tally
                .count("page link -> relative link to the .md file");
        }
        rewritten
    }
}

/// A page's front matter mapped: Hugo's dates, `draft`, `slug` and `aliases` (made paths from
/// the host's root, under the baseURL's path; relative ones from the page's folder) become
/// kbpress's fields, `params` are flattened into custom fields, the rest goes to the shared
/// mapping.
fn map_fields(
    mut fields: BTreeMap<String, Value>,
    source: &Source,
    folder: &str,
    base_path: &str,
    tally: &mut Tally,
) -> (front_matter::Mapped, Placement) {
    // Hugo (0.123+) keeps a page's own fields under `params`: they are its custom fields.
    if let Some(Value::Mapping(params)) = take(&mut fields, &["params"]) {
        for (key, value) in params {
            let Some(key) = key.as_str() else { continue };
            let name = if fields.contains_key(key) {
                format!("params.{key}")
            } else {
                key.to_string()
            };
            fields.insert(name, value);
        }
        tally.count("params -> custom fields");
    }
    let draft = matches!(take(&mut fields, &["draft"]), Some(Value::Bool(true)));
    let date = |value: Option<Value>| value.as_ref().and_then(front_matter::date);
    let lastmod = date(take(&mut fields, &["lastmod", "modified"]));
    let publish_after = date(take(&mut fields, &["publishDate", "pubdate", "published"]));
    let expires = date(take(&mut fields, &["expiryDate", "unpublishdate"]));
    let summary = take(&mut fields, &["summary"])
        .as_ref()
        .and_then(|v| text(Some(v)));
    let slug = take(&mut fields, &["slug"])
        .as_ref()
        .and_then(|v| text(Some(v)))
        .map(|slug| crate::slug::slugify(&slug))
        .filter(|slug| !slug.is_empty());
    let mut aliases = Vec::new();
    let written_aliases = match take(&mut fields, &["aliases"]) {
        Some(Value::Sequence(items)) => items.iter().filter_map(|v| text(Some(v))).collect(),
        Some(value) => text(Some(&value)).into_iter().collect(),
        None => Vec::<String>::new(),
    };
    for alias in written_aliases {
        let path = match alias.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("{folder}/{alias}"),
        };
        let trailing = if alias.ends_with('/') { "/" } else { "" };
        let written = normalize(&path)
            .filter(|path| !path.is_empty())
            .map(|path| format!("{base_path}/{path}{trailing}"))
            .filter(|written| crate::urls::alias_folder(written).is_some());
        match written {
            Some(written) => {
                aliases.push(written);
                tally.count("alias -> aliases");
            }
            None => tally.skip(
                &source.shown,
                0,
                "alias",
                &alias,
                "dropped: not a path kbpress can write a redirect page at (a wildcard, \
                 `..`, `%` or `#`); redirect it on the web server",
            ),
        }
    }
    for (present, construct) in [
        (lastmod.is_some(), "lastmod -> reviewed"),
        (publish_after.is_some(), "publishDate -> publish_after"),
        (expires.is_some(), "expiryDate -> expires"),
    ] {
        if present {
            tally.count(construct);
        }
    }
    // Hugo's `type` and `layout` pick templates: kept as custom fields by the shared code.
    let mut mapped = front_matter::map(fields, &source.keys, &source.shown, tally);
    if lastmod.is_some() {
        mapped.reviewed = lastmod;
    }
    if mapped.description.is_none() {
        mapped.description = summary;
    }
    (
        mapped,
        Placement {
            slug,
            aliases,
            draft,
            publish_after,
            expires,
        },
    )
}

pub fn import(options: &Options) -> anyhow::Result<Import> {
    let root = &options.source;
    let config = read_config(root)?;
    let content = root.join(&config.content_dir);
    if !content.is_dir() {
        bail!(
            "{}: the content folder `{}` is not a folder",
            root.join(&config.file).display(),
            config.content_dir
        );
    }
    let content_shown = config.content_dir.trim_end_matches('/').to_string();
    let mut tally = Tally::default();
    let mut sources = Vec::new();
    let mut translated = Vec::new();
    let mut section_translations = Vec::new();
    let mut copied = BTreeMap::new();
    let mut categories = BTreeMap::new();
    for (path, relative) in assembly::files_under(&content, None)? {
        let shown = format!("{content_shown}/{relative}");
        let name = relative.rsplit('/').next().unwrap_or(&relative);
        let lower = name.to_ascii_lowercase();
        if [
            ".html", ".htm", ".adoc", ".org", ".rst", ".pandoc", ".ipynb",
        ]
        .iter()
        .any(|extension| lower.ends_with(extension))
        {
            tally.skip(
                &shown,
                0,
                "page",
                &relative,
                "not imported: kbpress reads Markdown pages only; convert it by hand",
            );
            continue;
        }
        if !is_page(&relative) {
            let bytes = std::fs::read(path.as_path())
                .with_context(|| format!("cannot read {}", path.as_path().display()))?;
            copied.insert(relative, bytes);
            continue;
        }
        let Some((fields, keys, body_text, first_line)) =
            read_page(path.as_path(), &relative, &shown, &mut tally)?
        else {
            continue;
        };
        // A section's `_index.fr.md`: its category's title and summary in French.
        if let Some(language) = section_translation_of(&relative, &config.other_languages) {
            let folder = relative.rsplit_once('/').map_or("", |(folder, _)| folder);
            section_translations.push((folder.to_string(), language, shown, fields));
            continue;
        }
        // `install.fr.md` beside `install.md` (Hugo's translation by file name).
        if let Some((language, source)) =
            assembly::translation_of(&relative, &config.other_languages)
        {
            translated.push(Translated {
                language,
                source,
                page: Source {
                    relative: relative.clone(),
                    shown,
                    target: String::new(),
                    fields,
                    keys,
                    body: body_text,
                    first_line,
                    section: false,
                },
            });
            continue;
        }
        let section = lower == "_index.md" || lower == "_index.markdown";
        let folder = relative.rsplit_once('/').map_or("", |(folder, _)| folder);
        let target = if section {
            if folder.is_empty() {
                "index.md".to_string()
            } else {
                format!("{folder}/index.md")
            }
        } else {
            article_path(&relative)
        };
        sources.push(Source {
            relative,
            shown,
            target,
            fields,
            keys,
            body: body_text,
            first_line,
            section,
        });
    }

    // A language's own content folder: each page translates the page at the same path.
    for (code, dir) in &config.own_content_dirs {
        let folder = root.join(dir);
        if !folder.is_dir() {
            tally.skip(
                &config.file,
                0,
                "language",
                code,
                &format!("not imported: its content folder `{dir}` is not a folder"),
            );
            continue;
        }
        for (path, relative) in assembly::files_under(&folder, None)? {
            if !is_page(&relative) {
                continue;
            }
            let shown = format!("{}/{relative}", dir.trim_end_matches('/'));
            let Some((fields, keys, body, first_line)) =
                read_page(path.as_path(), &relative, &shown, &mut tally)?
            else {
                continue;
            };
            let name = relative.rsplit('/').next().unwrap_or(&relative);
            if name == "_index.md" {
                let section = relative.rsplit_once('/').map_or("", |(folder, _)| folder);
                section_translations.push((section.to_string(), code.clone(), shown, fields));
                continue;
            }
            translated.push(Translated {
                language: code.clone(),
                source: relative.clone(),
                page: Source {
                    relative,
                    shown,
                    target: String::new(),
                    fields,
                    keys,
                    body,
                    first_line,
                    section: false,
                },
            });
        }
    }
    let base_path = config
        .base_url
        .as_deref()
        .and_then(|url| url::Url::parse(url).ok())
        .map(|url| url.path().trim_end_matches('/').to_string())
        .unwrap_or_default();
    let mut pages_by_source = BTreeMap::new();
    let mut urls = BTreeMap::new();
    for source in &sources {
        // A section without text is a category only: nothing to link to.
        if source.section && is_blank(&source.body) {
            continue;
        }
        pages_by_source.insert(source.relative.clone(), source.target.clone());
        urls.entry(page_url(&source.relative, &source.fields))
            .or_insert_with(|| source.target.clone());
    }
    // A link to a page in another language (`use.fr.md`, `/fr/docs/use/`) is a link to the
    // page's article: the KB resolves it to the translation in the translation's site, or to
    // the article when there is none.
    let in_languages: Vec<(String, String)> = (pages_by_source.iter())
        .flat_map(|(relative, target)| {
            let (stem, extension) = relative.rsplit_once('.').unwrap_or((relative, "md"));
            (config.other_languages.iter())
                .map(move |(code, _)| (format!("{stem}.{code}.{extension}"), target.clone()))
        })
        .collect();
    pages_by_source.extend(in_languages);
    let language_urls: Vec<(String, String)> = (urls.iter())
        .flat_map(|(url, target)| {
            (config.other_languages.iter()).map(move |(code, _)| {
                (
                    format!("{code}/{url}").trim_end_matches('/').to_string(),
                    target.clone(),
                )
            })
        })
        .collect();
    for (url, target) in language_urls {
        urls.entry(url).or_insert(target);
    }
    let statics = assembly::StaticFiles::new(root.join("static"));
    let includes = std::cell::RefCell::new(Includes::default());
    let site = Site {
        content: &content,
        includes: &includes,
        statics: &statics,
        pages: &pages_by_source,
        urls: &urls,
        base_path: &base_path,
    };
    let mut pages = Vec::new();
    let mut reviewed_by_source = BTreeMap::new();
    for source in &sources {
        let folder = source
            .relative
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder);
        let fields = source.fields.clone();
        if source.section {
            let title = text(fields.get("title"))
                .unwrap_or_else(|| display_name(folder.rsplit('/').next().unwrap_or(folder)));
            let summary = text(fields.get("description"));
            if folder.is_empty() {
                if fields.contains_key("title") && is_blank(&source.body) {
                    tally.skip(
                        &source.shown,
                        0,
                        "home page title",
                        &title,
                        "not converted: the home page has no text, and the site's title is \
                         site.toml's title",
                    );
                }
            } else {
                categories.insert(folder.to_string(), Category { title, summary });
                tally.count("section _index.md -> category");
            }
            if is_blank(&source.body) {
                continue;
            }
            tally.count("section page text -> index.md article");
        }
        let from = format!("articles/{}", source.target);
        let url = page_url(&source.relative, &source.fields);
        let mut walker = Walker {
            file: &source.shown,
            tally: &mut tally,
            site: &site,
            relative: &source.relative,
            from: &from,
            url: &url,
        };
        let lines = body::lines(&source.body, source.first_line);
        let converted = walker.convert(&lines, 0);

        let (mapped, placement) = map_fields(fields, source, folder, &base_path, &mut tally);
        reviewed_by_source.insert(
            source.relative.clone(),
            mapped.reviewed.or(options.reviewed),
        );
        pages.push(Page {
            source: source.shown.clone(),
            relative: source.target.clone(),
            mapped,
            placement,
            body: converted,
        });
    }
    // Translations of the imported pages, each beside its source's article.
    let mut translations = BTreeMap::new();
    for translation in &translated {
        let page = &translation.page;
        let Some(target) = pages_by_source.get(&translation.source) else {
            tally.skip(
                &page.shown,
                0,
                "translation",
                &page.relative,
                &format!(
                    "not imported: its source page `{}` was not imported (missing, a section \
                     without text, or skipped)",
                    translation.source
                ),
            );
            continue;
        };
        let path = format!(
            "{}.{}.md",
            target.trim_end_matches(".md"),
            translation.language
        );
        let from = format!("articles/{path}");
        let url = page_url(&page.relative, &page.fields);
        let mut walker = Walker {
            file: &page.shown,
            tally: &mut tally,
            site: &site,
            relative: &page.relative,
            from: &from,
            url: &url,
        };
        let lines = body::lines(&page.body, page.first_line);
        let converted = walker.convert(&lines, 0);
        let draft = matches!(page.fields.get("draft"), Some(Value::Bool(true)));
        let reviewed = reviewed_by_source
            .get(&translation.source)
            .copied()
            .flatten();
        let text = assembly::translation_text(
            text(page.fields.get("title")).as_deref(),
            text(page.fields.get("description"))
                .or_else(|| text(page.fields.get("summary")))
                .as_deref(),
            reviewed,
            draft,
            &converted,
        );
        translations.insert(path, text);
        tally.count("translation (NAME.CODE.md) -> translation beside its article");
    }
    for (folder, language, shown, fields) in &section_translations {
        if !categories.contains_key(folder) {
            tally.skip(
                shown,
                0,
                "translation",
                shown,
                "not imported: it translates the home page or a section without a category",
            );
            continue;
        }
        let text = assembly::translation_text(
            text(fields.get("title")).as_deref(),
            text(fields.get("description")).as_deref(),
            None,
            false,
            &[],
        );
        translations.insert(format!("{folder}/_index.{language}.md"), text);
        tally.count("section _index.CODE.md -> category translation");
    }
    // Included pages, and what they include, until no new one turns up: snippets only.
    let mut snippets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    loop {
        let pending: Vec<(String, String)> = includes
            .borrow()
            .names
            .iter()
            .filter(|(name, _)| !snippets.contains_key(*name))
            .map(|(name, path)| (name.clone(), path.clone()))
            .collect();
        if pending.is_empty() {
            break;
        }
        for (name, path) in pending {
            let (body_text, first_line) = match sources.iter().find(|s| s.relative == path) {
                Some(source) => (source.body.clone(), source.first_line),
                None => {
                    let text = std::fs::read_to_string(content.join(&path))
                        .with_context(|| format!("cannot read {content_shown}/{path}"))?;
                    let (_, body, first, _) = split(&text);
                    (body.to_string(), first)
                }
            };
            let shown = format!("{content_shown}/{path}");
            let from = format!("snippets/{name}.md");
            let url = page_url(&path, &BTreeMap::new());
            let mut walker = Walker {
                file: &shown,
                tally: &mut tally,
                site: &site,
                relative: &path,
                from: &from,
                url: &url,
            };
            let lines = body::lines(&body_text, first_line);
            let mut converted = walker.convert(&lines, 0);
            // A snippet is pasted at its include line: no blank lines around it.
            while converted.last().is_some_and(|line| is_blank(line)) {
                converted.pop();
            }
            let leading = converted.iter().take_while(|line| is_blank(line)).count();
            snippets.insert(name, converted.split_off(leading));
        }
    }
    let included: std::collections::BTreeSet<String> = includes
        .borrow()
        .names
        .values()
        .map(|path| format!("{content_shown}/{path}"))
        .collect();
    pages.retain(|page| {
        let keep = !included.contains(&page.source);
        if !keep {
            tally.count("page used as a snippet -> snippet only");
        }
        keep
    });

    // Render hooks change what Markdown means on that site (gohugo.io's `[term](g)` links to
    // its glossary): the pages keep what is written, so say which hooks there were.
    for folder in ["layouts/_markup", "layouts/_default/_markup"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        let mut hooks: Vec<String> = entries
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("render-"))
            .collect();
        hooks.sort();
        for hook in hooks {
            tally.skip(
                &format!("{folder}/{hook}"),
                0,
                "render hook",
                &hook,
                "not converted: the site's template rewrites these Markdown elements; the \
                 pages keep them as written (check what `kbpress check` says about them)",
            );
        }
    }

    let notes = vec![
        format!(
            "content folder: `{}`; a section's `_index.md` gave its category's title and \
             summary, and its text (if any) the section's `index.md` article",
            config.content_dir
        ),
        "reviewed: `lastmod` first, then `date`; `expiryDate` -> expires, `publishDate` -> \
         publish_after, `aliases` -> aliases (under the baseURL path); `weight`, `type`, \
         `layout` and the other fields are custom fields"
            .into(),
    ];
    assembly::finish(
        assembly::Converted {
            format: "hugo",
            title: config.title,
            description: config.description,
            base_url: config.base_url,
            pages,
            snippets,
            copied,
            assets: statics.copies()?,
            categories,
            notes,
            languages: config.other_languages,
            translations,
            language: config.default_language,
        },
        tally,
        options,
    )
}

/// A page file's front matter fields, the text to find their lines in (TOML's `=` read as
/// `:`), its body and the body's first line; `None` (listed) when it is not UTF-8.
#[allow(clippy::type_complexity)]
fn read_page(
    path: &Path,
    relative: &str,
    shown: &str,
    tally: &mut Tally,
) -> anyhow::Result<Option<(BTreeMap<String, Value>, String, String, usize)>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = match crate::source::decode(bytes) {
        Ok(text) => text,
        Err(error) => {
            tally.skip(
                shown,
                0,
                "page",
                relative,
                &format!("not imported: not UTF-8 text ({error:?})"),
            );
            return Ok(None);
        }
    };
    let (block, body_text, first_line, toml) = split(&text);
    let block = block.unwrap_or_default();
    let fields = fields(&block, toml, shown, tally);
    let keys = if toml {
        block
            .lines()
            .map(|line| match line.trim().strip_prefix('[') {
                // `[menu.main]` opens the field `menu`.
                Some(table) => format!(
                    "{}:",
                    table
                        .trim_start_matches('[')
                        .split(['.', ']'])
                        .next()
                        .unwrap_or("")
                ),
                None => line.replacen('=', ":", 1),
            })
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        block
    };
    Ok(Some((fields, keys, body_text.to_string(), first_line)))
}

/// A page of another language: its language and the page it translates.
struct Translated {
    language: String,
    /// The source page, under the content folder (`docs/install.md`).
    source: String,
    page: Source,
}

/// `docs/_index.fr.md` -> `fr` when `fr` is another language of the site.
fn section_translation_of(relative: &str, languages: &[(String, String)]) -> Option<String> {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    let code = name
        .strip_prefix("_index.")?
        .rsplit_once('.')
        .map(|(code, _)| code.to_ascii_lowercase())?;
    languages
        .iter()
        .any(|(known, _)| *known == code)
        .then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_is_read_with_its_line_numbers() {
        let (block, body, first, toml) =
            split("+++\ntitle = \"A\"\nlastmod = 2024-05-01T10:00:00Z\n+++\nText\n");
        assert!(toml);
        assert_eq!((body, first), ("Text\n", 5));
        let mut tally = Tally::default();
        let mut fields = fields(&block.unwrap(), true, "a.md", &mut tally);
        assert_eq!(fields["title"], Value::String("A".into()));
        let lastmod = take(&mut fields, &["lastMod"]).unwrap();
        assert_eq!(
            front_matter::date(&lastmod),
            Some(jiff::civil::date(2024, 5, 1))
        );
    }

    #[test]
    fn dates_aliases_and_params_become_kbpress_fields() {
        let block = "title = \"A\"\ndate = 2024-01-01\nlastMod = 2024-02-01\nexpiryDate = 2030-01-01\ndraft = true\nslug = \"Start Here\"\naliases = [\"/old/\", \"older\", \"/x/*\"]\n[params]\nlevel = 2\n";
        let mut tally = Tally::default();
        let source = Source {
            relative: "guide/a.md".into(),
            shown: "content/guide/a.md".into(),
            target: "guide/a.md".into(),
            fields: fields(block, true, "content/guide/a.md", &mut tally),
            keys: String::new(),
            body: String::new(),
            first_line: 1,
            section: false,
        };
        let (mapped, placement) =
            map_fields(source.fields.clone(), &source, "guide", "/docs", &mut tally);
        assert_eq!(mapped.reviewed, Some(jiff::civil::date(2024, 2, 1)));
        assert_eq!(
            placement,
            Placement {
                slug: Some("start-here".into()),
                aliases: vec!["/docs/old/".into(), "/docs/guide/older".into()],
                draft: true,
                publish_after: None,
                expires: Some(jiff::civil::date(2030, 1, 1)),
            }
        );
        assert_eq!(
            mapped.custom.get("level"),
            Some(&front_matter::Kept::Number("2".into()))
        );
        let dropped: Vec<&str> = tally
            .not_converted
            .iter()
            .map(|u| u.text.as_str())
            .collect();
        assert_eq!(dropped, vec!["/x/*"]);
    }

    #[test]
    fn hugo_urls_are_lowercase_and_bundles_are_folders() {
        let none = BTreeMap::new();
        assert_eq!(page_url("Docs/Install.md", &none), "docs/install");
        assert_eq!(page_url("docs/guide/index.md", &none), "docs/guide");
        assert_eq!(page_url("docs/_index.md", &none), "docs");
        let slug = BTreeMap::from([("slug".to_string(), Value::String("start".into()))]);
        assert_eq!(page_url("docs/a.md", &slug), "docs/start");
    }

    #[test]
    fn a_page_named_after_another_language_is_its_translation() {
        let languages = [("fr".to_string(), "Français".to_string())];
        let of = |path: &str| assembly::translation_of(path, &languages);
        assert_eq!(
            of("docs/install.fr.md"),
            Some(("fr".into(), "docs/install.md".into()))
        );
        assert_eq!(
            of("setup/bundle/index.FR.md"),
            Some(("fr".into(), "setup/bundle/index.md".into()))
        );
        for not in [
            "docs/install.md",
            "docs/install.de.md",
            "docs/v1.2.md",
            "docs/_index.fr.md",
            "docs/.fr.md",
        ] {
            assert_eq!(of(not), None, "{not}");
        }
        assert_eq!(
            section_translation_of("docs/_index.fr.md", &languages),
            Some("fr".into())
        );
        assert_eq!(section_translation_of("docs/_index.md", &languages), None);
    }
}
