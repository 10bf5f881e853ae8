//! `themes/default/static/search-markdown.js` in a real headless Chromium (chromedriver over
//! WebDriver): Markdown made plain text for search results, an article's Markdown copy cut into
//! sections from their bytes (setext headings, headings with attributes, a code fence holding
//! `# not a heading`, the intro, no copy at all), both in linear time on a 1 MB article
//! (`tests/search_documents_browser.rs` loads the documents through search-index.js).
//!
//! Needs `chromium` and `chromedriver` (Debian: `chromium`, `chromium-driver`); `scripts/test`
//! installs them. Without them these tests fail, saying so: they never pass silently.

#[path = "support/browser.rs"]
mod browser_support;
mod support;

use browser_support::with_browser;
use fantoccini::Client;
use serde_json::{json, Value};

const SCRIPT: &str = include_str!("../themes/default/static/search-markdown.js");

/// Opens a blank page and loads search-markdown.js into it as a script element, as the search
/// page loads it.
async fn blank_page_with_script(client: &Client) {
    client.goto("about:blank").await.unwrap();
    let loaded = client
        .execute(
            "var s = document.createElement('script'); s.textContent = arguments[0];
             document.head.appendChild(s);
             return typeof window.kbpressMarkdown;",
            vec![json!(SCRIPT)],
        )
        .await
        .unwrap();
    assert_eq!(loaded, "object", "search-markdown.js did not load");
}

