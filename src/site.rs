//! The loaded KB: configuration, categories, articles with their rendered bodies, and files.
//! Loading builds it; checks and rendering only read it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use jiff::civil::Date;

use crate::config::SiteConfig;
use crate::front_matter::yaml::YamlError;
use crate::front_matter::{Block, FrontMatter};
use crate::markdown::Body;
use crate::source::LineIndex;

#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// Sorted by path.
    pub articles: Vec<Article>,
    /// Keyed by folder path relative to the KB root (`articles`, `articles/billing`).
    pub categories: BTreeMap<String, Category>,
    /// Files that are not Markdown, under `articles/` and `assets/` (KB-relative paths).
    pub files: BTreeSet<String>,
    /// Paths the walk refused to follow (symlinks out of the KB, loops).
    pub refused_paths: Vec<RefusedPath>,
    /// Article index by path.
    pub by_path: HashMap<String, usize>,
    /// Translations (`refunds.fr.md` for a language of `[languages]`), sorted by source path,
    /// then language. They are not in `articles`: a translation takes its source's fields and
    /// URL.
    pub translations: Vec<Translation>,
    /// The languages each article has a published translation into (not drafts), by the
    /// source's path: the pages' `hreflang` alternates and language switch.
    pub translated_into: BTreeMap<String, Vec<String>>,
    /// In a language's site ([`crate::load::language_site`]): the articles without a
    /// translation into it, by path, with their URL in the default language's site, where
    /// links to them go. Empty in the loaded site.
    pub untranslated: BTreeMap<String, String>,
    /// Categories' translated title and summary (`_index.fr.md` beside `_index.md`), by
    /// (folder, language); a language's site shows them.
    pub category_translations: BTreeMap<(String, String), (Option<String>, Option<String>)>,
    /// The snippets under `snippets/`, by name (`contact-support` for
    /// `snippets/contact-support.md`): Markdown that articles include with `{{> name }}`.
    pub snippets: BTreeMap<String, Snippet>,
    /// The base path the bodies' HTML was rendered for at load, or `None` when it was loaded
    /// without HTML (`check`). The render uses that HTML when its site has the same base path
    /// and renders each body again otherwise (an audience's site); see `load::Bodies`.
    pub html_base_path: Option<String>,
    /// For a build, the base path each language's translations were rendered for at load
    /// (`fr` -> `/kb/fr/`): that language's site has their HTML (see
    /// `load::translations::read`). Empty for `check` and in a language's site.
    pub translation_html_base_paths: BTreeMap<String, String>,
    /// The theme's words that bodies' HTML holds, by language (see [`BodyWords`]).
    pub body_words: BodyWords,
    /// The commits to stale translations' sources since the reviews they match, from git
    /// (empty outside a repository): `stale-translation` shows them.
    pub source_history: crate::history::History,
}

/// A translation that matches an older review of its source (`source_reviewed` before the
/// source's `reviewed`).
pub struct StaleTranslation<'a> {
    pub translation: &'a Translation,
    pub source: &'a Article,
    /// The translation's `source_reviewed`.
    pub matched: &'a crate::front_matter::Spanned<jiff::civil::Date>,
    /// The source's `reviewed`, later.
    pub reviewed: &'a crate::front_matter::Spanned<jiff::civil::Date>,
}

/// The theme's words a body's HTML holds, by language: the label above an audience section
/// (the theme's `audience_label`, `For: {audiences}`). A build takes them from its theme
/// (`render::Theme::body_words`); without one (`check`, tests) they are English.
#[derive(Debug, Clone, Default)]
pub struct BodyWords {
    /// Language tag -> its `audience_label`.
    pub audience_labels: BTreeMap<String, String>,
}

impl BodyWords {
    /// The label above an audience section in `language`.
    pub fn audience_label(&self, language: &str) -> &str {
        (self.audience_labels.get(language)).map_or(crate::markdown::AUDIENCE_LABEL, String::as_str)
    }
}

/// A translation of an article: `articles/billing/refunds.fr.md` translates
/// `articles/billing/refunds.md` into `fr`. Read like an article (text, front matter, body),
/// but only `title`, `summary`, `tags`, `draft` and `source_reviewed` are its own; the other
/// fields come from the source.
#[derive(Debug)]
pub struct Translation {
    /// The language code, a key of `[languages]`.
    pub language: String,
    /// The KB path of the article it translates, whether that exists or not.
    pub source: String,
    pub article: Article,
}

