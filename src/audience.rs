//! Which audiences a build is for, and what each build may show.
//!
//! A public build shows what at least one non-internal audience may see; an audience build
//! shows what that audience may see; an internal audience (support staff) sees everything.
//! Unknown audience ids are visible to nobody, so a typo hides content instead of leaking it.

use std::borrow::Cow;

use crate::config::{SiteConfig, Variables};
use crate::diagnostic::Diagnostic;
use crate::site::Article;

/// The folder of the public site in `build --all-audiences`; no audience may use this id.
pub const PUBLIC: &str = "public";

/// Whom one build is for: the audience part of a [`crate::variant::Variant`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readers {
    /// Every non-internal audience: the default `kbpress build`.
    Public,
    /// One declared audience (`kbpress build --audience ID`).
    Audience(String),
}

impl Readers {
    /// Whether content marked for `audiences` is visible for these readers.
    pub fn sees<S: AsRef<str>>(&self, config: &SiteConfig, audiences: &[S]) -> bool {
        match self {
            // A KB that declares no audiences has one public: its articles (which name none)
            // are for everybody. Without this the public build showed no article at all.
            Readers::Public if config.audiences.is_empty() => audiences.is_empty(),
            Readers::Public => audiences.iter().any(|a| {
                config
                    .audiences
                    .get(a.as_ref())
                    .is_some_and(|a| !a.internal)
            }),
            Readers::Audience(id) => {
                config.audiences.get(id).is_some_and(|a| a.internal)
                    || audiences.iter().any(|a| a.as_ref() == id)
            }
        }
    }

    pub fn sees_article(&self, config: &SiteConfig, article: &Article) -> bool {
        self.sees(config, &article.audiences(config))
    }

    /// The id of the audience, for output folders and labels (`public` for the public build).
    pub fn name(&self) -> &str {
        match self {
            Readers::Public => PUBLIC,
            Readers::Audience(id) => id,
        }
    }

    /// The readers of `--audience ID`; an unknown id is an error that lists the declared ones.
    pub fn for_audience(config: &SiteConfig, id: &str) -> anyhow::Result<Readers> {
        if config.audiences.contains_key(id) {
            return Ok(Readers::Audience(id.to_string()));
        }
        let declared: Vec<&str> = config.audiences.keys().map(String::as_str).collect();
        let help = crate::suggest::did_you_mean(id, declared.iter().copied())
            .map(|help| format!("; {help}"))
            .unwrap_or_default();
        anyhow::bail!(
            "`{id}` is not an audience of this KB{help}\ndeclared in [audiences] of site.toml: {}",
            if declared.is_empty() {
                "none".to_string()
            } else {
                declared.join(", ")
            }
        )
    }

    /// Every site of `build --all-audiences`: the public one, then one per declared audience.
    pub fn all(config: &SiteConfig) -> Vec<Readers> {
        std::iter::once(Readers::Public)
            .chain(
                config
                    .audiences
                    .keys()
                    .map(|id| Readers::Audience(id.clone())),
            )
            .collect()
    }

    /// Whether these readers see everything (an internal audience).
    pub fn is_internal(&self, config: &SiteConfig) -> bool {
        match self {
            Readers::Public => false,
            Readers::Audience(id) => config.audiences.get(id).is_some_and(|a| a.internal),
        }
    }

    /// The base URL of these readers' site. The public site and a lone `--audience` build
    /// use the audience's `base_url`, else the site's; beside the others (`--all-audiences`,
    /// one folder each) an audience without its own `base_url` lives at `<base_url><id>/`.
    pub fn base_url(&self, config: &SiteConfig, beside_others: bool) -> String {
        let Readers::Audience(id) = self else {
            return config.base_url();
        };
        match config.audiences.get(id).and_then(|a| a.base_url.as_deref()) {
            Some(own) => format!("{}/", own.trim_end_matches('/')),
            None if beside_others => format!("{}{id}/", config.base_url()),
            None => config.base_url(),
        }
    }

