//! The checks. Each check is one module named after its diagnostic code; its `RULE` holds the
//! user-facing explanation (`kbpress check --explain CODE`) and its `check` function returns
//! diagnostics, never prints. [`run`] runs them all and applies `[check.severity]`.

use jiff::civil::Date;
use rayon::prelude::*;

use crate::diagnostic::{sort_and_dedup, Diagnostic, Rule};
use crate::diagnostic::{Position, Span};
use crate::markdown::Origin;
use crate::site::{Article, RefusedKind, Site};
use std::collections::HashSet;

mod audience_leak;
mod audiences;
mod broken_anchor;
mod broken_link;
mod broken_site_link;
mod broken_supersession;
mod duplicate_slug;
mod duplicate_title;
pub mod expiring_article;
mod heading_order;
mod invalid_field;
mod invalid_mailto;
mod invalid_snippet;
mod invalid_tel;
mod invalid_translation;
mod link_to_draft;
mod link_to_expired;
mod link_to_scheduled;
mod link_to_superseded;
mod missing_alt_text;
mod missing_field;
mod missing_front_matter;
mod missing_image;
mod missing_section;
mod missing_snippet;
mod missing_translation;
mod orphan_translation;
mod placeholder_base_url;
pub mod placeholder_text;
mod raw_html;
mod site_paths;
mod site_root_link;
mod snippet_cycle;
mod stale_article;
mod stale_snippet;
mod stale_translation;
mod translation_sections;
mod unknown_audience;
mod unknown_field;
mod unknown_owner;
mod unknown_product;
mod unknown_role;
mod unknown_scheme;
mod unknown_type;
mod unknown_variable;
mod unpublishable_name;
mod unreadable_file;
mod unsafe_symlink;
mod unsafe_url;
mod unused_snippet;
mod vocabulary;
mod yaml_syntax;

#[cfg(test)]
pub(crate) mod testing;

/// What every check can see.
pub struct Context<'a> {
    pub site: &'a Site,
    /// "Today", for freshness: from `--today`, `SOURCE_DATE_EPOCH` or the clock.
    pub today: Date,
    /// Only check these articles (`serve` after an edit; see [`run_for`]); `None`: all.
    pub only: Option<&'a HashSet<String>>,
}

impl<'a> Context<'a> {
    pub fn new(site: &'a Site, today: Date) -> Self {
        Context {
            site,
            today,
            only: None,
        }
    }

    /// The articles to check: every article, or the ones in [`Context::only`] (in path
    /// order, found by path: filtering 10,000 articles per check is what `serve` avoids).
    pub fn articles(&self) -> Box<dyn Iterator<Item = &'a Article> + 'a> {
        let site = self.site;
        match self.only {
            None => Box::new(site.articles.iter()),
            Some(only) => {
                let mut chosen: Vec<&'a Article> =
                    only.iter().filter_map(|path| site.article(path)).collect();
                chosen.sort_by(|a, b| a.path.cmp(&b.path));
                Box::new(chosen.into_iter())
            }
        }
    }
}

impl<'a> Context<'a> {
    /// The bodies to check for what is wrong in a body itself (a broken link, a missing image,
    /// raw HTML, an unknown variable): [`Context::articles`], then every translation's, which
    /// is published like an article. (`serve` rechecks only edited articles: an edit of a
    /// translation is a full build.)
    pub fn bodies(&self) -> Box<dyn Iterator<Item = &'a Article> + 'a> {
        let translations = self.site.translations.iter().map(|t| &t.article);
        match self.only {
            None => Box::new(self.articles().chain(translations)),
            Some(_) => self.articles(),
        }
    }
}

type CheckFn = fn(&Context) -> Vec<Diagnostic>;

