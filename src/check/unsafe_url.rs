//! `unsafe-url`: a link or image with a `javascript:`, `vbscript:`, `file:` or non-image
//! `data:` URL, in any spelling a browser would accept.

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::markdown::{LinkKind, Target};

pub const RULE: Rule = Rule {
    code: "unsafe-url",
    default_severity: Severity::Error,
    summary: "A link or image uses a `javascript:`, `vbscript:`, `file:` or non-image `data:` URL.",
    explanation: "Script URLs (`javascript:`, `vbscript:`) and `data:` URLs that are not \
plain images (HTML, SVG) can run code in the reader's browser, and `file:` URLs point at the \
reader's own disk, so they never work for anyone else. kbpress recognises them in every spelling \
browsers accept (any case, HTML entities, tabs or line breaks inside the scheme) and removes \
them from the page: the link text stays but leads nowhere, and the image is dropped. Fix: link to \
an `https://` page or a KB article instead, and put downloads and images in `assets/` and link \
them with a relative path.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for article in context.bodies() {
        for link in &article.body.links {
            let Target::Unsafe { scheme } = &link.target else {
                continue;
            };
            let (what, removed) = match link.kind {
                LinkKind::Link => ("link", "the link is removed"),
                LinkKind::Image => ("image", "the image is removed"),
            };
            found.push(
                super::in_body(
                    &RULE,
                    article,
                    link.origin,
                    link.span,
                    format!("{what} with an unsafe `{scheme}:` URL; {removed} from the page"),
                )
                .with_help(help(scheme)),
            );
        }
    }
    found
}

fn help(scheme: &str) -> &'static str {
    match scheme {
        "file" => "`file:` URLs point at the reader's own disk: put the file in `assets/` and link it with a relative path",
        "data" => "save the content as a file in `assets/` and link it with a relative path (inline PNG, JPEG, GIF and WebP images are allowed)",
        _ => "scripts cannot run in articles: link to an `https://` page or a KB article instead",
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn reports_the_scheme_at_the_link() {
        let site = kb(&[(
            "articles/a.md",
            &article("## Steps\n\n[click](javascript:alert(1)) ![x](data:text/html,<b>x</b>)\n\n[f](file:///C:/x.pdf)\n"),
        )]);
        let found = findings(&site, "unsafe-url");
        let summary: Vec<_> = found
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    10,
                    1,
                    "link with an unsafe `javascript:` URL; the link is removed from the page"
                ),
                (
                    10,
                    30,
                    "image with an unsafe `data:` URL; the image is removed from the page"
                ),
                (
                    12,
                    1,
                    "link with an unsafe `file:` URL; the link is removed from the page"
                ),
            ]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("scripts cannot run in articles: link to an `https://` page or a KB article instead")
        );
        assert!(found[1]
            .help
            .as_deref()
            .unwrap()
            .starts_with("save the content as a file in `assets/`"));
    }

    #[test]
    fn finds_tricky_spellings_through_the_whole_pipeline() {
        let lines = [
            "[a](&#106;avascript:alert(1))",
            "[b](JaVaScRiPt:alert(1))",
            "[c](<java\tscript:alert(1)>)",
            "[d](<   javascript:alert(1)>)",
            "[e](java&#10;script:alert(1))",
            "[f](&#x6A;avascript&#x3A;alert(1))",
            "[g](VBScript:MsgBox(1))",
            "![h](data:image/svg+xml,<svg/onload=alert(1)>)",
            "<javascript:alert(1)>",
            "[i][ref]",
            "[ref]: javascript:alert(1)",
        ];
        let site = kb(&[(
            "articles/a.md",
            &article(&format!("## Steps\n\n{}\n", lines.join("\n\n"))),
        )]);
        let found = findings(&site, "unsafe-url");
        let summary: Vec<_> = found
            .iter()
            .map(|d| (d.line, d.column, d.message.split(';').next().unwrap()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (10, 1, "link with an unsafe `javascript:` URL"),
                (12, 1, "link with an unsafe `javascript:` URL"),
                (14, 1, "link with an unsafe `javascript:` URL"),
                (16, 1, "link with an unsafe `javascript:` URL"),
                (18, 1, "link with an unsafe `javascript:` URL"),
                (20, 1, "link with an unsafe `javascript:` URL"),
                (22, 1, "link with an unsafe `vbscript:` URL"),
                (24, 1, "image with an unsafe `data:` URL"),
                (26, 1, "link with an unsafe `javascript:` URL"),
                (28, 1, "link with an unsafe `javascript:` URL"),
            ]
        );
        // The only URL left in the page is the heading's own anchor; the link texts stay.
        let html = &crate::load::Bodies::new(&site, site.config.base_path())
            .render(&site.articles[0])
            .html;
        assert_eq!(html.matches("href=").count(), 1, "{html}");
        assert!(!html.contains("src="), "{html}");
    }

    #[test]
    fn safe_urls_and_look_alikes_are_silent() {
        let site = kb(&[
            ("articles/javascript-tips.md", &article("## Steps\n")),
            (
                "articles/a.md",
                &article(
                    "## Steps\n\n[a](https://example.com/javascript:x) [b](javascript-tips.md) [c](mailto:help@example.com) \
                     ![d](data:image/png;base64,AAAA) `[e](javascript:x)`\n\n    [f](javascript:x)\n",
                ),
            ),
        ]);
        assert!(findings(&site, "unsafe-url").is_empty());
    }
}
