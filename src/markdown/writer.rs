//! The event pass behind [`super::render`]: rewrites pulldown-cmark events and collects facts.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Parser, Tag, TagEnd};

use super::include::{self, IncludeProblem, Inclusion, Origin, ARTICLE};
use super::raw_html::{self, RawHtmlPolicy};
use super::sections::{self, take_section_markers};
use super::structure::{merged_events, plain_text, structure, MergedText};
use super::variables;
use super::{links, Body, Heading, Input, Link, LinkKind, RemovedHtml, Target};
use crate::slug::HeadingIds;

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(super) type Events<'e> = Vec<(Event<'e>, std::ops::Range<usize>)>;

/// Bodies larger than this are written as they are parsed, not from a list of their events
/// (see [`Writer::run_streamed`]). Articles are a few kilobytes: the largest Markdown file of
/// PowerShell-Docs is 84 KB, of Hugo's docs 126 KB, so real bodies never take this path.
pub const STREAMED_ABOVE_BYTES: usize = 1024 * 1024;

/// The document the writer is walking: the article, or a snippet it includes. Positions and
/// relative links are in and from this file.
#[derive(Clone)]
struct Doc<'a> {
    text: &'a str,
    /// Where the Markdown is in `text`; event ranges are relative to its start.
    body: std::ops::Range<usize>,
    lines: &'a crate::source::LineIndex,
    path: &'a str,
    origin: Origin,
}

pub struct Writer<'i, 'a> {
    input: &'i Input<'a>,
    doc: Doc<'a>,
    /// The names of the snippets being included, outermost first: one more is a cycle.
    including: Vec<String>,
    /// How many open sections belong to the documents around the snippet being walked: its
    /// headings close only the sections it opened.
    section_floor: usize,
    body: Body,
    ids: HeadingIds,
    /// Open audience sections: heading level, audiences and section number.
    sections: Vec<(u8, Vec<String>, usize)>,
    /// For each open link: whether its start tag was kept (unsafe links lose theirs).
    link_kept: Vec<bool>,
    /// The audiences of every section opened so far, by section number.
    section_audiences_by_number: Vec<Vec<String>>,
    /// The source lines of every section opened so far, by section number (end exclusive).
    section_lines: Vec<std::ops::Range<u32>>,
    /// For each start event, the index of its end event (see [`structure`]).
    ends: Vec<usize>,
    /// Each image's alt text, by the index of its start event.
    alts: std::collections::HashMap<usize, String>,
    /// Whether HTML is written: `kbpress check` skips highlighting code blocks too.
    with_html: bool,
    /// The `{...}` that ends the open heading when it is text, not attributes (see
    /// [`is_heading_text`]): written back before the heading's end.
    heading_braces: Option<String>,
    /// Whether raw HTML was kept for the sanitizer (`raw_html = "sanitize"`).
    has_raw_html: bool,
    /// Relative `href`/`src` in raw HTML as written -> the URL the page uses.
    raw_html_urls: std::collections::HashMap<String, String>,
    /// The prefix of this body's section markers ([`sections::marker_prefix`]), once needed.
    marker: Option<String>,
    /// Start tags in raw HTML so far, and where the raw HTML events are in the output list
    /// (to escape them all past [`raw_html::MAX_TAGS`]).
    raw_html_tags: usize,
    raw_html_events: Vec<usize>,
    /// Where the first raw HTML is, for the finding that all of it is escaped.
    first_raw_html: Option<(Origin, crate::diagnostic::Span)>,
    /// Bodies larger than this are written as they are parsed ([`STREAMED_ABOVE_BYTES`]).
    streamed_above: usize,
    /// How many events of the body were walked before the list being walked (a streamed body
    /// is walked in pieces): the title heading is the body's first event.
    events_before: usize,
    /// Raw HTML is written as text as it comes: a streamed body past [`raw_html::MAX_TAGS`] is
    /// written again so (its HTML is not kept as events to change afterwards).
    escape_raw_html: bool,
}

impl<'i, 'a> Writer<'i, 'a> {
    /// A writer of `input`; `with_html`: also write its HTML (`kbpress check` does not need it).
    pub fn new(input: &'i Input<'a>, with_html: bool) -> Self {
        Writer {
            input,
            doc: Doc {
                text: input.text,
                body: input.body.clone(),
                lines: input.lines,
                path: input.article_path,
                origin: ARTICLE,
            },
            including: Vec::new(),
            section_floor: 0,
            body: Body::default(),
            ids: HeadingIds::default(),
            sections: Vec::new(),
            link_kept: Vec::new(),
            section_audiences_by_number: Vec::new(),
            section_lines: Vec::new(),
            ends: Vec::new(),
            alts: Default::default(),
            with_html,
            heading_braces: None,
            has_raw_html: false,
            raw_html_urls: Default::default(),
            marker: None,
            raw_html_tags: 0,
            raw_html_events: Vec::new(),
            first_raw_html: None,
            streamed_above: STREAMED_ABOVE_BYTES,
            events_before: 0,
            escape_raw_html: false,
        }
    }

