//! `kbpress new <TYPE> <TITLE> [--category PATH]`: an article from its type's template, with
//! the front matter filled in and the type's required sections as headings.

use std::path::Path;

use anyhow::Context as _;

use super::Cli;
use crate::check::placeholder_text::{SECTION, SUMMARY};
use crate::config::{SiteConfig, CONFIG_FILE};
use crate::slug::slugify;

pub fn run(
    cli: &Cli,
    cwd: &Path,
    article_type: &str,
    title: &str,
    category: Option<&str>,
) -> anyhow::Result<u8> {
    let root = crate::pipeline::find_root(cli.root.as_deref(), cwd)?;
    let config = SiteConfig::load(&root.join(CONFIG_FILE))?;
    let Some(declared) = config.types.get(article_type) else {
        let ids: Vec<&str> = config.types.keys().map(String::as_str).collect();
        let help = crate::suggest::did_you_mean(article_type, ids.iter().copied())
            .map(|help| format!("; {help}"))
            .unwrap_or_default();
        anyhow::bail!(
            "unknown article type `{article_type}`{help}\ntypes of this KB ([types] in site.toml): {}",
            ids.join(", ")
        );
    };
    let slug = slugify(title);
    if slug.is_empty() {
        anyhow::bail!("the title `{title}` has no letters or digits to make a file name from");
    }
    if crate::urls::is_windows_device(&slug) {
        anyhow::bail!("the title `{title}` would make the file name `{slug}.md`, which Windows reserves; add a word to the title");
    }
    let folder = match category {
        Some(category) => category_folder(category)?,
        None => crate::urls::ARTICLES_DIR.to_string(),
    };
    let path = root.join(&folder).join(format!("{slug}.md"));
    let today = crate::pipeline::today(None)?.to_string();
    let product = config
        .products
        .keys()
        .next()
        .map_or("TODO-product-id", String::as_str);
    let text = article_text(
        article_type,
        title,
        &declared.required_sections,
        product,
        &today,
    );
    std::fs::create_dir_all(root.join(&folder))
        .with_context(|| format!("cannot create {folder}"))?;
    // create_new: refuse to overwrite, even if the file appears between a check and the write.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| {
            format!(
                "cannot create {} (kbpress new never overwrites an article)",
                path.display()
            )
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    println!("{}", crate::load::relative(&root, &path));
    Ok(0)
}

/// `billing/refunds` -> `articles/billing/refunds`, refusing anything that leaves `articles/`.
fn category_folder(category: &str) -> anyhow::Result<String> {
    let segments: Vec<&str> = category
        .split(['/', '\\'])
        .filter(|s| !s.is_empty())
        .collect();
    if segments.is_empty()
        || segments
            .iter()
            .any(|s| *s == "." || *s == ".." || s.starts_with('.'))
    {
        anyhow::bail!("--category must be a folder path under articles/, like `billing` or `voice/forwarding`, not `{category}`");
    }
    Ok(format!(
        "{}/{}",
        crate::urls::ARTICLES_DIR,
        segments.join("/")
    ))
}

/// The text of a new article.
pub fn article_text(
    article_type: &str,
    title: &str,
    sections: &[String],
    product: &str,
    today: &str,
) -> String {
    let mut text = format!(
        "---\ntitle: {}\nsummary: {SUMMARY}\ntype: {article_type}\napplies_to: [{product}]\nreviewed: {today}\n---\n",
        crate::front_matter::quote(title)
    );
    for section in sections {
        text.push_str(&format!("\n## {section}\n\n{SECTION}\n"));
    }
    if sections.is_empty() {
        text.push_str(&format!("\n## Overview\n\n{SECTION}\n"));
    }
    text
}

/// One example article per type of the starter site.toml, for `kbpress init`.
pub fn examples(today: &str) -> Vec<(String, String)> {
    let folder = "articles/getting-started";
    let troubleshooting = article_text("troubleshooting", "Can't sign in to Example Cloud", &["Symptoms".into(), "Cause".into(), "Resolution".into()], "example-cloud", today)
        .replacen(SUMMARY, "What to check when sign-in fails.", 1)
        .replacen(SECTION, "The sign-in page says \"Invalid credentials\".", 1)
        .replacen(SECTION, "The password was changed or the account is locked.", 1)
        .replacen(SECTION, "1. Reset your password.\n2. If that fails, ask your [Account Admin](invite-a-user.md#steps) to unlock the account.", 1);
    let how_to = article_text(
        "how-to",
        "Invite a user",
        &["Before you start".into(), "Steps".into()],
        "example-cloud",
        today,
    )
    .replacen(SUMMARY, "Give a colleague access to Example Cloud.", 1)
    .replacen(SECTION, "You need the Account Admin role.", 1)
    .replacen(
        SECTION,
        "1. Open **Users**.\n2. Select **Invite**.\n3. Enter the email address.",
        1,
    )
    .replacen(
        "applies_to: [example-cloud]\n",
        "applies_to: [example-cloud]\nroles: [account-admin]\n",
        1,
    );
    let reference = article_text("reference", "Service limits", &[], "example-cloud", today)
        .replacen(SUMMARY, "The limits of each plan.", 1)
        .replacen(
            SECTION,
            "| Plan | Users |\n| --- | --- |\n| Basic | 10 |\n| Business | 500 |",
            1,
        );
    vec![
        (
            format!("{folder}/cant-sign-in-to-example-cloud.md"),
            troubleshooting,
        ),
        (format!("{folder}/invite-a-user.md"), how_to),
        (format!("{folder}/service-limits.md"), reference),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_articles_have_every_required_section_and_a_quoted_title() {
        let text = article_text(
            "troubleshooting",
            "Can't sign in: \"portal\"",
            &["Symptoms".into(), "Resolution".into()],
            "portal",
            "2026-11-26",
        );
        assert!(
            text.starts_with("---\ntitle: \"Can't sign in: \\\"portal\\\"\"\n"),
            "{text}"
        );
        assert!(text.contains("\n## Symptoms\n") && text.contains("\n## Resolution\n"));
        assert!(text.contains("reviewed: 2026-11-26\n"));
    }

    #[test]
    fn categories_stay_under_articles() {
        assert_eq!(
            category_folder("billing/refunds").unwrap(),
            "articles/billing/refunds"
        );
        for bad in ["../x", "a/../../b", "", ".hidden"] {
            assert!(category_folder(bad).is_err(), "{bad}");
        }
    }
}
