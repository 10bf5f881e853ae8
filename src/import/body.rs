//! The line walker every page and snippet goes through: it tracks fenced code (nothing inside a
//! fence is converted, so `!!! note` in a code sample stays), finds the block constructs whose
//! content is indented under a marker line (admonitions, content tabs) and converts their
//! content recursively, and hands the other lines to the inline conversions, outside code spans.

use std::collections::BTreeMap;

use super::{abbreviations, admonitions, attributes, blocks, macros, snippets, tabs, Tally};

/// Which Markdown extensions the source site turns on: a construct is converted only when
/// the source tool would have read it as one.
#[derive(Debug, Clone, Default)]
pub struct Features {
    pub admonition: bool,
    pub details: bool,
    pub tabbed: bool,
    pub snippets: bool,
    pub attr_list: bool,
    pub abbreviations: bool,
    pub md_in_html: bool,
    pub emoji: bool,
    pub keys: bool,
    /// The pymdownx.blocks extensions on (`admonition`, `details`, `tab`, `html`, ...).
    pub blocks: Vec<String>,
    /// An include extension kbpress does not convert is on (`mdx_include`'s `{! file !}`,
    /// FastAPI's `{* file *}`): each include is listed.
    pub foreign_includes: bool,
}

pub struct Context<'a> {
    /// The page's path in the source, for the report.
    pub file: &'a str,
    pub tally: &'a mut Tally,
    pub features: &'a Features,
    /// Abbreviation -> its expansion, for this page (its own definitions and auto-appended ones).
    pub abbreviations: &'a BTreeMap<String, String>,
    /// `extra` values as variables, when the macros plugin is on.
    pub variables: Option<&'a BTreeMap<String, String>>,
    pub snippets: &'a mut snippets::Resolver,
    /// Inside a macros `{% raw %}` block: `{{ }}` there is text, not a macro.
    pub raw: bool,
}

#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line in the source file.
    pub number: usize,
    pub text: String,
}

/// The lines of `text`, numbered from `first` (the line after the front matter).
pub fn lines(text: &str, first: usize) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(index, line)| Line {
            number: first + index,
            text: expand_leading_tabs(line),
        })
        .collect()
}

/// Python-Markdown counts a tab in the indentation as four spaces.
fn expand_leading_tabs(line: &str) -> String {
    let rest = line.trim_start_matches([' ', '\t']);
    let indent = &line[..line.len() - rest.len()];
    if !indent.contains('\t') {
        return line.to_string();
    }
    let mut width = 0;
    for c in indent.chars() {
        width = if c == '\t' {
            (width / 4 + 1) * 4
        } else {
            width + 1
        };
    }
    " ".repeat(width) + rest
}

