//! The whole article pipeline, bytes to HTML and collected facts, as `kbpress build` runs it
//! for one article: decode, split and type the front matter, render the Markdown body with
//! link rewriting. Checks the safety promises, not just the absence of panics: no tag, attribute
//! or URL outside the raw-HTML allowlist reaches the page (raw HTML sanitized, or escaped when the
//! input's last byte is odd), no comment, no unsafe URL, positions are inside the file, audience
//! sections can be cut.
#![no_main]

use std::collections::HashSet;

use kbpress::front_matter::Block;
use kbpress::markdown::{self, links, raw_html, KbIndex, RawHtmlPolicy, Target, UrlFor};
use kbpress::source;
use libfuzzer_sys::fuzz_target;

const ARTICLE: &str = "articles/billing/fuzz.md";

struct Kb;

impl KbIndex for Kb {
    fn is_article(&self, path: &str) -> bool {
        matches!(
            path,
            "articles/billing/fuzz.md" | "articles/billing/refunds.md" | "articles/a.md"
        )
    }
    fn is_file(&self, path: &str) -> bool {
        matches!(path, "articles/billing/x.png" | "assets/y.svg")
    }
    fn is_category(&self, path: &str) -> bool {
        matches!(path, "articles" | "articles/billing")
    }
}

impl UrlFor for Kb {
    fn url_for(&self, target: &Target) -> Option<String> {
        match target {
            Target::Article { path, fragment } => {
                let mut url = format!("/kb/{}/", kbpress::urls::encode_path(path));
                if let Some(fragment) = fragment {
                    url.push('#');
                    url.push_str(&kbpress::urls::encode_path(fragment));
                }
                Some(url)
            }
            Target::File { path } => Some(format!(
                "/kb/{}",
                kbpress::urls::encode_path(kbpress::urls::file_output_path(path))
            )),
            Target::Category { path } => Some(format!("/kb/{}/", kbpress::urls::encode_path(path))),
            _ => None,
        }
    }
}

/// The values of every `name="..."` attribute in `html`.
fn attribute_values<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = source::decode(data.to_vec()) else {
        return;
    };
    let article = kbpress::load::parse_article(ARTICLE, text, &Default::default());
    assert!(!article.slug.is_empty());
    // A slug that could not be written on every system is refused at load time, with a problem.
    let slug_refused = article
        .front_matter
        .problems
        .iter()
        .any(|p| p.field == "slug");
    assert!(
        slug_refused
            || kbpress::urls::is_safe_output_path(&format!("billing/{}/index.html", article.slug)),
        "slug {:?} accepted but unsafe",
        article.slug
    );
    let Block::Closed { body_start, .. } = article.block else {
        return;
    };
    let audience_name = |id: &str| (id == "direct").then(|| "Direct customers".to_string());
    // Hostile values: `{{ phone }}` must stay text, `{{ url }}` in a link must be judged unsafe.
    let variables = [("phone", "<script>alert(1)</script>"), ("url", "javascript:alert(1)")]
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    let body = markdown::render(&markdown::Input {
        text: &article.text,
        body: body_start..article.text.len(),
        lines: &article.lines,
        article_path: ARTICLE,
        index: &Kb,
        urls: &Kb,
        audience_name: &audience_name,
        audience_label: kbpress::markdown::AUDIENCE_LABEL,
        raw_html: if data.last().is_some_and(|b| b & 1 == 1) {
            RawHtmlPolicy::Escape
        } else {
            RawHtmlPolicy::Sanitize
        },
        variables: &variables,
        snippets: &markdown::include::NoSnippets,
    });
    // Read back with the tokenizer behind `raw-html`: nothing it would remove is on the page,
    // except the writer's own `<section>` (audience sections) and `<input>` (task checkboxes).
    let written = raw_html::inspect(&body.html);
    for (_, what) in &written.removed {
        // A Markdown link or image keeps a scheme the sanitizer's allowlist lacks (`xref:`): it is not
        // dangerous, and `unknown-scheme` reports it. A dangerous one is caught below.
        let harmless_scheme = what
            .strip_prefix('`')
            .and_then(|rest| {
                (rest.split_once(":` URL removed from `<a href>`"))
                    .or_else(|| rest.split_once(":` URL removed from `<img src>`"))
            })
            .is_some_and(|(scheme, _)| links::unsafe_scheme(&format!("{scheme}:x")).is_none());
        assert!(
            what == "`<section>` removed" || what == "`<input>` removed" || harmless_scheme,
            "{what} reached the HTML:\n{}",
            body.html
        );
    }
    assert!(written.comments.is_empty(), "a comment reached the HTML:\n{}", body.html);
    let lower = body.html.to_ascii_lowercase();
    for tag in ["<script", "<iframe", "<object", "<embed", "<style", "<svg", "<form", "<!--"] {
        assert!(!lower.contains(tag), "{tag} reached the HTML:\n{}", body.html);
    }
    for name in ["href", "src"] {
        for value in attribute_values(&body.html, name) {
            let value = unescape(value);
            assert!(
                links::unsafe_scheme(&value).is_none(),
                "unsafe {name} {value:?} reached the HTML"
            );
        }
    }
    // Positions are inside the file.
    let max_line = article.lines.line_count() as u32;
    let spans = body
        .headings
        .iter()
        .map(|h| h.span)
        .chain(body.links.iter().map(|l| l.span))
        .chain(body.raw_html.iter().map(|(_, span)| *span))
        .chain(body.removed_html.iter().map(|r| r.span));
    for span in spans {
        assert!(
            span.start.line >= 1 && span.start.line <= max_line,
            "{span:?}"
        );
        assert!(
            span.end.line <= max_line && span.start <= span.end,
            "{span:?}"
        );
    }
    // Generated heading ids are unique within the article.
    let explicit: Vec<&str> = body
        .headings
        .iter()
        .filter(|h| h.explicit_id)
        .map(|h| h.id.as_str())
        .collect();
    let mut seen: HashSet<&str> = HashSet::new();
    for heading in body.headings.iter().filter(|h| !h.explicit_id) {
        assert!(!heading.id.is_empty());
        assert!(
            !explicit.contains(&heading.id.as_str()),
            "{} reused",
            heading.id
        );
        assert!(seen.insert(&heading.id), "{} twice", heading.id);
    }
    // Audience sections can be cut out at their byte ranges.
    for section in &body.sections {
        assert!(section.html.start <= section.html.end && section.html.end <= body.html.len());
        assert!(body.html.is_char_boundary(section.html.start));
        assert!(body.html.is_char_boundary(section.html.end));
    }
    let public = body.html_for(&|_| false);
    assert!(public.len() <= body.html.len());
    // The writer's section markers (HTML comments) are all taken out again. The words alone
    // may be the article's own text (the fuzzer wrote `kkkbpress-section-kkk` in a paragraph).
    assert!(!body.html.contains("<!--kbpress-section"), "{}", body.html);
});
