//! "Did you mean ...?" suggestions, by string similarity against the real candidates.

use std::collections::HashMap;

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

/// Suggests an existing path for a missing one, only when it is plausibly the same file: the
/// same file name in another folder or another case, or a file name a few edits away (a typo).
/// An unrelated file is never suggested: a wrong "did you mean" costs the writer more than none.
///
/// Built once per check: file names (case-folded) by stem, and after a few fuzzy lookups an
/// index of their trigrams, so each lookup costs the candidates that share enough trigrams with
/// the name, not a comparison with every file: deleting a folder of 400 articles linked from
/// everywhere used to take ~40 s of Jaro-Winkler over 10,000 names. The first lookups scan the
/// names instead (`serve` rechecking one edited article needs one or two). Answers are cached
/// per missing path.
pub struct PathSuggester<'a> {
    /// Case-folded stems (file names without their extension), each with its paths.
    stems: Vec<(String, Vec<&'a str>)>,
    /// A stem's index in `stems`.
    by_stem: HashMap<String, u32>,
    /// Built on the first fuzzy lookup past `linear_lookups`.
    index: Option<TrigramIndex>,
    /// Fuzzy lookups done by scanning every stem before the index is built.
    linear_lookups: usize,
    fuzzy_lookups: usize,
    cache: HashMap<String, Option<&'a str>>,
    /// Edit distances computed so far: what a lookup costs, for the tests.
    compared: usize,
}

/// Fuzzy lookups that scan every name before the trigram index pays for itself.
const LINEAR_LOOKUPS: usize = 16;

/// The trigrams of every stem, and the stems holding each trigram.
struct TrigramIndex {
    /// For each trigram of the padded stems, the stems holding it.
    trigrams: HashMap<[char; 3], Vec<u32>>,
    /// Each stem's trigrams with their counts, sorted.
    grams: Vec<Vec<([char; 3], u16)>>,
    /// The stems the lookup in progress has seen, and which they are.
    seen: Vec<bool>,
    touched: Vec<u32>,
}

impl TrigramIndex {
    fn new(stems: &[(String, Vec<&str>)]) -> Self {
        let mut trigrams: HashMap<[char; 3], Vec<u32>> = HashMap::new();
        let grams: Vec<Vec<([char; 3], u16)>> =
            stems.iter().map(|(stem, _)| trigram_counts(stem)).collect();
        for (index, counted) in grams.iter().enumerate() {
            for (trigram, _) in counted {
                trigrams.entry(*trigram).or_default().push(index as u32);
            }
        }
        TrigramIndex {
            trigrams,
            grams,
            seen: vec![false; stems.len()],
            touched: Vec::new(),
        }
    }
}

/// Edits allowed between a missing file name's stem and a suggestion's, by the stem's length in
/// characters: none for short names (only another case or folder), where one edit makes
/// another word; one up to eleven characters (`refund` for `refunds`, but not `pay-by-cash` for
/// `pay-by-card`); two beyond (`setup-call-forwardng`).
fn edit_budget(stem_chars: usize) -> usize {
    match stem_chars {
        0..=3 => 0,
        4..=11 => 1,
        _ => 2,
    }
}

impl<'a> PathSuggester<'a> {
    pub fn new(paths: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_stem: HashMap<String, u32> = HashMap::new();
        let mut stems: Vec<(String, Vec<&'a str>)> = Vec::new();
        for path in paths {
            let (stem, _) = split_name(path);
            let index = *by_stem.entry(stem.clone()).or_insert_with(|| {
                stems.push((stem, Vec::new()));
                (stems.len() - 1) as u32
            });
            stems[index as usize].1.push(path);
        }
        PathSuggester {
            stems,
            by_stem,
            index: None,
            linear_lookups: LINEAR_LOOKUPS,
            fuzzy_lookups: 0,
            cache: HashMap::new(),
            compared: 0,
        }
    }

    /// The existing path most likely meant by `missing` (a KB path), if one is close.
    pub fn suggest(&mut self, missing: &str) -> Option<&'a str> {
        if let Some(cached) = self.cache.get(missing) {
            return *cached;
        }
        let found = self.find(missing);
        self.cache.insert(missing.to_string(), found);
        found
    }

