use super::*;

/// One name of each language.
#[rustfmt::skip]
const LANGUAGES: [&str; 12] = [
    "bash", "console", "powershell", "json", "yaml", "toml", "ini", "html", "http", "sql",
    "python", "js",
];

fn html(language: &str, code: &str) -> String {
    to_html(Language::find(language).expect("a known language"), code)
}

/// The tokens of `code` with a class, as `class:text` (text as written in the HTML).
fn tokens(language: &str, code: &str) -> Vec<String> {
    let html = html(language, code);
    let mut found = Vec::new();
    for piece in html.split("<span class=\"hl-").skip(1) {
        let (class, rest) = piece.split_once("\">").expect("a class");
        let (text, _) = rest.split_once("</span>").expect("a closed span");
        found.push(format!("{class}:{text}"));
    }
    found
}

/// The text of the HTML without its spans, entities decoded: what a reader sees.
fn text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        text.push_str(&rest[..at]);
        rest = &rest[at + rest[at..].find('>').expect("a closed tag") + 1..];
    }
    text.push_str(rest);
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn shell_commands_prompts_variables_strings_comments() {
    assert_eq!(
        tokens(
            "bash",
            "$ sudo apt-get install -y curl # tools\nexport PATH=\"$HOME/bin\"\n"
        ),
        [
            "prompt:$ ",
            "function:sudo",
            "function:apt-get",
            "comment:# tools",
            "function:export",
            "variable:PATH",
            "string:\"$HOME/bin\""
        ]
    );
    assert_eq!(
        tokens("sh", "for f in *.log; do echo ${f} $1 | wc -l; done"),
        [
            "keyword:for",
            "keyword:in",
            "keyword:do",
            "function:echo",
            "variable:${f}",
            "variable:$1",
            "function:wc",
            "keyword:done"
        ]
    );
    assert_eq!(
        tokens("bash", "NAME=kb ping 192.0.2.1 a#b"),
        ["variable:NAME", "number:192.0.2.1"]
    );
    // A line ending in `\` goes on: its next line is arguments, not a command.
    assert_eq!(tokens("bash", "curl \\\n  -v"), ["function:curl"]);
}

#[test]
fn console_output_is_plain() {
    let code = "$ kbpress check\nerror: 50% done\nuser@host:~$ ls \\\n  -la\n# whoami\nroot\n";
    assert_eq!(
        tokens("console", code),
        [
            "prompt:$ ",
            "function:kbpress",
            "prompt:user@host:~$ ",
            "function:ls",
            "prompt:# ",
            "function:whoami"
        ]
    );
    assert_eq!(text(&html("console", code)), code);
    // Output that starts with `PS ` but has no `PS C:\> ` prompt stays output.
    assert!(tokens("console", "  PS is fine\n").is_empty());
}

#[test]
fn powershell() {
    assert_eq!(
        tokens(
            "powershell",
            "PS C:\\> Get-Item -Path $env:TEMP | Where { $_.Size -GT 1 } # big\n$x = $True <# b #>"
        ),
        [
            "prompt:PS C:\\&gt; ",
            "function:Get-Item",
            "variable:$env:TEMP",
            "function:Where",
            "variable:$_",
            "keyword:-GT",
            "number:1",
            "comment:# big",
            "variable:$x",
            "literal:$True",
            "comment:&lt;# b #&gt;"
        ]
    );
}

#[test]
fn json_keys_strings_numbers_literals() {
    assert_eq!(
        tokens(
            "json",
            "{\"status\": \"ok\", \"retry\" : 30, \"f\": -1.5, \"n\": null}"
        ),
        [
            "key:\"status\"",
            "string:\"ok\"",
            "key:\"retry\"",
            "number:30",
            "key:\"f\"",
            "number:1.5",
            "key:\"n\"",
            "literal:null"
        ]
    );
    // An escaped quote does not end a string; an unterminated one ends with its line.
    assert_eq!(
        tokens("json", "\"a\\\"b\" \"open\n1"),
        ["string:\"a\\\"b\"", "string:\"open", "number:1"]
    );
}

