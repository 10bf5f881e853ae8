//! Hugo shortcodes in a page body: `{{< name args >}}` and `{{% name args %}}`, paired ones
//! closed by `{{< /name >}}`. Converted: `ref`/`relref` (-> a relative link to the page's
//! file), the note shortcodes of Hugo, Docsy, the Book and Relearn themes (`note`, `warning`,
//! `tip`, `notice KIND`, `hint KIND`, `alert color=`, `pageinfo`, ... -> alerts), `figure`
//! (-> an image), `highlight LANG` (-> fenced code), `tabs`/`tabpane` with `tab` (-> a section
//! per tab; the walker in `hugo.rs` does the blocks) and escaped shortcodes (`{{</* x */>}}`,
//! which Hugo shows as `{{< x >}}`). Every other shortcode is reported and kept as text.

/// One shortcode call found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// Byte range in the line.
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub closing: bool,
    /// `{{</* x */>}}`: shown by Hugo as written without the comment markers.
    pub escaped: bool,
    pub positional: Vec<String>,
    pub named: Vec<(String, String)>,
}

impl Call {
    pub fn argument(&self, name: &str, position: usize) -> Option<&str> {
        self.named
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .or_else(|| self.positional.get(position).map(String::as_str))
    }

    pub fn named(&self, name: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Words of a shortcode's arguments: `"a b"`, `` `c` ``, `key="v"`, `d`.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut quoted = false;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => current.push(c),
            (None, '"' | '`') => {
                quote = Some(c);
                quoted = true;
            }
            (None, c) if c.is_whitespace() => {
                if !current.is_empty() || quoted {
                    words.push(std::mem::take(&mut current));
                }
                quoted = false;
            }
            (None, c) => current.push(c),
        }
    }
    if !current.is_empty() || quoted {
        words.push(current);
    }
    words
}

/// Every shortcode call of `line`, in order.
pub fn calls(line: &str) -> Vec<Call> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = line[from..].find("{{") {
        let start = from + found;
        let after = &line[start + 2..];
        let Some(delimiter) = after.chars().next().filter(|c| *c == '<' || *c == '%') else {
            from = start + 2;
            continue;
        };
        let closer = if delimiter == '<' { ">}}" } else { "%}}" };
        let Some(length) = after[1..].find(closer) else {
            break;
        };
        let inner = after[1..1 + length].trim();
        let end = start + 2 + 1 + length + closer.len();
        let (inner, escaped) = match inner.strip_prefix("/*").and_then(|i| i.strip_suffix("*/")) {
            Some(inside) => (inside.trim(), true),
            None => (inner, false),
        };
        let (inner, closing) = match inner.strip_prefix('/') {
            Some(rest) => (rest.trim(), true),
            None => (inner, false),
        };
        let mut parts = words(inner).into_iter();
        let name = parts.next().unwrap_or_default();
        let mut positional = Vec::new();
        let mut named = Vec::new();
        for word in parts {
            match word.split_once('=') {
                Some((key, value))
                    if !key.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
                {
                    named.push((key.to_string(), value.to_string()))
                }
                _ => positional.push(word),
            }
        }
        out.push(Call {
            start,
            end,
            name,
            closing,
            escaped,
            positional,
            named,
        });
        from = end;
    }
    out
}

/// The admonition kind (as MkDocs names them, which `admonitions::render` maps to an alert)
/// and title of a note-like shortcode; `None` for any other shortcode.
pub fn alert(call: &Call) -> Option<(String, Option<String>)> {
    let title = call.named("title").map(str::to_string);
    let kind = match call.name.as_str() {
        "note" | "info" | "tip" | "warning" | "caution" | "danger" | "important" => {
            call.name.clone()
        }
        // Relearn/Learn's `notice KIND [TITLE]`, Book's `hint KIND`, Docsy's `alert color=`.
        "notice" | "hint" | "callout" | "admonition" => {
            let kind = call
                .named("style")
                .or_else(|| call.named("type"))
                .or_else(|| call.positional.first().map(String::as_str))
                .unwrap_or("note");
            let title = title.or_else(|| call.positional.get(1).cloned());
            return Some((color_kind(kind), title));
        }
        "alert" => {
            let kind = call
                .named("color")
                .or_else(|| call.named("type"))
                .or_else(|| call.positional.first().map(String::as_str))
                .unwrap_or("note");
            return Some((color_kind(kind), title));
        }
        "pageinfo" => "note".into(),
        _ => return None,
    };
    Some((kind, title))
}

/// A theme's colour or style name -> an admonition kind.
fn color_kind(name: &str) -> String {
    match name.split_whitespace().next().unwrap_or("note") {
        "primary" | "secondary" | "info" | "light" | "dark" | "default" => "note".into(),
        "success" | "tip" => "tip".into(),
        "warning" | "orange" => "warning".into(),
        "danger" | "error" | "red" => "danger".into(),
        "important" => "important".into(),
        other => other.to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_parsed_with_their_arguments() {
        let line = r#"See [a]({{< ref "a.md#top" >}}) {{% notice warning "Mind" %}} {{< /note >}} {{</* x */>}}"#;
        let found = calls(line);
        assert_eq!(found.len(), 4);
        assert_eq!(found[0].name, "ref");
        assert_eq!(found[0].positional, vec!["a.md#top"]);
        assert_eq!(
            &line[found[0].start..found[0].end],
            r#"{{< ref "a.md#top" >}}"#
        );
        assert_eq!(
            alert(&found[1]),
            Some(("warning".into(), Some("Mind".into())))
        );
        assert!(found[2].closing && found[2].name == "note");
        assert!(found[3].escaped && found[3].name == "x");
        let docsy = &calls(r#"{{< alert color="success" title="Done" >}}"#)[0];
        assert_eq!(alert(docsy), Some(("tip".into(), Some("Done".into()))));
        assert_eq!(alert(&calls("{{< youtube abc >}}")[0]), None);
        assert_eq!(calls("{{ .Title }} and {{< broken"), vec![]);
    }
}
