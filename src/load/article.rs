//! Reading one article file: bytes -> text -> front matter -> typed fields. Never fails: every
//! problem is recorded on the [`Article`] for the checks to report.

use crate::diagnostic::{Position, Span};
use crate::front_matter::{self, schema, yaml, Block, DeclaredFields, FieldProblem};
use crate::site::Article;
use crate::slug::slugify;
use crate::source::{self, DecodeError, LineIndex};

/// Articles larger than this are not parsed; see the `unreadable-file` check.
pub const MAX_ARTICLE_BYTES: u64 = 8 * 1024 * 1024;

/// A line may start with at most this many block markers (`>`, `-`, `*`, `+`): real articles
/// nest a few levels, and a megabyte of `>` would render a page hundreds of megabytes large
/// and take gigabytes of memory.
pub const MAX_NESTING_MARKERS: usize = 1000;

/// The first line (1-based) that starts with more block markers than allowed, if any.
fn too_deep(text: &str) -> Option<usize> {
    text.split('\n')
        .position(|line| {
            line.bytes()
                .take_while(|b| matches!(b, b'>' | b'-' | b'*' | b'+' | b' ' | b'\t'))
                .filter(|b| !b.is_ascii_whitespace())
                .nth(MAX_NESTING_MARKERS)
                .is_some()
        })
        .map(|index| index + 1)
}

/// Reads and parses the article at KB-relative `path`. Body rendering happens later, once every
/// article's URL is known.
pub fn read(root: &std::path::Path, path: &str, declared: &DeclaredFields) -> Article {
    let text = match read_capped(&root.join(path)) {
        Ok(Ok(bytes)) => source::decode(bytes).map_err(|error| match error {
            DecodeError::InvalidUtf8 { offset, line } => {
                format!("is not valid UTF-8: bad byte at offset {offset} (line {line})")
            }
            DecodeError::Utf16 => "is UTF-16; kbpress reads UTF-8 only".to_string(),
        }),
        Ok(Err(too_large)) => Err(too_large),
        Err(error) => Err(format!("cannot be read: {error}")),
    };
    let text = text.and_then(|text| match too_deep(&text) {
        Some(line) => Err(format!(
            "nests quotes or lists more than {MAX_NESTING_MARKERS} levels deep on line {line}; kbpress refuses it rather than build a page of that depth"
        )),
        None => Ok(text),
    });
    match text {
        Ok(text) => parse(path, text, declared),
        Err(reason) => {
            let mut article = parse(path, String::new(), declared);
            article.unreadable = Some(reason);
            article.block = Block::Closed {
                yaml: 0..0,
                body_start: 0,
            };
            article
        }
    }
}

fn too_large(bytes: u64) -> String {
    format!(
        "is {bytes} bytes, more than the {} MiB limit for an article",
        MAX_ARTICLE_BYTES / 1024 / 1024
    )
}

/// Opens a file for reading. Opening a named pipe normally blocks until someone writes to it;
/// here it returns at once (on Unix), so the caller can see it is no regular file and refuse it.
fn open_without_waiting(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // No effect on regular files; reads of the file never happen for anything else.
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads a regular file of at most the size cap, even if it grew after its size was looked at;
/// the inner error says why a file is refused (not a regular file, too large).
pub(super) fn read_capped(path: &std::path::Path) -> std::io::Result<Result<Vec<u8>, String>> {
    use std::io::Read as _;
    let file = open_without_waiting(path)?;
    // The handle's metadata, not the path's: one path lookup per file, and the size checked is
    // the size of the file read.
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(Err(
            "is not a regular file (a pipe, socket or device); kbpress does not read it".into(),
        ));
    }
    if meta.len() > MAX_ARTICLE_BYTES {
        return Ok(Err(too_large(meta.len())));
    }
    // One byte more than its size, so that reading to the end needs no second allocation.
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.take(MAX_ARTICLE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Ok(Err(too_large(bytes.len() as u64)));
    }
    Ok(Ok(bytes))
}

