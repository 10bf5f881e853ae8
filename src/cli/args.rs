//! The command line as typed: raw clap arguments. The commands validate and interpret them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "kbpress",
    version,
    about = "Check and publish a knowledge base of Markdown support articles."
)]
pub struct Cli {
    /// The KB folder (the one with site.toml). Default: the current folder or its nearest parent
    /// that has a site.toml.
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Print only diagnostics and errors, no progress or summary.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// When to use colours.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The CI service `kbpress init --ci` writes a workflow for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Ci {
    Github,
    Gitlab,
    None,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new KB: site.toml, one example article per type, a CI workflow.
    Init {
        /// Where to create it (default: --root, else the current folder).
        dir: Option<PathBuf>,
        /// Where the site will be published (base_url in site.toml), e.g.
        /// https://acme.github.io/kb/. Without it, a placeholder that `check` warns about.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Which CI workflow to write: GitHub Actions publishing to GitHub Pages, GitLab CI
        /// publishing to GitLab Pages, or none.
        #[arg(long, value_enum, default_value_t = Ci::Github)]
        ci: Ci,
    },
    /// Create an article from its type's template.
    New {
        /// The article type, an id from [types] in site.toml (e.g. troubleshooting).
        #[arg(value_name = "TYPE")]
        article_type: String,
        /// The article's title; the file name is made from it.
        title: String,
        /// The category folder under articles/ (e.g. billing or hosted-voice/call-forwarding).
        #[arg(long, value_name = "PATH")]
        category: Option<String>,
    },
    /// Start a translation of an article: ARTICLE.LANGUAGE.md beside it, a draft with the
    /// article's title, summary and text to translate, and the review it matches.
    Translate {
        /// The article to translate (e.g. articles/billing/refunds.md).
        #[arg(value_name = "ARTICLE")]
        article: std::path::PathBuf,
        /// A language of [languages] in site.toml (e.g. fr).
        language: String,
    },
    /// Check the KB and render the site; refuses to publish when there are errors.
    Build(BuildArgs),
    /// Check the KB without writing anything.
    Check(CheckArgs),
    /// Preview the site: build it in memory, serve it, rebuild and reload pages on every change.
    Serve(ServeArgs),
    /// Report readers' "Was this article helpful?" answers from a JSON Lines file: articles by
    /// share of "No" answers, with reasons and the latest comments.
    Feedback(FeedbackArgs),
    /// The review queue: articles whose review is overdue or due within 30 days, and articles
    /// expiring within 30 days or expired, grouped by owner.
    Review(ReviewArgs),
    /// Print the CODEOWNERS rules that make each article's owner a required reviewer (from
    /// `handle` in [owners] and `owner:` in front matter); --write or --check the file.
    Codeowners(CodeownersArgs),
    /// Turn another docs tool's site into a KB (articles, snippets, site.toml) and report
    /// what was and was not converted (IMPORT.md).
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Only this owner's articles (an id from [owners] in site.toml).
    #[arg(long, value_name = "ID")]
    pub owner: Option<String>,
    /// How to print the queue.
    #[arg(long, value_enum, default_value_t = ReviewFormat::Human)]
    pub format: ReviewFormat,
    /// Treat "today" as this date (YYYY-MM-DD). Default: SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, value_name = "DATE")]
    pub today: Option<jiff::civil::Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReviewFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct CodeownersArgs {
    /// Write the rules into the file (replacing the block kbpress wrote before, keeping the
    /// other rules).
    #[arg(long, conflicts_with = "check")]
    pub write: bool,
    /// Exit 1 when the file's rules differ from what --write would write (for CI).
    #[arg(long)]
    pub check: bool,
    /// The CODEOWNERS file. Default: .github/CODEOWNERS in the git repository holding the KB
    /// (the KB folder when it is in none).
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
}

/// The formats `kbpress import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// MkDocs and Material for MkDocs (the folder holding mkdocs.yml).
    Mkdocs,
    /// Docusaurus (the folder holding docusaurus.config.js).
    Docusaurus,
    /// Hugo (the folder holding hugo.toml or config.toml, and content/).
    Hugo,
    /// A Zendesk Guide Help Center export: the API's JSON list responses (categories.json,
    /// sections.json, articles.json, ...; see the README).
    Zendesk,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The source's format.
    #[arg(value_enum, value_name = "FORMAT")]
    pub source_format: ImportFormat,
    /// The source folder: for mkdocs the one holding mkdocs.yml, for docusaurus docusaurus.config.js, for hugo its config, for zendesk the export's JSON files.
    #[arg(value_name = "SOURCE")]
    pub source: PathBuf,
    /// The KB folder to create; it must be empty or absent unless --force.
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,
    /// Replace the content of a non-empty DIR.
    #[arg(long)]
    pub force: bool,
    /// The type of every article the mapping file does not place (declared in site.toml
    /// without required sections).
    #[arg(long = "type", value_name = "ID", default_value = "reference")]
    pub article_type: String,
    /// applies_to of every article the mapping file does not place. Default: the site name as
    /// an id.
    #[arg(long, value_name = "ID")]
    pub product: Option<String>,
    /// reviewed of every page whose front matter has no date (needed when one has none).
    #[arg(long, value_name = "DATE")]
    pub reviewed: Option<jiff::civil::Date>,
    /// A TOML file mapping folders to types (`[types]`), folders to products (`[products]`)
    /// and tags to products (`[tag_products]`).
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// How to print the report (IMPORT.md in DIR is always written).
    #[arg(long, value_enum, default_value_t = FeedbackFormat::Human)]
    pub format: FeedbackFormat,
}

