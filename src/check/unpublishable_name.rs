//! `unpublishable-name`: a file or category folder whose name cannot be written into the
//! published site on every platform, so kbpress leaves it out and says so.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::site::RefusedKind;

pub const RULE: Rule = Rule {
    code: "unpublishable-name",
    default_severity: Severity::Error,
    summary: "A file or category folder has a name that cannot be published on every system.",
    explanation: "A KB is often edited on Linux or macOS and published, mirrored or checked out \
on Windows. Windows cannot hold a file or folder named after a device (`con`, `nul`, `aux`, \
`prn`, `com1`..`com9`, `lpt1`..`lpt9`, with any extension), a name with `:` `*` `?` `\\` `|` \
`<` `>` `\"` or a control character, or a name ending in a dot or space; an article or category \
folder whose name holds a control character or `:` is refused too, since its name is printed in \
terminals and CI logs, where a control character could start a command. kbpress does not copy \
such an image or attachment, and does not load a category folder whose URL would be a device \
name (nor the articles in it), and reports each here instead of failing halfway through writing \
the site. Folders nested more than 32 deep are not read either (each category page lists its \
whole trail, so pages grow with the nesting). Fix: rename (or move up) the file or folder, and \
update the links to it.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    super::refused_paths(context, &RULE, RefusedKind::Unpublishable)
}

#[cfg(all(test, unix))]
mod tests {
    use crate::check::testing::*;

    fn load(files: &[&str]) -> crate::site::Site {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, article("## Steps\n")).unwrap();
        }
        let config =
            crate::config::SiteConfig::parse(&dir.path().join("site.toml"), SITE_TOML).unwrap();
        crate::load::load(dir.path(), config).unwrap()
    }

    #[test]
    fn reports_device_names_colons_and_trailing_dots() {
        let site = load(&[
            "articles/ok.md",
            "articles/a:b.png",
            "articles/nul.png",
            "assets/shot.",
            "assets/fine.png",
        ]);
        let found = findings(&site, "unpublishable-name");
        let files: Vec<_> = found.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(
            files,
            ["articles/a:b.png", "articles/nul.png", "assets/shot."]
        );
        assert!(found[0]
            .message
            .contains("cannot be published on every system"));
        assert!(found[0].help.as_deref().unwrap().starts_with("rename it"));
    }

    #[test]
    fn a_category_folder_named_con_is_skipped_with_its_articles() {
        let site = load(&["articles/CON/a.md", "articles/b.md"]);
        let found = findings(&site, "unpublishable-name");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, "articles/CON");
        assert!(found[0].message.contains("`con/`"), "{}", found[0].message);
        let paths: Vec<_> = site.articles.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, ["articles/b.md"]);
    }

    #[test]
    fn folders_nested_too_deep_are_reported_once_and_not_read() {
        let deep = format!("articles/{}x.md", "d/".repeat(40));
        let site = load(&[&deep, "articles/ok.md"]);
        let found = findings(&site, "unpublishable-name");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].file, format!("articles/{}d", "d/".repeat(32)));
        assert!(found[0]
            .message
            .contains("nested more than 32 folders deep"));
        let paths: Vec<_> = site.articles.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, ["articles/ok.md"]);
    }

    /// Article and category names reach terminals and CI logs: control characters and `:`
    /// are refused there too (other files already were).
    #[test]
    fn articles_and_categories_named_with_control_characters_or_colons() {
        let site = load(&[
            "articles/esc\x1b]0;T\x07.md",
            "articles/x\n::error file=INJECTED.md,line=1::boom\n.md",
            "articles/a:b.md",
            "articles/bell\x07/inside.md",
            "articles/ok.md",
        ]);
        let found = findings(&site, "unpublishable-name");
        let files: Vec<_> = found.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "articles/a:b.md",
                "articles/bell\x07",
                "articles/esc\x1b]0;T\x07.md",
                "articles/x\n::error file=INJECTED.md,line=1::boom\n.md",
            ]
        );
        assert!(
            found[0].message.contains("the article's name contains ':'"),
            "{}",
            found[0].message
        );
        assert!(
            found[1].message.contains("its articles are not loaded"),
            "{}",
            found[1].message
        );
        assert!(
            found[2].message.contains("'\\u{1b}'"),
            "{}",
            found[2].message
        );
        let paths: Vec<_> = site.articles.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, ["articles/ok.md"]);
    }

    #[test]
    fn ordinary_names_are_silent() {
        let site = load(&[
            "articles/console/a.md",
            "assets/nullable.png",
            "assets/v1.2.png",
        ]);
        assert!(findings(&site, "unpublishable-name").is_empty());
    }
}
