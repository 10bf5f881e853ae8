use super::*;
use crate::source::LineIndex;

struct Index;
impl KbIndex for Index {
    fn is_article(&self, path: &str) -> bool {
        path == "articles/billing/refunds.md"
    }
    fn is_file(&self, path: &str) -> bool {
        path == "assets/i.png"
    }
    fn is_category(&self, _: &str) -> bool {
        false
    }
}
impl UrlFor for Index {
    fn url_for(&self, target: &Target) -> Option<String> {
        match target {
            Target::Article { fragment, .. } => Some(format!(
                "/kb/billing/refunds/{}",
                fragment
                    .as_deref()
                    .map(|f| format!("#{f}"))
                    .unwrap_or_default()
            )),
            Target::File { path } => Some(format!("/kb/{path}")),
            _ => None,
        }
    }
}

fn render_text(text: &str) -> Body {
    render_with(text, RawHtmlPolicy::Sanitize)
}

fn render_with(text: &str, raw_html: RawHtmlPolicy) -> Body {
    render_with_variables(text, raw_html, &Default::default())
}

fn render_with_variables(
    text: &str,
    raw_html: RawHtmlPolicy,
    variables: &crate::config::Variables,
) -> Body {
    let lines = LineIndex::new(text);
    let name = |id: &str| Some(format!("Name of {id}"));
    render(&Input {
        text,
        body: 0..text.len(),
        lines: &lines,
        article_path: "articles/support/a.md",
        index: &Index,
        urls: &Index,
        audience_name: &name,
        audience_label: AUDIENCE_LABEL,
        raw_html,
        variables,
        snippets: &super::include::NoSnippets,
    })
}

#[test]
fn headings_get_stable_ids_and_anchor_links() {
    let body = render_text("## Steps\n\n## Steps\n\n### Fix it {#custom}\n");
    let ids: Vec<_> = body.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, vec!["steps", "steps-1", "custom"]);
    assert!(
        body.html
            .contains("<h2 id=\"steps-1\">Steps <a class=\"anchor\" href=\"#steps-1\""),
        "{}",
        body.html
    );
    assert!(body.headings[2].explicit_id);
}

#[test]
fn explicit_ids_win_over_generated_ones() {
    let body = render_text("## Steps\n\n## Other {#steps}\n");
    let ids: Vec<_> = body.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, vec!["steps-1", "steps"]);
}

#[test]
fn relative_links_are_rewritten_and_located() {
    let body = render_text(
        "Intro\n\nSee [fees](../billing/refunds.md#fees) and ![pic](../../assets/i.png).\n",
    );
    assert!(
        body.html.contains("href=\"/kb/billing/refunds/#fees\""),
        "{}",
        body.html
    );
    assert!(
        body.html.contains("src=\"/kb/assets/i.png\" alt=\"pic\""),
        "{}",
        body.html
    );
    assert_eq!(
        body.links[0].span.start,
        crate::diagnostic::Position::new(3, 5)
    );
    assert_eq!(body.links[1].alt, "pic");
    assert_eq!(body.links[1].kind, LinkKind::Image);
}

#[test]
fn unsafe_urls_never_reach_the_html() {
    let body = render_text("[a](javascript:alert(1)) [b](&#106;avascript:x) ![c](data:text/html,x) [d](<java\tscript:x>)\n");
    assert!(
        !body.html.to_lowercase().contains("script:"),
        "{}",
        body.html
    );
    assert!(
        body.links
            .iter()
            .all(|l| matches!(l.target, Target::Unsafe { .. })),
        "{:?}",
        body.links
    );
    assert!(
        body.html.contains(">a<") || body.html.contains("a "),
        "link text is kept: {}",
        body.html
    );
}

