//! A Zendesk article body (HTML) -> Markdown kbpress reads.
//!
//! The conversion is [htmd]'s (a port of turndown.js: paragraphs, headings, lists, emphasis,
//! code, quotes and tables with a header row become Markdown), with our handlers where kbpress
//! needs more than plain Markdown:
//!
//! - links and images get their URLs from the importer (`Resolve`): other articles become
//!   relative links to their files, attachments the copied assets; an image with a size keeps
//!   it as an `<img>`;
//! - headings keep Zendesk's `id` (`{#h_01H...}`), so `#h_01H...` links still land;
//! - a `<div>` whose class names a callout (`note`, `tip`, `warning`, `callout`...) becomes an
//!   alert (`> [!NOTE]`);
//! - a table Markdown cannot hold (no header row, merged cells, lists or paragraphs in a cell) and
//!   `<details>`, `<figure>`, `<dl>` stay raw HTML, written through kbpress's allowlist
//!   (`markdown::raw_html::TAGS`) so the sanitizer keeps all of it; `<kbd>`, `<sup>`, `<sub>`,
//!   `<u>`, `<mark>`, `<small>`, `<abbr>` stay inline HTML;
//! - `<iframe>`, `<video>`, `<embed>` and `<object>` (videos) become a link to what they showed;
//!   `<script>`, `<style>` and form controls are dropped.
//!
//! What was kept as HTML or replaced is returned as [`Event`]s for the report; what the
//! allowlist removes is found on the source by `raw_html::inspect` (see `zendesk.rs`).
//!
//! Why htmd: maintained, it passes turndown's test cases, converts tables, and takes a handler
//! per tag, which the links, images, callouts and kept HTML above need. `html2md` is GPL, and
//! `mdka` has fixed conversion modes without handlers per tag.

use std::rc::Rc;
use std::sync::{Arc, Mutex};

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::options::{BrStyle, BulletListMarker, HrStyle, Options};
use htmd::{Element, HtmlToMarkdown};
use markup5ever_rcdom::{Node, NodeData};

use crate::markdown::raw_html::{GENERIC_ATTRIBUTES, TAGS};

/// A URL of the body -> the URL to write; `None` drops it (an unsafe scheme).
pub type Resolve = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Something the conversion did not turn into plain Markdown, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A `<table>` kept as HTML (why).
    TableKept(&'static str),
    /// `<details>`, `<figure>`, `<dl>` kept as HTML.
    BlockKept(String),
    /// An embed (`<iframe>`...) replaced by a link to its `src` (tag, URL).
    EmbedLinked(String, String),
    /// An embed without a usable source, dropped.
    EmbedDropped(String),
    /// A callout `<div>` turned into an alert (its kind).
    Callout(&'static str),
    /// A table converted to Markdown.
    Table,
}

/// Tags dropped with their content: never published by kbpress (nor shown by Zendesk unless
/// unsafe HTML is allowed), or form controls whose text is no prose.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "math", "select",
    "textarea", "button", "input",
];

/// Inline tags kept as HTML: Markdown has no syntax for them and the allowlist keeps them.
const INLINE_KEPT: &[&str] = &["kbd", "sup", "sub", "u", "mark", "small", "abbr"];

/// Block tags kept as HTML, whole.
const BLOCKS_KEPT: &[&str] = &["details", "figure", "dl"];

/// Embedding tags: a link to what they show replaces them.
const EMBEDS: &[&str] = &["iframe", "video", "embed", "object", "audio"];

/// Callout kinds by a word of the class attribute (Zendesk themes and editors name their
/// callouts `callout--warning`, `alert-info`, `note`...).
fn callout_kind(class: &str) -> Option<&'static str> {
    let words: Vec<&str> = class
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |names: &[&str]| {
        words
            .iter()
            .any(|w| names.contains(&w.to_ascii_lowercase().as_str()))
    };
    if has(&["warning", "warn"]) {
        Some("WARNING")
    } else if has(&["danger", "error", "caution"]) {
        Some("CAUTION")
    } else if has(&["important"]) {
        Some("IMPORTANT")
    } else if has(&["tip", "success", "hint"]) {
        Some("TIP")
    } else if has(&["note", "info", "callout", "alert", "notice"]) {
        Some("NOTE")
    } else {
        None
    }
}

