//! Help Center URLs in article bodies: which article, section, category or attachment they
//! name, and the relative paths that replace them.

/// `https://acme.zendesk.com/hc/en-us/articles/360001-Title` -> its host and path.
pub(super) fn host_and_path(url: &str) -> Option<(&str, &str)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    Some(match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, "/"),
    })
}

/// What a Help Center URL names: `/hc/{locale}/articles/{id}-slug`, `/hc/articles/{id}`,
/// sections, categories, and `/hc/article_attachments/{id}/{name}` (with or without a locale).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum HelpCenterUrl {
    Article(u64),
    Section(u64),
    Category(u64),
    Attachment(u64, String),
}

/// The Help Center URL in `url` (absolute on `host`, or a path from the host's root), and the
/// `#fragment` after it.
pub(super) fn help_center_url(url: &str, host: Option<&str>) -> Option<(HelpCenterUrl, String)> {
    let path = if url.starts_with('/') && !url.starts_with("//") {
        url
    } else {
        let (url_host, path) = host_and_path(url)?;
        if Some(url_host) != host && !url_host.ends_with(".zendesk.com") {
            return None;
        }
        path
    };
    let (path, fragment) = match path.split_once('#') {
        Some((path, fragment)) => (path, format!("#{fragment}")),
        None => (path, String::new()),
    };
    let path = path.split('?').next().unwrap_or(path);
    let mut parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    if parts.first() != Some(&"hc") {
        return None;
    }
    parts.remove(0);
    // A locale segment (`en-us`, `fr`) comes before the kind, if any.
    if parts.len() > 1
        && !matches!(
            parts[0],
            "articles" | "sections" | "categories" | "article_attachments"
        )
    {
        parts.remove(0);
    }
    let id_of = |segment: &str| -> Option<u64> {
        segment
            .split('-')
            .next()
            .and_then(|digits| digits.parse().ok())
    };
    let found = match parts.as_slice() {
        ["articles", id, ..] => HelpCenterUrl::Article(id_of(id)?),
        ["sections", id, ..] => HelpCenterUrl::Section(id_of(id)?),
        ["categories", id, ..] => HelpCenterUrl::Category(id_of(id)?),
        ["article_attachments", id, name, ..] => {
            HelpCenterUrl::Attachment(id.parse().ok()?, percent_decoded(name))
        }
        ["article_attachments", id] => HelpCenterUrl::Attachment(id.parse().ok()?, String::new()),
        _ => return None,
    };
    Some((found, fragment))
}

fn percent_decoded(text: &str) -> String {
    crate::markdown::links::percent_decode(text)
}

/// `../../b/c.md` from the folder of `from` to `to` (both paths under the KB).
pub(super) fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').collect();
    let from = &from[..from.len() - 1];
    let to: Vec<&str> = to.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_center_urls_are_recognised_in_every_form() {
        let host = Some("acme.zendesk.com");
        assert_eq!(
            help_center_url(
                "https://acme.zendesk.com/hc/en-us/articles/3601-Reset#h_1",
                host
            ),
            Some((HelpCenterUrl::Article(3601), "#h_1".into()))
        );
        assert_eq!(
            help_center_url("/hc/articles/3601", host),
            Some((HelpCenterUrl::Article(3601), String::new()))
        );
        assert_eq!(
            help_center_url(
                "https://help.acme.example/hc/fr/sections/12-Setup",
                Some("help.acme.example")
            ),
            Some((HelpCenterUrl::Section(12), String::new()))
        );
        assert_eq!(
            help_center_url(
                "https://acme.zendesk.com/hc/article_attachments/77/front%20panel.png",
                host
            ),
            Some((
                HelpCenterUrl::Attachment(77, "front panel.png".into()),
                String::new()
            ))
        );
        assert_eq!(
            help_center_url("https://example.com/hc/en-us/articles/1", host),
            None
        );
        assert_eq!(help_center_url("/docs/1", host), None);
    }

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(
            relative("articles/a/b/x.md", "articles/a/c/y.md"),
            "../c/y.md"
        );
        assert_eq!(
            relative("articles/a/x.md", "assets/9/p.png"),
            "../../assets/9/p.png"
        );
        assert_eq!(relative("articles/x.md", "articles/y.md"), "y.md");
    }
}
