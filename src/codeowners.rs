//! The CODEOWNERS rules of `kbpress codeowners`: which review handle must approve a change to
//! each article, from `owner` in front matter and `[owners]` in site.toml, in GitHub's syntax
//! (<https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners>).
//!
//! The rules are a block between two marker lines, so a CODEOWNERS file can keep rules of its
//! own around it: [`merge`] replaces the block (or appends it), and the CLI's `--check` compares.
//! The block goes last in a new file: in CODEOWNERS the last matching pattern wins, so the
//! articles' rules override broader ones written above them.

use crate::site::Site;

pub const BEGIN: &str =
    "# BEGIN kbpress codeowners: generated from site.toml [owners] and `owner:` in front matter";
pub const END: &str = "# END kbpress codeowners";

/// The block for `site`, whose root is `prefix` inside the repository (`""` at its root, else
/// `docs/kb/`): a rule for the articles folder when a default owner has a handle (new articles
/// are then covered before anyone names their owner), then one rule per article whose owner is
/// declared, sorted by path. An article whose owner has no handle gets a rule without owners,
/// so the default owner's rule does not claim it. Articles with an undeclared owner
/// (`unknown-owner`) are left out.
pub fn block(site: &Site, prefix: &str) -> String {
    let config = &site.config;
    let mut text = format!("{BEGIN}\n# Regenerate with `kbpress codeowners --write`; check with `kbpress codeowners --check`.\n");
    let default = config.owners.values().find(|owner| owner.default);
    if let Some(handle) = default.and_then(|owner| owner.handle.as_deref()) {
        text.push_str(&format!(
            "/{}{}/ {handle}\n",
            escape(prefix),
            crate::urls::ARTICLES_DIR
        ));
    }
    for article in &site.articles {
        // A name with a line break would write a rule of its own (`* @someone`). The walk
        // already refuses such names (`unpublishable-name`); this keeps it so if that changes.
        if article.path.chars().any(char::is_control) {
            continue;
        }
        // Drafts, scheduled, expired and superseded articles keep their rule: a change to
        // any of them still needs its owner.
        let Some(owner) = article.owner(config) else {
            continue;
        };
        let Some(declared) = config.owners.get(owner) else {
            continue;
        };
        let path = format!("/{}", escape(&format!("{prefix}{}", article.path)));
        match declared.handle.as_deref() {
            Some(handle) => text.push_str(&format!("{path} {handle}\n")),
            None if default.is_some() => text.push_str(&format!("{path}\n")),
            None => {}
        }
    }
    text.push_str(END);
    text.push('\n');
    text
}

/// A path as a CODEOWNERS pattern that matches only itself: the characters the gitignore-like
/// syntax gives a meaning (space splits owners, `#` starts a comment, `*?[` are wildcards,
/// `\` escapes) are escaped with `\`.
fn escape(path: &str) -> String {
    let mut escaped = String::with_capacity(path.len());
    for c in path.chars() {
        if matches!(c, ' ' | '#' | '*' | '?' | '[' | ']' | '\\' | '!') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// `existing` (a CODEOWNERS file's text, or `""`) with its kbpress block replaced by `block`,
/// or `block` appended when it has none: the rules around it are kept as written.
pub fn merge(existing: &str, block: &str) -> String {
    if let Some(start) = existing.find(BEGIN) {
        let after = existing[start..]
            .find(END)
            .map(|end| start + end + END.len())
            .map(|end| end + usize::from(existing[end..].starts_with('\n')))
            .unwrap_or(existing.len());
        return format!("{}{block}{}", &existing[..start], &existing[after..]);
    }
    if existing.is_empty() {
        return block.to_string();
    }
    let separator = if existing.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    format!("{existing}{separator}{block}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::*;

    fn owned(owner: &str) -> String {
        article("## Steps\n").replace("reviewed:", &format!("owner: {owner}\nreviewed:"))
    }

    const OWNERS: &str = "[owners.voice-docs]\nname = \"Voice docs\"\nhandle = \"@acme/voice-docs\"\n[owners.billing]\nname = \"Billing\"\nhandle = \"billing@example.com\"\n[owners.legal]\nname = \"Legal\"\n";

    #[test]
    fn one_rule_per_owned_article_with_its_owners_handle() {
        let site = kb_with_config(
            OWNERS,
            &[
                ("articles/voice/forward calls.md", &owned("voice-docs")),
                ("articles/billing/refunds.md", &owned("billing")),
                ("articles/billing/terms.md", &owned("legal")),
                ("articles/billing/typo.md", &owned("biling")),
                ("articles/free.md", &article("## Steps\n")),
            ],
        );
        assert_eq!(
            block(&site, "docs/kb/"),
            format!(
                "{BEGIN}\n# Regenerate with `kbpress codeowners --write`; check with `kbpress codeowners --check`.\n\
                 /docs/kb/articles/billing/refunds.md billing@example.com\n\
                 /docs/kb/articles/voice/forward\\ calls.md @acme/voice-docs\n\
                 {END}\n"
            )
        );
    }

    #[test]
    fn a_default_owner_claims_the_folder_and_owners_without_handles_opt_out() {
        let config = format!(
            "{OWNERS}[owners.docs]\nname = \"Docs\"\nhandle = \"@acme/docs\"\ndefault = true\n"
        );
        let site = kb_with_config(
            &config,
            &[
                ("articles/a.md", &owned("legal")),
                ("articles/b.md", &article("## Steps\n")),
                ("articles/c.md", &owned("voice-docs")),
            ],
        );
        let rules: Vec<String> = block(&site, "")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .map(str::to_string)
            .collect();
        assert_eq!(
            rules,
            [
                "/articles/ @acme/docs",
                "/articles/a.md",
                "/articles/b.md @acme/docs",
                "/articles/c.md @acme/voice-docs"
            ]
        );
    }

    #[test]
    fn merging_replaces_the_block_and_keeps_the_rules_around_it() {
        let block = format!("{BEGIN}\n/articles/a.md @new\n{END}\n");
        assert_eq!(merge("", &block), block);
        assert_eq!(
            merge("* @acme/admins", &block),
            format!("* @acme/admins\n\n{block}")
        );
        let old = format!(
            "* @acme/admins\n{BEGIN}\n/articles/a.md @old\n{END}\n/site.toml @acme/leads\n"
        );
        assert_eq!(
            merge(&old, &block),
            format!("* @acme/admins\n{block}/site.toml @acme/leads\n")
        );
        assert_eq!(merge(&merge(&old, &block), &block), merge(&old, &block));
    }
}
