//! What `serve` adds to every HTML page: the live-reload script and, while the latest build
//! has failed, an overlay listing its problems. Everything from the KB is HTML-escaped.
//!
//! Each page carries the generation of the build it came from. The event stream sends the
//! current generation as soon as the page connects and after every build, and the page reloads
//! when they differ, so a build that finishes while a page is loading is never missed.

use super::build::Problem;
use crate::markdown::escape_html as escape;

/// The event stream that pages listen to.
pub const EVENTS_PATH: &str = "/__kbpress/events";

/// The script that reloads the page when a newer build is served.
pub fn reload_script(generation: u64) -> String {
    format!(
        r#"<script>(function(){{var g="{generation}";var s=new EventSource("{EVENTS_PATH}");s.addEventListener("build",function(e){{if(e.data!==g){{s.close();location.reload();}}}});}})();</script>"#
    )
}

/// The most problems the overlay lists; the rest are counted. Every HTML page carries the
/// overlay, and 5,000 broken articles once put 2.4 MB into each (issue 17): the terminal and
/// `kbpress check` list them all.
pub const MAX_SHOWN: usize = 50;

/// A fixed panel over the page listing `problems` (the first [`MAX_SHOWN`]), or nothing when
/// there are none.
pub fn overlay(problems: &[Problem]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let mut html = String::from(
        r#"<div id="kbpress-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f3f3f3;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem">"#,
    );
    let count = problems.len();
    html.push_str(&format!(
        r#"<h2 style="margin:0 0 1rem;color:#ff8a80;font-size:1.2rem">kbpress: the build failed ({count} problem{}); showing the last good build</h2><ol style="margin:0;padding-left:1.5rem">"#,
        if count == 1 { "" } else { "s" }
    ));
    for problem in problems.iter().take(MAX_SHOWN) {
        html.push_str(r#"<li style="margin-bottom:.75rem">"#);
        if let Some(location) = problem.location() {
            html.push_str(&format!(
                r#"<span class="kbpress-location" style="color:#82b1ff">{}</span> "#,
                escape(&location)
            ));
        }
        if let Some(code) = &problem.code {
            html.push_str(&format!(
                r#"<span style="color:#ffd180">[{}]</span> "#,
                escape(code)
            ));
        }
        html.push_str(&format!(
            r#"<span class="kbpress-message" style="white-space:pre-wrap">{}</span>"#,
            escape(&problem.message)
        ));
        if let Some(help) = &problem.help {
            html.push_str(&format!(
                r#"<div style="color:#b9f6ca;white-space:pre-wrap">help: {}</div>"#,
                escape(help)
            ));
        }
        html.push_str("</li>");
    }
    html.push_str("</ol>");
    if let Some(more) = count.checked_sub(MAX_SHOWN).filter(|&more| more > 0) {
        html.push_str(&format!(
            r#"<p class="kbpress-more" style="color:#ffd180">and {more} more (run <code>kbpress check</code> to see them all)</p>"#
        ));
    }
    html.push_str(
        r#"<p style="color:#aaa">Fix the files and save: this page reloads by itself.</p></div>"#,
    );
    html
}

/// `html` with the reload script and the overlay inserted before its last `</body>` (appended
/// when it has none).
pub fn inject(html: &[u8], generation: u64, problems: &[Problem]) -> Vec<u8> {
    let addition = format!("{}{}", overlay(problems), reload_script(generation));
    let at = find_last_body_close(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + addition.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(addition.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A whole page for when there is no site to show: the first build is running or failed.
pub fn status_page(title: &str, text: &str, generation: u64, problems: &[Problem]) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1><p>{text}</p>{}{}</body></html>\n",
        overlay(problems),
        reload_script(generation),
        title = escape(title),
        text = escape(text),
    )
}

fn find_last_body_close(html: &[u8]) -> Option<usize> {
    const NEEDLE: &[u8] = b"</body>";
    (0..=html.len().checked_sub(NEEDLE.len())?)
        .rev()
        .find(|&i| html[i..i + NEEDLE.len()].eq_ignore_ascii_case(NEEDLE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(message: &str) -> Problem {
        Problem {
            file: Some("articles/<b>.md".into()),
            line: Some(3),
            column: Some(7),
            code: Some("yaml-syntax".into()),
            message: message.into(),
            help: Some("use \"quotes\" & 'apostrophes'".into()),
        }
    }

    #[test]
    fn the_script_goes_before_the_last_body_close() {
        let page = b"<html><body><p>a</body> </BODY>\n</html>";
        let out = String::from_utf8(inject(page, 7, &[])).unwrap();
        let script_at = out.find("<script>").unwrap();
        assert_eq!(&out[..script_at], "<html><body><p>a</body> ");
        assert!(out.ends_with("</script></BODY>\n</html>"), "{out}");
        assert!(out.contains(r#"var g="7""#));
        assert!(!out.contains("kbpress-overlay"));
    }

    #[test]
    fn a_page_without_body_gets_the_script_appended() {
        let out = String::from_utf8(inject(b"<p>bare", 1, &[])).unwrap();
        assert!(out.starts_with("<p>bare<script>"), "{out}");
    }

    #[test]
    fn the_overlay_escapes_everything_from_the_kb() {
        let out = String::from_utf8(inject(
            b"<body></body>",
            2,
            &[problem("bad <script>alert(1)</script> value")],
        ))
        .unwrap();
        assert!(out.contains("kbpress-overlay"));
        assert!(out.contains("articles/&lt;b&gt;.md:3:7"), "{out}");
        assert!(out.contains("bad &lt;script&gt;alert(1)&lt;/script&gt; value"));
        assert!(out.contains("use &quot;quotes&quot; &amp; &#39;apostrophes&#39;"));
        assert_eq!(out.matches("<script>").count(), 1, "only the reload script");
    }

    #[test]
    fn the_overlay_lists_the_first_problems_and_counts_the_rest() {
        let problems: Vec<Problem> = (0..5000)
            .map(|n| problem(&format!("problem number {n}.")))
            .collect();
        let out = overlay(&problems);
        assert_eq!(out.matches("<li ").count(), MAX_SHOWN);
        assert!(out.contains("problem number 49."));
        assert!(!out.contains("problem number 50."));
        assert!(
            out.contains("(5000 problems)"),
            "the heading counts them all"
        );
        assert!(out.contains("and 4950 more"), "{out}");
        assert!(out.len() < 32 * 1024, "{} bytes", out.len());
        let few = overlay(&problems[..MAX_SHOWN]);
        assert_eq!(few.matches("<li ").count(), MAX_SHOWN);
        assert!(!few.contains("more"), "{few}");
    }

    #[test]
    fn the_status_page_escapes_and_reloads() {
        let page = status_page("Build <failed>", "a & b", 3, &[problem("x")]);
        assert!(page.contains("<title>Build &lt;failed&gt;</title>"));
        assert!(page.contains("<p>a &amp; b</p>"));
        assert!(page.contains("kbpress-overlay"));
        assert!(page.contains(r#"var g="3""#));
    }

    #[test]
    fn escape_covers_attribute_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;"
        );
    }
}
