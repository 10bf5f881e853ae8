//! What one build is, as one value: for which readers, in which language, published where.
//!
//! `build`, `check` and `serve` choose their variants here ([`Variant::select`]) and hand each
//! to the render in [`crate::render::Options`]; nothing edits the loaded [`SiteConfig`] to make
//! another site. `site.toml` keeps saying where the site is published (the checks judge that),
//! while a variant can render elsewhere: an audience's own `base_url`, its folder beside the
//! others (`--all-audiences`), or the preview server's address.

use std::borrow::Cow;

use crate::audience::Readers;
use crate::config::{SiteConfig, Variables};
use crate::diagnostic::Diagnostic;
use crate::site::Article;

/// One site a build writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Whom it is for: the public, or one audience.
    pub readers: Readers,
    /// Its language (`<html lang>`, the search index's stemmer), as a BCP 47 tag.
    pub language: String,
    /// Where it is published, with exactly one trailing `/`. Its links start with its path.
    pub base_url: String,
    /// Its folder under the output folder: empty for the output folder itself, else ending
    /// with `/` (`wholesale/` in `--all-audiences`).
    pub folder: String,
    /// Where the "Was this article helpful?" widget posts: `[feedback] url`, or the preview
    /// server's own endpoint; none, no widget.
    pub feedback_url: Option<String>,
    /// Every language's site for the same readers, the default language first: `(code, base
    /// URL)`. Pages link to their translations there (`hreflang`, the language switch), and a
    /// translation's link to an article without a translation goes to the default language's.
    pub languages: Vec<(String, String)>,
}

/// Which sites a command asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selection {
    /// The public site (`build`), or for `check`, the findings of every site.
    #[default]
    Public,
    /// `--audience ID`.
    Audience(String),
    /// `--all-audiences`: the public site, then one per declared audience, each in its folder.
    AllAudiences,
}

impl Variant {
    /// The sites of `selection`, in build order. An unknown audience id is an error that lists
    /// the declared ones.
    pub fn select(config: &SiteConfig, selection: &Selection) -> anyhow::Result<Vec<Variant>> {
        let sites = Variant::by_readers(config, selection)?;
        Ok(sites
            .into_iter()
            .flat_map(|site| site.in_every_language(config))
            .collect())
    }

    /// The sites of `selection` in the default language.
    fn by_readers(config: &SiteConfig, selection: &Selection) -> anyhow::Result<Vec<Variant>> {
        Ok(match selection {
            Selection::Public => vec![Variant::alone(config, Readers::Public)],
            Selection::Audience(id) => {
                vec![Variant::alone(config, Readers::for_audience(config, id)?)]
            }
            Selection::AllAudiences => Readers::all(config)
                .into_iter()
                .map(|readers| {
                    let base_url = readers.base_url(config, true);
                    let folder = format!("{}/", readers.name());
                    Variant::new(config, readers, base_url, folder)
                })
                .collect(),
        })
    }

    /// The one site of a build, written into the output folder itself.
    pub fn alone(config: &SiteConfig, readers: Readers) -> Variant {
        let base_url = readers.base_url(config, false);
        Variant::new(config, readers, base_url, String::new())
    }

    fn new(config: &SiteConfig, readers: Readers, base_url: String, folder: String) -> Variant {
        Variant {
            readers,
            language: config.language.clone(),
            languages: vec![(config.language.clone(), base_url.clone())],
            base_url,
            folder,
            feedback_url: config.feedback.as_ref().map(|f| f.url.clone()),
        }
    }

    /// This site (in the default language) and one per `[languages]` entry for the same
    /// readers: at the language's own `base_url` (the public site's only), else at
    /// `<base_url><code>/`, in the folder `<folder><code>/`.
    fn in_every_language(self, config: &SiteConfig) -> Vec<Variant> {
        let mut languages = vec![(self.language.clone(), self.base_url.clone())];
        for (code, language) in &config.languages {
            let own = match (&self.readers, language.base_url.as_deref()) {
                (Readers::Public, Some(own)) => format!("{}/", own.trim_end_matches('/')),
                _ => format!("{}{code}/", self.base_url),
            };
            languages.push((code.clone(), own));
        }
        let translated = languages.iter().skip(1).map(|(code, base_url)| Variant {
            language: code.clone(),
            base_url: base_url.clone(),
            folder: format!("{}{code}/", self.folder),
            languages: languages.clone(),
            ..self.clone()
        });
        let translated: Vec<Variant> = translated.collect();
        let default = Variant {
            languages: languages.clone(),
            ..self
        };
        std::iter::once(default).chain(translated).collect()
    }