    /// Writes bodies larger than `bytes` as they are parsed (tests compare both ways).
    #[cfg(test)]
    pub fn streamed_above(mut self, bytes: usize) -> Self {
        self.streamed_above = bytes;
        self
    }

    /// Walks the body.
    pub fn run(mut self) -> Body {
        let with_html = self.with_html;
        let source: &'a str = &self.input.text[self.input.body.clone()];
        if source.len() > self.streamed_above && streamable(source) {
            return self.run_streamed(source);
        }
        let events = self.parse(source);
        (self.ends, self.alts) = structure(&events);
        // The rewritten events become the HTML; without HTML each is dropped at once.
        let mut out: Vec<Event> =
            Vec::with_capacity(if with_html { events.len() + 16 } else { 16 });
        let mut i = 0;
        while i < events.len() {
            i = self.event(&events, i, &mut out);
            if !with_html {
                out.clear();
            }
        }
        while !self.sections.is_empty() {
            self.close_section(&mut out, u32::MAX);
        }
        if !with_html && self.raw_html_tags > raw_html::MAX_TAGS {
            self.escape_all_raw_html(&mut out);
        }
        if !with_html {
            return self.sections_without_html();
        }
        if self.raw_html_tags > raw_html::MAX_TAGS {
            self.escape_all_raw_html(&mut out);
        }
        let mut html = String::with_capacity(source.len() * 3 / 2);
        if self.has_raw_html {
            // The writer's checkboxes cross the sanitizer as placeholders (see TASK_DONE).
            for event in &mut out {
                to_task_placeholder(event);
            }
        }
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        self.finish(html)
    }

    /// Without HTML, the body's audience sections with their lines only.
    fn sections_without_html(mut self) -> Body {
        {
            self.body.sections = self
                .section_audiences_by_number
                .into_iter()
                .zip(self.section_lines)
                .map(|(audiences, lines)| super::Section {
                    html: 0..0,
                    audiences,
                    lines,
                })
                .collect();
        }
        self.body
    }

    /// A body larger than [`STREAMED_ABOVE_BYTES`], written as it is parsed: only the events of
    /// the element being written are kept, where the list of the whole body's events (96 bytes
    /// each, about one per byte of `*a*a...` or `[a](`) and the list of the events written took
    /// ~1.5 GB for an 8 MiB article, over pulldown-cmark's own tree (issue 17). An element whose
    /// writing looks ahead (a heading, an image, an HTML or code block) is read whole first.
    /// The output is the same as [`Writer::run`]'s (the tests compare both).
    fn run_streamed(mut self, source: &'a str) -> Body {
        let with_html = self.with_html;
        // Explicit heading ids are reserved before any heading gets one: they are read in a
        // parse of their own first, when the body has a `{` (no `{#id}` without one). Its tree,
        // freed, stays in the allocator's hands for a while: the body's parse came on top of
        // it (1.1 GB for 8 MiB of `*a`, against 0.4 GB without it).
        if memchr::memchr(b'{', source.as_bytes()).is_some() {
            for (event, range) in Parser::new_ext(source, super::options()).into_offset_iter() {
                self.reserve_explicit_id(source, &event, &range);
            }
        }
        let mut events = MergedText::new(
            source,
            Parser::new_ext(source, super::options()).into_offset_iter(),
        );
        let mut element: Events<'a> = Vec::new();
        let mut out: Vec<Event<'a>> = Vec::new();
        let mut written = std::collections::VecDeque::new();
        let mut walked = 0;
        let mut ended = false;
        let mut html = String::new();
        {
            let writer = &mut self;
            let next = std::iter::from_fn(|| loop {
                if let Some(event) = written.pop_front() {
                    return Some(event);
                }
                if ended {
                    return None;
                }
                element.clear();
                match events.next() {
                    None => {
                        while !writer.sections.is_empty() {
                            writer.close_section(&mut out, u32::MAX);
                        }
                        ended = true;
                    }
                    Some((event, range)) => {
                        let looks_ahead = matches!(
                            event,
                            Event::Start(
                                Tag::Heading { .. }
                                    | Tag::Image { .. }
                                    | Tag::HtmlBlock
                                    | Tag::CodeBlock(_)
                            )
                        );
                        element.push((event, range));
                        let mut depth = usize::from(looks_ahead);
                        while depth > 0 {
                            let Some((event, range)) = events.next() else {
                                break;
                            };
                            match event {
                                Event::Start(_) => depth += 1,
                                Event::End(_) => depth -= 1,
                                _ => {}
                            }
                            element.push((event, range));
                        }
                        (writer.ends, writer.alts) = structure(&element);
                        writer.events_before = walked;
                        let mut i = 0;
                        while i < element.len() {
                            i = writer.event(&element, i, &mut out);
                        }
                        walked += element.len();
                    }
                }
                if with_html {
                    // Placeholders always: whether the body has raw HTML is known at its end.
                    written.extend(out.drain(..).map(|mut event| {
                        to_task_placeholder(&mut event);
                        event
                    }));
                } else {
                    out.clear();
                }
            });
            match with_html {
                true => pulldown_cmark::html::push_html(&mut html, next),
                false => next.for_each(drop),
            }
        }
        if self.raw_html_tags > raw_html::MAX_TAGS {
            if with_html && !self.escape_raw_html {
                let mut again = Writer::new(self.input, with_html);
                again.streamed_above = self.streamed_above;
                again.escape_raw_html = true;
                return again.run_streamed(source);
            }
            self.raw_html_events.clear();
            self.escape_all_raw_html(&mut []);
        }
        if !with_html {
            return self.sections_without_html();
        }
        if !self.has_raw_html {
            html = html
                .replace(raw_html::TASK_DONE, raw_html::TASK_DONE_HTML)
                .replace(raw_html::TASK_OPEN, raw_html::TASK_OPEN_HTML);
        }
        self.finish(html)
    }

