//! Raw HTML in articles (`<kbd>`, `<br>`, `<details>`, HTML tables, `<a id>`): kept through an
//! allowlist, or escaped as text when `site.toml` says `[markdown] raw_html = "escape"`.
//!
//! Two halves share one allowlist ([`TAGS`], [`GENERIC_ATTRIBUTES`], the URL rule
//! [`removed_scheme`]):
//! - [`sanitize`] cleans written HTML with ammonia (html5ever's tree builder: unclosed and
//!   misnested tags are balanced, comments dropped, scripts and styles dropped with their content);
//! - [`inspect`] reads one raw HTML fragment of the source with html5ever's tokenizer and names
//!   what the sanitizer removes (for `raw-html`), with its offset in the fragment, plus the kept
//!   links, images and anchors (for the link and anchor checks) and the comments (cut from the
//!   Markdown copy).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};

/// What a site does with raw HTML in articles: `[markdown] raw_html` in `site.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtmlPolicy {
    /// Keep what the allowlist allows, drop the rest (the default).
    #[default]
    Sanitize,
    /// Show every tag as text, as kbpress did before it sanitized.
    Escape,
}

/// The tags kept, each with the attributes it may carry besides [`GENERIC_ATTRIBUTES`]. Besides
/// what articles need, this holds what the writer itself emits (`h1`, `del`, `role`,
/// `aria-label`, table alignment), since a body with raw HTML is cleaned whole.
pub const TAGS: &[(&str, &[&str])] = &[
    ("a", &["href", "title", "name", "aria-label"]),
    ("abbr", &["title"]),
    ("b", &[]),
    ("blockquote", &[]),
    ("br", &[]),
    ("caption", &[]),
    ("code", &[]),
    ("dd", &[]),
    ("del", &[]),
    ("details", &["open"]),
    ("div", &["role"]),
    ("dl", &[]),
    ("dt", &[]),
    ("em", &[]),
    ("figcaption", &[]),
    ("figure", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("hr", &[]),
    ("i", &[]),
    ("img", &["src", "alt", "title", "width", "height"]),
    ("kbd", &[]),
    ("li", &[]),
    ("mark", &[]),
    ("ol", &["start"]),
    ("p", &[]),
    ("pre", &[]),
    ("s", &[]),
    ("small", &[]),
    ("span", &[]),
    ("strong", &[]),
    ("sub", &[]),
    ("summary", &[]),
    ("sup", &[]),
    ("table", &[]),
    ("tbody", &[]),
    ("td", &["colspan", "rowspan", "style"]),
    ("tfoot", &[]),
    ("th", &["colspan", "rowspan", "scope", "style"]),
    ("thead", &[]),
    ("tr", &[]),
    ("u", &[]),
    ("ul", &[]),
];

/// Attributes every kept tag may carry. `class` only styles (the theme's own classes at worst);
/// `id` makes anchors.
pub const GENERIC_ATTRIBUTES: &[&str] = &["id", "class"];

/// Tags removed together with their content (ammonia's default): the rest lose only the tag.
const CONTENT_REMOVED: &[&str] = &["script", "style"];

/// The `style` properties kept (on table cells, where pulldown-cmark writes column alignment).
const STYLE_PROPERTIES: &[&str] = &["text-align"];

/// URL schemes kept in `href` and `src` (ammonia's list plus `data`, which [`removed_scheme`]
/// then narrows to images, as for Markdown images); relative URLs are kept too.
const URL_SCHEMES: &[&str] = &[
    "bitcoin",
    "data",
    "ftp",
    "ftps",
    "geo",
    "http",
    "https",
    "im",
    "irc",
    "ircs",
    "magnet",
    "mailto",
    "mms",
    "mx",
    "news",
    "nntp",
    "openpgp4fpr",
    "sip",
    "sms",
    "smsto",
    "ssh",
    "tel",
    "url",
    "webcal",
    "wtai",
    "xmpp",
];

/// A disabled checkbox, written by the writer for task lists. ammonia would keep any `<input>`
/// if it were allowed, so the writer's checkboxes cross the sanitizer as these placeholders
/// (private-use characters) and are put back after it.
pub const TASK_DONE: &str = "\u{e000}kbpress-task-done\u{e000}";
pub const TASK_OPEN: &str = "\u{e000}kbpress-task-open\u{e000}";
pub const TASK_DONE_HTML: &str =
    "<input type=\"checkbox\" disabled checked aria-label=\"Task done\"> ";
pub const TASK_OPEN_HTML: &str = "<input type=\"checkbox\" disabled aria-label=\"Task done\"> ";

/// Every HTML element name (current and obsolete, and `svg`/`math`), for [`is_placeholder`].
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "bgsound",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "ins",
    "isindex",
    "kbd",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "listing",
    "main",
    "map",
    "mark",
    "marquee",
    "math",
    "menu",
    "menuitem",
    "meta",
    "meter",
    "nav",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "spacer",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
];