/// (what, Markdown, plain text): what `plainText` must make of each kind of markup.
const PLAIN: &[(&str, &str, &str)] = &[
    (
        "emphasis, strong and strikethrough",
        "Plain **bold**, *em*, _em_, __strong__, ~~struck~~, ~one~ and ***both***.",
        "Plain bold, em, em, strong, struck, one and both.",
    ),
    (
        "stars and underscores that are not markup stay",
        "snake_case_name, 2 * 3 = 6, *.txt and a lone ** here",
        "snake_case_name, 2 * 3 = 6, *.txt and a lone ** here",
    ),
    (
        "emphasis over two lines of a paragraph",
        "*starts here\nends here*",
        "starts here ends here",
    ),
    (
        "code spans keep their content as it is",
        "Run `ls -la *.md`, ``a ` b``, ` x ` and `<img src=x onerror=alert(1)>` `&amp;` `[a](b)`",
        "Run ls -la *.md, a ` b, x and <img src=x onerror=alert(1)> &amp; [a](b)",
    ),
    (
        "links keep their text, autolinks their address",
        "See [the guide](guide.md#steps \"Title\"), [a (paren) link](https://x.example/a_(b)), \
         <https://x.example/p> and <me@x.example>.",
        "See the guide, a (paren) link, https://x.example/p and me@x.example.",
    ),
    (
        "images keep their alt text",
        "![Flow of a call](img/flow.svg) and ![Roles tab](a.svg \"The Roles tab\")",
        "Flow of a call and Roles tab",
    ),
    (
        "reference links and their definitions",
        "[ref link][r], [R] and [x][] but [not a link].\n\n[r]: https://example.com \"T\"\n[x]: /y",
        "ref link, R and x but [not a link].",
    ),
    (
        "raw HTML stays text, as kbpress shows it on the page",
        "Press <kbd>Ctrl</kbd>+<kbd>C</kbd><br>then <!-- shown --> paste.\n\n\
         <div class=\"warning\">\nA block.\n</div>",
        "Press <kbd>Ctrl</kbd>+<kbd>C</kbd><br>then <!-- shown --> paste. \
         <div class=\"warning\"> A block. </div>",
    ),
    (
        "a comment block with a blank line in it",
        "Before\n\n<!--\nA comment\n\nwith a blank line\n-->\nAfter",
        "Before <!-- A comment with a blank line --> After",
    ),
    (
        "angle brackets that are no tag stay",
        "if a < b and c > d, x<y, and <!-- never closed",
        "if a < b and c > d, x<y, and <!-- never closed",
    ),
    (
        "entities",
        "AT&amp;T &lt;b&gt; &quot;q&quot; it&#39;s a&nbsp;b &#x41; &copy; &unknown; & alone",
        "AT&T <b> \"q\" it's a b A \u{a9} &unknown; & alone",
    ),
    (
        "backslash escapes and hard breaks",
        "\\*not emphasis\\*, \\[not a link\\](x), C:\\path and a hard break\\\nhere",
        "*not emphasis*, [not a link](x), C:\\path and a hard break here",
    ),
    (
        "blockquotes, lists and tasks",
        "> Quoted **text**\n> > nested\n\n1. First\n   - nested item\n2) Second\n\n\
         - [x] done\n- [ ] open\n* star item\n+ plus item",
        "Quoted text nested First nested item Second done open star item plus item",
    ),
    (
        "thematic breaks and setext underlines",
        "Title\n=====\n\nText\n\n---\n\n* * *\n\nSub\n---\nEnd",
        "Title Text Sub End",
    ),
    (
        "ATX headings: closing hashes and attribute blocks",
        "## Steps {#steps audience=direct}\n\n### C# ###\n\n# Tagged # {#t}",
        "Steps C# Tagged",
    ),
    (
        "fenced code stays as text, fence lines go",
        "```sh\n# not a heading\necho **hi** <b>x</b>\n```\n\n~~~\n```\nstill code\n~~~\n\n\
         ````md\n```\n````\nafter",
        "# not a heading echo **hi** <b>x</b> ``` still code ``` after",
    ),
    (
        "tables: pipes and the delimiter row go",
        "| Setting | Value |\n| :--- | ---: |\n| Ring time | 20 **s** |\n| Pipe \\| in `code` | x |\n\n\
         After | no table",
        "Setting Value Ring time 20 s Pipe | in code x After | no table",
    ),
    (
        "footnotes: references go, definitions keep their text",
        "Text with a note.[^1] And [^missing].\n\n[^1]: The note's **text**.",
        "Text with a note. And [^missing]. The note's text.",
    ),
    (
        "alerts",
        "> [!WARNING]\n> Be careful.",
        "Warning Be careful.",
    ),
    (
        "whitespace collapses, CRLF is a line break",
        "  a \t b\r\n\r\n\n c\u{a0} ",
        "a b c",
    ),
    (
        "unclosed markup stays",
        "[unclosed link](no end and `unclosed code and **unclosed",
        "[unclosed link](no end and `unclosed code and **unclosed",
    ),
    ("nothing", "", ""),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_text_drops_the_markup_and_keeps_what_a_reader_reads() {
    with_browser(move |client| async move {
        blank_page_with_script(&client).await;
        let inputs: Vec<&str> = PLAIN.iter().map(|(_, markdown, _)| *markdown).collect();
        let outputs = client
            .execute(
                "return arguments[0].map(function (m) { return window.kbpressMarkdown.plainText(m); });",
                vec![json!(inputs)],
            )
            .await
            .unwrap();
        let wrong: Vec<String> = PLAIN
            .iter()
            .zip(outputs.as_array().unwrap())
            .filter(|((_, _, expected), got)| got != expected)
            .map(|((what, markdown, expected), got)| {
                format!("{what}:\n  markdown {markdown:?}\n  expected {expected:?}\n  got      {got}")
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    })
    .await;
}

/// An article's Markdown copy, as the build writes it (line numbers in the comments).
const COPY: &str = "# Refunds
\n> Get your money back, **fast**.
\nIntro with **bold** and a [link](../x/index.md).
\n## Steps {#steps audience=direct}
\n1. Open **Billing**.
\n```sh
# not a heading
refund --all
```
\nIf it fails
-----------
\nCall us at <b>0800</b>.
\n### Closing ###
Last words.
";
// Lines: 1 `# Refunds`, 3 summary, 5 intro, 7 `## Steps`, 9 the list, 11-14 the fence, 16-17 the
// setext heading, 19 its text, 21 `### Closing ###`, 22 its text.

fn card(sections: Value) -> Value {
    json!({
        "url": "/kb/billing/refunds/",
        "title": "Refunds",
        "summary": "Get your money back, **fast**.",
        "markdown": "/kb/billing/refunds/index.md",
        "sections": sections,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_of_a_markdown_copy_is_cut_into_sections_at_their_bytes() {
    with_browser(move |client| async move {
        blank_page_with_script(&client).await;
        let lines: Vec<&str> = COPY.lines().collect();
        assert_eq!(
            (lines[6], lines[11], lines[15], lines[20]),
            (
                "## Steps {#steps audience=direct}",
                "# not a heading",
                "If it fails",
                "### Closing ###"
            ),
            "the test's own line numbers"
        );
        let sections = [
            ["", "", "Intro with bold and a link."],
            ["steps", "Steps", "Open Billing. # not a heading refund --all"],
            ["if-it-fails", "If it fails", "Call us at <b>0800</b>."],
            ["closing", "Closing", "Last words."],
        ];
        // Where each section starts, in bytes, as the card says: the intro at the blank line
        // 4, a setext heading at its text's line (as `CopyLayout` writes it).
        let line_start = |line: usize| -> usize { lines[..line - 1].iter().map(|l| l.len() + 1).sum() };
        let starts = [4, 7, 16, 21].map(line_start);
        let entries: Vec<Value> = (sections.iter().zip(starts))
            .map(|(section, start)| json!([section[0], start]))
            .collect();
        // A window from each section's start holds it and those after it.
        for chosen in 0..sections.len() {
            let document = client
                .execute(
                    "return window.kbpressMarkdown.searchDocument(arguments[0], arguments[1], arguments[2]);",
                    vec![card(json!(entries)), json!(chosen), json!(&COPY[starts[chosen]..])],
                )
                .await
                .unwrap();
            let shown: Vec<Value> = (sections.iter().enumerate())
                .map(|(i, s)| if i < chosen { json!([s[0], "", ""]) } else { json!(s) })
                .collect();
            let expected = json!({
                "url": "/kb/billing/refunds/",
                "title": "Refunds",
                "summary": "Get your money back, **fast**.",
                "sections": shown,
            });
            assert_eq!(document, expected, "from section {chosen}");
        }
        // A window cut inside a section: the sections after it have no text.
        let cut = starts[1] + COPY[starts[1]..].find("refund").unwrap() + 2;
        let document = client
            .execute(
                "return window.kbpressMarkdown.searchDocument(arguments[0], 1, arguments[1]);",
                vec![card(json!(entries)), json!(&COPY[starts[1]..cut])],
            )
            .await
            .unwrap();
        assert_eq!(
            document["sections"],
            json!([["", "", ""], ["steps", "Steps", "Open Billing. # not a heading re"], ["if-it-fails", "", ""], ["closing", "", ""]])
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_markdown_copy_a_result_has_its_title_summary_and_anchors_only() {
    with_browser(move |client| async move {
        blank_page_with_script(&client).await;
        let no_copy = card(json!([["", 30], ["steps", 70]]));
        let document = client
            .execute(
                "return window.kbpressMarkdown.searchDocument(arguments[0], 1, null);",
                vec![no_copy],
            )
            .await
            .unwrap();
        assert_eq!(
            document,
            json!({
                "url": "/kb/billing/refunds/",
                "title": "Refunds",
                "summary": "Get your money back, **fast**.",
                "sections": [["", "", ""], ["steps", "", ""]],
            })
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_megabyte_article_takes_linear_time() {
    with_browser(move |client| async move {
        blank_page_with_script(&client).await;
        // Each input is 1 MB. A quadratic step would take minutes on any of them; linear ones
        // take well under a second.
        let script = "
            var md = window.kbpressMarkdown;
            var size = 1000000;
            function fill(unit) { return unit.repeat(Math.ceil(size / unit.length)); }
            var section = '## Heading {#h}\\n\\nSome **bold** and *emphasis* with a [link](https://x.example/a_(b)), ' +
              '`code`, &amp; <b>a tag</b> and snake_case.\\n\\n| a | b |\\n|---|---|\\n| c | d |\\n\\n' +
              '```\\ncode\\n```\\n\\n- item\\n- [ ] task\\n> quote\\n\\n';
            var article = '# Title\\n\\n> Summary\\n\\n' + fill(section);
            var inputs = {
              article: article, brackets: fill('[]('), openBrackets: fill('['), closeBrackets: fill(']'),
              tags: fill('<a b=\"x\" '), nestedQuotes: fill('<a b=\\'<a c=\"<a '), comments: fill('<!--'),
              ticks: fill('`` ` '), stars: fill('*a '), underscores: fill('_a '), tildes: fill('~a '),
              references: fill('[a][b'), footnotes: fill('[^a'), entities: fill('&am'), autolinks: fill('<a:b'),
              spaces: fill(' \\t'), lines: fill('a\\n'), tableRows: fill('| a |\\n|---|\\n'), fences: fill('```\\n'),
              // One line each: a definition deep in quotes, a delimiter row that almost matches.
              quotedDefinition: fill('> ') + 'x]:', delimiterSpaces: 'a | b\\n' + fill(' ') + '-|x'
            };
            var times = {};
            Object.keys(inputs).forEach(function (name) {
              var start = performance.now();
              md.plainText(inputs[name]);
              times[name] = Math.round(performance.now() - start);
            });
            // One section of 1 MB (the results page fetches one section, capped, but a
            // script may be handed more).
            var first = article.indexOf('## ');
            var sections = [['', 20], ['h', first]];
            var start = performance.now();
            var doc = md.searchDocument({url: '/kb/a/', title: 'A', markdown: '/kb/a/index.md', sections: sections}, 1, article.slice(first));
            times.sections = Math.round(performance.now() - start);
            if (doc.sections.length !== 2 || doc.sections[1][1] !== 'Heading' || doc.sections[1][2].length < 500000) return 'bad sections';
            return times;";
        let times = client.execute(script, vec![]).await.unwrap();
        let times = times.as_object().unwrap_or_else(|| panic!("{times}"));
        let slow: Vec<String> = times
            .iter()
            .filter(|(_, ms)| ms.as_u64().unwrap() > 3000)
            .map(|(name, ms)| format!("{name}: {ms} ms"))
            .collect();
        assert!(slow.is_empty(), "not linear: {slow:?} (all: {times:?})");
    })
    .await;
}
