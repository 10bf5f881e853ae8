//! Themes: the default theme embedded in the binary, and a KB folder that overrides its files.
//!
//! `themes/<theme>/templates/x.html` in the KB replaces the embedded `templates/x.html`, and
//! `themes/<theme>/static/y` the embedded `static/y`; files the KB does not override come from
//! the binary, so kbpress works anywhere with no theme folder at all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// The default theme, as (path relative to the theme folder, content).
pub const DEFAULT_THEME: &[(&str, &[u8])] = embedded![
    "templates/404.html",
    "templates/article.html",
    "templates/article-item.html",
    "templates/atom.xml",
    "templates/base.html",
    "templates/category.html",
    "templates/feedback.html",
    "templates/home.html",
    "templates/redirect.html",
    "templates/search.html",
    "templates/sitemap.xml",
    "templates/term.html",
    "templates/terms.html",
    "static/feedback.css",
    "static/feedback.js",
    "static/highlight.css",
    "static/kbpress.js",
    "static/search-index.js",
    "static/search-markdown.js",
    "static/search.css",
    "static/search.js",
    "static/style.css",
    "i18n/en.toml",
    "i18n/fr.toml",
    "i18n/de.toml",
    "i18n/es.toml",
];

/// The language whose words every other language falls back to, key by key.
const FALLBACK_LANGUAGE: &str = "en";

/// One language's words of the theme (`i18n/fr.toml`): key -> text.
pub type Strings = BTreeMap<String, String>;

/// A theme's files after overrides: templates by name, static files by path.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Template name (`article.html`) -> (source path for error messages, text).
    pub templates: BTreeMap<String, (String, String)>,
    /// Static file path relative to `static/` -> content.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// The KB's theme folder, if it has one (watched by `serve`).
    pub folder: Option<PathBuf>,
    /// The theme's words by language (`fr`), from `i18n/<language>.toml`: the embedded files,
    /// then the KB's, key by key over them.
    pub strings: BTreeMap<String, Strings>,
}

impl Theme {
    /// The embedded default theme overridden by `root/themes/<name>/`, if that folder exists.
    /// A theme other than `default` must have its folder.
    pub fn load(root: &Path, name: &str) -> anyhow::Result<Theme> {
        let mut theme = Theme {
            templates: BTreeMap::new(),
            static_files: BTreeMap::new(),
            folder: None,
            strings: BTreeMap::new(),
        };
        for (path, bytes) in DEFAULT_THEME {
            let source = format!("(embedded default theme) {path}");
            theme.add(path, &source, bytes.to_vec())?;
        }
        let folder = root.join("themes").join(name);
        if folder.is_dir() {
            for entry in walkdir::WalkDir::new(&folder).sort_by_file_name() {
                let entry = entry
                    .with_context(|| format!("cannot read theme folder {}", folder.display()))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let relative = crate::load::relative(&folder, entry.path());
                let bytes = std::fs::read(entry.path()).with_context(|| {
                    format!("cannot read theme file {}", entry.path().display())
                })?;
                let source = crate::load::relative(root, entry.path());
                theme.add(&relative, &source, bytes)?;
            }
            theme.folder = Some(folder);
        } else if name != "default" {
            anyhow::bail!(
                "theme `{name}` (site.toml) has no folder {}; create it or set theme = \"default\"",
                folder.display()
            );
        }
        Ok(theme)
    }

    fn add(&mut self, relative: &str, source: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        if let Some(name) = relative.strip_prefix("templates/") {
            let text = String::from_utf8(bytes)
                .map_err(|_| anyhow::anyhow!("template {source} is not UTF-8"))?;
            self.templates
                .insert(name.to_string(), (source.to_string(), text));
        } else if let Some(name) = relative.strip_prefix("static/") {
            self.static_files.insert(name.to_string(), bytes);
        } else if let Some(language) = relative
            .strip_prefix("i18n/")
            .and_then(|name| name.strip_suffix(".toml"))
        {
            self.add_strings(language, source, &bytes)?;
        }
        Ok(())
    }