    fn find(&mut self, missing: &str) -> Option<&'a str> {
        let (stem, extension) = split_name(missing);
        let budget = edit_budget(stem.chars().count());
        // Candidate stems with their edit distance: the same stem, or stems within the budget.
        let mut candidates: Vec<(usize, u32)> = Vec::new();
        if let Some(&index) = self.by_stem.get(&stem) {
            candidates.push((0, index));
            // The same name with the same extension: nothing can be nearer (a moved file).
            let paths = &self.stems[index as usize].1;
            if paths.iter().any(|path| split_name(path).1 == extension) {
                return self.nearest(missing, &extension, &candidates);
            }
        }
        if budget > 0 {
            self.near_stems(&stem, budget, &mut candidates);
        }
        self.nearest(missing, &extension, &candidates)
    }

    /// Adds the stems within `budget` edits of `stem` (but not `stem` itself) to `candidates`.
    ///
    /// q-gram lemma: one edit removes at most 3 of the n + 2 trigrams of a padded stem of n
    /// characters, so a stem within `budget` edits holds at least one of any `3 * budget + 1`
    /// distinct trigrams of `stem`, and shares at least `n + 2 - 3 * budget` of them. Only the
    /// stems in the posting lists of the rarest `3 * budget + 1` trigrams are looked at, and only
    /// those sharing enough trigrams are compared: the work of a lookup is a few short lists,
    /// not every name.
    fn near_stems(&mut self, stem: &str, budget: usize, candidates: &mut Vec<(usize, u32)>) {
        let length = stem.chars().count();
        let mut near = |index: usize, theirs: &str, compared: &mut usize| {
            if theirs == stem
                || theirs.chars().count().abs_diff(length) > budget
                || !same_numbers(stem, theirs)
            {
                return;
            }
            *compared += 1;
            let distance = strsim::levenshtein(stem, theirs);
            if distance <= budget {
                candidates.push((distance, index as u32));
            }
        };
        self.fuzzy_lookups += 1;
        if self.index.is_none() && self.fuzzy_lookups <= self.linear_lookups {
            for (index, (theirs, _)) in self.stems.iter().enumerate() {
                near(index, theirs, &mut self.compared);
            }
            return;
        }
        let trigram_index = self
            .index
            .get_or_insert_with(|| TrigramIndex::new(&self.stems));
        let needed = (length + 2).saturating_sub(3 * budget).max(1);
        let query = trigram_counts(stem);
        let mut lists: Vec<&[u32]> = query
            .iter()
            .map(|(trigram, _)| {
                trigram_index
                    .trigrams
                    .get(trigram)
                    .map_or(&[][..], Vec::as_slice)
            })
            .collect();
        lists.sort_unstable_by_key(|list| list.len());
        let mut touched = std::mem::take(&mut trigram_index.touched);
        for list in lists.iter().take(3 * budget + 1) {
            for &index in *list {
                if !std::mem::replace(&mut trigram_index.seen[index as usize], true) {
                    touched.push(index);
                }
            }
        }
        for index in touched.drain(..) {
            trigram_index.seen[index as usize] = false;
            if shared(&query, &trigram_index.grams[index as usize]) >= needed {
                near(
                    index as usize,
                    &self.stems[index as usize].0,
                    &mut self.compared,
                );
            }
        }
        trigram_index.touched = touched;
    }

    /// The path to suggest among `candidates` (stems with their distance).
    fn nearest(
        &self,
        missing: &str,
        extension: &str,
        candidates: &[(usize, u32)],
    ) -> Option<&'a str> {
        // The nearest name; among paths of equal distance, one whose extension matches (a
        // different extension only for the very same stem: `screen.jpg` for `screen.png`),
        // then the one sharing the most folders with the missing path, then the first.
        let folders = |path: &str| {
            missing
                .split('/')
                .zip(path.split('/'))
                .take_while(|(a, b)| a == b)
                .count()
        };
        candidates
            .iter()
            .flat_map(|&(distance, index)| {
                self.stems[index as usize]
                    .1
                    .iter()
                    .map(move |&path| (distance, path))
            })
            .filter_map(|(distance, path)| {
                let same_extension = split_name(path).1 == *extension;
                (same_extension || distance == 0).then_some((distance, !same_extension, path))
            })
            .min_by(|a, b| {
                (a.0, a.1)
                    .cmp(&(b.0, b.1))
                    .then_with(|| folders(b.2).cmp(&folders(a.2)))
                    .then_with(|| a.2.cmp(b.2))
            })
            .map(|(_, _, path)| path)
    }
}