/// Whether inline raw HTML `fragment` is a tag whose name no HTML element has (`<token>`,
/// `</your-name>`, `<file_path>`): a placeholder in prose, which the writer shows as text
/// instead of handing to the sanitizer (which would drop it, and the text with it).
pub fn is_placeholder(fragment: &str) -> bool {
    let name = fragment
        .strip_prefix("</")
        .or_else(|| fragment.strip_prefix('<'))
        .unwrap_or("");
    let end = name
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(name.len());
    let name = &name[..end];
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && !HTML_ELEMENTS.contains(&name.to_ascii_lowercase().as_str())
}

/// The scheme of a URL that raw HTML may not keep in `href`/`src`: the writer's rule for
/// Markdown links ([`super::links::unsafe_scheme`]) and ammonia's scheme allowlist.
pub fn removed_scheme(url: &str) -> Option<String> {
    if let Some(scheme) = super::links::unsafe_scheme(url) {
        return Some(scheme);
    }
    let parsed = url::Url::parse(url).ok()?;
    (!URL_SCHEMES.contains(&parsed.scheme())).then(|| parsed.scheme().to_string())
}

/// Cleans `html` (written HTML holding raw HTML) with the allowlist; `urls` maps a relative
/// `href`/`src` as written to the URL the page uses (the target's page or copied file).
pub fn sanitize(html: &str, urls: HashMap<String, String>) -> String {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(TAGS.iter().map(|(tag, _)| *tag).collect())
        .tag_attributes(
            TAGS.iter()
                .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
                .collect(),
        )
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .clean_content_tags(CONTENT_REMOVED.iter().copied().collect())
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect::<HashSet<_>>())
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(move |_element, attribute, value| {
            // A checkbox placeholder swallowed into an attribute value (raw HTML with an
            // unclosed quote before a task list) is dropped: put back there, the checkbox's
            // own quotes would end the value (found by the article fuzzer).
            let value: std::borrow::Cow<str> = match value.contains('\u{e000}') {
                true => value.replace(TASK_DONE, "").replace(TASK_OPEN, "").into(),
                false => value.into(),
            };
            match attribute {
                "href" | "src" if removed_scheme(&value).is_some() => None,
                "href" | "src" => match urls.get(value.as_ref()) {
                    Some(url) => Some(url.clone().into()),
                    None => Some(value.into_owned().into()),
                },
                _ => Some(value.into_owned().into()),
            }
        });
    let clean = builder.clean(html).to_string();
    clean
        .replace(TASK_DONE, TASK_DONE_HTML)
        .replace(TASK_OPEN, TASK_OPEN_HTML)
}

/// A `href` or `src` kept in raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundUrl {
    /// Byte range of the value's attribute in the fragment.
    pub at: Range<usize>,
    pub value: String,
    /// `img src` (with its `alt`) or `a href`.
    pub image: Option<String>,
}

/// What one raw HTML fragment holds: see the module comment.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// What the sanitizer removes: byte range in the fragment and a description.
    pub removed: Vec<(Range<usize>, String)>,
    pub urls: Vec<FoundUrl>,
    /// `id` values, and `name` of `<a>`, of kept tags.
    pub anchors: Vec<String>,
    /// Byte ranges of comments.
    pub comments: Vec<Range<usize>>,
    /// How many start tags it has.
    pub start_tags: usize,
}

/// Start tags of raw HTML one article may have; past it, its raw HTML is shown as text (see
/// `Writer::escape_all_raw_html`). Articles have tens; 10,000 nested tags sanitize in 0.6 s.
pub const MAX_TAGS: usize = 10_000;

