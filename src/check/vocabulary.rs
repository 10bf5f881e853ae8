//! Shared logic of the vocabulary checks (`unknown-type`, `unknown-product`, `unknown-role`,
//! `unknown-audience`): a value must be an id declared in site.toml.

use crate::diagnostic::{Diagnostic, Rule, Span};
use crate::suggest::closest;

/// One declared vocabulary: its ids and their display names.
pub struct Vocabulary<'a> {
    /// The site.toml table, for the help text (`products`).
    pub table: &'a str,
    pub entries: Vec<(&'a str, &'a str)>,
}

impl Vocabulary<'_> {
    /// A diagnostic for `value` at `span` if it is not a declared id.
    pub fn check(
        &self,
        rule: &Rule,
        file: &str,
        value: &str,
        span: Span,
        what: &str,
    ) -> Option<Diagnostic> {
        if self.entries.iter().any(|(id, _)| *id == value) {
            return None;
        }
        let by_name = self
            .entries
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(value.trim()))
            .map(|(id, name)| format!("`{name}` is the name; use its id `{id}`"));
        let help = by_name
            .or_else(|| {
                closest(value, self.entries.iter().map(|(id, _)| *id))
                    .map(|id| format!("did you mean `{id}`?"))
            })
            .unwrap_or_else(|| {
                let ids: Vec<&str> = self.entries.iter().map(|(id, _)| *id).collect();
                if ids.is_empty() {
                    format!("declare it under [{}.{value}] in site.toml", self.table)
                } else {
                    format!("declared in site.toml: {}", ids.join(", "))
                }
            });
        Some(
            Diagnostic::new(
                rule,
                file,
                span,
                format!(
                    "unknown {what} `{value}`: not declared in [{}] of site.toml",
                    self.table
                ),
            )
            .with_help(help),
        )
    }
}
