//! The scanner for programming and shell languages, driven by a [`Grammar`] table (see
//! `languages.rs`), and used for the values of the line-based formats too.
//!
//! Linear time on any input is the rule here: every step consumes at least one byte, an
//! unterminated string or comment runs to the end of its line or of the code instead of
//! being retried from the next byte, and no byte is looked ahead at more than a bounded number
//! of times (a `${` looks at most [`MAX_BRACED`] bytes for its `}`). Token boundaries fall on ASCII bytes only, so a token is
//! always whole UTF-8.

use super::{Class, Html};

/// How a quote starts and ends a string.
pub struct Quote {
    pub delimiter: &'static str,
    /// The byte that escapes the next one (`\`, PowerShell's `` ` ``), if any.
    pub escape: Option<u8>,
    /// Whether a doubled delimiter (`''` in SQL) stands for one quote inside the string.
    pub doubled: bool,
    /// Whether the string may go on past the end of its line.
    pub multiline: bool,
}

/// How `$` starts a variable.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Variables {
    None,
    /// `$name`, `${...}`, `$1`, `$?` and the other special parameters.
    Shell,
    /// `$name`, `$env:NAME` (a scope before a colon), `${...}`, `$_`.
    PowerShell,
    /// YAML anchors and aliases: `&name`, `*name`.
    Anchors,
}

/// What one language's tokens look like.
pub struct Grammar {
    /// Comments that run to the end of the line.
    pub line_comments: &'static [&'static str],
    /// Whether a line comment must start a word (`#` in shell: `a#b` is one word).
    pub comment_after_space: bool,
    /// Comments with an end: (start, end).
    pub block_comments: &'static [(&'static str, &'static str)],
    /// Longer delimiters first (`"""` before `"`).
    pub quotes: &'static [Quote],
    /// Whether a quote right after a letter is text, not a string (`don't` in YAML and INI).
    pub quotes_start_words: bool,
    /// Words that make the quote right after them part of the string (Python's `r`, `f`...).
    pub string_prefixes: &'static [&'static str],
    /// Sorted; lower case when `ignore_case`.
    pub keywords: &'static [&'static str],
    /// Sorted; lower case when `ignore_case`.
    pub literals: &'static [&'static str],
    pub ignore_case: bool,
    pub variables: Variables,
    /// Bytes that may be part of a word besides ASCII letters, digits, `_` and non-ASCII.
    pub word_bytes: &'static [u8],
    /// Whether the first word of each command is a command (shells).
    pub commands: bool,
    /// Words after which the next word is a command again (`sudo`, `then`).
    pub command_prefixes: &'static [&'static str],
    /// Whether a word right before `(` is a function.
    pub calls: bool,
    /// Words after which the next word is a function being defined (`def`, `function`).
    pub definers: &'static [&'static str],
    /// Words after which the next word is a variable being declared (`export`, `local`).
    pub declarers: &'static [&'static str],
    /// Whether a string followed by `:` is a key (JSON).
    pub string_keys: bool,
    /// The length of the prompt at the start of `line`, or 0 without one.
    pub prompt: fn(&str) -> usize,
}

/// How far a `${` looks for its `}`: bounded, so `${${${...` stays linear.
const MAX_BRACED: usize = 256;

/// Highlights all of `code` with `grammar`.
pub fn scan(grammar: &Grammar, code: &str, out: &mut Html) {
    let mut scanner = Scanner::new(grammar, code);
    while scanner.at < code.len() {
        scanner.step(out);
    }
}

/// A position in the code and what the tokens before it imply.
pub struct Scanner<'g, 'c> {
    grammar: &'g Grammar,
    code: &'c str,
    pub at: usize,
    /// Whether the next word is a command (shells).
    command: bool,
    /// Whether only spaces came since the start of the line (where prompts are).
    line_start: bool,
    /// Whether the last word was a definer.
    defining: bool,
    /// Whether the last word was a declarer.
    declaring: bool,
}

impl<'g, 'c> Scanner<'g, 'c> {
    pub fn new(grammar: &'g Grammar, code: &'c str) -> Self {
        Scanner {
            grammar,
            code,
            at: 0,
            command: true,
            line_start: true,
            defining: false,
            declaring: false,
        }
    }

    /// Tokens up to and including the end of the current line (a string or comment that
    /// goes on past it is taken whole).
    pub fn rest_of_line(&mut self, out: &mut Html) {
        self.line_start = false;
        while self.at < self.code.len() {
            let newline = self.code.as_bytes()[self.at] == b'\n';
            self.step(out);
            if newline {
                return;
            }
        }
    }

