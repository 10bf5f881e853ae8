//! The `sarif` format: a SARIF 2.1.0 log for code-scanning tools (GitHub code scanning, IDE
//! SARIF viewers).
//!
//! One run; its driver lists every rule kbpress has (from [`crate::check::RULES`], in that
//! order), so a viewer can show a rule's explanation even for codes that found nothing, and each
//! result points at its rule by id and index. Typed structs (not `json!`) keep the key order and
//! the optional fields fixed, so the same diagnostics always give the same bytes.

use std::io::{self, Write};

use serde::Serialize;

use crate::check::RULES;
use crate::diagnostic::{Diagnostic, Rule};

/// Where SARIF consumers find the schema; the `$schema` value GitHub documents.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    /// SARIF's default unit is UTF-16 code units; kbpress counts Unicode scalar values, which
    /// differ after any character outside the Basic Multilingual Plane (an emoji).
    column_kind: &'static str,
    results: Vec<ResultEntry<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    version: &'static str,
    rules: Vec<RuleEntry>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleEntry {
    id: &'static str,
    short_description: Text<'static>,
    full_description: Text<'static>,
    help: Text<'static>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultEntry<'a> {
    rule_id: &'a str,
    /// Absent for a code with no rule, which SARIF allows; a wrong index would not be.
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: [Location; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    /// Files are relative to the KB root, which consumers map to the checkout.
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    /// Exclusive, in SARIF as in kbpress.
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

pub(super) fn write(mut out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    let messages: Vec<String> = diagnostics.iter().map(super::message_with_help).collect();
    let results = diagnostics
        .iter()
        .zip(&messages)
        .map(|(diagnostic, message)| result(diagnostic, message))
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool { driver: driver() },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut out, &log)?;
    writeln!(out)
}

fn driver() -> Driver {
    // Cargo sets these to "" when the manifest has no such key; SARIF wants a URI or nothing.
    let information_uri = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty());
    Driver {
        name: "kbpress",
        information_uri,
        version: env!("CARGO_PKG_VERSION"),
        rules: RULES.iter().map(|rule| rule_entry(rule)).collect(),
    }
}

fn rule_entry(rule: &'static Rule) -> RuleEntry {
    RuleEntry {
        id: rule.code,
        short_description: Text { text: rule.summary },
        full_description: Text {
            text: rule.explanation,
        },
        // The explanation is also the help: it ends with how to fix the finding.
        help: Text {
            text: rule.explanation,
        },
        default_configuration: Configuration {
            level: rule.default_severity.as_str(),
        },
    }
}

fn result<'a>(diagnostic: &'a Diagnostic, message: &'a str) -> ResultEntry<'a> {
    ResultEntry {
        rule_id: diagnostic.code,
        rule_index: RULES.iter().position(|rule| rule.code == diagnostic.code),
        // SARIF's levels include "error" and "warning", spelled as kbpress spells them.
        level: diagnostic.severity.as_str(),
        message: Text { text: message },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: encode_uri_path(&diagnostic.file),
                    uri_base_id: "%SRCROOT%",
                },
                region: Region {
                    start_line: diagnostic.line,
                    start_column: diagnostic.column,
                    end_line: diagnostic.end_line,
                    end_column: diagnostic.end_column,
                },
            },
        }],
    }
}

