//! A Docusaurus page body (Markdown or MDX) -> kbpress Markdown, line by line outside fenced
//! code: `:::note[Title]` admonitions (nested ones have more colons) -> alerts; `<Tabs>` /
//! `<TabItem label="...">` -> one section per tab; partials (`import X from './_x.md'` and
//! `<X />`) -> snippet includes; MDX comments (`{/* */}`) -> HTML comments; links to `.mdx`
//! files and to doc URLs (`/docs/intro`, `./sibling`) -> relative links to the `.md` files.
//! Every other JSX component, import and export is reported with its line; a component's tag
//! lines become HTML comments (kbpress would otherwise drop them as unknown HTML), its
//! children stay.

use std::collections::BTreeMap;

use crate::import::admonitions::{self, Admonition};
use crate::import::body::{self, fence_closes, fence_open, heading, indent_of, is_blank, Line};
use crate::import::{snippets, tabs, Tally};

/// What a page's imports and links name, answered by the importer (it knows every page).
pub trait Resolve {
    /// The snippet name of the partial an `import` names (its path as written).
    fn partial(&mut self, path: &str) -> Option<String>;
    /// A link destination rewritten, when it names a page of the site.
    fn link(&mut self, destination: &str) -> Option<String>;
}

pub struct Walker<'a> {
    /// The page's path in the source, for the report.
    pub file: &'a str,
    pub tally: &'a mut Tally,
    pub resolve: &'a mut dyn Resolve,
    /// Component name -> snippet name, from this page's imports of partials.
    pub partials: BTreeMap<String, String>,
}

/// `:::note`, `:::tip[Title]`, `::::info Title`: (colons, admonition).
pub fn admonition_open(trimmed: &str) -> Option<(usize, Admonition)> {
    let colons = trimmed.chars().take_while(|&c| c == ':').count();
    if colons < 3 {
        return None;
    }
    let rest = &trimmed[colons..];
    let kind_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let kind = rest[..kind_end].to_lowercase();
    if kind.is_empty() {
        return None;
    }
    let after = &rest[kind_end..];
    let title = if let Some(bracketed) = after.strip_prefix('[') {
        Some(bracketed.rsplit_once(']')?.0.trim().to_string())
    } else if after.starts_with('{') {
        // `:::note{title="..."}`: a directive's attributes.
        attribute(after, "title")
    } else {
        let title = after.trim();
        (!title.is_empty()).then(|| title.to_string())
    };
    Some((
        colons,
        Admonition {
            kind,
            title,
            collapsible: false,
            open: false,
        },
    ))
}

/// An attribute's value in a tag: `label="Linux"`, `label='Linux'`, `label={'Linux'}`.
pub fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut search = 0;
    while let Some(found) = tag[search..].find(name) {
        let at = search + found;
        search = at + name.len();
        let before = tag[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            continue;
        }
        let rest = tag[at + name.len()..].trim_start();
        let Some(value) = rest.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let value = value
            .strip_prefix('{')
            .map_or(value, |inner| inner.trim_start());
        let quote = value
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))?;
        let inner = &value[1..];
        return inner.find(quote).map(|end| inner[..end].to_string());
    }
    None
}

/// A JSX tag starting the (trimmed) line: `<Name`, `</Name`. Its name.
fn component(trimmed: &str) -> Option<&str> {
    let rest = trimmed.strip_prefix('<')?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..end];
    name.starts_with(|c: char| c.is_ascii_uppercase())
        .then_some(name)
}

/// The tag opening at `lines[start]` (it may span lines): its text and the index after it.
fn whole_tag(lines: &[Line], start: usize) -> (String, usize) {
    let mut text = String::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for (index, line) in lines.iter().enumerate().skip(start) {
        if index > start {
            text.push('\n');
        }
        let begin = if index == start {
            line.text.find('<').unwrap_or(0)
        } else {
            0
        };
        for (offset, c) in line.text[begin..].char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'' | '`') => quote = Some(c),
                (None, '{') => depth += 1,
                (None, '}') => depth -= 1,
                (None, '>') if depth == 0 => {
                    text.push_str(&line.text[begin..begin + offset + 1]);
                    return (text, index + 1);
                }
                _ => {}
            }
        }
        text.push_str(&line.text[begin..]);
    }
    (text, lines.len())
}