    /// The body with `html`, the written HTML: its raw HTML sanitized, its section markers
    /// taken out.
    fn finish(mut self, mut html: String) -> Body {
        let marker = self.marker.take();
        if self.has_raw_html {
            let urls = std::mem::take(&mut self.raw_html_urls);
            html = match &marker {
                Some(prefix) => sections::clean_between_markers(&html, prefix, &mut |piece| {
                    raw_html::sanitize(piece, urls.clone())
                }),
                None => raw_html::sanitize(&html, urls),
            };
        }
        self.body.html = html;
        if let Some(prefix) = marker {
            self.body.sections = take_section_markers(
                &mut self.body.html,
                &prefix,
                &self.section_audiences_by_number,
                &self.section_lines,
            );
        }
        self.body
    }

    /// The events of `source` (the body of the current document), with the explicit heading ids
    /// it declares reserved, so that generated ids never take them.
    fn parse(&mut self, source: &'a str) -> Events<'a> {
        let parsed = Parser::new_ext(source, super::options()).into_offset_iter();
        // Most bodies use no variable: one scan for `{{` keeps them from paying for any.
        let events = if memchr::memmem::find(source.as_bytes(), b"{{").is_some() {
            // Variables are looked for in the parser's own text events, before they are merged:
            // there an escape (`\{`) or an entity starts an event of its own, which says the
            // brace is literal.
            let mut found = Vec::new();
            let events =
                variables::substitute(parsed.collect(), source, self.input.variables, &mut found);
            let origin = self.doc.origin;
            let start = self.doc.body.start;
            for found in found {
                self.body.variables.push(super::VariableUse {
                    span: self.span(&found.range),
                    // The Markdown copy writes values over ranges of the article's text; a
                    // snippet's lines in it are left as written.
                    range: match found.located && origin.is_article() {
                        true => start + found.range.start..start + found.range.end,
                        false => 0..0,
                    },
                    name: found.name,
                    closed: found.closed,
                    origin,
                });
            }
            merged_events(source, events)
        } else {
            merged_events(source, parsed)
        };
        for (event, range) in &events {
            self.reserve_explicit_id(source, event, range);
        }
        events
    }

    /// Reserves the id a heading declares (`{#id}`), so that generated ids never take it.
    fn reserve_explicit_id(&mut self, source: &str, event: &Event, range: &std::ops::Range<usize>) {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            if !trailing_braces(&source[range.clone()]).is_some_and(braces_are_text) {
                self.ids.reserve(id);
            }
        }
    }

