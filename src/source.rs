//! Source files as kbpress sees them: decoded, with one line-ending style, and a line index.
//!
//! Every position a diagnostic reports is computed here, from a byte offset into the normalised
//! text, so that all checks agree on what "line 3, column 7" means. Columns count Unicode scalar
//! values (what editors show), not bytes.

use crate::diagnostic::{Position, Span};

/// Why a file's bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not valid UTF-8; `offset` is the byte offset of the first bad byte in the file.
    InvalidUtf8 { offset: usize, line: u32 },
    /// The file starts with a UTF-16 byte-order mark.
    Utf16,
}

/// Decodes a file's bytes: strips a UTF-8 byte-order mark and turns CRLF and lone CR into LF,
/// so CRLF files and LF files render and report positions identically. The usual file (UTF-8,
/// LF, no mark) becomes its `String` without a copy.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u32;
        DecodeError::InvalidUtf8 { offset, line }
    })?;
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return Ok(text);
    }
    Ok(normalize_line_endings(&text))
}

/// Turns CRLF and lone CR line endings into LF.
pub fn normalize_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Maps byte offsets of a text to 1-based line and column positions.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
    /// The number of characters before each multiple of [`CHUNK`] bytes, so that a column on a
    /// very long line (a 7 MB paragraph full of links) is found without counting the line from
    /// its start each time: that made many positions on one line quadratic. Made on the first
    /// such column: most texts never need it, and counting every byte of every article was 2%
    /// of a check.
    chars_before_chunk: std::sync::OnceLock<Vec<usize>>,
}

/// Columns farther than this from their line start are counted from the nearest checkpoint.
const CHUNK: usize = 256;

/// The number of characters that start in `bytes` (UTF-8 continuation bytes do not).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            line_starts,
            chars_before_chunk: std::sync::OnceLock::new(),
        }
    }

    /// The number of characters in `text[..offset]`, `offset` being a character boundary.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let table = self.chars_before_chunk.get_or_init(|| {
            let mut table = Vec::with_capacity(text.len() / CHUNK + 1);
            let mut count = 0;
            for chunk in text.as_bytes().chunks(CHUNK) {
                table.push(count);
                count += char_starts(chunk);
            }
            table
        });
        let chunk = offset / CHUNK;
        match table.get(chunk) {
            Some(&before) => before + char_starts(&text.as_bytes()[chunk * CHUNK..offset]),
            None => char_starts(&text.as_bytes()[..offset]),
        }
    }

    /// The position of byte `offset` in `text` (the text this index was built from). Offsets
    /// past the end or inside a character are clamped, so a bad offset never panics.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = if end - start <= CHUNK {
            text[start..end].chars().count() + 1
        } else {
            self.chars_before(text, end) - self.chars_before(text, start) + 1
        };
        Position::new(line as u32 + 1, column as u32)
    }

    pub fn span(&self, text: &str, range: std::ops::Range<usize>) -> Span {
        Span {
            start: self.position(text, range.start),
            end: self.position(text, range.end),
        }
    }

    /// Byte offset where 1-based `line` starts, if the text has that line.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.line_starts
            .get((line as usize).checked_sub(1)?)
            .copied()
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// The text of 1-based `line` without its line ending, for showing a snippet.
pub fn line_text(text: &str, line: u32) -> Option<&str> {
    text.split('\n').nth((line as usize).checked_sub(1)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_normalises_line_endings() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\r\nb\rc\n".to_vec()).unwrap(),
            "a\nb\nc\n"
        );
    }

    #[test]
    fn reports_invalid_utf8_offset_and_line() {
        assert_eq!(
            decode(b"ok\nbad \xFF here".to_vec()),
            Err(DecodeError::InvalidUtf8 { offset: 7, line: 2 })
        );
    }

    #[test]
    fn refuses_utf16() {
        assert_eq!(decode(b"\xFF\xFEa\x00".to_vec()), Err(DecodeError::Utf16));
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "first\nsé x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position::new(1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position::new(2, 4));
        assert_eq!(index.position(text, text.len()), Position::new(3, 1));
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1), Position::new(1, 1));
        assert_eq!(index.position(text, 99), Position::new(1, 2));
    }

    #[test]
    fn columns_on_very_long_lines_are_counted_in_characters_and_fast() {
        let line = "é".repeat(10_000) + &"x".repeat(10_000) + "é";
        let text = format!("head\n{line}\n");
        let index = LineIndex::new(&text);
        let last = text.rfind('é').unwrap();
        assert_eq!(index.position(&text, last), Position::new(2, 20_001));
        assert_eq!(index.position(&text, last + 1), Position::new(2, 20_001));
        assert_eq!(index.position(&text, text.len()), Position::new(3, 1));
        let expected = |offset: usize| {
            let mut end = offset;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text[5..end].chars().count() as u32 + 1
        };
        for offset in [5, 4100, 4101, 9000, 20_004, 25_000, 30_005] {
            assert_eq!(
                index.position(&text, offset).column,
                expected(offset),
                "{offset}"
            );
        }
        let long = "[a](b) ".repeat(300_000);
        let index = LineIndex::new(&long);
        let start = std::time::Instant::now();
        for offset in (0..long.len()).step_by(7) {
            index.position(&long, offset);
        }
        // Counting each column from the line start took many minutes here (quadratic).
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn line_text_returns_the_line_without_ending() {
        assert_eq!(line_text("a\nbc\n", 2), Some("bc"));
        assert_eq!(line_text("a", 0), None);
    }
}