/// Every check, in the order `--explain` lists them.
const CHECKS: &[(&Rule, CheckFn)] = &[
    (&unreadable_file::RULE, unreadable_file::check),
    (&unsafe_symlink::RULE, unsafe_symlink::check),
    (&unpublishable_name::RULE, unpublishable_name::check),
    (&missing_front_matter::RULE, missing_front_matter::check),
    (&yaml_syntax::RULE, yaml_syntax::check),
    (&missing_field::RULE, missing_field::check),
    (&unknown_field::RULE, unknown_field::check),
    (&invalid_field::RULE, invalid_field::check),
    (&unknown_type::RULE, unknown_type::check),
    (&unknown_product::RULE, unknown_product::check),
    (&unknown_role::RULE, unknown_role::check),
    (&unknown_audience::RULE, unknown_audience::check),
    (&unknown_owner::RULE, unknown_owner::check),
    (&unknown_variable::RULE, unknown_variable::check),
    (&missing_section::RULE, missing_section::check),
    (&heading_order::RULE, heading_order::check),
    (&broken_link::RULE, broken_link::check),
    (&broken_anchor::RULE, broken_anchor::check),
    (&broken_site_link::RULE, broken_site_link::check),
    (&site_root_link::RULE, site_root_link::check),
    (&unknown_scheme::RULE, unknown_scheme::check),
    (&invalid_mailto::RULE, invalid_mailto::check),
    (&invalid_tel::RULE, invalid_tel::check),
    (&missing_image::RULE, missing_image::check),
    (&missing_alt_text::RULE, missing_alt_text::check),
    (&link_to_draft::RULE, link_to_draft::check),
    (&link_to_scheduled::RULE, link_to_scheduled::check),
    (&link_to_expired::RULE, link_to_expired::check),
    (&link_to_superseded::RULE, link_to_superseded::check),
    (&unsafe_url::RULE, unsafe_url::check),
    (&raw_html::RULE, raw_html::check),
    (&duplicate_slug::RULE, duplicate_slug::check),
    (&duplicate_title::RULE, duplicate_title::check),
    (&stale_article::RULE, stale_article::check),
    (&expiring_article::RULE, expiring_article::check),
    (&broken_supersession::RULE, broken_supersession::check),
    (&placeholder_text::RULE, placeholder_text::check),
    (&placeholder_base_url::RULE, placeholder_base_url::check),
    (&audience_leak::RULE, audience_leak::check),
    (&missing_snippet::RULE, missing_snippet::check),
    (&snippet_cycle::RULE, snippet_cycle::check),
    (&unused_snippet::RULE, unused_snippet::check),
    (&stale_snippet::RULE, stale_snippet::check),
    (&invalid_snippet::RULE, invalid_snippet::check),
    (&orphan_translation::RULE, orphan_translation::check),
    (&invalid_translation::RULE, invalid_translation::check),
    (&stale_translation::RULE, stale_translation::check),
    (&missing_translation::RULE, missing_translation::check),
    (&translation_sections::RULE, translation_sections::check),
];

/// Codes reported outside [`run`]: `external-link` needs the network, so only
/// `check --external` reports it (see `crate::external`).
const EXTRA_RULES: &[&Rule] = &[&crate::external::RULE];

/// Every diagnostic code kbpress can report.
pub static RULES: std::sync::LazyLock<Vec<&'static Rule>> = std::sync::LazyLock::new(|| {
    CHECKS
        .iter()
        .map(|(rule, _)| *rule)
        .chain(EXTRA_RULES.iter().copied())
        .collect()
});

/// The rule for a code, for `--explain`.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// The file a fact of `article`'s body is in: the article, or the snippet it was included from.
pub(crate) fn body_file(article: &Article, origin: Origin) -> &str {
    match origin.inclusion() {
        None => &article.path,
        Some(index) => &article.body.inclusions[index].path,
    }
}

/// A finding about a fact of `article`'s body at `span` of its file (see [`body_file`]). In a
/// snippet, it names the article as an includer; [`merge_snippet_findings`] makes one finding
/// of the same one from every article that includes the snippet.
pub(crate) fn in_body(
    rule: &Rule,
    article: &Article,
    origin: Origin,
    span: Span,
    message: impl Into<String>,
) -> Diagnostic {
    moved_to_origin(
        Diagnostic::new(rule, &article.path, span, message),
        article,
        origin,
    )
}

/// The KB paths of the articles whose life today `pick` keeps something of (`Life::Expired`'s
/// date, say), for the link-to-expired/-scheduled/-superseded checks. Found before any link is
/// looked at: most KBs have none, and then those checks return at once.
pub(crate) fn articles_by_life<'s, T>(
    context: &Context<'s>,
    pick: impl Fn(crate::site::Life) -> Option<T>,
) -> std::collections::HashMap<&'s str, T> {
    (context.site.articles.iter())
        .filter_map(|a| Some((a.path.as_str(), pick(a.life(context.today))?)))
        .collect()
}

/// The links (not images) of `article`'s body to another article of the KB, with its KB path:
/// what `link-to-draft`, `-expired`, `-scheduled` and `-superseded` look at.
pub(crate) fn links_to_articles(
    article: &Article,
) -> impl Iterator<Item = (&crate::markdown::Link, &str)> {
    (article.body.links.iter())
        .filter(|link| link.kind == crate::markdown::LinkKind::Link)
        .filter_map(|link| match &link.target {
            crate::markdown::Target::Article { path, .. } => Some((link, path.as_str())),
            _ => None,
        })
}

