//! Snippet includes: a paragraph that is exactly `{{> name }}` on a line of its own is replaced
//! by the snippet `snippets/name.md`.
//!
//! A snippet is not pasted into the article's text: the writer parses it as a Markdown document
//! of its own at the include point and writes its events into the article's output (see
//! `writer.rs`), so every heading, link, image and raw HTML of a snippet keeps its position in
//! the snippet file ([`Origin`]), its relative links resolve from the snippet's folder, and its
//! audience sections nest inside the including article's section (the same byte ranges cut
//! them). What the Markdown copy, the search index and the page show is the expanded body; its
//! lines are numbered by [`super::Body::expanded_line`].

use std::ops::Range;

use crate::diagnostic::Span;
use crate::source::LineIndex;

/// Which file a fact of a body comes from: the article itself ([`ARTICLE`]), or the snippet of
/// `Body::inclusions[n - 1]` for `Origin(n)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin(pub u32);

/// The article's own text.
pub const ARTICLE: Origin = Origin(0);

impl Origin {
    /// The index in `Body::inclusions` of this origin's inclusion, or `None` for the article.
    pub fn inclusion(self) -> Option<usize> {
        (self.0 as usize).checked_sub(1)
    }

    pub fn is_article(self) -> bool {
        self == ARTICLE
    }
}

/// One snippet included in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inclusion {
    /// The snippet's name (`contact-support`).
    pub name: String,
    /// Its KB path (`snippets/contact-support.md`).
    pub path: String,
    /// The file holding the include line: the article or an including snippet.
    pub parent: Origin,
    /// The include line's span in that file.
    pub span: Span,
    /// The lines of the expanded body the snippet's content takes (empty for an empty snippet).
    pub lines: Range<u32>,
    /// The snippet's first body line in its file (after its front matter).
    pub first_line: u32,
    /// Where the snippet's body starts in its text.
    pub body_start: usize,
    /// The include line's indentation (inside a list item), repeated before each snippet line
    /// in the Markdown copy.
    pub indent: String,
    /// Byte ranges of HTML comments in the snippet's text: kept out of the Markdown copy.
    pub comments: Vec<Range<usize>>,
}

/// An include that cannot be expanded; `missing-snippet` and `snippet-cycle` report them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeProblem {
    /// No snippet has this name.
    Missing {
        name: String,
        origin: Origin,
        span: Span,
    },
    /// The snippet is already being included: `chain` is the names from the outermost include
    /// to this one, which repeats an earlier name (or the chain is too deep).
    Cycle {
        chain: Vec<String>,
        origin: Origin,
        span: Span,
    },
}

/// A snippet as the writer reads it.
#[derive(Debug, Clone)]
pub struct SnippetDoc<'a> {
    /// KB path (`snippets/contact-support.md`).
    pub path: &'a str,
    /// The whole (normalised) text.
    pub text: &'a str,
    /// Where the Markdown starts in `text`.
    pub body_start: usize,
    pub lines: &'a LineIndex,
    /// The snippet's `audience:` list, if it has one: the whole snippet is an audience section.
    pub audiences: Option<Vec<String>>,
}

/// The KB's snippets, for the writer.
pub trait Snippets: Sync {
    fn get(&self, name: &str) -> Option<SnippetDoc<'_>>;
    /// Whether some snippet's text contains `needle` (for the section markers' prefix).
    fn any_contains(&self, needle: &[u8]) -> bool;
}

/// A KB without snippets.
pub struct NoSnippets;

impl Snippets for NoSnippets {
    fn get(&self, _: &str) -> Option<SnippetDoc<'_>> {
        None
    }
    fn any_contains(&self, _: &[u8]) -> bool {
        false
    }
}

/// How deep includes may nest: a deeper chain is reported as a cycle, since no real snippet
/// nests this far and the output would grow with every level.
pub const MAX_DEPTH: usize = 16;

/// The snippet name of a paragraph whose source is exactly `{{> name }}` (spaces inside the
/// braces optional), or `None` for any other paragraph. Names are the path under `snippets/`
/// without `.md`: letters, digits, `-`, `_`, `.` and `/`.
pub fn include_name(paragraph: &str) -> Option<&str> {
    let inner = paragraph
        .trim()
        .strip_prefix("{{>")?
        .strip_suffix("}}")?
        .trim();
    let valid = !inner.is_empty()
        && inner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'));
    valid.then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_include_is_the_whole_paragraph() {
        assert_eq!(
            include_name("{{> contact-support }}"),
            Some("contact-support")
        );
        assert_eq!(include_name("{{>legal/terms}}\n"), Some("legal/terms"));
        assert_eq!(include_name("See {{> contact-support }}"), None);
        assert_eq!(include_name("{{> two words }}"), None);
        assert_eq!(include_name("{{> }}"), None);
        assert_eq!(
            include_name("{{ name }}"),
            None,
            "a variable, not an include"
        );
    }
}

/// Snippets end to end: loaded, included, checked and rendered.
#[cfg(test)]
mod through_the_site {
    use crate::audience::Readers;
    use crate::check::testing::*;
    use crate::site::Site;

