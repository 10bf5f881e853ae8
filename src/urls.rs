//! Site URLs and output paths. Every URL kbpress writes is built here, so a `base_url` path
//! prefix (`/kb/`) and percent-encoding are applied in one place.

/// The folder articles live in, relative to the KB root.
pub const ARTICLES_DIR: &str = "articles";
/// The folder for shared images and downloads, relative to the KB root.
pub const ASSETS_DIR: &str = "assets";
/// Snippets: Markdown that articles include (`{{> name }}`), beside `articles/`.
pub const SNIPPETS_DIR: &str = "snippets";

/// Top-level paths of the output that kbpress generates itself; an article, category or alias
/// there would be overwritten (or overwrite them), so `duplicate-slug` reports it.
pub const GENERATED_PATHS: &[&str] = &[
    "products",
    "roles",
    "audiences",
    "tags",
    "static",
    "search",
    "404.html",
    "sitemap.xml",
    "atom.xml",
    "robots.txt",
    "llms.txt",
    "_redirects",
];

/// The path part of a base URL, with leading and trailing slash: `https://x.example/kb` ->
/// `/kb/`, `https://x.example` -> `/`. Every absolute link a site holds starts with it.
pub fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or("", |(_, rest)| rest);
    let path = after_scheme.split_once('/').map_or("", |(_, path)| path);
    let path = path.trim_matches('/');
    if path.is_empty() {
        "/".into()
    } else {
        format!("/{path}/")
    }
}

/// Percent-encodes a site-relative path for use in a URL: keeps ASCII letters, digits and
/// `-._~/#`, encodes everything else (non-ASCII slugs, spaces) as UTF-8 `%XX`.
pub fn encode_path(path: &str) -> String {
    // Almost every path is plain ASCII: one scan and one copy.
    if path.bytes().all(is_url_safe) {
        return path.to_string();
    }
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if is_url_safe(byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn is_url_safe(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/' | b'#')
}

/// Where a KB file (image, download) is published, relative to the site root: files under
/// `articles/` sit beside their category's pages, files under `assets/` keep their path.
pub fn file_output_path(kb_path: &str) -> &str {
    kb_path
        .strip_prefix(ARTICLES_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
        .unwrap_or(kb_path)
}

/// Whether a site-relative output path stays inside the output folder on every platform: no
/// `..`, no absolute path or drive, no backslash, NUL or control character, no Windows device
/// name or trailing dot or space. The last line of defence: slugs and aliases are checked
/// earlier, with a diagnostic.
pub fn is_safe_output_path(path: &str) -> bool {
    if path.is_empty() || path.starts_with('/') {
        return false;
    }
    path.split('/').all(|segment| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && !segment.ends_with('.')
            && !segment.ends_with(' ')
            && forbidden_character(segment).is_none()
            && !is_windows_device(segment)
    })
}

/// The first character of a path segment that Windows does not allow in file names.
pub fn forbidden_character(segment: &str) -> Option<char> {
    segment
        .chars()
        .find(|&c| c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
}

/// Whether Windows reserves this path segment for a device (`con`, `nul.txt`, `LPT1`): such a
/// file cannot be created there, so no slug may be one.
pub fn is_windows_device(segment: &str) -> bool {
    let stem = segment.split('.').next().unwrap_or("").to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit())
}

/// Turns an alias (`/kb/12345/`) into a site-relative folder (`kb/12345`), if it is safe.
pub fn alias_folder(alias: &str) -> Option<String> {
    let trimmed = alias.trim();
    let path = trimmed.strip_prefix('/')?.trim_end_matches('/');
    let path = path.strip_suffix("/index.html").unwrap_or(path);
    (is_safe_output_path(path) && !path.contains('#') && !path.contains('%'))
        .then(|| path.to_string())
}

/// The site-relative folder of an alias: aliases are paths from the host's root, as readers
/// bookmarked them, so `/kb/12345/` on a site whose `base_url` path is `/kb/` is the folder
/// `12345`. `None` if the alias is unsafe or outside the base path (the site cannot serve it).
pub fn alias_in_site(alias: &str, base_path: &str) -> Option<String> {
    let folder = alias_folder(alias)?;
    let base = base_path.trim_matches('/');
    if base.is_empty() {
        return Some(folder);
    }
    folder
        .strip_prefix(base)?
        .strip_prefix('/')
        .filter(|rest| !rest.is_empty())
        .map(str::to_string)
}

/// An `http(s)://host...` URL or a path from the site's host root (`/api/feedback`); `//host`
/// (another host in disguise), spaces and control characters are refused. For URLs that
/// site.toml gives the theme as written, like `[feedback] url`.
pub fn is_http_or_site_path(url: &str) -> bool {
    let has_host = ["https://", "http://"].iter().any(|scheme| {
        url.strip_prefix(scheme)
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
    });
    let site_path = url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\");
    (has_host || site_path) && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_non_ascii_and_spaces() {
        assert_eq!(encode_path("billing/refunds/"), "billing/refunds/");
        assert_eq!(encode_path("é a/"), "%C3%A9%20a/");
    }

    #[test]
    fn files_under_articles_sit_beside_their_category() {
        assert_eq!(file_output_path("articles/billing/x.png"), "billing/x.png");
        assert_eq!(
            file_output_path("assets/images/x.svg"),
            "assets/images/x.svg"
        );
    }

    #[test]
    fn output_paths_cannot_escape() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a\\..\\x",
            "C:\\x",
            "C:/x",
            "a/CON",
            "lpt1.txt",
            "a./b",
            "x\0y",
            "a//b",
        ] {
            assert!(!is_safe_output_path(bad), "{bad:?} must be refused");
        }
        for good in [
            "index.html",
            "billing/refunds/index.html",
            "assets/images/a.b.svg",
            "condo/x",
        ] {
            assert!(is_safe_output_path(good), "{good:?} must be allowed");
        }
    }

    #[test]
    fn aliases_become_safe_folders() {
        assert_eq!(alias_folder("/kb/12345/").as_deref(), Some("kb/12345"));
        assert_eq!(
            alias_folder("/old/page/index.html").as_deref(),
            Some("old/page")
        );
        assert_eq!(alias_folder("/../../etc/"), None);
        assert_eq!(alias_folder("kb/1"), None);
        assert_eq!(alias_folder("/"), None);
        assert_eq!(alias_folder("/a/%2e%2e/b"), None);
    }

    #[test]
    fn aliases_are_placed_under_the_base_path() {
        assert_eq!(
            alias_in_site("/kb/12345/", "/kb/").as_deref(),
            Some("12345")
        );
        assert_eq!(alias_in_site("/old/1/", "/").as_deref(), Some("old/1"));
        assert_eq!(alias_in_site("/other/1/", "/kb/"), None);
        assert_eq!(alias_in_site("/kb/", "/kb/"), None);
        assert_eq!(alias_in_site("/kbx/1/", "/kb/"), None);
    }

    #[test]
    fn http_urls_and_site_paths() {
        for good in [
            "https://f.example.com/kb",
            "http://localhost:8080/f",
            "/api/feedback",
        ] {
            assert!(is_http_or_site_path(good), "{good}");
        }
        for bad in [
            "f.example.com",
            "//evil.example/f",
            "/\\evil",
            "https://",
            "https:///x",
            "/a b",
            "javascript:x",
            "",
        ] {
            assert!(!is_http_or_site_path(bad), "{bad}");
        }
    }
}
