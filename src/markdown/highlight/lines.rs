//! The line-based formats: shell sessions, YAML, TOML and INI, HTTP messages. Each line is
//! classified by how it starts (a prompt, a key, a section header, a header field), and its
//! values go through the [`code`](super::code) scanner with the format's grammar.

use super::code::{count, line_of, Grammar, Scanner};
use super::{languages, markup, Class, Html};

/// A terminal transcript: a line that starts with a prompt is a command (with the lines after
/// it while they end in `\`); every other line is the output, written as plain text.
pub fn session(grammar: &Grammar, code: &str, out: &mut Html) {
    let mut at = 0;
    while at < code.len() {
        let line = line_of(&code[at..]);
        let prompt = session_prompt(line);
        let mut end = at + line.len();
        if prompt == 0 {
            out.plain(line);
        } else {
            out.token(Some(Class::Prompt), &line[..prompt]);
            while code[..end].ends_with('\\') && end < code.len() {
                end += 1 + line_of(&code[end + 1..]).len();
            }
            super::code::scan(grammar, &code[at + prompt..end], out);
        }
        // The line break, if any.
        out.plain(&code[end..(end + 1).min(code.len())]);
        at = end + 1;
    }
}

/// The prompt of a transcript line: `$`, `#` or `%`, alone or after `user@host:~/dir` (a word
/// with `@`, `:` or `~`, so output such as `50% loss` is not a prompt), then a space or the
/// end of the line; or PowerShell's `PS C:\> `.
fn session_prompt(line: &str) -> usize {
    let indent = count(line, |b| b == b' ' || b == b'\t');
    let rest = &line[indent..];
    // Only a whole `PS C:\> ` prompt: output that merely starts with `PS ` is output.
    let powershell = languages::powershell_prompt(rest);
    if powershell > 0 {
        return indent + powershell;
    }
    let word = &rest[..count(rest, |b| b != b' ' && b != b'\t')];
    let Some(host) = word.strip_suffix(['$', '#', '%']) else {
        return 0;
    };
    if !host.is_empty() && !host.bytes().any(|b| b"@:~".contains(&b)) {
        return 0;
    }
    let space = usize::from(rest.len() > word.len());
    indent + word.len() + space
}

/// TOML and INI: `[section]` headers, `key = value` lines, comment lines.
pub struct Assignments {
    pub grammar: Grammar,
    /// What separates a key from its value.
    pub separators: &'static [u8],
    /// What starts a comment line.
    pub comments: &'static [&'static str],
}

pub fn assignments(format: &Assignments, code: &str, out: &mut Html) {
    let mut scanner = Scanner::new(&format.grammar, code);
    while scanner.at < code.len() {
        let start = scanner.at;
        let line = line_of(&code[start..]);
        let indent = count(line, |b| b == b' ' || b == b'\t');
        let text = &line[indent..];
        out.plain(&line[..indent]);
        scanner.at = start + indent;
        if format.comments.iter().any(|c| text.starts_with(c)) {
            out.token(Some(Class::Comment), text);
            scanner.at = start + line.len();
        } else if text.starts_with('[') {
            let end = text.rfind(']').map_or(text.len(), |i| i + 1);
            out.token(Some(Class::Tag), &text[..end]);
            scanner.at += end;
        } else if let Some(separator) = text.bytes().position(|b| format.separators.contains(&b)) {
            let key = text[..separator].trim_end_matches([' ', '\t']);
            if !key.is_empty() && !key.contains(['#', ';']) {
                out.token(Some(Class::Key), key);
                scanner.at += key.len();
            }
        }
        scanner.rest_of_line(out);
    }
}

/// YAML: keys (plain or quoted, after any `- `), values through the YAML value grammar, and
/// the lines of `|` and `>` block scalars as strings.
pub fn yaml(code: &str, out: &mut Html) {
    let mut scanner = Scanner::new(&languages::YAML, code);
    // The indentation of the key that opened a block scalar, while its lines go on.
    let mut block: Option<usize> = None;
    while scanner.at < code.len() {
        let start = scanner.at;
        let line = line_of(&code[start..]);
        let indent = count(line, |b| b == b' ');
        let text = &line[indent..];
        if let Some(key_indent) = block {
            if indent > key_indent || text.trim().is_empty() {
                out.plain(&line[..indent]);
                out.token(Some(Class::String), text);
                scanner.at = start + line.len();
                scanner.rest_of_line(out);
                continue;
            }
            block = None;
        }
        out.plain(&line[..indent]);
        scanner.at = start + indent;
        if text == "---" || text == "..." {
            out.token(Some(Class::Keyword), text);
            scanner.at += text.len();
        } else {
            let items = sequence_markers(text);
            out.plain(&text[..items]);
            scanner.at += items;
            let entry = &text[items..];
            let key = yaml_key(entry);
            if key > 0 {
                out.token(Some(Class::Key), &entry[..key]);
                scanner.at += key;
            }
            let value = entry[key..].trim_start_matches([':', ' ']);
            let value = line_of(value).split(" #").next().unwrap_or("").trim_end();
            if key > 0 && (value.starts_with('|') || value.starts_with('>')) && value.len() <= 3 {
                block = Some(indent);
            }
        }
        scanner.rest_of_line(out);
    }
}