    /// Reads `i18n/<language>.toml`: a flat table of texts, over what the theme has for that
    /// language already. A key the default theme's English file lacks is refused (a typo would
    /// otherwise change nothing, silently).
    fn add_strings(&mut self, language: &str, source: &str, bytes: &[u8]) -> anyhow::Result<()> {
        if !crate::config::is_language_tag(language) {
            anyhow::bail!(
                "{source}: `{language}` is not a language tag; name the file after one in lowercase, e.g. `fr.toml`, `pt-br.toml`"
            );
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|_| anyhow::anyhow!("theme strings {source} are not UTF-8"))?;
        let table: toml::Table =
            toml::from_str(text).map_err(|error| anyhow::anyhow!("{source}: {error}"))?;
        let known = self.strings.get(FALLBACK_LANGUAGE);
        let mut words = Strings::new();
        for (key, value) in table {
            let toml::Value::String(value) = value else {
                anyhow::bail!(
                    "{source}: `{key}` must be text in quotes, not {}",
                    value.type_str()
                );
            };
            if let Some(known) = known.filter(|known| !known.contains_key(&key)) {
                let help = crate::suggest::did_you_mean(&key, known.keys().map(String::as_str))
                    .map(|help| format!("; {help}"))
                    .unwrap_or_default();
                anyhow::bail!(
                    "{source}: `{key}` is not a word of the theme{help} (the keys are those of the default theme's i18n/en.toml)"
                );
            }
            if key == super::dates::PATTERN_WORD {
                super::dates::check_pattern(&value)
                    .map_err(|problem| anyhow::anyhow!("{source}: `{key}`: {problem}"))?;
            }
            words.insert(key, value);
        }
        self.strings
            .entry(language.to_string())
            .or_default()
            .extend(words);
        Ok(())
    }

