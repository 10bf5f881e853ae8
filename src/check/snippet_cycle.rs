//! `snippet-cycle`: snippets that include each other in a loop (or nest too deep).

use super::Context;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::markdown::IncludeProblem;

pub const RULE: Rule = Rule {
    code: "snippet-cycle",
    default_severity: Severity::Error,
    summary: "Snippets include each other in a loop.",
    explanation: "A snippet may include other snippets, but never itself, directly or through \
others: `a` including `b` including `a` would never end. kbpress stops at the include that \
closes the loop, reports it with the whole chain (`a` -> `b` -> `a`), and leaves that include \
out; includes nested more than 16 levels deep are reported the same way. Fix: remove one \
include of the chain, or move the shared text into a third snippet that both include.",
};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for article in context.articles() {
        for problem in &article.body.include_problems {
            let IncludeProblem::Cycle {
                chain,
                origin,
                span,
            } = problem
            else {
                continue;
            };
            let last = chain.last().map_or("", String::as_str);
            let is_loop = chain[..chain.len() - 1].iter().any(|n| n == last);
            let shown: Vec<String> = chain.iter().map(|n| format!("`{n}`")).collect();
            let message = if is_loop {
                format!("snippet include cycle: {}", shown.join(" -> "))
            } else {
                format!(
                    "snippet includes nest more than {} levels deep: {}",
                    crate::markdown::include::MAX_DEPTH,
                    shown.join(" -> ")
                )
            };
            found.push(
                super::in_body(&RULE, article, *origin, *span, message).with_help(format!(
                    "remove this include of `{last}`, or move the shared text into a snippet both include"
                )),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn a_cycle_is_reported_once_with_its_chain_and_does_not_hang() {
        let site = kb(&[
            ("snippets/a.md", "A text.\n\n{{> b }}\n"),
            ("snippets/b.md", "B text.\n\n{{> a }}\n"),
            ("snippets/self.md", "{{> self }}\n"),
            (
                "articles/x.md",
                &article("## Steps\n\n{{> a }}\n\n{{> self }}\n"),
            ),
        ]);
        let found = findings(&site, "snippet-cycle");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(
            (found[0].file.as_str(), found[0].line),
            ("snippets/b.md", 3)
        );
        assert_eq!(
            found[0].message,
            "snippet include cycle: `a` -> `b` -> `a` (included by `articles/x.md`)"
        );
        assert_eq!(
            (found[1].file.as_str(), found[1].line),
            ("snippets/self.md", 1)
        );
        assert!(found[1]
            .message
            .starts_with("snippet include cycle: `self` -> `self`"));
        let page = render_public(&site);
        let html = String::from_utf8(page.get("x/index.html").unwrap().to_vec()).unwrap();
        assert_eq!(html.matches("A text.").count(), 1, "the loop is cut");
        assert_eq!(html.matches("B text.").count(), 1);
    }
}
