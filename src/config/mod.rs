//! `site.toml`: the site's settings and its controlled vocabularies.
//!
//! A bad `site.toml` is a tool failure (exit 2), not a content diagnostic: nothing can be
//! checked without it. Errors name the file, line and column, and suggest the closest key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::source::LineIndex;
use crate::suggest::did_you_mean;

pub const CONFIG_FILE: &str = "site.toml";

/// The `base_url` `kbpress init` writes when not given one: on `.invalid`, a domain reserved
/// never to exist, and reported (`placeholder-base-url`) until it is replaced.
pub const PLACEHOLDER_BASE_URL: &str = "https://base-url-not-set.invalid/";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: String,
    /// Where `base_url` is in site.toml, for diagnostics about it.
    #[serde(skip)]
    pub base_url_position: crate::diagnostic::Position,
    /// The language articles are written in (a BCP 47 tag, `en`): the default language.
    #[serde(default = "default_language")]
    pub language: String,
    /// `[languages.CODE]`: the languages articles are translated into, besides `language`
    /// (`refunds.fr.md` beside `refunds.md`).
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    /// Where the KB's sources are browsable; article pages link to `<repository_url><path>`.
    #[serde(default)]
    pub repository_url: Option<String>,
    #[serde(default)]
    pub products: BTreeMap<String, Term>,
    #[serde(default)]
    pub roles: BTreeMap<String, Term>,
    #[serde(default)]
    pub audiences: BTreeMap<String, Audience>,
    #[serde(default)]
    pub types: BTreeMap<String, ArticleType>,
    /// `[owners.ID]`: the teams or people who keep articles true (`owner:` in front matter).
    #[serde(default)]
    pub owners: BTreeMap<String, Owner>,
    #[serde(default)]
    pub check: CheckConfig,
    /// `[feedback]`: where article pages post "Was this helpful?"; no widget without it.
    #[serde(default)]
    pub feedback: Option<FeedbackConfig>,
    /// `[search]`: the built-in search (index, search page, the header's search box).
    #[serde(default)]
    pub search: SearchConfig,
    /// `[links]`: where site-root links outside the site go, and the accepted URL schemes.
    #[serde(default)]
    pub links: LinksConfig,
    /// `[fields.NAME]`: front matter fields the KB adds to the built-in ones.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldDeclaration>,
    /// `[markdown]`: how article Markdown is rendered.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// `[variables]`: `{{ name }}` in article bodies is replaced by the value (plain text).
    /// Audiences may override values (`[audiences.ID.variables]`); see `Variant::variables`.
    #[serde(default)]
    pub variables: Variables,
}

/// Variable names -> values: `support_phone = "+1 555 0100"`.
pub type Variables = BTreeMap<String, String>;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinksConfig {
    /// The URL that site-root links (`/dotnet/api/x`) outside the site's base path are relative
    /// to (`https://learn.microsoft.com`): they become external links. Without it they are
    /// `site-root-link` findings.
    #[serde(default)]
    pub site_root: Option<String>,
    /// URL schemes the site's readers can open (`ms-settings`), without `unknown-scheme`.
    #[serde(default)]
    pub schemes: Vec<String>,
}

/// A custom front matter field: `[fields."ms.author"] type = "text"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDeclaration {
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// The allowed values (of the text, or of each list item); any value when absent.
    #[serde(default)]
    pub values: Option<Vec<String>>,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Text,
    Date,
    Number,
    Bool,
    List,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Raw HTML in articles: `"sanitize"` (kept through an allowlist) or `"escape"` (shown as
    /// text).
    pub raw_html: crate::markdown::RawHtmlPolicy,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// `false`: no index, no search page and no search box, for a KB that another service
    /// searches (or to measure what the index costs a build).
    pub enabled: bool,
    /// `[search.synonyms]`: a word or phrase -> those that mean the same (`"sign in" = ["log
    /// in", "login"]`). A query with any of them is also searched with each of the others.
    pub synonyms: BTreeMap<String, Vec<String>>,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            synonyms: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackConfig {
    /// An http(s) URL, or a path from the host root (`/api/feedback`), used as written.
    pub url: String,
}

/// A product or a role.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `[products.ID.translations.fr]`: its name and description in a language of `[languages]`.
    #[serde(default)]
    pub translations: BTreeMap<String, TermTranslation>,
}

