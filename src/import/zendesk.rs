//! Zendesk Guide (Help Center): the JSON the Help Center API returns, saved as files, -> a KB.
//!
//! SOURCE holds the API's list responses: `categories.json` (`{"categories": [...]}`),
//! `sections.json`, `articles.json`, each possibly in pages (`articles-2.json`, ... or a folder
//! `articles/` of pages), and optionally `user_segments.json`, `article_attachments.json` with
//! the files under `attachments/<article_id>/<file_name>`, and `translations/` (pages of
//! `{"translations": [...]}`). Categories and sections become folders (`_index.md` with their
//! name and description), articles Markdown files (`html_to_markdown.rs`), attachments assets,
//! Help Center links relative links (`urls.rs`). The files are read as data in `export.rs`.
//! Only the source locale is imported: other translations are listed in the report.

mod export;
mod html_to_markdown;
mod urls;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use anyhow::bail;

use super::front_matter::{self, Kept, Kind};
use super::report::Report;
use super::site_config::{display_name, SiteToml};
use super::{Import, Mapping, Options, Tally};
use export::{list, list_folder, Article, Attachment, Category, Section, Translation, UserSegment};
use html_to_markdown::Event;
use urls::{help_center_url, host_and_path, relative, HelpCenterUrl};

/// A file or folder name from a title: slugified, `-ID` added when another took it.
fn unique_name(title: &str, id: u64, taken: &mut BTreeSet<String>) -> String {
    let mut name = crate::slug::slugify(title);
    if name.is_empty() || !crate::config::is_identifier(&name) {
        name = id.to_string();
    }
    if !taken.insert(name.clone()) {
        name = format!("{name}-{id}");
        taken.insert(name.clone());
    }
    name
}

/// The line (1-based) of byte `offset` of `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn nth_line_of(text: &str, needle: &str, nth: usize) -> usize {
    let lower = text.to_ascii_lowercase();
    lower
        .match_indices(needle)
        .nth(nth)
        .map_or(1, |(at, _)| line_at(text, at))
}

/// Where a Help Center URL's target went: article id -> file, attachment id -> (article id,
/// file name), section and category id -> folder.
struct Targets {
    article_paths: BTreeMap<u64, String>,
    attachment_by_id: BTreeMap<u64, (u64, String)>,
    section_folders: BTreeMap<u64, String>,
    category_folders: BTreeMap<u64, String>,
}

/// What converting one article needs from the whole export.
struct Site<'a> {
    options: &'a Options,
    /// The Help Center's host, which absolute links to it name.
    host: Option<String>,
    targets: Arc<Targets>,
    /// The assets copied.
    copied: &'a BTreeSet<String>,
    /// User segment id -> (audience id, name).
    audiences: &'a BTreeMap<u64, (String, String)>,
    default_product: &'a str,
}

/// A converted article, before the custom fields' types are known.
struct Page {
    path: String,
    /// `articles.json#ID`, for messages.
    source: String,
    front: front_matter::Article,
    audience: Vec<String>,
    aliases: Vec<String>,
    draft: bool,
    body: String,
}