fn attribute(element: &Element, name: &str) -> Option<String> {
    element
        .attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.to_string())
}

/// A Markdown link destination: `<...>` when it has spaces or parentheses.
fn destination(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

/// Text inside `[...]` of a link or image.
fn bracketed(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn tag_of(node: &Node) -> Option<String> {
    match &node.data {
        NodeData::Element { name, .. } => Some(name.local.to_string()),
        _ => None,
    }
}

fn parent_of(node: &Node) -> Option<Rc<Node>> {
    // rcdom keeps the parent in a `Cell`: taken to read it, then put back.
    let weak = node.parent.take();
    let parent = weak.as_ref().and_then(|weak| weak.upgrade());
    node.parent.set(weak);
    parent
}

fn inside_table_cell(node: &Node) -> bool {
    let mut current = parent_of(node);
    while let Some(parent) = current {
        if matches!(tag_of(&parent).as_deref(), Some("td" | "th")) {
            return true;
        }
        current = parent_of(&parent);
    }
    false
}

/// `text-align: right` from a `style` value, the only property a kept cell's style keeps.
fn text_align(style: &str) -> Option<String> {
    style.split(';').find_map(|declaration| {
        let (property, value) = declaration.split_once(':')?;
        let value = value.trim().to_ascii_lowercase();
        (property.trim().eq_ignore_ascii_case("text-align")
            && matches!(value.as_str(), "left" | "right" | "center" | "justify"))
        .then(|| format!("text-align: {value}"))
    })
}

/// The text of `node` and its descendants, as written (for code).
fn text_of(node: &Node, out: &mut String) {
    match &node.data {
        NodeData::Text { contents } => out.push_str(&contents.borrow()),
        NodeData::Element { name, .. } if &*name.local == "br" => out.push('\n'),
        _ => {
            for child in node.children.borrow().iter() {
                text_of(child, out);
            }
        }
    }
}

/// `bash` from a `language-bash` (or `lang-bash`) class on the node or a descendant.
fn language_of(node: &Node) -> Option<String> {
    if let NodeData::Element { attrs, .. } = &node.data {
        let class = attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == "class")
            .map(|a| a.value.to_string());
        let language = class.as_deref().and_then(|class| {
            class.split_whitespace().find_map(|word| {
                word.strip_prefix("language-")
                    .or_else(|| word.strip_prefix("lang-"))
                    .filter(|l| {
                        l.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '+')
                    })
                    .map(str::to_string)
            })
        });
        if language.is_some() {
            return language;
        }
    }
    node.children
        .borrow()
        .iter()
        .find_map(|child| language_of(child))
}