/// Percent-encodes a KB-relative path into a relative URI: keeps unreserved characters and `/`.
/// `crate::urls::encode_path` keeps `#`, which is right for site links but would turn the rest
/// of a file name into a fragment here; a `:` in a first segment would read as a scheme.
fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::samples;
    use super::*;

    /// The SARIF 2.1.0 schema from the SARIF SDK (source and license: tests/sarif-schema/README.md).
    const SARIF_SCHEMA: &str = include_str!("../../tests/sarif-schema/sarif-schema-2.1.0.json");

    fn log_text(diagnostics: &[Diagnostic]) -> String {
        let mut out = Vec::new();
        write(&mut out, diagnostics).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn log(diagnostics: &[Diagnostic]) -> Value {
        serde_json::from_str(&log_text(diagnostics)).unwrap()
    }

    fn validator() -> jsonschema::Validator {
        let schema: Value = serde_json::from_str(SARIF_SCHEMA).unwrap();
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the SARIF schema compiles")
    }

    fn schema_errors(instance: &Value) -> Vec<String> {
        let validator = validator();
        let errors = validator.iter_errors(instance);
        errors
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect()
    }

    fn index_of(code: &str) -> usize {
        RULES.iter().position(|rule| rule.code == code).unwrap()
    }

    #[test]
    fn starts_with_the_header_in_order() {
        let text = log_text(&samples::diagnostics());
        let header = format!(
            "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": {{\n        \"driver\": {{\n          \"name\": \"kbpress\",\n"
        );
        assert!(text.starts_with(&header), "{text}");
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn writes_one_result_per_diagnostic() {
        let results = &log(&samples::diagnostics())["runs"][0]["results"];
        let location = |uri: &str, region: Value| {
            json!([{"physicalLocation": {
                "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                "region": region,
            }}])
        };
        let expected = json!([
            {
                "ruleId": "broken-link",
                "ruleIndex": index_of("broken-link"),
                "level": "error",
                "message": {"text": "link to `../guide.md`: `articles/guide.md` does not exist\nhelp: did you mean `articles/guides.md`?\nnote: only in the sites for `internal`, `wholesale`"},
                "locations": location("articles/billing/refunds.md",
                    json!({"startLine": 5, "startColumn": 19, "endLine": 5, "endColumn": 42})),
            },
            {
                "ruleId": "unknown-field",
                "ruleIndex": index_of("unknown-field"),
                "level": "warning",
                "message": {"text": "unknown front matter field `titel`"},
                "locations": location("articles/start.md", json!({"startLine": 2, "startColumn": 1})),
            },
            {
                "ruleId": "unreadable-file",
                "ruleIndex": index_of("unreadable-file"),
                "level": "error",
                "message": {"text": "`articles/broken.md` is not valid UTF-8\nhelp: save the file as UTF-8 text"},
                "locations": location("articles/broken.md", json!({"startLine": 1, "startColumn": 1})),
            },
        ]);
        assert_eq!(results, &expected);
    }

    #[test]
    fn lists_every_rule_with_its_texts() {
        let run = &log(&[])["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(run["results"], json!([]));
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), RULES.len());
        for (entry, rule) in rules.iter().zip(RULES.iter()) {
            let expected = json!({
                "id": rule.code,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.explanation},
                "help": {"text": rule.explanation},
                "defaultConfiguration": {"level": rule.default_severity.as_str()},
            });
            assert_eq!(entry, &expected);
        }
    }

    #[test]
    fn output_is_deterministic() {
        let diagnostics = samples::diagnostics();
        assert_eq!(log_text(&diagnostics), log_text(&diagnostics));
    }

    #[test]
    fn validates_against_the_sarif_schema() {
        let mut diagnostics = samples::diagnostics();
        // The awkward cases too: a code no rule describes, a file name that needs encoding.
        let mut odd = diagnostics[1].clone();
        odd.code = "not-a-rule";
        odd.file = "articles/Réunion #2: notes.md".into();
        diagnostics.push(odd);
        let log = log(&diagnostics);
        assert!(log["runs"][0]["results"][3].get("ruleIndex").is_none());
        assert_eq!(schema_errors(&log), Vec::<String>::new());
        assert_eq!(schema_errors(&self::log(&[])), Vec::<String>::new());
    }

    #[test]
    fn the_schema_check_catches_a_broken_log() {
        let mut log = log(&samples::diagnostics());
        log["runs"][0]["results"][0]["level"] = json!("fatal");
        log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
            json!(0);
        assert_eq!(schema_errors(&log).len(), 2, "{:?}", schema_errors(&log));
    }

    #[test]
    fn file_uris_are_percent_encoded() {
        assert_eq!(
            encode_uri_path("articles/a-b_c.~1.md"),
            "articles/a-b_c.~1.md"
        );
        assert_eq!(
            encode_uri_path("articles/Réunion #2: notes.md"),
            "articles/R%C3%A9union%20%232%3A%20notes.md"
        );
    }
}
