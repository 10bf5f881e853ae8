//! `docusaurus.config.js` (or `.ts`, `.mjs`): the settings the import uses, read from the
//! JavaScript text without running it. A config is a program (Node evaluates it), and no Rust
//! crate evaluates one; the few settings read here are nearly always literals, so they are
//! picked out of the text: `title`, `tagline`, `url`, `baseUrl`, the docs plugin's `path` and
//! `routeBasePath`, and `@docusaurus/plugin-client-redirects`'s `redirects: [{from, to}]`.
//! What is not a literal (a `createRedirects` function, a computed value) is reported.

/// One client redirect: old paths -> a doc's URL path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub from: Vec<String>,
    pub to: String,
    /// 1-based line in the config, for the report.
    pub line: usize,
}

#[derive(Debug, Default)]
pub struct Config {
    /// The config file's name, for the report.
    pub file: String,
    pub title: Option<String>,
    pub tagline: Option<String>,
    pub url: Option<String>,
    pub base_url: String,
    /// The docs folder, relative to the site folder.
    pub docs_path: String,
    /// The docs' URL prefix, without slashes (`docs`; empty for `/`).
    pub route_base_path: String,
    pub redirects: Vec<Redirect>,
    /// `createRedirects` (a function), with its line.
    pub redirect_function: Option<usize>,
    /// The plugin's line, when its `redirects` are no array literal in the config.
    pub redirects_unread: Option<usize>,
    /// `i18n.defaultLocale` (`en` when the config says none).
    pub default_locale: Option<String>,
}

pub const FILES: &[&str] = &[
    "docusaurus.config.js",
    "docusaurus.config.ts",
    "docusaurus.config.mjs",
    "docusaurus.config.cjs",
    "docusaurus.config.mts",
];

impl Config {
    /// `i18n.localeConfigs.<locale>.label`, the locale's name (`Français`), when the config
    /// gives it as a literal.
    pub fn locale_label(text: &str, locale: &str) -> Option<String> {
        let (i18n, _) = find_key(text, "i18n", 0).and_then(|at| object_after(text, at))?;
        let (configs, _) =
            find_key(i18n, "localeConfigs", 0).and_then(|at| object_after(i18n, at))?;
        let (own, _) = find_key(configs, locale, 0).and_then(|at| object_after(configs, at))?;
        string_of(own, "label")
    }

    pub fn read(text: &str, file: &str) -> Config {
        let docs = find_key(text, "docs", 0)
            .and_then(|at| object_after(text, at))
            .unwrap_or(("", 0));
        let (docs_text, _) = docs;
        let mut config = Config {
            file: file.to_string(),
            title: string_of(text, "title"),
            tagline: string_of(text, "tagline"),
            url: string_of(text, "url"),
            base_url: string_of(text, "baseUrl").unwrap_or_else(|| "/".into()),
            docs_path: string_of(docs_text, "path").unwrap_or_else(|| "docs".into()),
            route_base_path: string_of(docs_text, "routeBasePath")
                .unwrap_or_else(|| "docs".into())
                .trim_matches('/')
                .to_string(),
            default_locale: find_key(text, "i18n", 0)
                .and_then(|at| object_after(text, at))
                .and_then(|(i18n, _)| string_of(i18n, "defaultLocale")),
            ..Config::default()
        };
        if let Some(plugin) = text.find("plugin-client-redirects") {
            // Scan from after the plugin's name, outside its string.
            let plugin = text[plugin..]
                .find(['\'', '"', '`'])
                .map_or(text.len(), |end| plugin + end + 1);
            let literal = find_key(text, "redirects", plugin).and_then(|at| {
                let open = at + text[at..].find(|c: char| !c.is_whitespace())?;
                (text.as_bytes()[open] == b'[').then_some(open)
            });
            match literal.and_then(|open| Some((open, matching(text, open)?))) {
                Some((open, close)) => config.redirects = redirects(text, open, close),
                // `{ redirects }`, `redirects: imported`: a value from elsewhere.
                None => config.redirects_unread = Some(line_at(text, plugin)),
            }
            if let Some(at) = text[plugin..].find("createRedirects") {
                config.redirect_function = Some(line_at(text, plugin + at));
            }
        }
        config
    }
}

/// 1-based line of a byte offset.
pub fn line_at(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// The offset just after `key:` (also `'key':` and `"key":`), from `start`, outside strings
/// and comments.
fn find_key(text: &str, key: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut index = start;
    while index < bytes.len() {
        match bytes[index] {
            b'\'' | b'"' | b'`' => {
                let end = string_end(text, index)?;
                let inner = &text[index + 1..end - 1];
                if inner == key && text[end..].trim_start().starts_with(':') {
                    return Some(end + text[end..].find(':')? + 1);
                }
                index = end;
            }
            b'/' if bytes.get(index + 1) == Some(&b'/') => {
                index = text[index..].find('\n').map_or(bytes.len(), |i| index + i);
            }
            b'/' if bytes.get(index + 1) == Some(&b'*') => {
                index = text[index..]
                    .find("*/")
                    .map_or(bytes.len(), |i| index + i + 2);
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'$' => {
                let end = text[index..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
                    .map_or(bytes.len(), |i| index + i);
                let previous = text[..index].chars().next_back();
                if &text[index..end] == key
                    && previous != Some('.')
                    && text[end..].trim_start().starts_with(':')
                {
                    return Some(end + text[end..].find(':')? + 1);
                }
                index = end;
            }
            _ => index += 1,
        }
    }
    None
}

/// The end (exclusive) of the string literal opening at `start`.
fn string_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = bytes[start];
    let mut index = start + 1;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            c if c == quote => return Some(index + 1),
            _ => index += 1,
        }
    }
    None
}

