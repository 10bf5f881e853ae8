//! MkDocs and Material for MkDocs: `mkdocs.yml` (site name, URL and description, `docs_dir`,
//! `nav` titles, `extra` values, `markdown_extensions` and their settings, plugins), the
//! awesome-pages plugin's `.pages`/`.pages.yml` titles, and every page under `docs_dir`.
//! `!!python/name:` and `!ENV` tags are read as opaque values: they never stop the import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{bail, Context as _};
use serde_yaml::Value;

use super::body::{self, Features};
use super::front_matter::{self, Article, Kind};
use super::report::Report;
use super::site_config::{display_name, SiteToml};
use super::snippets::Resolver;
use super::{abbreviations, Import, Mapping, Options, Tally};

pub const CONFIG_FILE: &str = "mkdocs.yml";

/// `extra` keys that set up Material's theme when they hold a list or mapping (a text
/// `version` is a value pages show).
const MATERIAL_EXTRA: &[&str] = &[
    "alternate",
    "analytics",
    "consent",
    "generator",
    "homepage",
    "social",
    "status",
    "tags",
    "version",
];

/// What mkdocs.yml says, as far as the import uses it.
#[derive(Debug, Default)]
pub struct Config {
    pub site_name: String,
    pub site_url: Option<String>,
    pub site_description: Option<String>,
    pub docs_dir: String,
    /// Page path (under docs_dir) -> its nav title.
    pub page_titles: BTreeMap<String, String>,
    /// Folder (under docs_dir) -> the title of the nav section holding its pages.
    pub section_titles: BTreeMap<String, String>,
    /// Nav entries naming a file that does not exist, and external links.
    pub nav_entries: Vec<String>,
    /// Scalar `extra` values (name -> text); nested ones are named in `extra_skipped`.
    pub extra: BTreeMap<String, String>,
    pub extra_skipped: Vec<String>,
    /// Extension name -> its settings (Null when none).
    pub extensions: BTreeMap<String, Value>,
    pub plugins: BTreeSet<String>,
    /// The i18n plugin's (mkdocs-static-i18n) languages other than the default one, `(locale,
    /// name)`: its `docs_structure: suffix` pages `install.fr.md` translate `install.md`.
    pub languages: Vec<(String, String)>,
    /// The i18n plugin's default language.
    pub default_language: Option<String>,
    /// Top-level keys that carry a tag (`!ENV`, `!!python/...`), read as absent.
    pub tagged: Vec<String>,
    pub text: String,
}

/// The mkdocs.yml line where `needle` first occurs, for the report.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .map_or(0, |index| index + 1)
}