    /// Whether this is a translation's site (not the default language's).
    pub fn is_translated(&self) -> bool {
        self.languages
            .first()
            .is_some_and(|(default, _)| *default != self.language)
    }

    /// The base URL of this readers' site in `language`.
    pub fn base_url_in(&self, language: &str) -> Option<&str> {
        (self.languages.iter())
            .find(|(code, _)| code == language)
            .map(|(_, base_url)| base_url.as_str())
    }

    /// This site as the preview server shows it: at the server's `base_url`, with feedback
    /// posted to the server (when the KB asks for feedback at all).
    /// Its languages' sites are served from the same server, each in its folder (`fr/`).
    pub fn previewed_at(self, base_url: &str, feedback_url: &str) -> Variant {
        let languages = (self.languages.iter().enumerate())
            .map(|(index, (code, _))| match index {
                0 => (code.clone(), base_url.to_string()),
                _ => (code.clone(), format!("{base_url}{code}/")),
            })
            .collect();
        Variant {
            base_url: format!("{base_url}{}", self.folder),
            feedback_url: self.feedback_url.as_ref().map(|_| feedback_url.to_string()),
            languages,
            ..self
        }
    }

    /// The path of [`Variant::base_url`] (`/kb/`).
    pub fn base_path(&self) -> String {
        crate::urls::base_path_of(&self.base_url)
    }

    /// `public` or the audience's id: the site's name in messages and folders.
    pub fn name(&self) -> String {
        match self.is_translated() {
            true => format!("{} {}", self.readers.name(), self.language),
            false => self.readers.name().to_string(),
        }
    }

    /// "public site", "site for `wholesale`", "public site in `fr`".
    pub fn describe(&self) -> String {
        let readers = match &self.readers {
            Readers::Public => "public site".into(),
            Readers::Audience(id) => format!("site for `{id}`"),
        };
        match self.is_translated() {
            true => format!("{readers} in `{}`", self.language),
            false => readers,
        }
    }

    /// Whether content marked for `audiences` is shown in this site.
    pub fn sees<S: AsRef<str>>(&self, config: &SiteConfig, audiences: &[S]) -> bool {
        self.readers.sees(config, audiences)
    }

    pub fn sees_article(&self, config: &SiteConfig, article: &Article) -> bool {
        self.readers.sees_article(config, article)
    }

    /// Whether this site's readers see everything (an internal audience).
    pub fn is_internal(&self, config: &SiteConfig) -> bool {
        self.readers.is_internal(config)
    }

