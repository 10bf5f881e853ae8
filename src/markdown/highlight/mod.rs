//! Syntax highlighting of fenced code blocks: the code of a ```` ```bash ```` block becomes
//! escaped text with `<span class="hl-...">` around its tokens, and the theme's
//! `highlight.css` colours the classes (light and dark), so the HTML carries no colours.
//!
//! The lexers are small, table-driven and hand-written instead of a grammar engine such as
//! syntect: on the 10,000-article benchmark KB (4,440 code blocks), syntect made the whole
//! build execute 16% more instructions (its regexes are compiled at first use and run per
//! line), these lexers 0.5% (see BENCHMARKS.md), against a target of 1 s per 10,000 articles.
//! Each byte of the code is looked at a bounded number of times (some formats read a line or
//! a body ahead, then scan it), so any input, however hostile, is highlighted in linear time,
//! and they never fail: what they do not recognise is plain text.
//!
//! They recognise what a reader of a support article scans for (comments, strings, numbers,
//! keywords, variables, commands, keys, tags, prompts) and leave punctuation and operators as
//! plain text, which keeps the HTML small. Per language: `code.rs` holds the scanner for
//! programming and shell languages, `languages.rs` their tables, `lines.rs` the line-based
//! formats (YAML, TOML, INI, HTTP, shell sessions) and `markup.rs` XML and HTML.

mod code;
mod languages;
mod lines;
mod markup;

use pulldown_cmark::{CodeBlockKind, Event, Tag};

/// What a token is; each is written as `<span class="hl-...">`, see [`Class::css`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Comment,
    String,
    Number,
    /// Language keywords, SQL words, HTTP methods.
    Keyword,
    /// `true`, `false`, `null` and the like, HTTP versions, entity references.
    Literal,
    /// `$HOME`, `${name}`, `$env:PATH`, YAML anchors and aliases.
    Variable,
    /// A shell command, a function being called or defined.
    Function,
    /// A property name: JSON, YAML, TOML and INI keys, HTTP header names, XML attributes.
    Key,
    /// XML and HTML tag names, INI and TOML section headers.
    Tag,
    /// A shell or REPL prompt (`$ `, `PS C:\> `, `>>> `), which readers should not copy.
    Prompt,
}

impl Class {
    /// The CSS class of the token's `<span>`.
    pub fn css(self) -> &'static str {
        match self {
            Class::Comment => "hl-comment",
            Class::String => "hl-string",
            Class::Number => "hl-number",
            Class::Keyword => "hl-keyword",
            Class::Literal => "hl-literal",
            Class::Variable => "hl-variable",
            Class::Function => "hl-function",
            Class::Key => "hl-key",
            Class::Tag => "hl-tag",
            Class::Prompt => "hl-prompt",
        }
    }
}

/// A language kbpress highlights, found by the name after the opening fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// A script: every line is code, `$ ` at the start of a line is a prompt.
    Shell,
    /// A terminal transcript: lines after a prompt are commands, the others are output.
    Console,
    PowerShell,
    Json,
    Yaml,
    Toml,
    Ini,
    Markup,
    Http,
    Sql,
    Python,
    JavaScript,
}