    /// Writes the token at the position and moves past it.
    pub fn step(&mut self, out: &mut Html) {
        let bytes = self.code.as_bytes();
        let start = self.at;
        let rest = &self.code[start..];
        let byte = bytes[start];
        let grammar = self.grammar;
        if byte == b'\n' {
            out.plain("\n");
            self.at += 1;
            // A line that ends in `\` goes on: the next line does not start a command.
            self.command |= grammar.commands && (start == 0 || bytes[start - 1] != b'\\');
            self.line_start = true;
            return;
        }
        if byte == b' ' || byte == b'\t' || byte == b'\r' {
            let end = start + count(rest, |b| b == b' ' || b == b'\t' || b == b'\r');
            return self.emit(out, None, end);
        }
        if std::mem::take(&mut self.line_start) {
            let prompt = (grammar.prompt)(line_of(rest));
            if prompt > 0 {
                self.command = true;
                return self.emit(out, Some(Class::Prompt), start + prompt);
            }
        }
        let word_before = start > 0 && self.is_word_byte(bytes[start - 1]);
        if let Some(end) = self.comment(rest, word_before) {
            return self.emit(out, Some(Class::Comment), start + end);
        }
        if !(grammar.quotes_start_words && word_before) {
            if let Some(end) = self.string(rest) {
                let class = self.string_class(start + end);
                self.command = false;
                return self.emit(out, Some(class), start + end);
            }
        }
        if let Some((class, end)) = self.variable(rest) {
            self.command = false;
            return self.emit(out, Some(class), start + end);
        }
        if self.is_word_byte(byte) {
            return self.word(out);
        }
        if grammar.commands && matches!(byte, b'|' | b';' | b'&' | b'(' | b'{' | b'`') {
            self.command = true;
        }
        // One punctuation byte (or a whole character, outside ASCII).
        let end = start + rest.chars().next().map_or(1, char::len_utf8);
        self.emit(out, None, end);
    }

    fn emit(&mut self, out: &mut Html, class: Option<Class>, end: usize) {
        out.token(class, &self.code[self.at..end]);
        self.at = end;
    }

    fn is_word_byte(&self, byte: u8) -> bool {
        byte.is_ascii_alphanumeric()
            || byte == b'_'
            || byte >= 0x80
            || self.grammar.word_bytes.contains(&byte)
    }

    /// The length of the comment at the start of `rest`, if one starts there.
    fn comment(&self, rest: &str, word_before: bool) -> Option<usize> {
        let grammar = self.grammar;
        let line_comment = grammar.line_comments.iter().any(|c| rest.starts_with(c));
        if line_comment && !(grammar.comment_after_space && word_before) {
            return Some(line_of(rest).len());
        }
        let (open, close) = grammar
            .block_comments
            .iter()
            .find(|(open, _)| rest.starts_with(open))?;
        let body = &rest[open.len()..];
        Some(
            open.len()
                + memchr::memmem::find(body.as_bytes(), close.as_bytes())
                    .map_or(body.len(), |i| i + close.len()),
        )
    }

    /// The length of the string at the start of `rest`, if one starts there.
    fn string(&self, rest: &str) -> Option<usize> {
        let grammar = self.grammar;
        let quote = grammar
            .quotes
            .iter()
            .find(|q| rest.starts_with(q.delimiter))?;
        let bytes = rest.as_bytes();
        let delimiter = quote.delimiter.as_bytes();
        let mut index = delimiter.len();
        while index < bytes.len() {
            let byte = bytes[index];
            if Some(byte) == quote.escape {
                index += 2;
            } else if byte == b'\n' && !quote.multiline {
                return Some(index);
            } else if bytes[index..].starts_with(delimiter) {
                index += delimiter.len();
                if !(quote.doubled && bytes[index..].starts_with(delimiter)) {
                    return Some(index);
                }
                index += delimiter.len();
            } else {
                index += 1;
            }
        }
        Some(bytes.len())
    }

    /// A string followed by `:` is a key where the grammar says so.
    fn string_class(&self, end: usize) -> Class {
        if !self.grammar.string_keys {
            return Class::String;
        }
        let after = &self.code.as_bytes()[end..];
        match after.iter().find(|&&b| b != b' ' && b != b'\t') {
            Some(b':') => Class::Key,
            _ => Class::String,
        }
    }