/// The length of the `- ` markers that start a YAML line.
fn sequence_markers(text: &str) -> usize {
    let mut at = 0;
    while text[at..].starts_with("- ") || &text[at..] == "-" {
        at += 1;
        at += count(&text[at..], |b| b == b' ');
    }
    at
}

/// The length of the key at the start of a YAML entry (before its `:`), or 0 without one.
fn yaml_key(entry: &str) -> usize {
    let bytes = entry.as_bytes();
    let end = match bytes.first() {
        None | Some(b'#' | b'[' | b'{' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`') => {
            return 0
        }
        Some(quote @ (b'"' | b'\'')) => match memchr::memchr(*quote, &bytes[1..]) {
            Some(i) => i + 2,
            None => return 0,
        },
        Some(_) => {
            // The first `: ` (or a `:` ending the line) before any ` #` comment.
            let mut colon = memchr::memchr_iter(b':', bytes)
                .find(|&i| matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')));
            if let (Some(at), Some(comment)) = (colon, entry.find(" #")) {
                colon = colon.filter(|_| at < comment);
            }
            match colon {
                Some(at) => at,
                None => return 0,
            }
        }
    };
    let colon = matches!(bytes.get(end), Some(b':'))
        && matches!(bytes.get(end + 1), None | Some(b' ' | b'\t'));
    if colon {
        entry[..end].trim_end().len()
    } else {
        0
    }
}

/// HTTP requests and responses: the start line, header fields, then a body that looks like
/// JSON or XML is highlighted as such. A block may hold several messages (a request, then its
/// response).
pub fn http(code: &str, out: &mut Html) {
    let mut at = 0;
    while at < code.len() {
        // The start line and the header fields, up to the blank line.
        let mut first = true;
        while at < code.len() {
            let line = line_of(&code[at..]);
            at += line.len();
            if first {
                start_line(line, out);
                first = false;
            } else if line.trim().is_empty() {
                out.plain(line);
                out.plain(&code[at..(at + 1).min(code.len())]);
                at = (at + 1).min(code.len());
                break;
            } else {
                header(line, out);
            }
            out.plain(&code[at..(at + 1).min(code.len())]);
            at = (at + 1).min(code.len());
        }
        // The body, up to the start line of the next message.
        let mut end = at;
        while end < code.len() {
            let line = line_of(&code[end..]);
            if is_start_line(line) {
                break;
            }
            end = (end + line.len() + 1).min(code.len());
        }
        let body = &code[at..end];
        match body.trim_start().as_bytes().first() {
            Some(b'{' | b'[') => super::code::scan(&languages::JSON, body, out),
            Some(b'<') => markup::scan(body, out),
            _ => out.plain(body),
        }
        at = end;
    }
}

/// Whether `line` starts a message: `HTTP/1.1 200 OK` or `GET /path HTTP/1.1`.
fn is_start_line(line: &str) -> bool {
    let method = count(line, |b| b.is_ascii_uppercase());
    line.starts_with("HTTP/") || method > 0 && line[method..].starts_with(" /")
}

fn start_line(line: &str, out: &mut Html) {
    let mut words = line.split(' ');
    let first = words.next().unwrap_or("");
    if first.starts_with("HTTP/") {
        // A status line: version, code, reason.
        out.token(Some(Class::Literal), first);
        let code = words.next();
        if let Some(code) = code {
            out.plain(" ");
            out.token(Some(Class::Number), code);
        }
        let used = first.len() + code.map_or(0, |c| c.len() + 1);
        out.plain(&line[used..]);
    } else if !first.is_empty() && first.bytes().all(|b| b.is_ascii_uppercase()) {
        // A request line: method, target, version.
        out.token(Some(Class::Keyword), first);
        let mut used = first.len();
        for (class, word) in [Some(Class::String), Some(Class::Literal)]
            .into_iter()
            .zip(words.by_ref())
        {
            out.plain(" ");
            out.token(class, word);
            used += word.len() + 1;
        }
        out.plain(&line[used..]);
    } else {
        out.plain(line);
    }
}

fn header(line: &str, out: &mut Html) {
    let name = count(line, |b| {
        b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
    });
    if name > 0 && line[name..].starts_with(':') {
        out.token(Some(Class::Key), &line[..name]);
        out.plain(&line[name..]);
    } else {
        out.plain(line);
    }
}