/// An HTML comment holding `text` (its `--` broken, which would end the comment).
fn comment(text: &str, pad: &str) -> Vec<String> {
    let safe = text.replace("--", "- -");
    let mut lines: Vec<String> = safe.lines().map(|l| l.to_string()).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    let last = lines.len() - 1;
    lines[0] = format!("{pad}<!-- {}", lines[0].trim_start());
    lines[last] = format!("{} -->", lines[last]);
    lines
}

fn separate(out: &mut Vec<String>) {
    if out.last().is_some_and(|line| !is_blank(line)) {
        out.push(String::new());
    }
}

fn separate_next(out: &mut Vec<String>, lines: &[Line], next: usize) {
    if next < lines.len() && !is_blank(&lines[next].text) {
        out.push(String::new());
    }
}

/// The names an import statement brings in: `X`, `{A, B as C}`, `* as D`.
fn imported_names(clause: &str) -> Vec<String> {
    clause
        .split([',', '{', '}'])
        .filter_map(|part| {
            let part = part.trim();
            let name = part.rsplit(" as ").next()?.trim();
            (!name.is_empty() && name != "*" && name != "type").then(|| name.to_string())
        })
        .collect()
}

/// `X`, `{a, b as c}`, `* as X`, `X, {a}` (or nothing): what an import brings in, as opposed
/// to prose ("import the data from ...").
fn is_import_clause(clause: &str) -> bool {
    let clause = clause.trim();
    let clause = clause.strip_prefix("type ").unwrap_or(clause);
    let is_name = |text: &str| {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    let mut rest = clause;
    while !rest.is_empty() {
        if rest.starts_with('{') {
            let Some(close) = rest.find('}') else {
                return false;
            };
            rest = &rest[close + 1..];
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            let part = rest[..end].trim();
            let named = is_name(part)
                || part
                    .strip_prefix("* as ")
                    .is_some_and(|name| is_name(name.trim()));
            if !named {
                return false;
            }
            rest = &rest[end..];
        }
        rest = rest.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    true
}

/// The first `'...'` or `"..."` in `text`.
fn quoted(text: &str) -> Option<&str> {
    let start = text.find(['\'', '"'])?;
    let quote = &text[start..=start];
    let inner = &text[start + 1..];
    inner.find(quote).map(|end| &inner[..end])
}

impl Walker<'_> {
    /// The import statement at `lines[start]` (it may span lines): handled, the index after;
    /// `None` when the line is prose that starts with "import".
    fn import(&mut self, lines: &[Line], start: usize) -> Option<usize> {
        let mut end = start;
        let mut statement = String::new();
        // Only `import {` runs over several lines (up to its module's name).
        let first = &lines[start].text;
        let multi_line = first.contains('{') && !first.contains('}');
        while end < lines.len() && (end == start || multi_line) && end < start + 30 {
            statement.push_str(lines[end].text.trim());
            statement.push(' ');
            end += 1;
            let done = statement.contains(" from ")
                && quoted(&statement[statement.find(" from ").unwrap_or(0)..]).is_some()
                || statement
                    .trim_start_matches("import")
                    .trim_start()
                    .starts_with(['\'', '"']);
            if done {
                break;
            }
        }
        let line = lines[start].number;
        let (clause, path) = match statement.find(" from ") {
            Some(at) => (&statement["import".len()..at], quoted(&statement[at..])),
            None => ("", quoted(&statement)),
        };
        let path = path?;
        if !is_import_clause(clause) {
            return None;
        }
        let names = imported_names(clause);
        if path == "@theme/Tabs" || path == "@theme/TabItem" {
            self.tally.count("Tabs import (tabs become sections)");
            return Some(end);
        }
        if crate::import::assembly::is_page(path) {
            if let Some(snippet) = self.resolve.partial(path) {
                for name in names {
                    self.partials.insert(name, snippet.clone());
                }
                self.tally.count("partial import -> snippet");
                return Some(end);
            }
            self.tally.skip(
                self.file,
                line,
                "MDX import",
                &statement,
                "removed: the imported page does not exist; its uses are HTML comments",
            );
            return Some(end);
        }
        self.tally.skip(
            self.file,
            line,
            "MDX import",
            &statement,
            "removed: a component or value kbpress cannot run; its uses are HTML comments",
        );
        Some(end)
    }

    /// Converts a body (or a container's content at `depth` > 0).
    pub fn convert(&mut self, lines: &[Line], depth: usize) -> Vec<String> {
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
                }
                out.push(text.clone());
                index += 1;
                continue;
            }
            if let Some(open) = fence_open(text) {
                fence = Some(open);
                out.push(text.clone());
                index += 1;
                continue;
            }
            let trimmed = text.trim();
            let indent = indent_of(text);
            let pad = " ".repeat(indent);
            if depth == 0 && indent == 0 && trimmed.starts_with("import ") {
                if let Some(next) = self.import(lines, index) {
                    index = next;
                    // The blank line after the imports is kept by the next line.
                    continue;
                }
            }
            let export = trimmed.strip_prefix("export ").is_some_and(|rest| {
                [
                    "const ",
                    "let ",
                    "var ",
                    "function ",
                    "default ",
                    "class ",
                    "async ",
                    "{",
                ]
                .iter()
                .any(|keyword| rest.starts_with(keyword))
            });
            if depth == 0 && indent == 0 && export {
                let start = index;
                while index < lines.len() && !is_blank(&lines[index].text) {
                    index += 1;
                }
                self.tally.skip(
                    self.file,
                    line.number,
                    "MDX export",
                    trimmed,
                    "removed: kbpress runs no JavaScript",
                );
                debug_assert!(index > start);
                continue;
            }
            if let Some((colons, admonition)) = admonition_open(trimmed) {
                if let Some(close) = self.admonition_close(lines, index + 1, colons) {
                    let mut content = body::dedent(&lines[index + 1..close], indent);
                    while content.last().is_some_and(|l| is_blank(&l.text)) {
                        content.pop();
                    }
                    let converted = self.convert(&content, depth + 1);
                    let features = body::Features::default();
                    let abbreviations = BTreeMap::new();
                    let mut resolver = snippets::Resolver::default();
                    let mut context = body::Context {
                        file: self.file,
                        tally: self.tally,
                        features: &features,
                        abbreviations: &abbreviations,
                        variables: None,
                        snippets: &mut resolver,
                        raw: false,
                    };
                    separate(&mut out);
                    out.extend(admonitions::render(
                        &admonition,
                        &converted,
                        &pad,
                        &mut context,
                    ));
                    index = close + 1;
                    separate_next(&mut out, lines, index);
                    continue;
                }
                // Docusaurus (remark-directive) runs an unclosed container to the end.
                self.tally.skip(
                    self.file,
                    line.number,
                    "unclosed admonition",
                    trimmed,
                    "converted up to the end of the page, as Docusaurus reads it: add the \
                     closing `:::` where it belongs",
                );
                let mut extended: Vec<Line> = lines.to_vec();
                extended.push(Line {
                    number: lines.last().map_or(line.number, |l| l.number) + 1,
                    text: format!("{pad}{}", ":".repeat(colons)),
                });
                let mut rest = self.convert(&extended[index..], depth);
                out.append(&mut rest);
                return out;
            }
            // An HTML tag written over several lines, with JSX attributes: cleaned whole.
            let html_tag = trimmed.starts_with('<')
                && trimmed[1..].starts_with(|c: char| c.is_ascii_lowercase());
            if html_tag && tag_end(trimmed).is_none() {
                let (tag, end) = whole_tag(lines, index);
                if tag_end(&tag).is_some() && tag.contains("={") {
                    let cleaned = self.html_attributes(&Line {
                        number: line.number,
                        text: format!("{pad}{tag}"),
                    });
                    out.extend(cleaned.lines().map(str::to_string));
                    index = end;
                    continue;
                }
            }
            if let Some(name) = component(trimmed) {
                index = self.component(lines, index, name, depth, heading_level, &mut out);
                continue;
            }
            if trimmed.starts_with("{/*") {
                let start = index;
                let mut comment_text = String::new();
                while index < lines.len() {
                    comment_text.push_str(&lines[index].text);
                    comment_text.push('\n');
                    index += 1;
                    if lines[index - 1].text.trim_end().ends_with("*/}") {
                        break;
                    }
                }
                let inner = comment_text
                    .trim()
                    .trim_start_matches("{/*")
                    .trim_end_matches("*/}")
                    .trim();
                out.extend(comment(inner, &pad));
                self.tally.count("MDX comment -> HTML comment");
                debug_assert!(index > start);
                continue;
            }
            if let Some(level) = heading(text) {
                heading_level = level;
            }
            out.push(self.inline(line));
            index += 1;
        }
        out
    }

    /// The line closing an admonition opened with `colons` colons, past nested ones and code.
    fn admonition_close(&self, lines: &[Line], from: usize, colons: usize) -> Option<usize> {
        let mut fence = None;
        for (index, line) in lines.iter().enumerate().skip(from) {
            if let Some(open) = fence {
                if fence_closes(&line.text, open) {
                    fence = None;
                }
                continue;
            }
            if let Some(open) = fence_open(&line.text) {
                fence = Some(open);
                continue;
            }
            let trimmed = line.text.trim();
            if trimmed.len() >= colons && trimmed.chars().all(|c| c == ':') {
                return Some(index);
            }
        }
        None
    }

    /// A line starting with a JSX tag: tabs, a partial's use, or another component.
    fn component(
        &mut self,
        lines: &[Line],
        index: usize,
        name: &str,
        depth: usize,
        heading_level: usize,
        out: &mut Vec<String>,
    ) -> usize {
        let line = &lines[index];
        let indent = indent_of(&line.text);
        let pad = " ".repeat(indent);
        let (tag, end) = whole_tag(lines, index);
        let closing = tag.starts_with("</");
        let rest_of_line = {
            let last = &lines[end - 1].text;
            let tag_last = tag.rsplit('\n').next().unwrap_or(&tag);
            last.find(tag_last)
                .map(|at| last[at + tag_last.len()..].trim().to_string())
                .unwrap_or_default()
        };
        match name {
            "Tabs" => {
                if !closing {
                    self.tally.count("<Tabs> -> sections");
                }
                return end;
            }
            "TabItem" if !closing => {
                let Some(close) = self.tab_close(lines, end) else {
                    self.tally.skip(
                        self.file,
                        line.number,
                        "TabItem",
                        &tag,
                        "kept as a comment: no closing </TabItem>",
                    );
                    out.extend(comment(&tag, &pad));
                    return end;
                };
                let title = attribute(&tag, "label")
                    .or_else(|| attribute(&tag, "value"))
                    .unwrap_or_else(|| "Tab".into());
                let mut content: Vec<Line> = Vec::new();
                if !rest_of_line.is_empty() {
                    content.push(Line {
                        number: lines[end - 1].number,
                        text: rest_of_line,
                    });
                }
                content.extend(lines[end..close].iter().cloned());
                while content.last().is_some_and(|l| is_blank(&l.text)) {
                    content.pop();
                }
                let width = content
                    .iter()
                    .filter(|l| !is_blank(&l.text))
                    .map(|l| indent_of(&l.text))
                    .min()
                    .unwrap_or(0);
                let content = body::dedent(&content, width);
                let converted = self.convert(&content, depth + 1);
                let level = (depth == 0).then_some((heading_level + 1).min(6));
                separate(out);
                // A tab's indentation is JSX nesting, not Markdown: its section starts at the
                // margin of the text around it.
                out.extend(tabs::render(&title, level, &converted, ""));
                self.tally.count("<TabItem> -> section");
                return close + 1;
            }
            "TabItem" => return end,
            _ => {}
        }
        if let Some(snippet) = self.partials.get(name).cloned() {
            if !closing {
                if tag.contains('=') {
                    self.tally.skip(
                        self.file,
                        line.number,
                        "partial props",
                        &tag,
                        "dropped: a snippet takes no props; use variables for what differs",
                    );
                }
                separate(out);
                out.push(format!("{pad}{{{{> {snippet} }}}}"));
                self.tally.count("partial use -> {{> name }}");
                if end < lines.len() && !is_blank(&lines[end].text) {
                    out.push(String::new());
                }
            }
            return end;
        }
        if !closing {
            self.tally.skip(
                self.file,
                line.number,
                "JSX component",
                &tag,
                "kept as an HTML comment (its children stay as text): kbpress runs no \
                 components; rewrite it in Markdown",
            );
        }
        out.extend(comment(&tag, &pad));
        if !rest_of_line.is_empty() {
            out.push(format!("{pad}{rest_of_line}"));
        }
        end
    }

    /// HTML tags written as JSX: `className=` -> `class=`; an attribute whose value is an
    /// expression (`style={{ color: 'red' }}`) is removed and reported, as kbpress cannot
    /// evaluate it (and would report what is left of it as broken HTML).
    fn html_attributes(&mut self, line: &Line) -> String {
        let text = &line.text;
        if !text.contains("={") && !text.contains("className=") {
            return text.clone();
        }
        let mut out = String::with_capacity(text.len());
        for (is_code, segment) in body::code_spans(text) {
            if is_code {
                out.push_str(segment);
                continue;
            }
            let mut rest = segment;
            while let Some(at) = rest.find('<') {
                out.push_str(&rest[..at]);
                rest = &rest[at..];
                let is_html = rest[1..].starts_with(|c: char| c.is_ascii_lowercase());
                let Some(end) = tag_end(rest).filter(|_| is_html) else {
                    out.push('<');
                    rest = &rest[1..];
                    continue;
                };
                let tag = &rest[..end];
                let mut cleaned = String::new();
                let mut inner = tag;
                while let Some(equals) = inner.find("={") {
                    let name_start = inner[..equals]
                        .rfind(|c: char| c.is_whitespace())
                        .map_or(0, |i| i + 1);
                    let open = equals + 1;
                    let close = matching_brace(inner, open).unwrap_or(inner.len() - 1);
                    self.tally.skip(
                        self.file,
                        line.number,
                        "JSX attribute",
                        &inner[name_start..=close],
                        "removed: an expression kbpress cannot evaluate; write the attribute \
                         as plain HTML",
                    );
                    cleaned.push_str(inner[..name_start].trim_end());
                    inner = &inner[close + 1..];
                }
                cleaned.push_str(inner);
                out.push_str(&cleaned.replace(" className=", " class="));
                rest = &rest[end..];
            }
            out.push_str(rest);
        }
        out
    }

    /// The `</TabItem>` closing the tab whose content starts at `from` (nested tabs skipped).
    fn tab_close(&self, lines: &[Line], from: usize) -> Option<usize> {
        let mut depth = 0;
        let mut fence = None;
        for (index, line) in lines.iter().enumerate().skip(from) {
            if let Some(open) = fence {
                if fence_closes(&line.text, open) {
                    fence = None;
                }
                continue;
            }
            if let Some(open) = fence_open(&line.text) {
                fence = Some(open);
                continue;
            }
            let trimmed = line.text.trim();
            if trimmed.starts_with("<TabItem") {
                depth += 1;
            } else if trimmed.starts_with("</TabItem>") {
                if depth == 0 {
                    return Some(index);
                }
                depth -= 1;
            }
        }
        None
    }

    /// One line of text: links rewritten, inline MDX comments made HTML ones, inline
    /// components reported.
    fn inline(&mut self, line: &Line) -> String {
        let line = &Line {
            number: line.number,
            text: self.html_attributes(line),
        };
        let resolve = &mut *self.resolve;
        let tally = &mut *self.tally;
        let text = crate::import::assembly::rewrite_destinations(&line.text, |destination| {
            let rewritten = resolve.link(destination);
            if rewritten.is_some() {
                tally.count("doc link -> relative link to the .md file");
            }
            rewritten
        });
        let mut text = crate::import::assembly::literal_braces(&text);
        if text.contains("{/*") {
            let mut out = String::new();
            for (is_code, segment) in body::code_spans(&text) {
                if is_code {
                    out.push_str(segment);
                } else {
                    out.push_str(&segment.replace("{/*", "<!--").replace("*/}", "-->"));
                }
            }
            if out != text {
                self.tally.count("MDX comment -> HTML comment");
            }
            text = out;
        }
        for (is_code, segment) in body::code_spans(&text) {
            if is_code {
                continue;
            }
            let mut rest = segment;
            while let Some(at) = rest.find('<') {
                if let Some(name) = component(&rest[at..]) {
                    if !rest[at..].starts_with("</") {
                        self.tally.skip(
                            self.file,
                            line.number,
                            "JSX component",
                            &format!("<{name}"),
                            "kept as written (inline): kbpress shows it as removed HTML; \
                             rewrite it in Markdown",
                        );
                    }
                }
                rest = &rest[at + 1..];
            }
        }
        text
    }
}