/// Writes `node` as HTML through kbpress's allowlist: other tags lose their tag (their content
/// stays), attributes not allowed are left out, URLs are resolved. No blank line is written
/// (one would end the HTML block in Markdown).
fn write_html(node: &Rc<Node>, resolve: &Resolve, in_pre: bool, out: &mut String) {
    match &node.data {
        NodeData::Text { contents } => {
            let text = contents.borrow();
            if in_pre {
                out.push_str(&escape_text(&text).replace("\n\n", "\n&#10;"));
            } else {
                let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let spaced = match (
                    text.starts_with(char::is_whitespace),
                    text.ends_with(char::is_whitespace),
                ) {
                    _ if collapsed.is_empty() => String::new(),
                    (true, true) => format!(" {collapsed} "),
                    (true, false) => format!(" {collapsed}"),
                    (false, true) => format!("{collapsed} "),
                    (false, false) => collapsed,
                };
                out.push_str(&escape_text(&spaced));
            }
        }
        NodeData::Element { name, attrs, .. } => {
            let tag: &str = &name.local;
            if DROPPED.contains(&tag) || EMBEDS.contains(&tag) {
                return;
            }
            let allowed = TAGS.iter().find(|(kept, _)| *kept == tag);
            if let Some((_, allowed)) = allowed {
                out.push('<');
                out.push_str(tag);
                for attribute in attrs.borrow().iter() {
                    let key: &str = &attribute.name.local;
                    if !(GENERIC_ATTRIBUTES.contains(&key) || allowed.contains(&key)) {
                        continue;
                    }
                    let value = match key {
                        "href" | "src" => match resolve(&attribute.value) {
                            Some(url) => url,
                            None => continue,
                        },
                        // The allowlist keeps a cell's `style` reduced to its alignment.
                        "style" => match text_align(&attribute.value) {
                            Some(style) => style,
                            None => continue,
                        },
                        _ => attribute.value.to_string(),
                    };
                    out.push_str(&format!(" {key}=\"{}\"", escape_attribute(&value)));
                }
                out.push('>');
                if matches!(tag, "br" | "hr" | "img") {
                    return;
                }
            }
            let pre = in_pre || tag == "pre";
            for child in node.children.borrow().iter() {
                write_html(child, resolve, pre, out);
            }
            if allowed.is_some() {
                out.push_str(&format!("</{tag}>"));
                if matches!(
                    tag,
                    "table"
                        | "thead"
                        | "tbody"
                        | "tfoot"
                        | "tr"
                        | "caption"
                        | "p"
                        | "ul"
                        | "ol"
                        | "li"
                        | "div"
                        | "figure"
                        | "figcaption"
                        | "details"
                        | "summary"
                        | "dl"
                        | "dt"
                        | "dd"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "blockquote"
                ) {
                    out.push('\n');
                }
            }
        }
        _ => {
            for child in node.children.borrow().iter() {
                write_html(child, resolve, in_pre, out);
            }
        }
    }
}

fn html_block(node: &Rc<Node>, resolve: &Resolve) -> String {
    let mut html = String::new();
    write_html(node, resolve, false, &mut html);
    let lines: Vec<&str> = html
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.trim().is_empty())
        .collect();
    format!("\n\n{}\n\n", lines.join("\n"))
}

/// Why a table cannot be a Markdown table, if it cannot: Markdown tables have one header row,
/// no merged cells and one line of inline text per cell.
fn table_problem(node: &Rc<Node>) -> Option<&'static str> {
    fn walk(node: &Rc<Node>, root: bool, found: &mut (bool, Option<&'static str>)) {
        for child in node.children.borrow().iter() {
            let NodeData::Element { name, attrs, .. } = &child.data else {
                continue;
            };
            let tag: &str = &name.local;
            if found.1.is_some() {
                return;
            }
            match tag {
                "th" | "thead" => found.0 = true,
                "table" if !root => found.1 = Some("a table inside a table"),
                "ul" | "ol" | "pre" | "blockquote" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                | "div" | "dl" | "details" | "figure" | "hr" => {
                    found.1 = Some("a cell holds lists, code blocks or other blocks")
                }
                _ => {}
            }
            let paragraphs = child
                .children
                .borrow()
                .iter()
                .filter(|c| tag_of(c).as_deref() == Some("p"))
                .count();
            if matches!(tag, "td" | "th") && paragraphs > 1 {
                found.1 = Some("a cell holds several paragraphs");
            }
            if matches!(tag, "td" | "th")
                && attrs.borrow().iter().any(|a| {
                    matches!(&*a.name.local, "colspan" | "rowspan") && a.value.trim() != "1"
                })
            {
                found.1 = Some("merged cells (colspan, rowspan)");
            }
            walk(child, false, found);
        }
    }
    let mut found = (false, None);
    walk(node, true, &mut found);
    match found {
        (_, Some(problem)) => Some(problem),
        (false, None) => Some("no header row"),
        (true, None) => None,
    }
}