    fn text(site: &crate::serve::build::MemorySite, path: &str) -> String {
        String::from_utf8(site.get(path).unwrap_or_else(|| panic!("{path}")).to_vec()).unwrap()
    }

    #[test]
    fn snippet_links_resolve_from_its_folder_and_a_broken_one_is_one_finding_naming_its_includers()
    {
        let site = kb(&[
            ("articles/b.md", &article("## Steps\n")),
            ("articles/a.md", &article("## Steps\n\n{{> help }}\n")),
            (
                "articles/deep/c.md",
                &article("## Steps\n\n{{> help }}\n\nAfter [gone](nope.md).\n"),
            ),
            ("assets/pic.png", "png"),
            (
                "snippets/help.md",
                "---\nreviewed: 2026-10-01\n---\nRead [b](../articles/b.md), see ![pic](../assets/pic.png).\n\n[bad](../articles/missing.md) ![none](../assets/none.png)\n",
            ),
        ]);
        let broken = findings(&site, "broken-link");
        let at: Vec<(&str, u32, u32)> = broken
            .iter()
            .map(|d| (d.file.as_str(), d.line, d.column))
            .collect();
        // The article's own link after the include keeps its line in the article.
        assert_eq!(
            at,
            vec![("articles/deep/c.md", 12, 7), ("snippets/help.md", 6, 1)],
            "{broken:#?}"
        );
        assert_eq!(
            broken[1].message,
            "link to `../articles/missing.md`: `articles/missing.md` does not exist (included by `articles/a.md`, `articles/deep/c.md`)"
        );
        assert_eq!(
            broken[1].included_by,
            vec!["articles/a.md", "articles/deep/c.md"]
        );
        let images = findings(&site, "missing-image");
        assert_eq!(images.len(), 1, "{images:#?}");
        assert_eq!(
            (images[0].file.as_str(), images[0].line),
            ("snippets/help.md", 6)
        );
        // Loaded with the HTML of the build: each includer's links point at the targets.
        for path in ["articles/a.md", "articles/deep/c.md"] {
            let html = &site.article(path).unwrap().body.html;
            assert!(html.contains("<a href=\"/kb/b/\">b</a>"), "{path}: {html}");
            assert!(
                html.contains("src=\"/kb/assets/pic.png\""),
                "{path}: {html}"
            );
        }
    }

    fn audience_kb() -> Site {
        kb(&[
            ("snippets/reseller.md", "---\naudience: [wholesale]\n---\nRESELLER-TEXT\n"),
            (
                "snippets/mixed.md",
                "### Direct only {audience=direct}\n\nDIRECT-SNIPPET\n\n### Staff only {audience=internal}\n\nSTAFF-SNIPPET\n",
            ),
            (
                "articles/a.md",
                &article("## Steps\n\nBEFORE-TEXT\n\n{{> mixed }}\n\nBETWEEN-TEXT\n\n## For direct {audience=direct}\n\n{{> reseller }}\n\nDIRECT-SECTION\n\n## After\n\nAFTER-TEXT\n"),
            ),
        ])
    }