#[test]
fn yaml_keys_values_block_scalars() {
    let code = "# c\nmtu: 1492\ndns:\n  - 192.0.2.53\n  - name: \"x\" # y\nsay: don't\nrun: |\n  echo hi\nok: yes\nref: *base\n---\n";
    assert_eq!(
        tokens("yml", code),
        [
            "comment:# c",
            "key:mtu",
            "number:1492",
            "key:dns",
            "number:192.0.2.53",
            "key:name",
            "string:\"x\"",
            "comment:# y",
            "key:say",
            "key:run",
            "string:echo hi",
            "key:ok",
            "literal:yes",
            "key:ref",
            "variable:*base",
            "keyword:---"
        ]
    );
    assert_eq!(tokens("yaml", "url: http://a.example/x"), ["key:url"]);
    assert_eq!(
        tokens("yaml", "\"quoted key\": 1"),
        ["key:\"quoted key\"", "number:1"]
    );
}

#[test]
fn toml_and_ini() {
    assert_eq!(
        tokens(
            "toml",
            "[server]\nport = 8080 # http\ntext = \"\"\"\nkey = no\"\"\"\n[[items]]\non = true"
        ),
        [
            "tag:[server]",
            "key:port",
            "number:8080",
            "comment:# http",
            "key:text",
            "string:\"\"\"\nkey = no\"\"\"",
            "tag:[[items]]",
            "key:on",
            "literal:true"
        ]
    );
    assert_eq!(
        tokens(
            "ini",
            "[account.1]\n; c\n# c\nname = Reception\nport: 5061\nnote = don't \"x\""
        ),
        [
            "tag:[account.1]",
            "comment:; c",
            "comment:# c",
            "key:name",
            "key:port",
            "number:5061",
            "key:note",
            "string:\"x\""
        ]
    );
}

#[test]
fn http_messages_with_a_json_body() {
    let code = "POST /v2/tickets HTTP/1.1\nHost: api.example.com\n\n{\"a\": 1}\n\nHTTP/1.1 201 Created\nLocation: /x\n";
    assert_eq!(
        tokens("http", code),
        [
            "keyword:POST",
            "string:/v2/tickets",
            "literal:HTTP/1.1",
            "key:Host",
            "key:\"a\"",
            "number:1",
            "literal:HTTP/1.1",
            "number:201",
            "key:Location"
        ]
    );
    assert_eq!(text(&html("http", code)), code);
}

#[test]
fn markup_tags_attributes_comments_entities() {
    assert_eq!(
        tokens(
            "html",
            "<!-- c --><a href='x' data-id=\"1\">Tom &amp; Ana</a><br/>"
        ),
        [
            "comment:&lt;!-- c --&gt;",
            "tag:a",
            "key:href",
            "string:'x'",
            "key:data-id",
            "string:\"1\"",
            "literal:&amp;amp;",
            "tag:a",
            "tag:br"
        ]
    );
    assert_eq!(
        tokens("xml", "<?xml version=\"1.0\"?>"),
        ["keyword:&lt;?xml version=\"1.0\"?&gt;"]
    );
    assert_eq!(tokens("xml", "a < b && c"), Vec::<String>::new());
    assert_eq!(
        tokens("html", "<img src=x.png alt = \"a\">"),
        [
            "tag:img",
            "key:src",
            "string:x.png",
            "key:alt",
            "string:\"a\""
        ]
    );
}

