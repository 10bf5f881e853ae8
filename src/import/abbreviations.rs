//! Abbreviations (`*[HTML]: Hyper Text Markup Language`): the definition lines go, and every
//! whole-word use of the abbreviation in a page's text becomes `<abbr title="...">HTML</abbr>`,
//! which kbpress keeps. Not in code, link destinations, HTML tags or headings (a heading's id
//! is made from its text).

use super::body::Context;
use crate::markdown::escape_html;

/// `*[HTML]: Hyper Text Markup Language` -> (`HTML`, its expansion).
pub fn definition(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix("*[")?;
    let (abbreviation, rest) = rest.split_once("]:")?;
    if abbreviation.is_empty() || abbreviation.contains(']') {
        return None;
    }
    Some((abbreviation.to_string(), rest.trim().to_string()))
}

/// `text` with each use wrapped.
pub fn wrap(text: &str, context: &mut Context) -> String {
    let mut out = String::with_capacity(text.len());
    let mut plain = String::new();
    let mut chars = text.char_indices().peekable();
    let mut skip_until: Option<char> = None;
    while let Some((index, c)) = chars.next() {
        if let Some(end) = skip_until {
            out.push(c);
            if c == end {
                skip_until = None;
            }
            continue;
        }
        let protected = match c {
            '<' => Some('>'),
            ']' if text[index + 1..].starts_with('(') => Some(')'),
            _ => None,
        };
        if let Some(end) = protected {
            out.push_str(&replace_words(&plain, context));
            plain.clear();
            out.push(c);
            if c == ']' {
                if let Some((_, open)) = chars.next() {
                    out.push(open);
                }
            }
            skip_until = Some(end);
            continue;
        }
        plain.push(c);
    }
    out.push_str(&replace_words(&plain, context));
    out
}

fn replace_words(text: &str, context: &mut Context) -> String {
    let mut out = text.to_string();
    // Longest first, so `HTTPS` is not taken for `HTTP` + `S`.
    let mut abbreviations: Vec<(&String, &String)> = context.abbreviations.iter().collect();
    abbreviations.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
    let mut done: Vec<(usize, usize)> = Vec::new();
    for (abbreviation, title) in abbreviations {
        let mut from = 0;
        while let Some(found) = out[from..].find(abbreviation.as_str()) {
            let start = from + found;
            let end = start + abbreviation.len();
            let word_before = out[..start].chars().next_back().is_some_and(is_word);
            let word_after = out[end..].chars().next().is_some_and(is_word);
            let inside = done.iter().any(|&(s, e)| start < e && end > s);
            if word_before || word_after || inside {
                from = end;
                continue;
            }
            let replacement = format!(
                "<abbr title=\"{}\">{}</abbr>",
                escape_html(title),
                escape_html(abbreviation)
            );
            let grown = replacement.len() - abbreviation.len();
            out.replace_range(start..end, &replacement);
            for range in &mut done {
                if range.0 >= end {
                    range.0 += grown;
                    range.1 += grown;
                }
            }
            done.push((start, start + replacement.len()));
            context.tally.count("abbreviation use -> <abbr>");
            from = start + replacement.len();
        }
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_are_read() {
        assert_eq!(
            definition("*[HTML]: Hyper Text Markup Language"),
            Some(("HTML".into(), "Hyper Text Markup Language".into()))
        );
        assert_eq!(definition("*[]: x"), None);
        assert_eq!(definition("* [HTML]: x"), None);
    }
}