    /// What each build shows of the page and of its Markdown copy.
    fn shown(site: &Site, readers: Readers) -> Vec<&'static str> {
        let built = render_variant(site, readers);
        let page = text(&built, "a/index.html");
        let copy = text(&built, "a/index.md");
        let markers = [
            "BEFORE-TEXT",
            "DIRECT-SNIPPET",
            "STAFF-SNIPPET",
            "BETWEEN-TEXT",
            "RESELLER-TEXT",
            "DIRECT-SECTION",
            "AFTER-TEXT",
        ];
        markers
            .into_iter()
            .filter(|marker| {
                assert_eq!(
                    page.contains(marker),
                    copy.contains(marker),
                    "{marker}: {copy}"
                );
                page.contains(marker)
            })
            .collect()
    }

    #[test]
    fn a_snippets_sections_nest_inside_the_includers_and_each_site_is_cut_by_both() {
        let site = audience_kb();
        assert!(run(&site)
            .iter()
            .all(|d| d.severity != crate::diagnostic::Severity::Error));
        // The public site shows every public section, labelled (the reader's switch hides the
        // others); a wholesale-only snippet inside a direct section is for nobody but staff.
        assert_eq!(
            shown(&site, Readers::Public),
            vec![
                "BEFORE-TEXT",
                "DIRECT-SNIPPET",
                "BETWEEN-TEXT",
                "RESELLER-TEXT",
                "DIRECT-SECTION",
                "AFTER-TEXT"
            ]
        );
        assert_eq!(
            shown(&site, Readers::Audience("direct".into())),
            vec![
                "BEFORE-TEXT",
                "DIRECT-SNIPPET",
                "BETWEEN-TEXT",
                "DIRECT-SECTION",
                "AFTER-TEXT"
            ]
        );
        assert_eq!(
            shown(&site, Readers::Audience("wholesale".into())),
            vec!["BEFORE-TEXT", "BETWEEN-TEXT", "AFTER-TEXT"]
        );
        assert_eq!(shown(&site, Readers::Audience("internal".into())).len(), 7);
        // The snippet's headings are in the page's headings, after the include, with unique
        // ids, and the direct section's heading closes none of the snippet's sections early.
        let body = &site.article("articles/a.md").unwrap().body;
        let ids: Vec<&str> = body.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            vec!["steps", "direct-only", "staff-only", "for-direct", "after"]
        );
    }

    #[test]
    fn expanded_lines_number_the_copy_and_sections_use_them() {
        let site = audience_kb();
        let body = &site.article("articles/a.md").unwrap().body;
        // `{{> mixed }}` is line 12 of the article; the snippet's 7 lines take 12..19, so the
        // article's line 14 (`BETWEEN-TEXT`) is line 20 of the expanded body.
        assert_eq!(body.inclusions[0].lines, 12..19);
        assert_eq!(body.expanded_line(super::ARTICLE, 14), 20);
        let staff = body.headings.iter().find(|h| h.id == "staff-only").unwrap();
        assert_eq!((staff.span.start.line, staff.origin), (5, super::Origin(1)));
        assert_eq!(body.expanded_line(staff.origin, 5), 16);
        let sections: Vec<(&[String], std::ops::Range<u32>)> = body
            .sections
            .iter()
            .map(|s| (s.audiences.as_slice(), s.lines.clone()))
            .collect();
        assert_eq!(
            sections,
            vec![
                (&["direct".to_string()][..], 12..16),
                (&["internal".to_string()][..], 16..19),
                (&["direct".to_string()][..], 22..28),
                (&["wholesale".to_string()][..], 24..25),
            ]
        );
    }

    #[test]
    fn audience_leak_is_checked_through_snippets_for_each_includer() {
        let staff = article("## Steps\n").replace("reviewed:", "audience: [internal]\nreviewed:");
        let site = kb(&[
            ("articles/staff.md", &staff),
            (
                "snippets/escalate.md",
                "Ask [the staff page](../articles/staff.md).\n",
            ),
            (
                "articles/public.md",
                &article("## Steps\n\n{{> escalate }}\n"),
            ),
            (
                "articles/notes.md",
                &article("## Steps\n\n## For staff {audience=internal}\n\n{{> escalate }}\n"),
            ),
        ]);
        let leaks = findings(&site, "audience-leak");
        assert_eq!(leaks.len(), 1, "{leaks:#?}");
        assert_eq!(
            (leaks[0].file.as_str(), leaks[0].line),
            ("snippets/escalate.md", 1)
        );
        assert_eq!(leaks[0].included_by, vec!["articles/public.md"]);
    }

    #[test]
    fn search_finds_a_snippets_words_and_its_cards_point_at_its_headings_in_the_copy() {
        let site = kb(&[
            (
                "snippets/help.md",
                "### Ask zanzibarword support\n\nText.\n\n### Staff {audience=internal}\n\nquokkaword\n",
            ),
            ("articles/a.md", &article("## Steps\n\n{{> help }}\n\n## After\n\nDone.\n")),
        ]);
        let public = render_public(&site);
        let fetch = |path: &str| public.get(path).map(|b| b.to_vec());
        let mut searcher = crate::search::lookup::Searcher::open(&fetch).unwrap();
        assert_eq!(searcher.search("zanzibarword").hits.len(), 1);
        assert!(
            searcher.search("quokkaword").hits.is_empty(),
            "a staff-only section"
        );
        let cards: serde_json::Value =
            serde_json::from_slice(public.get("search/docs/0.json").unwrap()).unwrap();
        let copy = text(&public, "a/index.md");
        // A card gives each section's first byte in the copy: its heading's line.
        let sections: Vec<(&str, &str)> = cards[0]["sections"]
            .as_array()
            .unwrap()
            .iter()
            .skip(1)
            .map(|s| {
                let start = s[1].as_u64().unwrap() as usize;
                assert_eq!(&copy[start - 1..start], "\n", "{s}");
                (
                    s[0].as_str().unwrap(),
                    copy[start..].lines().next().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            sections,
            vec![
                ("steps", "## Steps"),
                ("ask-zanzibarword-support", "### Ask zanzibarword support"),
                ("after", "## After"),
            ]
        );
    }

    #[test]
    fn the_markdown_copy_holds_the_snippet_indented_like_its_include_without_comments() {
        let site = kb(&[
            (
                "snippets/steps.md",
                "---\nreviewed: 2026-10-01\n---\n1. Open it. <!-- SECRET-NOTE -->\n2. Save.\n",
            ),
            (
                "articles/a.md",
                &article("## Steps\n\n- First:\n\n  {{> steps }}\n\nDone.\n"),
            ),
        ]);
        let public = render_public(&site);
        assert_eq!(
            text(&public, "a/index.md"),
            "# An article\n\n> A summary.\n\n## Steps\n\n- First:\n\n  1. Open it. \n  2. Save.\n\nDone.\n"
        );
        let page = text(&public, "a/index.html");
        assert!(
            page.contains("<li>Open it. </li>") || page.contains("<li>Open it."),
            "{page}"
        );
        assert!(
            !page.contains("SECRET-NOTE") && !page.contains("{{&gt;"),
            "{page}"
        );
    }
}
