//! Front matter: the YAML block between `---` lines at the top of an article.
//!
//! Splitting is done here by hand (pulldown-cmark's metadata-block option would also eat `---`
//! blocks in the middle of a body). Parsing YAML is confined to [`yaml`]; turning the parsed
//! fields into the typed [`FrontMatter`] is [`schema`]. Problems are recorded as data on the
//! result, and the checks (`missing-field`, `invalid-field`, ...) turn them into diagnostics.

mod locate;
pub mod schema;
mod simple;
pub mod yaml;

pub use schema::{
    DeclaredFields, FieldProblem, FieldValue, FrontMatter, Spanned, KNOWN_FIELDS, REQUIRED_FIELDS,
};

/// Where the front matter block and the body are in a (normalised) article text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` has no closing `---` (or `...`) line.
    Unclosed,
    /// `yaml` is the byte range of the YAML text, `body_start` where the Markdown starts.
    Closed {
        yaml: std::ops::Range<usize>,
        body_start: usize,
    },
}

/// Finds the front matter block. The opening line must be exactly `---` (trailing spaces are
/// allowed); the block ends at the next line that is exactly `---` or `...`.
pub fn split(text: &str) -> Block {
    let Some(first_line_end) = text.find('\n') else {
        return if is_fence(text) {
            Block::Unclosed
        } else {
            Block::Missing
        };
    };
    if !is_fence(&text[..first_line_end]) {
        return Block::Missing;
    }
    let yaml_start = first_line_end + 1;
    let mut line_start = yaml_start;
    while line_start <= text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        if is_fence(line) || line.trim_end() == "..." {
            return Block::Closed {
                yaml: yaml_start..line_start,
                body_start: (line_end + 1).min(text.len()),
            };
        }
        if line_end == text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    Block::Unclosed
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// A YAML double-quoted scalar for `text`, for writing front matter (`kbpress new`).
pub fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closed(text: &str) -> (&str, &str) {
        match split(text) {
            Block::Closed { yaml, body_start } => (&text[yaml], &text[body_start..]),
            other => panic!("expected a closed block, got {other:?}"),
        }
    }

    #[test]
    fn splits_yaml_and_body() {
        assert_eq!(
            closed("---\ntitle: A\n---\nBody\n"),
            ("title: A\n", "Body\n")
        );
    }

    #[test]
    fn accepts_dots_as_closing_line_and_trailing_spaces() {
        assert_eq!(closed("---  \na: 1\n...\nx"), ("a: 1\n", "x"));
    }

    #[test]
    fn only_front_matter_gives_an_empty_body() {
        assert_eq!(closed("---\na: 1\n---"), ("a: 1\n", ""));
        assert_eq!(closed("---\n---\n"), ("", ""));
    }

    #[test]
    fn a_rule_in_the_body_is_not_front_matter() {
        assert_eq!(split("Intro\n\n---\n\nMore\n"), Block::Missing);
        assert_eq!(
            closed("---\na: 1\n---\nx\n---\ny\n"),
            ("a: 1\n", "x\n---\ny\n")
        );
    }

    #[test]
    fn dashes_inside_a_value_do_not_close_the_block() {
        assert_eq!(
            closed("---\ntitle: \"a --- b\"\n---\nx"),
            ("title: \"a --- b\"\n", "x")
        );
    }

    #[test]
    fn quotes_yaml_strings() {
        assert_eq!(quote("Can't: \"x\" \\ y"), "\"Can't: \\\"x\\\" \\\\ y\"");
    }

    #[test]
    fn reports_missing_and_unclosed_blocks() {
        assert_eq!(split(""), Block::Missing);
        assert_eq!(split("# Title\n"), Block::Missing);
        assert_eq!(split("---\ntitle: A\n"), Block::Unclosed);
        assert_eq!(split("---"), Block::Unclosed);
        assert_eq!(split("----\na\n---\n"), Block::Missing);
    }
}
