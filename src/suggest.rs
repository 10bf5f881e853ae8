//! "Did you mean ...?" suggestions, by string similarity against the real candidates.

/// The candidate closest to `typed`, if any is close enough to be a plausible typo.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed_lower = typed.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let score = strsim::jaro_winkler(&typed_lower, &candidate.to_lowercase());
            (candidate, score)
        })
        .filter(|(_, score)| *score >= 0.8)
        // Highest score first; ties go to the alphabetically first so output is deterministic.
        .max_by(|(a, sa), (b, sb)| sa.total_cmp(sb).then_with(|| b.cmp(a)))
        .map(|(candidate, _)| candidate)
}

/// `did you mean `x`?` for the closest candidate, if any.
pub fn did_you_mean<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(typed, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Suggests existing paths for missing ones, by file name first: a moved file keeps its name,
/// and comparing whole paths would rank any file in the same folder as a close match.
/// Built once per check; fuzzy matches are cached per file name, so a renamed folder with
/// thousands of broken links costs one fuzzy search per distinct name, not per link.
pub struct PathSuggester<'a> {
    by_name: std::collections::HashMap<&'a str, Vec<&'a str>>,
    names: Vec<&'a str>,
    fuzzy: std::collections::HashMap<String, Option<&'a str>>,
}

impl<'a> PathSuggester<'a> {
    pub fn new(paths: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_name: std::collections::HashMap<&str, Vec<&str>> =
            std::collections::HashMap::new();
        for path in paths {
            by_name.entry(file_name(path)).or_default().push(path);
        }
        let mut names: Vec<&str> = by_name.keys().copied().collect();
        names.sort_unstable();
        PathSuggester {
            by_name,
            names,
            fuzzy: std::collections::HashMap::new(),
        }
    }

    /// The existing path most likely meant by `missing`.
    pub fn suggest(&mut self, missing: &str) -> Option<&'a str> {
        let name = file_name(missing);
        let best_name = match self.by_name.get_key_value(name) {
            Some((exact, _)) => Some(*exact),
            None => *self
                .fuzzy
                .entry(name.to_string())
                .or_insert_with(|| closest(name, self.names.iter().copied())),
        }?;
        // Among files of that name, the one whose whole path needs the fewest edits.
        self.by_name[best_name].iter().copied().max_by(|a, b| {
            let score = |p: &str| strsim::normalized_levenshtein(missing, p);
            score(a).total_cmp(&score(b)).then_with(|| b.cmp(a))
        })
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos() {
        assert_eq!(closest("tittle", ["title", "summary"]), Some("title"));
        assert_eq!(
            closest("portal-admn", ["portal-admin", "end-user"]),
            Some("portal-admin")
        );
        assert_eq!(closest("Summary", ["summary"]), Some("summary"));
    }

    #[test]
    fn ignores_unrelated_words() {
        assert_eq!(closest("zebra", ["title", "summary"]), None);
        assert_eq!(closest("x", Vec::<&str>::new()), None);
    }

    #[test]
    fn suggests_paths_by_file_name() {
        let paths = [
            "articles/guides/twin.md",
            "articles/billing/refunds.md",
            "articles/old/refunds.md",
        ];
        let mut suggester = PathSuggester::new(paths);
        assert_eq!(suggester.suggest("articles/guides/nowhere.md"), None);
        assert_eq!(
            suggester.suggest("articles/billin/refunds.md"),
            Some("articles/billing/refunds.md")
        );
        assert_eq!(
            suggester.suggest("articles/billing/refund.md"),
            Some("articles/billing/refunds.md")
        );
    }

    #[test]
    fn formats_the_help() {
        assert_eq!(
            did_you_mean("tags2", ["tags"]).as_deref(),
            Some("did you mean `tags`?")
        );
    }
}
