//! The pieces of reading kbpress's article HTML (tags, entities, raw text) that the index's
//! word reader ([`super::html_words`]) uses, and, for its tests, `plain_text`: HTML to plain
//! text, which defines which words a page has. The reader must find exactly the words of that
//! text (a test compares them on generated HTML) without making it. The input is kbpress's own
//! sanitised article HTML, but this never trusts it: any byte sequence gives some text and
//! never panics.

#[cfg(test)]
/// The text of `html`: tags removed, entities decoded, `<script>`, `<style>` and comments
/// dropped with their content, whitespace (and ASCII control characters) collapsed to single
/// spaces, no leading or trailing space. Block-level tags separate words (`<li>a</li><li>b</li>` is `a b`); inline formatting
/// does not (`im<em>port</em>ant` stays one word).
///
/// One loop over the bytes with a table lookup each: text whose spacing is already regular
/// (one ASCII space between words) is copied in whole runs, and only tags, entities and other
/// whitespace end a run.
pub fn plain_text(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    // Whether a space is owed before the next visible character.
    let mut space = false;
    // The start of the text not copied yet.
    let mut run = 0;
    let mut index = 0;
    while index < bytes.len() {
        match KIND[bytes[index] as usize] {
            PLAIN => {
                index += 1;
                continue;
            }
            SPACE
                if index > run
                    && bytes
                        .get(index + 1)
                        .is_some_and(|&b| KIND[b as usize] == PLAIN) =>
            {
                index += 1;
                continue;
            }
            NON_ASCII => {
                let c = html[index..].chars().next().unwrap_or('\0');
                if !c.is_whitespace() {
                    index += c.len_utf8();
                    continue;
                }
                flush(&mut out, &html[run..index], &mut space);
                space = true;
                index += c.len_utf8();
            }
            AMPERSAND => {
                let (decoded, used) = entity(&html[index..]);
                let Some(c) = decoded else {
                    // Not an entity: the `&` is text.
                    index += 1;
                    continue;
                };
                flush(&mut out, &html[run..index], &mut space);
                if c.is_whitespace() {
                    space = true;
                } else {
                    let mut utf8 = [0; 4];
                    flush(&mut out, c.encode_utf8(&mut utf8), &mut space);
                }
                index += used;
            }
            OPEN => {
                flush(&mut out, &html[run..index], &mut space);
                index += tag(&html[index..], &mut space);
            }
            _ => {
                flush(&mut out, &html[run..index], &mut space);
                space = true;
                index += 1;
            }
        }
        run = index;
    }
    flush(&mut out, &html[run..], &mut space);
    out
}

#[cfg(test)]
const PLAIN: u8 = 0;
#[cfg(test)]
const SPACE: u8 = 1;
#[cfg(test)]
const BLANK: u8 = 2;
#[cfg(test)]
const OPEN: u8 = 3;
#[cfg(test)]
const AMPERSAND: u8 = 4;
#[cfg(test)]
const NON_ASCII: u8 = 5;

#[cfg(test)]
/// What each byte starts: visible ASCII text, a space, other ASCII whitespace or a control
/// (invisible, so it separates words like a space), a tag, an entity, a multi-byte char.
const KIND: [u8; 256] = {
    let mut table = [NON_ASCII; 256];
    let mut byte = 0;
    while byte < 0x80 {
        table[byte] = match byte as u8 {
            b' ' => SPACE,
            0..=0x1f | 0x7f => BLANK,
            b'<' => OPEN,
            b'&' => AMPERSAND,
            _ => PLAIN,
        };
        byte += 1;
    }
    table
};

#[cfg(test)]
use super::tag_names::is_inline;

#[cfg(test)]
/// Skips the tag (or comment) at the start of `rest`; returns how many bytes it used.
fn tag(rest: &str, space: &mut bool) -> usize {
    if let Some(after) = rest.strip_prefix("<!--") {
        *space = true;
        return after.find("-->").map_or(rest.len(), |end| 4 + end + 3);
    }
    let end = memchr::memchr(b'>', rest.as_bytes()).map_or(rest.len(), |end| end + 1);
    let name = tag_name(&rest[1..end]);
    if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
        *space = true;
        return rest.len() - skip_raw_text(&rest[end..], name).len();
    }
    if !is_inline(name) {
        *space = true;
    }
    end
}

