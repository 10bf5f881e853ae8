//! Which audience sites each finding is in. A broken link inside a wholesale-only section is
//! only in the wholesale site (and the internal one, which shows everything); `check --audience
//! direct` leaves it out, and plain `check` says which sites have it.

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::front_matter::Block;
use crate::site::{Article, Site};

/// Fills in `audiences` for findings in article bodies that not every site shows. Findings
/// that already name their audiences (`audience-leak`) and findings in front matter (which
/// decides the audiences, so it must be right for everyone) are left as they are.
pub fn annotate(site: &Site, diagnostics: &mut [Diagnostic]) {
    for diagnostic in diagnostics.iter_mut() {
        if !diagnostic.audiences.is_empty() {
            continue;
        }
        let Some(article) = site.article(&diagnostic.file) else {
            continue;
        };
        let Block::Closed { body_start, .. } = article.block else {
            continue;
        };
        let body_line = article.lines.position(&article.text, body_start).line;
        if diagnostic.line < body_line {
            continue;
        }
        let line = article
            .body
            .expanded_line(crate::markdown::ARTICLE, diagnostic.line);
        diagnostic.audiences = sites_at(site, article, line).unwrap_or_default();
    }
}

/// The audience sites that show line `line` of `article`'s expanded body, or `None` for every
/// site.
pub(super) fn sites_at(site: &Site, article: &Article, line: u32) -> Option<Vec<String>> {
    let config = &site.config;
    // A list naming no declared audience is a typo (reported by `unknown-audience`): its
    // findings belong to every site, so that no variant's check hides them.
    let listed = article.audiences(config);
    if !names_a_declared_audience(config, &listed) {
        return None;
    }
    let mut readers: Vec<&str> = listed;
    readers.extend(internal_audiences(config));
    if let Some(section) = article.body.audiences_at(line) {
        if !names_a_declared_audience(config, &section) {
            return None;
        }
        readers.retain(|a| section.contains(a));
    }
    let sites = sites_showing(config, &readers);
    (!sites.is_empty()).then_some(sites)
}

/// The audience sites of a finding in a snippet: those of every place it is included (see
/// [`sites_at`]); empty for every site.
pub(super) fn sites_of_places(site: &Site, places: &[(String, u32)]) -> Vec<String> {
    let mut sites = std::collections::BTreeSet::new();
    for (path, line) in places {
        let Some(article) = site.article(path) else {
            return Vec::new();
        };
        match sites_at(site, article, *line) {
            None => return Vec::new(),
            Some(found) => sites.extend(found),
        }
    }
    sites.into_iter().collect()
}

fn names_a_declared_audience(config: &SiteConfig, ids: &[&str]) -> bool {
    ids.iter().any(|id| config.audiences.contains_key(*id))
}

fn internal_audiences(config: &SiteConfig) -> impl Iterator<Item = &str> {
    config
        .audiences
        .iter()
        .filter(|(_, a)| a.internal)
        .map(|(id, _)| id.as_str())
}

/// The declared audiences whose site shows content for `readers`: those readers, and every
/// internal audience. Empty when that is every audience: the finding is everywhere.
fn sites_showing(config: &SiteConfig, readers: &[&str]) -> Vec<String> {
    let sites: Vec<String> = config
        .audiences
        .iter()
        .filter(|(id, audience)| audience.internal || readers.contains(&id.as_str()))
        .map(|(id, _)| id.clone())
        .collect();
    if sites.len() == config.audiences.len() {
        Vec::new()
    } else {
        sites
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    fn audiences_of(site: &crate::site::Site, code: &str) -> Vec<(u32, Vec<String>)> {
        findings(site, code)
            .into_iter()
            .map(|d| (d.line, d.audiences))
            .collect()
    }

    #[test]
    fn findings_in_audience_sections_and_restricted_articles_name_their_sites() {
        let body = "## Steps\n\n[a](gone.md)\n\n### Resellers {audience=wholesale}\n\n[b](gone.md)\n\n## After\n\n[c](gone.md)\n";
        let site = kb(&[
            ("articles/all.md", &article(body)),
            (
                "articles/direct.md",
                &article("## Steps\n\n[d](gone.md)\n")
                    .replace("reviewed:", "audience: [direct]\nreviewed:"),
            ),
        ]);
        let all = audiences_of(&site, "broken-link");
        let strings = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // all.md: lines are counted in the file (front matter first).
        let lines: Vec<u32> = all.iter().map(|(line, _)| *line).collect();
        assert_eq!(all.len(), 4, "{all:?}");
        assert_eq!(all[0].1, strings(&[]), "outside sections: every site");
        assert_eq!(all[1].1, strings(&["internal", "wholesale"]));
        assert_eq!(all[2].1, strings(&[]), "after the section ends");
        assert!(lines[0] < lines[1] && lines[1] < lines[2]);
        assert_eq!(all[3].1, strings(&["direct", "internal"]), "direct.md");
    }

    #[test]
    fn front_matter_findings_and_unknown_audiences_belong_to_every_site() {
        let site = kb(&[(
            "articles/a.md",
            &article("## Steps\n\n## Typo {audience=wholesal}\n\n[x](gone.md)\n")
                .replace("reviewed:", "audience: [direct]\ncolour: red\nreviewed:"),
        )]);
        assert!(audiences_of(&site, "unknown-field")[0].1.is_empty());
        // The link is in a section for an undeclared audience: direct readers cannot see it,
        // but it is not hidden from any variant's check either.
        assert!(audiences_of(&site, "broken-link")[0].1.is_empty());
    }
}
