//! The tables of each language: comments, quotes, keywords (sorted, for binary search; lower
//! case where the language ignores case) and the shape of words, variables and prompts.

use super::code::{Grammar, Quote, Variables};
use super::lines::Assignments;

const fn quote(
    delimiter: &'static str,
    escape: Option<u8>,
    doubled: bool,
    multiline: bool,
) -> Quote {
    Quote {
        delimiter,
        escape,
        doubled,
        multiline,
    }
}

fn no_prompt(_: &str) -> usize {
    0
}

/// A grammar with nothing in it, to fill in.
const NONE: Grammar = Grammar {
    line_comments: &[],
    comment_after_space: false,
    block_comments: &[],
    quotes: &[],
    quotes_start_words: false,
    string_prefixes: &[],
    keywords: &[],
    literals: &[],
    ignore_case: false,
    variables: Variables::None,
    word_bytes: &[],
    commands: false,
    command_prefixes: &[],
    calls: false,
    definers: &[],
    declarers: &[],
    string_keys: false,
    prompt: no_prompt,
};

/// `$ ` at the start of a line of a script: readers paste such lines from their terminal.
fn shell_prompt(line: &str) -> usize {
    match line.as_bytes() {
        [b'$'] => 1,
        [b'$', b' ', ..] => 2,
        _ => 0,
    }
}

/// `PS C:\path> `: `PS `, a path without `>`, then `>` and a space (or the end of the line).
pub fn powershell_prompt(line: &str) -> usize {
    let Some(path) = line.strip_prefix("PS ") else {
        return 0;
    };
    match memchr::memchr(b'>', path.as_bytes()) {
        Some(at) if path.as_bytes().get(at + 1).is_none_or(|&b| b == b' ') => {
            (3 + at + 2).min(line.len())
        }
        _ => 0,
    }
}

/// Python's interactive prompts, `>>> ` and `... `.
fn python_prompt(line: &str) -> usize {
    if line == ">>>" || line == "..." {
        3
    } else if line.starts_with(">>> ") || line.starts_with("... ") {
        4
    } else {
        0
    }
}

pub const SHELL: Grammar = Grammar {
    line_comments: &["#"],
    comment_after_space: true,
    quotes: &[
        quote("\"", Some(b'\\'), false, true),
        quote("'", None, false, true),
    ],
    keywords: &[
        "case", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in",
        "select", "then", "until", "while",
    ],
    variables: Variables::Shell,
    // Command names and arguments: `apt-get`, `./install.sh`, `/usr/bin/env`, `~/bin`.
    word_bytes: b"-./:@%+~,",
    commands: true,
    command_prefixes: &[
        "do", "doas", "elif", "else", "env", "exec", "if", "nohup", "sudo", "then", "time",
        "until", "watch", "while", "xargs",
    ],
    declarers: &["declare", "export", "local", "readonly", "typeset"],
    prompt: shell_prompt,
    ..NONE
};

#[rustfmt::skip]
pub const POWERSHELL: Grammar = Grammar {
    line_comments: &["#"],
    block_comments: &[("<#", "#>")],
    quotes: &[
        quote("\"", Some(b'`'), true, true),
        quote("'", None, true, true),
    ],
    keywords: &[
        "-and", "-as", "-band", "-bor", "-contains", "-eq", "-f", "-ge", "-gt", "-in", "-is",
        "-isnot", "-join", "-le", "-like", "-lt", "-match", "-ne", "-not", "-notcontains",
        "-notin", "-notlike", "-notmatch", "-or", "-replace", "-split", "-xor", "begin", "break",
        "catch", "class", "continue", "do", "else", "elseif", "end", "exit", "filter", "finally",
        "for", "foreach", "function", "if", "in", "param", "process", "return", "switch", "throw",
        "trap", "try", "until", "using", "while",
    ],
    literals: &["$false", "$null", "$true"],
    ignore_case: true,
    variables: Variables::PowerShell,
    // Cmdlets and parameters: `Get-ChildItem -Path`.
    word_bytes: b"-",
    commands: true,
    command_prefixes: &[
        "do", "else", "elseif", "finally", "foreach", "if", "try", "while",
    ],
    definers: &["filter", "function"],
    prompt: powershell_prompt,
    ..NONE
};

pub const JSON: Grammar = Grammar {
    line_comments: &["//"],
    block_comments: &[("/*", "*/")],
    quotes: &[quote("\"", Some(b'\\'), false, false)],
    literals: &["false", "null", "true"],
    string_keys: true,
    ..NONE
};

/// The values of YAML lines; keys and block scalars are found by [`super::lines::yaml`].
pub const YAML: Grammar = Grammar {
    line_comments: &["#"],
    comment_after_space: true,
    quotes: &[
        quote("\"", Some(b'\\'), false, false),
        quote("'", None, true, false),
    ],
    quotes_start_words: true,
    literals: &["false", "no", "null", "off", "on", "true", "yes", "~"],
    ignore_case: true,
    variables: Variables::Anchors,
    // `uk-south` is one word, and `~` is YAML's null.
    word_bytes: b"-~",
    ..NONE
};

