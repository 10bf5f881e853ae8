//! Audience sections in the written HTML: the writer marks where each section starts and ends
//! with comments, and [`take_section_markers`] removes them and returns each section's byte
//! range, so a build can cut the sections its audience may not see (see `Body::html_for`).

// User content cannot forge these markers: raw HTML is always escaped, so `<!--` never comes
// from it.

/// Opens section `n`: `<!--kbpress-section-start-n-->`.
pub const SECTION_START: &str = "<!--kbpress-section-start-";
/// Closes section `n`: `<!--kbpress-section-end-n-->`.
pub const SECTION_END: &str = "<!--kbpress-section-end-";

/// Removes the section markers from `html` and returns each section's byte range in the
/// cleaned HTML, in order of opening.
pub fn take_section_markers(
    html: &mut String,
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
    while let Some(at) = rest.find("<!--kbpress-section-") {
        cleaned.push_str(&rest[..at]);
        let marker = &rest[at..];
        let close = marker.find("-->").map_or(marker.len(), |i| i + 3);
        let (is_start, number) = if let Some(n) = marker[..close].strip_prefix(SECTION_START) {
            (true, n.trim_end_matches("-->"))
        } else {
            (
                false,
                marker[..close]
                    .strip_prefix(SECTION_END)
                    .unwrap_or("")
                    .trim_end_matches("-->"),
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