/// Converts `html`; `resolve` gives each link's and image's URL.
pub fn convert(html: &str, resolve: Resolve) -> (String, Vec<Event>) {
    let events: Arc<Mutex<Vec<Event>>> = Arc::default();
    let record = |events: &Arc<Mutex<Vec<Event>>>, event: Event| {
        if let Ok(mut list) = events.lock() {
            list.push(event);
        }
    };
    let converter = HtmlToMarkdown::builder()
        .options(Options {
            bullet_list_marker: BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            br_style: BrStyle::Backslash,
            hr_style: HrStyle::Dashes,
            ..Options::default()
        })
        .skip_tags(DROPPED.to_vec())
        .add_handler(vec!["a"], {
            let resolve = resolve.clone();
            move |handlers: &dyn Handlers, element: Element| -> Option<HandlerResult> {
                let text = handlers.walk_children(element.node).content;
                let text = text.trim();
                let Some(href) = attribute(&element, "href") else {
                    // A named anchor (`<a id>`, `<a name>`): kept, so links to it land.
                    let anchor = attribute(&element, "id").or_else(|| attribute(&element, "name"));
                    return Some(match anchor {
                        Some(anchor) => {
                            format!("<a id=\"{}\"></a>{text}", escape_attribute(&anchor)).into()
                        }
                        None => text.to_string().into(),
                    });
                };
                match resolve(&href) {
                    Some(url) if !text.is_empty() => {
                        let title = attribute(&element, "title")
                            .map(|t| format!(" \"{}\"", t.replace('"', "\\\"")))
                            .unwrap_or_default();
                        Some(format!("[{text}]({}{title})", destination(&url)).into())
                    }
                    _ => Some(text.to_string().into()),
                }
            }
        })
        .add_handler(vec!["img"], {
            let resolve = resolve.clone();
            move |_: &dyn Handlers, element: Element| -> Option<HandlerResult> {
                let src = resolve(&attribute(&element, "src")?)?;
                let alt = attribute(&element, "alt").unwrap_or_default();
                let width = attribute(&element, "width");
                let height = attribute(&element, "height");
                if width.is_some() || height.is_some() {
                    let mut html = format!(
                        "<img src=\"{}\" alt=\"{}\"",
                        escape_attribute(&src),
                        escape_attribute(&alt)
                    );
                    for (name, value) in [("width", width), ("height", height)] {
                        if let Some(value) = value {
                            html.push_str(&format!(" {name}=\"{}\"", escape_attribute(&value)));
                        }
                    }
                    html.push('>');
                    return Some(html.into());
                }
                let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
                Some(format!("![{}]({})", bracketed(&alt), destination(&src)).into())
            }
        })
        .add_handler(
            vec!["h1", "h2", "h3", "h4", "h5", "h6"],
            |handlers: &dyn Handlers, element: Element| -> Option<HandlerResult> {
                let level: usize = element.tag[1..].parse().unwrap_or(2);
                let text = handlers.walk_children(element.node).content;
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if text.is_empty() {
                    return Some("".into());
                }
                let id = attribute(&element, "id").filter(|id| {
                    !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                });
                let id = id.map(|id| format!(" {{#{id}}}")).unwrap_or_default();
                Some(format!("\n\n{} {text}{id}\n\n", "#".repeat(level)).into())
            },
        )
        .add_handler(vec!["table"], {
            let resolve = resolve.clone();
            let events = events.clone();
            move |handlers: &dyn Handlers, element: Element| -> Option<HandlerResult> {
                match table_problem(element.node) {
                    Some(problem) => {
                        record(&events, Event::TableKept(problem));
                        Some(html_block(element.node, &resolve).into())
                    }
                    None => {
                        record(&events, Event::Table);
                        handlers.fallback(element)
                    }
                }
            }
        })
        .add_handler(BLOCKS_KEPT.to_vec(), {
            let resolve = resolve.clone();
            let events = events.clone();
            move |_: &dyn Handlers, element: Element| -> Option<HandlerResult> {
                record(&events, Event::BlockKept(element.tag.to_string()));
                Some(html_block(element.node, &resolve).into())
            }
        })
        // `<pre>`, with or without a `<code>` inside (Zendesk's editor writes both): a fenced
        // block of its text, the language from a `language-*` class.
        .add_handler(
            vec!["pre"],
            |_: &dyn Handlers, element: Element| -> Option<HandlerResult> {
                let mut text = String::new();
                text_of(element.node, &mut text);
                let text = text.trim_matches('\n');
                if text.trim().is_empty() {
                    return Some("".into());
                }
                let language = language_of(element.node).unwrap_or_default();
                let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                Some(format!("\n\n{fence}{language}\n{text}\n{fence}\n\n").into())
            },
        )
        // A line break in a Markdown table cell must be HTML: the cell is one line.
        .add_handler(
            vec!["br"],
            |handlers: &dyn Handlers, element: Element| -> Option<HandlerResult> {
                if inside_table_cell(element.node) {
                    Some("<br>".into())
                } else {
                    handlers.fallback(element)
                }
            },
        )
        .add_handler(
            INLINE_KEPT.to_vec(),
            |handlers: &dyn Handlers, element: Element| -> Option<HandlerResult> {
                let text = handlers.walk_children(element.node).content;
                let title = match (element.tag, attribute(&element, "title")) {
                    ("abbr", Some(title)) => format!(" title=\"{}\"", escape_attribute(&title)),
                    _ => String::new(),
                };
                Some(format!("<{0}{title}>{text}</{0}>", element.tag).into())
            },
        )
        .add_handler(
            vec!["s", "del", "strike"],
            |handlers: &dyn Handlers, element: Element| -> Option<HandlerResult> {
                let text = handlers.walk_children(element.node).content;
                let trimmed = text.trim();
                if trimmed.is_empty() {
                    return Some(text.into());
                }
                Some(format!("~~{trimmed}~~").into())
            },
        )
        .add_handler(vec!["div"], {
            let events = events.clone();
            move |handlers: &dyn Handlers, element: Element| -> Option<HandlerResult> {
                let content = handlers.walk_children(element.node).content;
                let content = content.trim_matches('\n');
                let kind = attribute(&element, "class").and_then(|class| callout_kind(&class));
                let Some(kind) = kind.filter(|_| !content.trim().is_empty()) else {
                    return Some(format!("\n\n{content}\n\n").into());
                };
                record(&events, Event::Callout(kind));
                let mut alert = format!("\n\n> [!{kind}]\n");
                for line in content.lines() {
                    if line.trim().is_empty() {
                        alert.push_str(">\n");
                    } else {
                        alert.push_str(&format!("> {line}\n"));
                    }
                }
                alert.push('\n');
                Some(alert.into())
            }
        })
        .add_handler(EMBEDS.to_vec(), {
            let resolve = resolve.clone();
            let events = events.clone();
            move |_: &dyn Handlers, element: Element| -> Option<HandlerResult> {
                let source = attribute(&element, "src")
                    .or_else(|| attribute(&element, "data"))
                    .or_else(|| {
                        // `<video><source src>` holds its URL in a child.
                        element.node.children.borrow().iter().find_map(|child| {
                            let NodeData::Element { name, attrs, .. } = &child.data else {
                                return None;
                            };
                            (&*name.local == "source")
                                .then(|| {
                                    attrs
                                        .borrow()
                                        .iter()
                                        .find(|a| &*a.name.local == "src")
                                        .map(|a| a.value.to_string())
                                })
                                .flatten()
                        })
                    });
                let url = source
                    .map(|url| match url.strip_prefix("//") {
                        Some(rest) => format!("https://{rest}"),
                        None => url,
                    })
                    .and_then(|url| resolve(&url));
                let Some(url) = url else {
                    record(&events, Event::EmbedDropped(element.tag.to_string()));
                    return Some("".into());
                };
                record(
                    &events,
                    Event::EmbedLinked(element.tag.to_string(), url.clone()),
                );
                let label = attribute(&element, "title")
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| match element.tag {
                        "iframe" | "video" => "Watch the video".to_string(),
                        _ => "Open the embedded content".to_string(),
                    });
                Some(
                    format!(
                        "\n\n[{}]({})\n\n",
                        bracketed(label.trim()),
                        destination(&url)
                    )
                    .into(),
                )
            }
        })
        .build();
    let markdown = converter.convert(html).unwrap_or_default();
    let events = events.lock().map(|list| list.clone()).unwrap_or_default();
    (tidy(&markdown), events)
}