#[test]
fn raw_html_is_escaped_and_recorded_when_the_site_says_so() {
    let body = render_with(
        "<script>alert(1)</script>\n\nText <b onclick=x>bold</b>\n",
        RawHtmlPolicy::Escape,
    );
    assert!(!body.html.contains("<script"), "{}", body.html);
    assert!(!body.html.contains("<b "), "{}", body.html);
    assert!(body.html.contains("&lt;script&gt;"));
    assert_eq!(body.raw_html.len(), 3);
    assert!(body.removed_html.is_empty());
}

#[test]
fn alerts_become_titled_callouts() {
    let body = render_text("> [!WARNING]\n> Mind the gap.\n");
    assert!(body.html.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>"), "{}", body.html);
}

#[test]
fn audience_sections_run_to_the_next_heading_of_the_same_level() {
    let text = "## Fix\n\nAll.\n\n### Direct {audience=direct}\n\nD [x](#fix)\n\n#### Deep\n\nStill direct.\n\n### Resellers {audience=wholesale,internal}\n\nW\n\n## After\n\nAll again.\n";
    let body = render_text(text);
    assert_eq!(body.sections.len(), 2);
    assert_eq!(
        body.links[0].section_audiences,
        Some(vec!["direct".to_string()])
    );
    assert_eq!(
        body.headings[2].section_audiences,
        Some(vec!["direct".to_string()])
    );
    assert_eq!(body.headings[4].section_audiences, None);
    let wholesale_only = body.html_for(&|audiences| audiences.iter().any(|a| a == "wholesale"));
    assert!(!wholesale_only.contains("Still direct"), "{wholesale_only}");
    assert!(wholesale_only.contains("<p>W</p>") && wholesale_only.contains("All again"));
    assert!(wholesale_only.contains("For: Name of wholesale, Name of internal"));
    assert!(
        !body.html.contains("kbpress-section"),
        "markers are removed: {}",
        body.html
    );
    assert_eq!(body.html_for(&|_| true), body.html);
    // Lines (body line 1 is `## Fix`): the direct section runs from its heading (5) to the
    // line before `### Resellers` (13), which runs to the line before `## After` (17).
    assert_eq!(
        body.sections
            .iter()
            .map(|s| s.lines.clone())
            .collect::<Vec<_>>(),
        [5..13, 13..17]
    );
    assert_eq!(body.audiences_at(3), None);
    assert_eq!(body.audiences_at(11), Some(vec!["direct"]));
    assert_eq!(body.audiences_at(15), Some(vec!["wholesale", "internal"]));
    assert_eq!(body.audiences_at(19), None);
}

#[test]
fn nested_audience_sections_narrow_the_audiences_at_a_line() {
    let body = render_text("## A {audience=direct,wholesale}\n\n### B {audience=wholesale}\n\nx\n");
    assert_eq!(body.audiences_at(2), Some(vec!["direct", "wholesale"]));
    assert_eq!(body.audiences_at(5), Some(vec!["wholesale"]));
    assert_eq!(body.sections[1].lines, 3..u32::MAX);
}

#[test]
fn forged_section_markers_are_escaped_or_removed() {
    let text = "<!--kbpress-section-end-0-->\n\n## A {audience=direct}\n\nx\n";
    let body = render_with(text, RawHtmlPolicy::Escape);
    let none = body.html_for(&|_| false);
    assert!(none.contains("&lt;!--kbpress"), "{none}");
    assert!(!none.contains("<p>x</p>"));
    let body = render_text(text);
    let none = body.html_for(&|_| false);
    assert!(
        !none.contains("kbpress") && !none.contains("<p>x</p>"),
        "{none}"
    );
    assert!(body.html_for(&|_| true).contains("<p>x</p>"));
}

#[test]
fn tables_footnotes_and_task_lists_render() {
    let body = render_text(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\nNote[^1]\n\n[^1]: The note.\n",
    );
    for needle in ["<table>", "type=\"checkbox\"", "footnote-definition"] {
        assert!(body.html.contains(needle), "{needle} in {}", body.html);
    }
}

#[test]
fn task_list_checkboxes_are_named_and_show_their_state() {
    let body = render_text("- [x] done\n- [ ] open\n");
    assert!(
        body.html.contains(
            "<li><input type=\"checkbox\" disabled checked aria-label=\"Task done\"> done</li>"
        ),
        "{}",
        body.html
    );
    assert!(
        body.html
            .contains("<li><input type=\"checkbox\" disabled aria-label=\"Task done\"> open</li>"),
        "{}",
        body.html
    );
}

#[test]
fn nested_images_keep_their_alt_text_and_stay_linear() {
    let body = render_text("![outer ![inner](a.png) text](b.png) ![](c.png)\n");
    let alts: Vec<_> = body.links.iter().map(|l| l.alt.as_str()).collect();
    assert_eq!(alts, vec!["outer inner text", "inner", ""]);
    // Each image used to scan to its end and collect its text: quadratic when nested.
    let nested = format!("{}a{}\n", "![a".repeat(20_000), "](x.png)".repeat(20_000));
    let start = std::time::Instant::now();
    let body = render_text(&nested);
    assert_eq!(body.links.len(), 20_000);
    assert!(body.links.iter().all(|l| l.alt.len() <= 256));
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn collecting_finds_what_rendering_finds_without_the_html() {
    let text = "## Fix {audience=direct}\n\n[a](guide.md#x) ![i](p.png)\n\n<b>raw</b> <img src=x.png onerror=y()>\n\n### Deep\n\n## After\n";
    let lines = LineIndex::new(text);
    let name = |id: &str| Some(format!("Name of {id}"));
    let input = Input {
        text,
        body: 0..text.len(),
        lines: &lines,
        article_path: "articles/support/a.md",
        index: &Index,
        urls: &Index,
        audience_name: &name,
        audience_label: AUDIENCE_LABEL,
        raw_html: RawHtmlPolicy::Sanitize,
        variables: &Default::default(),
        snippets: &super::include::NoSnippets,
    };
    let rendered = render(&input);
    let collected = super::collect(&input);
    assert!(collected.html.is_empty() && !rendered.html.is_empty());
    assert_eq!(collected.headings, rendered.headings);
    assert_eq!(collected.links, rendered.links);
    assert_eq!(collected.raw_html, rendered.raw_html);
    assert_eq!(collected.removed_html, rendered.removed_html);
    assert_eq!(collected.removed_html.len(), 1);
    let lines_of = |body: &Body| -> Vec<(Vec<String>, std::ops::Range<u32>)> {
        body.sections
            .iter()
            .map(|s| (s.audiences.clone(), s.lines.clone()))
            .collect()
    };
    assert_eq!(lines_of(&collected), lines_of(&rendered));
    assert_eq!(collected.audiences_at(3), Some(vec!["direct"]));
}

#[test]
fn fenced_code_in_a_known_language_is_highlighted() {
    let body = render_text("Run:\n\n```bash title=x\n$ echo \"hi\" # greet\n```\n");
    assert!(
        body.html.contains(
            "<pre><code class=\"language-bash\"><span class=\"hl-prompt\">$ </span><span class=\"hl-function\">echo</span> <span class=\"hl-string\">\"hi\"</span> <span class=\"hl-comment\"># greet</span>\n</code></pre>\n"
        ),
        "{}",
        body.html
    );
}

#[test]
fn code_cannot_close_its_block() {
    let attack = "</code></pre><script>alert(1)</script><img src=x onerror=alert(2)>";
    for language in ["bash", "html", "json", "yaml", "http", "unknown", ""] {
        let body = render_text(&format!(
            "```{language}\n{attack}\n'{attack}'\n\"{attack}\n```\n"
        ));
        assert!(!body.html.contains("<script"), "{language}: {}", body.html);
        assert!(!body.html.contains("<img"), "{language}: {}", body.html);
        assert_eq!(
            body.html.matches("</code>").count(),
            1,
            "{language}: {}",
            body.html
        );
        let text = body.html.replace("</span>", "");
        let text = text
            .split("<span class=")
            .map(|piece| piece.split_once('>').map_or(piece, |(_, after)| after));
        assert!(
            text.collect::<String>()
                .contains("&lt;/code&gt;&lt;/pre&gt;"),
            "{language}: {}",
            body.html
        );
    }
    // The language name goes into an attribute: pulldown-cmark escapes it there.
    let body = render_text("```\"><script>x\nbody\n```\n");
    assert!(!body.html.contains("<script"), "{}", body.html);
}

#[test]
fn other_code_blocks_are_written_as_before() {
    // Unknown and missing languages, plain text, indented and empty blocks: no spans.
    let body = render_text("```csv\na,<b>\n```\n\n```\nx & y\n```\n\n```text\nok\n```\n\n    indented <i>\n\n```bash\n```\n");
    assert_eq!(
        body.html,
        "<pre><code class=\"language-csv\">a,&lt;b&gt;\n</code></pre>\n<pre><code>x &amp; y\n</code></pre>\n<pre><code class=\"language-text\">ok\n</code></pre>\n<pre><code>indented &lt;i&gt;\n</code></pre>\n<pre><code class=\"language-bash\"></code></pre>\n"
    );
}

#[test]
fn code_blocks_in_lists_and_audience_sections_keep_their_place() {
    let body = render_text("- Step:\n  ```json\n  {\"a\": 1}\n  ```\n- Next\n\n## Staff {audience=staff}\n\n```yaml\nkey: 1\n```\n\n## After\n");
    assert!(
        body.html.contains("<li>Step:\n<pre><code class=\"language-json\">{<span class=\"hl-key\">\"a\"</span>: <span class=\"hl-number\">1</span>}\n</code></pre>\n</li>"),
        "{}",
        body.html
    );
    let section = &body.html[body.sections[0].html.clone()];
    assert!(
        section.contains("<span class=\"hl-key\">key</span>"),
        "{section}"
    );
    assert!(!section.contains("After"), "{section}");
}

#[test]
fn braces_that_are_not_attributes_stay_heading_text() {
    let body = render_text(
        "### -InputFormat {Text | XML}\n\n## Closed {a b} ##\n\nSetext {x}\n---\n\n## Real {#real .wide audience=ops}\n",
    );
    let summary: Vec<_> = body
        .headings
        .iter()
        .map(|h| (h.text.as_str(), h.id.as_str(), h.unknown_attributes.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "-InputFormat {Text | XML}",
                "-inputformat-text--xml",
                vec![]
            ),
            ("Closed {a b}", "closed-a-b", vec![]),
            ("Setext {x}", "setext-x", vec![]),
            ("Real", "real", vec![]),
        ]
    );
    assert!(
        body.html.contains(
            "<h3 id=\"-inputformat-text--xml\">-InputFormat {Text | XML} <a class=\"anchor\""
        ),
        "{}",
        body.html
    );
    assert_eq!(body.headings[3].audiences, vec!["ops".to_string()]);
}

#[test]
fn raw_html_is_sanitized_and_what_is_removed_is_named_at_its_place() {
    let text = "Press <kbd>Tab</kbd>.<br>\nx<sup>2</sup> <b onclick=\"steal()\">bold</b> <a href=\"javascript:alert(1)\" id=\"ex3\">x</a>\n\n<script>alert(1)</script>\n\n<!-- internal: ask Bob -->\n\n<table>\n<tr><td colspan=\"2\" style=\"color: red; text-align: left\">cell</td></tr>\n</table>\n";
    let body = render_text(text);
    let html = &body.html;
    for kept in [
        "<kbd>Tab</kbd>",
        "<br>",
        "<sup>2</sup>",
        "<b>bold</b>",
        "<a id=\"ex3\">x</a>",
        "<td colspan=\"2\" style=\"text-align:left\">cell</td>",
    ] {
        assert!(html.contains(kept), "{kept} in {html}");
    }
    for gone in [
        "script",
        "alert",
        "onclick",
        "steal",
        "javascript",
        "internal",
        "<!--",
        "color",
    ] {
        assert!(!html.contains(gone), "{gone} in {html}");
    }
    let removed: Vec<_> = body
        .removed_html
        .iter()
        .map(|r| (r.span.start.line, r.span.start.column, r.what.as_str()))
        .collect();
    assert_eq!(
        removed,
        vec![
            (2, 18, "`onclick` attribute removed from `<b>`"),
            (2, 48, "`javascript:` URL removed from `<a href>`"),
            (4, 1, "`<script>` removed with its content"),
        ]
    );
    assert!(body.raw_html.is_empty());
    assert!(body.has_anchor("ex3"));
    assert_eq!(body.comments, vec![143..169]);
}

#[test]
fn raw_html_blocks_around_markdown_stay_one_element() {
    let body = render_text(
        "<details>\n<summary>More</summary>\n\nSome **Markdown**.\n\n- [x] done\n\n</details>\n",
    );
    assert!(
        body.html
            .contains("<details>\n<summary>More</summary>\n<p>Some <strong>Markdown</strong>.</p>"),
        "{}",
        body.html
    );
    assert!(
        body.html
            .contains("<input type=\"checkbox\" disabled checked aria-label=\"Task done\"> done"),
        "{}",
        body.html
    );
    assert!(
        body.html.trim_end().ends_with("</details>"),
        "{}",
        body.html
    );
}

#[test]
fn links_and_images_in_raw_html_are_resolved_like_markdown_ones() {
    let body = render_text(
        "<a href=\"../billing/refunds.md#fees\">x</a> <img src=\"../../assets/i.png\" alt=\"Chart\" onerror=\"x()\">\n",
    );
    let links: Vec<_> = body
        .links
        .iter()
        .map(|l| (l.kind, l.target.clone(), l.alt.as_str()))
        .collect();
    assert_eq!(
        links,
        vec![
            (
                LinkKind::Link,
                Target::Article {
                    path: "articles/billing/refunds.md".into(),
                    fragment: Some("fees".into())
                },
                ""
            ),
            (
                LinkKind::Image,
                Target::File {
                    path: "assets/i.png".into()
                },
                "Chart"
            ),
        ]
    );
    assert!(
        body.html
            .contains("<a href=\"/kb/billing/refunds/#fees\">x</a>"),
        "{}",
        body.html
    );
    assert!(
        body.html
            .contains("<img src=\"/kb/assets/i.png\" alt=\"Chart\">"),
        "{}",
        body.html
    );
}

#[test]
fn raw_html_cannot_forge_or_break_audience_sections() {
    let text = "## All\n\n<div>open <!--kbpress-section-end-0-->\n\n## Staff {audience=internal}\n\n<div>Secret <span>never closed\n\n## After\n\nPublic.\n";
    let body = render_text(text);
    assert_eq!(body.sections.len(), 1);
    let public = body.html_for(&|audiences| !audiences.iter().any(|a| a == "internal"));
    assert!(!public.contains("Secret"), "{public}");
    assert!(public.contains("Public."), "{public}");
    assert!(!body.html.contains("kbpress-section"), "{}", body.html);
    let section = &body.html[body.sections[0].html.clone()];
    assert_eq!(
        section.matches("<div").count(),
        section.matches("</div>").count(),
        "{section}"
    );
}

#[test]
fn placeholders_that_are_no_html_element_stay_text() {
    let body =
        render_text("Send `Bearer` <token> to <your-api-host>, then <b>save</b> <file_path/>.\n");
    assert!(
        body.html.contains("<p>Send <code>Bearer</code> &lt;token&gt; to &lt;your-api-host&gt;, then <b>save</b> &lt;file_path/&gt;.</p>"),
        "{}",
        body.html
    );
    assert!(body.removed_html.is_empty());
}

/// Found by the fuzzer (minimized): a bogus comment (`</$>`) followed by tags made the
/// raw-HTML inspection place the tags past the end of the text, and slicing there panicked.
#[test]
fn raw_html_after_a_bogus_comment_does_not_panic() {
    let body = render_text("<tr></$><dtd>");
    assert!(
        !body.html.contains("</$>") && !body.html.contains("<dtd"),
        "{}",
        body.html
    );
    let body = render_text(
        "<tr></$><dtd>\n\nText <b>bold</b> and </?x> <kbd>K</kbd> é <s\0ub>2</s\0ub>.\n",
    );
    assert!(body.html.contains("<b>bold</b>"), "{}", body.html);
    assert!(body.html.contains("<kbd>K</kbd>"), "{}", body.html);
    assert!(
        !body.html.contains("</$>") && !body.html.contains("<dtd"),
        "{}",
        body.html
    );
}

fn with_variables() -> crate::config::Variables {
    [
        ("support_phone", "+1 555 0100"),
        ("portal_url", "https://portal.example.com"),
        ("brand", "<b>Northwind</b> & *co*"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

#[test]
fn variables_are_replaced_in_text_and_headings_as_plain_escaped_text() {
    let body = render_with_variables(
        "## Call {{ support_phone }} now\n\n### Call {{ support_phone }}\n\nCall {{support_phone}} or ask {{ brand }}.\n\n* {{ support_phone }} in a **{{brand}}** list\n",
        RawHtmlPolicy::Sanitize,
        &with_variables(),
    );
    assert_eq!(body.headings[0].text, "Call +1 555 0100 now");
    assert_eq!(body.headings[0].id, "call-1-555-0100-now");
    // A variable ending a heading is not taken for `{attributes}`.
    assert_eq!(body.headings[1].text, "Call +1 555 0100");
    assert!(
        body.html.contains(">Call +1 555 0100 <a class=\"anchor\""),
        "{}",
        body.html
    );
    assert!(
        body.html
            .contains("<p>Call +1 555 0100 or ask &lt;b&gt;Northwind&lt;/b&gt; &amp; *co*.</p>"),
        "{}",
        body.html
    );
    assert!(
        body.html
            .contains("<li>+1 555 0100 in a <strong>&lt;b&gt;Northwind"),
        "{}",
        body.html
    );
    let names: Vec<_> = body.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "support_phone",
            "support_phone",
            "support_phone",
            "brand",
            "support_phone",
            "brand"
        ]
    );
    let first = &body.variables[2];
    assert_eq!((first.span.start.line, first.span.start.column), (5, 6));
    assert_eq!(first.range, 68..85);
    assert!(first.closed);
}

#[test]
fn code_escapes_raw_html_and_includes_keep_their_braces() {
    let text = "`{{ support_phone }}` \\{{ support_phone }} &#123;{ support_phone }}\n\n```\n{{ support_phone }}\n```\n\n    {{ support_phone }}\n\n<div>{{ support_phone }}</div>\n\n{{> contact-support }}\n";
    let body = render_with_variables(text, RawHtmlPolicy::Sanitize, &with_variables());
    assert!(!body.html.contains("555"), "{}", body.html);
    assert!(
        body.html
            .contains("<code>{{ support_phone }}</code> {{ support_phone }} {{ support_phone }}"),
        "{}",
        body.html
    );
    assert!(
        body.html.contains("<div>{{ support_phone }}</div>"),
        "{}",
        body.html
    );
    // `{{> name }}` is an include (here of a snippet the test KB lacks), not a variable.
    assert!(
        matches!(&body.include_problems[..], [super::IncludeProblem::Missing { name, .. }] if name == "contact-support"),
        "{:?}",
        body.include_problems
    );
    assert!(body.variables.is_empty(), "{:?}", body.variables);
}

#[test]
fn variables_in_link_destinations_make_the_link_checks_see_the_url() {
    let body = render_with_variables(
        "[the portal]({{portal_url}}/login) and [same](<{{ portal_url }}/cases>) ![x]({{portal_url}}/a.png)\n",
        RawHtmlPolicy::Sanitize,
        &with_variables(),
    );
    let destinations: Vec<_> = body.links.iter().map(|l| l.destination.as_str()).collect();
    assert_eq!(
        destinations,
        [
            "https://portal.example.com/login",
            "https://portal.example.com/cases",
            "https://portal.example.com/a.png"
        ]
    );
    assert!(
        matches!(body.links[0].target, Target::External),
        "{:?}",
        body.links[0].target
    );
    assert!(
        body.html
            .contains("href=\"https://portal.example.com/login\""),
        "{}",
        body.html
    );
    let columns: Vec<_> = body.variables.iter().map(|v| v.span.start.column).collect();
    assert_eq!(columns, [14, 48, 78]);
    assert!(body.variables.iter().all(|v| !v.range.is_empty()));
    // A reference link's destination is defined elsewhere: found at the link, left in the copy.
    let body = render_with_variables(
        "See [the portal][p].\n\n[p]: {{portal_url}}/login\n",
        RawHtmlPolicy::Sanitize,
        &with_variables(),
    );
    assert_eq!(
        body.links[0].destination,
        "https://portal.example.com/login"
    );
    assert_eq!(body.variables[0].span.start.column, 5);
    assert!(body.variables[0].range.is_empty());
}

#[test]
fn unknown_and_unclosed_uses_are_recorded_and_left_as_written() {
    let body = render_with_variables(
        "Call {{ fax }} or {{ support_phone }.\n",
        RawHtmlPolicy::Sanitize,
        &with_variables(),
    );
    assert!(
        body.html.contains("Call {{ fax }} or {{ support_phone }."),
        "{}",
        body.html
    );
    let uses: Vec<_> = body
        .variables
        .iter()
        .map(|v| (v.name.as_str(), v.closed))
        .collect();
    assert_eq!(uses, [("fax", true), ("support_phone", false)]);
}

#[test]
fn a_value_that_makes_a_link_unsafe_is_judged_like_a_written_one() {
    let variables = [("portal_url", "javascript:alert(1)")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let body = render_with_variables(
        "[the portal]({{portal_url}}) and {{ portal_url }}\n",
        RawHtmlPolicy::Sanitize,
        &variables,
    );
    assert!(
        matches!(body.links[0].target, Target::Unsafe { .. }),
        "{:?}",
        body.links[0].target
    );
    assert!(!body.html.contains("href"), "{}", body.html);
    assert_eq!(body.html, "<p>the portal and javascript:alert(1)</p>\n");
}

/// Found by the article fuzzer: raw HTML with an unclosed attribute quote before a task list
/// swallows the list into the attribute value; the writer's checkbox placeholder must not be
/// put back there, where its own quotes would end the value and add attributes.
#[test]
fn a_task_checkbox_swallowed_into_an_attribute_is_dropped() {
    let body = render_text("<table\n><td colspan=\"\n\n- [x] \n# ");
    assert!(!body.html.contains("<input"), "{}", body.html);
    let body = render_text("<table><tr><td colspan=\"x\n\n- [x] done\n- [ ] open\n\n# Next\n");
    assert!(!body.html.contains("<input"), "{}", body.html);
    let inspected = super::raw_html::inspect(&body.html);
    assert!(
        inspected.removed.is_empty(),
        "{:?}\n{}",
        inspected.removed,
        body.html
    );
    // In text, the checkboxes are put back.
    let body = render_text("<b>x</b>\n\n- [x] done\n- [ ] open\n");
    assert_eq!(
        body.html.matches("<input type=\"checkbox\"").count(),
        2,
        "{}",
        body.html
    );
}

/// Found by the article fuzzer (minimized): a tag name with NULs, which the tokenizer reads as
/// 3-byte U+FFFD each, was located past the end of the article, and making its span panicked.
#[test]
fn a_tag_name_with_nuls_is_located_inside_the_text() {
    let text = format!("<tr><d{}>", "\0".repeat(22));
    let body = render_text(&text);
    assert!(!body.html.contains("<d"), "{}", body.html);
    let removed: Vec<_> = body.removed_html.iter().map(|r| r.span).collect();
    assert!(!removed.is_empty());
    for span in removed {
        assert_eq!(span.start.line, 1, "{span:?}");
        assert!(
            span.end.column as usize <= text.chars().count() + 1,
            "{span:?}"
        );
    }
}

/// Found by the article fuzzer (minimized): a processing instruction (a bogus comment) before a
/// tag and an unclosed real comment: the bogus one was taken for the real one, the tag placed
/// at the end of the text, and its span past the end panicked.
#[test]
fn a_bogus_comment_before_a_real_one_does_not_panic() {
    for text in [
        "<?s><g><!--",
        "<?s><g><!-- x -->\n\nText.\n",
        "</$ x><b>bold</b><!-- c -->",
    ] {
        let body = render_text(text);
        assert!(!body.html.contains("<!--"), "{text:?}: {}", body.html);
        for removed in &body.removed_html {
            assert_eq!(removed.span.start.line, 1, "{text:?}: {removed:?}");
        }
    }
}

/// A body larger than `STREAMED_ABOVE_BYTES` is written as it is parsed, not from the list of
/// its events (issue 17's memory): the body, its HTML and every fact collected are the same
/// both ways, with and without HTML, sanitized and escaped.
#[test]
fn a_body_written_as_it_is_parsed_is_the_same_as_from_its_event_list() {
    let many_tags = "<b>x</b> ".repeat(super::raw_html::MAX_TAGS + 1);
    let documents = [
        include_str!("../../tests/fixtures/every-element.md").to_string(),
        "# Title\n\n## Steps\n\n## Steps {#steps-1}\n\n### Later {#steps}\n\nText *a*a*a [a](b.md) [[[ <a\n".to_string(),
        "Para first\n\n# Not the title\n\n![alt *em* ![inner](i.png)](o.png) ![x](javascript:alert(1))\n".to_string(),
        "- [x] done\n- [ ] open\n\n<div>\n<b onclick=\"x()\">b</b>\n</div>\n\n- [x] after\n".to_string(),
        "- [x] done, no raw HTML\n\n```rust\nlet x = 1;\n```\n\n    indented\n\n| a | b |\n| - | :-: |\n| 1 | 2 |\n".to_string(),
        "Note[^1] and again[^1].\n\n[^1]: The note, with <kbd>K</kbd>.\n\n## Internal {audience=staff}\n\nHidden.\n\n## Public\n\nShown.\n".to_string(),
        format!("Many tags: {many_tags}\n\n- [x] task\n\n<p id=\"k\">x</p>\n"),
        "<script>\n*a*\n</script>\n\n*a*a*a\n".to_string(),
        String::new(),
    ];
    for text in &documents {
        let lines = LineIndex::new(text);
        let name = |id: &str| Some(format!("Name of {id}"));
        for raw_html in [RawHtmlPolicy::Sanitize, RawHtmlPolicy::Escape] {
            let input = Input {
                text,
                body: 0..text.len(),
                lines: &lines,
                article_path: "articles/support/a.md",
                index: &Index,
                urls: &Index,
                audience_name: &name,
                audience_label: AUDIENCE_LABEL,
                raw_html,
                variables: &Default::default(),
                snippets: &super::include::NoSnippets,
            };
            for with_html in [true, false] {
                let listed = super::writer::Writer::new(&input, with_html).run();
                let streamed = super::writer::Writer::new(&input, with_html)
                    .streamed_above(0)
                    .run();
                assert_eq!(streamed, listed, "{raw_html:?} html: {with_html}\n{text}");
            }
        }
    }
}
