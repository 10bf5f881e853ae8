//! `kbpress translate <ARTICLE> <LANGUAGE>`: start a translation of an article beside it
//! (`refunds.md` -> `refunds.fr.md`), as a draft holding the source's title, summary and text to
//! translate in place, and the source review it matches (`source_reviewed`), so the
//! translation checks know from its first save what it was made from.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::Cli;
use crate::config::{SiteConfig, CONFIG_FILE};
use crate::front_matter::{self, Block};

pub fn run(cli: &Cli, cwd: &Path, article: &Path, language: &str) -> anyhow::Result<u8> {
    let root = crate::pipeline::find_root(cli.root.as_deref(), cwd)?;
    let config = SiteConfig::load(&root.join(CONFIG_FILE))?;
    if !config.languages.contains_key(language) {
        let codes: Vec<&str> = config.languages.keys().map(String::as_str).collect();
        let help = crate::suggest::did_you_mean(language, codes.iter().copied())
            .map(|help| format!("; {help}"))
            .unwrap_or_default();
        let declared = match codes.is_empty() {
            true => "site.toml declares none: add `[languages.CODE]` with a `name`".to_string(),
            false => format!(
                "the languages of this KB ([languages] in site.toml): {}",
                codes.join(", ")
            ),
        };
        anyhow::bail!("`{language}` is not a language of this KB{help}\n{declared}");
    }
    let source = source_path(&root, cwd, article, &config.languages)?;
    let bytes =
        std::fs::read(root.join(&source)).with_context(|| format!("cannot read {source}"))?;
    let text = crate::source::decode(bytes)
        .map_err(|_| anyhow::anyhow!("{source} is not UTF-8 text: run `kbpress check`"))?;
    let article = crate::load::parse_article(&source, text, &config.fields);
    let target = format!("{}.{language}.md", source.trim_end_matches(".md"));
    let text = translation_text(&article)?;
    // create_new: never overwrite a translation, even one that appears meanwhile.
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(root.join(&target));
    let mut file = match created {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => anyhow::bail!(
            "{target} exists (kbpress translate never overwrites a translation): update it, then set its `source_reviewed` to the source's `reviewed`"
        ),
        Err(e) => return Err(e).with_context(|| format!("cannot create {target}")),
    };
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("cannot write {target}"))?;
    println!("{target}");
    eprintln!(
        "a draft: translate its title, summary and text, then remove `draft: true` to publish it"
    );
    Ok(0)
}

/// The KB path of the article to translate, `ARTICLE` as given (relative to the current folder,
/// or to the KB root), refusing anything that is not an article of the KB.
fn source_path(
    root: &Path,
    cwd: &Path,
    article: &Path,
    languages: &std::collections::BTreeMap<String, crate::config::LanguageConfig>,
) -> anyhow::Result<String> {
    let candidates: [PathBuf; 2] = [cwd.join(article), root.join(article)];
    let found = candidates.iter().find(|path| path.is_file()).with_context(|| {
        format!(
            "no article at {} (give the path of the article to translate, like articles/billing/refunds.md)",
            article.display()
        )
    })?;
    let found = found
        .canonicalize()
        .with_context(|| format!("cannot read {}", found.display()))?;
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot read {}", root.display()))?;
    let relative = found
        .strip_prefix(&root)
        .ok()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.starts_with(&format!("{}/", crate::urls::ARTICLES_DIR)))
        .with_context(|| format!("{} is not under articles/ of this KB", article.display()))?;
    let name = relative.rsplit('/').next().unwrap_or(&relative);
    if !name.ends_with(".md") || name == "_index.md" {
        anyhow::bail!("{relative} is not an article (a Markdown file under articles/ other than a category's _index.md)");
    }
    let suffix = name
        .trim_end_matches(".md")
        .rsplit_once('.')
        .map(|(_, s)| s);
    if let Some(code) = suffix.filter(|code| languages.contains_key(*code)) {
        let source = relative.replace(&format!(".{code}.md"), ".md");
        anyhow::bail!(
            "{relative} is a translation (into `{code}`); translate its source, {source}"
        );
    }
    Ok(relative)
}

/// A draft translation of `source`: its title and summary (to translate), `source_reviewed`
/// set to its `reviewed`, and its body.
fn translation_text(source: &crate::site::Article) -> anyhow::Result<String> {
    let path = &source.path;
    let Block::Closed { body_start, .. } = source.block else {
        anyhow::bail!("{path} has no closed front matter (`---` ... `---`): run `kbpress check` and fix it first");
    };
    if let Some(error) = &source.yaml_error {
        anyhow::bail!(
            "{path}: its front matter is not valid YAML ({}): run `kbpress check` and fix it first",
            error.message
        );
    }
    let fields = &source.front_matter;
    let mut out = String::from("---\n");
    if let Some(title) = &fields.title {
        out.push_str(&format!("title: {}\n", front_matter::quote(&title.value)));
    }
    if let Some(summary) = &fields.summary {
        out.push_str(&format!(
            "summary: {}\n",
            front_matter::quote(&summary.value)
        ));
    }
    out.push_str("draft: true\n");
    // Without a `reviewed` there is no review to match yet (`missing-field` asks the source).
    if let Some(reviewed) = &fields.reviewed {
        out.push_str(&format!("source_reviewed: {}\n", reviewed.value));
    }
    out.push_str("---\n");
    out.push_str(&source.text[body_start..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translation_starts_as_a_draft_of_the_source_with_its_review() {
        let text = "---\ntitle: \"Refunds: \\\"fast\\\"\"\nsummary: How to ask.\ntype: how-to\napplies_to: [portal]\nreviewed: 2026-10-20\n---\n## Steps\n\nAsk.\n";
        let article = crate::load::parse_article(
            "articles/refunds.md",
            text.to_string(),
            &Default::default(),
        );
        assert_eq!(
            translation_text(&article).unwrap(),
            "---\ntitle: \"Refunds: \\\"fast\\\"\"\nsummary: \"How to ask.\"\ndraft: true\nsource_reviewed: 2026-10-20\n---\n## Steps\n\nAsk.\n"
        );
        let unclosed = crate::load::parse_article(
            "articles/x.md",
            "---\ntitle: X\n".into(),
            &Default::default(),
        );
        assert!(translation_text(&unclosed)
            .unwrap_err()
            .to_string()
            .contains("no closed front matter"));
    }
}
