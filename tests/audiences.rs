//! Audience builds and checks over the sample KB and small inline KBs: each site holds exactly
//! its articles and sections, and nothing internal ever reaches a public file of any type.

mod support;

use support::{Output, Test};

/// For the basic fixture.
const TODAY: &[&str] = &["--today", "2026-11-01"];
/// For the sample KB, whose newest review is 2026-11-18.
const SAMPLE_TODAY: &[&str] = &["--today", "2026-11-27"];
const PORTAL: &str = "support-portal/cant-access-support-portal/index.html";

/// Text that only the internal audience may ever see, from the sample KB's internal article
/// and its internal sections.
const INTERNAL_ONLY: &[&str] = &[
    "INTERNAL-ONLY-MARKER",
    "Support escalation matrix",
    "escalation-matrix",
    "Notes for Northwind support",
    "notes-for-northwind-support",
    "Handling billing disputes",
    "PORT-2291",
    "Support staff",
    // HTML comments in a public article (added by the public-build test): never published.
    "COMMENT-ONLY-MARKER",
    // The staff-only section of the contact snippet, which a public article includes.
    "SNIPPET-INTERNAL-MARKER",
    "Before you refer a caller",
];

/// A public article whose HTML comments hold internal notes, inline and as blocks.
const COMMENTED: &str = "---\ntitle: Reset a portal password\nsummary: How to reset a Support Portal password.\ntype: how-to\napplies_to: [support-portal]\nreviewed: 2026-11-01\n---\n# Reset a portal password\n\n<!-- COMMENT-ONLY-MARKER-1: escalate to Bob if this fails -->\n\n## Before you start\n\nYou need a portal account.\n\n## Steps\n\nOpen the portal <!-- COMMENT-ONLY-MARKER-2 --> and press <kbd>Reset</kbd>.\n\n<!--\nCOMMENT-ONLY-MARKER-3: the old password\nserver is still up\n-->\n";