pub fn import(options: &Options) -> anyhow::Result<Import> {
    let root = &options.source;
    if !root.join("articles.json").is_file() && !root.join("articles").is_dir() {
        bail!(
            "{}: no articles.json (or articles/ of pages): a Zendesk export holds the Help Center \
             API's list responses (see README, \"Importing from Zendesk\")",
            root.display()
        );
    }
    let mut tally = Tally::default();
    let mut report = Report {
        format: "zendesk".into(),
        ..Report::default()
    };
    let categories: Vec<(String, Category)> = list(root, "categories", &mut tally)?;
    let sections: Vec<(String, Section)> = list(root, "sections", &mut tally)?;
    let articles: Vec<(String, Article)> = list(root, "articles", &mut tally)?;
    let segments: Vec<(String, UserSegment)> = list(root, "user_segments", &mut tally)?;
    let attachments: Vec<(String, Attachment)> = list(root, "article_attachments", &mut tally)?;
    let translations: Vec<(String, Translation)> = if root.join("translations").is_dir() {
        list_folder(root, "translations", &mut tally)?
    } else {
        Vec::new()
    };

    // The Help Center's host: old links name it, aliases keep them working there.
    let host: Option<String> = articles
        .iter()
        .filter_map(|(_, a)| a.html_url.as_deref())
        .chain(categories.iter().filter_map(|(_, c)| c.html_url.as_deref()))
        .find_map(|url| host_and_path(url).map(|(host, _)| host.to_string()));
    let site_name = match &host {
        Some(host) => {
            let first = host.split('.').next().unwrap_or(host);
            format!("{} Help Center", display_name(first))
        }
        None => "Help Center".to_string(),
    };
    let default_product = options.default_product.clone().unwrap_or_else(|| {
        let id = host
            .as_deref()
            .and_then(|h| h.split('.').next())
            .map(crate::slug::slugify)
            .unwrap_or_default();
        if crate::config::is_identifier(&id) {
            id
        } else {
            "help-center".into()
        }
    });

    // The source locale: the one most articles say their source is.
    let mut locale_counts: BTreeMap<String, usize> = BTreeMap::new();
    for (_, article) in &articles {
        if let Some(locale) = article.source_locale.as_ref().or(article.locale.as_ref()) {
            *locale_counts.entry(locale.to_lowercase()).or_default() += 1;
        }
    }
    let source_locale = locale_counts
        .iter()
        .max_by_key(|(locale, count)| (**count, std::cmp::Reverse((*locale).clone())))
        .map(|(locale, _)| locale.clone());

    // Folders: category/section(/subsection).
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let (category_folders, section_folders) =
        folders(&categories, &sections, &mut files, &mut tally);

    // Audiences: one per user segment; staff segments are internal, and so are signed-in ones
    // (kbpress has no sign-in: what Zendesk showed only to signed-in users must not land in the
    // public build unless someone decides so).
    let mut audiences: BTreeMap<u64, (String, String)> = BTreeMap::new();
    let mut audience_ids = BTreeSet::from(["readers".to_string()]);
    for (_, segment) in &segments {
        let id = unique_name(&segment.name, segment.id, &mut audience_ids);
        report.notes.push(format!(
            "user segment {} \"{}\" ({}) -> internal audience `{id}`",
            segment.id,
            segment.name,
            if segment.user_type.is_empty() {
                "no user_type"
            } else {
                &segment.user_type
            }
        ));
        audiences.insert(segment.id, (id, segment.name.clone()));
    }

    // Articles of the source locale; their files.
    let mut chosen: Vec<(&String, &Article)> = Vec::new();
    for (file, article) in &articles {
        let locale = article.locale.as_deref().map(str::to_lowercase);
        if locale.is_some() && source_locale.is_some() && locale != source_locale {
            tally.skip(
                &format!("{file}#{}", article.id),
                0,
                "translation",
                &article.title,
                &format!(
                    "not imported: locale {}; only the source locale ({}) is imported",
                    locale.unwrap_or_default(),
                    source_locale.clone().unwrap_or_default()
                ),
            );
            continue;
        }
        chosen.push((file, article));
    }
    for (file, translation) in &translations {
        if Some(translation.locale.to_lowercase()) != source_locale {
            tally.skip(
                &format!("{file}#{}", translation.source_id),
                0,
                "translation",
                &format!("{}: {}", translation.locale, translation.title),
                "not imported: only the source locale is imported (translations are not supported yet)",
            );
        }
    }
    let mut article_paths: BTreeMap<u64, String> = BTreeMap::new();
    let mut taken_files: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, article) in &chosen {
        let folder = match article.section_id.and_then(|s| section_folders.get(&s)) {
            Some(folder) => folder.clone(),
            None => {
                tally.skip(
                    &format!("{file}#{}", article.id),
                    0,
                    "article section",
                    &article.title,
                    "placed at the top of articles/: its section is not in the export",
                );
                String::new()
            }
        };
        let name = unique_name(
            &article.title,
            article.id,
            taken_files.entry(folder.clone()).or_default(),
        );
        let path = if folder.is_empty() {
            format!("articles/{name}.md")
        } else {
            format!("articles/{folder}/{name}.md")
        };
        article_paths.insert(article.id, path);
    }

    // Attachments: `assets/<article id>/<file name>`.
    let attachment_by_id: BTreeMap<u64, &Attachment> =
        attachments.iter().map(|(_, a)| (a.id, a)).collect();
    let mut copied: BTreeSet<String> = BTreeSet::new();
    for (file, attachment) in &attachments {
        let name = attachment.file_name.as_str();
        let source = format!("attachments/{}/{name}", attachment.article_id);
        let safe = crate::urls::is_safe_output_path(name) && !name.contains('/');
        if !safe {
            tally.skip(
                &format!("{file}#{}", attachment.id),
                0,
                "attachment",
                name,
                "not copied: the file name is not a safe file name",
            );
            continue;
        }
        // A symlink could name any file of the machine: only plain files are copied.
        let plain = std::fs::symlink_metadata(root.join(&source)).is_ok_and(|m| m.is_file());
        let read = if plain {
            std::fs::read(root.join(&source))
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        };
        match read {
            Ok(bytes) => {
                files.insert(format!("assets/{}/{name}", attachment.article_id), bytes);
                copied.insert(format!("assets/{}/{name}", attachment.article_id));
            }
            Err(_) => tally.skip(
                &format!("{file}#{}", attachment.id),
                0,
                "attachment",
                name,
                &format!("not copied: {source} is not a file of the export"),
            ),
        }
    }
    report.files_copied = copied.len();

    // Bodies. What their links may name, shared by every article's resolver (a copy per
    // article would make the import quadratic).
    let targets = Arc::new(Targets {
        article_paths: article_paths.clone(),
        attachment_by_id: attachment_by_id
            .iter()
            .map(|(id, a)| (*id, (a.article_id, a.file_name.clone())))
            .collect(),
        section_folders: section_folders.clone(),
        category_folders: category_folders.clone(),
    });
    let site = Site {
        options,
        host: host.clone(),
        targets,
        copied: &copied,
        audiences: &audiences,
        default_product: &default_product,
    };
    let pages: Vec<Page> = chosen
        .iter()
        .map(|(file, article)| convert_article(file, article, &site, &mut tally))
        .collect();
    let missing_dates: Vec<&str> = pages
        .iter()
        .filter(|page| page.front.reviewed.is_none())
        .map(|page| page.source.as_str())
        .collect();
    if !missing_dates.is_empty() {
        bail!(
            "{} article{} have no edited_at or updated_at date (the first: {}): pass --reviewed \
             YYYY-MM-DD, the date to give them",
            missing_dates.len(),
            if missing_dates.len() == 1 { "" } else { "s" },
            missing_dates[0]
        );
    }

    // Vocabularies and fields.
    let mut declared: BTreeMap<String, Kind> = BTreeMap::new();
    let mut types = BTreeSet::new();
    let mut products = BTreeMap::new();
    for page in &pages {
        for (name, value) in &page.front.custom {
            let kind = Kind::of(value);
            declared
                .entry(name.clone())
                .and_modify(|k| *k = k.merge(kind))
                .or_insert(kind);
        }
        types.insert(page.front.article_type.clone());
        for product in &page.front.applies_to {
            let name = if *product == default_product && options.default_product.is_none() {
                site_name.clone()
            } else {
                display_name(product)
            };
            products.insert(product.clone(), name);
        }
    }
    let staff_needed = pages
        .iter()
        .any(|p| p.audience.iter().any(|a| a == "staff"));
    for page in &pages {
        let text = write_article(page, &declared);
        files.insert(page.path.clone(), text.into_bytes());
    }

    let base_url = match &host {
        Some(host) => {
            report.notes.push(format!(
                "base_url: https://{host}/, the Help Center's host, so that its old article URLs \
                 (aliases) redirect when the KB is served there; change it to where you publish"
            ));
            format!("https://{host}/")
        }
        None => {
            report.notes.push(
                "base_url: no html_url in the export, so site.toml has the placeholder that \
                 `kbpress check` warns about until you set it"
                    .into(),
            );
            crate::config::PLACEHOLDER_BASE_URL.to_string()
        }
    };
    report.notes.push(format!(
        "locale: {} imported; other locales are listed below as not converted",
        source_locale.as_deref().unwrap_or("(none named)")
    ));
    report.notes.push(format!(
        "reviewed: edited_at (the last edit of the text), else updated_at{}",
        options
            .reviewed
            .map(|d| format!(", else --reviewed ({d})"))
            .unwrap_or_default()
    ));
    report.notes.push(format!(
        "type: `{}` unless the mapping file names the folder; applies_to: `{}` unless it (or a \
         label in [tag_products]) does",
        options.default_type, default_product
    ));
    report.notes.push(
        "summary: the body's first sentence, else the title; title: the article's title".into(),
    );
    report.notes.push(
        "kept as custom fields: zendesk_id (to trace an article back, and the ids support \
         tickets cite), zendesk_position (the manual order in its section), zendesk_promoted \
         (featured articles), zendesk_vote_sum and zendesk_vote_count (readers' votes, to \
         rank the review); dropped: author_id and permission_group_id (ids of Zendesk users and \
         groups; set `owner` instead), comments_disabled (no comments in kbpress), \
         content_tag_ids (ids without their names), outdated (deprecated, always false), url \
         (the API's)"
            .into(),
    );
    report.notes.push(
        "audiences: one per user segment, internal (never in the public build), signed-in \
         segments too since kbpress has no sign-in: set `internal = false` in site.toml for a \
         segment whose articles may be public; articles without a segment are for everyone"
            .into(),
    );
    report
        .notes
        .push("tags: label_names (tags need no declaration in site.toml)".into());

    let empty = BTreeMap::new();
    let site = SiteToml {
        title: &site_name,
        description: None,
        base_url: &base_url,
        products: &products,
        types: &types,
        fields: &declared,
        variables: &empty,
        languages: &[],
        language: None,
    };
    let mut site_toml = site.render();
    let mut declared_audiences: BTreeMap<String, String> = audiences.values().cloned().collect();
    if staff_needed && !declared_audiences.contains_key("staff") {
        declared_audiences.insert("staff".into(), "Staff".into());
    }
    for (id, name) in &declared_audiences {
        site_toml.push_str(&format!(
            "\n[audiences.{id}]\nname = {}\ninternal = true\n",
            toml::Value::String(name.clone())
        ));
    }
    files.insert("site.toml".into(), site_toml.into_bytes());

    tally.not_converted.sort();
    report.articles = pages.len();
    report.converted = tally.converted;
    report.not_converted = tally.not_converted;
    report.fields = declared
        .iter()
        .map(|(name, kind)| (name.clone(), kind.name().to_string()))
        .collect();
    files.insert("IMPORT.md".into(), report.markdown().into_bytes());
    Ok(Import { files, report })
}

