//! `missing-front-matter`: the article does not start with a `---` front matter block, or the
//! block is never closed.

use super::Context;
use crate::diagnostic::{Diagnostic, Position, Rule, Severity, Span};
use crate::front_matter::Block;

pub const RULE: Rule = Rule {
    code: "missing-front-matter",
    default_severity: Severity::Error,
    summary: "The article has no front matter block, or the block is not closed.",
    explanation: "Every article starts with a front matter block: a line `---`, then `key: value` \
lines (title, summary, type, applies_to, reviewed, ...), then a closing `---` line. Without it \
kbpress does not know the article's title, type or products. If the closing `---` is missing, the \
whole file would be read as YAML. Fix: add the block at the very top of the file (nothing, not \
even a blank line, before the first `---`), or add the closing `---` line.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for article in context.articles() {
        let at_start = Span::point(Position::START);
        match article.block {
            Block::Missing => found.push(
                Diagnostic::new(&RULE, &article.path, at_start, "the article has no front matter")
                    .with_help("start the file with a `---` line, the fields (`title: ...`), and a closing `---` line"),
            ),
            Block::Unclosed => found.push(
                Diagnostic::new(&RULE, &article.path, at_start, "the front matter block opened here is never closed")
                    .with_help("add a line `---` after the last front matter field"),
            ),
            Block::Closed { .. } => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn reports_missing_and_unclosed_blocks_at_line_one() {
        let site = kb(&[
            ("articles/none.md", "# Title\n\nText\n"),
            ("articles/open.md", "---\ntitle: A\n\nText\n"),
            ("articles/ok.md", &article("## Steps\n")),
        ]);
        assert_eq!(
            positions(&site, "missing-front-matter"),
            vec![
                ("articles/none.md".into(), 1, 1),
                ("articles/open.md".into(), 1, 1)
            ]
        );
        assert!(findings(&site, "missing-front-matter")[1]
            .message
            .contains("never closed"));
    }

    #[test]
    fn crlf_and_bom_files_are_fine() {
        let text = format!("\u{feff}{}", article("## Steps\n").replace('\n', "\r\n"));
        let site = kb(&[("articles/crlf.md", &text)]);
        assert!(run(&site).is_empty(), "{:#?}", run(&site));
    }
}
