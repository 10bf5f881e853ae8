//! Admonitions (`!!! note "Title"`) -> kbpress alerts (`> [!NOTE]`), and collapsible ones
//! (`??? note`, `???+ note` open) -> `<details>` with a `<summary>`. Their content is the
//! lines indented four spaces under the marker, already converted by the caller.

use super::body::{Context, Features};
use crate::markdown::escape_html;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admonition {
    pub kind: String,
    /// `None`: the default title (the kind); `Some("")`: no title at all.
    pub title: Option<String>,
    pub collapsible: bool,
    pub open: bool,
}

/// The marker line (trimmed), when the source would read it as one.
pub fn marker(line: &str, features: &Features) -> Option<Admonition> {
    let (rest, collapsible, open) = if let Some(rest) = line.strip_prefix("!!!") {
        if !features.admonition {
            return None;
        }
        (rest, false, false)
    } else if let Some(rest) = line.strip_prefix("???+") {
        (rest, true, true)
    } else if let Some(rest) = line.strip_prefix("???") {
        (rest, true, false)
    } else {
        return None;
    };
    if collapsible && !features.details {
        return None;
    }
    // Python-Markdown's admonition takes `!!!note` as well as `!!! note`.
    if !rest.starts_with(|c: char| c == ' ' || c.is_ascii_alphabetic()) {
        return None;
    }
    let rest = rest.trim();
    let (words, title) = match rest.find(['"', '\'']) {
        Some(quote) => {
            let delimiter = &rest[quote..quote + 1];
            let inner = &rest[quote + 1..];
            let close = inner.rfind(delimiter)?;
            if !inner[close + 1..].trim().is_empty() {
                return None;
            }
            (&rest[..quote], Some(inner[..close].to_string()))
        }
        None => (rest, None),
    };
    // The first word is the kind; Material's `inline` and `inline end` only place the box.
    let kind = words.split_whitespace().next()?.to_lowercase();
    if !kind
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    Some(Admonition {
        kind,
        title,
        collapsible,
        open,
    })
}

/// The GitHub alert for a Material admonition kind; `None` for a quote.
fn alert(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "tip" | "hint" | "success" | "check" | "done" => "TIP",
        "important" => "IMPORTANT",
        "warning" | "caution" | "attention" => "WARNING",
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "CAUTION",
        "quote" | "cite" => return None,
        _ => "NOTE",
    })
}

/// `note` -> `Note`: the title Material shows when none is given.
fn default_title(kind: &str) -> String {
    let mut chars = kind.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn render(
    admonition: &Admonition,
    content: &[String],
    pad: &str,
    context: &mut Context,
) -> Vec<String> {
    let mut out = Vec::new();
    if admonition.collapsible {
        let title = match &admonition.title {
            Some(title) if !title.is_empty() => title.clone(),
            _ => default_title(&admonition.kind),
        };
        let open = if admonition.open { " open" } else { "" };
        out.push(format!("{pad}<details{open}>"));
        out.push(format!("{pad}<summary>{}</summary>", escape_html(&title)));
        out.push(String::new());
        out.extend(content.iter().map(|line| indented(pad, line)));
        out.push(String::new());
        out.push(format!("{pad}</details>"));
        context.tally.count("collapsible admonition -> <details>");
        return out;
    }
    let alert = alert(&admonition.kind);
    match alert {
        Some(alert) => out.push(format!("{pad}> [!{alert}]")),
        None => context.tally.count("quote admonition -> block quote"),
    }
    let title = match &admonition.title {
        Some(title) => title.clone(),
        None if alert.is_none() => String::new(),
        // The alert's own label already says what the default title says.
        None => String::new(),
    };
    if !title.is_empty() {
        out.push(format!("{pad}> **{}**", title.trim()));
        if !content.is_empty() {
            out.push(format!("{pad}>"));
        }
    }
    for line in content {
        if line.trim().is_empty() {
            out.push(format!("{pad}>"));
        } else {
            out.push(format!("{pad}> {line}"));
        }
    }
    if alert.is_some() {
        context.tally.count("admonition -> alert");
    }
    out
}

fn indented(pad: &str, line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!("{pad}{line}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Features {
        Features {
            admonition: true,
            details: true,
            ..Features::default()
        }
    }

    #[test]
    fn markers_read_kind_title_and_state() {
        assert_eq!(
            marker("!!! note \"Read this\"", &all()),
            Some(Admonition {
                kind: "note".into(),
                title: Some("Read this".into()),
                collapsible: false,
                open: false
            })
        );
        let open = marker("???+ Warning inline end", &all()).unwrap();
        assert_eq!(
            (open.kind.as_str(), open.collapsible, open.open),
            ("warning", true, true)
        );
        assert_eq!(
            marker("!!! tip \"\"", &all()).unwrap().title,
            Some(String::new())
        );
        assert_eq!(marker("!!!note", &all()).unwrap().kind, "note");
        assert_eq!(marker("!!!", &all()), None);
        assert_eq!(marker("??? question", &Features::default()), None);
    }
}