#[test]
fn sql_python_javascript() {
    assert_eq!(
        tokens(
            "sql",
            "SELECT COUNT(*) FROM t WHERE s = 'it''s' -- c\n/* b */ null"
        ),
        [
            "keyword:SELECT",
            "function:COUNT",
            "keyword:FROM",
            "keyword:WHERE",
            "string:'it''s'",
            "comment:-- c",
            "comment:/* b */",
            "literal:null"
        ]
    );
    assert_eq!(
        tokens(
            "python",
            ">>> def f(x):\n...     return rb'\\d' + \"\"\"a\nb\"\"\"  # c\nprint(None, 0x1F)"
        ),
        [
            "prompt:&gt;&gt;&gt; ",
            "keyword:def",
            "function:f",
            "prompt:... ",
            "keyword:return",
            "string:rb'\\d'",
            "string:\"\"\"a\nb\"\"\"",
            "comment:# c",
            "function:print",
            "literal:None",
            "number:0x1F"
        ]
    );
    assert_eq!(
        tokens(
            "js",
            "const $x = `a ${b}`; // c\nfunction go() { return undefined }"
        ),
        [
            "keyword:const",
            "string:`a ${b}`",
            "comment:// c",
            "keyword:function",
            "function:go",
            "keyword:return",
            "literal:undefined"
        ]
    );
}

#[test]
fn code_stays_escaped_in_every_language() {
    let code = "</code><script>alert('x & y')</script> \"<b>\" # <i>\n";
    for language in LANGUAGES {
        let html = html(language, code);
        assert!(
            !html.contains("<script") && !html.contains("</code>") && !html.contains("<b>"),
            "{language}: {html}"
        );
        assert!(!html.contains("<i>"), "{language}: {html}");
        assert_eq!(text(&html), code, "{language}");
    }
}

#[test]
fn unknown_languages_and_plain_text_are_not_highlighted() {
    let plain = [
        "",
        "text",
        "txt",
        "log",
        "csv",
        "brainfuck",
        "a-very-long-language-name",
    ];
    for language in plain {
        assert_eq!(Language::find(language), None, "{language}");
    }
    assert_eq!(Language::find("BASH"), Some(Language::Shell));
    assert_eq!(Language::find("Yml"), Some(Language::Yaml));
}

#[test]
fn empty_and_whitespace_blocks() {
    for language in ["bash", "console", "yaml", "toml", "http", "xml", "json"] {
        assert_eq!(html(language, ""), "", "{language}");
        assert_eq!(html(language, "\n \n"), "\n \n", "{language}");
    }
}

#[test]
fn text_outside_ascii_is_kept_whole() {
    let code = "$ echo «café» 'naïve' # ünïcödé\nname: Zoë\n<p title=\"é\">ñ</p>\n";
    for language in ["bash", "yaml", "html", "python", "http", "console", "ini"] {
        assert_eq!(text(&html(language, code)), code, "{language}");
    }
}

/// Pathological inputs (unterminated strings and comments, nested openers, one long line)
/// are highlighted in linear time: 64 KiB of each takes at most tens of milliseconds in this
/// unoptimised build, and would take seconds if a lexer rescanned the rest of the line or
/// code from each byte with a byte loop. (Measured when the lexers were written, in a release
/// build: 8 MiB of each took 10-17 times as long as 1 MiB, as inputs that are only copied
/// did; quadratic would be 64 times.)
#[test]
fn pathological_input_takes_linear_time() {
    let size = 1 << 16;
    #[rustfmt::skip]
    let patterns = [
        "${", "\"", "'", "`", "/*", "<!--", "<a ", "<a b='", "- ", "a: ", "[", "\"\"\"", "$ ",
        "#", "\\", "&", "x=", "PS C:", ">>> ", "HTTP/1.1 \n", "1.", "$(", "é", "a:\n  - |\n",
    ];
    for pattern in patterns {
        let code = pattern.repeat(size / pattern.len());
        for language in LANGUAGES {
            let started = std::time::Instant::now();
            let html = html(language, &code);
            let elapsed = started.elapsed();
            assert!(
                elapsed.as_millis() < 1000,
                "{language} {pattern:?}: {elapsed:?}"
            );
            assert_eq!(text(&html), code, "{language} {pattern:?}");
        }
    }
}
