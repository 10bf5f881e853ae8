//! `kbpress build` over fixture KBs: pages, safety of the output folder, determinism.

mod support;

use support::Test;

const TODAY: &[&str] = &["--today", "2026-11-01"];

fn build(test: Test) -> support::Output {
    test.args(&["build"]).args(TODAY).expect(0)
}

#[test]
fn builds_every_page_type() {
    let output = build(Test::fixture("basic"));
    let files = output.files_under("public");
    for expected in [
        ".kbpress-output",
        "404.html",
        "_redirects",
        "assets/forwarding.svg",
        "atom.xml",
        "audiences/direct/index.html",
        "audiences/index.html",
        "billing/index.html",
        "billing/invoice/index.html",
        "index.html",
        "kb/1001/index.html",
        "products/voice/index.html",
        "products/index.html",
        "robots.txt",
        "roles/admin/index.html",
        "sitemap.xml",
        "static/style.css",
        "static/highlight.css",
        "static/kbpress.js",
        "tags/forwarding/index.html",
        "voice/forwarding/index.html",
        "voice/forwarding/set-up-forwarding/index.html",
        "voice/index.html",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "missing {expected} in {files:#?}"
        );
    }
    assert!(
        output.stderr.contains("built the public site: 2 articles"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_kb_without_audiences_publishes_its_articles() {
    let test = Test::new()
        .file(
            "site.toml",
            "title = \"KB\"\nbase_url = \"https://example.com/kb/\"\n\
             [products.voice]\nname = \"Voice\"\n[types.reference]\nname = \"Reference\"\n",
        )
        .file(
            "articles/billing/refunds.md",
            "---\ntitle: Refunds\nsummary: How refunds work.\ntype: reference\n\
             applies_to: [voice]\nreviewed: 2026-10-01\n---\n\nText.\n",
        );
    let output = test.args(&["build"]).args(TODAY).expect(0);
    let files = output.files_under("public");
    assert!(
        files.contains(&"billing/refunds/index.html".to_string()),
        "{files:#?}\n{}",
        output.stderr
    );
}

#[test]
fn drafts_and_internal_content_stay_out_of_a_public_build() {
    let output = build(Test::fixture("basic"));
    let files = output.files_under("public");
    assert!(
        !files
            .iter()
            .any(|f| f.contains("draft-refunds") || f.contains("staff")),
        "{files:#?}"
    );
    for file in &files {
        let bytes = std::fs::read(output.root.join("public").join(file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for marker in [
            "STAFF-ONLY-MARKER",
            "STAFF-ONLY-ARTICLE-MARKER",
            "Support staff",
            "Credit limits",
        ] {
            assert!(!text.contains(marker), "{marker} leaked into {file}");
        }
    }
}

#[test]
fn drafts_are_built_with_the_flag() {
    let output = Test::fixture("basic")
        .args(&["build", "--drafts"])
        .args(TODAY)
        .expect(0);
    assert!(output
        .read("public/billing/draft-refunds/index.html")
        .contains("Draft"));
}

#[test]
fn article_pages_render_their_facts_and_rewritten_links() {
    let output = build(Test::fixture("basic"));
    insta::assert_snapshot!(
        "article_main",
        output.main_of("public/voice/forwarding/set-up-forwarding/index.html")
    );
    insta::assert_snapshot!(
        "audience_sections_main",
        output.main_of("public/billing/invoice/index.html")
    );
    insta::assert_snapshot!("category_main", output.main_of("public/voice/index.html"));
    insta::assert_snapshot!("home_main", output.main_of("public/index.html"));
    insta::assert_snapshot!(
        "product_main",
        output.main_of("public/products/voice/index.html")
    );
    insta::assert_snapshot!("sitemap", output.read("public/sitemap.xml"));
    insta::assert_snapshot!("redirects", output.read("public/_redirects"));
}

#[test]
fn two_builds_are_byte_identical_whatever_the_environment() {
    let first = Test::fixture("basic")
        .args(&["build", "--out", "one"])
        .args(TODAY)
        .expect(0);
    let second = Test::fixture("basic");
    let out = second.root().join("two").to_string_lossy().into_owned();
    let second = second
        .args(&["build", "--out", &out])
        .args(TODAY)
        .env("TZ", "Pacific/Kiritimati")
        .env("LANG", "tr_TR.UTF-8")
        .current_dir("articles/billing")
        .expect(0);
    let files = first.files_under("one");
    assert_eq!(files, second.files_under("two"));
    for file in files {
        let a = std::fs::read(first.root.join("one").join(&file)).unwrap();
        let b = std::fs::read(second.root.join("two").join(&file)).unwrap();
        assert!(a == b, "{file} differs between builds");
    }
}

#[test]
fn content_errors_refuse_to_publish_and_keep_the_old_site() {
    let test = Test::fixture("basic").args(&["build"]).args(TODAY);
    test.expect(0);
    let before = std::fs::read(test.root().join("public/index.html")).unwrap();
    let test = test.file(
        "articles/voice/broken.md",
        "---\ntitle: Broken\n---\nSee [x](nope.md)\n",
    );
    let output = test.expect(1);
    assert!(
        output.stderr.contains("not publishing"),
        "{}",
        output.stderr
    );
    assert!(
        output.stderr.contains("articles/voice/broken.md"),
        "{}",
        output.stderr
    );
    assert_eq!(
        std::fs::read(test.root().join("public/index.html")).unwrap(),
        before
    );
    let leftovers: Vec<_> = std::fs::read_dir(test.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("kbpress"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn allow_errors_writes_the_site_and_still_fails() {
    let test = Test::fixture("basic")
        .args(&["build", "--allow-errors"])
        .args(TODAY)
        .file(
            "articles/voice/broken.md",
            "---\ntitle: Broken\nsummary: S.\ntype: reference\napplies_to: [voice]\nreviewed: 2026-10-01\n---\n## Overview\n\nSee [x](nope.md) and [y](xref:Some.Type).\n",
        );
    let output = test.expect(1);
    assert!(
        output.stderr.contains("articles/voice/broken.md:10:5"),
        "the problems are printed: {}",
        output.stderr
    );
    assert!(
        output
            .stderr
            .contains("written despite the problems above (--allow-errors)"),
        "{}",
        output.stderr
    );
    let page = std::fs::read_to_string(test.root().join("public/voice/broken/index.html"))
        .expect("the article with errors is written");
    assert!(page.contains("See <a href=\"nope.md\">x</a>"), "{page}");
    assert!(test.root().join("public/index.html").exists());
}

#[test]
fn a_template_error_fails_with_exit_2_and_keeps_the_old_site() {
    let test = Test::fixture("basic").args(&["build"]).args(TODAY);
    test.expect(0);
    let test = test.file("themes/default/templates/article.html", "{% extends \"base.html\" %}\n{% block content %}{{ page.title | nosuchfilter }}{% endblock content %}\n");
    let output = test.expect(2);
    assert!(
        output
            .stderr
            .contains("themes/default/templates/article.html"),
        "{}",
        output.stderr
    );
    assert!(test.root().join("public/index.html").exists());
}

#[test]
fn refuses_dangerous_output_folders() {
    for out in [".", "articles", "articles/voice", "assets", ".."] {
        let output = Test::fixture("basic")
            .args(&["build", "--out", out])
            .args(TODAY)
            .expect(2);
        assert!(
            output.stderr.contains("refusing to write the site"),
            "{out}: {}",
            output.stderr
        );
    }
    let test = Test::fixture("basic")
        .file("mine/notes.txt", "precious")
        .args(&["build", "--out", "mine"])
        .args(TODAY);
    let output = test.expect(2);
    assert!(output.stderr.contains("--force"), "{}", output.stderr);
    assert_eq!(
        std::fs::read_to_string(test.root().join("mine/notes.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn a_bad_site_toml_is_exit_2_with_its_line() {
    let test = Test::fixture("basic");
    let config = std::fs::read_to_string(test.root().join("site.toml")).unwrap();
    let test = test.file(
        "site.toml",
        &config.replace("description = \"Cloud", "descripton = \"Cloud"),
    );
    let output = test.args(&["build"]).expect(2);
    assert!(output.stderr.contains("site.toml:7:1"), "{}", output.stderr);
    assert!(
        output.stderr.contains("did you mean `description`?"),
        "{}",
        output.stderr
    );
}

#[test]
fn finds_site_toml_in_a_parent_folder_and_honours_root() {
    Test::fixture("basic")
        .args(&["check"])
        .args(TODAY)
        .current_dir("articles/voice")
        .expect(0);
    let elsewhere = Test::new();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    elsewhere
        .args(&["check", "--root", fixture.to_str().unwrap()])
        .args(TODAY)
        .expect(0);
    let output = Test::new().args(&["check"]).expect(2);
    assert!(output.stderr.contains("kbpress init"), "{}", output.stderr);
}

#[test]
fn a_panic_while_rendering_names_the_article_and_keeps_the_old_site() {
    let test = Test::fixture("basic").args(&["build"]).args(TODAY);
    test.expect(0);
    let test = test.env("KBPRESS_TEST_PANIC_ON", "articles/billing/invoice.md");
    let output = test.expect(2);
    assert!(
        output
            .stderr
            .contains("crashed while rendering articles/billing/invoice.md"),
        "{}",
        output.stderr
    );
    assert!(
        test.root()
            .join("public/billing/invoice/index.html")
            .exists(),
        "old site kept"
    );
}

#[test]
fn articles_have_json_ld_a_markdown_copy_and_an_llms_txt_entry() {
    let output = build(Test::fixture("basic"));
    let page = output.read("public/billing/invoice/index.html");
    let start = page.find("<script type=\"application/ld+json\">").unwrap();
    let json = &page[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    let graph: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(graph[0]["@type"], "TechArticle");
    assert_eq!(graph[0]["headline"], "Understand your invoice: charges");
    assert_eq!(
        graph[0]["url"],
        "https://docs.example.com/help/billing/invoice/"
    );
    let trail = graph[1]["itemListElement"].as_array().unwrap();
    assert_eq!(trail[0]["item"], "https://docs.example.com/help/");
    assert_eq!(
        trail.last().unwrap()["item"],
        "https://docs.example.com/help/billing/invoice/"
    );
    let copy = output.read("public/billing/invoice/index.md");
    assert!(
        copy.starts_with("# Understand your invoice: charges\n\n> "),
        "{copy}"
    );
    assert!(!copy.contains("reviewed:"), "no front matter: {copy}");
    assert!(
        !copy.contains("Notes for staff"),
        "no hidden section: {copy}"
    );
    let index = output.read("public/llms.txt");
    assert!(index.starts_with("# Fixture KB\n"), "{index}");
    assert!(index.contains(
        "- [Understand your invoice: charges](https://docs.example.com/help/billing/invoice/index.md): "
    ));
    assert!(!index.contains("draft-refunds"), "drafts stay out: {index}");
}

#[test]
fn article_pages_link_related_articles_and_their_category_neighbours() {
    let output = Test::sample_kb()
        .args(&["build", "--today", "2026-11-27"])
        .expect(0);
    let page = output.read("public/support-portal/cant-access-support-portal/index.html");
    let related = &page[page.find("<nav class=\"related\"").unwrap()..];
    let related = &related[..related.find("</nav>").unwrap()];
    assert_eq!(related.matches("<li>").count(), 5, "{related}");
    // The closest: same products and tags, listed first.
    assert!(
        related.find("admin-console-roles-reference").unwrap()
            < related.find("understand-your-invoice").unwrap()
    );
    assert!(
        !related.contains("cant-access-support-portal"),
        "not itself"
    );
    assert!(
        !related.contains("escalation-matrix"),
        "not an internal article"
    );
    let pager = &page[page.find("<nav class=\"pager\"").unwrap()..];
    assert!(pager.contains("rel=\"next\" href=\"/kb/support-portal/open-a-support-case/\""));
    assert!(
        !pager[..pager.find("</nav>").unwrap()].contains("rel=\"prev\""),
        "first of its category"
    );
}

/// Every file under `folder`, relative, sorted.
fn tree(folder: &std::path::Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(folder)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(folder).unwrap().display().to_string())
        .collect();
    files.sort();
    files
}

/// The names in the KB folder that kbpress's swap uses (staging, previous, lock).
fn swap_leftovers(root: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("kbpress"))
        .collect()
}

/// A date after every `reviewed` of the sample KB.
const TODAY_OF_THE_SAMPLE: &[&str] = &["--today", "2026-11-27"];

/// `kbpress build` in `root` with `env`, started now; see [`finish`]. (The date suits both the
/// fixtures and the sample KB.)
fn start_build(root: &std::path::Path, env: &[(&str, &str)]) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_kbpress"))
        .args(["build"])
        .args(TODAY_OF_THE_SAMPLE)
        .current_dir(root)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .env("CI", "true")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for a build; its exit code and stderr.
fn finish(child: std::process::Child) -> (i32, String) {
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_previous_site_that_cannot_be_removed_is_a_warning_not_a_failure() {
    let test = Test::fixture("basic").args(&["build"]).args(TODAY);
    test.expect(0);
    // A read-only old tree (a test running as root can still remove it: the hook fails then).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        for entry in walkdir::WalkDir::new(test.root().join("public")) {
            let entry = entry.unwrap();
            if entry.file_type().is_dir() {
                std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o555))
                    .unwrap();
            }
        }
    }
    let test = test.file(
        "articles/billing/new-one.md",
        "---\ntitle: New one\nsummary: Added.\ntype: reference\napplies_to: [portal]\nreviewed: 2026-10-01\n---\nText.\n",
    );
    let (code, stderr) = finish(start_build(
        test.root(),
        &[("KBPRESS_TEST_KEEP_PREVIOUS", "1")],
    ));
    assert_eq!(code, 0, "the new site is published: {stderr}");
    assert!(
        stderr.contains(
            "warning: the new site is in place, but the previous one could not be removed"
        ) && stderr.contains("the next build removes it"),
        "{stderr}"
    );
    assert!(test
        .root()
        .join("public/billing/new-one/index.html")
        .exists());
    assert_eq!(swap_leftovers(test.root()).len(), 1);

    // The next build removes the old copy, read-only as it is, without a word about it.
    let (code, stderr) = finish(start_build(test.root(), &[]));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning:"), "{stderr}");
    assert!(
        swap_leftovers(test.root()).is_empty(),
        "{:?}",
        swap_leftovers(test.root())
    );
}

#[test]
fn concurrent_builds_into_one_folder_take_turns_and_leave_one_whole_site() {
    let test = Test::sample_kb().args(&["build"]).args(TODAY_OF_THE_SAMPLE);
    test.expect(0);
    let whole = tree(&test.root().join("public"));
    for round in 0..3 {
        let builds: Vec<_> = (0..3).map(|_| start_build(test.root(), &[])).collect();
        for build in builds {
            let (code, stderr) = finish(build);
            assert_eq!(code, 0, "round {round}: {stderr}");
            assert!(!stderr.contains("warning:"), "round {round}: {stderr}");
        }
        assert_eq!(tree(&test.root().join("public")), whole, "round {round}");
        assert!(
            swap_leftovers(test.root()).is_empty(),
            "round {round}: {:?}",
            swap_leftovers(test.root())
        );
    }
}

#[test]
fn after_a_kill_between_the_renames_builds_say_what_is_there_and_put_the_site_back() {
    let test = Test::fixture("basic").args(&["build"]).args(TODAY);
    test.expect(0);
    let aside = test.root().join(".public.kbpress-previous");
    std::fs::rename(test.root().join("public"), &aside).unwrap();
    let broken = "articles/voice/broken.md";
    let test = test.file(broken, "---\ntitle: Broken\n---\nSee [x](nope.md)\n");
    let refused = test.expect(1);
    assert!(
        refused.stderr.contains("public is missing: a build was interrupted while swapping sites and left the previous one in")
            && !refused.stderr.contains("unchanged"),
        "{}",
        refused.stderr
    );
    std::fs::remove_file(test.root().join(broken)).unwrap();
    let published = test.expect(0);
    assert!(
        published.stderr.contains("was missing: an earlier build was interrupted while swapping sites; put the previous site back"),
        "{}",
        published.stderr
    );
    assert!(test.root().join("public/index.html").exists());
    assert!(swap_leftovers(test.root()).is_empty());
}

#[test]
fn the_sample_kb_states_its_support_phone_and_portal_from_site_toml() {
    let output = Test::sample_kb()
        .args(&["build", "--today", "2026-11-27"])
        .expect(0);
    let page = output.read("public/support-portal/cant-access-support-portal/index.html");
    assert!(
        page.contains("call Northwind support on +1 555 0100."),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"https://portal.northwind.example\">Support Portal</a>"),
        "{page}"
    );
    assert!(!page.contains("{{"), "{page}");
    let copy = output.read("public/support-portal/cant-access-support-portal/index.md");
    assert!(
        copy.contains("call Northwind support on +1 555 0100."),
        "{copy}"
    );
    assert!(
        copy.contains("[Support Portal](https://portal.northwind.example)"),
        "{copy}"
    );
    let case = output.read("public/support-portal/open-a-support-case/index.html");
    assert!(
        case.contains("call Northwind support on +1 555 0100."),
        "{case}"
    );
}

/// The sample KB's French translations: a `fr/` site of the translated articles, in French,
/// linked both ways (`hreflang`, the language switch, the sitemap), with links to articles
/// without a translation going to the English site, and the internal section still cut.
#[test]
fn translations_are_published_in_their_languages_site() {
    let output = Test::sample_kb()
        .args(&["build", "--today", "2026-11-26"])
        .expect(0);
    let base = "https://support.northwind.example/kb/";
    let english = output.read("public/support-portal/cant-access-support-portal/index.html");
    let french = output.read("public/fr/support-portal/cant-access-support-portal/index.html");
    let alternates = format!(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"{base}support-portal/cant-access-support-portal/\">\n<link rel=\"alternate\" hreflang=\"fr\" href=\"{base}fr/support-portal/cant-access-support-portal/\">"
    );
    for page in [&english, &french] {
        assert!(page.contains(&alternates), "{page}");
    }
    assert!(french.contains("<html lang=\"fr\">"), "{french}");
    assert!(
        french.contains("accéder au portail d"),
        "the translated title"
    );
    assert!(french.contains("Dernière révision") && french.contains("aria-label=\"Langues\""));
    assert!(
        french.contains(&format!(
            "href=\"{base}admin-console/assign-roles-in-admin-console/#steps\""
        )),
        "an untranslated article is linked in English"
    );
    assert!(
        french.contains("href=\"/kb/fr/billing/update-payment-method/"),
        "a translated one in French"
    );
    assert!(
        !french.contains("INTERNAL-ONLY"),
        "the public French site has no internal section"
    );
    assert!(
        french.contains(
            "src/branch/main/articles/support-portal/cant-access-support-portal.fr.md\">"
        ),
        "\"Edit this article\" opens the translation"
    );
    // Categories are named by their `_index.fr.md`: the breadcrumb and the navigation.
    assert!(french.contains(">Portail d’assistance</a>"), "{french}");
    let home = output.read("public/fr/index.html");
    assert!(
        home.contains(">Facturation</a>") && !home.contains(">Billing</a>"),
        "{home}"
    );
    assert!(!english.contains("Facturation"));
    // Vocabulary names from `translations.fr` in site.toml: the type, a product, an audience.
    for words in [
        ">Dépannage</p>",
        ">Portail d’assistance</a>",
        ">Clients directs</a>",
    ] {
        assert!(french.contains(words), "{words}");
    }
    assert!(english.contains(">Troubleshooting</p>") && !english.contains("Dépannage"));
    // The label above an audience section is the theme's word, in the page's language.
    assert!(
        french.contains("<p class=\"audience-label\">Pour : Clients directs</p>"),
        "{french}"
    );
    assert!(english.contains("<p class=\"audience-label\">For: Direct customers</p>"));
    // Only the translated articles are in the French site.
    assert!(!output
        .root
        .join("public/fr/hosted-voice/sip-settings")
        .exists());
    assert!(output.root.join("public/fr/search/index.html").exists());
    let sitemap = output.read("public/fr/sitemap.xml");
    assert!(sitemap.contains(&format!(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{base}billing/update-payment-method/\"/>"
    )), "{sitemap}");
    // An article without a translation has no alternates.
    let untranslated = output.read("public/hosted-voice/sip-settings/index.html");
    assert!(!untranslated.contains("hreflang") && !untranslated.contains("language-switch"));
}

/// `untranslated = "fallback"`: the French site shows an article without a translation in
/// English at its French place, says so, marks its text as English, points search engines to
/// the English page, and leaves it out of the French sitemap and feed; links to it from a
/// translation stay in the French site.
#[test]
fn a_language_can_show_untranslated_articles_in_the_default_language() {
    let site_toml = include_str!("../site.toml").replace(
        "[languages.fr]\n",
        "[languages.fr]\nuntranslated = \"fallback\"\n",
    );
    let output = Test::sample_kb()
        .file("site.toml", &site_toml)
        .args(&["build", "--today", "2026-11-26"])
        .expect(0);
    let base = "https://support.northwind.example/kb/";
    let shown = output.read("public/fr/hosted-voice/sip-settings/index.html");
    assert!(shown.contains("<html lang=\"fr\">"), "{shown}");
    assert!(
        shown.contains(&format!(
            "<link rel=\"canonical\" href=\"{base}hosted-voice/sip-settings/\">"
        )),
        "{shown}"
    );
    assert!(
        shown.contains("Cet article n’est pas encore traduit : il est affiché dans sa langue d’origine, <a href=\"https://support.northwind.example/kb/hosted-voice/sip-settings/\" hreflang=\"en\" lang=\"en\">English</a>."),
        "{shown}"
    );
    assert!(
        shown.contains("<div class=\"article-body\" lang=\"en\">"),
        "{shown}"
    );
    assert!(
        shown.contains("<h1 lang=\"en\">SIP settings for desk phones</h1>"),
        "{shown}"
    );
    assert!(shown.contains("\"inLanguage\":\"en\""), "{shown}");
    // Its category page lists it, marked as English; the French sitemap and feed leave it out.
    let category = output.read("public/fr/hosted-voice/index.html");
    assert!(
        category.contains("<a href=\"/kb/fr/hosted-voice/sip-settings/\" lang=\"en\">"),
        "{category}"
    );
    for machine in ["public/fr/sitemap.xml", "public/fr/atom.xml"] {
        let text = output.read(machine);
        assert!(
            !text.contains("fr/hosted-voice/sip-settings/"),
            "{machine}: {text}"
        );
    }
    // A translation's link to an untranslated article stays in the French site.
    let french = output.read("public/fr/support-portal/cant-access-support-portal/index.html");
    assert!(
        french.contains("href=\"/kb/fr/admin-console/assign-roles-in-admin-console/#steps\""),
        "{french}"
    );
    // A translated page is unchanged: no notice, its own canonical link.
    assert!(!french.contains("untranslated-notice"));
    assert!(french.contains(&format!(
        "<link rel=\"canonical\" href=\"{base}fr/support-portal/cant-access-support-portal/\">"
    )));
    // Crawlers read the root robots.txt only: it names both sitemaps.
    let robots = output.read("public/robots.txt");
    assert!(
        robots.contains(&format!(
            "Sitemap: {base}sitemap.xml\nSitemap: {base}fr/sitemap.xml\n"
        )),
        "{robots}"
    );
}

/// A translated article superseded by one without a translation: its French URL redirects to
/// the replacement's page in the default language, not to a French page that does not exist.
#[test]
fn a_superseded_translation_redirects_to_an_untranslated_replacement_in_the_default_language() {
    let old = "---\ntitle: Old SIP settings\nsummary: Replaced.\ntype: reference\napplies_to: [hosted-voice]\nreviewed: 2026-06-19\nsuperseded_by: sip-settings-for-desk-phones.md\n---\n## When you need these settings\n\nOld.\n";
    let old_french = "---\ntitle: Anciens réglages SIP\nsource_reviewed: 2026-06-19\n---\n## Quand utiliser ces réglages\n\nAncien.\n";
    let output = Test::sample_kb()
        .file("articles/hosted-voice/old-sip.md", old)
        .file("articles/hosted-voice/old-sip.fr.md", old_french)
        .args(&["build", "--today", "2026-11-26"])
        .expect(0);
    let base = "https://support.northwind.example/kb/";
    let english = output.read("public/hosted-voice/old-sip/index.html");
    assert!(
        english.contains("content=\"0; url=/kb/hosted-voice/sip-settings/\""),
        "{english}"
    );
    let french = output.read("public/fr/hosted-voice/old-sip/index.html");
    assert!(
        french.contains(&format!(
            "content=\"0; url={base}hosted-voice/sip-settings/\""
        )),
        "{french}"
    );
    // Hosts read `_redirects` at the root of what they publish: the French site, published
    // under the English one, has its lines in the English site's file.
    let redirects = output.read("public/_redirects");
    assert!(
        redirects.contains(&format!(
            "/kb/hosted-voice/old-sip/ /kb/hosted-voice/sip-settings/ 301\n/kb/fr/hosted-voice/old-sip/ {base}hosted-voice/sip-settings/ 301\n"
        )),
        "{redirects}"
    );
    assert!(!output.root.join("public/fr/_redirects").exists());
}

/// Dates are written in each site's language for readers (the theme's `date_format` and month
/// names), while `<time datetime>` and every file machines read keep the ISO date.
#[test]
fn dates_are_written_in_the_sites_language_and_iso_for_machines() {
    let output = Test::sample_kb()
        .args(&["build", "--today", "2026-11-26"])
        .expect(0);
    let page = "support-portal/cant-access-support-portal/index.html";
    let english = output.read(&format!("public/{page}"));
    let french = output.read(&format!("public/fr/{page}"));
    assert!(
        english.contains("<time datetime=\"2026-10-02\">2 October 2026</time>"),
        "{english}"
    );
    assert!(
        french.contains("<time datetime=\"2026-10-02\">2 octobre 2026</time>"),
        "{french}"
    );
    // Lists too: the French home page and a French category page.
    let home = output.read("public/fr/index.html");
    assert!(
        home.contains("<time datetime=\"2026-04-30\">30 avril 2026</time>"),
        "{home}"
    );
    let category = output.read("public/fr/billing/index.html");
    assert!(
        category.contains("<time datetime=\"2026-04-30\">30 avril 2026</time>"),
        "{category}"
    );
    // What machines read: JSON-LD, the feeds, the sitemaps.
    assert!(
        french.contains("\"dateModified\":\"2026-10-02\""),
        "{french}"
    );
    assert!(output
        .read("public/fr/sitemap.xml")
        .contains("<lastmod>2026-10-02</lastmod>"));
    assert!(output
        .read("public/fr/atom.xml")
        .contains("<updated>2026-10-02T00:00:00Z</updated>"));
    // No file but a page holds a written date (Markdown copies, llms.txt, feeds, sitemaps,
    // the search index), in either language.
    let months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let files = output.files_under("public");
    assert!(files.iter().any(|file| file.ends_with("llms.txt")));
    for file in files.iter().filter(|file| !file.ends_with(".html")) {
        let Ok(text) = std::fs::read_to_string(output.root.join("public").join(file)) else {
            continue;
        };
        for month in months {
            assert!(
                !text.contains(&format!("{month} 2026")),
                "{file} has a date written in words: {month} 2026"
            );
        }
    }
}

/// An article without `reviewed` (its `missing-field` made a warning) is listed without a
/// date, and the build succeeds: lists give `local_date` only the dates there are.
#[test]
fn an_article_without_a_review_date_is_listed_without_one() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    let read = |path: &str| std::fs::read_to_string(fixture.join(path)).unwrap();
    let output = build(
        Test::fixture("basic")
            .file(
                "site.toml",
                &format!(
                    "{}\n[check.severity]\nmissing-field = \"warning\"\n",
                    read("site.toml")
                ),
            )
            .file(
                "articles/billing/invoice.md",
                &read("articles/billing/invoice.md").replace("reviewed: 2026-10-15\n", ""),
            ),
    );
    let home = output.read("public/index.html");
    assert!(home.contains("<p class=\"meta\">Reference</p>"), "{home}");
    assert!(home.contains(
        "<p class=\"meta\">How-to · Last reviewed <time datetime=\"2026-09-01\">1 September 2026</time></p>"
    ));
}

/// A draft translation is not published, but a preview (`--drafts`) shows it in its language's
/// site, marked as a draft, and the source's page lists it among its languages.
#[test]
fn a_draft_translation_is_previewed_with_drafts_only() {
    let draft = "---\ntitle: Réglages SIP des téléphones\ndraft: true\nsource_reviewed: 2026-06-19\n---\n## Quand utiliser ces réglages\n\nBrouillon.\n";
    let test = Test::sample_kb().file(
        "articles/hosted-voice/sip-settings-for-desk-phones.fr.md",
        draft,
    );
    let page = "hosted-voice/sip-settings/index.html";
    let published = test.args(&["build", "--today", "2026-11-26"]).expect(0);
    assert!(!published.root.join(format!("public/fr/{page}")).exists());
    assert!(!published
        .read(&format!("public/{page}"))
        .contains("hreflang=\"fr\""));
    let preview = Test::sample_kb()
        .file(
            "articles/hosted-voice/sip-settings-for-desk-phones.fr.md",
            draft,
        )
        .args(&["build", "--drafts", "--today", "2026-11-26"])
        .expect(0);
    let french = preview.read(&format!("public/fr/{page}"));
    assert!(
        french.contains("Brouillon.") && french.contains("class=\"draft-banner\""),
        "{french}"
    );
    assert!(preview
        .read(&format!("public/{page}"))
        .contains("hreflang=\"fr\""));
}

/// A language written right to left gets `<html dir="rtl">`; an untranslated article its site
/// shows in English marks its text `dir="ltr"` as well as `lang="en"`.
#[test]
fn a_right_to_left_language_is_written_right_to_left() {
    let site_toml = include_str!("../site.toml").replace(
        "[languages.fr]\n",
        "[languages.ar]\nname = \"العربية\"\nuntranslated = \"fallback\"\n\n[languages.fr]\n",
    );
    let output = Test::sample_kb()
        .file("site.toml", &site_toml)
        .args(&["build", "--today", "2026-11-26"])
        .expect(0);
    let shown = output.read("public/ar/hosted-voice/sip-settings/index.html");
    assert!(shown.contains("<html lang=\"ar\" dir=\"rtl\">"), "{shown}");
    assert!(
        shown.contains("<h1 lang=\"en\" dir=\"ltr\">SIP settings for desk phones</h1>"),
        "{shown}"
    );
    let french = output.read("public/fr/index.html");
    assert!(french.contains("<html lang=\"fr\">"), "{french}");
}
