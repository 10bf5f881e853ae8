//! Text from the KB made safe to show in a terminal or a CI log.
//!
//! File names and the messages quoting them come from the KB, so from anyone who can open a
//! pull request: an escape sequence in a name would retitle the terminal or hide output, and a
//! newline would start a line of its own, where a CI runner reads `::error ...` as a workflow
//! command. Control characters (C0, DEL, C1) and the bidirectional overrides that reorder what
//! a reader sees are written as visible escapes (`\n`, `\x1b`, `\u{202e}`) instead.

use std::borrow::Cow;
use std::fmt::Write;

use crate::diagnostic::Diagnostic;

/// Whether `c` must not reach a terminal as it is.
fn hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control character written as a visible escape; borrowed when it has none.
pub fn text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if hidden(c) && (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `diagnostic` with its file, message and help made visible; borrowed when nothing changes
/// (the usual case: a copy only for the rare finding that needs it).
pub fn diagnostic(diagnostic: &Diagnostic) -> Cow<'_, Diagnostic> {
    let file = text(&diagnostic.file);
    let message = text(&diagnostic.message);
    let help = diagnostic.help.as_deref().map(text);
    let audiences_hidden = diagnostic.audiences.iter().any(|a| a.chars().any(hidden));
    let changed = matches!(file, Cow::Owned(_))
        || matches!(message, Cow::Owned(_))
        || matches!(help, Some(Cow::Owned(_)))
        || audiences_hidden;
    if !changed {
        return Cow::Borrowed(diagnostic);
    }
    Cow::Owned(Diagnostic {
        file: file.into_owned(),
        message: message.into_owned(),
        help: help.map(Cow::into_owned),
        audiences: diagnostic
            .audiences
            .iter()
            .map(|a| text(a).into_owned())
            .collect(),
        ..diagnostic.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(text("articles/a.md"), Cow::Borrowed("articles/a.md"));
        assert_eq!(text("Délais « x »"), "Délais « x »");
        assert_eq!(text("esc\x1b]0;T\x07.md"), "esc\\x1b]0;T\\x07.md");
        assert_eq!(
            text("x\n::error file=INJECTED.md::boom\r\n.md"),
            "x\\n::error file=INJECTED.md::boom\\r\\n.md"
        );
        assert_eq!(text("a\tb\u{7f}\u{9b}c"), "a\\tb\\x7f\\x9bc");
        assert_eq!(text("evil\u{202e}dm.exe"), "evil\\u{202e}dm.exe");
    }

    #[test]
    fn a_diagnostic_is_copied_only_when_it_has_something_to_escape() {
        let sample = crate::report::samples::diagnostics()[0].clone();
        assert!(matches!(diagnostic(&sample), Cow::Borrowed(_)));
        let mut hostile = sample.clone();
        hostile.file = "articles/x\n::error::boom.md".into();
        hostile.message = "`articles/x\n::error::boom.md` is bad".into();
        let shown = diagnostic(&hostile);
        assert_eq!(shown.file, "articles/x\\n::error::boom.md");
        assert_eq!(shown.message, "`articles/x\\n::error::boom.md` is bad");
        assert_eq!(shown.help, sample.help);
    }
}