    /// The snippet name when the paragraph starting at event `i` is an include: exactly
    /// `{{> name }}`, alone on its line (indentation allowed, as in a list item's paragraph).
    fn include_at(&self, range: &std::ops::Range<usize>) -> Option<&'a str> {
        let text: &'a str = self.doc.text;
        let start = self.doc.body.start + range.start;
        // The cheap test first: every other paragraph of every article goes through here.
        if !text.as_bytes()[start..].starts_with(b"{{>") {
            return None;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        if !text[line_start..start]
            .bytes()
            .all(|b| b == b' ' || b == b'\t')
        {
            return None;
        }
        include::include_name(&text[start..self.doc.body.start + range.end])
    }

    /// Replaces the include paragraph at event `i` with the snippet `name`: its events go
    /// through this writer as a document of their own (positions in the snippet file, links
    /// from its folder), its sections nested in the sections open here, the whole of it in a
    /// section of its own when the snippet has an `audience:` list.
    fn include(
        &mut self,
        events: &Events<'a>,
        i: usize,
        name: &str,
        out: &mut Vec<Event<'a>>,
    ) -> usize {
        let next = self.ends[i] + 1;
        let range = &events[i].1;
        let span = self.span(range);
        let parent = self.doc.origin;
        if self.including.iter().any(|n| n == name) || self.including.len() >= include::MAX_DEPTH {
            let mut chain = self.including.clone();
            chain.push(name.to_string());
            self.body.include_problems.push(IncludeProblem::Cycle {
                chain,
                origin: parent,
                span,
            });
            return next;
        }
        let Some(snippet) = self.input.snippets.get(name) else {
            self.body.include_problems.push(IncludeProblem::Missing {
                name: name.to_string(),
                origin: parent,
                span,
            });
            return next;
        };
        let start = self.doc.body.start + range.start;
        let line_start = self.doc.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let base = self.body.expanded_line(parent, span.start.line);
        // The body starts on the line after the closing `---`, or on it when that line ends
        // the file (column > 1), like an article's Markdown copy.
        let at = snippet.lines.position(snippet.text, snippet.body_start);
        let first_line = at.line + u32::from(at.column > 1);
        self.body.inclusions.push(Inclusion {
            name: name.to_string(),
            path: snippet.path.to_string(),
            parent,
            span,
            lines: base..base,
            first_line,
            body_start: snippet.body_start,
            indent: self.doc.text[line_start..start].to_string(),
            comments: Vec::new(),
        });
        let origin = Origin(self.body.inclusions.len() as u32);
        let outer = std::mem::replace(
            &mut self.doc,
            Doc {
                text: snippet.text,
                body: snippet.body_start..snippet.text.len(),
                lines: snippet.lines,
                path: snippet.path,
                origin,
            },
        );
        let outer_structure = (
            std::mem::take(&mut self.ends),
            std::mem::take(&mut self.alts),
        );
        let outer_floor = self.section_floor;
        self.including.push(name.to_string());
        let open_before = self.sections.len();
        let whole = snippet.audiences.filter(|a| !a.is_empty());
        if let Some(audiences) = whole {
            // Level 0: no heading of the snippet closes it.
            self.open_section(0, audiences, base, out);
        }
        self.section_floor = self.sections.len();
        let snippet_events = self.parse(&snippet.text[snippet.body_start..]);
        (self.ends, self.alts) = structure(&snippet_events);
        let mut j = 0;
        while j < snippet_events.len() {
            j = self.event(&snippet_events, j, out);
            if !self.with_html {
                out.clear();
            }
        }
        let line_count = u32::try_from(snippet.text.lines().count()).unwrap_or(u32::MAX - 1);
        let end_line = self
            .body
            .expanded_line(origin, line_count.saturating_add(1));
        let end_line = end_line.max(base);
        if let Some(index) = origin.inclusion() {
            self.body.inclusions[index].lines.end = end_line;
        }
        while self.sections.len() > open_before {
            self.close_section(out, end_line);
        }
        self.section_floor = outer_floor;
        self.including.pop();
        (self.ends, self.alts) = outer_structure;
        self.doc = outer;
        next
    }

    /// Shows this body's raw HTML as text: past [`raw_html::MAX_TAGS`] start tags, the
    /// sanitizer's tree builder slows down with the square of the nesting (47 s for 90,000
    /// nested tags), and such a body is generated HTML, not an article.
    fn escape_all_raw_html(&mut self, out: &mut [Event]) {
        for &index in &self.raw_html_events {
            if let Event::Html(text) | Event::InlineHtml(text) = &out[index] {
                out[index] = Event::Text(text.clone());
            }
        }
        self.has_raw_html = false;
        let (origin, span) = self.first_raw_html.unwrap_or_default();
        self.body.removed_html = vec![RemovedHtml {
            span,
            origin,
            what: format!(
                "all raw HTML of this article is shown as text: it has {} tags, more than the {} kbpress sanitizes in one article",
                self.raw_html_tags,
                raw_html::MAX_TAGS
            ),
        }];
        self.body.html_anchors.clear();
    }