#[cfg(test)]
/// Appends a run of text, after the owed space if any.
fn flush(out: &mut String, text: &str, space: &mut bool) {
    if text.is_empty() {
        return;
    }
    if *space && !out.is_empty() {
        out.push(' ');
    }
    *space = false;
    out.push_str(text);
}

#[cfg(test)]
/// The name of the tag whose inside (after `<`) is `inside`: `/p` and `p class=x` are `p`.
fn tag_name(inside: &str) -> &str {
    let inside = inside.strip_prefix('/').unwrap_or(inside);
    let end = inside
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inside.len());
    &inside[..end]
}

/// Everything up to and including `</name ...>`, case-insensitively; all of it if unclosed.
pub(super) fn skip_raw_text<'a>(rest: &'a str, name: &str) -> &'a str {
    let bytes = rest.as_bytes();
    let mut from = 0;
    while let Some(at) = rest[from..].find("</") {
        let start = from + at + 2;
        let candidate = bytes.get(start..start + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return rest[start..]
                .find('>')
                .map_or("", |end| &rest[start + end + 1..]);
        }
        from = start;
    }
    ""
}

/// Decodes the entity at the start of `text` (which starts with `&`): the char, if known, and
/// how many bytes it used. An unknown or malformed entity is `None` and keeps its `&`.
pub(super) fn entity(text: &str) -> (Option<char>, usize) {
    let body_end = text[1..]
        .char_indices()
        .take(32)
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '#'))
        .map(|(i, c)| (i + 1, c));
    let Some((end, ';')) = body_end else {
        return (None, 1);
    };
    let body = &text[1..end];
    let decoded = if let Some(number) = body.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        };
        value.map(|v| char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER))
    } else {
        match body {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            "ndash" => Some('–'),
            "mdash" => Some('—'),
            "hellip" => Some('…'),
            "rsquo" => Some('’'),
            "lsquo" => Some('‘'),
            "rdquo" => Some('”'),
            "ldquo" => Some('“'),
            "copy" => Some('©'),
            _ => None,
        }
    };
    match decoded {
        Some(c) => (Some(c), end + 1),
        None => (None, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_and_blocks_separate_words() {
        assert_eq!(
            plain_text("<h2 id=\"x\">Steps</h2>\n<ol><li>Open <strong>Users</strong></li><li>Save</li></ol>"),
            "Steps Open Users Save"
        );
        assert_eq!(plain_text("im<em>port</em>ant<br>next"), "important next");
        assert_eq!(plain_text("a<td>b</td><td>c</td>"), "a b c");
    }

    #[test]
    fn entities_are_decoded_once() {
        assert_eq!(
            plain_text("&lt;img src=x onerror=alert(1)&gt; &amp;amp; &#39;q&#x27; &quot;"),
            "<img src=x onerror=alert(1)> &amp; 'q' \""
        );
        assert_eq!(
            plain_text("a&nbsp;b &unknown; & x &#xZZ; &#1114112;"),
            "a b &unknown; & x &#xZZ; \u{fffd}"
        );
    }

    #[test]
    fn scripts_styles_and_comments_are_dropped_with_their_content() {
        assert_eq!(
            plain_text("a<script>var x = '<p>';</script>b<STYLE>p{}</style >c<!-- hidden -->d"),
            "a b c d"
        );
        assert_eq!(plain_text("a<script>never closed"), "a");
        assert_eq!(plain_text("a<!-- never closed"), "a");
    }

    #[test]
    fn whitespace_collapses_and_is_trimmed() {
        assert_eq!(
            plain_text("  <p>\n one \t two\n\n</p>  three  "),
            "one two three"
        );
        assert_eq!(plain_text(""), "");
        assert_eq!(plain_text("a \u{a0}b\u{2003} c\r\nd\u{3000}"), "a b c d");
        assert_eq!(plain_text("é ü  東京\tx"), "é ü 東京 x");
        assert_eq!(plain_text("bell\u{7}ring\u{7f}"), "bell ring");
    }

    #[test]
    fn hostile_input_never_panics() {
        for input in [
            "<",
            "&",
            "&#",
            "&#x;",
            "</",
            "<a",
            "<<>>",
            "&;",
            "é<é>é&é;",
            "<script",
            "</scr",
        ] {
            let _ = plain_text(input);
        }
        assert_eq!(plain_text("<a href=\"x\">unclosed"), "unclosed");
    }
}
