//! What a link or image destination in an article points at.
//!
//! Relative destinations are resolved against the article's folder to a KB-relative path
//! (`../billing/refunds.md#fees` from `articles/support/x.md` -> `articles/billing/refunds.md`
//! with fragment `fees`); the renderer rewrites them to the target's URL and the link checks
//! report what does not exist. Resolution is pure: what exists is asked of a [`KbIndex`].
//!
//! Every destination gets a class, and every class a check: a link never reaches the site
//! without a verdict (`mailto:`/`tel:` syntax, site-root paths against what the build writes
//! or `[links] site_root`, other schemes against `[links] schemes`).

/// What the site knows about its files, for resolving links.
pub trait KbIndex {
    fn is_article(&self, path: &str) -> bool;
    fn is_file(&self, path: &str) -> bool;
    fn is_category(&self, path: &str) -> bool;
}

/// The classified destination of a link or image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `http:` or `https:`.
    External,
    /// `mailto:` (the part after the scheme); an email autolink `<a@b.example>` too.
    Mail {
        address: String,
    },
    /// `tel:` (the part after the scheme).
    Phone {
        number: String,
    },
    /// A path from the host's root (`/kb/billing/refunds/`, `/dotnet/api/x`). Whether the site
    /// writes it, or `[links] site_root` maps it elsewhere, is for the checks to say.
    SiteRoot {
        path: String,
    },
    /// Any other scheme (`xref:`, `ms-settings:`), lowercase; `[links] schemes` declares the
    /// ones a site accepts.
    OtherScheme {
        scheme: String,
    },
    /// `javascript:`, `vbscript:`, `file:` or a non-image `data:` URL.
    Unsafe {
        scheme: String,
    },
    /// `#anchor` within the same article.
    SamePage {
        fragment: String,
    },
    Article {
        path: String,
        fragment: Option<String>,
    },
    Category {
        path: String,
    },
    File {
        path: String,
    },
    /// A relative destination that resolves to nothing in the KB.
    Missing {
        path: String,
    },
    /// A relative destination that climbs out of the KB root.
    OutsideKb,
}