/// The Markdown with each `{{` outside code escaped (`\{{`): Zendesk shows `{{dc.name}}`
/// (dynamic content) and other braces as its own placeholders or as text, where kbpress would
/// read a variable or an include. Lines of raw HTML are left alone (kbpress reads no variable
/// there).
fn literal_braces(markdown: &str) -> String {
    if !markdown.contains("{{") {
        return markdown.to_string();
    }
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut fence: Option<String> = None;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        if let Some(open) = &fence {
            if marker.len() >= open.len() && marker.starts_with(&open[..1]) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if marker.len() >= 3 {
            fence = Some(marker);
            out.push_str(line);
            continue;
        }
        if trimmed.starts_with('<') {
            out.push_str(line);
            continue;
        }
        out.push_str(&outside_code_spans(line, |text| text.replace("{{", "\\{{")));
    }
    out
}

/// `line` with `change` applied to the text outside code spans (a run of backticks to the
/// next run of the same length).
fn outside_code_spans(line: &str, change: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let run = rest[start..].chars().take_while(|&c| c == '`').count();
        let after = &rest[start + run..];
        let closing = "`".repeat(run);
        let end = after.match_indices(&closing).find(|(at, _)| {
            !after[at + run..].starts_with('`') && (*at == 0 || !after[..*at].ends_with('`'))
        });
        let Some((end, _)) = end else {
            break;
        };
        out.push_str(&change(&rest[..start]));
        out.push_str(&rest[start..start + run + end + run]);
        rest = &after[end + run..];
    }
    out.push_str(&change(rest));
    out
}