/// Trailing spaces off, at most one blank line in a row, one final newline.
fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 1);
    let mut blank = true;
    for line in markdown.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same() -> Resolve {
        Arc::new(|url: &str| {
            (!url.starts_with("javascript:")).then(|| {
                url.replace(
                    "https://acme.zendesk.com/hc/article_attachments/1/",
                    "../assets/",
                )
            })
        })
    }

    #[test]
    fn prose_lists_code_and_headings_become_markdown() {
        let (markdown, _) = convert(
            "<h2 id=\"h_01AB\">Before you start</h2><p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd> and <strong>wait</strong>.</p>\
             <ul><li>One</li><li>Two</li></ul><pre><code>make all</code></pre><p><s>old</s> <a href=\"javascript:alert(1)\">bad</a></p>",
            same(),
        );
        assert_eq!(
            markdown,
            "## Before you start {#h_01AB}\n\nPress <kbd>Ctrl</kbd>+<kbd>C</kbd> and **wait**.\n\n- One\n- Two\n\n```\nmake all\n```\n\n~~old~~ bad\n"
        );
    }

    #[test]
    fn preformatted_text_is_fenced_with_its_language() {
        let (markdown, _) = convert(
            "<pre><span class=\"k\">let</span> x = 1;<br>let y = 2;</pre>\
             <pre><code class=\"language-bash\">echo ```\n</code></pre>",
            same(),
        );
        assert_eq!(
            markdown,
            "```\nlet x = 1;\nlet y = 2;\n```\n\n````bash\necho ```\n````\n"
        );
    }

    #[test]
    fn tables_with_a_header_become_markdown_and_the_others_stay_html() {
        let (markdown, events) = convert(
            "<table><thead><tr><th>Light</th><th>Means</th></tr></thead><tbody><tr><td>Green</td><td>On<br>steady</td></tr></tbody></table>\
             <table style=\"width: 100%\"><tr><td colspan=\"2\" style=\"color: red\">Both</td></tr>\n\n<tr><td><ul><li>a</li></ul></td><td onclick=\"x()\" style=\"color: red; TEXT-ALIGN: Right\">b</td></tr></table>",
            same(),
        );
        assert!(
            markdown.starts_with(
                "| Light | Means        |\n| ----- | ------------ |\n| Green | On<br>steady |\n\n"
            ),
            "{markdown}"
        );
        assert!(
            markdown.ends_with("<table><tbody><tr><td colspan=\"2\">Both</td></tr>\n<tr><td><ul><li>a</li>\n</ul>\n</td><td style=\"text-align: right\">b</td></tr>\n</tbody>\n</table>\n"),
            "{markdown}"
        );
        assert_eq!(
            events,
            vec![
                Event::Table,
                Event::TableKept("merged cells (colspan, rowspan)")
            ]
        );
    }

    #[test]
    fn callouts_become_alerts_and_embeds_links() {
        let (markdown, events) = convert(
            "<div class=\"callout callout--warning\"><p>Unplug it first.</p><p>Really.</p></div>\
             <div class=\"wrapper\"><p>Plain.</p></div>\
             <iframe src=\"//www.youtube.com/embed/abc\" title=\"Setup video\"></iframe>\
             <p><img src=\"https://acme.zendesk.com/hc/article_attachments/1/front.png\" alt=\"Front\"> \
             <img src=\"https://acme.zendesk.com/hc/article_attachments/1/back.png\" alt=\"Back\" width=\"300\" style=\"border: 1px\"></p>\
             <script>alert(1)</script>",
            same(),
        );
        assert_eq!(
            markdown,
            "> [!WARNING]\n> Unplug it first.\n>\n> Really.\n\nPlain.\n\n[Setup video](https://www.youtube.com/embed/abc)\n\n![Front](../assets/front.png) <img src=\"../assets/back.png\" alt=\"Back\" width=\"300\">\n"
        );
        assert_eq!(
            events,
            vec![
                Event::Callout("WARNING"),
                Event::EmbedLinked("iframe".into(), "https://www.youtube.com/embed/abc".into())
            ]
        );
    }
}
