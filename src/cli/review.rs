//! `kbpress review [--owner ID]`: prints the review queue ([`crate::review`]) for a person, or as
//! JSON for a dashboard. Always exit 0: the queue is a to-do list, not a failure (`check`
//! reports stale and expiring articles as warnings).

use std::io::Write as _;
use std::path::Path;

use super::args::{Cli, ReviewArgs, ReviewFormat};
use crate::config::{SiteConfig, CONFIG_FILE};
use crate::review::{self, Queue, Reason};

pub fn run(cli: &Cli, cwd: &Path, args: &ReviewArgs) -> anyhow::Result<u8> {
    let root = crate::pipeline::find_root(cli.root.as_deref(), cwd)?;
    let today = crate::pipeline::today(args.today)?;
    let config = SiteConfig::load(&root.join(CONFIG_FILE))?;
    let site = crate::load::load_for_check(&root, config)?;
    if let Some(owner) = &args.owner {
        let known = site.config.owners.contains_key(owner)
            || site
                .articles
                .iter()
                .any(|a| a.owner(&site.config) == Some(owner));
        if !known {
            let declared: Vec<&str> = site.config.owners.keys().map(String::as_str).collect();
            let hint = crate::suggest::did_you_mean(owner, declared.iter().copied())
                .map(|hint| format!("; {hint}"))
                .unwrap_or_default();
            anyhow::bail!(
                "`{owner}` owns no article and is not an owner in site.toml{hint}\ndeclared in [owners]: {}",
                if declared.is_empty() { "none".to_string() } else { declared.join(", ") }
            );
        }
    }
    let queue = review::queue(&site, today, args.owner.as_deref());
    let mut stdout = std::io::stdout().lock();
    match args.format {
        ReviewFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &queue)?;
            writeln!(stdout)?;
        }
        ReviewFormat::Human => stdout.write_all(human(&queue).as_bytes())?,
    }
    Ok(0)
}

/// KB text (titles, paths, names) for the terminal: control characters shown as text.
fn printable(text: &str) -> String {
    crate::report::visible::text(text).into_owned()
}

/// One block per owner, one line per item: what, when, which article.
fn human(queue: &Queue) -> String {
    let count = queue.item_count();
    if count == 0 {
        return format!("Nothing to review on {}.\n", queue.today);
    }
    let mut text = format!(
        "Review queue on {}: {count} item{} for {} owner{}\n",
        queue.today,
        plural(count as i64),
        queue.owners.len(),
        plural(queue.owners.len() as i64)
    );
    for group in &queue.owners {
        let title = match (&group.owner, &group.name) {
            (Some(id), Some(name)) => format!("{} ({id})", printable(name)),
            (Some(id), None) => printable(id),
            (None, _) => "No owner".to_string(),
        };
        let handle = group
            .handle
            .as_deref()
            .map(|h| format!(", {}", printable(h)))
            .unwrap_or_default();
        text.push_str(&format!("\n{title}{handle}\n"));
        for item in &group.items {
            let when = match item.reason {
                Reason::Stale => format!("review was due {} ({})", item.date, ago(item.days)),
                Reason::Due => format!("review due {} ({})", item.date, ahead(item.days)),
                Reason::Expiring => format!("expires {} ({})", item.date, ahead(item.days)),
                Reason::Expired => {
                    format!("expired {} ({}), in no build", item.date, ago(item.days))
                }
                Reason::Translation => match &item.translation {
                    Some(t) => format!(
                        "`{}` translation of {}, reviewed again {} ({}); it matches {}",
                        t.language,
                        printable(&t.source),
                        item.date,
                        ago(item.days),
                        t.matches
                    ),
                    None => format!("source reviewed again {}", item.date),
                },
            };
            text.push_str(&format!(
                "  {:<11} {}: {when}\n              {}\n",
                item.reason.as_str(),
                printable(&item.path),
                printable(&item.title)
            ));
        }
    }
    text
}

fn ago(days: i64) -> String {
    match -days {
        0 => "today".into(),
        n => format!("{n} day{} ago", plural(n)),
    }
}

fn ahead(days: i64) -> String {
    match days {
        0 => "today".into(),
        n => format!("in {n} day{}", plural(n)),
    }
}

fn plural(count: i64) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Item, OwnerQueue};

    #[test]
    fn kb_text_reaches_the_terminal_escaped() {
        let queue = Queue {
            today: jiff::civil::date(2026, 11, 1),
            owners: vec![OwnerQueue {
                owner: Some("docs".into()),
                name: Some("Docs\u{1b}]0;owned\u{7}".into()),
                handle: None,
                items: vec![Item {
                    path: "articles/a\nb.md".into(),
                    title: "Title\u{1b}[2J".into(),
                    reason: Reason::Stale,
                    date: jiff::civil::date(2026, 10, 31),
                    days: -1,
                    translation: None,
                }],
            }],
        };
        assert_eq!(
            human(&queue),
            "Review queue on 2026-11-01: 1 item for 1 owner\n\n\
             Docs\\x1b]0;owned\\x07 (docs)\n  \
             stale       articles/a\\nb.md: review was due 2026-10-31 (1 day ago)\n              \
             Title\\x1b[2J\n"
        );
    }
}
