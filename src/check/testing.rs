//! Small inline fixture KBs for check tests.

use jiff::civil::Date;

use super::Context;
use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::site::Site;

/// The `site.toml` every check test starts from.
pub const SITE_TOML: &str = r#"
title = "Test KB"
base_url = "https://example.com/kb/"

[products.portal]
name = "Support Portal"
[products.voice]
name = "Hosted Voice"

[roles.portal-admin]
name = "Portal Admin"

[audiences.direct]
name = "Direct customers"
[audiences.wholesale]
name = "Wholesale customers"
[audiences.internal]
name = "Support staff"
internal = true

[types.how-to]
name = "How-to"
required_sections = ["Steps"]
[types.troubleshooting]
name = "Troubleshooting"
required_sections = ["Symptoms", "Cause", "Resolution"]
"#;

/// "Today" in check tests, so freshness findings never depend on the clock.
pub fn today() -> Date {
    jiff::civil::date(2026, 11, 1)
}

/// A valid how-to article with this body.
pub fn article(body: &str) -> String {
    format!("---\ntitle: An article\nsummary: A summary.\ntype: how-to\napplies_to: [portal]\nreviewed: 2026-10-01\n---\n{body}")
}

/// `[languages]` for the translation checks' tests: French, German, Spanish and Italian.
pub const LANGUAGES: &str = "[languages.fr]\nname = \"Français\"\n[languages.de]\nname = \"Deutsch\"\n[languages.es]\nname = \"Español\"\n[languages.it]\nname = \"Italiano\"\n";

/// A translation that matches the source review of `source_reviewed`, with `body`.
pub fn translation(source_reviewed: &str, body: &str) -> String {
    format!("---\ntitle: Une traduction\nsource_reviewed: {source_reviewed}\n---\n{body}")
}

/// Writes the files into a temporary KB and loads it.
pub fn kb(files: &[(&str, &str)]) -> Site {
    kb_with_config("", files)
}

/// Like [`kb`], with extra `site.toml` lines appended.
pub fn kb_with_config(extra_config: &str, files: &[(&str, &str)]) -> Site {
    kb_with_site_toml(&format!("{SITE_TOML}\n{extra_config}"), files)
}

/// Like [`kb`], with this whole `site.toml`.
pub fn kb_with_site_toml(config_text: &str, files: &[(&str, &str)]) -> Site {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(root.join("site.toml"), config_text).unwrap();
    for (path, content) in files {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }
    let config =
        SiteConfig::parse(&root.join("site.toml"), config_text).expect("valid test config");
    let site = crate::load::load(root, config).expect("load");
    // The files were read; the folder may go.
    drop(dir);
    site
}

/// Runs every check.
pub fn run(site: &Site) -> Vec<Diagnostic> {
    super::run(&Context::new(site, today()))
}

/// The diagnostics of one code, as `(line, column, message)`.
pub fn findings(site: &Site, code: &str) -> Vec<Diagnostic> {
    run(site).into_iter().filter(|d| d.code == code).collect()
}

/// The positions of one code's findings, as `(file, line, column)`.
pub fn positions(site: &Site, code: &str) -> Vec<(String, u32, u32)> {
    findings(site, code)
        .into_iter()
        .map(|d| (d.file, d.line, d.column))
        .collect()
}

/// Every file the public build of `site` writes, rendered into memory with the default theme.
pub fn render_public(site: &Site) -> crate::serve::build::MemorySite {
    render_variant(site, crate::audience::Readers::Public)
}

/// Every file the build of `site` for `readers` writes, rendered into memory.
pub fn render_variant(
    site: &Site,
    readers: crate::audience::Readers,
) -> crate::serve::build::MemorySite {
    render_site(site, crate::variant::Variant::alone(&site.config, readers))
}

/// Every file the build of `variant` writes, rendered into memory.
pub fn render_site(
    site: &Site,
    variant: crate::variant::Variant,
) -> crate::serve::build::MemorySite {
    let theme = crate::render::Theme::load(&site.root, "default").unwrap();
    let options = crate::render::Options {
        variant,
        include_drafts: false,
        today: today(),
    };
    let sink = crate::serve::build::MemorySink::default();
    crate::render::render(site, &theme, &options, &sink).unwrap();
    sink.finish()
}

/// A deterministic xorshift generator, for tests that try many generated inputs.
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Random {
        Random(seed.max(1))
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}