    /// The class and length of the variable at the start of `rest`, if one starts there.
    fn variable(&self, rest: &str) -> Option<(Class, usize)> {
        let bytes = rest.as_bytes();
        let sigil = *bytes.first()?;
        let kind = self.grammar.variables;
        let sigils: &[u8] = match kind {
            Variables::None => return None,
            Variables::Shell | Variables::PowerShell => b"$",
            Variables::Anchors => b"&*",
        };
        if !sigils.contains(&sigil) {
            return None;
        }
        let name = |from: usize| {
            from + count(&rest[from..], |b| {
                b.is_ascii_alphanumeric() || b == b'_' || b == b'-' && kind == Variables::Anchors
            })
        };
        let end = match bytes.get(1) {
            Some(b'{') if kind != Variables::Anchors => {
                let window = &bytes[..bytes.len().min(MAX_BRACED)];
                memchr::memchr2(b'}', b'\n', window).filter(|&i| window[i] == b'}')? + 1
            }
            Some(b)
                if kind == Variables::Shell && (b.is_ascii_digit() || b"?@*#$!-".contains(b)) =>
            {
                2
            }
            Some(b'_' | b'?' | b'$' | b'^') if kind == Variables::PowerShell => name(1).max(2),
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {
                let end = name(1);
                // `$env:PATH`: a scope, a colon, then the name.
                let scoped = kind == Variables::PowerShell
                    && bytes.get(end) == Some(&b':')
                    && bytes.get(end + 1).is_some_and(|b| b.is_ascii_alphabetic());
                if scoped {
                    name(end + 1)
                } else {
                    end
                }
            }
            _ => return None,
        };
        let class = if self.is_literal(&rest[..end]) {
            Class::Literal
        } else {
            Class::Variable
        };
        Some((class, end))
    }

    /// A word: a number, keyword, literal, command, function or plain name.
    fn word(&mut self, out: &mut Html) {
        let grammar = self.grammar;
        let start = self.at;
        let rest = &self.code[start..];
        let bytes = self.code.as_bytes();
        let end = start
            + count(rest, |b| {
                self.is_word_byte(b) || b == b'.' && rest.as_bytes()[0].is_ascii_digit()
            });
        let word = &self.code[start..end];
        let next = bytes.get(end).copied();
        if self.in_list(grammar.string_prefixes, word) && matches!(next, Some(b'"' | b'\'')) {
            let length = self.string(&self.code[end..]).unwrap_or(0);
            self.command = false;
            return self.emit(out, Some(Class::String), end + length);
        }
        let defining = std::mem::take(&mut self.defining);
        let declaring = std::mem::take(&mut self.declaring);
        let class = if is_number(word) {
            Some(Class::Number)
        } else if self.in_list(grammar.keywords, word) {
            Some(Class::Keyword)
        } else if self.is_literal(word) {
            Some(Class::Literal)
        } else if declaring || grammar.commands && self.command && next == Some(b'=') {
            Some(Class::Variable)
        } else if defining
            || grammar.commands && self.command
            || grammar.calls && next == Some(b'(')
        {
            Some(Class::Function)
        } else {
            None
        };
        self.defining = self.in_list(grammar.definers, word);
        self.declaring = self.in_list(grammar.declarers, word);
        self.command = self.in_list(grammar.command_prefixes, word);
        self.emit(out, class, end);
    }

    fn is_literal(&self, word: &str) -> bool {
        self.in_list(self.grammar.literals, word)
    }

    /// Whether `word` is in the sorted `list`, ignoring case when the grammar does.
    fn in_list(&self, list: &[&str], word: &str) -> bool {
        if list.is_empty() {
            return false;
        }
        let mut lower = [0u8; 24];
        let word = if self.grammar.ignore_case {
            if word.len() > lower.len() {
                return false;
            }
            for (to, from) in lower.iter_mut().zip(word.bytes()) {
                *to = from.to_ascii_lowercase();
            }
            &lower[..word.len()]
        } else {
            word.as_bytes()
        };
        list.binary_search_by(|item| item.as_bytes().cmp(word))
            .is_ok()
    }
}

/// Whether a word is a number: decimal (`42`, `1_000`, `3.14`, `1e9`, `192.0.2.1`) or hex.
fn is_number(word: &str) -> bool {
    let bytes = word.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    if let Some(hex) = word.strip_prefix("0x").or_else(|| word.strip_prefix("0X")) {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit() || b == b'_');
    }
    let exponent = bytes.iter().position(|&b| b == b'e' || b == b'E');
    let (mantissa, exponent) = match exponent {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (bytes, &b"0"[..]),
    };
    mantissa
        .iter()
        .all(|&b| b.is_ascii_digit() || b == b'_' || b == b'.')
        && !exponent.is_empty()
        && exponent.iter().all(u8::is_ascii_digit)
}

/// The number of leading bytes of `text` that `keep` accepts.
pub fn count(text: &str, keep: impl Fn(u8) -> bool) -> usize {
    text.bytes().position(|b| !keep(b)).unwrap_or(text.len())
}

/// `text` up to (not including) its first line break.
pub fn line_of(text: &str) -> &str {
    &text[..memchr::memchr(b'\n', text.as_bytes()).unwrap_or(text.len())]
}
