//! attr_list: a heading's `{ #id }` (or `{: #id .class }`) -> kbpress's `{#id}`, so links to
//! the anchor keep working. Classes and `key=value` attributes have no kbpress equivalent
//! (on headings, links, images or paragraphs): they are removed and reported. md_in_html's
//! `markdown` attribute is removed from raw HTML (kbpress reads Markdown between blank lines
//! inside HTML blocks already, and would report the attribute as removed HTML).

use super::body::Context;

/// The words of an attribute list's inside (`: #id .class key="v"`), when it is one.
fn words(inner: &str) -> Option<Vec<&str>> {
    let inner = inner
        .trim()
        .strip_prefix(':')
        .unwrap_or(inner.trim())
        .trim();
    if inner.is_empty() {
        return None;
    }
    let words: Vec<&str> = inner.split_whitespace().collect();
    let attribute_like = |word: &&str| {
        (word.starts_with('#') || word.starts_with('.')) && word.len() > 1
            || word.split_once('=').is_some_and(|(key, _)| {
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
            || word.ends_with('"')
    };
    words.iter().all(attribute_like).then_some(words)
}

/// A heading line with its attribute list rewritten for kbpress.
pub fn heading(text: &str, line: usize, context: &mut Context) -> String {
    let trimmed = text.trim_end();
    let Some(body) = trimmed.strip_suffix('}') else {
        return text.to_string();
    };
    let Some(open) = body.rfind('{') else {
        return text.to_string();
    };
    if body[..open].ends_with('{') {
        return text.to_string();
    }
    let Some(words) = words(&body[open + 1..]) else {
        return text.to_string();
    };
    let id = words.iter().find_map(|word| word.strip_prefix('#'));
    let dropped: Vec<&str> = words
        .iter()
        .copied()
        .filter(|word| !word.starts_with('#'))
        .collect();
    if !dropped.is_empty() {
        context.tally.skip(
            context.file,
            line,
            "heading attributes",
            &dropped.join(" "),
            "removed: kbpress headings take only an id",
        );
    }
    let heading = body[..open].trim_end();
    match id {
        Some(id) => {
            context.tally.count("heading id {#id}");
            format!("{heading} {{#{id}}}")
        }
        None => heading.to_string(),
    }
}

/// `{: .class }` alone on a line (attributes of the paragraph above).
pub fn is_block_attributes(line: &str) -> bool {
    line.starts_with('{')
        && !line.starts_with("{{")
        && line.ends_with('}')
        && line[1..].trim_start().starts_with([':', '.', '#'])
        && words(&line[1..line.len() - 1]).is_some()
}

/// Attribute lists right after a link, image or emphasis (`[Go](x){ .md-button }`), removed.
pub fn inline(text: &str, line: usize, context: &mut Context) -> String {
    if !text.contains('{') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let before = &rest[..open];
        let after = &rest[open + 1..];
        let attached = before.ends_with([')', ']', '*', '_', '`']) && !after.starts_with('{');
        let close = after.find('}');
        match close.filter(|_| attached) {
            Some(close) if words(&after[..close]).is_some() => {
                out.push_str(before);
                context.tally.skip(
                    context.file,
                    line,
                    "inline attributes",
                    &format!("{{{}}}", &after[..close]),
                    "removed: kbpress has no attributes on links, images or text (buttons, \
                     image sizes, annotations)",
                );
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..open + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Raw HTML without md_in_html's `markdown`, `markdown="1"`, `markdown="block"` attribute.
pub fn markdown_attribute(text: &str, context: &mut Context) -> String {
    let mut out = text.to_string();
    for form in [
        " markdown=\"1\"",
        " markdown=\"block\"",
        " markdown=\"span\"",
        " markdown='1'",
        " markdown",
    ] {
        while let Some(at) = out.find(form) {
            let next = out[at + form.len()..].chars().next();
            if !matches!(next, Some('>' | ' ' | '/')) {
                break;
            }
            out.replace_range(at..at + form.len(), "");
            context.tally.count("md_in_html markdown attribute removed");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lists_are_recognised() {
        assert!(is_block_attributes("{: .center }"));
        assert!(is_block_attributes("{ #intro .lead }"));
        assert!(!is_block_attributes("{{ version }}"));
        assert!(!is_block_attributes("{ not attributes }"));
        assert_eq!(words(" #id .x "), Some(vec!["#id", ".x"]));
        assert_eq!(words("Text | XML"), None);
    }
}
