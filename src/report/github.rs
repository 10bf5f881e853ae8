//! The `github` format: GitHub Actions workflow commands, which the runner turns into
//! annotations on the changed lines of a pull request.
//!
//! `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=kbpress CODE::MESSAGE`, one per
//! line. The runner splits a command at its first `::` and properties at `,` and `=`, and ends it
//! at the newline, so values are percent-escaped the way GitHub's own toolkit (`@actions/core`)
//! does it; anything else (a `:` or `,` in a file name or a newline in a help text) would cut
//! the annotation short or attach it to the wrong place.

use std::io::{self, Write};

use super::Summary;
use crate::diagnostic::{Diagnostic, Severity};

pub(super) fn write(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    summary: &Summary,
) -> io::Result<()> {
    for diagnostic in diagnostics {
        writeln!(out, "{}", command(diagnostic))?;
    }
    // Not a command: the runner prints it as is, so the log still says what was checked.
    writeln!(out, "{}", super::summary_line(summary))
}

/// The workflow command for one diagnostic, without the newline.
fn command(diagnostic: &Diagnostic) -> String {
    // Control characters from the KB (a file name's newline or escape sequence) are shown as
    // escapes first, as in the human format; the percent-escapes below then keep the command's
    // own delimiters intact.
    let diagnostic = super::visible::diagnostic(diagnostic);
    let name = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = vec![
        ("file", diagnostic.file.to_string()),
        ("line", diagnostic.line.to_string()),
    ];
    match (diagnostic.end_line, diagnostic.end_column) {
        (Some(end_line), Some(end_column))
            if end_line == diagnostic.line && end_column > diagnostic.column =>
        {
            // kbpress ends are exclusive, GitHub's endColumn is the last column annotated
            // (it defaults to `col`, a one-character annotation).
            properties.push(("col", diagnostic.column.to_string()));
            properties.push(("endLine", end_line.to_string()));
            properties.push(("endColumn", (end_column - 1).to_string()));
        }
        (Some(end_line), _) if end_line > diagnostic.line => {
            // GitHub rejects columns on an annotation that spans lines: keep the lines.
            properties.push(("endLine", end_line.to_string()));
        }
        _ => properties.push(("col", diagnostic.column.to_string())),
    }
    properties.push(("title", format!("kbpress {}", diagnostic.code)));
    let properties: Vec<String> = properties
        .iter()
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect();
    format!(
        "::{name} {}::{}",
        properties.join(","),
        escape_data(&super::message_with_help(&diagnostic))
    )
}

/// Escapes the message part of a command: `%`, CR and LF.
fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value: like the message, plus the `:` and `,` that delimit properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::super::samples;
    use super::*;

    #[test]
    fn writes_one_command_per_diagnostic_and_the_summary() {
        let mut out = Vec::new();
        write(&mut out, &samples::diagnostics(), &samples::summary()).unwrap();
        let expected = "\
::error file=articles/billing/refunds.md,line=5,col=19,endLine=5,endColumn=41,title=kbpress broken-link::link to `../guide.md`: `articles/guide.md` does not exist%0Ahelp: did you mean `articles/guides.md`?%0Anote: only in the sites for `internal`, `wholesale`
::warning file=articles/start.md,line=2,col=1,title=kbpress unknown-field::unknown front matter field `titel`
::error file=articles/broken.md,line=1,col=1,title=kbpress unreadable-file::`articles/broken.md` is not valid UTF-8%0Ahelp: save the file as UTF-8 text
checked 3 articles: 2 errors, 1 warning
";
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn escapes_data() {
        assert_eq!(
            escape_data("100% done\r\nnext: a,b"),
            "100%25 done%0D%0Anext: a,b"
        );
        assert_eq!(
            escape_data("%0A"),
            "%250A",
            "an escape in the text stays literal"
        );
        assert_eq!(escape_data("« Délais »"), "« Délais »");
    }

    #[test]
    fn escapes_properties() {
        assert_eq!(escape_property("a:b,c%d\r\ne"), "a%3Ab%2Cc%25d%0D%0Ae");
        assert_eq!(
            escape_property("kbpress broken-link"),
            "kbpress broken-link"
        );
        assert_eq!(
            escape_property("%3A"),
            "%253A",
            "percent first, so it is not doubled"
        );
    }

    #[test]
    fn escapes_every_part_of_a_command() {
        let mut diagnostic = samples::diagnostics()[1].clone();
        diagnostic.file = "articles/q&a: 50%, really.md".into();
        diagnostic.message = "line one, line two: 100%".into();
        diagnostic.help = Some("and a help".into());
        assert_eq!(
            command(&diagnostic),
            "::warning file=articles/q&a%3A 50%25%2C really.md,line=2,col=1,\
             title=kbpress unknown-field::line one, line two: 100%25%0Ahelp: and a help"
        );
    }

    /// A file name cannot end the command and start another, nor put an escape sequence into
    /// the log: the whole diagnostic stays on its one line with its control characters shown.
    #[test]
    fn control_characters_in_a_file_name_cannot_start_a_command() {
        let mut diagnostic = samples::diagnostics()[2].clone();
        diagnostic.file =
            "articles/x\n::error file=INJECTED.md,line=1::boom\r\n\x1b]0;T\x07.md".into();
        diagnostic.message = format!("`{}` cannot be published", diagnostic.file);
        let mut out = Vec::new();
        write(&mut out, &[diagnostic], &samples::summary()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(
            text.bytes().all(|b| b == b'\n' || !b.is_ascii_control()),
            "{text:?}"
        );
        assert_eq!(
            lines[0],
            "::error file=articles/x\\n%3A%3Aerror file=INJECTED.md%2Cline=1%3A%3Aboom\\r\\n\\x1b]0;T\\x07.md,\
             line=1,col=1,title=kbpress unreadable-file::`articles/x\\n::error file=INJECTED.md,line=1::boom\\r\\n\\x1b]0;T\\x07.md` \
             cannot be published%0Ahelp: save the file as UTF-8 text"
        );
    }

    #[test]
    fn a_span_over_several_lines_keeps_only_lines() {
        let mut diagnostic = samples::diagnostics()[1].clone();
        diagnostic.end_line = Some(4);
        diagnostic.end_column = Some(3);
        assert_eq!(
            command(&diagnostic),
            "::warning file=articles/start.md,line=2,endLine=4,title=kbpress unknown-field::\
             unknown front matter field `titel`"
        );
    }
}