/// A first sentence as front matter text: Markdown's backslash escapes (`5\_6`) and hard
/// line breaks (a `\` at a line's end) are no text there.
fn plain_summary(sentence: &str) -> String {
    let mut out = String::with_capacity(sentence.len());
    let mut chars = sentence.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(next)) if next.is_ascii_punctuation() => {
                out.push(*next);
                chars.next();
            }
            ('\\', Some(' ') | None) => {}
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `_index.md` of a category or section folder.
fn index_file(name: &str, description: Option<&str>) -> Vec<u8> {
    let mut text = format!("---\ntitle: {}\n", json_string(name.trim()));
    if let Some(description) = description.map(str::trim).filter(|d| !d.is_empty()) {
        let description = description.split_whitespace().collect::<Vec<_>>().join(" ");
        text.push_str(&format!("summary: {}\n", json_string(&description)));
    }
    text.push_str("---\n");
    text.into_bytes()
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// The article's file: the shared front matter, with `audience`, `aliases` and `draft` added
/// before its end.
fn write_article(page: &Page, declared: &BTreeMap<String, Kind>) -> String {
    let front = front_matter::write(&page.front, declared);
    let mut extra = String::new();
    if !page.audience.is_empty() {
        extra.push_str(&format!("audience: [{}]\n", page.audience.join(", ")));
    }
    if !page.aliases.is_empty() {
        let quoted: Vec<String> = page.aliases.iter().map(|a| json_string(a)).collect();
        extra.push_str(&format!("aliases: [{}]\n", quoted.join(", ")));
    }
    if page.draft {
        extra.push_str("draft: true\n");
    }
    let front = match front.strip_suffix("---\n") {
        Some(head) => format!("{head}{extra}---\n"),
        None => front,
    };
    format!("{front}{}", page.body)
}

/// The folders of categories and sections (a section in its parent section's folder), each
/// with an `_index.md`: category id -> folder, section id -> folder.
type Folders = (BTreeMap<u64, String>, BTreeMap<u64, String>);

fn folders(
    categories: &[(String, Category)],
    sections: &[(String, Section)],
    files: &mut BTreeMap<String, Vec<u8>>,
    tally: &mut Tally,
) -> Folders {
    let mut taken = BTreeSet::new();
    let mut category_folders: BTreeMap<u64, String> = BTreeMap::new();
    for (_, category) in categories {
        let folder = unique_name(&category.name, category.id, &mut taken);
        files.insert(
            format!("articles/{folder}/_index.md"),
            index_file(&category.name, category.description.as_deref()),
        );
        tally.count("category -> folder with _index.md");
        category_folders.insert(category.id, folder);
    }
    let section_by_id: BTreeMap<u64, &Section> = sections.iter().map(|(_, s)| (s.id, s)).collect();
    let mut section_folders: BTreeMap<u64, String> = BTreeMap::new();
    let mut taken_in: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, section) in sections {
        // Parents first: walk up to a category, at most as deep as there are sections.
        let mut chain = vec![section.id];
        let mut current = section;
        while let Some(parent) = current
            .parent_section_id
            .and_then(|id| section_by_id.get(&id))
        {
            if chain.contains(&parent.id) || chain.len() > sections.len() {
                break;
            }
            chain.push(parent.id);
            current = parent;
        }
        for id in chain.into_iter().rev() {
            if section_folders.contains_key(&id) {
                continue;
            }
            let section = section_by_id[&id];
            let parent = match section
                .parent_section_id
                .and_then(|p| section_folders.get(&p))
            {
                Some(folder) => folder.clone(),
                None => match section.category_id.and_then(|c| category_folders.get(&c)) {
                    Some(folder) => folder.clone(),
                    None => {
                        tally.skip(
                            &format!("{file}#{id}"),
                            0,
                            "section",
                            &section.name,
                            "placed at the top: its category is not in the export",
                        );
                        String::new()
                    }
                },
            };
            let name = unique_name(
                &section.name,
                id,
                taken_in.entry(parent.clone()).or_default(),
            );
            let folder = if parent.is_empty() {
                name
            } else {
                format!("{parent}/{name}")
            };
            files.insert(
                format!("articles/{folder}/_index.md"),
                index_file(&section.name, section.description.as_deref()),
            );
            tally.count("section -> folder with _index.md");
            section_folders.insert(id, folder);
        }
    }
    for (file, category) in categories {
        if let Some(url) = &category.html_url {
            tally.skip(
                &format!("{file}#{}", category.id),
                0,
                "category URL",
                url,
                "no redirect: kbpress keeps old URLs (aliases) for articles only",
            );
        }
    }
    for (file, section) in sections {
        if let Some(url) = &section.html_url {
            tally.skip(
                &format!("{file}#{}", section.id),
                0,
                "section URL",
                url,
                "no redirect: kbpress keeps old URLs (aliases) for articles only",
            );
        }
    }
    (category_folders, section_folders)
}

