//! Slugs for URLs and ids for headings. Both are public URL contracts: changing either breaks
//! readers' bookmarks, so the tests below freeze them.

/// The URL slug of a file or folder name or a title: lowercase letters and digits (any script),
/// other characters become `-`, runs of `-` collapse, and `-` is trimmed from both ends.
/// Returns an empty string when nothing usable is left (e.g. a name of only emoji).
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
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

/// A GitHub-style heading id: lowercase, spaces become `-`, punctuation other than `-` and `_`
/// is removed (so ids match what writers see on GitHub). Not deduplicated: see [`HeadingIds`].
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            id.extend(c.to_lowercase());
        } else if c == ' ' {
            id.push('-');
        }
    }
    id
}

/// Hands out unique heading ids within one article: the second "Steps" becomes `steps-1`.
#[derive(Debug, Default)]
pub struct HeadingIds {
    used: std::collections::HashSet<String>,
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
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .expect("an unbounded range always yields a free id")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn explicit_ids_are_not_reused() {
        let mut ids = HeadingIds::default();
        ids.reserve("steps");
        assert_eq!(ids.unique("Steps"), "steps-1");
        assert_eq!(ids.unique("!!!"), "section");
    }
}
