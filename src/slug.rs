//! Slugs for URLs and ids for headings. Both are public URL contracts: changing either breaks
//! readers' bookmarks, so the tests below freeze them.

use unicode_normalization::UnicodeNormalization as _;

/// The URL slug of a file or folder name or a title: lowercase letters and digits (any script),
/// other characters become `-`, runs of `-` collapse, and `-` is trimmed from both ends.
/// Returns an empty string when nothing usable is left (e.g. a name of only emoji).
///
/// The name is read in Unicode normal form C first: macOS and some editors write `é` as `e` plus
/// a combining accent (NFD), and both spellings must give the same URL (and so collide).
pub fn slugify(name: &str) -> String {
    if name.is_ascii() {
        slugify_ascii(name)
    } else {
        slugify_chars(name.nfc())
    }
}

/// The rule of [`slugify`], char by char.
fn slugify_chars(chars: impl Iterator<Item = char>) -> String {
    let mut slug = String::new();
    for c in chars {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if c == '\'' || c == '’' {
            // "Can't" -> "cant", as writers expect.
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// [`slugify`] of ASCII text, byte by byte: every article's name and heading goes through
/// these, and the `char` loop with Unicode lowercasing was 5% of a check. (ASCII is always in
/// normal form C, so it needs no normalising either.)
fn slugify_ascii(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() {
            slug.push(byte.to_ascii_lowercase() as char);
        } else if byte != b'\'' && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// A GitHub-style heading id: lowercase, spaces become `-`, punctuation other than `-` and `_`
/// is removed (so ids match what writers see on GitHub). Not deduplicated: see [`HeadingIds`].
pub fn heading_id(text: &str) -> String {
    let text = text.trim();
    if text.is_ascii() {
        heading_id_ascii(text)
    } else {
        heading_id_chars(text.nfc())
    }
}

/// The rule of [`heading_id`], char by char.
fn heading_id_chars(chars: impl Iterator<Item = char>) -> String {
    let mut id = String::new();
    for c in chars {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            id.extend(c.to_lowercase());
        } else if c == ' ' {
            id.push('-');
        }
    }
    id
}

/// [`heading_id`] of ASCII text, byte by byte (see [`slugify_ascii`]).
fn heading_id_ascii(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            id.push(byte.to_ascii_lowercase() as char);
        } else if byte == b' ' {
            id.push('-');
        }
    }
    id
}

/// Hands out unique heading ids within one article: the second "Steps" becomes `steps-1`.
#[derive(Debug, Default)]
pub struct HeadingIds {
    used: std::collections::HashSet<String>,
    /// For each base id, the suffix to try next: ids are only ever added, so the first free
    /// suffix never goes down, and 100,000 "Steps" headings stay linear instead of quadratic.
    next_suffix: std::collections::HashMap<String, usize>,
}

impl HeadingIds {
    /// Reserves an explicit `{#id}` as written.
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// A unique id for a heading with this text.
    pub fn unique(&mut self, text: &str) -> String {
        let base = heading_id(text);
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-wise ASCII paths give what the general `char` paths give.
    #[test]
    fn ascii_fast_paths_agree_with_the_general_rules() {
        let mut random = crate::check::testing::Random::new(0x853c_49e6_748f_ea9b);
        for _ in 0..5_000 {
            let length = random.below(24);
            let text: String = (0..length)
                .map(|_| char::from(random.below(128) as u8))
                .collect();
            assert_eq!(slugify(&text), slugify_chars(text.chars()), "{text:?}");
            let trimmed = text.trim();
            assert_eq!(
                heading_id(&text),
                heading_id_chars(trimmed.chars()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn slugs_are_frozen() {
        let cases = [
            ("cant-access-support-portal", "cant-access-support-portal"),
            (
                "Can't sign in to the Support Portal",
                "cant-sign-in-to-the-support-portal",
            ),
            ("  Call   Forwarding (Beta)!  ", "call-forwarding-beta"),
            ("Überweisung_ändern", "überweisung-ändern"),
            ("📞 Phones 📞", "phones"),
            ("🎉", ""),
            ("إعادة تعيين", "إعادة-تعيين"),
            ("../../etc/passwd", "etc-passwd"),
            ("CON", "con"),
        ];
        for (name, slug) in cases {
            assert_eq!(slugify(name), slug, "slug of {name:?}");
        }
    }

    #[test]
    fn nfc_and_nfd_spellings_give_the_same_slug_and_id() {
        assert_eq!(slugify("cafe\u{301}"), slugify("caf\u{e9}"));
        assert_eq!(slugify("U\u{308}berweisung"), "\u{fc}berweisung");
        assert_eq!(heading_id("Di\u{301}a de pago"), "d\u{ed}a-de-pago");
    }

    #[test]
    fn heading_ids_are_frozen() {
        let cases = [
            ("Before you start", "before-you-start"),
            ("If you can't sign in", "if-you-cant-sign-in"),
            ("Step 2: Assign the role", "step-2-assign-the-role"),
            ("snake_case and kebab-case", "snake_case-and-kebab-case"),
            ("Día de pago", "día-de-pago"),
            ("C++ & C#", "c--c"),
        ];
        for (text, id) in cases {
            assert_eq!(heading_id(text), id, "id of {text:?}");
        }
    }

    #[test]
    fn duplicate_headings_get_numbered_ids() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.unique("Steps"), "steps");
        assert_eq!(ids.unique("Steps"), "steps-1");
        assert_eq!(ids.unique("Steps"), "steps-2");
    }

    #[test]
    fn many_duplicate_headings_stay_fast_and_skip_taken_ids() {
        let mut ids = HeadingIds::default();
        ids.reserve("steps-2");
        assert_eq!(ids.unique("Steps"), "steps");
        assert_eq!(ids.unique("Steps"), "steps-1");
        assert_eq!(ids.unique("Steps"), "steps-3");
        assert_eq!(ids.unique("Steps 1"), "steps-1-1");
        let start = std::time::Instant::now();
        for _ in 0..50_000 {
            ids.unique("Steps");
        }
        assert_eq!(ids.unique("Steps"), "steps-50004");
        // Quadratic, this took minutes; linear, it is milliseconds even unoptimised.
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn explicit_ids_are_not_reused() {
        let mut ids = HeadingIds::default();
        ids.reserve("steps");
        assert_eq!(ids.unique("Steps"), "steps-1");
        assert_eq!(ids.unique("!!!"), "section");
    }
}