    /// The values of the variables in these readers' site: `[variables]`, with an audience's
    /// `[audiences.ID.variables]` over them (the public site uses `[variables]` alone).
    pub fn variables<'c>(&self, config: &'c SiteConfig) -> Cow<'c, Variables> {
        let own = match self {
            Readers::Audience(id) => config.audiences.get(id).map(|a| &a.variables),
            Readers::Public => None,
        };
        match own.filter(|own| !own.is_empty()) {
            None => Cow::Borrowed(&config.variables),
            Some(own) => {
                let mut variables = config.variables.clone();
                variables.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
                Cow::Owned(variables)
            }
        }
    }

    /// Whether a finding is in these readers' site (see [`Diagnostic::audiences`]).
    pub fn has_finding(&self, config: &SiteConfig, diagnostic: &Diagnostic) -> bool {
        match self {
            Readers::Public => {
                diagnostic.audiences.is_empty() || self.sees(config, &diagnostic.audiences)
            }
            Readers::Audience(id) => diagnostic.is_in_site_of(id, self.is_internal(config)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        let text = crate::check::testing::SITE_TOML;
        SiteConfig::parse(std::path::Path::new("site.toml"), text).unwrap()
    }

    #[test]
    fn public_builds_never_see_internal_only_content() {
        let config = config();
        assert!(Readers::Public.sees(&config, &["direct"]));
        assert!(Readers::Public.sees(&config, &["internal", "wholesale"]));
        assert!(!Readers::Public.sees(&config, &["internal"]));
        assert!(!Readers::Public.sees(&config, &["typo"]));
        assert!(!Readers::Public.sees::<&str>(&config, &[]));
    }

    #[test]
    fn a_kb_without_audiences_shows_its_articles_publicly() {
        let config = SiteConfig::parse(
            std::path::Path::new("site.toml"),
            "title = \"KB\"\nbase_url = \"https://example.com/\"\n",
        )
        .unwrap();
        assert!(config.audiences.is_empty());
        assert!(Readers::Public.sees::<&str>(&config, &[]));
        // An id that names no audience still hides its content (unknown-audience reports it).
        assert!(!Readers::Public.sees(&config, &["staff"]));
    }

    #[test]
    fn unknown_audiences_are_refused_with_a_suggestion() {
        let config = config();
        let error = Readers::for_audience(&config, "wholesal")
            .unwrap_err()
            .to_string();
        assert!(error.contains("did you mean `wholesale`?"), "{error}");
        assert!(error.contains("direct, internal, wholesale"), "{error}");
        assert_eq!(
            Readers::for_audience(&config, "direct").unwrap(),
            Readers::Audience("direct".into())
        );
    }

    #[test]
    fn audience_sites_beside_the_public_one_get_their_own_base_url() {
        let config = config();
        let wholesale = Readers::Audience("wholesale".into());
        let base = config.base_url();
        assert_eq!(wholesale.base_url(&config, false), base);
        assert_eq!(
            wholesale.base_url(&config, true),
            format!("{base}wholesale/")
        );
        assert_eq!(Readers::Public.base_url(&config, true), base);
        let names: Vec<String> = Readers::all(&config)
            .iter()
            .map(|v| v.name().to_string())
            .collect();
        assert_eq!(names, ["public", "direct", "internal", "wholesale"]);
    }

    #[test]
    fn findings_belong_to_the_sites_that_show_them() {
        let config = config();
        let rule = crate::diagnostic::Rule {
            code: "broken-link",
            default_severity: crate::diagnostic::Severity::Error,
            summary: "",
            explanation: "",
        };
        let span = crate::diagnostic::Span::default();
        let everywhere = Diagnostic::new(&rule, "a.md", span, "x");
        let staff = Diagnostic::new(&rule, "a.md", span, "x").with_audiences(&["internal"]);
        let resellers =
            Diagnostic::new(&rule, "a.md", span, "x").with_audiences(&["internal", "wholesale"]);
        let direct = Readers::Audience("direct".into());
        let internal = Readers::Audience("internal".into());
        assert!(Readers::Public.has_finding(&config, &everywhere));
        assert!(!Readers::Public.has_finding(&config, &staff));
        assert!(Readers::Public.has_finding(&config, &resellers));
        assert!(!direct.has_finding(&config, &resellers));
        assert!(internal.has_finding(&config, &staff) && internal.has_finding(&config, &resellers));
    }

    #[test]
    fn internal_audiences_see_everything_others_only_their_own() {
        let config = config();
        let internal = Readers::Audience("internal".into());
        assert!(internal.sees(&config, &["direct"]));
        let wholesale = Readers::Audience("wholesale".into());
        assert!(wholesale.sees(&config, &["direct", "wholesale"]));
        assert!(!wholesale.sees(&config, &["direct"]));
        assert!(!wholesale.sees(&config, &["internal"]));
    }
}