/// The end (exclusive) of the tag starting `text` (`<` ... `>`, braces and quotes skipped).
fn tag_end(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for (index, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{') => depth += 1,
            (None, '}') => depth -= 1,
            (None, '>') if depth == 0 => return Some(index + 1),
            _ => {}
        }
    }
    None
}

/// The `}` closing the `{` at `open`.
fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    for (index, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + index);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Nothing;

    impl Resolve for Nothing {
        fn partial(&mut self, path: &str) -> Option<String> {
            (path == "./_contact.md").then(|| "contact".into())
        }
        fn link(&mut self, destination: &str) -> Option<String> {
            let (path, anchor) =
                destination.split_at(destination.find('#').unwrap_or(destination.len()));
            path.strip_prefix("/docs/")
                .map(|rest| format!("{rest}.md{anchor}"))
        }
    }

    fn convert(text: &str) -> (String, Tally) {
        let mut tally = Tally::default();
        let mut resolve = Nothing;
        let mut walker = Walker {
            file: "docs/a.mdx",
            tally: &mut tally,
            resolve: &mut resolve,
            partials: BTreeMap::new(),
        };
        let lines = body::lines(text, 1);
        let out = walker.convert(&lines, 0).join("\n");
        (out, tally)
    }

    #[test]
    fn admonitions_nest_with_more_colons_and_take_both_title_forms() {
        let (out, tally) = convert(
            "::::warning[Careful now]\nOuter.\n\n:::tip Inner tip\nInside.\n:::\n\n::::\n\n```md\n:::note\n```\n",
        );
        assert_eq!(
            out,
            "> [!WARNING]\n> **Careful now**\n>\n> Outer.\n>\n> > [!TIP]\n> > **Inner tip**\n> >\n> > Inside.\n\n```md\n:::note\n```"
        );
        assert_eq!(tally.converted["admonition -> alert"], 2);
    }

    #[test]
    fn tabs_become_sections_and_partials_snippets() {
        let (out, tally) = convert(
            "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\nimport Contact from './_contact.md';\nimport Chart from '@site/src/Chart';\n\n## Install\n\n<Tabs groupId=\"os\">\n  <TabItem value=\"linux\" label=\"Linux\" default>\n    Run `apt install`.\n  </TabItem>\n  <TabItem value=\"mac\">\n\nRun `brew install`.\n\n  </TabItem>\n</Tabs>\n\n<Contact />\n<Chart data={[1, 2]}\n  big />\nSee [intro](/docs/intro#top). {/* hidden */}\n",
        );
        assert_eq!(
            out,
            "\n## Install\n\n### Linux\n\nRun `apt install`.\n\n### mac\n\nRun `brew install`.\n\n\n{{> contact }}\n\n<!-- <Chart data={[1, 2]}\n  big /> -->\nSee [intro](intro.md#top). <!-- hidden -->"
        );
        let skipped: Vec<(usize, &str)> = tally
            .not_converted
            .iter()
            .map(|u| (u.line, u.construct.as_str()))
            .collect();
        assert_eq!(skipped, vec![(4, "MDX import"), (20, "JSX component")]);
        assert_eq!(tally.converted["<TabItem> -> section"], 2);
        assert_eq!(tally.converted["partial use -> {{> name }}"], 1);
    }

    #[test]
    fn jsx_attributes_of_html_tags_are_made_html() {
        let (out, tally) = convert(
            "<div className=\"row\" style={{ height: '2px' }}>Text</div> `<b x={1}>`\n\n:::note\nNever closed.\n",
        );
        assert_eq!(
            out,
            "<div class=\"row\">Text</div> `<b x={1}>`\n\n> [!NOTE]\n> Never closed."
        );
        let skipped: Vec<(usize, &str)> = tally
            .not_converted
            .iter()
            .map(|u| (u.line, u.construct.as_str()))
            .collect();
        assert_eq!(
            skipped,
            vec![(1, "JSX attribute"), (3, "unclosed admonition")]
        );
    }

    #[test]
    fn a_tag_over_several_lines_loses_its_jsx_attributes() {
        let (out, tally) = convert(
            "<div\n  className=\"box\"\n  style={{\n    height: 2,\n  }}\n>\n\nText\n</div>\n",
        );
        assert_eq!(out, "<div\n  class=\"box\"\n>\n\nText\n</div>");
        assert_eq!(tally.not_converted[0].line, 1);
        assert_eq!(tally.not_converted[0].construct, "JSX attribute");
    }

    #[test]
    fn prose_that_starts_like_a_statement_stays() {
        let (out, tally) = convert(
            "import the data from the old system.\nexport the file first.\nimport {a} from 'b'\n",
        );
        assert_eq!(
            out,
            "import the data from the old system.\nexport the file first."
        );
        assert_eq!(tally.not_converted.len(), 1);
    }

    #[test]
    fn attributes_and_markers_are_read() {
        assert_eq!(
            attribute("<TabItem value=\"a\" label={'B c'}>", "label"),
            Some("B c".into())
        );
        assert_eq!(attribute("<TabItem data-label=\"x\">", "label"), None);
        let (colons, admonition) = admonition_open(":::note[Read this]").unwrap();
        assert_eq!((colons, admonition.kind.as_str()), (3, "note"));
        assert_eq!(admonition.title.as_deref(), Some("Read this"));
        assert_eq!(admonition_open(":::").map(|(c, _)| c), None);
        assert_eq!(admonition_open("::: tip"), None);
    }
}
