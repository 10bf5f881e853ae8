//! `unsafe-symlink`: a symlink under `articles/` or `assets/` that leaves the KB, loops, or
//! points at a folder. kbpress reads nothing outside the KB root, so such links are skipped.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::site::RefusedKind;

pub const RULE: Rule = Rule {
    code: "unsafe-symlink",
    default_severity: Severity::Error,
    summary: "A symlink leaves the KB, loops, or points at a folder.",
    explanation: "kbpress never reads or publishes files outside the KB folder, so a symlink \
that points outside it (or is broken, or loops) is skipped and reported. Symlinks to folders are \
not followed either. Symlinks to files inside the KB work. Fix: copy the file into the KB, or \
point the symlink at a file inside it.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    super::refused_paths(context, &RULE, RefusedKind::Symlink)
}

#[cfg(all(test, unix))]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn reports_links_out_of_the_kb_by_name() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "TOP SECRET").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("articles")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            dir.path().join("articles/s.md"),
        )
        .unwrap();
        let config =
            crate::config::SiteConfig::parse(&dir.path().join("site.toml"), SITE_TOML).unwrap();
        let site = crate::load::load(dir.path(), config).unwrap();
        assert!(site.articles.is_empty(), "the secret must not be read");
        let found = findings(&site, "unsafe-symlink");
        assert_eq!(found[0].file, "articles/s.md");
        assert!(found[0].message.contains("outside the KB"));
    }
}
