//! Which audiences a build is for, and what each build may show.
//!
//! A public build shows what at least one non-internal audience may see; an audience build
//! shows what that audience may see; an internal audience (support staff) sees everything.
//! Unknown audience ids are visible to nobody, so a typo hides content instead of leaking it.

use crate::config::SiteConfig;
use crate::site::Article;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Variant {
    /// Every non-internal audience: the default `kbpress build`.
    Public,
    /// One declared audience (`kbpress build --audience ID`).
    Audience(String),
}

impl Variant {
    /// Whether content marked for `audiences` is visible in this variant.
    pub fn sees<S: AsRef<str>>(&self, config: &SiteConfig, audiences: &[S]) -> bool {
        match self {
            Variant::Public => audiences.iter().any(|a| {
                config
                    .audiences
                    .get(a.as_ref())
                    .is_some_and(|a| !a.internal)
            }),
            Variant::Audience(id) => {
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
            Variant::Public => "public",
            Variant::Audience(id) => id,
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
        assert!(Variant::Public.sees(&config, &["direct"]));
        assert!(Variant::Public.sees(&config, &["internal", "wholesale"]));
        assert!(!Variant::Public.sees(&config, &["internal"]));
        assert!(!Variant::Public.sees(&config, &["typo"]));
        assert!(!Variant::Public.sees::<&str>(&config, &[]));
    }

    #[test]
    fn internal_audiences_see_everything_others_only_their_own() {
        let config = config();
        let internal = Variant::Audience("internal".into());
        assert!(internal.sees(&config, &["direct"]));
        let wholesale = Variant::Audience("wholesale".into());
        assert!(wholesale.sees(&config, &["direct", "wholesale"]));
        assert!(!wholesale.sees(&config, &["direct"]));
        assert!(!wholesale.sees(&config, &["internal"]));
    }
}