/// A vocabulary term's name and description in another language, shown in that language's site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermTranslation {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Internal audiences (support staff) see everything and never appear in a public build.
    #[serde(default)]
    pub internal: bool,
    /// Where this audience's own site is published (`build --audience`, `--all-audiences`).
    #[serde(default)]
    pub base_url: Option<String>,
    /// `[audiences.ID.variables]`: this audience's own values of variables of `[variables]`.
    #[serde(default)]
    pub variables: Variables,
    /// `[audiences.ID.translations.fr]`: its name and description in a language.
    #[serde(default)]
    pub translations: BTreeMap<String, TermTranslation>,
}

/// A language the KB is translated into: `[languages.fr] name = "Français"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The language's name in itself, for the language switch (`Français`).
    pub name: String,
    /// Where this language's site is published; default `<base_url><code>/`.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Every published article should have a translation into it: `missing-translation`
    /// reports those without.
    #[serde(default)]
    pub required: bool,
    /// What its site does with an article that has no translation into it.
    #[serde(default)]
    pub untranslated: Untranslated,
}

/// What a language's site does with an article without a translation into it
/// (`[languages.fr] untranslated = "..."`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Untranslated {
    /// Left out: the site holds its translations only, and links to an untranslated article
    /// go to the default language's site.
    #[default]
    Omit,
    /// Shown in the default language, with a notice, at its place in the language's site
    /// (`/fr/billing/refunds/`), so a reader of that site never leaves it.
    Fallback,
}

/// An owner of articles: `[owners.voice-docs] name = "Voice docs team"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    pub name: String,
    /// A code-review handle (`@org/voice-docs`, `@jdoe`, `docs@example.com`), for the
    /// CODEOWNERS file `kbpress codeowners` writes.
    #[serde(default)]
    pub handle: Option<String>,
    /// Owns the articles that name no owner (at most one owner may say so).
    #[serde(default)]
    pub default: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleType {
    pub name: String,
    #[serde(default)]
    pub required_sections: Vec<String>,
    /// `[types.ID.translations.fr]`: its name in a language (`description` is not shown).
    #[serde(default)]
    pub translations: BTreeMap<String, TermTranslation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    #[serde(default = "default_max_review_age_days")]
    pub max_review_age_days: u32,
    /// Per-code severity overrides: `stale-article = "error"`, `raw-html = "off"`.
    #[serde(default)]
    pub severity: BTreeMap<String, SeverityLevel>,
    /// `[check.external]`: `kbpress check --external` (types in `external/config.rs`).
    #[serde(default)]
    pub external: crate::external::config::ExternalConfig,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            max_review_age_days: default_max_review_age_days(),
            severity: BTreeMap::new(),
            external: Default::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityLevel {
    Error,
    Warning,
    Off,
}

impl SeverityLevel {
    pub fn to_severity(self) -> Option<Severity> {
        match self {
            SeverityLevel::Error => Some(Severity::Error),
            SeverityLevel::Warning => Some(Severity::Warning),
            SeverityLevel::Off => None,
        }
    }
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output_dir() -> String {
    "public".into()
}
fn default_max_review_age_days() -> u32 {
    365
}

/// A CODEOWNERS owner: `@user`, `@org/team` or an e-mail address, without spaces (which would
/// split it into two owners) or `#` (which would start a comment).
fn is_review_handle(handle: &str) -> bool {
    let plain = |text: &str| {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    match handle.strip_prefix('@') {
        Some(rest) => match rest.split_once('/') {
            Some((org, team)) => plain(org) && plain(team),
            None => plain(rest),
        },
        None => handle.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty()
                && domain.contains('.')
                && !handle.contains(|c: char| c.is_whitespace() || c == '#' || c == '/')
        }),
    }
}

/// A problem with `site.toml`, located in the file.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}{}", help.as_ref().map(|h| format!("\n  help: {h}")).unwrap_or_default())]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub help: Option<String>,
}