/// Whether `a` and `b` hold the same numbers: a typo is in the words, while another number
/// (`kb01630` for `kb01830`, `step-2` for `step-1`) names another article.
fn same_numbers(a: &str, b: &str) -> bool {
    a.chars()
        .filter(char::is_ascii_digit)
        .eq(b.chars().filter(char::is_ascii_digit))
}

/// A path's file name, case-folded, split into its stem and extension (`Refunds.MD` ->
/// `refunds`, `md`).
fn split_name(path: &str) -> (String, String) {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem.to_string(), extension.to_string()),
        _ => (name, String::new()),
    }
}

/// How many trigrams two sorted trigram counts share (counting repeats).
fn shared(a: &[([char; 3], u16)], b: &[([char; 3], u16)]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += usize::from(a[i].1.min(b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// The trigrams of `text` padded with two markers at each end, with their counts.
fn trigram_counts(text: &str) -> Vec<([char; 3], u16)> {
    const PAD: char = '\u{0}';
    let chars: Vec<char> = [PAD, PAD]
        .into_iter()
        .chain(text.chars())
        .chain([PAD, PAD])
        .collect();
    let mut trigrams: Vec<[char; 3]> = chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    trigrams.sort_unstable();
    let mut counted: Vec<([char; 3], u16)> = Vec::with_capacity(trigrams.len());
    for trigram in trigrams {
        match counted.last_mut() {
            Some((last, count)) if *last == trigram => *count = count.saturating_add(1),
            _ => counted.push((trigram, 1)),
        }
    }
    counted
}

/// How a link from `article` writes `target` (both KB paths): relative to the article's folder
/// (`../calling/set-up.md` from `articles/billing/refunds.md`), in `<...>` when it holds a
/// space or parenthesis, so the suggestion can be pasted into the link as it is.
pub fn relative_link(article: &str, target: &str) -> String {
    let from: Vec<&str> = article.split('/').collect();
    let from = &from[..from.len().saturating_sub(1)];
    let to: Vec<&str> = target.split('/').collect();
    let common = from
        .iter()
        .zip(&to[..to.len().saturating_sub(1)])
        .take_while(|(a, b)| a == b)
        .count();
    let mut link = "../".repeat(from.len() - common);
    link.push_str(&to[common..].join("/"));
    if link.contains([' ', '(', ')', '<', '>']) {
        format!("<{link}>")
    } else {
        link
    }
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
            Some("articles/billing/refunds.md"),
            "the same name: the first folder"
        );
        assert_eq!(
            suggester.suggest("articles/old/refund.md"),
            Some("articles/old/refunds.md"),
            "a typo: the folder of the missing path"
        );
    }

    #[test]
    fn unrelated_names_get_no_suggestion() {
        let paths = [
            "articles/calling/set-up-call-forwarding.md",
            "articles/billing/refunds.md",
            "articles/billing/pay-by-card.md",
            "articles/faults/raise-a-fault-ticket-kb02019.md",
            "articles/a.md",
        ];
        let mut suggester = PathSuggester::new(paths);
        for missing in [
            "articles/billing/invoices.md",
            "articles/calling/set-up-voicemail.md",
            "articles/calling/call-forwarding.md",
            "articles/b.md",
            "articles/billing/pay-by-cash.md",
            "articles/email/raise-a-fault-ticket-kb02021.md",
        ] {
            assert_eq!(suggester.suggest(missing), None, "{missing}");
        }
    }

    #[test]
    fn moves_and_case_changes_and_typos_are_suggested() {
        let paths = [
            "articles/calling/set-up-call-forwarding.md",
            "articles/billing/Refunds.md",
            "assets/images/screen.jpg",
            "assets/images/setup/Screen-1.png",
        ];
        let mut suggester = PathSuggester::new(paths);
        let cases = [
            (
                "articles/set-up-call-forwarding.md",
                "articles/calling/set-up-call-forwarding.md",
            ),
            (
                "articles/calling/set-up-call-fowarding.md",
                "articles/calling/set-up-call-forwarding.md",
            ),
            (
                "articles/calling/setup-call-forwardng.md",
                "articles/calling/set-up-call-forwarding.md",
            ),
            ("articles/billing/refunds.md", "articles/billing/Refunds.md"),
            ("articles/REFUND.MD", "articles/billing/Refunds.md"),
            ("assets/images/screen.png", "assets/images/screen.jpg"),
            (
                "assets/images/screen-1.png",
                "assets/images/setup/Screen-1.png",
            ),
        ];
        for (missing, expected) in cases {
            assert_eq!(suggester.suggest(missing), Some(expected), "{missing}");
        }
    }

    /// Thousands of broken links to thousands of different names cost index lookups, not a
    /// comparison of each name with every file: each lookup touches only stems sharing a
    /// trigram, and distance is computed for only the few sharing enough of them.
    #[test]
    fn a_lookup_compares_only_near_names() {
        let paths: Vec<String> = (0..5_000)
            .map(|n| format!("articles/c{}/topic-{n:05}-{}.md", n % 20, n * 7919 % 10007))
            .collect();
        let mut suggester = PathSuggester::new(paths.iter().map(String::as_str));
        for n in 0..1_000 {
            let moved = paths[n * 5].replace("/c", "/moved-c");
            assert_eq!(suggester.suggest(&moved), Some(paths[n * 5].as_str()));
            let typo = paths[n * 5 + 1].replace("topic", "topik");
            assert_eq!(suggester.suggest(&typo), Some(paths[n * 5 + 1].as_str()));
            assert_eq!(suggester.suggest(&format!("articles/gone-{n}.md")), None);
        }
        assert!(
            suggester.compared < 3_000 * 10,
            "{} distances for 3,000 lookups among 5,000 names",
            suggester.compared
        );
    }

    /// The trigram index only skips work: scanning every name finds the same suggestions.
    #[test]
    fn the_index_finds_what_a_scan_of_every_name_finds() {
        let words = [
            "set",
            "up",
            "call",
            "forwarding",
            "refund",
            "invoice",
            "wi-fi",
            "a",
            "kb12",
        ];
        let mut random = crate::check::testing::Random::new(7);
        let name = |random: &mut crate::check::testing::Random| {
            let parts: Vec<&str> = (0..1 + random.below(4))
                .map(|_| words[random.below(words.len())])
                .collect();
            parts.join("-")
        };
        let paths: Vec<String> = (0..400)
            .map(|n| format!("articles/c{}/{}.md", n % 7, name(&mut random)))
            .collect();
        let mut scanning = PathSuggester::new(paths.iter().map(String::as_str));
        scanning.linear_lookups = usize::MAX;
        let mut indexed = PathSuggester::new(paths.iter().map(String::as_str));
        indexed.linear_lookups = 0;
        let (mut suggested, mut tried) = (0, 0);
        for _ in 0..2_000 {
            let mut missing: Vec<char> = name(&mut random).chars().collect();
            for _ in 0..random.below(3) {
                let at = random.below(missing.len() + 1);
                match random.below(3) {
                    0 if at < missing.len() => drop(missing.remove(at)),
                    1 if at < missing.len() => missing[at] = 'x',
                    _ => missing.insert(at, 'e'),
                }
            }
            let missing = format!("articles/d/{}.md", missing.iter().collect::<String>());
            tried += 1;
            let expected = scanning.suggest(&missing);
            suggested += usize::from(expected.is_some());
            assert_eq!(indexed.suggest(&missing), expected, "{missing}");
        }
        assert!(indexed.index.is_some() && scanning.index.is_none());
        assert!(
            suggested * 4 > tried && suggested < tried,
            "{suggested} of {tried}"
        );
    }

    #[test]
    fn relative_links_from_nested_folders() {
        let link = relative_link;
        assert_eq!(
            link("articles/billing/refunds.md", "articles/calling/set-up.md"),
            "../calling/set-up.md"
        );
        assert_eq!(
            link("articles/billing/refunds.md", "articles/billing/fees.md"),
            "fees.md"
        );
        assert_eq!(
            link("articles/a.md", "articles/billing/deep/fees.md"),
            "billing/deep/fees.md"
        );
        assert_eq!(
            link("articles/a/b/c/d.md", "articles/e.md"),
            "../../../e.md"
        );
        assert_eq!(
            link("articles/a/b.md", "assets/images/x.png"),
            "../../assets/images/x.png"
        );
        assert_eq!(link("articles/a.md", "articles/my page.md"), "<my page.md>");
    }

    #[test]
    fn formats_the_help() {
        assert_eq!(
            did_you_mean("tags2", ["tags"]).as_deref(),
            Some("did you mean `tags`?")
        );
    }
}