/// The value of a string literal (escapes undone); `None` for a template with `${`.
fn literal(text: &str) -> Option<String> {
    let inner = &text[1..text.len() - 1];
    if text.starts_with('`') && inner.contains("${") {
        return None;
    }
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next()? {
                'n' => out.push('\n'),
                other => out.push(other),
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// The string literal right after `key:` (its first occurrence).
fn string_of(text: &str, key: &str) -> Option<String> {
    let at = find_key(text, key, 0)?;
    let start = at + text[at..].find(|c: char| !c.is_whitespace())?;
    if !matches!(text.as_bytes()[start], b'\'' | b'"' | b'`') {
        return None;
    }
    literal(&text[start..string_end(text, start)?])
}

/// The `{...}` right after `at` (the text inside, and its offset), when the value is an object.
fn object_after(text: &str, at: usize) -> Option<(&str, usize)> {
    let start = at + text[at..].find(|c: char| !c.is_whitespace())?;
    if text.as_bytes()[start] != b'{' {
        return None;
    }
    let close = matching(text, start)?;
    Some((&text[start + 1..close], start + 1))
}

/// The offset of the bracket closing the one at `open`, skipping strings and comments.
fn matching(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0;
    let mut index = open;
    while index < bytes.len() {
        match bytes[index] {
            b'\'' | b'"' | b'`' => {
                index = string_end(text, index)?;
                continue;
            }
            b'/' if bytes.get(index + 1) == Some(&b'/') => {
                index = text[index..].find('\n').map_or(bytes.len(), |i| index + i);
                continue;
            }
            b'/' if bytes.get(index + 1) == Some(&b'*') => {
                index = text[index..]
                    .find("*/")
                    .map_or(bytes.len(), |i| index + i + 2);
                continue;
            }
            b'[' | b'{' | b'(' => depth += 1,
            b']' | b'}' | b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
        index += 1;
    }
    None
}

/// The `{from, to}` objects between `open` and `close` (an array literal).
fn redirects(text: &str, open: usize, close: usize) -> Vec<Redirect> {
    let mut out = Vec::new();
    let mut index = open + 1;
    while index < close {
        match text.as_bytes()[index] {
            b'{' => {
                let Some(end) = matching(text, index) else {
                    break;
                };
                let object = &text[index + 1..end];
                let to = string_of(object, "to");
                let from = find_key(object, "from", 0).and_then(|at| {
                    let start = at + object[at..].find(|c: char| !c.is_whitespace())?;
                    if object.as_bytes()[start] == b'[' {
                        let close = matching(object, start)?;
                        Some(strings(&object[start + 1..close]))
                    } else {
                        let end = string_end(object, start)?;
                        literal(&object[start..end]).map(|s| vec![s])
                    }
                });
                if let (Some(to), Some(from)) = (to, from) {
                    out.push(Redirect {
                        from,
                        to,
                        line: line_at(text, index),
                    });
                }
                index = end + 1;
            }
            b'\'' | b'"' | b'`' => index = string_end(text, index).unwrap_or(close),
            _ => index += 1,
        }
    }
    out
}

/// The string literals of an array's text.
fn strings(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut index = 0;
    while index < text.len() {
        if matches!(text.as_bytes()[index], b'\'' | b'"' | b'`') {
            let Some(end) = string_end(text, index) else {
                break;
            };
            out.extend(literal(&text[index..end]));
            index = end;
        } else {
            index += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_and_redirects_are_read_from_the_javascript() {
        let text = r#"
// title: 'commented out'
const config = {
  title: 'Acme Docs',
  url: "https://docs.acme.example",
  baseUrl: '/help/',
  presets: [['classic', { docs: { path: 'guides', routeBasePath: '/' } }]],
  plugins: [
    [
      '@docusaurus/plugin-client-redirects',
      {
        redirects: [
          { from: '/old-install', to: '/setup/install' },
          { to: '/faq', from: ['/questions', "/help-me"] }, // two at once
        ],
        createRedirects(existingPath) { return undefined; },
      },
    ],
  ],
};
"#;
        let config = Config::read(text, "docusaurus.config.js");
        assert_eq!(config.title.as_deref(), Some("Acme Docs"));
        assert_eq!(config.url.as_deref(), Some("https://docs.acme.example"));
        assert_eq!(config.base_url, "/help/");
        assert_eq!(config.docs_path, "guides");
        assert_eq!(config.route_base_path, "");
        assert_eq!(
            config.redirects,
            vec![
                Redirect {
                    from: vec!["/old-install".into()],
                    to: "/setup/install".into(),
                    line: 13
                },
                Redirect {
                    from: vec!["/questions".into(), "/help-me".into()],
                    to: "/faq".into(),
                    line: 14
                },
            ]
        );
        assert_eq!(config.redirect_function, Some(16));
        assert_eq!(config.redirects_unread, None);
        let elsewhere = Config::read(
            "import redirects from './redirects';\nexport default {\n  plugins: [\n    ['@docusaurus/plugin-client-redirects', { redirects }],\n  ],\n};\n",
            "docusaurus.config.ts",
        );
        assert_eq!(elsewhere.redirects, vec![]);
        assert_eq!(elsewhere.redirects_unread, Some(4));
    }
}