/// Every file of a built site, as (path, text), failing if there is none.
fn site_files(output: &Output, folder: &str) -> Vec<(String, String)> {
    let files = output.files_under(folder);
    assert!(files.len() > 20, "{folder} holds a whole site: {files:#?}");
    files
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(output.root.join(folder).join(&file)).unwrap();
            (file, String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

/// Asserts that no file under `folder` contains internal-only text, and that the check
/// covered every kind of file a site has.
fn assert_nothing_internal(output: &Output, folder: &str) {
    let files = site_files(output, folder);
    for (file, text) in &files {
        for marker in INTERNAL_ONLY {
            assert!(
                !text.contains(marker),
                "`{marker}` leaked into {folder}/{file}"
            );
        }
    }
    let mut kinds: Vec<&str> = files
        .iter()
        .map(|(file, _)| file.rsplit_once('.').map_or(file.as_str(), |(_, ext)| ext))
        .collect();
    kinds.sort();
    kinds.dedup();
    for kind in [
        "html",
        "xml",
        "txt",
        "md",
        "json",
        "bin",
        "_redirects",
        "css",
        "js",
        "svg",
    ] {
        assert!(
            kinds.contains(&kind),
            "no .{kind} file was searched: {kinds:?}"
        );
    }
}

#[test]
fn the_public_build_of_the_sample_kb_never_contains_internal_content() {
    let output = Test::sample_kb()
        .file(
            "articles/support-portal/reset-a-portal-password.md",
            COMMENTED,
        )
        .args(&["build"])
        .args(SAMPLE_TODAY)
        .expect(0);
    assert_nothing_internal(&output, "public");
    // It does contain both customer audiences' sections, labelled, and the switch.
    let portal = output.read(&format!("public/{PORTAL}"));
    assert!(portal.contains("If you have a contract with Northwind"));
    assert!(portal.contains("If you bought through a reseller"));
    assert!(portal.contains("For: Customers of wholesale partners"));
    assert!(portal.contains("<form class=\"audience-switch\" hidden data-hidden-one="));
    // The contact snippet's two public sections, labelled like the article's own.
    assert!(portal.contains("Call Northwind support on"));
    assert!(portal.contains("Your reseller handles your support cases"));
    // The commented article was published, without its comments.
    let reset = output.read("public/support-portal/reset-a-portal-password/index.html");
    assert!(reset.contains("and press <kbd>Reset</kbd>."), "{reset}");
}

#[test]
fn each_audience_site_holds_exactly_its_articles_and_sections() {
    let test = Test::sample_kb();
    let wholesale = test
        .args(&["build", "--audience", "wholesale", "--out", "w"])
        .args(SAMPLE_TODAY)
        .expect(0);
    // With the sample's French translations: its site in each language.
    assert!(
        wholesale
            .stderr
            .contains("built the 2 sites (wholesale, wholesale fr)"),
        "{}",
        wholesale.stderr
    );
    assert_nothing_internal(&wholesale, "w");
    let portal = wholesale.read(&format!("w/{PORTAL}"));
    assert!(portal.contains("If you bought through a reseller"));
    assert!(
        !portal.contains("If you have a contract with Northwind"),
        "direct section"
    );
    // Through the contact snippet: the reseller's text, not Northwind's phone number.
    assert!(portal.contains("Your reseller handles your support cases"));
    assert!(
        !portal.contains("Call Northwind support on"),
        "direct snippet section"
    );
    let copy = wholesale.read("w/support-portal/cant-access-support-portal/index.md");
    assert!(
        copy.contains("### Contact your reseller {audience=wholesale}"),
        "{copy}"
    );
    assert!(!copy.contains("Call Northwind support"), "{copy}");
    assert!(
        !portal.contains("audience-switch"),
        "one audience needs no switch"
    );
    assert!(wholesale
        .read("w/index.html")
        .contains("This site is for Customers of wholesale partners."));
    let sitemap = wholesale.read("w/sitemap.xml");
    assert!(
        !sitemap.contains("update-payment-method"),
        "a direct-only article"
    );

    let staff = Test::sample_kb()
        .args(&["build", "--audience", "internal", "--out", "i"])
        .args(SAMPLE_TODAY)
        .expect(0);
    let portal = staff.read(&format!("i/{PORTAL}"));
    for section in [
        "INTERNAL-ONLY-MARKER-7f3a",
        "If you have a contract",
        "If you bought through",
        "SNIPPET-INTERNAL-MARKER-4d2b",
        "Call Northwind support on",
        "Your reseller handles your support cases",
    ] {
        assert!(portal.contains(section), "{section}");
    }
    assert!(staff
        .read("i/internal/escalation-matrix/index.html")
        .contains("INTERNAL-ONLY-MARKER-c91e"));
    assert_eq!(staff.read("i/robots.txt"), "User-agent: *\nDisallow: /\n");
    assert!(staff
        .read("i/index.html")
        .contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
}

#[test]
fn all_audiences_builds_every_site_in_one_run_each_under_its_own_url() {
    let output = Test::sample_kb()
        .args(&["build", "--all-audiences"])
        .args(SAMPLE_TODAY)
        .expect(0);
    assert!(
        output
            .stderr
            .contains("built the 8 sites (public, public fr, direct, direct fr, internal, internal fr, wholesale, wholesale fr)"),
        "{}",
        output.stderr
    );
    assert_nothing_internal(&output, "public/public");
    assert_nothing_internal(&output, "public/direct");
    assert_nothing_internal(&output, "public/wholesale");
    // Links in bodies and pages point into the audience's own site.
    let direct = output.read(&format!("public/direct/{PORTAL}"));
    assert!(
        direct.contains("href=\"/kb/direct/admin-console/assign-roles-in-admin-console/#steps\"")
    );
    assert!(
        !direct.contains("href=\"/kb/admin-console/"),
        "a link into the public site"
    );
    let public = output.read(&format!("public/public/{PORTAL}"));
    assert!(public.contains("href=\"/kb/admin-console/assign-roles-in-admin-console/#steps\""));
    assert!(output
        .read("public/internal/sitemap.xml")
        .contains("https://support.northwind.example/kb/internal/internal/escalation-matrix/"));
}

#[test]
fn an_image_in_an_internal_section_stays_out_of_the_public_site() {
    let test = Test::fixture("basic")
        .file(
            "articles/billing/with-screenshot.md",
            "---\ntitle: Screens\nsummary: s\ntype: how-to\napplies_to: [voice]\nreviewed: 2026-10-01\n---\n\n## Before you start\n\n![Public](public.svg)\n\n## Steps\n\nx\n\n## For staff {audience=staff}\n\n![Admin screen](staff-only.svg)\n\n## Direct {audience=direct}\n\nd\n\n### Resellers too {audience=wholesale}\n\n![Reseller screen](nested.svg)\n",
        )
        .file("articles/billing/public.svg", "<svg/>")
        .file("articles/billing/staff-only.svg", "<svg/>")
        .file("articles/billing/nested.svg", "<svg/>");
    let output = test.args(&["build"]).args(TODAY).expect(0);
    let files = output.files_under("public/billing");
    assert!(files.contains(&"public.svg".to_string()), "{files:#?}");
    assert!(!files.contains(&"staff-only.svg".to_string()), "{files:#?}");
    // A wholesale section inside a direct one: the public page shows it, so its image too.
    let page = output.read("public/billing/with-screenshot/index.html");
    assert!(
        page.contains("Reseller screen"),
        "the page shows the nested section"
    );
    assert!(files.contains(&"nested.svg".to_string()), "{files:#?}");
}

#[test]
fn an_unknown_audience_is_exit_2_with_a_suggestion() {
    for command in ["build", "check", "serve"] {
        let output = Test::sample_kb()
            .args(&[command, "--audience", "wholesal"])
            .args(SAMPLE_TODAY)
            .expect(2);
        assert!(
            output
                .stderr
                .contains("`wholesal` is not an audience of this KB; did you mean `wholesale`?"),
            "{command}: {}",
            output.stderr
        );
    }
}

/// A KB where each audience's site has one broken link of its own.
fn kb_with_a_broken_link_per_audience() -> Test {
    Test::fixture("basic").file(
        "articles/billing/per-audience.md",
        "---\ntitle: Per audience\nsummary: s\ntype: how-to\napplies_to: [voice]\nreviewed: 2026-10-01\n---\n\n## Before you start\n\n[everyone](gone-a.md)\n\n## Steps\n\n### Direct {audience=direct}\n\n[direct](gone-b.md)\n\n### Staff {audience=staff}\n\n[staff](gone-c.md)\n",
    )
}

/// `(line, audiences)` of each broken-link finding in a JSON report.
fn broken_links(output: &Output) -> Vec<(u64, Vec<String>)> {
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "broken-link")
        .map(|d| {
            let audiences = d["audiences"].as_array().unwrap();
            let audiences = audiences.iter().map(|a| a.as_str().unwrap().to_string());
            (d["line"].as_u64().unwrap(), audiences.collect())
        })
        .collect()
}

#[test]
fn check_says_which_sites_have_a_finding_and_checks_one_site_with_audience() {
    let all = kb_with_a_broken_link_per_audience()
        .args(&["check", "--format", "json"])
        .args(TODAY)
        .expect(1);
    let strings = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        broken_links(&all),
        [
            (11, strings(&[])),
            (17, strings(&["direct", "staff"])),
            (21, strings(&["staff"])),
        ]
    );
    let human = kb_with_a_broken_link_per_audience()
        .args(&["check"])
        .args(TODAY)
        .expect(1);
    assert!(human
        .stdout
        .contains("= note: only in the sites for `direct`, `staff`"));
    let lines = |audience: &str| -> Vec<u64> {
        let output = kb_with_a_broken_link_per_audience()
            .args(&["check", "--format", "json", "--audience", audience])
            .args(TODAY)
            .expect(1);
        broken_links(&output)
            .into_iter()
            .map(|(line, _)| line)
            .collect()
    };
    assert_eq!(lines("wholesale"), [11]);
    assert_eq!(lines("direct"), [11, 17]);
    assert_eq!(lines("staff"), [11, 17, 21]);
    // A build of one site stops on the findings in that site.
    let build = kb_with_a_broken_link_per_audience()
        .args(&["build", "--audience", "wholesale"])
        .args(TODAY)
        .expect(1);
    assert!(build.stderr.contains("not publishing"), "{}", build.stderr);
}

#[test]
fn a_finding_only_in_another_audiences_site_does_not_stop_this_one() {
    let test = Test::fixture("basic").file(
        "articles/billing/staff-note.md",
        "---\ntitle: Staff note\nsummary: s\ntype: how-to\napplies_to: [voice]\nreviewed: 2026-10-01\n---\n\n## Before you start\n\nx\n\n## Steps\n\ny\n\n## Staff {audience=staff}\n\n[staff](gone.md)\n",
    );
    let output = test
        .args(&["build", "--audience", "direct"])
        .args(TODAY)
        .expect(0);
    assert!(
        output.stderr.contains("built the site for `direct`"),
        "{}",
        output.stderr
    );
}

/// The basic fixture with variables, one of them overridden for wholesale, and an article
/// that uses them in text, a heading, a link and a wholesale section.
fn kb_with_variables() -> Test {
    let site_toml = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic/site.toml"),
    )
    .unwrap()
    .replace(
        "[audiences.wholesale]\nname = \"Wholesale customers\"\n",
        "[audiences.wholesale]\nname = \"Wholesale customers\"\n[audiences.wholesale.variables]\nsupport_phone = \"+1 555 0199 <reseller line>\"\nportal_url = \"https://partners.example.com\"\n",
    )
    + "\n[variables]\nsupport_phone = \"+1 555 0100\"\nportal_url = \"https://portal.example.com\"\n";
    Test::fixture("basic").file("site.toml", &site_toml).file(
        "articles/billing/call-us.md",
        "---\ntitle: Call us\nsummary: Who to call.\ntype: how-to\napplies_to: [voice]\nreviewed: 2026-10-01\n---\n\n## Steps\n\nCall VARIABLE-PHONE {{ support_phone }} or open [the portal]({{portal_url}}/login).\n\nLiteral: \\{{ support_phone }} and `{{ support_phone }}`.\n\n### Resellers {audience=wholesale}\n\nResellers call {{ support_phone }} too.\n",
    )
}