/// The fields a translation may set; the others come from its source.
pub const TRANSLATED_FIELDS: &[&str] = &["title", "summary", "tags", "draft", "source_reviewed"];

impl Site {
    /// The translations whose source was reviewed after the review they match.
    pub fn stale_translations(&self) -> impl Iterator<Item = StaleTranslation<'_>> {
        self.translations.iter().filter_map(|translation| {
            let source = self.article(&translation.source)?;
            let matched = translation.article.front_matter.source_reviewed.as_ref()?;
            let reviewed = source.front_matter.reviewed.as_ref()?;
            (reviewed.value > matched.value).then_some(StaleTranslation {
                translation,
                source,
                matched,
                reviewed,
            })
        })
    }

    /// The translations of the article at `path`, by language.
    pub fn translations_of(&self, path: &str) -> &[Translation] {
        let start = self
            .translations
            .partition_point(|t| t.source.as_str() < path);
        let end = start + self.translations[start..].partition_point(|t| t.source == path);
        &self.translations[start..end]
    }

    /// Whether the walk refused this KB path (a symlink out, a pipe, an unpublishable name):
    /// links to it are not reported again as missing, its own diagnostic says what is wrong.
    pub fn is_refused(&self, path: &str) -> bool {
        self.refused_paths.iter().any(|refused| {
            path == refused.path
                || path
                    .strip_prefix(refused.path.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }

    pub fn article(&self, path: &str) -> Option<&Article> {
        self.by_path.get(path).map(|&i| &self.articles[i])
    }

    /// Whether an article is part of a build on `today`: the one place that decides it, for
    /// every output (pages, listings, sitemap, feed, search, llms.txt, related articles, copied
    /// files) and for the checks that judge links by what a build writes. A preview
    /// (`--drafts`, `serve`) also shows drafts and articles scheduled for later, marked; an
    /// expired or superseded article is in no build.
    pub fn is_published(&self, article: &Article, publication: Publication) -> bool {
        match article.life(publication.today) {
            Life::Published => true,
            Life::Draft | Life::Scheduled(_) => publication.preview,
            Life::Expired(_) | Life::Superseded(_) => false,
        }
    }
}

/// Which articles a build publishes: see [`Site::is_published`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Publication {
    /// "Today" (`--today`, `SOURCE_DATE_EPOCH`, the clock), for `publish_after` and `expires`.
    pub today: Date,
    /// A preview (`build --drafts`, `serve`): drafts and scheduled articles are shown too.
    pub preview: bool,
}

impl Publication {
    /// The published site on `today`.
    pub fn on(today: Date) -> Publication {
        Publication {
            today,
            preview: false,
        }
    }
}

/// Where an article is in its life on a given day, from its front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Life {
    Published,
    /// `draft: true`.
    Draft,
    /// `publish_after` is later than today.
    Scheduled(Date),
    /// `expires` is today or earlier.
    Expired(Date),
    /// `superseded_by` names a replacement (the KB path it resolves to; empty when it climbs
    /// out of the KB).
    Superseded(String),
}

/// A snippet: a Markdown file under `snippets/` that articles include with `{{> name }}`. It is
/// read like an article (its `audience`, `reviewed` and `owner` are front matter fields, all
/// optional, and so is the front matter itself) but has no page of its own: its text is
/// processed again at each include, in the including article's body (`markdown::writer`).
#[derive(Debug, Clone)]
pub struct Snippet {
    /// The name an include uses: the path under `snippets/` without `.md`.
    pub name: String,
    /// The file as read; `source.path` is its KB path (`snippets/contact-support.md`).
    pub source: Article,
    /// Where the Markdown starts in `source.text`: after the front matter, or 0 without one.
    pub body_start: usize,
}

