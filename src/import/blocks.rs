//! pymdownx.blocks (`/// tip | Title` ... `///`), the generic block syntax that newer Material
//! sites (FastAPI's docs among them) use instead of indented admonitions and tabs:
//! `admonition` and the admonition kinds -> alerts, `details` -> `<details>`, `tab` -> a
//! section, as their indented forms are. A block's content is not indented; it ends at a line of
//! exactly as many slashes as opened it, and a block nests by using more slashes outside. Other
//! block kinds (`html`, `define`, `caption`, custom ones) stay as written, each listed in the
//! report.

use super::admonitions::Admonition;

/// An opening line: `/// tip | Title`, `//// tab | Python 3.10+`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    /// How many slashes open it (and must close it).
    pub slashes: usize,
    pub name: String,
    /// The text after `|`, if any.
    pub argument: Option<String>,
}

/// The opening line of a block (trimmed), when it is one.
pub fn opening(line: &str) -> Option<Opening> {
    let slashes = line.bytes().take_while(|&b| b == b'/').count();
    if slashes < 3 {
        return None;
    }
    let rest = line[slashes..].strip_prefix(' ')?.trim();
    let (name, argument) = match rest.split_once('|') {
        Some((name, argument)) => (name.trim(), Some(argument.trim().to_string())),
        None => (rest, None),
    };
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then(|| Opening {
        slashes,
        name: name.to_ascii_lowercase(),
        argument: argument.filter(|a| !a.is_empty()),
    })
}

/// Whether `line` (trimmed) closes a block opened with `slashes` slashes.
pub fn closes(line: &str, slashes: usize) -> bool {
    line.len() == slashes && line.bytes().all(|b| b == b'/')
}

/// The block's options: the `key: value` lines indented under the opening line, before the
/// content (`    type: warning`, `    open: true`). Returns them and how many lines they take.
pub fn options(lines: &[&str]) -> (Vec<(String, String)>, usize) {
    let mut options = Vec::new();
    for line in lines {
        if !(line.starts_with("    ") || line.starts_with('\t')) {
            break;
        }
        let Some((key, value)) = line.trim().split_once(':') else {
            break;
        };
        options.push((key.trim().to_string(), value.trim().to_string()));
    }
    let taken = options.len();
    (options, taken)
}

/// What a block becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conversion {
    Admonition(Admonition),
    Tab(String),
    /// Left as written (listed in the report).
    Unknown,
}

/// The admonition kinds pymdownx.blocks.admonition registers as block names of their own.
const ADMONITION_KINDS: &[&str] = &[
    "note",
    "attention",
    "caution",
    "danger",
    "error",
    "tip",
    "hint",
    "warning",
    "info",
    "check",
    "success",
    "question",
    "failure",
    "bug",
    "example",
    "quote",
    "abstract",
    "important",
    "todo",
    "fail",
    "missing",
    "done",
    "faq",
    "help",
    "summary",
    "tldr",
    "cite",
];

/// What `opening` with `options` converts to.
pub fn conversion(opening: &Opening, options: &[(String, String)]) -> Conversion {
    let option = |key: &str| {
        options
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim_matches(['"', '\'']).to_string())
    };
    let truthy = |key: &str| option(key).is_some_and(|v| v.eq_ignore_ascii_case("true"));
    match opening.name.as_str() {
        "tab" => Conversion::Tab(opening.argument.clone().unwrap_or_default()),
        "admonition" | "details" => {
            let collapsible = opening.name == "details";
            let kind = option("type")
                .unwrap_or_else(|| "note".into())
                .to_lowercase();
            Conversion::Admonition(Admonition {
                kind,
                title: opening.argument.clone(),
                collapsible,
                open: collapsible && truthy("open"),
            })
        }
        kind if ADMONITION_KINDS.contains(&kind) => Conversion::Admonition(Admonition {
            kind: kind.to_string(),
            title: opening.argument.clone(),
            collapsible: false,
            open: false,
        }),
        _ => Conversion::Unknown,
    }
}

/// The index of the line that closes the block opened at `start` with `slashes` slashes, or
/// `None` when it is never closed (then it is not a block: Python-Markdown leaves it as text).
/// Fenced code inside is skipped: a `///` there is code.
pub fn end(lines: &[&str], start: usize, slashes: usize) -> Option<usize> {
    let mut fence: Option<(char, usize)> = None;
    for (index, line) in lines.iter().enumerate().skip(start) {
        if let Some(open) = fence {
            if super::body::fence_closes(line, open) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = super::body::fence_open(line) {
            fence = Some(open);
            continue;
        }
        if closes(line.trim(), slashes) {
            return Some(index);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openings_name_the_block_and_its_argument() {
        assert_eq!(
            opening("//// tab | Python 3.10+"),
            Some(Opening {
                slashes: 4,
                name: "tab".into(),
                argument: Some("Python 3.10+".into())
            })
        );
        assert_eq!(
            opening("/// tip"),
            Some(Opening {
                slashes: 3,
                name: "tip".into(),
                argument: None
            })
        );
        for not_one in [
            "// comment",
            "///",
            "/// ",
            "///tip",
            "/// a b",
            "https://x",
        ] {
            assert_eq!(opening(not_one), None, "{not_one}");
        }
        assert!(closes("////", 4) && !closes("///", 4) && !closes("/////", 4));
    }

    #[test]
    fn blocks_convert_like_their_indented_forms() {
        let tip = opening("/// tip | Careful").unwrap();
        assert_eq!(
            conversion(&tip, &[]),
            Conversion::Admonition(Admonition {
                kind: "tip".into(),
                title: Some("Careful".into()),
                collapsible: false,
                open: false
            })
        );
        let details = opening("/// details | More").unwrap();
        let (options, taken) = options(&["    open: True", "    type: warning", "", "Text"]);
        assert_eq!(taken, 2);
        assert_eq!(
            conversion(&details, &options),
            Conversion::Admonition(Admonition {
                kind: "warning".into(),
                title: Some("More".into()),
                collapsible: true,
                open: true
            })
        );
        assert_eq!(
            conversion(&opening("/// tab | Linux").unwrap(), &[]),
            Conversion::Tab("Linux".into())
        );
        assert_eq!(
            conversion(&opening("/// html | div").unwrap(), &[]),
            Conversion::Unknown
        );
    }

    #[test]
    fn a_block_ends_at_its_own_closing_line_outside_code() {
        let lines = [
            "//// tab | A",
            "/// note",
            "x",
            "///",
            "```",
            "////",
            "```",
            "////",
        ];
        assert_eq!(end(&lines, 1, 4), Some(7));
        assert_eq!(end(&lines, 2, 3), Some(3));
        assert_eq!(end(&["/// tip", "never closed"], 1, 3), None);
    }
}