/// One article converted: its body (with the report of what did not convert), its front matter.
fn convert_article(file: &str, article: &Article, site: &Site, tally: &mut Tally) -> Page {
    let options = site.options;
    let path = site.targets.article_paths[&article.id].clone();
    let shown = format!("{file}#{}", article.id);
    let body = article.body.clone().unwrap_or_default();
    let resolve: html_to_markdown::Resolve = {
        let host = site.host.clone();
        let targets = site.targets.clone();
        let path = path.clone();
        let article_id = article.id;
        Arc::new(move |url: &str| {
            let Targets {
                article_paths,
                attachment_by_id,
                section_folders,
                category_folders,
            } = &*targets;
            let url = url.trim();
            if crate::markdown::raw_html::removed_scheme(url).is_some() {
                return None;
            }
            match help_center_url(url, host.as_deref()) {
                Some((HelpCenterUrl::Article(id), fragment)) => match article_paths.get(&id) {
                    // A link to the article itself: its anchor alone.
                    Some(_) if id == article_id && !fragment.is_empty() => Some(fragment),
                    Some(target) => Some(relative(&path, target) + &fragment),
                    None => Some(url.to_string()),
                },
                Some((HelpCenterUrl::Attachment(id, name), _)) => {
                    let (owner, name) = match attachment_by_id.get(&id) {
                        Some((owner, name)) => (*owner, name.clone()),
                        None => (article_id, name),
                    };
                    if name.is_empty() || !crate::urls::is_safe_output_path(&name) {
                        return Some(url.to_string());
                    }
                    Some(relative(&path, &format!("assets/{owner}/{name}")))
                }
                // A section or category: its category page, a path from the site's root
                // (base_url is the host's root, see below).
                Some((HelpCenterUrl::Section(id), fragment)) => Some(
                    section_folders
                        .get(&id)
                        .map_or(url.to_string(), |folder| format!("/{folder}/{fragment}")),
                ),
                Some((HelpCenterUrl::Category(id), fragment)) => Some(
                    category_folders
                        .get(&id)
                        .map_or(url.to_string(), |folder| format!("/{folder}/{fragment}")),
                ),
                None => Some(url.to_string()),
            }
        })
    };
    report_body(&body, &shown, site, article.id, tally);
    let (markdown, events) = html_to_markdown::convert(&body, resolve);
    let mut tables_kept = 0;
    let mut embeds = 0;
    for event in events {
        match event {
            Event::Table => tally.count("table -> Markdown table"),
            Event::Callout(_) => tally.count("callout <div> -> alert"),
            Event::TableKept(why) => {
                tally.skip(
                    &shown,
                    nth_line_of(&body, "<table", tables_kept),
                    "table",
                    "<table>",
                    &format!("kept as HTML (the sanitizer accepts it): {why}"),
                );
                tables_kept += 1;
            }
            Event::BlockKept(tag) => tally.skip(
                &shown,
                nth_line_of(&body, &format!("<{tag}"), 0),
                "HTML block",
                &format!("<{tag}>"),
                "kept as HTML (the sanitizer accepts it)",
            ),
            Event::EmbedLinked(tag, url) => {
                tally.skip(
                    &shown,
                    nth_line_of(&body, &format!("<{tag}"), embeds),
                    "embed",
                    &format!("<{tag}> {url}"),
                    "replaced by a link to it: kbpress removes embedded frames",
                );
                embeds += 1;
            }
            Event::EmbedDropped(tag) => {
                tally.skip(
                    &shown,
                    nth_line_of(&body, &format!("<{tag}"), embeds),
                    "embed",
                    &format!("<{tag}>"),
                    "removed: it names nothing to link to",
                );
                embeds += 1;
            }
        }
    }
    let markdown = literal_braces(&markdown);
    tally.count("article body -> Markdown");
    let lines: Vec<String> = markdown.lines().map(str::to_string).collect();
    let summary = front_matter::first_sentence(&lines)
        .map(|sentence| plain_summary(&sentence))
        .filter(|sentence| !sentence.is_empty())
        .unwrap_or_else(|| article.title.trim().to_string());
    let date = article
        .edited_at
        .as_deref()
        .or(article.updated_at.as_deref())
        .and_then(|text| text.get(..10)?.parse::<jiff::civil::Date>().ok());
    let reviewed = date.or(options.reviewed);
    let relative_path = path.strip_prefix("articles/").unwrap_or(&path).to_string();
    let article_type = Mapping::by_folder(&options.mapping.types, &relative_path)
        .cloned()
        .unwrap_or_else(|| options.default_type.clone());
    let mut applies_to: BTreeSet<String> =
        match Mapping::by_folder(&options.mapping.products, &relative_path) {
            Some(products) => products.iter().cloned().collect(),
            None => BTreeSet::from([site.default_product.to_string()]),
        };
    for label in &article.label_names {
        if let Some(products) = options.mapping.tag_products.get(label) {
            applies_to.extend(products.iter().cloned());
        }
    }
    // `user_segment_ids` (several segments) is the newer field; `user_segment_id` the one
    // every export has.
    let mut segment_ids: Vec<u64> = article.user_segment_ids.clone();
    segment_ids.extend(article.user_segment_id);
    segment_ids.sort_unstable();
    segment_ids.dedup();
    let mut audience = BTreeSet::new();
    for segment in segment_ids {
        match site.audiences.get(&segment) {
            Some((id, _)) => {
                tally.count("user segment -> audience");
                audience.insert(id.clone());
            }
            None => {
                tally.skip(
                    &shown,
                    0,
                    "user segment",
                    &segment.to_string(),
                    "not in user_segments.json: the article is imported for the internal \
                     audience `staff`, so no public build shows it; check who may read it",
                );
                audience.insert("staff".to_string());
            }
        }
    }
    let audience: Vec<String> = audience.into_iter().collect();
    let mut aliases = Vec::new();
    if let Some((_, url_path)) = article.html_url.as_deref().and_then(host_and_path) {
        let mut candidates = vec![url_path.to_string()];
        if let Some(locale) = &article.locale {
            candidates.push(format!("/hc/{locale}/articles/{}", article.id));
        }
        for candidate in candidates {
            if crate::urls::alias_folder(&candidate).is_some() && !aliases.contains(&candidate) {
                aliases.push(candidate);
            }
        }
        tally.count("html_url -> aliases");
    }
    let tags: Vec<String> = article
        .label_names
        .iter()
        .map(|label| label.trim().to_string())
        .filter(|label| !label.is_empty())
        .collect();
    if !tags.is_empty() {
        tally.count("label_names -> tags");
    }
    if article.draft {
        tally.count("draft -> draft: true");
    }
    let mut custom = BTreeMap::new();
    custom.insert("zendesk_id".to_string(), Kept::Text(article.id.to_string()));
    if let Some(position) = article.position {
        custom.insert(
            "zendesk_position".to_string(),
            Kept::Number(position.to_string()),
        );
    }
    custom.insert("zendesk_promoted".to_string(), Kept::Bool(article.promoted));
    if let Some(votes) = article.vote_sum {
        custom.insert(
            "zendesk_vote_sum".to_string(),
            Kept::Number(votes.to_string()),
        );
    }
    if let Some(votes) = article.vote_count {
        custom.insert(
            "zendesk_vote_count".to_string(),
            Kept::Number(votes.to_string()),
        );
    }
    Page {
        path,
        source: shown,
        front: front_matter::Article {
            title: article.title.trim().to_string(),
            summary,
            article_type,
            applies_to: applies_to.into_iter().collect(),
            reviewed,
            tags,
            custom,
        },
        audience,
        aliases,
        draft: article.draft,
        body: markdown,
    }
}