impl Snippet {
    /// The audiences of the snippet's `audience:` list (every audience without one).
    pub fn audiences(&self) -> Option<Vec<String>> {
        self.source
            .front_matter
            .audience
            .as_ref()
            .map(|list| list.iter().map(|a| a.value.clone()).collect())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedPath {
    pub path: String,
    /// What is wrong, as a phrase after the path: "is a symlink to ...".
    pub reason: String,
    /// How to fix it.
    pub help: &'static str,
    /// Which diagnostic reports it.
    pub kind: RefusedKind,
}

/// Why the walk refused a path; each kind has its own diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusedKind {
    /// A symlink out of the KB, broken, looping or to a folder: `unsafe-symlink`.
    Symlink,
    /// Unreadable, or a pipe, socket or device: `unreadable-file`.
    Unreadable,
    /// A name that cannot be written on every platform: `unpublishable-name`.
    Unpublishable,
}

#[derive(Debug, Clone)]
pub struct Category {
    /// Folder path relative to the KB root.
    pub key: String,
    pub title: String,
    pub summary: Option<String>,
    /// Site-relative URL with trailing slash (`billing/`); empty for the root.
    pub url: String,
    pub parent: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Article {
    /// Path relative to the KB root, `/` separators.
    pub path: String,
    /// The normalised text (no BOM, LF line endings); empty when unreadable.
    pub text: String,
    pub lines: LineIndex,
    /// Why the file could not be read as text, if it could not.
    pub unreadable: Option<String>,
    pub block: Block,
    pub yaml_error: Option<YamlError>,
    pub front_matter: FrontMatter,
    /// The key of the article's category.
    pub category: String,
    pub slug: String,
    /// Site-relative URL with trailing slash (`billing/refunds/`).
    pub url: String,
    pub body: Body,
    /// The file the text was read from when it is not `path`: a translation published in its
    /// source's place (`refunds.fr.md` at `refunds.md`'s). "Edit this article" opens it.
    pub text_from: Option<String>,
    /// The language its text is in when that is not its site's: an article without a
    /// translation that a language's site shows in the default language
    /// (`untranslated = "fallback"`). Pages mark that text with `lang`, say so, and point
    /// search engines to the original.
    pub text_language: Option<String>,
}

impl Article {
    /// The title, or the slug when the front matter has none (so pages still render).
    pub fn title(&self) -> &str {
        self.front_matter
            .title
            .as_ref()
            .map_or(self.slug.as_str(), |t| t.value.as_str())
    }

    pub fn summary(&self) -> &str {
        self.front_matter
            .summary
            .as_ref()
            .map_or("", |s| s.value.as_str())
    }

    /// Where the article is in its life on `today`. A draft stays a draft whatever its dates;
    /// supersession wins over dates, since the replacement is what readers should get.
    pub fn life(&self, today: Date) -> Life {
        let front_matter = &self.front_matter;
        if front_matter.draft {
            return Life::Draft;
        }
        if front_matter.superseded_by.is_some() {
            // A path out of the KB names no article (`broken-supersession` says so); the
            // article is retired all the same.
            return Life::Superseded(self.superseded_by().unwrap_or_default());
        }
        if let Some(expires) = front_matter.expires.as_ref().filter(|d| d.value <= today) {
            return Life::Expired(expires.value);
        }
        match front_matter.publish_after.as_ref() {
            Some(date) if date.value > today => Life::Scheduled(date.value),
            _ => Life::Published,
        }
    }

    /// The KB path `superseded_by` names, resolved against the article's folder like a link;
    /// `None` without the field or when the path climbs out of the KB.
    pub fn superseded_by(&self) -> Option<String> {
        let written = self.front_matter.superseded_by.as_ref()?;
        let folder = self.path.rsplit_once('/').map_or("", |(folder, _)| folder);
        let path = written.value.split('#').next().unwrap_or_default();
        crate::markdown::links::join_normalized(
            folder,
            &crate::markdown::links::percent_decode(path),
        )
    }

    /// The id of the owner who keeps the article true: its `owner`, else the owner site.toml
    /// declares with `default = true`, if any.
    pub fn owner<'a>(&'a self, config: &'a SiteConfig) -> Option<&'a str> {
        match &self.front_matter.owner {
            Some(owner) => Some(owner.value.as_str()),
            None => config
                .owners
                .iter()
                .find(|(_, owner)| owner.default)
                .map(|(id, _)| id.as_str()),
        }
    }

    /// The audience ids that can see this article: its `audience` list, or every non-internal
    /// audience when it has none.
    pub fn audiences<'a>(&'a self, config: &'a SiteConfig) -> Vec<&'a str> {
        match &self.front_matter.audience {
            Some(list) => list.iter().map(|a| a.value.as_str()).collect(),
            None => config.public_audiences().collect(),
        }
    }
}