    /// Writes a raw HTML event, remembering where (see [`Writer::escape_all_raw_html`]).
    fn push_raw_html<'e>(&mut self, event: Event<'e>, out: &mut Vec<Event<'e>>) {
        if self.with_html {
            self.raw_html_events.push(out.len());
        }
        out.push(match event {
            Event::Html(text) | Event::InlineHtml(text) if self.escape_raw_html => {
                Event::Text(text)
            }
            event => event,
        });
    }

    /// Closes the innermost open section, which ends before source line `end_line`.
    fn close_section(&mut self, out: &mut Vec<Event>, end_line: u32) {
        if let Some((_, _, number)) = self.sections.pop() {
            self.section_lines[number].end = end_line;
            let prefix = self.marker();
            out.push(Event::Html(
                format!(
                    "{prefix}{}</section>\n{prefix}{}{number}-->",
                    sections::WRAPPER,
                    sections::END
                )
                .into(),
            ));
        }
    }

    /// The prefix of this body's section markers: absent from the article and every snippet.
    fn marker(&mut self) -> &str {
        let source = &self.input.text[self.input.body.clone()];
        let snippets = self.input.snippets;
        self.marker.get_or_insert_with(|| {
            sections::marker_prefix(source, &|needle| snippets.any_contains(needle))
        })
    }

    /// The span of a body byte range, without trailing line breaks (a heading's range ends
    /// after its newline, but the finding belongs on the heading's own line).
    fn span(&self, range: &std::ops::Range<usize>) -> crate::diagnostic::Span {
        let start = self.doc.body.start;
        let text = self.doc.text;
        let mut end = start + range.end;
        while end > start + range.start && matches!(text.as_bytes()[end - 1], b'\n' | b' ') {
            end -= 1;
        }
        self.doc.lines.span(text, start + range.start..end)
    }

    /// Handles the event at `i`, pushing its output; returns the index of the next event.
    fn event(&mut self, events: &Events<'a>, i: usize, out: &mut Vec<Event<'a>>) -> usize {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Paragraph) if self.include_at(range).is_some() => {
                let name = self.include_at(range).unwrap_or_default();
                return self.include(events, i, name, out);
            }
            Event::Start(Tag::Heading {
                level: pulldown_cmark::HeadingLevel::H1,
                id,
                attrs,
                ..
            }) if self.events_before + i == 0
                && self.doc.origin.is_article()
                && !attrs.iter().any(|(key, _)| key.as_ref() == "audience") =>
            {
                return self.title_heading(events, i, id.as_deref());
            }
            Event::Start(Tag::Heading {
                level, id, attrs, ..
            }) => {
                let level = *level as u8;
                self.open_heading(events, i, level, id.as_deref(), attrs, out);
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(braces) = self.heading_braces.take() {
                    out.push(Event::Text(format!(" {braces}").into()));
                }
                let id = self
                    .body
                    .headings
                    .last()
                    .map(|h| h.id.clone())
                    .unwrap_or_default();
                let level = *level as u8;
                out.push(Event::Html(
                    format!(
                        " <a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a></h{level}>\n",
                        escape_html(&id)
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // An email autolink `<a@b.example>` is written without its `mailto:`.
                let recorded = match link_type {
                    pulldown_cmark::LinkType::Email => CowStr::from(format!("mailto:{dest_url}")),
                    _ => dest_url.clone(),
                };
                let target = self.record_link(LinkKind::Link, &recorded, String::new(), range);
                let kept = !matches!(target, Target::Unsafe { .. });
                self.link_kept.push(kept);
                if kept {
                    let dest_url = self.rewrite(&target, dest_url);
                    out.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url,
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                if self.link_kept.pop().unwrap_or(true) {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let end = self.ends[i];
                let alt = self.alts.remove(&i).unwrap_or_default();
                let target = self.record_link(LinkKind::Image, dest_url, alt, range);
                if matches!(target, Target::Unsafe { .. }) {
                    return end + 1;
                }
                let dest_url = self.rewrite(&target, dest_url);
                out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::HtmlBlock) if self.input.raw_html == RawHtmlPolicy::Sanitize => {
                return self.html_block(events, i, out);
            }
            Event::InlineHtml(html)
                if self.input.raw_html == RawHtmlPolicy::Sanitize
                    && raw_html::is_placeholder(html) =>
            {
                out.push(Event::Text(html.clone()));
            }
            Event::InlineHtml(html) if self.input.raw_html == RawHtmlPolicy::Sanitize => {
                self.has_raw_html = true;
                self.inspect_raw_html(html, &[(0, range.start)]);
                self.push_raw_html(event.clone(), out);
            }
            Event::Start(Tag::HtmlBlock) => {
                self.body.raw_html.push((self.doc.origin, self.span(range)));
                out.push(Event::Html("<p class=\"raw-html\">".into()));
            }
            Event::End(TagEnd::HtmlBlock) => out.push(Event::Html("</p>\n".into())),
            Event::Html(html) => out.push(Event::Text(html.clone())),
            Event::InlineHtml(html) => {
                self.body.raw_html.push((self.doc.origin, self.span(range)));
                out.push(Event::Text(html.clone()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert(*kind);
                out.push(Event::Html(
                    format!("<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html("</div>\n".into())),
            // pulldown-cmark's checkbox has no accessible name; a form control needs one
            // (WCAG 4.1.2), and the item's text follows it, so the name says what it marks.
            Event::TaskListMarker(done) => out.push(Event::Html(CowStr::Borrowed(if *done {
                raw_html::TASK_DONE_HTML
            } else {
                raw_html::TASK_OPEN_HTML
            }))),
            Event::Start(Tag::CodeBlock(_)) if self.with_html => {
                return self.code_block(events, i, out);
            }
            other => out.push(other.clone()),
        }
        i + 1
    }

    /// A raw HTML block, kept whole for the sanitizer; what it holds is recorded.
    fn html_block<'e>(&mut self, events: &Events<'e>, i: usize, out: &mut Vec<Event<'e>>) -> usize {
        let end = self.ends[i];
        let mut fragment = String::new();
        // Where each line's text starts in `fragment` and in the body (lines inside a block
        // quote or list lose their prefix, so the two differ).
        let mut pieces = Vec::new();
        for (event, range) in &events[i + 1..end] {
            if let Event::Html(text) | Event::Text(text) = event {
                pieces.push((fragment.len(), range.start));
                fragment.push_str(text);
                self.push_raw_html(Event::Html(text.clone()), out);
            }
        }
        self.has_raw_html = true;
        self.inspect_raw_html(&fragment, &pieces);
        end + 1
    }

    /// Records what raw HTML `fragment` holds: what the sanitizer removes (for `raw-html`),
    /// links and images (checked like Markdown ones, their relative URLs rewritten), anchors
    /// and comments. `pieces`: where parts of `fragment` start, in it and in the body.
    fn inspect_raw_html(&mut self, fragment: &str, pieces: &[(usize, usize)]) {
        let inspection = raw_html::inspect(fragment);
        self.raw_html_tags += inspection.start_tags;
        let to_body = |offset: usize| {
            let index = pieces.partition_point(|(start, _)| *start <= offset).max(1) - 1;
            let (start, body_start) = pieces[index];
            body_start + offset - start
        };
        // Ranges stay inside the fragment (its last byte at most): the inspection places what
        // it cannot find in the text at its cursor, which may be the fragment's end.
        let last = fragment.len().saturating_sub(1);
        let to_range = |range: &std::ops::Range<usize>| {
            let start = to_body(range.start.min(last));
            start..to_body((range.end.max(range.start + 1) - 1).min(last)) + 1
        };
        if self.first_raw_html.is_none() {
            let span = self.span(&to_range(&(0..fragment.len().min(1))));
            self.first_raw_html = Some((self.doc.origin, span));
        }
        for (range, what) in &inspection.removed {
            let span = self.span(&to_range(range));
            self.body.removed_html.push(RemovedHtml {
                span,
                what: what.clone(),
                origin: self.doc.origin,
            });
        }
        for found in &inspection.urls {
            let (kind, alt) = match &found.image {
                Some(alt) => (LinkKind::Image, alt.clone()),
                None => (LinkKind::Link, String::new()),
            };
            let target = self.record_link(kind, &found.value, alt, &to_range(&found.at));
            if self.with_html {
                if let Some(url) = self.input.urls.url_for(&target) {
                    self.raw_html_urls.insert(found.value.clone(), url);
                }
            }
        }
        self.body.html_anchors.extend(inspection.anchors);
        let start = self.doc.body.start;
        let comments = inspection.comments.iter().map(|range| {
            let range = to_range(range);
            start + range.start..start + range.end
        });
        match self.doc.origin.inclusion() {
            None => self.body.comments.extend(comments),
            Some(index) => self.body.inclusions[index].comments.extend(comments),
        }
    }

    /// A fenced code block: highlighted when kbpress knows its language, else left to
    /// pulldown-cmark, which writes the code as escaped text.
    fn code_block<'e>(&self, events: &Events<'e>, i: usize, out: &mut Vec<Event<'e>>) -> usize {
        out.push(events[i].0.clone());
        let end = self.ends[i];
        let code = events[i + 1..end].iter().map(|(event, _)| event);
        match super::highlight::code_block(&events[i].0, code) {
            Some(html) => {
                out.push(Event::Html(html.into()));
                out.push(Event::End(TagEnd::CodeBlock));
                end + 1
            }
            None => i + 1,
        }
    }

    /// An H1 that starts the body: the page's title heading, which the template shows in place
    /// of `title` (`page.heading`); it is left out of the body's HTML and headings.
    fn title_heading(&mut self, events: &Events, i: usize, explicit_id: Option<&str>) -> usize {
        let end = self.ends[i];
        let mut text = plain_text(&events[i + 1..end]);
        let source = &self.doc.text[self.doc.body.clone()][events[i].1.clone()];
        let mut explicit_id = explicit_id;
        if let Some(braces) = trailing_braces(source) {
            if !text.ends_with(braces) && braces_are_text(braces) {
                text = format!("{text} {braces}");
                explicit_id = None;
            }
        }
        let span = self.span(&events[i].1);
        let id = match explicit_id {
            Some(id) => id.to_string(),
            None => self.ids.unique(&text),
        };
        self.body.title_lines = span.start.line..span.end.line + 1;
        self.body.title_heading = Some(Heading {
            level: 1,
            text,
            id,
            explicit_id: explicit_id.is_some(),
            span,
            audiences: Vec::new(),
            section_audiences: None,
            unknown_attributes: Vec::new(),
            origin: ARTICLE,
        });
        end + 1
    }

    fn open_heading<'e>(
        &mut self,
        events: &Events<'e>,
        i: usize,
        level: u8,
        explicit_id: Option<&str>,
        attrs: &[(CowStr<'e>, Option<CowStr<'e>>)],
        out: &mut Vec<Event<'e>>,
    ) {
        let end = self.ends[i];
        let mut text = plain_text(&events[i + 1..end]);
        let span = self.span(&events[i].1);
        // pulldown-cmark takes any trailing `{...}` as attributes (dropping what it cannot
        // read); `{Text | XML}` is text, written back.
        let source = &self.doc.text[self.doc.body.clone()][events[i].1.clone()];
        let (explicit_id, attrs) = match trailing_braces(source) {
            Some(braces) if !text.ends_with(braces) && braces_are_text(braces) => {
                text = format!("{text} {braces}");
                self.heading_braces = Some(braces.to_string());
                (None, &[][..])
            }
            _ => (explicit_id, attrs),
        };
        let line = self.body.expanded_line(self.doc.origin, span.start.line);
        while self.sections.len() > self.section_floor
            && self
                .sections
                .last()
                .is_some_and(|(open, _, _)| *open >= level)
        {
            self.close_section(out, line);
        }
        let mut audiences = Vec::new();
        let mut unknown_attributes = Vec::new();
        for (key, value) in attrs {
            match (key.as_ref(), value.as_deref()) {
                ("audience", Some(value)) if !value.trim_matches(',').is_empty() => audiences
                    .extend(
                        value
                            .split(',')
                            .filter(|a| !a.is_empty())
                            .map(str::to_string),
                    ),
                (key, Some(value)) => unknown_attributes.push(format!("{key}={value}")),
                (key, None) => unknown_attributes.push(key.to_string()),
            }
        }
        let id = match explicit_id {
            Some(id) => id.to_string(),
            None => self.ids.unique(&text),
        };
        if !audiences.is_empty() {
            self.open_section(level, audiences.clone(), line, out);
        }
        out.push(Event::Html(
            format!("<h{level} id=\"{}\">", escape_html(&id)).into(),
        ));
        let section_audiences = self.section_audiences();
        self.body.headings.push(Heading {
            level,
            text,
            id,
            explicit_id: explicit_id.is_some(),
            span,
            audiences,
            section_audiences,
            unknown_attributes,
            origin: self.doc.origin,
        });
    }

    /// Opens an audience section for `audiences` at expanded line `line`, closed by a heading
    /// of level `level` or higher (level 0: a snippet's `audience:`, closed at its end).
    fn open_section<'e>(
        &mut self,
        level: u8,
        audiences: Vec<String>,
        line: u32,
        out: &mut Vec<Event<'e>>,
    ) {
        let names: Vec<String> = audiences
            .iter()
            .map(|a| (self.input.audience_name)(a).unwrap_or_else(|| a.clone()))
            .collect();
        let label = (self.input.audience_label).replace("{audiences}", &names.join(", "));
        let number = self.section_audiences_by_number.len();
        self.section_audiences_by_number.push(audiences.clone());
        self.section_lines.push(line..u32::MAX);
        let prefix = self.marker();
        out.push(Event::Html(
            format!(
                "{prefix}{}{number}-->\n<section class=\"audience-section\" data-audience=\"{}\">\n<p class=\"audience-label\">{}</p>\n{prefix}{}",
                sections::START,
                escape_html(&audiences.join(" ")),
                escape_html(&label),
                sections::CONTENT,
            )
            .into(),
        ));
        self.sections.push((level, audiences, number));
    }

    fn record_link(
        &mut self,
        kind: LinkKind,
        destination: &str,
        alt: String,
        range: &std::ops::Range<usize>,
    ) -> Target {
        let target = links::resolve(self.doc.path, destination, self.input.index);
        let section_audiences = self.section_audiences();
        self.body.links.push(Link {
            kind,
            destination: destination.to_string(),
            target: target.clone(),
            span: self.span(range),
            alt,
            section_audiences,
            origin: self.doc.origin,
        });
        target
    }

    /// The audiences that can see the current position: those of every open section.
    fn section_audiences(&self) -> Option<Vec<String>> {
        let mut open = self.sections.iter().map(|(_, audiences, _)| audiences);
        let first = open.next()?.clone();
        Some(open.fold(first, |acc, next| {
            acc.into_iter().filter(|a| next.contains(a)).collect()
        }))
    }

    fn rewrite<'e>(&self, target: &Target, written: &CowStr<'e>) -> CowStr<'e> {
        if !self.with_html {
            // Only the HTML shows the URL; finding it was 2.5% of a check.
            return written.clone();
        }
        match self.input.urls.url_for(target) {
            Some(url) => url.into(),
            None => written.clone(),
        }
    }
}

/// Whether a heading's trailing `{...}` is heading text rather than attributes: attributes are
/// `#id`, `.class` and `key=value` only, so another word (`{Text | XML}`) makes it text, unless
/// a `key=value` shows it was meant as attributes (`{audience="a b"}` stays a malformed marker,
/// which `unknown-audience` reports).
/// Whether a body can be written as it is parsed: variables (`{{`) are replaced in the list of
/// its events, and a task checkbox's placeholder in its text would be taken for the writer's.
fn streamable(source: &str) -> bool {
    let bytes = source.as_bytes();
    memchr::memmem::find(bytes, b"{{").is_none()
        && memchr::memmem::find(bytes, b"kbpress-task-").is_none()
}

/// The writer's task checkbox as the placeholder that crosses the sanitizer (see TASK_DONE).
fn to_task_placeholder(event: &mut Event) {
    if let Event::Html(CowStr::Borrowed(text)) = event {
        if std::ptr::eq(*text, raw_html::TASK_DONE_HTML) {
            *text = raw_html::TASK_DONE;
        } else if std::ptr::eq(*text, raw_html::TASK_OPEN_HTML) {
            *text = raw_html::TASK_OPEN;
        }
    }
}

fn braces_are_text(braces: &str) -> bool {
    let inside = braces.trim_start_matches('{').trim_end_matches('}');
    let mut words = inside.split_ascii_whitespace();
    let attribute_like = |word: &str| match word.as_bytes()[0] {
        b'#' | b'.' => word.len() > 1,
        _ => word.split_once('=').is_some_and(|(key, _)| !key.is_empty()),
    };
    !words.clone().all(attribute_like) && !words.any(|word| word.contains('='))
}

/// The `{...}` at the end of a heading's source (an ATX heading's line without its closing
/// `#`s, or a setext heading's text without its underline), as written.
fn trailing_braces(heading: &str) -> Option<&str> {
    let mut text = heading.trim_end();
    if let Some((before, underline)) = text.rsplit_once('\n') {
        if !underline.trim().is_empty() && underline.trim().chars().all(|c| c == '=' || c == '-') {
            text = before.trim_end();
        }
    }
    let without_closing = text.trim_end_matches('#');
    if without_closing.len() < text.len() && without_closing.ends_with([' ', '\t']) {
        text = without_closing.trim_end();
    }
    if !text.ends_with('}') {
        return None;
    }
    // `{{ name }}` ending a heading is a variable, not attributes (see `variables.rs`).
    text.rfind('{')
        .filter(|&open| !text[..open].ends_with('{'))
        .map(|open| &text[open..])
}

fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}