impl Target {
    /// The KB path of the article this points at, if it points at one.
    pub fn article(&self) -> Option<&str> {
        match self {
            Target::Article { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// Classifies `destination`, written in the article at `article_path` (KB-relative).
pub fn resolve(article_path: &str, destination: &str, index: &dyn KbIndex) -> Target {
    if let Some(scheme) = unsafe_scheme(destination) {
        return Target::Unsafe { scheme };
    }
    let trimmed = destination.trim();
    if let Some(fragment) = trimmed.strip_prefix('#') {
        return Target::SamePage {
            fragment: percent_decode(fragment),
        };
    }
    if let Some(scheme) = scheme_of(trimmed) {
        let rest = || trimmed[scheme.len() + 1..].to_string();
        return match scheme.as_str() {
            "http" | "https" => Target::External,
            "mailto" => Target::Mail { address: rest() },
            "tel" => Target::Phone { number: rest() },
            _ => Target::OtherScheme { scheme },
        };
    }
    if trimmed.is_empty() {
        // `[x]()` links to the page itself, like `#`.
        return Target::SamePage {
            fragment: String::new(),
        };
    }
    if trimmed.starts_with('/') {
        return Target::SiteRoot {
            path: trimmed.to_string(),
        };
    }
    let (path_part, fragment) = match trimmed.split_once('#') {
        Some((path, fragment)) => (path, Some(percent_decode(fragment))),
        None => (trimmed, None),
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    let folder = article_path
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder);
    let Some(path) = join_normalized(folder, &percent_decode(path_part)) else {
        return Target::OutsideKb;
    };
    if index.is_article(&path) {
        Target::Article { path, fragment }
    } else if index.is_file(&path) {
        Target::File { path }
    } else if index.is_category(path.trim_end_matches('/')) {
        Target::Category {
            path: path.trim_end_matches('/').to_string(),
        }
    } else {
        Target::Missing { path }
    }
}

/// Joins a relative path to a folder and removes `.` and `..`; `None` if it climbs above the
/// root. Backslashes count as separators, so a Windows-style link cannot smuggle `..` past us.
pub fn join_normalized(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let mut joined = parts.join("/");
    if relative.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// The lowercase scheme of a URL (`https` of `HTTPS://x`), if it has one.
fn scheme_of(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // A single letter is a Windows drive (`C:\`), not a scheme.
    (valid && scheme.len() > 1).then(|| scheme.to_ascii_lowercase())
}

/// The dangerous scheme of a URL, in any spelling browsers accept: any case, with tabs, newlines
/// and other control characters or spaces inside (browsers strip them), entities already decoded
/// by the Markdown parser. Image `data:` URLs other than SVG are allowed.
pub fn unsafe_scheme(url: &str) -> Option<String> {
    // Fast path for the common cases (relative paths, https:, mailto:): a URL with no colon
    // has no scheme, and a plain ASCII-letter scheme can be compared as written.
    let colon = url.find(':')?;
    let written = &url[..colon];
    if !written.is_empty() && written.bytes().all(|b| b.is_ascii_alphabetic()) {
        let scheme = written.to_ascii_lowercase();
        if !matches!(scheme.as_str(), "javascript" | "vbscript" | "file" | "data") {
            return None;
        }
    }
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace() && *c != '\u{feff}')
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = scheme_of(&cleaned)?;
    match scheme.as_str() {
        "javascript" | "vbscript" | "file" => Some(scheme),
        "data" => {
            let safe = [
                "data:image/png",
                "data:image/jpeg",
                "data:image/gif",
                "data:image/webp",
            ]
            .iter()
            .any(|prefix| cleaned.starts_with(prefix));
            (!safe).then_some(scheme)
        }
        _ => None,
    }
}

/// Decodes `%XX` escapes; invalid escapes and invalid UTF-8 are kept as written.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Index;
    impl KbIndex for Index {
        fn is_article(&self, path: &str) -> bool {
            ["articles/billing/refunds.md", "articles/a b.md"].contains(&path)
        }
        fn is_file(&self, path: &str) -> bool {
            path == "assets/images/x.png"
        }
        fn is_category(&self, path: &str) -> bool {
            path == "articles/billing"
        }
    }

    fn from_support(destination: &str) -> Target {
        resolve("articles/support/x.md", destination, &Index)
    }

    #[test]
    fn resolves_relative_articles_with_fragments() {
        assert_eq!(
            from_support("../billing/refunds.md#fees"),
            Target::Article {
                path: "articles/billing/refunds.md".into(),
                fragment: Some("fees".into())
            }
        );
        assert_eq!(
            from_support("./../a%20b.md"),
            Target::Article {
                path: "articles/a b.md".into(),
                fragment: None
            }
        );
    }

    #[test]
    fn resolves_files_categories_and_missing_targets() {
        assert_eq!(
            from_support("../../assets/images/x.png"),
            Target::File {
                path: "assets/images/x.png".into()
            }
        );
        assert_eq!(
            from_support("../billing/"),
            Target::Category {
                path: "articles/billing".into()
            }
        );
        assert_eq!(
            from_support("../billing/nope.md"),
            Target::Missing {
                path: "articles/billing/nope.md".into()
            }
        );
        assert_eq!(from_support("../../../etc/passwd"), Target::OutsideKb);
        assert_eq!(from_support("..\\..\\..\\x"), Target::OutsideKb);
    }

    #[test]
    fn classifies_schemes_and_fragments() {
        assert_eq!(
            from_support("#steps"),
            Target::SamePage {
                fragment: "steps".into()
            }
        );
        assert_eq!(from_support("HTTPS://example.com"), Target::External);
        assert_eq!(
            from_support("mailto:help@example.com"),
            Target::Mail {
                address: "help@example.com".into()
            }
        );
        assert_eq!(
            from_support("TEL:+1 555 0100"),
            Target::Phone {
                number: "+1 555 0100".into()
            }
        );
        assert_eq!(
            from_support("/kb/12345/#x"),
            Target::SiteRoot {
                path: "/kb/12345/#x".into()
            }
        );
        assert_eq!(
            from_support("xref:System.String"),
            Target::OtherScheme {
                scheme: "xref".into()
            }
        );
        assert_eq!(
            from_support(""),
            Target::SamePage {
                fragment: String::new()
            }
        );
    }

    #[test]
    fn unsafe_schemes_in_every_spelling() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " java\tscript:alert(1)",
            "java\nscript:x",
            "\u{1}javascript:x",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/svg+xml,<svg onload=alert(1)>",
        ] {
            assert!(unsafe_scheme(url).is_some(), "{url:?} should be unsafe");
        }
        for url in [
            "https://x",
            "data:image/png;base64,AAAA",
            "notes.md",
            "C:\\x",
            "javascript-tips.md",
        ] {
            assert_eq!(unsafe_scheme(url), None, "{url:?} should be safe");
        }
    }

    #[test]
    fn percent_decoding_keeps_invalid_escapes() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%C3%A9"), "%zzé");
        assert_eq!(percent_decode("%FF"), "%FF");
    }
}
