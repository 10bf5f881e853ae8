//! Snippets through the CLI, over the `snippets` fixture: a clean check, every audience's site
//! cut through the snippets (pages, Markdown copies, copied images), and a finding in a
//! snippet reported once at its line with the articles that include it.

mod support;

use support::Test;

const TODAY: &[&str] = &["--today", "2026-11-01"];

#[test]
fn the_snippets_fixture_checks_clean() {
    let output = Test::fixture("snippets")
        .args(&["check", "--strict"])
        .args(TODAY)
        .expect(0);
    assert!(
        output.stdout.contains("no problems found"),
        "{}",
        output.stdout
    );
}

#[test]
fn each_site_shows_what_both_the_snippet_and_its_place_allow() {
    let output = Test::fixture("snippets")
        .args(&["build", "--all-audiences", "--out", "sites"])
        .args(TODAY)
        .expect(0);
    let page = |site: &str, file: &str| output.read(&format!("sites/{site}/calls/{file}"));
    let expected: &[(&str, &[&str], &[&str])] = &[
        (
            "public",
            &[
                "DIRECT-CONTACT-TEXT",
                "WHOLESALE-CONTACT-TEXT",
                "PREREQUISITE-TEXT",
            ],
            &["STAFF-CONTACT-TEXT", "HOURS-TEXT"],
        ),
        (
            "direct",
            &["DIRECT-CONTACT-TEXT", "PREREQUISITE-TEXT"],
            &["WHOLESALE-CONTACT-TEXT", "STAFF-CONTACT-TEXT", "HOURS-TEXT"],
        ),
        (
            "wholesale",
            &["WHOLESALE-CONTACT-TEXT"],
            &[
                "DIRECT-CONTACT-TEXT",
                "PREREQUISITE-TEXT",
                "STAFF-CONTACT-TEXT",
                "HOURS-TEXT",
            ],
        ),
        (
            "staff",
            &[
                "DIRECT-CONTACT-TEXT",
                "WHOLESALE-CONTACT-TEXT",
                "STAFF-CONTACT-TEXT",
                "HOURS-TEXT",
                "PREREQUISITE-TEXT",
            ],
            &[],
        ),
    ];
    for (site, shown, hidden) in expected {
        let html = page(site, "forward-calls/index.html");
        let copy = page(site, "forward-calls/index.md");
        for text in *shown {
            assert!(html.contains(text) && copy.contains(text), "{site}: {text}");
        }
        for text in *hidden {
            assert!(
                !html.contains(text) && !copy.contains(text),
                "{site}: {text}"
            );
        }
        // The other includer shows the same snippet.
        let voicemail = page(site, "set-up-voicemail/index.html");
        assert_eq!(
            voicemail.contains("STAFF-CONTACT-TEXT"),
            html.contains("STAFF-CONTACT-TEXT"),
            "{site}"
        );
        // The chart is linked only from the staff section: copied into the staff site only.
        let chart = output
            .root
            .join(format!("sites/{site}/assets/escalation.svg"));
        assert_eq!(chart.exists(), *site == "staff", "{site}");
        assert!(
            html.contains("<code>{{&gt; contact }}</code> in code is text."),
            "{site}"
        );
    }
    // The include inside the list item keeps its place and indentation in the copy.
    let copy = page("direct", "forward-calls/index.md");
    assert!(
        copy.contains("1. Open the portal.\n\n   You need the Portal Admin role: see [the portal guide](../articles/calls/forward-calls.md#steps). PREREQUISITE-TEXT\n\n2. Choose"),
        "{copy}"
    );
}

#[test]
fn a_broken_link_in_a_snippet_is_one_finding_at_its_line_naming_every_includer() {
    let output = Test::fixture("snippets")
        .file(
            "snippets/calls/hours.md",
            "Staff hours: see [the rota](../../articles/calls/rota.md).\n",
        )
        .args(&["check", "--format", "json"])
        .args(TODAY)
        .expect(1);
    let json: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let found = json["diagnostics"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["code"], "broken-link");
    assert_eq!(found[0]["file"], "snippets/calls/hours.md");
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(1), Some(18))
    );
    assert_eq!(
        found[0]["included_by"],
        serde_json::json!([
            "articles/calls/forward-calls.md",
            "articles/calls/set-up-voicemail.md"
        ])
    );
    // Inside the staff section of `contact`: only the staff site has it.
    assert_eq!(found[0]["audiences"], serde_json::json!(["staff"]));
}