/// `diagnostic`, made at `article`'s path, moved to the snippet of `origin` when it is one.
pub(crate) fn moved_to_origin(
    mut diagnostic: Diagnostic,
    article: &Article,
    origin: Origin,
) -> Diagnostic {
    if !origin.is_article() {
        let line = article.body.expanded_line(origin, diagnostic.line);
        diagnostic.file = body_file(article, origin).to_string();
        diagnostic.included_by = vec![article.path.clone()];
        diagnostic.snippet_places = vec![(article.path.clone(), line)];
    }
    diagnostic
}

/// How many includers a finding in a snippet names before it counts the rest.
const INCLUDERS_NAMED: usize = 3;

/// Makes one finding of the findings that are the same but for the article including the
/// snippet they are in: a broken link in a snippet that 40 articles include is one finding at
/// the snippet's line, naming its includers, not 40.
fn merge_snippet_findings(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.iter().all(|d| d.included_by.is_empty()) {
        return;
    }
    let (in_snippets, rest): (Vec<Diagnostic>, Vec<Diagnostic>) = std::mem::take(diagnostics)
        .into_iter()
        .partition(|d| !d.included_by.is_empty());
    *diagnostics = rest;
    let mut merged: std::collections::BTreeMap<_, Diagnostic> = std::collections::BTreeMap::new();
    for diagnostic in in_snippets {
        let key = (
            diagnostic.sort_key().0.to_string(),
            diagnostic.line,
            diagnostic.column,
            diagnostic.end_line,
            diagnostic.end_column,
            diagnostic.code,
            diagnostic.message.clone(),
            diagnostic.help.clone(),
            diagnostic.severity,
        );
        match merged.entry(key) {
            std::collections::btree_map::Entry::Vacant(entry) => {
                entry.insert(diagnostic);
            }
            std::collections::btree_map::Entry::Occupied(mut entry) => {
                let merged = entry.get_mut();
                merged.included_by.extend(diagnostic.included_by);
                merged.snippet_places.extend(diagnostic.snippet_places);
                // A finding that names its audiences (`audience-leak`) is in the sites of all.
                for audience in diagnostic.audiences {
                    if !merged.audiences.contains(&audience) {
                        merged.audiences.push(audience);
                    }
                }
            }
        }
    }
    for (_, mut diagnostic) in merged {
        diagnostic.included_by.sort();
        diagnostic.included_by.dedup();
        if diagnostic.audiences.is_empty() {
            diagnostic.audiences = audiences::sites_of_places(site, &diagnostic.snippet_places);
        } else {
            diagnostic.audiences.sort();
        }
        diagnostic.snippet_places.clear();
        let named: Vec<String> = diagnostic
            .included_by
            .iter()
            .take(INCLUDERS_NAMED)
            .map(|path| format!("`{path}`"))
            .collect();
        let more = diagnostic.included_by.len().saturating_sub(INCLUDERS_NAMED);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        diagnostic.message = format!(
            "{} (included by {}{more})",
            diagnostic.message,
            named.join(", ")
        );
        diagnostics.push(diagnostic);
    }
}

/// One diagnostic per path the walk refused for `kind`: such files were never read, so the
/// finding sits at the start of the file and names the path.
fn refused_paths(context: &Context, rule: &'static Rule, kind: RefusedKind) -> Vec<Diagnostic> {
    context
        .site
        .refused_paths
        .iter()
        .filter(|refused| refused.kind == kind)
        .map(|refused| {
            Diagnostic::new(
                rule,
                &refused.path,
                Span::point(Position::START),
                format!("`{}` {}", refused.path, refused.reason),
            )
            .with_help(refused.help)
        })
        .collect()
}

/// Codes whose findings depend only on front matter and paths: a body-only edit cannot change
/// them, so [`run_for`] keeps their previous findings instead of comparing every article again.
const FRONT_MATTER_CODES: &[&str] = &[duplicate_slug::RULE.code, duplicate_title::RULE.code];