pub const TOML: Assignments = Assignments {
    grammar: Grammar {
        line_comments: &["#"],
        quotes: &[
            quote("\"\"\"", Some(b'\\'), false, true),
            quote("'''", None, false, true),
            quote("\"", Some(b'\\'), false, false),
            quote("'", None, false, false),
        ],
        literals: &["false", "inf", "nan", "true"],
        ..NONE
    },
    separators: b"=",
    comments: &["#"],
};

pub const INI: Assignments = Assignments {
    grammar: Grammar {
        quotes: &[quote("\"", None, false, false)],
        quotes_start_words: true,
        literals: &["false", "no", "off", "on", "true", "yes"],
        ignore_case: true,
        ..NONE
    },
    separators: b"=:",
    comments: &[";", "#"],
};

#[rustfmt::skip]
pub const SQL: Grammar = Grammar {
    line_comments: &["--"],
    block_comments: &[("/*", "*/")],
    quotes: &[
        quote("'", None, true, true),
        quote("\"", None, true, true),
        quote("`", None, true, true),
    ],
    keywords: &[
        "add", "all", "alter", "and", "as", "asc", "begin", "between", "by", "case", "cast",
        "check", "column", "commit", "constraint", "create", "cross", "database", "default",
        "delete", "desc", "distinct", "drop", "else", "end", "exists", "foreign", "from", "full",
        "grant", "group", "having", "if", "in", "index", "inner", "insert", "into", "is", "join",
        "key", "left", "like", "limit", "not", "offset", "on", "or", "order", "outer", "primary",
        "references", "revoke", "right", "rollback", "select", "set", "table", "then",
        "transaction", "truncate", "union", "unique", "update", "using", "values", "view", "when",
        "where", "with",
    ],
    literals: &["false", "null", "true"],
    ignore_case: true,
    calls: true,
    ..NONE
};

#[rustfmt::skip]
pub const PYTHON: Grammar = Grammar {
    line_comments: &["#"],
    quotes: &[
        quote("\"\"\"", Some(b'\\'), false, true),
        quote("'''", Some(b'\\'), false, true),
        quote("\"", Some(b'\\'), false, false),
        quote("'", Some(b'\\'), false, false),
    ],
    string_prefixes: &[
        "B", "BR", "Br", "F", "FR", "Fr", "R", "RB", "RF", "Rb", "Rf", "U", "b", "bR", "br", "f",
        "fR", "fr", "r", "rB", "rF", "rb", "rf", "u",
    ],
    keywords: &[
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
        "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
        "yield",
    ],
    literals: &["False", "None", "True"],
    calls: true,
    definers: &["class", "def"],
    prompt: python_prompt,
    ..NONE
};

#[rustfmt::skip]
pub const JAVASCRIPT: Grammar = Grammar {
    line_comments: &["//"],
    block_comments: &[("/*", "*/")],
    quotes: &[
        quote("`", Some(b'\\'), false, true),
        quote("\"", Some(b'\\'), false, false),
        quote("'", Some(b'\\'), false, false),
    ],
    keywords: &[
        "as", "async", "await", "break", "case", "catch", "class", "const", "continue", "debugger",
        "default", "delete", "do", "else", "enum", "export", "extends", "finally", "for", "from",
        "function", "if", "implements", "import", "in", "instanceof", "interface", "let", "new",
        "of", "private", "protected", "public", "return", "static", "super", "switch", "this",
        "throw", "try", "type", "typeof", "var", "void", "while", "with", "yield",
    ],
    literals: &["Infinity", "NaN", "false", "null", "true", "undefined"],
    word_bytes: b"$",
    calls: true,
    definers: &["class", "function"],
    ..NONE
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Lookups are binary searches: every table must stay sorted (byte order).
    #[test]
    fn tables_are_sorted() {
        let grammars = [
            &SHELL,
            &POWERSHELL,
            &JSON,
            &YAML,
            &TOML.grammar,
            &INI.grammar,
            &SQL,
            &PYTHON,
            &JAVASCRIPT,
        ];
        for grammar in grammars {
            for list in [
                grammar.keywords,
                grammar.literals,
                grammar.command_prefixes,
                grammar.definers,
                grammar.declarers,
                grammar.string_prefixes,
            ] {
                assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
                if grammar.ignore_case {
                    assert!(list.iter().all(|w| *w == w.to_lowercase()), "{list:?}");
                }
            }
        }
    }

    #[test]
    fn prompts() {
        assert_eq!(shell_prompt("$ ls"), 2);
        assert_eq!(shell_prompt("$HOME"), 0);
        assert_eq!(powershell_prompt("PS C:\\Users\\ana> Get-Date"), 17);
        assert_eq!(powershell_prompt("PS C:\\>"), 7);
        assert_eq!(powershell_prompt("PS is fine"), 0);
        assert_eq!(python_prompt(">>> print(1)"), 4);
    }
}
