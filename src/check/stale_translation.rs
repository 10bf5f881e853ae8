//! `stale-translation`: the source article was reviewed after the review its translation
//! matches (`source_reviewed`).

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "stale-translation",
    default_severity: Severity::Warning,
    summary: "A translation matches an older review of its source article.",
    explanation: "A translation says which review of its source it matches: \
`source_reviewed: DATE`, the source's `reviewed` date when it was translated. When the source is \
reviewed again (its content changed, or was confirmed), the translation may no longer say the \
same thing, and readers in that language get outdated steps. Hosted KBs leave this flag to be set \
by hand; kbpress compares the dates on every check. In a git repository the finding lists the \
commits to the source since that date (a shallow clone, as CI makes by default, may miss older \
ones). Fix: see what changed in the source since (`git log -p --since=DATE -- PATH` shows it), \
update the translation, then set its `source_reviewed` to the source's `reviewed` date.",
};

/// Commits named in a finding at most; the `git log` command shows every one.
const COMMITS_SHOWN: usize = 5;

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let site = context.site;
    let mut found = Vec::new();
    for stale in site.stale_translations() {
        let (translation, source) = (stale.translation, stale.source);
        let (matched, reviewed) = (stale.matched.value, stale.reviewed.value);
        let command = format!("git log -p --since={matched} -- {}", source.path);
        let changes = changes_since(site, &source.path, &matched.to_string());
        let see = match changes {
            Some(changes) => {
                format!("the source changed since in {changes} (`{command}` shows them)")
            }
            None => format!("see what changed with `{command}`"),
        };
        found.push(
            Diagnostic::new(
                &RULE,
                &translation.article.path,
                stale.matched.span,
                format!(
                    "this `{}` translation matches the review of {matched} of `{}`, which was reviewed again on {reviewed}",
                    translation.language, source.path
                ),
            )
            .with_help(format!(
                "{see}, update the translation, then set `source_reviewed: {reviewed}`"
            )),
        );
    }
    found
}

/// The commits to `source` on or after `since` that git knows of, in words: "2 commits:
/// `3f2a9c1` on 2026-11-02 (Add the MFA step), ...". `None` when there is no history.
fn changes_since(site: &crate::site::Site, source: &str, since: &str) -> Option<String> {
    let history = &site.source_history;
    let commits: Vec<_> = (history.commits.get(source)?.iter())
        .filter(|commit| commit.date.as_str() >= since)
        .collect();
    if commits.is_empty() {
        return None;
    }
    let mut listed: Vec<String> = (commits.iter().take(COMMITS_SHOWN))
        .map(|c| match c.subject.as_str() {
            "" => format!("`{}` on {}", c.hash, c.date),
            subject => format!("`{}` on {} ({subject})", c.hash, c.date),
        })
        .collect();
    if commits.len() > COMMITS_SHOWN {
        listed.push(format!("{} more", commits.len() - COMMITS_SHOWN));
    }
    let count = match commits.len() {
        1 => "1 commit".to_string(),
        n => format!("{n} commits"),
    };
    let shallow = match history.shallow {
        true => " in this shallow clone, older ones missing",
        false => "",
    };
    Some(format!("{count}{shallow}: {}", listed.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::*;

    #[test]
    fn an_older_source_review_is_reported_at_source_reviewed_with_both_dates() {
        // The source was reviewed on 2026-10-01 (`article`).
        let site = kb_with_config(
            LANGUAGES,
            &[
                ("articles/a.md", &article("## Steps\n")),
                ("articles/a.fr.md", &translation("2026-09-15", "## Steps\n")),
                ("articles/a.de.md", &translation("2026-10-01", "## Steps\n")),
            ],
        );
        assert_eq!(
            positions(&site, RULE.code),
            [("articles/a.fr.md".to_string(), 3, 18)]
        );
        let found = findings(&site, RULE.code);
        let message = &found[0].message;
        assert!(
            message.contains("2026-09-15") && message.contains("2026-10-01"),
            "{message}"
        );
        assert!(found[0]
            .help
            .as_deref()
            .unwrap()
            .contains("git log -p --since=2026-09-15 -- articles/a.md"));
        assert_eq!(found[0].severity, Severity::Warning);
    }
}
