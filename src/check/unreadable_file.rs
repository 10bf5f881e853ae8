//! `unreadable-file`: an article file that is not UTF-8 text, or too large, or unreadable.

use super::Context;
use crate::diagnostic::{Diagnostic, Position, Rule, Severity, Span};
use crate::site::RefusedKind;

pub const RULE: Rule = Rule {
    code: "unreadable-file",
    default_severity: Severity::Error,
    summary: "An article cannot be read as UTF-8 text, or a file is a pipe, device or unreadable.",
    explanation: "kbpress reads articles as UTF-8 text. A file saved as UTF-16, in a legacy \
encoding (Windows-1252, Latin-1), or larger than the 8 MiB limit cannot be checked or published. \
The message names the byte offset of the first bad byte. Fix: re-save the file as UTF-8 in your \
editor (\"Save with encoding\" in VS Code), or split a huge file. The other articles are still \
checked and built. Files that are not regular files (a named pipe, socket or device) are \
never read, since reading one could block the build forever: move them out of the KB.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    context
        .articles()
        .filter_map(|article| {
            let reason = article.unreadable.as_ref()?;
            Some(
                Diagnostic::new(
                    &RULE,
                    &article.path,
                    Span::point(Position::START),
                    format!("`{}` {reason}", article.path),
                )
                .with_help("save the file as UTF-8 text"),
            )
        })
        .chain(super::refused_paths(
            context,
            &RULE,
            RefusedKind::Unreadable,
        ))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn reports_invalid_utf8_with_the_byte_offset() {
        let site = kb(&[("articles/a.md", "placeholder")]);
        drop(site);
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("articles")).unwrap();
        std::fs::write(dir.path().join("site.toml"), SITE_TOML).unwrap();
        std::fs::write(dir.path().join("articles/bad.md"), b"ok\n\xC3\x28").unwrap();
        std::fs::write(dir.path().join("articles/good.md"), article("## Steps\n")).unwrap();
        let config =
            crate::config::SiteConfig::parse(&dir.path().join("site.toml"), SITE_TOML).unwrap();
        let site = crate::load::load(dir.path(), config).unwrap();
        let found = findings(&site, "unreadable-file");
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].file.as_str(), found[0].line),
            ("articles/bad.md", 1)
        );
        assert!(
            found[0].message.contains("offset 3 (line 2)"),
            "{}",
            found[0].message
        );
        assert_eq!(site.articles.len(), 2, "the good article is still loaded");
    }
}
