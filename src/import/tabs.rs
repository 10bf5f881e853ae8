//! Content tabs (`=== "Linux"`, pymdownx.tabbed) -> one section per tab: a heading one level
//! below the page's current one (a bold line inside an alert or another tab, where a heading
//! would not belong), followed by the tab's content. A reader sees every tab's content in turn.

/// The title of a tab marker line (trimmed): `=== "Linux"`, `===! "A"` (starts a new group),
/// `===+ "B"` (selected).
pub fn marker(line: &str) -> Option<String> {
    let rest = line.strip_prefix("===")?;
    let rest = rest.strip_prefix(['!', '+']).unwrap_or(rest);
    let rest = rest.strip_prefix(['!', '+']).unwrap_or(rest);
    let rest = rest.strip_prefix(' ')?.trim();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = rest[1..].strip_suffix(quote)?;
    Some(inner.to_string())
}

/// The tab as a section: `level` for a heading, `None` for a bold line.
pub fn render(title: &str, level: Option<usize>, content: &[String], pad: &str) -> Vec<String> {
    let mut out = Vec::new();
    match level {
        Some(level) => out.push(format!("{pad}{} {title}", "#".repeat(level))),
        None => out.push(format!("{pad}**{title}**")),
    }
    out.push(String::new());
    out.extend(content.iter().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!("{pad}{line}")
        }
    }));
    out.push(String::new());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_give_the_title() {
        assert_eq!(marker("=== \"Linux\""), Some("Linux".into()));
        assert_eq!(marker("===+ 'macOS'"), Some("macOS".into()));
        assert_eq!(marker("===! \"A\""), Some("A".into()));
        assert_eq!(marker("=== Linux"), None);
        assert_eq!(marker("====="), None);
    }
}
