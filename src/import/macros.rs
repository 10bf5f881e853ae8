//! mkdocs-macros: `{{ name }}` whose value is in mkdocs.yml's `extra` -> a kbpress variable
//! (`[variables]` in site.toml, `{{ name }}` in the text). `{{ config.extra.name }}` and
//! `{{ extra.name }}` name the same value. Anything else Jinja does (`{% if %}`, filters, macro
//! calls, `page.*`) is left as written and reported. Inside fenced code kbpress expands no
//! variable, so a known value is written there in place, as MkDocs shows it.

use super::body::Context;

/// The variable a `{{ ... }}` expression names, when it is a plain name of `extra`.
fn variable<'a>(expression: &'a str, context: &Context) -> Option<&'a str> {
    let variables = context.variables?;
    let name = expression.trim();
    let name = name
        .strip_prefix("config.extra.")
        .or_else(|| name.strip_prefix("extra."))
        .unwrap_or(name);
    variables.contains_key(name).then_some(name)
}

/// `{% raw %}` and `{% endraw %}` taken out of `text`, the raw state updated. Jinja shows what
/// is between them as written, so the markers go and the text stays.
fn raw_markers(text: &str, context: &mut Context) -> Option<String> {
    let mut out = text.to_string();
    let mut changed = false;
    for (marker, state) in [("{% raw %}", true), ("{% endraw %}", false)] {
        while let Some(at) = out.find(marker) {
            out.replace_range(at..at + marker.len(), "");
            context.raw = state;
            changed = true;
            context.tally.count("macros raw marker removed");
        }
    }
    changed.then_some(out)
}

/// Text outside code.
pub fn in_text(text: &str, line: usize, context: &mut Context) -> String {
    if !(text.contains("{{") || text.contains("{%")) {
        return text.to_string();
    }
    if context.variables.is_none() {
        // Without the macros plugin MkDocs shows `{{` as written; kbpress would read a
        // variable (or an include) there, so it is escaped.
        return literal_braces(text);
    }
    if let Some(without) = raw_markers(text, context) {
        return without;
    }
    if context.raw {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let expression = &after[..end];
        match variable(expression, context) {
            Some(name) => {
                out.push_str(&format!("{{{{ {name} }}}}"));
                context.tally.count("macro -> variable");
            }
            None => {
                // Escaped: kbpress shows it as written (as the report says), instead of
                // reading an unknown variable.
                out.push('\\');
                out.push_str(&rest[start..start + 2 + end + 2]);
                context.tally.skip(
                    context.file,
                    line,
                    "macro",
                    &format!("{{{{{expression}}}}}"),
                    "kept as text: not a value of mkdocs.yml `extra`; write its result in the text",
                );
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    if let Some(start) = out.find("{%") {
        let statement: String = out[start..].chars().take(60).collect();
        context.tally.skip(
            context.file,
            line,
            "macro statement",
            &statement,
            "kept as text: kbpress has no template statements; write the text it produced",
        );
    }
    out
}

/// A line of fenced code: known values written in place.
pub fn in_code(text: &str, line: usize, context: &mut Context) -> String {
    let Some(variables) = context.variables else {
        return text.to_string();
    };
    if let Some(without) = raw_markers(text, context) {
        return without;
    }
    if context.raw || !text.contains("{{") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        match variable(&after[..end], context) {
            Some(name) => {
                out.push_str(&variables[name]);
                context.tally.count("macro in code block -> its value");
            }
            None => {
                out.push_str(&rest[start..start + 2 + end + 2]);
                context.tally.skip(
                    context.file,
                    line,
                    "macro in code block",
                    &format!("{{{{{}}}}}", &after[..end]),
                    "kept as text: not a value of mkdocs.yml `extra`",
                );
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// `text` with each `{{` escaped (`\{{`), so that kbpress shows it as written.
fn literal_braces(text: &str) -> String {
    text.replace("{{", "\\{{")
}

/// `text` (a title or summary, which kbpress does not expand) as MkDocs shows it: each
/// `{{ name }}` of a known variable replaced by its value, escaped braces unescaped.
pub fn expanded(
    text: &str,
    variables: Option<&std::collections::BTreeMap<String, String>>,
) -> String {
    let mut out = text.replace("\\{{", "{{");
    if let Some(variables) = variables {
        for (name, value) in variables {
            out = out.replace(&format!("{{{{ {name} }}}}"), value);
        }
    }
    out
}