#[test]
fn each_build_writes_its_own_values_of_the_variables_everywhere() {
    let output = kb_with_variables()
        .args(&["build", "--all-audiences"])
        .args(TODAY)
        .expect(0);
    let page = |site: &str| output.read(&format!("public/{site}/billing/call-us/index.html"));
    let copy = |site: &str| output.read(&format!("public/{site}/billing/call-us/index.md"));
    for site in ["public", "direct"] {
        let html = page(site);
        assert!(html.contains("Call VARIABLE-PHONE +1 555 0100 or open <a href=\"https://portal.example.com/login\">"), "{site}: {html}");
        assert!(
            !html.contains("0199") && !html.contains("partners.example.com"),
            "{site}"
        );
        assert!(copy(site).contains("Call VARIABLE-PHONE +1 555 0100 or open [the portal](https://portal.example.com/login)."), "{site}");
    }
    let wholesale = page("wholesale");
    assert!(
        wholesale.contains("Call VARIABLE-PHONE +1 555 0199 &lt;reseller line&gt; or open <a href=\"https://partners.example.com/login\">"),
        "{wholesale}"
    );
    assert!(
        wholesale.contains("Resellers call +1 555 0199 &lt;reseller line&gt; too."),
        "{wholesale}"
    );
    assert!(!wholesale.contains("0100"), "{wholesale}");
    assert!(copy("wholesale").contains("Resellers call +1 555 0199 <reseller line> too."));
    // The staff site (internal) sees every section, with the base values.
    assert!(page("staff").contains("Resellers call +1 555 0100 too."));
    for site in ["public", "wholesale", "staff"] {
        let html = page(site);
        assert!(
            html.contains("Literal: {{ support_phone }} and <code>{{ support_phone }}</code>."),
            "{site}: {html}"
        );
        assert!(
            copy(site).contains("Literal: \\{{ support_phone }} and `{{ support_phone }}`."),
            "{site}"
        );
    }
    // Search finds each site's own number.
    let wholesale_words = search_words(&output, "public/wholesale");
    assert!(wholesale_words.contains("0199"), "{wholesale_words}");
    assert!(!search_words(&output, "public/public").contains("0199"));
}

