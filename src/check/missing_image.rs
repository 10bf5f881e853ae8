//! `missing-image`: an image whose file does not exist in the KB, lies outside it, or is an
//! article or a folder rather than a file.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::markdown::{LinkKind, Target};
use crate::suggest::PathSuggester;

pub const RULE: Rule = Rule {
    code: "missing-image",
    default_severity: Severity::Error,
    summary: "An image points at a file that does not exist in the KB.",
    explanation: "Images are relative paths to files in the KB \
(`![The forwarding page](../../assets/images/forwarding.png)`), resolved against the folder of \
the article, and published with the site. An image whose file does not exist (a typo, a file \
that was renamed or never committed), one that climbs out of the KB folder, or one that points at \
an article or a folder shows up as a broken picture on the live page. When a file has the same \
name in another folder or case, or a name a typo away, the help names it as the path to write \
from this article. Fix: correct the path (paths are case-sensitive on the web server), or add the \
image file, usually under `assets/`. In a snippet (`snippets/`), links resolve from the snippet's folder and are checked for \
every article that includes it; the same problem is one finding at the snippet's line, naming \
the including articles.",
};

const RELATIVE: &str = "paths are relative to this article's folder";

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    let mut found = Vec::new();
    // Built on the first missing image (see broken-link).
    let mut suggester: Option<PathSuggester> = None;
    let mut suggest = |article: &str, path: &str, destination: &str| -> String {
        let suggester = suggester
            .get_or_insert_with(|| PathSuggester::new(site.files.iter().map(String::as_str)));
        suggestion(
            suggester
                .suggest(path)
                .map(|found| super::broken_link::suggested_link(article, found, destination)),
        )
    };
    for article in context.bodies() {
        for link in article
            .body
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::Image)
        {
            let image = &link.destination;
            let (message, help) = match &link.target {
                // Its own diagnostic (unsafe-symlink, unpublishable-name) says what is wrong.
                Target::Missing { path } if site.is_refused(path) => continue,
                Target::Missing { path } => (
                    format!("image `{image}`: `{path}` does not exist"),
                    suggest(super::body_file(article, link.origin), path, image),
                ),
                Target::OutsideKb => (
                    format!("image `{image}` points outside the KB folder"),
                    "put the image under `assets/` and link it with a relative path".to_string(),
                ),
                Target::Article { path, .. } => (
                    format!("image `{image}` points at the article `{path}`, not an image file"),
                    suggest(super::body_file(article, link.origin), path, image),
                ),
                Target::Category { path } => (
                    format!("image `{image}` points at the folder `{path}`, not an image file"),
                    "link the image file itself, e.g. `../assets/images/screen.png`".to_string(),
                ),
                _ => continue,
            };
            found.push(
                super::in_body(&RULE, article, link.origin, link.span, message).with_help(help),
            );
        }
    }
    found
}

fn suggestion(file: Option<String>) -> String {
    match file {
        Some(file) => format!("did you mean `{file}`?"),
        None => format!("add the image file, or correct the path ({RELATIVE})"),
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn reports_missing_outside_and_non_file_images() {
        let site = kb(&[
            ("assets/images/forwarding.png", "png"),
            ("articles/guide.md", &article("## Steps\n")),
            (
                "articles/a.md",
                &article("## Steps\n\n![Forwarding](../assets/images/forwardng.png)\n\n![x](../../x.png) ![y](guide.md) ![z](zzz/q.gif)\n"),
            ),
        ]);
        let found = findings(&site, "missing-image");
        let summary: Vec<_> = found
            .iter()
            .map(|d| {
                (
                    d.line,
                    d.column,
                    d.message.as_str(),
                    d.help.as_deref().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    10,
                    1,
                    "image `../assets/images/forwardng.png`: `assets/images/forwardng.png` does not exist",
                    "did you mean `../assets/images/forwarding.png`?"
                ),
                (
                    12,
                    1,
                    "image `../../x.png` points outside the KB folder",
                    "put the image under `assets/` and link it with a relative path"
                ),
                (
                    12,
                    19,
                    "image `guide.md` points at the article `articles/guide.md`, not an image file",
                    "add the image file, or correct the path (paths are relative to this article's folder)"
                ),
                (
                    12,
                    34,
                    "image `zzz/q.gif`: `articles/zzz/q.gif` does not exist",
                    "add the image file, or correct the path (paths are relative to this article's folder)"
                ),
            ]
        );
    }

    #[test]
    fn suggests_by_file_name_not_by_shared_folder() {
        let site = kb(&[
            ("assets/images/pic.svg", "<svg/>"),
            ("assets/images/setup/Screen-1.png", "png"),
            ("articles/a.md", &article("## Steps\n\n![a](../assets/images/missing.png) ![b](../assets/images/screen-1.png)\n")),
        ]);
        let helps: Vec<_> = findings(&site, "missing-image")
            .into_iter()
            .map(|d| d.help.unwrap())
            .collect();
        assert_eq!(
            helps,
            vec![
                "add the image file, or correct the path (paths are relative to this article's folder)",
                "did you mean `../assets/images/setup/Screen-1.png`?",
            ]
        );
    }

    #[test]
    fn existing_external_and_inline_images_are_silent() {
        let site = kb(&[
            ("assets/images/forwarding.png", "png"),
            ("articles/billing/chart.svg", "<svg/>"),
            (
                "articles/billing/a.md",
                &article(
                    "## Steps\n\n![f](../../assets/images/forwarding.png) ![c](chart.svg) ![e](https://example.com/e.png) \
                     ![d](data:image/png;base64,AAAA) [not an image](nope.png)\n",
                ),
            ),
        ]);
        assert!(findings(&site, "missing-image").is_empty());
    }
}