/// Reads `fragment` (an inline tag, or a whole HTML block) token by token.
pub fn inspect(fragment: &str) -> Inspection {
    let tokens = tokens(fragment);
    let lower = fragment.to_ascii_lowercase();
    let mut found = Inspection::default();
    let mut cursor = 0;
    let find = |needle: &str, from: usize| {
        lower[from.min(lower.len())..]
            .find(needle)
            .map(|at| from + at)
    };
    for token in tokens {
        match token {
            // A bogus comment (`</$>`, `<?x>`) is a comment token too, with no `<!--`: it is
            // dropped like one but not located, and the cursor stays put (it used to jump to
            // the end, and the tags after it were placed past the end: a fuzzer-found panic).
            // The comment nearest the cursor: a real one (`<!--`) runs to `-->`. Searching only
            // for `<!--` took a later real comment for this bogus one (fuzzer: `<?s><g><!--`).
            Token::CommentToken(_) => {
                let real = find("<!--", cursor);
                let bogus = ["<?", "<!", "</"]
                    .iter()
                    .filter_map(|opener| find(opener, cursor))
                    .min();
                if let Some(start) = real.filter(|&r| bogus.is_none_or(|b| r <= b)) {
                    let end = find("-->", start + 4).map_or(fragment.len(), |end| end + 3);
                    found.comments.push(start..end);
                    cursor = end;
                } else if let Some(start) = bogus {
                    cursor = find(">", start).map_or(fragment.len(), |end| end + 1);
                }
            }
            Token::TagToken(tag) if tag.kind == TagKind::EndTag => {
                if let Some(at) = find(&format!("</{}", &*tag.name), cursor) {
                    cursor = at + 2;
                }
            }
            Token::TagToken(tag) => {
                found.start_tags += 1;
                let name: &str = &tag.name;
                // The tokenizer may have changed the name (a NUL in it becomes U+FFFD), so that it
                // is not in the text: then the tag is placed at the cursor, which stays put.
                // Moving it on regardless walked past the end (found by the fuzzer: a panic).
                let start = match find(&format!("<{name}"), cursor) {
                    Some(start) => {
                        cursor = start + 1;
                        start
                    }
                    None => cursor,
                };
                let tag_end = find(">", start).map_or(fragment.len(), |end| end + 1);
                inspect_tag(&tag, start, &lower[start..tag_end], &mut found);
            }
            _ => {}
        }
    }
    found
}

fn inspect_tag(tag: &Tag, start: usize, text: &str, found: &mut Inspection) {
    let name: &str = &tag.name;
    // The name as written: the tokenizer's may be longer (a NUL in it becomes the 3-byte
    // U+FFFD), and a range past the tag's text pointed past the end of the article (a panic
    // found by the article fuzzer).
    let written = text.get(1..).unwrap_or("");
    let name_length = written
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(written.len());
    let name_range = start..start + (1 + name_length).min(text.len());
    let Some((_, allowed)) = TAGS.iter().find(|(kept, _)| *kept == name) else {
        let what = if CONTENT_REMOVED.contains(&name) {
            format!("`<{name}>` removed with its content")
        } else {
            format!("`<{name}>` removed")
        };
        found.removed.push((name_range, what));
        return;
    };
    let alt = tag
        .attrs
        .iter()
        .find(|a| &*a.name.local == "alt")
        .map(|a| a.value.trim().to_string());
    for attribute in &tag.attrs {
        let key: &str = &attribute.name.local;
        let value: &str = &attribute.value;
        let at = text
            .find(&format!(" {key}"))
            .or_else(|| text.find(key))
            .map_or(name_range.clone(), |offset| {
                let offset = start + offset + usize::from(text[offset..].starts_with(' '));
                offset..offset + key.len()
            });
        if !GENERIC_ATTRIBUTES.contains(&key) && !allowed.contains(&key) {
            found
                .removed
                .push((at, format!("`{key}` attribute removed from `<{name}>`")));
            continue;
        }
        match key {
            "href" | "src" => match removed_scheme(value) {
                Some(scheme) => found
                    .removed
                    .push((at, format!("`{scheme}:` URL removed from `<{name} {key}>`"))),
                None => found.urls.push(FoundUrl {
                    at,
                    value: value.to_string(),
                    image: (name == "img").then(|| alt.clone().unwrap_or_default()),
                }),
            },
            "id" => found.anchors.push(value.to_string()),
            "name" if name == "a" => found.anchors.push(value.to_string()),
            _ => {}
        }
    }
}

/// The tokens of `fragment`, with the raw-text elements (`<script>`, `<style>`, ...) read as a
/// browser reads them, so markup inside them is no tag.
fn tokens(fragment: &str) -> Vec<Token> {
    struct Collect(RefCell<Vec<Token>>);
    impl TokenSink for Collect {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            let raw = match &token {
                Token::TagToken(tag) if tag.kind == TagKind::StartTag => match &*tag.name {
                    "script" => Some(RawKind::ScriptData),
                    "style" | "iframe" | "xmp" | "noembed" | "noframes" | "noscript" => {
                        Some(RawKind::Rawtext)
                    }
                    "textarea" | "title" => Some(RawKind::Rcdata),
                    _ => None,
                },
                _ => None,
            };
            if matches!(token, Token::TagToken(_) | Token::CommentToken(_)) {
                self.0.borrow_mut().push(token);
            }
            match raw {
                Some(kind) => TokenSinkResult::RawData(kind),
                None => TokenSinkResult::Continue,
            }
        }
    }
    let input = BufferQueue::default();
    input.push_back(fragment.into());
    let tokenizer = Tokenizer::new(Collect(RefCell::new(Vec::new())), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}
