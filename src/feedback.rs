//! Reader feedback ("Was this article helpful?"): one answer as data, validated from JSON, and
//! the report of `kbpress feedback FILE` over a JSON Lines file of answers.
//!
//! `serve` validates posts with [`Feedback::from_json`] before storing them; the report reads
//! the same shape, so a file written by `serve` or by any endpoint that stores the posted
//! objects one per line can be reported on. Bad lines are data ([`BadLine`]), never fatal.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Serialize;

/// The longest accepted value of each field, in characters: enough for any real answer, small
/// enough that a post cannot fill the disk line by line.
const MAX_ARTICLE: usize = 500;
const MAX_URL: usize = 2048;
const MAX_AUDIENCE: usize = 100;
const MAX_REASON: usize = 100;
pub const MAX_COMMENT: usize = 2000;

/// Comments the report keeps per article, newest first.
const LATEST_COMMENTS: usize = 3;
/// Characters of a comment the report shows.
const COMMENT_PREVIEW: usize = 160;

/// One reader's answer, as the theme's widget posts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feedback {
    /// The article's source path (`articles/billing/refunds.md`) or slug.
    pub article: String,
    /// The page the reader was on.
    pub url: String,
    pub audience: Option<String>,
    pub helpful: bool,
    pub reason: Option<String>,
    pub comment: Option<String>,
}

impl Feedback {
    /// Parses and validates one JSON object; the error says which field is wrong and why.
    /// Fields other than these six (a stored `received` time, say) are ignored.
    pub fn from_json(text: &str) -> Result<Feedback, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|error| {
            // One object per line: "at line 1" would read as a line of the file.
            format!(
                "not JSON: {}",
                error
                    .to_string()
                    .replace(" at line 1 column ", " at column ")
            )
        })?;
        let serde_json::Value::Object(object) = value else {
            return Err("not a JSON object".into());
        };
        let helpful = match object.get("helpful") {
            Some(serde_json::Value::Bool(helpful)) => *helpful,
            Some(_) => return Err("`helpful` must be true or false".into()),
            None => return Err("`helpful` is missing".into()),
        };
        Ok(Feedback {
            article: required_text(&object, "article", MAX_ARTICLE)?,
            url: required_text(&object, "url", MAX_URL)?,
            audience: optional_text(&object, "audience", MAX_AUDIENCE)?,
            helpful,
            reason: optional_text(&object, "reason", MAX_REASON)?,
            comment: optional_text(&object, "comment", MAX_COMMENT)?,
        })
    }
}

type Object = serde_json::Map<String, serde_json::Value>;

fn required_text(object: &Object, field: &str, max: usize) -> Result<String, String> {
    optional_text(object, field, max)?.ok_or_else(|| format!("`{field}` is missing or empty"))
}

/// A string of at most `max` characters; absent, `null` and blank are `None`.
fn optional_text(object: &Object, field: &str, max: usize) -> Result<Option<String>, String> {
    match object.get(field) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(text)) => {
            let text = text.trim();
            if text.chars().count() > max {
                Err(format!("`{field}` is longer than {max} characters"))
            } else if text.is_empty() {
                Ok(None)
            } else {
                Ok(Some(text.to_string()))
            }
        }
        Some(_) => Err(format!("`{field}` must be a string or null")),
    }
}

/// What `kbpress feedback` reports: articles worst first, and the lines it skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Answers read (bad lines not counted).
    pub answers: usize,
    pub articles: Vec<ArticleFeedback>,
    pub bad_lines: Vec<BadLine>,
}

/// The answers about one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ArticleFeedback {
    pub article: String,
    pub yes: usize,
    pub no: usize,
    /// Share of "No" answers in percent, rounded.
    pub no_percent: usize,
    /// Reasons given with the answers, most frequent first (ties by name).
    pub reasons: Vec<ReasonCount>,
    /// The latest comments, newest first, truncated.
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReasonCount {
    pub reason: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub helpful: bool,
    pub text: String,
}

/// A line that is not a valid answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadLine {
    /// 1-based.
    pub line: usize,
    pub message: String,
}

impl ArticleFeedback {
    fn total(&self) -> usize {
        self.yes + self.no
    }
}