fn string(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

fn names_and_settings(value: Option<&Value>) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    match value {
        Some(Value::Sequence(items)) => {
            for item in items {
                match item {
                    Value::String(name) => {
                        out.insert(name.clone(), Value::Null);
                    }
                    Value::Mapping(mapping) => {
                        for (name, settings) in mapping {
                            if let Value::String(name) = name {
                                out.insert(name.clone(), settings.clone());
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Some(Value::Mapping(mapping)) => {
            for (name, settings) in mapping {
                if let Value::String(name) = name {
                    out.insert(name.clone(), settings.clone());
                }
            }
        }
        _ => {}
    }
    out
}

pub fn read_config(root: &Path) -> anyhow::Result<Config> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let value: Value = serde_yaml::from_str(&text)
        .with_context(|| format!("{} is not valid YAML", path.display()))?;
    let Value::Mapping(mapping) = value else {
        bail!("{} holds no settings", path.display());
    };
    let get = |key: &str| mapping.get(Value::String(key.to_string()));
    let mut config = Config {
        site_name: string(get("site_name")).unwrap_or_else(|| "Docs".into()),
        site_url: string(get("site_url")),
        site_description: string(get("site_description")),
        docs_dir: string(get("docs_dir")).unwrap_or_else(|| "docs".into()),
        extensions: names_and_settings(get("markdown_extensions")),
        plugins: names_and_settings(get("plugins")).into_keys().collect(),
        ..Config::default()
    };
    if let Some(Value::Mapping(i18n)) = names_and_settings(get("plugins")).get("i18n") {
        // `docs_structure: folder` (`docs/fr/install.md`) is not read: its pages stay pages.
        let structure = string(i18n.get(Value::String("docs_structure".into())));
        let languages = i18n.get(Value::String("languages".into()));
        if let (None | Some("suffix"), Some(Value::Sequence(languages))) =
            (structure.as_deref(), languages)
        {
            for language in languages {
                let field = |key: &str| string(language.get(key));
                let Some(locale) = field("locale") else {
                    continue;
                };
                let locale = locale.to_ascii_lowercase();
                if matches!(language.get("default"), Some(Value::Bool(true))) {
                    config.default_language = Some(locale);
                } else {
                    let name = field("name").unwrap_or_else(|| locale.clone());
                    config.languages.push((locale, name));
                }
            }
        }
    }
    for (key, value) in &mapping {
        if let (Value::String(key), Value::Tagged(_)) = (key, value) {
            config.tagged.push(key.clone());
        }
    }
    if let Some(Value::Mapping(extra)) = get("extra") {
        for (name, value) in extra {
            let Value::String(name) = name else { continue };
            let theme_setting = MATERIAL_EXTRA.contains(&name.as_str());
            match string(Some(value)) {
                // `generator: false` hides Material's "Made with" line: no page shows it.
                Some(_) if name == "generator" => {}
                Some(text) => {
                    config.extra.insert(name.clone(), text);
                }
                // Material's own settings (`social`, `analytics`, mike's `version`).
                None if theme_setting => {}
                None => config.extra_skipped.push(name.clone()),
            }
        }
    }
    if let Some(nav) = get("nav") {
        let docs = root.join(&config.docs_dir);
        walk_nav(nav, &docs, &mut config);
    }
    config.text = text;
    Ok(config)
}

/// Collects titles from the nav; returns the pages under `value`.
fn walk_nav(value: &Value, docs: &Path, config: &mut Config) -> Vec<String> {
    let mut pages = Vec::new();
    match value {
        Value::Sequence(items) => {
            for item in items {
                pages.extend(walk_nav(item, docs, config));
            }
        }
        Value::String(path) if nav_page(path, docs, config) => pages.push(path.clone()),
        Value::Mapping(mapping) => {
            for (title, target) in mapping {
                let Value::String(title) = title else {
                    continue;
                };
                match target {
                    Value::String(path) if nav_page(path, docs, config) => {
                        config.page_titles.insert(path.clone(), title.clone());
                        pages.push(path.clone());
                    }
                    Value::Sequence(_) => {
                        let children = walk_nav(target, docs, config);
                        if let Some(folder) = common_folder(&children) {
                            config.section_titles.entry(folder).or_insert(title.clone());
                        }
                        pages.extend(children);
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    pages
}

/// Whether a nav path is a page of the site; external links and missing files are noted.
fn nav_page(path: &str, docs: &Path, config: &mut Config) -> bool {
    if path.contains("://") || path.starts_with('/') {
        config
            .nav_entries
            .push(format!("{path}: an external link in the nav"));
        return false;
    }
    if !docs.join(path).is_file() {
        config
            .nav_entries
            .push(format!("{path}: the nav names a page that does not exist"));
        return false;
    }
    true
}

/// The deepest folder holding every page (`a/b/x.md`, `a/b/c/y.md` -> `a/b`); `None` at the top.
fn common_folder(pages: &[String]) -> Option<String> {
    let mut folders = pages.iter().map(|page| match page.rsplit_once('/') {
        Some((folder, _)) => folder.to_string(),
        None => String::new(),
    });
    let mut common = folders.next()?;
    for folder in folders {
        while !(common.is_empty() || folder == common || folder.starts_with(&format!("{common}/")))
        {
            common = match common.rsplit_once('/') {
                Some((parent, _)) => parent.to_string(),
                None => String::new(),
            };
        }
    }
    (!common.is_empty()).then_some(common)
}

/// The markdown extensions' fate, for the report.
fn extension_status(name: &str) -> &'static str {
    match name {
        "admonition" => "converted: alerts (`> [!NOTE]`)",
        "pymdownx.details" => "converted: `<details>`",
        "pymdownx.tabbed" => "converted: one section per tab",
        "pymdownx.blocks.admonition" => "converted: `/// note` blocks -> alerts (`> [!NOTE]`)",
        "pymdownx.blocks.details" => "converted: `/// details` blocks -> `<details>`",
        "pymdownx.blocks.tab" => "converted: `/// tab` blocks, one section per tab",
        "mdx_include" | "markdown_include" | "markdown_include_variants" => {
            "not converted: each include is listed below (the included file is missing)"
        }
        "pymdownx.blocks.html" | "pymdownx.blocks.definition" | "pymdownx.blocks.caption" => {
            "not converted: its blocks stay as written, listed below"
        }
        "pymdownx.snippets" => "converted: kbpress snippets (`{{> name }}`)",
        "attr_list" => "converted: heading ids; other attributes removed, listed below",
        "abbr" => "converted: `<abbr>` around each use",
        "md_in_html" => "converted: the `markdown` attribute removed",
        "toc"
        | "tables"
        | "fenced_code"
        | "footnotes"
        | "meta"
        | "sane_lists"
        | "pymdownx.superfences"
        | "pymdownx.highlight"
        | "pymdownx.inlinehilite"
        | "pymdownx.tasklist"
        | "pymdownx.tilde"
        | "pymdownx.betterem"
        | "pymdownx.magiclink"
        | "pymdownx.escapeall"
        | "pymdownx.smartsymbols"
        | "smarty"
        | "codehilite" => {
            "kbpress reads this Markdown itself (or it only styles); custom fences (mermaid) \
             show as code"
        }
        "def_list" => "not converted: a definition list shows as paragraphs (term, then `: text`)",
        "pymdownx.emoji" => "not converted: shortcodes stay as text, listed below",
        "pymdownx.keys" => "not converted: `++key++` stays as text, listed below",
        _ => "not converted: its syntax, if any, stays as written (not listed line by line)",
    }
}

/// Paths in a snippets setting (a string or a list).
fn paths(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(path)) => vec![path.clone()],
        Some(Value::Sequence(items)) => items.iter().filter_map(|v| string(Some(v))).collect(),
        _ => Vec::new(),
    }
}

/// A page converted, before the custom fields' types are known.
struct Page {
    source: String,
    target: String,
    article: Article,
    body: Vec<String>,
}

pub fn import(options: &Options) -> anyhow::Result<Import> {
    let root = &options.source;
    let config = read_config(root)?;
    let docs = root.join(&config.docs_dir);
    if !docs.is_dir() {
        bail!(
            "{}: docs_dir `{}` is not a folder",
            root.join(CONFIG_FILE).display(),
            config.docs_dir
        );
    }
    let mut tally = Tally::default();
    let mut report = Report {
        format: "mkdocs".into(),
        ..Report::default()
    };
    let has = |name: &str| config.extensions.contains_key(name);
    let features = Features {
        admonition: has("admonition"),
        details: has("pymdownx.details"),
        tabbed: has("pymdownx.tabbed"),
        snippets: has("pymdownx.snippets"),
        attr_list: has("attr_list"),
        abbreviations: has("abbr"),
        md_in_html: has("md_in_html"),
        emoji: has("pymdownx.emoji"),
        keys: has("pymdownx.keys"),
        blocks: (config.extensions.keys())
            .filter_map(|name| name.strip_prefix("pymdownx.blocks."))
            .map(str::to_string)
            .collect(),
        foreign_includes: [
            "mdx_include",
            "markdown_include",
            "markdown_include_variants",
        ]
        .iter()
        .any(|name| has(name)),
    };
    for name in config.extensions.keys() {
        report
            .extensions
            .insert(name.clone(), extension_status(name).to_string());
    }
    let snippet_settings = config.extensions.get("pymdownx.snippets");
    let setting = |key: &str| match snippet_settings {
        Some(Value::Mapping(mapping)) => mapping.get(Value::String(key.into())).cloned(),
        _ => None,
    };
    let mut resolver = Resolver::new(root, &paths(setting("base_path").as_ref()));
    // The mkdocs-macros plugin, or a Markdown extension that does the same (Zensical's
    // `zensical.extensions.macros`, which FastAPI's docs use): `{{ }}` is a macro there, to
    // convert or list, not text to escape.
    let macros = config.plugins.contains("macros")
        || (config.extensions.keys()).any(|name| name.rsplit('.').next() == Some("macros"));
    let variables = macros.then(|| config.extra.clone());

    // Auto-appended snippet files: their abbreviations apply to every page; any other text
    // is included at the end of every page.
    let mut global_abbreviations = BTreeMap::new();
    let mut appended = Vec::new();
    for path in paths(setting("auto_append").as_ref()) {
        let Some(name) = resolver.include(&path) else {
            tally.skip(
                CONFIG_FILE,
                line_of(&config.text, &path),
                "snippet",
                &path,
                "removed: the auto_append file does not exist",
            );
            continue;
        };
        let source = resolver.names[&name].clone();
        let text = std::fs::read_to_string(root.join(&source)).unwrap_or_default();
        let mut only_abbreviations = true;
        for line in text.lines() {
            match abbreviations::definition(line.trim()) {
                Some((abbreviation, title)) => {
                    global_abbreviations.insert(abbreviation, title);
                }
                None if line.trim().is_empty() => {}
                None => only_abbreviations = false,
            }
        }
        if only_abbreviations {
            resolver.names.remove(&name);
            tally.count("auto-appended abbreviations -> every page");
        } else {
            appended.push(name);
        }
    }

    // Every page, in path order.
    let mut sources = Vec::new();
    let mut copied = Vec::new();
    for (_, relative) in super::assembly::files_under(&docs, None)? {
        if relative.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let extension = relative.rsplit_once('.').map(|(_, e)| e.to_lowercase());
        if matches!(extension.as_deref(), Some("md" | "markdown")) {
            sources.push(relative);
        } else {
            copied.push(relative);
        }
    }

    let docs_prefix = config.docs_dir.trim_end_matches('/').to_string();
    let mut pages = Vec::new();
    let mut missing_dates = Vec::new();
    let mut dated = 0;
    for relative in &sources {
        let source = format!("{docs_prefix}/{relative}");
        let bytes =
            std::fs::read(docs.join(relative)).with_context(|| format!("cannot read {source}"))?;
        let text = match crate::source::decode(bytes) {
            Ok(text) => text,
            Err(error) => {
                tally.skip(
                    &source,
                    0,
                    "page",
                    relative,
                    &format!("not imported: not UTF-8 text ({error:?})"),
                );
                continue;
            }
        };
        let (yaml, body_text, first_line) = front_matter::split(&text);
        let fields = yaml
            .map(|yaml| front_matter::parse(yaml, &source, &mut tally))
            .unwrap_or_default();
        let mut abbreviations = global_abbreviations.clone();
        if features.abbreviations {
            for line in body_text.lines() {
                if let Some((abbreviation, title)) = abbreviations::definition(line.trim()) {
                    abbreviations.insert(abbreviation, title);
                }
            }
        }
        let lines = body::lines(body_text, first_line);
        let mut context = body::Context {
            file: &source,
            tally: &mut tally,
            features: &features,
            abbreviations: &abbreviations,
            variables: variables.as_ref(),
            snippets: &mut resolver,
            raw: false,
        };
        let mut converted = body::convert(&lines, &mut context, 0);
        for name in &appended {
            converted.push(String::new());
            converted.push(format!("{{{{> {name} }}}}"));
        }
        let mapped = front_matter::map(fields, yaml.unwrap_or(""), &source, &mut tally);
        let stem = relative.rsplit('/').next().unwrap_or(relative);
        let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
        let title = mapped
            .title
            .or_else(|| front_matter::first_heading(&converted))
            .or_else(|| config.page_titles.get(relative).cloned())
            .unwrap_or_else(|| display_name(stem));
        // kbpress expands no variable in the title and summary: they get the values.
        let title = super::macros::expanded(&title, variables.as_ref());
        let summary = mapped
            .description
            .or_else(|| front_matter::first_sentence(&converted))
            .map(|summary| super::macros::expanded(&summary, variables.as_ref()))
            // A Jinja expression that did not convert cannot be shown in a summary.
            .filter(|summary| !summary.contains("{{"))
            .unwrap_or_else(|| title.clone());
        let reviewed = mapped.reviewed.or(options.reviewed);
        // A translation (`install.fr.md`) takes its page's date.
        let translation = super::assembly::translation_of(relative, &config.languages).is_some();
        if mapped.reviewed.is_some() {
            dated += 1;
        } else if options.reviewed.is_none() && !translation {
            missing_dates.push(source.clone());
        }
        let article_type = Mapping::by_folder(&options.mapping.types, relative)
            .cloned()
            .unwrap_or_else(|| options.default_type.clone());
        let mut applies_to: BTreeSet<String> =
            match Mapping::by_folder(&options.mapping.products, relative) {
                Some(products) => products.iter().cloned().collect(),
                None => BTreeSet::from([default_product(options, &config)]),
            };
        for tag in &mapped.tags {
            if let Some(products) = options.mapping.tag_products.get(tag) {
                applies_to.extend(products.iter().cloned());
            }
        }
        pages.push(Page {
            target: format!("articles/{relative}"),
            source,
            article: Article {
                title,
                summary,
                article_type,
                applies_to: applies_to.into_iter().collect(),
                reviewed,
                tags: mapped.tags,
                custom: mapped.custom,
            },
            body: converted,
        });
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

    // Snippets, including those that snippets include, until no new one turns up.
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut converted_snippets: BTreeSet<String> = BTreeSet::new();
    loop {
        let pending: Vec<(String, String)> = resolver
            .names
            .iter()
            .filter(|(name, _)| !converted_snippets.contains(*name))
            .map(|(name, source)| (name.clone(), source.clone()))
            .collect();
        if pending.is_empty() {
            break;
        }
        for (name, source) in pending {
            converted_snippets.insert(name.clone());
            let text = std::fs::read(root.join(&source))
                .map_err(anyhow::Error::from)
                .and_then(|bytes| {
                    crate::source::decode(bytes)
                        .map_err(|error| anyhow::anyhow!("not UTF-8 text ({error:?})"))
                })
                .with_context(|| format!("cannot read the snippet {source}"))?;
            let (_, body_text, first_line) = front_matter::split(&text);
            let lines = body::lines(body_text, first_line);
            let mut context = body::Context {
                file: &source,
                tally: &mut tally,
                features: &features,
                abbreviations: &global_abbreviations,
                variables: variables.as_ref(),
                snippets: &mut resolver,
                raw: false,
            };
            let converted = body::convert(&lines, &mut context, 0);
            if converted
                .iter()
                .any(|line| line.contains("](") && !line.contains("://"))
            {
                tally.skip(
                    &source,
                    0,
                    "snippet links",
                    &source,
                    "kept: relative links in a snippet now resolve from snippets/, not from \
                     the page including it; check them",
                );
            }
            files.insert(
                format!("snippets/{name}.md"),
                (converted.join("\n") + "\n").into_bytes(),
            );
        }
    }
    let snippet_sources: BTreeSet<&String> = resolver.names.values().collect();

    // Custom fields: a type every page's value fits.
    let mut declared: BTreeMap<String, Kind> = BTreeMap::new();
    let mut types = BTreeSet::new();
    let mut products = BTreeMap::new();
    let default = default_product(options, &config);
    for page in pages
        .iter()
        .filter(|p| !snippet_sources.contains(&p.source))
    {
        for (name, value) in &page.article.custom {
            let kind = Kind::of(value);
            declared
                .entry(name.clone())
                .and_modify(|k| *k = k.merge(kind))
                .or_insert(kind);
        }
        types.insert(page.article.article_type.clone());
        for product in &page.article.applies_to {
            let name = if *product == default && options.default_product.is_none() {
                config.site_name.clone()
            } else {
                display_name(product)
            };
            products.insert(product.clone(), name);
        }
    }
    let mut articles = 0;
    let reviewed_by_target: BTreeMap<&str, Option<jiff::civil::Date>> = (pages.iter())
        .map(|page| (page.target.as_str(), page.article.reviewed))
        .collect();
    for page in &pages {
        if snippet_sources.contains(&page.source) {
            tally.count("page used as a snippet -> snippet only");
            continue;
        }
        // `install.fr.md` beside `install.md`: the translation, with its own title and summary.
        if let Some((_, source)) = super::assembly::translation_of(&page.target, &config.languages)
        {
            if let Some(reviewed) = reviewed_by_target.get(source.as_str()) {
                let body: Vec<String> = (page.body.iter())
                    .map(|line| same_article_in_links(line, &config.languages))
                    .collect();
                let text = super::assembly::translation_text(
                    Some(&page.article.title),
                    Some(&page.article.summary),
                    *reviewed,
                    false,
                    &body,
                );
                files.insert(page.target.clone(), text.into_bytes());
                tally.count("i18n page (NAME.CODE.md) -> translation beside its article");
                continue;
            }
            tally.skip(
                &page.source,
                0,
                "translation",
                &page.source,
                "not imported: the page it translates does not exist",
            );
            continue;
        }
        let mut text = front_matter::write(&page.article, &declared);
        text.push_str(&page.body.join("\n"));
        text.push('\n');
        files.insert(page.target.clone(), text.into_bytes());
        articles += 1;
    }
    for relative in &copied {
        let source = docs.join(relative);
        let name = relative.rsplit('/').next().unwrap_or(relative);
        if name == ".pages" || name == ".pages.yml" {
            continue;
        }
        let bytes =
            std::fs::read(&source).with_context(|| format!("cannot read {}", source.display()))?;
        files.insert(format!("articles/{relative}"), bytes);
        report.files_copied += 1;
    }

    category_titles(&docs, &config, &mut files, &mut tally)?;

    for entry in &config.nav_entries {
        let path = entry
            .rsplit_once(": ")
            .map_or(entry.as_str(), |(path, _)| path);
        let line = config
            .text
            .lines()
            .position(|line| line.trim_end().ends_with(path))
            .map_or(0, |index| index + 1);
        tally.skip(
            CONFIG_FILE,
            line,
            "nav entry",
            entry,
            "not converted: kbpress lists the articles under articles/; link to it from an article",
        );
    }
    for key in &config.tagged {
        tally.skip(
            CONFIG_FILE,
            line_of(&config.text, &format!("{key}:")),
            "tagged setting",
            key,
            "read as absent: a tag (`!ENV`, `!!python/...`) is evaluated by MkDocs only",
        );
    }
    for name in &config.extra_skipped {
        tally.skip(
            CONFIG_FILE,
            line_of(&config.text, &format!("{name}:")),
            "extra value",
            name,
            "not a variable: a list or mapping (kbpress variables are text)",
        );
    }
    let plugins_kept = ["search", "macros", "tags", "awesome-pages"];
    for plugin in &config.plugins {
        let translated = plugin == "i18n" && !config.languages.is_empty();
        if !plugins_kept.contains(&plugin.as_str()) && !translated {
            tally.skip(
                CONFIG_FILE,
                line_of(&config.text, plugin),
                "plugin",
                plugin,
                "not converted: kbpress has no plugins; what it adds to pages is missing",
            );
        }
    }

    let base_url = match &config.site_url {
        Some(url) if url.starts_with("http") => {
            report.notes.push(format!("base_url from site_url: {url}"));
            if url.ends_with('/') {
                url.clone()
            } else {
                format!("{url}/")
            }
        }
        _ => {
            report.notes.push(
                "base_url: mkdocs.yml has no site_url, so site.toml has the placeholder that \
                 `kbpress check` warns about until you set it"
                    .into(),
            );
            crate::config::PLACEHOLDER_BASE_URL.to_string()
        }
    };
    report.notes.push(format!(
        "reviewed: from a date in the front matter (reviewed, last_updated, updated, date, \
         revision_date) for {dated} pages, else --reviewed{}; git history is not read (a commit \
         date is not a review, and an exported tree has none)",
        options
            .reviewed
            .map(|d| format!(" ({d})"))
            .unwrap_or_default()
    ));
    report.notes.push(format!(
        "type: `{}` unless the mapping file names the folder; applies_to: `{}` unless it does",
        options.default_type, default
    ));
    report.notes.push(
        "title: the front matter's title, else the first H1, else the nav title, else the file \
         name; summary: description, else the first sentence"
            .into(),
    );
    if config.section_titles.is_empty() && config.page_titles.is_empty() {
        report.notes.push("nav: none in mkdocs.yml".into());
    } else {
        report.notes.push(
            "nav: section titles became category titles (`_index.md`), page titles were used \
             where a page had no title or H1; the nav's order is not kept (kbpress orders \
             categories and articles itself)"
                .into(),
        );
    }
    if !macros && config.extra.keys().next().is_some() {
        report.notes.push(
            "extra values were not made variables: the macros plugin is not on, so `{{ }}` is \
             text in MkDocs"
                .into(),
        );
    }

    let variables = variables.unwrap_or_default();
    let site = SiteToml {
        title: &config.site_name,
        description: config.site_description.as_deref(),
        base_url: &base_url,
        products: &products,
        types: &types,
        fields: &declared,
        variables: &variables,
        languages: &config.languages,
        language: config.default_language.as_deref(),
    };
    files.insert("site.toml".into(), site.render().into_bytes());

    tally.not_converted.sort();
    report.articles = articles;
    report.snippets = converted_snippets.len();
    report.converted = tally.converted;
    report.not_converted = tally.not_converted;
    report.fields = declared
        .iter()
        .map(|(name, kind)| (name.clone(), kind.name().to_string()))
        .collect();
    report.variables = variables;
    files.insert("IMPORT.md".into(), report.markdown().into_bytes());
    Ok(Import { files, report })
}

/// A translation's link to a page in its language (`use.fr.md#a`) made a link to the page's
/// article (`use.md#a`), which the KB resolves to the translation in the translation's site.
fn same_article_in_links(line: &str, languages: &[(String, String)]) -> String {
    super::assembly::rewrite_destinations(line, |destination| {
        let (path, fragment) = destination
            .split_once('#')
            .map_or((destination, None), |(p, f)| (p, Some(f)));
        let (_, source) = super::assembly::translation_of(path, languages)?;
        Some(match fragment {
            Some(fragment) => format!("{source}#{fragment}"),
            None => source,
        })
    })
}

fn default_product(options: &Options, config: &Config) -> String {
    options.default_product.clone().unwrap_or_else(|| {
        let slug = crate::slug::slugify(&config.site_name);
        if crate::config::is_identifier(&slug) {
            slug
        } else {
            "docs".into()
        }
    })
}

/// `_index.md` for folders titled by a `.pages`/`.pages.yml` file (awesome-pages) or a nav
/// section; the other keys of those files are reported.
fn category_titles(
    docs: &Path,
    config: &Config,
    files: &mut BTreeMap<String, Vec<u8>>,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let mut titles = config.section_titles.clone();
    for entry in walkdir::WalkDir::new(docs)
        .sort_by_file_name()
        .follow_links(false)
    {
        let entry = entry.with_context(|| format!("cannot read {}", docs.display()))?;
        let name = entry.file_name().to_string_lossy();
        if name != ".pages" && name != ".pages.yml" {
            continue;
        }
        let folder = entry
            .path()
            .parent()
            .and_then(|p| p.strip_prefix(docs).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let shown = format!(
            "{}/{}",
            config.docs_dir.trim_end_matches('/'),
            if folder.is_empty() {
                name.to_string()
            } else {
                format!("{folder}/{name}")
            }
        );
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let Ok(Value::Mapping(mapping)) = serde_yaml::from_str::<Value>(&text) else {
            tally.skip(
                &shown,
                1,
                "awesome-pages file",
                &shown,
                "not read: not a YAML mapping",
            );
            continue;
        };
        for (key, value) in &mapping {
            let Value::String(key) = key else { continue };
            if key == "title" {
                if let Some(title) = string(Some(value)) {
                    if folder.is_empty() {
                        tally.skip(
                            &shown,
                            line_of(&text, "title"),
                            "awesome-pages title",
                            &title,
                            "not converted: the top folder's title is site.toml's title",
                        );
                    } else {
                        titles.insert(folder.clone(), title);
                        tally.count("awesome-pages title -> category title");
                    }
                }
            } else {
                tally.skip(
                    &shown,
                    line_of(&text, &format!("{key}:")),
                    "awesome-pages setting",
                    key,
                    "not converted: kbpress orders and shows every article itself",
                );
            }
        }
    }
    for (folder, title) in titles {
        let text = format!("---\ntitle: {}\n---\n", serde_json::to_string(&title)?);
        files.insert(format!("articles/{folder}/_index.md"), text.into_bytes());
        tally.count("category title -> _index.md");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_folder_of_a_section() {
        let pages = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            common_folder(&pages(&["a/b/x.md", "a/b/c/y.md"])),
            Some("a/b".into())
        );
        assert_eq!(common_folder(&pages(&["a/x.md", "b/y.md"])), None);
        assert_eq!(common_folder(&pages(&["x.md"])), None);
    }
}
