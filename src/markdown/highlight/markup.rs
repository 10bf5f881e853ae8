//! XML and HTML: tags with their attributes, comments, declarations and entity references.
//! Text between tags is plain. The content of `<script>` and `<style>` is scanned like any
//! other text (a `<` before a letter starts a tag there too).

use super::code::count;
use super::{Class, Html};

pub fn scan(code: &str, out: &mut Html) {
    let bytes = code.as_bytes();
    let mut at = 0;
    while at < code.len() {
        let rest = &code[at..];
        let end = if rest.starts_with("<!--") {
            until(rest, 4, "-->", Class::Comment, out)
        } else if rest.starts_with("<![CDATA[") {
            until(rest, 9, "]]>", Class::String, out)
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            until(rest, 2, ">", Class::Keyword, out)
        } else if rest.starts_with('<') && is_name_start(rest[1..].bytes().next()) {
            tag(rest, 1, out)
        } else if rest.starts_with("</") && is_name_start(rest[2..].bytes().next()) {
            tag(rest, 2, out)
        } else if let Some(reference) = rest.strip_prefix('&') {
            let name = count(reference, |b| b.is_ascii_alphanumeric() || b == b'#');
            if name > 0 && reference[name..].starts_with(';') {
                out.token(Some(Class::Literal), &rest[..name + 2]);
                name + 2
            } else {
                out.plain("&");
                1
            }
        } else {
            // Text up to the next tag or entity reference.
            let end = memchr::memchr2(b'<', b'&', &bytes[at + 1..]).map_or(rest.len(), |i| i + 1);
            out.plain(&rest[..end]);
            end
        };
        at += end;
    }
}

/// Writes `rest` up to and including `close` (searched for after `open` bytes; the whole
/// rest when it is missing) as one token; returns its length.
fn until(rest: &str, open: usize, close: &str, class: Class, out: &mut Html) -> usize {
    let end = memchr::memmem::find(&rest.as_bytes()[open..], close.as_bytes())
        .map_or(rest.len(), |i| open + i + close.len());
    out.token(Some(class), &rest[..end]);
    end
}

fn is_name_start(byte: Option<u8>) -> bool {
    byte.is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b >= 0x80)
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.' | b':') || byte >= 0x80
}

/// A start or end tag whose name starts `open` bytes into `rest`: the name, then attribute
/// names, values and punctuation up to the `>` (or the end of the code); returns its length.
fn tag(rest: &str, open: usize, out: &mut Html) -> usize {
    let bytes = rest.as_bytes();
    out.plain(&rest[..open]);
    let name_end = open + count(&rest[open..], is_name_byte);
    out.token(Some(Class::Tag), &rest[open..name_end]);
    let mut at = name_end;
    while at < bytes.len() {
        let byte = bytes[at];
        let end = match byte {
            b'>' => {
                out.plain(">");
                return at + 1;
            }
            b'=' => {
                // `=` and the value after it; quoted values are strings below.
                out.plain("=");
                let value = count(&rest[at + 1..], |b| !b" \t\n\"'<>=`".contains(&b));
                out.token(Some(Class::String), &rest[at + 1..at + 1 + value]);
                at + 1 + value
            }
            b'"' | b'\'' => {
                let end =
                    memchr::memchr(byte, &bytes[at + 1..]).map_or(bytes.len(), |i| at + i + 2);
                out.token(Some(Class::String), &rest[at..end]);
                end
            }
            _ if is_name_start(Some(byte)) => {
                let end = at + count(&rest[at..], is_name_byte);
                out.token(Some(Class::Key), &rest[at..end]);
                end
            }
            _ => {
                // Spaces, `/` and stray bytes (a whole character outside ASCII).
                let end = at + rest[at..].chars().next().map_or(1, char::len_utf8);
                out.plain(&rest[at..end]);
                end
            }
        };
        at = end;
    }
    bytes.len()
}