impl SiteConfig {
    /// Reads and validates `site.toml` at `path`.
    pub fn load(path: &Path) -> anyhow::Result<SiteConfig> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        Ok(SiteConfig::parse(path, &text)?)
    }

    pub fn parse(path: &Path, text: &str) -> Result<SiteConfig, ConfigError> {
        let index = LineIndex::new(text);
        let error_at = |offset: usize, message: String, help: Option<String>| {
            let position = index.position(text, offset);
            ConfigError {
                path: path.to_path_buf(),
                line: position.line,
                column: position.column,
                message,
                help,
            }
        };
        let mut config: SiteConfig = toml::from_str(text).map_err(|error| {
            let offset = error.span().map_or(0, |span| span.start);
            let message = error.message().trim().to_string();
            error_at(offset, message.clone(), unknown_key_help(&message))
        })?;
        config.validate().map_err(|(key, message, help)| {
            let offset = match key.strip_prefix("fields.") {
                Some(name) => find_field_declaration(text, name),
                None => find_key(text, &key),
            };
            let offset = offset.unwrap_or(0);
            error_at(offset, message, help)
        })?;
        config.base_url_position = index.position(text, top_level_key(text, "base_url"));
        Ok(config)
    }

    /// Checks what serde cannot: URLs, id spelling, severity codes.
    fn validate(&self) -> Result<(), (String, String, Option<String>)> {
        if !(self.base_url.starts_with("https://") || self.base_url.starts_with("http://")) {
            return Err((
                "base_url".into(),
                format!("`base_url` must be an http(s) URL, not `{}`", self.base_url),
                Some("e.g. base_url = \"https://support.example.com/kb/\"".into()),
            ));
        }
        if let Some((id, url)) = self.audiences.iter().find_map(|(id, a)| {
            let url = a.base_url.as_deref()?;
            (!(url.starts_with("https://") || url.starts_with("http://"))).then_some((id, url))
        }) {
            return Err((
                format!("audiences.{id}"),
                format!("`base_url` of audience `{id}` must be an http(s) URL, not `{url}`"),
                Some("e.g. base_url = \"https://partners.example.com/kb/\"".into()),
            ));
        }
        self.validate_languages()?;
        let feedback_url = self.feedback.as_ref().map(|f| &f.url);
        if let Some(url) = feedback_url.filter(|url| !crate::urls::is_http_or_site_path(url)) {
            return Err((
                "feedback.url".into(),
                format!("`url` in [feedback] must be http(s) or a path from `/`, not `{url}`"),
                Some("e.g. url = \"https://feedback.example.com/kb\"".into()),
            ));
        }
        if self.audiences.contains_key(crate::audience::PUBLIC) {
            return Err((
                format!("audiences.{}", crate::audience::PUBLIC),
                "`public` cannot be an audience id: it names the public site".into(),
                Some("rename it, e.g. `customers`".into()),
            ));
        }
        let vocabularies = [
            ("products", self.products.keys().collect::<Vec<_>>()),
            ("roles", self.roles.keys().collect()),
            ("audiences", self.audiences.keys().collect()),
            ("types", self.types.keys().collect()),
            ("owners", self.owners.keys().collect()),
        ];
        for (table, ids) in vocabularies {
            if let Some(bad) = ids.into_iter().find(|id| !is_identifier(id)) {
                return Err((
                    format!("{table}.{bad}"),
                    format!("`{bad}` in [{table}] is not a valid id"),
                    Some("ids use lowercase letters, digits and `-`, e.g. `hosted-voice`".into()),
                ));
            }
        }
        if let Some((id, handle)) = self.owners.iter().find_map(|(id, owner)| {
            let handle = owner.handle.as_deref()?;
            (!is_review_handle(handle)).then_some((id, handle))
        }) {
            return Err((
                format!("owners.{id}"),
                format!("`handle` of owner `{id}` is not a code-review handle: `{handle}`"),
                Some("write a user (`@jdoe`), a team (`@acme/voice-docs`) or an e-mail address, as CODEOWNERS takes them".into()),
            ));
        }
        let defaults: Vec<&String> = (self.owners.iter())
            .filter(|(_, owner)| owner.default)
            .map(|(id, _)| id)
            .collect();
        if let [_, second, ..] = defaults.as_slice() {
            return Err((
                format!("owners.{second}"),
                format!(
                    "more than one default owner: {}",
                    defaults
                        .iter()
                        .map(|id| format!("`{id}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Some(
                    "keep `default = true` on one owner: it owns the articles that name none"
                        .into(),
                ),
            ));
        }
        if let Some(url) = self.links.site_root.as_deref().filter(|url| {
            !(url.starts_with("https://") || url.starts_with("http://"))
                || url.trim_end_matches('/').matches('/').count() > 2
        }) {
            return Err((
                "links.site_root".into(),
                format!("`site_root` in [links] must be an http(s) URL with no path, not `{url}`"),
                Some("site-root links are paths from it, e.g. site_root = \"https://learn.microsoft.com\"".into()),
            ));
        }
        if let Some(scheme) = self.links.schemes.iter().find(|scheme| {
            let mut chars = scheme.chars();
            !(chars.next().is_some_and(|c| c.is_ascii_lowercase())
                && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+-.".contains(c)))
        }) {
            return Err((
                "links.schemes".into(),
                format!("`{scheme}` in [links] schemes is not a URL scheme"),
                Some(
                    "write the scheme in lowercase without `:`, e.g. schemes = [\"ms-settings\"]"
                        .into(),
                ),
            ));
        }
        if let Some(name) = self
            .fields
            .keys()
            .find(|name| crate::front_matter::KNOWN_FIELDS.contains(&name.as_str()))
        {
            return Err((
                format!("fields.{name}"),
                format!("`{name}` in [fields] is a built-in front matter field"),
                Some("built-in fields are already typed and checked; declare only the KB's own fields".into()),
            ));
        }
        if let Some(name) = self.fields.keys().find(|name| !is_field_name(name)) {
            return Err((
                format!("fields.{name}"),
                format!("`{name}` in [fields] is not a valid field name"),
                Some("field names start with a letter and use letters, digits, `_`, `-`, `.` and spaces, e.g. `ms.author`".into()),
            ));
        }
        if let Some((name, field)) = self.fields.iter().find(|(_, field)| {
            field.values.is_some() && !matches!(field.field_type, FieldType::Text | FieldType::List)
        }) {
            return Err((
                format!("fields.{name}"),
                format!(
                    "`values` of field `{name}` needs `type = \"text\"` or `\"list\"`, not {:?}",
                    field.field_type
                ),
                Some("remove `values`, or make the field text".into()),
            ));
        }
        self.validate_variables()?;
        let codes: Vec<&str> = crate::check::RULES.iter().map(|r| r.code).collect();
        if let Some(code) = self
            .check
            .severity
            .keys()
            .find(|c| !codes.contains(&c.as_str()))
        {
            return Err((
                code.clone(),
                format!("`{code}` in [check.severity] is not a diagnostic code"),
                did_you_mean(code, codes.iter().copied()),
            ));
        }
        Ok(())
    }

    /// Variable names are what `{{ name }}` can spell; values stay on one line (the Markdown
    /// copy keeps its line layout, which search snippets rely on); an audience overrides only
    /// variables `[variables]` declares, so every build knows every name and a typo in an
    /// override cannot go unnoticed.
    fn validate_languages(&self) -> Result<(), (String, String, Option<String>)> {
        let example =
            Some("use a BCP 47 language tag in lowercase, e.g. `fr`, `de`, `pt-br`".into());
        // Any case here (`en-US` is common); codes in [languages] are lowercase, as in file names.
        if !is_language_tag(&self.language.to_ascii_lowercase()) {
            return Err((
                "language".into(),
                format!("`language` must be a language tag, not `{}`", self.language),
                example,
            ));
        }
        let translated = (self
            .products
            .iter()
            .map(|(id, t)| ("products", id, &t.translations)))
        .chain(
            self.roles
                .iter()
                .map(|(id, t)| ("roles", id, &t.translations)),
        )
        .chain(
            self.audiences
                .iter()
                .map(|(id, a)| ("audiences", id, &a.translations)),
        )
        .chain(
            self.types
                .iter()
                .map(|(id, t)| ("types", id, &t.translations)),
        );
        for (table, id, translations) in translated {
            if let Some(code) = translations
                .keys()
                .find(|code| !self.languages.contains_key(*code))
            {
                return Err((
                    format!("{table}.{id}"),
                    format!("`translations.{code}` of `{id}` in [{table}] names no language of [languages]"),
                    Some(format!("declare [languages.{code}] with its name, or fix the code")),
                ));
            }
        }
        for (code, language) in &self.languages {
            let key = format!("languages.{code}");
            if !is_language_tag(code) {
                return Err((
                    key,
                    format!("`{code}` in [languages] is not a language tag"),
                    example,
                ));
            }
            if code.eq_ignore_ascii_case(&self.language) {
                return Err((
                    key,
                    format!("`{code}` is the default `language`; [languages] lists the others"),
                    Some(format!(
                        "remove [languages.{code}]: articles are written in it"
                    )),
                ));
            }
            if let Some(url) = language.base_url.as_deref() {
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return Err((
                        key,
                        format!(
                            "`base_url` of language `{code}` must be an http(s) URL, not `{url}`"
                        ),
                        Some("e.g. base_url = \"https://support.example.fr/kb/\"".into()),
                    ));
                }
            }
        }
        Ok(())
    }

    fn validate_variables(&self) -> Result<(), (String, String, Option<String>)> {
        let audiences = self
            .audiences
            .iter()
            .map(|(id, a)| (format!("audiences.{id}.variables"), &a.variables));
        for (table, variables) in
            std::iter::once(("variables".to_string(), &self.variables)).chain(audiences)
        {
            for (name, value) in variables {
                if !crate::markdown::variables::is_variable_name(name) {
                    return Err((
                        format!("{table}.{name}"),
                        format!("`{name}` in [{table}] is not a valid variable name"),
                        Some("variable names start with a letter and use ASCII letters, digits, `_` and `-`, e.g. `support_phone`".into()),
                    ));
                }
                if value.contains(['\n', '\r']) {
                    return Err((
                        format!("{table}.{name}"),
                        format!("the value of `{name}` in [{table}] has a line break"),
                        Some("a variable's value is one line of plain text".into()),
                    ));
                }
                if table != "variables" && !self.variables.contains_key(name) {
                    let help = did_you_mean(name, self.variables.keys().map(String::as_str))
                        .map(|help| format!("{help} "))
                        .unwrap_or_default();
                    return Err((
                        format!("{table}.{name}"),
                        format!("`{name}` in [{table}] is not declared in [variables]"),
                        Some(format!(
                            "{help}an audience only overrides variables of [variables]; declare `{name}` there with the value other builds use"
                        )),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The base URL with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    /// The path part of the base URL, with leading and trailing slash (`/kb/`).
    pub fn base_path(&self) -> String {
        crate::urls::base_path_of(&self.base_url)
    }

    /// Whether a site-root link path (`/kb/billing/`, with any `#fragment` or `?query`) is
    /// under the base path, i.e. a page of this site. The published base path, whatever URL a
    /// build renders at (`serve` renders at its own): the same link is judged the same way.
    pub fn in_base_path(&self, path: &str) -> bool {
        if path.starts_with("//") {
            return false;
        }
        let path = path.split(['#', '?']).next().unwrap_or(path);
        let base = self.base_path();
        path.starts_with(&base) || path == base.trim_end_matches('/')
    }

    /// The external URL of a site-root link outside the base path, when `[links] site_root`
    /// maps them (`/dotnet/api/x` -> `https://learn.microsoft.com/dotnet/api/x`).
    pub fn site_root_url(&self, path: &str) -> Option<String> {
        let root = self.links.site_root.as_deref()?;
        (path.starts_with('/') && !self.in_base_path(path))
            .then(|| format!("{}{path}", root.trim_end_matches('/')))
    }

    /// The audiences of a public build: every audience that is not internal.
    pub fn public_audiences(&self) -> impl Iterator<Item = &str> {
        self.audiences
            .iter()
            .filter(|(_, a)| !a.internal)
            .map(|(id, _)| id.as_str())
    }
}

/// Ids are what URLs and front matter use: lowercase ASCII letters, digits and inner `-`.
/// Whether `tag` is a lowercase BCP 47 language tag as kbpress writes them in file names
/// (`fr`, `pt-br`, `zh-hant`): a 2-3 letter language, then subtags of 2-8 letters or digits.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("");
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|part| {
            (2..=8).contains(&part.len())
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

pub fn is_identifier(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A custom field name: a plain YAML key (`ms.author`, `zendesk_id`, `Module Name` as docs
/// repositories write them): a letter first, then letters, digits, `_-.` and inner spaces.
pub(crate) fn is_field_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_alphabetic())
        && !name.ends_with(' ')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
}

/// serde says "unknown field `tittle`, expected one of `title`, ..."; suggest the closest.
fn unknown_key_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field ")?;
    let quoted: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let (typed, known) = quoted.split_first()?;
    did_you_mean(typed, known.iter().copied())
        .or_else(|| Some(format!("known keys here: {}", known.join(", "))))
}

/// Where `[fields.NAME]` (or `[fields."NAME"]`, or a `NAME = ` line under `[fields]`) is.
fn find_field_declaration(text: &str, name: &str) -> Option<usize> {
    [
        format!("[fields.{name}]"),
        format!("[fields.\"{name}\"]"),
        format!("[fields.'{name}']"),
    ]
    .iter()
    .find_map(|header| text.find(header.as_str()))
    .or_else(|| find_key(text, &format!("fields.{name}")))
}

/// The offset of the line that sets `key` (`key = ...`) before any `[table]`, or 0.
fn top_level_key(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            break;
        }
        let assigns = trimmed
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if assigns {
            return offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    0
}

/// Where a dotted key's last segment is (after its `[table]` header if any), to locate errors.
fn find_key(text: &str, dotted: &str) -> Option<usize> {
    // A table of its own (`[owners.b]`): its header, not the first word starting like its
    // last part (`b` of `base_url`).
    if let Some(header) = text.find(&format!("[{dotted}]")) {
        return Some(header);
    }
    let in_table = dotted.rsplit_once('.').and_then(|(table, key)| {
        let start = text.find(&format!("[{table}]"))?;
        Some(start + find_key(&text[start..], key)?)
    });
    let last = dotted.rsplit('.').next()?;
    in_table.or_else(|| {
        text.match_indices(last).find_map(|(i, _)| {
            match text[..i].chars().next_back() {
                None | Some('\n' | '.' | '[' | ' ') => Some(i),
                // A quoted key (`"support phone" = ...`): from its quote.
                Some('"' | '\'') => Some(i - 1),
                _ => None,
            }
        })
    })
}

#[cfg(test)]
mod tests;