/// Parses an article's text (already decoded and normalised).
pub fn parse(path: &str, text: String, declared: &DeclaredFields) -> Article {
    let lines = LineIndex::new(&text);
    let block = front_matter::split(&text);
    let (fields, yaml_error) = match &block {
        Block::Closed { yaml: range, .. } => match yaml::parse(&text, range.clone()) {
            Ok(fields) => (fields, None),
            Err(error) => (Vec::new(), Some(error)),
        },
        _ => (Vec::new(), None),
    };
    let mut front_matter = schema::convert(&text, &lines, &fields, declared);
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".md");
    let mut slug = slugify(stem);
    if let Some(written) = &front_matter.slug {
        let clean = slugify(&written.value);
        if clean == written.value {
            slug = clean;
        } else {
            front_matter.problems.push(FieldProblem {
                field: "slug".into(),
                span: written.span,
                message: format!(
                    "`slug` must be lowercase letters, digits and `-`, not `{}`",
                    written.value
                ),
                help: (!clean.is_empty()).then(|| format!("write `slug: {clean}`")),
            });
        }
    }
    if crate::urls::is_windows_device(&slug) {
        // `slug` is lowercase letters, digits and `-`, so this is the only way it can fail to
        // be a writable folder name: refused here, with a position, not when the site is written.
        let (span, help) = match &front_matter.slug {
            Some(written) if written.value == slug => {
                (written.span, "choose another `slug`".to_string())
            }
            _ => (
                Span::point(Position::START),
                "rename the file, or set `slug:` to another value".to_string(),
            ),
        };
        front_matter.problems.push(FieldProblem {
            field: "slug".into(),
            span,
            message: format!(
                "the slug `{slug}` is a device name on Windows (`con`, `nul`, `aux`, `com1`, ...), so its page cannot be written"
            ),
            help: Some(help),
        });
    }
    for tag in &front_matter.tags {
        if crate::urls::is_windows_device(&slugify(&tag.value)) {
            front_matter.problems.push(FieldProblem {
                field: "tags".into(),
                span: tag.span,
                message: format!(
                    "tag `{}` would be published at `tags/{}/`, a device name on Windows",
                    tag.value,
                    slugify(&tag.value)
                ),
                help: Some("choose another tag".into()),
            });
        }
    }
    for alias in &front_matter.aliases {
        if crate::urls::alias_folder(&alias.value).is_none() {
            front_matter.problems.push(FieldProblem {
                field: "aliases".into(),
                span: alias.span,
                message: format!("alias `{}` is not a safe site path", alias.value),
                help: Some("write an old URL path such as `/kb/12345/`: it starts with `/` and has no `..`, `\\`, `%` or `#`".into()),
            });
        }
    }
    if slug.is_empty() {
        // A name of only punctuation or emoji: still give it a deterministic, safe URL.
        slug = "article".into();
    }
    Article {
        path: path.to_string(),
        text,
        lines,
        unreadable: None,
        block,
        yaml_error,
        front_matter,
        category: String::new(),
        slug,
        url: String::new(),
        body: Default::default(),
        text_from: None,
        text_language: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_plain(path: &str, text: String) -> Article {
        parse(path, text, &DeclaredFields::new())
    }

    #[test]
    fn slug_comes_from_the_file_name_or_a_valid_slug_field() {
        assert_eq!(
            parse_plain("articles/b/Refund Policy.md", String::new()).slug,
            "refund-policy"
        );
        let article = parse_plain("articles/a.md", "---\nslug: cant-sign-in\n---\n".into());
        assert_eq!(article.slug, "cant-sign-in");
    }

    #[test]
    fn invalid_slugs_and_aliases_are_problems() {
        let article = parse_plain(
            "articles/a.md",
            "---\nslug: ../../etc\naliases: [/kb/1/, ../x, /a\\b]\n---\n".into(),
        );
        assert_eq!(article.slug, "a");
        let fields: Vec<_> = article
            .front_matter
            .problems
            .iter()
            .map(|p| p.field.as_str())
            .collect();
        assert_eq!(fields, vec!["slug", "aliases", "aliases"]);
    }

    #[test]
    fn device_names_are_refused_as_slugs_and_tags() {
        let article = parse_plain(
            "articles/a.md",
            "---\nslug: con\ntags: [ok, AUX, Lpt1]\n---\n".into(),
        );
        let problems: Vec<_> = article
            .front_matter
            .problems
            .iter()
            .map(|p| (p.field.as_str(), p.span.start.line))
            .collect();
        assert_eq!(problems, vec![("slug", 2), ("tags", 3), ("tags", 3)]);
        let from_name = parse_plain("articles/b/CON.md", String::new());
        assert_eq!(from_name.front_matter.problems[0].field, "slug");
        assert_eq!(from_name.front_matter.problems[0].span.start.line, 1);
        assert!(parse_plain("articles/b/console.md", String::new())
            .front_matter
            .problems
            .is_empty());
    }

    #[test]
    fn emoji_names_get_a_fallback_slug() {
        assert_eq!(parse_plain("articles/🎉.md", String::new()).slug, "article");
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_unreadable_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(dir.path().join("p.md"))
            .status()
            .unwrap();
        assert!(status.success());
        let article = read(dir.path(), "p.md", &DeclaredFields::new());
        assert!(article
            .unreadable
            .as_deref()
            .unwrap()
            .contains("not a regular file"));
        // A category's `_index.md` is read the same way.
        let capped = read_capped(&dir.path().join("p.md")).unwrap();
        assert!(capped.unwrap_err().contains("not a regular file"));
    }

    #[test]
    fn absurd_nesting_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("deep.md"),
            format!("---\ntitle: A\n---\n{}x\n", ">".repeat(50_000)),
        )
        .unwrap();
        let reason = read(dir.path(), "deep.md", &DeclaredFields::new())
            .unreadable
            .unwrap();
        assert!(reason.contains("on line 4"), "{reason}");
        std::fs::write(
            dir.path().join("ok.md"),
            "---\ntitle: A\n---\n> > - quote\n\n---\n",
        )
        .unwrap();
        assert!(read(dir.path(), "ok.md", &DeclaredFields::new())
            .unreadable
            .is_none());
    }

    #[test]
    fn unreadable_files_are_recorded_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.md"), b"---\ntitle: \xFF\n---\n").unwrap();
        let article = read(dir.path(), "bad.md", &DeclaredFields::new());
        assert!(article
            .unreadable
            .as_deref()
            .unwrap()
            .contains("offset 11 (line 2)"));
        assert!(read(dir.path(), "missing.md", &DeclaredFields::new())
            .unreadable
            .is_some());
    }
}