/// Every text file of a site's search index, concatenated, for what words it holds.
fn search_words(output: &Output, folder: &str) -> String {
    output
        .files_under(folder)
        .into_iter()
        .filter(|file| file.starts_with("search"))
        .map(|file| {
            String::from_utf8_lossy(&std::fs::read(output.root.join(folder).join(file)).unwrap())
                .into_owned()
        })
        .collect()
}

#[test]
fn a_lone_audience_build_uses_its_values_and_check_reports_an_unknown_name() {
    let output = kb_with_variables()
        .args(&["build", "--audience", "wholesale", "--out", "w"])
        .args(TODAY)
        .expect(0);
    // Published at the site's own base URL, this build reuses the HTML made at load (with the
    // base values) for every body but the ones using a variable wholesale overrides.
    let html = output.read("w/billing/call-us/index.html");
    assert!(
        html.contains("Call VARIABLE-PHONE +1 555 0199 &lt;reseller line&gt;"),
        "{html}"
    );
    assert!(!html.contains("0100"), "{html}");
    let copy = output.read("w/billing/call-us/index.md");
    assert!(
        copy.contains("[the portal](https://partners.example.com/login)"),
        "{copy}"
    );
    let words = search_words(&output, "w");
    assert!(words.contains("0199") && !words.contains("0100"), "{words}");
    let broken = kb_with_variables()
        .file(
            "articles/billing/typo.md",
            "---\ntitle: Typo\nsummary: s\ntype: how-to\napplies_to: [voice]\nreviewed: 2026-10-01\n---\n\n## Steps\n\nCall {{ suport_phone }}.\n",
        )
        .args(&["check"])
        .args(TODAY)
        .expect(1);
    assert!(
        broken.stdout.contains("articles/billing/typo.md:11:6")
            && broken.stdout.contains("did you mean `support_phone`?"),
        "{}",
        broken.stdout
    );
}