pub fn indent_of(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

pub fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// A fence opening: its character and length.
pub fn fence_open(text: &str) -> Option<(char, usize)> {
    let trimmed = text.trim_start();
    let c = trimmed.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let run = trimmed.chars().take_while(|&x| x == c).count();
    if run < 3 || (c == '`' && trimmed[run..].contains('`')) {
        return None;
    }
    Some((c, run))
}

pub fn fence_closes(text: &str, (c, length): (char, usize)) -> bool {
    let trimmed = text.trim();
    trimmed.len() >= length && trimmed.chars().all(|x| x == c)
}

/// The lines indented under a marker at `indent` from `start`: blank lines and lines indented
/// at least four more. Returns the end (exclusive), trailing blank lines left out.
pub fn block_end(lines: &[Line], start: usize, indent: usize) -> usize {
    let mut end = start;
    let mut last_content = start;
    while end < lines.len() {
        let text = &lines[end].text;
        if !is_blank(text) && indent_of(text) < indent + 4 {
            break;
        }
        end += 1;
        if !is_blank(text) {
            last_content = end;
        }
    }
    last_content
}

/// `lines` without `width` leading spaces (fewer when a line has fewer), and without the
/// blank lines that open the block.
pub fn dedent(lines: &[Line], width: usize) -> Vec<Line> {
    lines
        .iter()
        .skip_while(|line| is_blank(&line.text))
        .map(|line| {
            let cut = indent_of(&line.text).min(width);
            Line {
                number: line.number,
                text: line.text[cut..].to_string(),
            }
        })
        .collect()
}

/// Converts a page body (or a container's content at `depth` > 0) into kbpress Markdown.
pub fn convert(lines: &[Line], context: &mut Context, depth: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut heading_level = 1;
    let mut index = 0;
    while index < lines.len() {
        let line = &lines[index];
        let text = &line.text;
        if let Some(open) = fence {
            if fence_closes(text, open) {
                fence = None;
                out.push(text.clone());
            } else if let Some(inlined) = snippets::in_code(line, context) {
                out.extend(inlined);
            } else if foreign_include(line, context) {
                out.push(text.clone());
            } else {
                out.push(macros::in_code(text, line.number, context));
            }
            index += 1;
            continue;
        }
        if let Some(open) = fence_open(text) {
            fence = Some(open);
            out.push(text.clone());
            index += 1;
            continue;
        }
        let indent = indent_of(text);
        let pad = " ".repeat(indent);
        // Markers count at any indentation: inside a list item (four spaces in) Python-Markdown
        // reads the item's content as a block of its own.
        {
            let marker = text.trim();
            if let Some(opening) = (!context.features.blocks.is_empty())
                .then(|| blocks::opening(marker))
                .flatten()
            {
                let place = Place {
                    index,
                    indent,
                    depth,
                    heading_level,
                };
                if let Some(next) = block(lines, &opening, place, context, &mut out) {
                    index = next;
                    continue;
                }
            }
            if let Some(admonition) = admonitions::marker(marker, context.features) {
                let end = block_end(lines, index + 1, indent);
                let content = dedent(&lines[index + 1..end], indent + 4);
                let converted = convert(&content, context, depth + 1);
                separate(&mut out);
                out.extend(admonitions::render(&admonition, &converted, &pad, context));
                index = end;
                separate_next(&mut out, lines, index);
                continue;
            }
            if context.features.tabbed && tabs::marker(marker).is_some() {
                separate(&mut out);
                while index < lines.len() && indent_of(&lines[index].text) == indent {
                    let Some(title) = tabs::marker(lines[index].text.trim()) else {
                        break;
                    };
                    let end = block_end(lines, index + 1, indent);
                    let content = dedent(&lines[index + 1..end], indent + 4);
                    let converted = convert(&content, context, depth + 1);
                    let level = (depth == 0).then_some((heading_level + 1).min(6));
                    out.extend(tabs::render(&title, level, &converted, &pad));
                    context.tally.count("content tab -> section");
                    index = end;
                    // Blank lines between two tabs of one group.
                    while index < lines.len()
                        && is_blank(&lines[index].text)
                        && lines[index + 1..]
                            .iter()
                            .find(|l| !is_blank(&l.text))
                            .is_some_and(|l| {
                                indent_of(&l.text) == indent
                                    && tabs::marker(l.text.trim()).is_some()
                            })
                    {
                        index += 1;
                    }
                }
                separate_next(&mut out, lines, index);
                continue;
            }
            if context.features.snippets {
                if let Some(replaced) = snippets::block(lines, index, context) {
                    out.extend(replaced.lines.into_iter().map(|l| {
                        if l.is_empty() {
                            l
                        } else {
                            format!("{pad}{l}")
                        }
                    }));
                    index = replaced.end;
                    continue;
                }
            }
            if context.features.abbreviations && abbreviations::definition(marker).is_some() {
                context.tally.count("abbreviation definition");
                index += 1;
                continue;
            }
            if context.features.attr_list && attributes::is_block_attributes(marker) {
                context.tally.skip(
                    context.file,
                    line.number,
                    "attribute list",
                    marker,
                    "removed: kbpress has no attributes on paragraphs",
                );
                index += 1;
                continue;
            }
            if foreign_include(line, context) {
                out.push(text.clone());
                index += 1;
                continue;
            }
            if let Some(level) = heading(text) {
                heading_level = level;
            }
        }
        out.push(inline(line, context));
        index += 1;
    }
    out
}

/// Converts the pymdownx.blocks block opened at `lines[index]` into `out` and returns the index
/// after it, or `None` when it is no block to convert here (never closed: text; a kind whose
/// extension is off, or that kbpress has no conversion for: left as written, the latter listed).
/// Where a block starts: its line, its indentation, the nesting depth and the page's heading
/// level there (a tab's section goes one below it).
#[derive(Debug, Clone, Copy)]
struct Place {
    index: usize,
    indent: usize,
    depth: usize,
    heading_level: usize,
}

fn block(
    lines: &[Line],
    opening: &blocks::Opening,
    place: Place,
    context: &mut Context,
    out: &mut Vec<String>,
) -> Option<usize> {
    let Place {
        index,
        indent,
        depth,
        heading_level,
    } = place;
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let end = blocks::end(&texts, index + 1, opening.slashes)?;
    let (options, taken) = blocks::options(&texts[index + 1..end]);
    let on = |name: &str| context.features.blocks.iter().any(|b| b == name);
    let conversion = match blocks::conversion(opening, &options) {
        blocks::Conversion::Admonition(a) if a.collapsible && on("details") => {
            blocks::Conversion::Admonition(a)
        }
        blocks::Conversion::Admonition(a) if !a.collapsible && on("admonition") => {
            blocks::Conversion::Admonition(a)
        }
        blocks::Conversion::Tab(title) if on("tab") => blocks::Conversion::Tab(title),
        blocks::Conversion::Unknown => blocks::Conversion::Unknown,
        _ => return None,
    };
    // Blank lines around the content are the block syntax's, not the content's.
    let mut inner = &lines[index + 1 + taken..end];
    while inner.first().is_some_and(|l| is_blank(&l.text)) {
        inner = &inner[1..];
    }
    while inner.last().is_some_and(|l| is_blank(&l.text)) {
        inner = &inner[..inner.len() - 1];
    }
    let content = dedent(inner, indent);
    let pad = " ".repeat(indent);
    match conversion {
        blocks::Conversion::Admonition(admonition) => {
            let converted = convert(&content, context, depth + 1);
            separate(out);
            out.extend(admonitions::render(&admonition, &converted, &pad, context));
        }
        blocks::Conversion::Tab(title) => {
            let converted = convert(&content, context, depth + 1);
            let level = (depth == 0).then_some((heading_level + 1).min(6));
            separate(out);
            out.extend(tabs::render(&title, level, &converted, &pad));
            context.tally.count("content tab -> section");
        }
        blocks::Conversion::Unknown => {
            context.tally.skip(
                context.file,
                lines[index].number,
                "block",
                lines[index].text.trim(),
                "not converted: kept as written (kbpress has no such block)",
            );
            return None;
        }
    }
    separate_next(out, lines, end + 1);
    Some(end + 1)
}

/// Lists a line that is an include of an extension kbpress does not convert (`{! file !}`,
/// `{!> file !}`, `{* file *}`): the included text would be missing from the article.
fn foreign_include(line: &Line, context: &mut Context) -> bool {
    let trimmed = line.text.trim();
    let include = context.features.foreign_includes
        && ((trimmed.starts_with("{!") && trimmed.ends_with("!}"))
            || (trimmed.starts_with("{*") && trimmed.ends_with("*}")));
    if include {
        context.tally.skip(
            context.file,
            line.number,
            "include",
            trimmed,
            "not converted: the included file is missing from the article; make it a snippet (`{{> name }}`) or paste it",
        );
    }
    include
}

/// The level of an ATX heading line.
pub fn heading(text: &str) -> Option<usize> {
    if indent_of(text) > 3 {
        return None;
    }
    let trimmed = text.trim_start();
    let level = trimmed.chars().take_while(|&c| c == '#').count();
    let rest = &trimmed[level..];
    ((1..=6).contains(&level) && (rest.is_empty() || rest.starts_with([' ', '\t'])))
        .then_some(level)
}

/// A blank line before a converted block, so it does not continue a paragraph.
fn separate(out: &mut Vec<String>) {
    if out.last().is_some_and(|line| !is_blank(line)) {
        out.push(String::new());
    }
}

/// A blank line after a converted block when text follows at once (else it would continue
/// the quote lazily).
fn separate_next(out: &mut Vec<String>, lines: &[Line], next: usize) {
    if next < lines.len() && !is_blank(&lines[next].text) {
        out.push(String::new());
    }
}

/// One line outside code: heading attributes, then each run of text outside code spans.
fn inline(line: &Line, context: &mut Context) -> String {
    let mut text = line.text.clone();
    let is_heading = heading(&text).is_some();
    if context.features.attr_list && is_heading {
        text = attributes::heading(&text, line.number, context);
    }
    if context.features.md_in_html && text.trim_start().starts_with('<') {
        text = attributes::markdown_attribute(&text, context);
    }
    let mut result = String::with_capacity(text.len());
    for (is_code, segment) in code_spans(&text) {
        if is_code {
            result.push_str(segment);
            continue;
        }
        let mut segment = macros::in_text(segment, line.number, context);
        if context.features.attr_list {
            segment = attributes::inline(&segment, line.number, context);
        }
        if context.features.abbreviations && !is_heading && !context.abbreviations.is_empty() {
            segment = abbreviations::wrap(&segment, context);
        }
        result.push_str(&segment);
    }
    if context.features.emoji && has_icon_shortcode(&result) {
        context.tally.skip(
            context.file,
            line.number,
            "icon or emoji shortcode",
            &result,
            "kept as text (`:name:`): kbpress has no icon set; replace it with text or an image",
        );
    }
    if context.features.keys && result.contains("++") && keys(&result) {
        context.tally.skip(
            context.file,
            line.number,
            "keys (`++ctrl+c++`)",
            &result,
            "kept as text: write <kbd>Ctrl</kbd>+<kbd>C</kbd>",
        );
    }
    result
}

/// `:material-check:`, `:octicons-x-16:`, `:smile:`.
fn has_icon_shortcode(text: &str) -> bool {
    text.split(':').enumerate().any(|(index, part)| {
        index > 0
            && !part.is_empty()
            && part.len() < 60
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            && part.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && text.split(':').count() > index + 1
            && (part.contains('-') || part.contains('_'))
    })
}

/// `++ctrl+alt+del++`.
fn keys(text: &str) -> bool {
    text.split("++")
        .nth(1)
        .is_some_and(|inner| !inner.is_empty() && !inner.contains(' '))
        && text.matches("++").count() >= 2
}

/// `text` split into (is code span, piece).
pub fn code_spans(text: &str) -> Vec<(bool, &str)> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] != b'`' {
            index += 1;
            continue;
        }
        let run = bytes[index..].iter().take_while(|&&b| b == b'`').count();
        let mut search = index + run;
        let mut close = None;
        while search < bytes.len() {
            if bytes[search] == b'`' {
                let other = bytes[search..].iter().take_while(|&&b| b == b'`').count();
                if other == run {
                    close = Some(search + other);
                    break;
                }
                search += other;
            } else {
                search += 1;
            }
        }
        match close {
            Some(end) => {
                if start < index {
                    pieces.push((false, &text[start..index]));
                }
                pieces.push((true, &text[index..end]));
                start = end;
                index = end;
            }
            None => index += run,
        }
    }
    if start < text.len() || pieces.is_empty() {
        pieces.push((false, &text[start..]));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` converted as a page of a site with `features`; the lines and the tally.
    fn converted(text: &str, features: &Features) -> (String, Tally) {
        let mut tally = Tally::default();
        let abbreviations = BTreeMap::new();
        let mut resolver = snippets::Resolver::default();
        let mut context = Context {
            file: "docs/page.md",
            tally: &mut tally,
            features,
            abbreviations: &abbreviations,
            variables: None,
            snippets: &mut resolver,
            raw: false,
        };
        let out = convert(&lines(text, 1), &mut context, 0);
        (out.join("\n"), tally)
    }

    #[test]
    fn pymdownx_blocks_become_alerts_details_and_sections_and_the_rest_is_listed() {
        let features = Features {
            blocks: ["admonition", "details", "tab", "html"]
                .map(String::from)
                .to_vec(),
            foreign_includes: true,
            ..Features::default()
        };
        let page = "## Install\n\n/// tip | Careful\n\nRead **this**.\n\n///\n\n//// tab | Linux\n\n/// note\nInside.\n///\n\n```sh\n///\n```\n\n////\n\n/// details | More\n    open: true\n\nHidden.\n///\n\n/// html | div\nRaw.\n///\n\n{* ../src/app.py hl[3] *}\n\n/// warning\nNever closed.\n";
        let (out, tally) = converted(page, &features);
        let expected = "## Install\n\n> [!TIP]\n> **Careful**\n>\n> Read **this**.\n\n### Linux\n\n> [!NOTE]\n> Inside.\n\n```sh\n///\n```\n\n\n<details open>\n<summary>More</summary>\n\nHidden.\n\n</details>\n\n/// html | div\nRaw.\n///\n\n{* ../src/app.py hl[3] *}\n\n/// warning\nNever closed.";
        assert_eq!(out, expected, "{out}");
        let listed: Vec<(usize, &str)> = (tally.not_converted.iter())
            .map(|u| (u.line, u.construct.as_str()))
            .collect();
        assert_eq!(listed, [(27, "block"), (31, "include")]);
    }

    #[test]
    fn code_spans_split_text_from_code() {
        assert_eq!(
            code_spans("a `b` c ``d`e`` f `g"),
            vec![
                (false, "a "),
                (true, "`b`"),
                (false, " c "),
                (true, "``d`e``"),
                (false, " f `g")
            ]
        );
    }

    #[test]
    fn tabs_in_indentation_count_four() {
        assert_eq!(expand_leading_tabs("\tx"), "    x");
        assert_eq!(expand_leading_tabs("  \tx\ty"), "    x\ty");
    }
}
