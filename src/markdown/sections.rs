//! Audience sections in the written HTML: the writer marks where each section starts and ends
//! with comments, and [`take_section_markers`] removes them and returns each section's byte
//! range, so a build can cut the sections its audience may not see (see `Body::html_for`).

// User content cannot forge these markers: the writer picks a prefix that its article's source
// does not contain ([`marker_prefix`]), and raw HTML comes only from the source.

/// The start of every marker of a body whose Markdown is `source`: `<!--kbpress-section-`, or a
/// longer prefix when the source holds that text, or when `elsewhere` (the snippets it may
/// include) holds it.
pub fn marker_prefix(source: &str, elsewhere: &dyn Fn(&[u8]) -> bool) -> String {
    let mut prefix = String::from("<!--kbpress-section-");
    while memchr::memmem::find(source.as_bytes(), &prefix.as_bytes()[4..]).is_some()
        || elsewhere(&prefix.as_bytes()[4..])
    {
        prefix.push_str("x-");
    }
    prefix
}

/// Opens section `n`: `{prefix}start-n-->`, followed by the section's opening HTML, then
/// [`CONTENT`] where the article's own content starts.
pub const START: &str = "start-";
/// Closes section `n`: `{prefix}end-n-->`, right after the section's closing HTML, which
/// [`WRAPPER`] precedes.
pub const END: &str = "end-";
/// Where the writer's own HTML around a section's content ends: `{prefix}content-->`.
pub const CONTENT: &str = "content-->";
/// Where the writer's own HTML closing a section starts: `{prefix}wrapper-->`.
pub const WRAPPER: &str = "wrapper-->";

/// Applies `clean` to the article's content in `html`, not to the writer's section HTML
/// between the markers, and not across a section boundary: each piece is cleaned alone, so
/// the HTML a build cuts out (a section) holds every element it opens.
pub fn clean_between_markers(
    html: &str,
    prefix: &str,
    clean: &mut dyn FnMut(&str) -> String,
) -> String {
    let mut cleaned = String::with_capacity(html.len());
    let mut rest = html;
    let mut in_content = true;
    loop {
        let next = rest.find(prefix);
        let piece = &rest[..next.unwrap_or(rest.len())];
        if in_content {
            if !piece.is_empty() {
                cleaned.push_str(&clean(piece));
            }
        } else {
            cleaned.push_str(piece);
        }
        let Some(at) = next else { break };
        let marker = &rest[at..];
        let close = marker.find("-->").map_or(marker.len(), |i| i + 3);
        let kind = marker.get(prefix.len()..close).unwrap_or("");
        in_content = kind == CONTENT || kind.starts_with(END);
        cleaned.push_str(&marker[..close]);
        rest = &marker[close..];
    }
    cleaned
}

/// Removes the section markers from `html` and returns each section's byte range in the
/// cleaned HTML, in order of opening.
pub fn take_section_markers(
    html: &mut String,
    prefix: &str,
    audiences: &[Vec<String>],
    lines: &[std::ops::Range<u32>],
) -> Vec<super::Section> {
    if audiences.is_empty() {
        return Vec::new();
    }
    let mut cleaned = String::with_capacity(html.len());
    let mut starts = vec![0; audiences.len()];
    let mut sections: Vec<super::Section> = audiences
        .iter()
        .zip(lines)
        .map(|(a, lines)| super::Section {
            html: 0..0,
            audiences: a.clone(),
            lines: lines.clone(),
        })
        .collect();
    let mut rest = html.as_str();
    while let Some(at) = rest.find(prefix) {
        cleaned.push_str(&rest[..at]);
        let marker = &rest[at..];
        let close = marker.find("-->").map_or(marker.len(), |i| i + 3);
        let kind = marker.get(prefix.len()..close).unwrap_or("");
        let (is_start, number) = if let Some(n) = kind.strip_prefix(START) {
            (true, n.trim_end_matches("-->"))
        } else {
            (
                false,
                kind.strip_prefix(END).unwrap_or("").trim_end_matches("-->"),
            )
        };
        if let Ok(number) = number.parse::<usize>() {
            if number < sections.len() {
                if is_start {
                    starts[number] = cleaned.len();
                } else {
                    sections[number].html = starts[number]..cleaned.len();
                }
            }
        }
        rest = &marker[close..];
    }
    cleaned.push_str(rest);
    *html = cleaned;
    sections
}