/// Reports what the body holds that does not arrive whole: what kbpress's allowlist removes
/// (Zendesk hides most of it too unless unsafe HTML is allowed), links to articles and sections
/// not in the export, attachments not in it. Repeated removals are one row with their count.
fn report_body(body: &str, shown: &str, site: &Site, article_id: u64, tally: &mut Tally) {
    let host = site.host.as_deref();
    let Targets {
        article_paths,
        attachment_by_id: attachments,
        section_folders: sections,
        category_folders: categories,
    } = &*site.targets;
    let copied = site.copied;
    for (at, _) in body.match_indices("{{") {
        let end = body[at..]
            .find("}}")
            .map_or(body.len().min(at + 40), |e| at + e + 2);
        let placeholder = &body[at..end];
        let reason = if placeholder
            .trim_start_matches('{')
            .trim()
            .starts_with("dc.")
        {
            "kept as text: Zendesk dynamic content is not in the export; declare its value in \
             [variables] of site.toml and write `{{ name }}`"
        } else {
            "kept as text (`\\{{`): kbpress would read a variable there"
        };
        tally.skip(shown, line_at(body, at), "placeholder", placeholder, reason);
    }
    let inspection = crate::markdown::raw_html::inspect(body);
    let mut removed: BTreeMap<String, (usize, usize, String)> = BTreeMap::new();
    for (range, what) in &inspection.removed {
        // Embeds are reported with what replaced them.
        if ["iframe", "video", "embed", "object", "audio", "source"]
            .iter()
            .any(|tag| what.starts_with(&format!("`<{tag}>`")))
        {
            continue;
        }
        let line = line_at(body, range.start);
        let text = body
            .get(
                range.start
                    ..body[range.start..]
                        .find('>')
                        .map_or(body.len(), |e| range.start + e + 1),
            )
            .unwrap_or("")
            .to_string();
        let entry = removed.entry(what.clone()).or_insert((line, 0, text));
        entry.1 += 1;
    }
    for (what, (line, count, text)) in removed {
        let times = if count > 1 {
            format!(" ({count} times from this line on)")
        } else {
            String::new()
        };
        tally.skip(
            shown,
            line,
            "HTML",
            &text,
            &format!("{what}{times}: kbpress never publishes it"),
        );
    }
    for found in &inspection.urls {
        let line = line_at(body, found.at.start);
        match help_center_url(&found.value, host) {
            Some((HelpCenterUrl::Article(id), _)) => {
                if article_paths.contains_key(&id) {
                    tally.count("link to an article -> relative link");
                } else {
                    tally.skip(
                        shown,
                        line,
                        "link",
                        &found.value,
                        "kept as written: the article is not in the export",
                    );
                }
            }
            Some((HelpCenterUrl::Section(id), _)) if sections.contains_key(&id) => {
                tally.count("link to a section -> its category page")
            }
            Some((HelpCenterUrl::Category(id), _)) if categories.contains_key(&id) => {
                tally.count("link to a category -> its category page")
            }
            Some((HelpCenterUrl::Section(_) | HelpCenterUrl::Category(_), _)) => tally.skip(
                shown,
                line,
                "link",
                &found.value,
                "kept as written: the section or category is not in the export",
            ),
            Some((HelpCenterUrl::Attachment(id, name), _)) => {
                let path = match attachments.get(&id) {
                    Some((owner, file_name)) => format!("assets/{owner}/{file_name}"),
                    None => format!("assets/{article_id}/{name}"),
                };
                if copied.contains(&path) {
                    tally.count("attachment -> asset");
                } else {
                    tally.skip(
                        shown,
                        line,
                        if found.image.is_some() {
                            "image"
                        } else {
                            "attachment link"
                        },
                        &found.value,
                        &format!("pointed at {path}, which the export does not hold"),
                    );
                }
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_taken_get_the_id() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique_name("Set up", 1, &mut taken), "set-up");
        assert_eq!(unique_name("Set Up", 2, &mut taken), "set-up-2");
        assert_eq!(unique_name("???", 3, &mut taken), "3");
    }

    #[test]
    fn braces_are_escaped_outside_code_and_html() {
        assert_eq!(
            literal_braces(
                "Call {{dc.phone}} or run `echo {{x}}`.\n\n```\n{{ kept }}\n```\n<td>{{html}}</td>\n``{{a` b}}``{{b}}\n"
            ),
            "Call \\{{dc.phone}} or run `echo {{x}}`.\n\n```\n{{ kept }}\n```\n<td>{{html}}</td>\n``{{a` b}}``\\{{b}}\n"
        );
        assert_eq!(literal_braces("none"), "none");
    }

    #[test]
    fn summaries_lose_markdown_escapes_and_breaks() {
        assert_eq!(
            plain_summary("Line one\\ line two, 5\\_6 \\<b>."),
            "Line one line two, 5_6 <b>."
        );
    }
}