/// Reads JSON Lines from `input` (blank lines are skipped). Lines are taken as written in
/// time order, so the last comments in the file are the latest. Fails only when reading fails.
pub fn report(input: impl BufRead) -> std::io::Result<Report> {
    let mut by_article: BTreeMap<String, (ArticleFeedback, BTreeMap<String, usize>)> =
        BTreeMap::new();
    let mut report = Report::default();
    for (index, line) in input.split(b'\n').enumerate() {
        let line = line?;
        let number = index + 1;
        let Ok(text) = std::str::from_utf8(&line) else {
            report.bad_lines.push(BadLine {
                line: number,
                message: "not UTF-8".into(),
            });
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let feedback = match Feedback::from_json(text) {
            Ok(feedback) => feedback,
            Err(message) => {
                report.bad_lines.push(BadLine {
                    line: number,
                    message,
                });
                continue;
            }
        };
        report.answers += 1;
        let (entry, reasons) = by_article
            .entry(feedback.article.clone())
            .or_insert_with(|| {
                let entry = ArticleFeedback {
                    article: feedback.article.clone(),
                    ..ArticleFeedback::default()
                };
                (entry, BTreeMap::new())
            });
        if feedback.helpful {
            entry.yes += 1;
        } else {
            entry.no += 1;
        }
        if let Some(reason) = feedback.reason {
            *reasons.entry(reason).or_insert(0) += 1;
        }
        if let Some(text) = feedback.comment {
            entry.comments.insert(
                0,
                Comment {
                    helpful: feedback.helpful,
                    text: preview(&text),
                },
            );
            entry.comments.truncate(LATEST_COMMENTS);
        }
    }
    report.articles = by_article
        .into_values()
        .map(|(mut entry, reasons)| {
            entry.no_percent = (entry.no * 100 + entry.total() / 2) / entry.total();
            entry.reasons = reasons
                .into_iter()
                .map(|(reason, count)| ReasonCount { reason, count })
                .collect();
            // Stable: equal counts stay in name order.
            entry.reasons.sort_by_key(|r| std::cmp::Reverse(r.count));
            entry
        })
        .collect();
    report.articles.sort_by(worst_first);
    Ok(report)
}

/// Higher share of "No" first (compared exactly, not by the rounded percent); on a tie, more
/// "No" answers, then more answers, then the article's name.
fn worst_first(a: &ArticleFeedback, b: &ArticleFeedback) -> std::cmp::Ordering {
    (b.no * a.total())
        .cmp(&(a.no * b.total()))
        .then(b.no.cmp(&a.no))
        .then(b.total().cmp(&a.total()))
        .then(a.article.cmp(&b.article))
}

/// One line of at most [`COMMENT_PREVIEW`] characters: line breaks become spaces.
fn preview(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= COMMENT_PREVIEW {
        return flat;
    }
    let cut: String = flat.chars().take(COMMENT_PREVIEW - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(article: &str, helpful: bool, reason: Option<&str>, comment: Option<&str>) -> String {
        serde_json::json!({
            "article": article, "url": "http://x/", "audience": null,
            "helpful": helpful, "reason": reason, "comment": comment,
        })
        .to_string()
    }

    fn report_of(lines: &[String]) -> Report {
        report(lines.join("\n").as_bytes()).unwrap()
    }

    #[test]
    fn accepts_a_full_answer_and_blank_optionals() {
        let feedback = Feedback::from_json(
            r#"{"article":"articles/a.md","url":"http://x/a/","audience":"direct","helpful":false,"reason":"Inaccurate","comment":" <script>x</script> ","received":"2026-11-01T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(feedback.audience.as_deref(), Some("direct"));
        assert_eq!(feedback.comment.as_deref(), Some("<script>x</script>"));
        let minimal =
            Feedback::from_json(r#"{"article":"a","url":"u","helpful":true,"comment":""}"#)
                .unwrap();
        assert_eq!((minimal.reason, minimal.comment), (None, None));
    }

    #[test]
    fn rejects_wrong_types_missing_fields_and_long_strings() {
        let long = "x".repeat(MAX_COMMENT + 1);
        let cases = [
            ("[1]".to_string(), "not a JSON object"),
            ("{".to_string(), "not JSON"),
            (
                r#"{"article":"a","url":"u"}"#.to_string(),
                "`helpful` is missing",
            ),
            (
                r#"{"article":"a","url":"u","helpful":"yes"}"#.to_string(),
                "`helpful` must be",
            ),
            (
                r#"{"article":1,"url":"u","helpful":true}"#.to_string(),
                "`article` must be",
            ),
            (
                r#"{"article":" ","url":"u","helpful":true}"#.to_string(),
                "`article` is missing",
            ),
            (
                r#"{"article":"a","helpful":true}"#.to_string(),
                "`url` is missing",
            ),
            (
                r#"{"article":"a","url":"u","helpful":true,"reason":[]}"#.to_string(),
                "`reason` must be",
            ),
            (
                format!(r#"{{"article":"a","url":"u","helpful":true,"comment":"{long}"}}"#),
                "`comment` is longer",
            ),
        ];
        for (text, expected) in cases {
            let error = Feedback::from_json(&text).unwrap_err();
            assert!(error.contains(expected), "{text:.60}: {error}");
        }
    }

    #[test]
    fn ranks_by_share_of_no_then_by_count() {
        let report = report_of(&[
            answer("half-of-two", true, None, None),
            answer("half-of-two", false, None, None),
            answer("all-good", true, None, None),
            answer("half-of-four", false, None, None),
            answer("half-of-four", true, None, None),
            answer("half-of-four", false, None, None),
            answer("half-of-four", true, None, None),
            answer("worst", false, None, None),
            answer("a-tie", false, Some("Other"), None),
            answer("a-tie", true, None, None),
        ]);
        let order: Vec<&str> = report.articles.iter().map(|a| a.article.as_str()).collect();
        assert_eq!(
            order,
            ["worst", "half-of-four", "a-tie", "half-of-two", "all-good"]
        );
        assert_eq!(report.answers, 10);
        assert_eq!(report.articles[1].no_percent, 50);
        assert_eq!((report.articles[1].yes, report.articles[1].no), (2, 2));
    }

    #[test]
    fn tallies_reasons_and_keeps_the_latest_comments_truncated() {
        let long = format!("first line\n{}", "y".repeat(300));
        let report = report_of(&[
            answer("a", false, Some("Broken link"), Some("oldest")),
            answer("a", false, Some("Inaccurate"), Some("older")),
            answer("a", false, Some("Inaccurate"), Some("newer")),
            answer("a", true, None, Some(&long)),
        ]);
        let article = &report.articles[0];
        let reasons: Vec<(&str, usize)> = article
            .reasons
            .iter()
            .map(|r| (r.reason.as_str(), r.count))
            .collect();
        assert_eq!(reasons, [("Inaccurate", 2), ("Broken link", 1)]);
        let comments: Vec<&str> = article.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(comments.len(), LATEST_COMMENTS);
        assert!(comments[0].starts_with("first line yyy") && comments[0].ends_with('…'));
        assert_eq!(comments[0].chars().count(), COMMENT_PREVIEW);
        assert_eq!(&comments[1..], ["newer", "older"]);
        assert!(article.comments[0].helpful);
    }

    #[test]
    fn bad_lines_are_reported_with_their_number_and_skipped() {
        let mut bytes = format!("{}\n\nnot json\n", answer("a", false, None, None)).into_bytes();
        bytes.extend_from_slice(b"\xff\xfe\n{\"article\":\"a\",\"url\":\"u\",\"helpful\":1}\n");
        bytes.extend_from_slice(answer("a", true, None, None).as_bytes());
        let report = report(bytes.as_slice()).unwrap();
        let bad: Vec<(usize, &str)> = report
            .bad_lines
            .iter()
            .map(|b| (b.line, &b.message[..8]))
            .collect();
        assert_eq!(bad, [(3, "not JSON"), (4, "not UTF-"), (5, "`helpful")]);
        assert_eq!(report.answers, 2);
        assert_eq!(report.articles[0].no_percent, 50);
    }

    #[test]
    fn an_empty_file_is_an_empty_report() {
        assert_eq!(report(&b""[..]).unwrap(), Report::default());
    }
}