impl Language {
    /// The language of a fence's info word (case does not matter), or `None` for plain text
    /// (`text`, `txt`, `log` ...) and languages kbpress does not know.
    pub fn find(name: &str) -> Option<Language> {
        let mut lower = [0u8; 16];
        let bytes = name.as_bytes();
        if bytes.len() > lower.len() {
            return None;
        }
        for (to, from) in lower.iter_mut().zip(bytes) {
            *to = from.to_ascii_lowercase();
        }
        Some(match &lower[..bytes.len()] {
            b"bash" | b"sh" | b"shell" | b"zsh" | b"ksh" => Language::Shell,
            b"console" | b"shell-session" | b"sh-session" | b"terminal" => Language::Console,
            b"powershell" | b"ps1" | b"pwsh" => Language::PowerShell,
            b"json" | b"jsonc" | b"json5" => Language::Json,
            b"yaml" | b"yml" => Language::Yaml,
            b"toml" => Language::Toml,
            b"ini" | b"cfg" | b"conf" | b"properties" | b"dosini" | b"env" | b"dotenv" => {
                Language::Ini
            }
            b"xml" | b"html" | b"htm" | b"xhtml" | b"svg" => Language::Markup,
            b"http" => Language::Http,
            b"sql" | b"mysql" | b"postgresql" | b"postgres" | b"sqlite" | b"plsql" | b"tsql" => {
                Language::Sql
            }
            b"python" | b"py" | b"python3" | b"py3" => Language::Python,
            b"javascript" | b"js" | b"jsx" | b"mjs" | b"cjs" | b"node" | b"typescript" | b"ts"
            | b"tsx" => Language::JavaScript,
            _ => return None,
        })
    }
}

/// The highlighted HTML of the code block that `start` (its start event) opens, given the
/// events inside it; `None` when it is not fenced or kbpress does not know its language (plain
/// text, a language it lacks, none): pulldown-cmark then writes the code as escaped text.
pub fn code_block<'e>(
    start: &Event,
    inside: impl Iterator<Item = &'e Event<'e>>,
) -> Option<String> {
    let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = start else {
        return None;
    };
    // The info string's first word, which pulldown-cmark writes into the `language-` class.
    let language = Language::find(info.split(' ').next().unwrap_or_default())?;
    let code: String = inside
        .filter_map(|event| match event {
            Event::Text(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect();
    Some(to_html(language, &code))
}

/// The highlighted HTML of a code block's text: the element content of its `<code>`.
pub fn to_html(language: Language, code: &str) -> String {
    // Spans roughly double small blocks; sized once instead of growing by doubling.
    let mut out = Html(String::with_capacity(code.len() * 2 + 64));
    match language {
        Language::Shell => code::scan(&languages::SHELL, code, &mut out),
        Language::Console => lines::session(&languages::SHELL, code, &mut out),
        Language::PowerShell => code::scan(&languages::POWERSHELL, code, &mut out),
        Language::Json => code::scan(&languages::JSON, code, &mut out),
        Language::Yaml => lines::yaml(code, &mut out),
        Language::Toml => lines::assignments(&languages::TOML, code, &mut out),
        Language::Ini => lines::assignments(&languages::INI, code, &mut out),
        Language::Markup => markup::scan(code, &mut out),
        Language::Http => lines::http(code, &mut out),
        Language::Sql => code::scan(&languages::SQL, code, &mut out),
        Language::Python => code::scan(&languages::PYTHON, code, &mut out),
        Language::JavaScript => code::scan(&languages::JAVASCRIPT, code, &mut out),
    }
    out.0
}

/// The HTML being written: tokens as escaped text, inside a `<span>` when they have a class.
pub struct Html(String);

impl Html {
    /// Appends `text` as one token.
    pub fn token(&mut self, class: Option<Class>, text: &str) {
        if text.is_empty() {
            return;
        }
        match class {
            Some(class) => {
                self.0.push_str("<span class=\"");
                self.0.push_str(class.css());
                self.0.push_str("\">");
                escape(&mut self.0, text);
                self.0.push_str("</span>");
            }
            None => escape(&mut self.0, text),
        }
    }

    /// Appends `text` without a class.
    pub fn plain(&mut self, text: &str) {
        escape(&mut self.0, text);
    }
}

/// Escapes element content as pulldown-cmark does for code it writes itself (`&`, `<`, `>`),
/// so a highlighted block differs from a plain one only by its spans.
fn escape(out: &mut String, text: &str) {
    let mut start = 0;
    for (index, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&text[start..index]);
        out.push_str(entity);
        start = index + 1;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests;