    /// The theme's words for `language` (`fr-ca`): English, then the primary language's (`fr`),
    /// then the exact tag's, key by key, so a missing word shows in English, never empty.
    pub fn strings_for(&self, language: &str) -> Strings {
        let language = language.to_ascii_lowercase();
        let primary = language.split('-').next().unwrap_or(&language);
        let mut strings = Strings::new();
        for tag in [FALLBACK_LANGUAGE, primary, language.as_str()] {
            if let Some(words) = self.strings.get(tag) {
                strings.extend(words.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        strings
    }

    /// The words bodies' HTML holds, in the KB's language and each of `[languages]`.
    pub fn body_words(&self, config: &crate::config::SiteConfig) -> crate::site::BodyWords {
        let languages = std::iter::once(&config.language).chain(config.languages.keys());
        crate::site::BodyWords {
            audience_labels: languages
                .map(|language| {
                    let words = self.strings_for(language);
                    let label = words.get("audience_label").cloned();
                    (
                        language.clone(),
                        label.unwrap_or_else(|| crate::markdown::AUDIENCE_LABEL.into()),
                    )
                })
                .collect(),
        }
    }

    /// Compiles the templates once, for a site whose words are `words` (its
    /// [`Theme::strings_for`]): its `local_date` filter writes dates their way. Syntax errors
    /// name the template file, line and column.
    pub fn compile(&self, words: &Strings) -> anyhow::Result<tera::Tera> {
        let mut tera = tera::Tera::new();
        super::dates::DateFormat::from_words(words)?.register(&mut tera);
        tera.add_raw_templates(
            self.templates
                .iter()
                .map(|(name, (_, text))| (name.as_str(), text.as_str())),
        )
        .map_err(|error| self.template_error(&error))?;
        Ok(tera)
    }

    /// Turns a Tera error into one that names the template's file, line and column.
    pub fn template_error(&self, error: &tera::Error) -> anyhow::Error {
        let report = match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                Some(report)
            }
            _ => None,
        };
        match report {
            Some(report) => {
                let file = self
                    .templates
                    .get(report.filename())
                    .map_or(report.filename(), |(source, _)| source.as_str());
                let span = report.span();
                anyhow::anyhow!(
                    "template error in {file}:{}:{}: {}",
                    span.start_line,
                    span.start_col + 1,
                    report.message()
                )
            }
            None => self.located_message(&error.to_string()),
        }
    }

    /// Tera reports validation errors (an unknown filter, say) as a plain message holding a
    /// report with `--> name:line:col`; name the template's source file instead.
    fn located_message(&self, message: &str) -> anyhow::Error {
        let location = message.split("--> ").nth(1).and_then(|rest| {
            let (name, position) = rest.split_once(':')?;
            let position: String = position
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ':')
                .collect();
            Some((name.to_string(), position))
        });
        let summary = message
            .lines()
            .next()
            .unwrap_or(message)
            .trim_start_matches("error: ");
        match location {
            Some((name, position)) => {
                let file = self
                    .templates
                    .get(&name)
                    .map_or(name.as_str(), |(source, _)| source.as_str());
                anyhow::anyhow!("template error in {file}:{position}: {summary}")
            }
            None => anyhow::anyhow!("template error: {message}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_default_theme_is_embedded() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = walkdir::WalkDir::new(&folder)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| crate::load::relative(&folder, e.path()))
            .collect();
        let mut embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        let mut on_disk_sorted = on_disk;
        on_disk_sorted.sort();
        assert_eq!(
            embedded, on_disk_sorted,
            "add new theme files to DEFAULT_THEME"
        );
    }

    #[test]
    fn every_shipped_language_has_every_word_and_no_other() {
        let theme = Theme::load(Path::new("/nonexistent"), "default").unwrap();
        let languages: Vec<&str> = theme.strings.keys().map(String::as_str).collect();
        assert_eq!(languages, ["de", "en", "es", "fr"]);
        let english: Vec<&String> = theme.strings["en"].keys().collect();
        for (language, words) in &theme.strings {
            assert_eq!(
                words.keys().collect::<Vec<_>>(),
                english,
                "i18n/{language}.toml"
            );
            let empty: Vec<&String> = (words.iter())
                .filter(|(_, text)| text.trim().is_empty())
                .map(|(key, _)| key)
                .collect();
            assert!(empty.is_empty(), "i18n/{language}.toml: {empty:?}");
        }
        // Every word a template asks for is in the English file (Tera renders a missing one as
        // an error only on the page that reaches it).
        let asked = theme.templates.values().flat_map(|(_, text)| {
            text.match_indices("i18n.")
                .map(|(at, _)| {
                    let rest = &text[at + 5..];
                    rest[..rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len())]
                        .to_string()
                })
                .collect::<Vec<_>>()
        });
        for key in asked {
            assert!(theme.strings["en"].contains_key(&key), "i18n.{key}");
        }
    }

    #[test]
    fn words_fall_back_to_the_primary_language_then_english_and_a_kb_overrides_one() {
        let dir = tempfile::tempdir().unwrap();
        let i18n = dir.path().join("themes/default/i18n");
        std::fs::create_dir_all(&i18n).unwrap();
        std::fs::write(i18n.join("fr.toml"), "last_reviewed = \"Revu le\"\n").unwrap();
        std::fs::write(i18n.join("fr-ca.toml"), "home = \"Page d'accueil\"\n").unwrap();
        let theme = Theme::load(dir.path(), "default").unwrap();
        let french = theme.strings_for("fr");
        assert_eq!(french["last_reviewed"], "Revu le");
        assert_eq!(
            french["home"], "Accueil",
            "the other words are the shipped ones"
        );
        let canadian = theme.strings_for("fr-CA");
        assert_eq!(
            (
                canadian["home"].as_str(),
                canadian["last_reviewed"].as_str()
            ),
            ("Page d'accueil", "Revu le")
        );
        assert_eq!(
            theme.strings_for("it")["home"],
            "Home",
            "no Italian: English"
        );

        std::fs::write(i18n.join("fr.toml"), "last_reviewd = \"Revu le\"\n").unwrap();
        let error = Theme::load(dir.path(), "default").unwrap_err().to_string();
        assert!(error.contains("themes/default/i18n/fr.toml: `last_reviewd` is not a word of the theme; did you mean `last_reviewed`?"), "{error}");
        std::fs::write(i18n.join("fr.toml"), "home = 3\n").unwrap();
        let error = Theme::load(dir.path(), "default").unwrap_err().to_string();
        assert!(
            error.contains("`home` must be text in quotes, not integer"),
            "{error}"
        );
    }

    #[test]
    fn a_kb_written_in_french_gets_the_themes_french_words() {
        use crate::check::testing::*;
        let config = SITE_TOML.replace(
            "base_url = \"https://example.com/kb/\"\n",
            "base_url = \"https://example.com/kb/\"\nlanguage = \"fr\"\n",
        );
        let site = kb_with_site_toml(
            &config,
            &[("articles/a.md", &article("## Steps\n\nDu texte.\n"))],
        );
        let built = render_public(&site);
        let page = String::from_utf8_lossy(built.get("a/index.html").unwrap()).to_string();
        for words in [
            "<html lang=\"fr\">",
            "Dernière révision",
            "Aller au contenu principal",
            "Fil d’Ariane",
        ] {
            assert!(page.contains(words), "{words}");
        }
        assert!(!page.contains("Last reviewed") && !page.contains("Skip to main content"));
        let products =
            String::from_utf8_lossy(built.get("products/index.html").unwrap()).to_string();
        assert!(products.contains("<h1>Produits</h1>"), "{products}");
    }

    #[test]
    fn the_default_theme_compiles() {
        let theme = Theme::load(Path::new("/nonexistent"), "default").unwrap();
        theme.compile(&theme.strings_for("en")).unwrap();
    }

    #[test]
    fn a_kb_folder_overrides_single_files() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("404.html"), "custom").unwrap();
        let theme = Theme::load(dir.path(), "default").unwrap();
        assert_eq!(theme.templates["404.html"].1, "custom");
        assert_eq!(
            theme.templates["404.html"].0,
            "themes/default/templates/404.html"
        );
        assert!(theme.templates["base.html"].0.contains("embedded"));
    }

    #[test]
    fn template_syntax_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("404.html"), "ok\n{% if %}\n").unwrap();
        let theme = Theme::load(dir.path(), "default").unwrap();
        let error = theme
            .compile(&theme.strings_for("en"))
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("template error in themes/default/templates/404.html:2:"),
            "{error}"
        );
    }

    #[test]
    fn unknown_filters_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("404.html"), "ok\n{{ x | nosuchfilter }}\n").unwrap();
        let theme = Theme::load(dir.path(), "default").unwrap();
        let error = theme
            .compile(&theme.strings_for("en"))
            .unwrap_err()
            .to_string();
        assert_eq!(error, "template error in themes/default/templates/404.html:2:8: Unknown filter `nosuchfilter`");
    }

    #[test]
    fn a_missing_named_theme_is_an_error() {
        let error = Theme::load(Path::new("/nonexistent"), "fancy").unwrap_err();
        assert!(error.to_string().contains("theme `fancy`"));
    }

    /// The colours of `highlight.css` keep WCAG AA contrast (4.5:1) on the code background of
    /// `style.css`, in the light and the dark scheme, also when either file changes.
    #[test]
    fn highlight_colours_meet_wcag_aa_on_the_code_background() {
        let file = |name: &str| {
            let (_, bytes) = DEFAULT_THEME.iter().find(|(p, _)| *p == name).unwrap();
            std::str::from_utf8(bytes).unwrap()
        };
        // Each `--name: #rrggbb` of the text, in order: light, then dark (print's `#fff`, on
        // which every colour has more contrast than on the light background, is skipped).
        let colours = |css: &str, name: &str| -> Vec<[f64; 3]> {
            css.split(&format!("{name}:"))
                .skip(1)
                .filter_map(|rest| rest.trim_start().strip_prefix('#')?.get(..6))
                .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
                .map(|hex| {
                    [0, 2, 4]
                        .map(|i| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0)
                })
                .collect()
        };
        let luminance = |[r, g, b]: [f64; 3]| {
            let linear = |c: f64| {
                if c <= 0.04045 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
        };
        let contrast = |a, b| {
            let (a, b) = (luminance(a), luminance(b));
            (a.max(b) + 0.05) / (a.min(b) + 0.05)
        };
        let backgrounds = colours(file("static/style.css"), "--code-bg");
        // Both schemes, or the zip below would quietly check the light one only.
        assert_eq!(
            backgrounds.len(),
            2,
            "--code-bg light and dark: {backgrounds:?}"
        );
        let highlight = file("static/highlight.css");
        let mut names: Vec<&str> = highlight
            .split("--hl-")
            .skip(1)
            .filter_map(|rest| rest.split_once(':').map(|(name, _)| name))
            .filter(|name| !name.contains(')'))
            .collect();
        names.sort();
        names.dedup();
        assert!(names.len() >= 7, "{names:?}");
        for name in names {
            let pair = colours(highlight, &format!("--hl-{name}"));
            assert_eq!(pair.len(), 2, "--hl-{name}: a light and a dark colour");
            for (scheme, (colour, background)) in
                ["light", "dark"].iter().zip(pair.iter().zip(&backgrounds))
            {
                let ratio = contrast(*colour, *background);
                assert!(
                    ratio >= 4.5,
                    "--hl-{name} in the {scheme} scheme: {ratio:.2}:1"
                );
            }
        }
    }
}
