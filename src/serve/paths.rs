//! Request paths -> keys of the in-memory site, and Content-Type by extension.
//!
//! The site lives in a map, never on disk, so a path can only ever name a built file; still,
//! anything that looks like an escape (`..`, `.`, backslashes, NUL and control characters,
//! invalid percent-encoding or UTF-8) is refused outright, and dotfiles are never served.

/// What a request path asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// A site-relative key (`billing/invoice/index.html`, `static/style.css`).
    File(String),
    /// A malformed or hostile path: answered 400.
    Invalid,
    /// A well-formed path the site can never hold (a dotfile): answered 404.
    Hidden,
}

/// Turns the raw (still percent-encoded) path of a request into a key of the site map.
/// `/` and `/x/` ask for `index.html` and `x/index.html`. Percent-decoding happens once, so a
/// double-encoded `%252e` stays the literal text `%2e` and can match nothing.
pub fn normalise(raw: &str) -> Request {
    let Some(rest) = raw.strip_prefix('/') else {
        return Request::Invalid;
    };
    let Some(bytes) = percent_decode(rest) else {
        return Request::Invalid;
    };
    let Ok(decoded) = String::from_utf8(bytes) else {
        return Request::Invalid;
    };
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return Request::Invalid;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => continue,
            "." | ".." => return Request::Invalid,
            hidden if hidden.starts_with('.') => return Request::Hidden,
            _ => segments.push(segment),
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        segments.push("index.html");
    }
    let key = segments.join("/");
    if crate::urls::is_safe_output_path(&key) {
        Request::File(key)
    } else {
        Request::Invalid
    }
}

/// `%XX` -> byte, once. `None` for a `%` not followed by two hex digits.
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The Content-Type for a site file, by its extension.
pub fn content_type(key: &str) -> &'static str {
    let extension = key
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if key.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ if key.ends_with("_redirects") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(key: &str) -> Request {
        Request::File(key.into())
    }

    #[test]
    fn folders_serve_their_index() {
        assert_eq!(normalise("/"), file("index.html"));
        assert_eq!(
            normalise("/billing/invoice/"),
            file("billing/invoice/index.html")
        );
        assert_eq!(normalise("/static/style.css"), file("static/style.css"));
        assert_eq!(normalise("/billing"), file("billing"));
    }

    #[test]
    fn percent_encoding_is_decoded_once() {
        assert_eq!(normalise("/caf%C3%A9/"), file("café/index.html"));
        assert_eq!(normalise("/100%25.png"), file("100%.png"));
        assert_eq!(normalise("/%252e%252e/x"), file("%2e%2e/x"));
        assert_eq!(normalise("/a%20b.txt"), file("a b.txt"));
    }

    #[test]
    fn empty_segments_collapse() {
        assert_eq!(normalise("//etc/passwd"), file("etc/passwd"));
        assert_eq!(normalise("/a//b/"), file("a/b/index.html"));
    }

    #[test]
    fn escapes_are_refused() {
        for evil in [
            "/../site.toml",
            "/a/../../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/..%2fsite.toml",
            "/..%2Fsite.toml",
            "/static/./x",
            "/..\\site.toml",
            "/%5c..%5csite.toml",
            "/a%00.html",
            "/index.html%00.md",
            "/%0d%0aSet-Cookie:x",
            "/%zz",
            "/%",
            "/%c3",
            "/%ff%fe",
            "/C:/Windows/win.ini",
            "relative",
            "",
        ] {
            assert_eq!(normalise(evil), Request::Invalid, "{evil:?}");
        }
    }

    #[test]
    fn dotfiles_are_hidden() {
        for hidden in [
            "/.kbpress-output",
            "/.git/config",
            "/%2ekbpress-output",
            "/static/.env",
        ] {
            assert_eq!(normalise(hidden), Request::Hidden, "{hidden:?}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("static/kbpress.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("assets/a.SVG"), "image/svg+xml");
        assert_eq!(
            content_type("atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("_redirects"), "text/plain; charset=utf-8");
        assert_eq!(content_type("files/blob"), "application/octet-stream");
    }
}