#[derive(Debug, Args)]
pub struct FeedbackArgs {
    /// The answers, one JSON object per line (`kbpress serve` writes .kbpress/feedback.jsonl).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = FeedbackFormat::Human)]
    pub format: FeedbackFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FeedbackFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on; 0 picks a free one (the printed URL says which).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Anything but a loopback address lets other machines read the
    /// site.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include draft articles (always on in serve: drafts are shown, marked as drafts).
    #[arg(long)]
    pub drafts: bool,
    /// Treat "today" as this date (YYYY-MM-DD) for freshness checks.
    #[arg(long, value_name = "DATE")]
    pub today: Option<jiff::civil::Date>,
    /// Preview the site of this audience (an id from [audiences]) instead of the public one.
    #[arg(long, value_name = "ID")]
    pub audience: Option<String>,
}

#[derive(Debug, Args)]
pub struct CommonCheckArgs {
    /// Treat "today" as this date (YYYY-MM-DD) for freshness checks. Default: SOURCE_DATE_EPOCH,
    /// else the clock.
    #[arg(long, value_name = "DATE")]
    pub today: Option<jiff::civil::Date>,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// How to print diagnostics. Default: human, or github under GitHub Actions.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Only the site of this audience (an id from [audiences] in site.toml): check reports
    /// what that audience's site contains; build writes that site.
    #[arg(long, value_name = "ID")]
    pub audience: Option<String>,
}

impl CommonCheckArgs {
    /// The sites asked for: `--audience ID`'s, or every site (`build --all-audiences`), else
    /// the public one.
    pub fn selection(&self, all_audiences: bool) -> crate::variant::Selection {
        use crate::variant::Selection;
        match &self.audience {
            _ if all_audiences => Selection::AllAudiences,
            Some(id) => Selection::Audience(id.clone()),
            None => Selection::Public,
        }
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder (default: output_dir from site.toml, `public`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Include draft articles.
    #[arg(long)]
    pub drafts: bool,
    /// Replace a non-empty output folder that kbpress did not create.
    #[arg(long)]
    pub force: bool,
    /// Build every site in one run: the public one in `<out>/public/` and one per audience
    /// in `<out>/<id>/` (for the audience's `base_url`, default `<base_url><id>/`).
    #[arg(long, conflicts_with = "audience")]
    pub all_audiences: bool,
    /// Write the site even with error diagnostics (still printed, exit code still 1), to look
    /// at a KB while its problems are being fixed.
    #[arg(long)]
    pub allow_errors: bool,
    /// Publish at this URL instead of site.toml's `base_url`, for this build only (e.g. the
    /// GitHub Pages URL in CI). With --all-audiences it is the public site's URL, and audiences
    /// without a `base_url` of their own live at `<URL><id>/`.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    #[command(flatten)]
    pub check: CommonCheckArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Print the explanation of a diagnostic code and exit.
    #[arg(long, value_name = "CODE")]
    pub explain: Option<String>,
    /// Also request every external http(s) link (`external-link`; see [check.external]).
    #[arg(long)]
    pub external: bool,
    /// With --external: only the links of articles changed since this git revision (plus
    /// untracked ones), for pull-request checks.
    #[arg(long, value_name = "REV", requires = "external")]
    pub changed_since: Option<String>,
    #[command(flatten)]
    pub check: CommonCheckArgs,
}