/// Rechecks only `affected` articles, after an edit that kept every front matter as it was:
/// the edited articles and every article that links to one of them (`serve` keeps an index of links to find them).
/// Returns `previous` with their findings replaced. `serve` uses this to recheck a large KB
/// in milliseconds; `serve::incremental`'s random-edit test proves it equals a full check.
pub fn run_for(
    site: &Site,
    today: Date,
    mut previous: Vec<Diagnostic>,
    affected: &HashSet<String>,
) -> Vec<Diagnostic> {
    let context = Context {
        site,
        today,
        only: Some(affected),
    };
    let checks: Vec<&(&Rule, CheckFn)> = CHECKS
        .iter()
        .filter(|(rule, _)| !FRONT_MATTER_CODES.contains(&rule.code))
        .collect();
    let mut found = run_checks(&context, &checks);
    found.retain(|d| affected.contains(&d.file));
    sort_and_dedup(&mut found);
    previous.retain(|d| !affected.contains(&d.file) || FRONT_MATTER_CODES.contains(&d.code));
    // Both lists are sorted and share no finding (the kept front-matter findings come from
    // checks not run here): merging them is linear, sorting 20,000 findings again is not.
    let mut merged = Vec::with_capacity(previous.len() + found.len());
    let mut found = found.into_iter().peekable();
    for diagnostic in previous {
        while found
            .peek()
            .is_some_and(|next| next.sort_key() < diagnostic.sort_key())
        {
            merged.extend(found.next());
        }
        merged.push(diagnostic);
    }
    merged.extend(found);
    merged
}

/// Fills in which audience sites each finding is in, for findings made outside [`run`]
/// (`check --external`).
pub fn annotate_audiences(site: &Site, diagnostics: &mut [Diagnostic]) {
    audiences::annotate(site, diagnostics);
}

/// Runs every check over the site; applies severity overrides; sorts the result.
pub fn run(context: &Context) -> Vec<Diagnostic> {
    let checks: Vec<&(&Rule, CheckFn)> = CHECKS.iter().collect();
    let mut diagnostics = run_checks(context, &checks);
    sort_and_dedup(&mut diagnostics);
    diagnostics
}

/// Runs `checks`, applies severity overrides and marks the audience sites of each finding.
fn run_checks(context: &Context, checks: &[&(&Rule, CheckFn)]) -> Vec<Diagnostic> {
    let overrides = &context.site.config.check.severity;
    let mut diagnostics: Vec<Diagnostic> = checks
        .par_iter()
        .flat_map_iter(|(_, check)| check(context))
        .filter_map(|mut diagnostic| {
            if let Some(level) = overrides.get(diagnostic.code) {
                diagnostic.severity = level.to_severity()?;
            }
            Some(diagnostic)
        })
        .collect();
    merge_snippet_findings(context.site, &mut diagnostics);
    audiences::annotate(context.site, &mut diagnostics);
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translations_body_is_checked_like_an_articles() {
        use testing::*;
        let site = kb_with_config(
            LANGUAGES,
            &[
                ("articles/a.md", &article("## Steps\n\nSee [b](b.md).\n")),
                ("articles/b.md", &article("## Steps\n")),
                (
                    "articles/a.fr.md",
                    "---\ntitle: A\nsource_reviewed: 2026-10-01\n---\n## Étapes\n\nVoir [b](bb.md), ![](img.png) et {{ inconnue }}.\n",
                ),
            ],
        );
        let found: Vec<(&str, String, u32)> = run(&site)
            .iter()
            .filter(|d| d.file.ends_with(".fr.md"))
            .map(|d| (d.code, d.file.clone(), d.line))
            .collect();
        let at = |code| (code, "articles/a.fr.md".to_string(), 7);
        assert_eq!(
            found,
            [
                at("broken-link"),
                at("missing-alt-text"),
                at("missing-image"),
                at("unknown-variable")
            ]
        );
    }

    #[test]
    fn codes_are_unique_kebab_case_and_explained() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES.iter() {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(crate::config::is_identifier(rule.code), "{}", rule.code);
            assert!(
                rule.explanation.len() > 80,
                "{} needs a real explanation",
                rule.code
            );
            assert!(!rule.summary.is_empty());
        }
    }

    #[test]
    fn severity_overrides_change_or_drop_findings() {
        let site = testing::kb_with_config(
            "[check.severity]\nraw-html = \"off\"\nmissing-alt-text = \"error\"\n",
            &[(
                "articles/a.md",
                &testing::article("## Steps\n\n<b>x</b> ![](../assets/i.png)\n"),
            )],
        );
        let found = testing::run(&site);
        assert!(found.iter().all(|d| d.code != "raw-html"), "{found:#?}");
        let alt = found
            .iter()
            .find(|d| d.code == "missing-alt-text")
            .expect("alt finding");
        assert_eq!(alt.severity, crate::diagnostic::Severity::Error);
    }
}