    /// The values of `{{ name }}` in this site.
    pub fn variables<'c>(&self, config: &'c SiteConfig) -> Cow<'c, Variables> {
        self.readers.variables(config)
    }

    /// Whether a finding is about this site (see [`Diagnostic::audiences`]).
    pub fn has_finding(&self, config: &SiteConfig, diagnostic: &Diagnostic) -> bool {
        self.readers.has_finding(config, diagnostic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(extra: &str) -> SiteConfig {
        let text = format!("{}{extra}", crate::check::testing::SITE_TOML);
        SiteConfig::parse(std::path::Path::new("site.toml"), &text).unwrap()
    }

    #[test]
    fn every_audience_gets_a_folder_and_a_url_beside_the_public_site() {
        let config = config("");
        let base = config.base_url();
        let all = Variant::select(&config, &Selection::AllAudiences).unwrap();
        let sites: Vec<(String, &str, String)> = all
            .iter()
            .map(|v| (v.name(), v.folder.as_str(), v.base_url.clone()))
            .collect();
        assert_eq!(
            sites,
            [
                ("public".to_string(), "public/", base.clone()),
                ("direct".into(), "direct/", format!("{base}direct/")),
                ("internal".into(), "internal/", format!("{base}internal/")),
                (
                    "wholesale".into(),
                    "wholesale/",
                    format!("{base}wholesale/")
                ),
            ]
        );
        let [alone] = &Variant::select(&config, &Selection::Audience("direct".into())).unwrap()[..]
        else {
            panic!("one site")
        };
        assert_eq!(
            (alone.folder.as_str(), alone.base_url.as_str()),
            ("", base.as_str())
        );
        assert_eq!(alone.base_path(), config.base_path());
    }

    #[test]
    fn an_audience_with_its_own_base_url_is_published_there_alone_or_beside_others() {
        let config = config("");
        let own = SiteConfig::parse(
            std::path::Path::new("site.toml"),
            &crate::check::testing::SITE_TOML.replace(
                "[audiences.wholesale]\n",
                "[audiences.wholesale]\nbase_url = \"https://partners.example.com/help\"\n",
            ),
        )
        .unwrap();
        assert_ne!(
            own.audiences["wholesale"].base_url,
            config.audiences["wholesale"].base_url
        );
        for selection in [
            Selection::Audience("wholesale".into()),
            Selection::AllAudiences,
        ] {
            let variants = Variant::select(&own, &selection).unwrap();
            let wholesale = variants.iter().find(|v| v.name() == "wholesale").unwrap();
            assert_eq!(wholesale.base_url, "https://partners.example.com/help/");
            assert_eq!(wholesale.base_path(), "/help/");
        }
    }

    #[test]
    fn a_preview_renders_at_the_server_and_keeps_feedback_only_when_asked_for() {
        let without = config("");
        let preview = |config: &SiteConfig| {
            Variant::alone(config, Readers::Public).previewed_at("http://127.0.0.1:1111/", "/f")
        };
        let shown = preview(&without);
        assert_eq!(
            (shown.base_url.as_str(), shown.base_path()),
            ("http://127.0.0.1:1111/", "/".into())
        );
        assert_eq!(shown.feedback_url, None);
        let with = config("\n[feedback]\nurl = \"https://feedback.example.com/answers\"\n");
        assert_eq!(
            Variant::alone(&with, Readers::Public)
                .feedback_url
                .as_deref(),
            Some("https://feedback.example.com/answers")
        );
        assert_eq!(preview(&with).feedback_url.as_deref(), Some("/f"));
        // The loaded configuration still says where the site is published.
        assert_eq!(with.base_url(), without.base_url());
    }

    #[test]
    fn every_site_is_made_in_every_language_at_its_own_url_or_in_a_folder() {
        let config = config(
            "[languages.fr]\nname = \"Français\"\nbase_url = \"https://example.fr/aide\"\n[languages.de]\nname = \"Deutsch\"\n",
        );
        let base = config.base_url();
        let sites: Vec<(String, String, String)> =
            Variant::select(&config, &Selection::Audience("direct".into()))
                .unwrap()
                .into_iter()
                .map(|v| (v.name(), v.folder.clone(), v.base_url.clone()))
                .collect();
        assert_eq!(
            sites,
            [
                ("direct".to_string(), String::new(), base.clone()),
                ("direct de".into(), "de/".into(), format!("{base}de/")),
                ("direct fr".into(), "fr/".into(), format!("{base}fr/")),
            ]
        );
        let public = Variant::select(&config, &Selection::Public).unwrap();
        let french = public.iter().find(|v| v.language == "fr").unwrap();
        assert_eq!(
            french.base_url, "https://example.fr/aide/",
            "the language's own base_url"
        );
        assert!(french.is_translated() && !public[0].is_translated());
        assert_eq!(french.base_url_in("en"), Some(base.as_str()));
        assert_eq!(french.describe(), "public site in `fr`");
        let all = Variant::select(&config, &Selection::AllAudiences).unwrap();
        assert_eq!(all.len(), 12, "four sites in three languages");
        assert!(all.iter().any(|v| v.folder == "wholesale/fr/"));
    }

    #[test]
    fn an_unknown_audience_is_refused() {
        let error = Variant::select(&config(""), &Selection::Audience("wholesal".into()))
            .unwrap_err()
            .to_string();
        assert!(error.contains("did you mean `wholesale`?"), "{error}");
    }
}
