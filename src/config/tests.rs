//! `site.toml` parsing: accepted settings, and errors located with their fix.

use super::*;

fn parse(text: &str) -> Result<SiteConfig, ConfigError> {
    SiteConfig::parse(Path::new("site.toml"), text)
}

const MINIMAL: &str = "title = \"KB\"\nbase_url = \"https://example.com/kb\"\n";

#[test]
fn fills_defaults() {
    let config = parse(MINIMAL).unwrap();
    assert_eq!(config.output_dir, "public");
    assert_eq!(config.check.max_review_age_days, 365);
    assert_eq!(config.base_url(), "https://example.com/kb/");
    assert_eq!(config.base_path(), "/kb/");
}

#[test]
fn audience_base_urls_must_be_http_and_public_is_reserved() {
    let bad = parse(&format!(
        "{MINIMAL}[audiences.partners]\nname = \"P\"\nbase_url = \"partners.example.com\"\n"
    ))
    .unwrap_err();
    assert_eq!(bad.line, 3, "{}", bad.message);
    assert!(bad.message.contains("`base_url` of audience `partners`"));
    let reserved = parse(&format!("{MINIMAL}[audiences.public]\nname = \"P\"\n")).unwrap_err();
    assert!(reserved
        .message
        .contains("`public` cannot be an audience id"));
    let fine = parse(&format!(
        "{MINIMAL}[audiences.partners]\nname = \"P\"\nbase_url = \"https://p.example.com/kb\"\n"
    ))
    .unwrap();
    assert_eq!(
        fine.audiences["partners"].base_url.as_deref(),
        Some("https://p.example.com/kb")
    );
}

#[test]
fn base_path_of_a_bare_domain_is_slash() {
    let config = parse("title = \"KB\"\nbase_url = \"https://example.com\"\n").unwrap();
    assert_eq!(config.base_path(), "/");
}

#[test]
fn unknown_keys_name_the_key_its_line_and_the_closest_key() {
    let error = parse(&format!(
        "{MINIMAL}\n[products.voice]\nname = \"V\"\ndescripton = \"x\"\n"
    ))
    .unwrap_err();
    assert_eq!((error.line, error.column), (6, 1));
    assert!(error.message.contains("descripton"), "{}", error.message);
    assert_eq!(error.help.as_deref(), Some("did you mean `description`?"));
}

#[test]
fn rejects_bad_ids_and_urls_with_their_line() {
    let error = parse(&format!("{MINIMAL}[roles.Portal_Admin]\nname = \"P\"\n")).unwrap_err();
    assert_eq!(error.line, 3);
    assert!(parse("title = \"KB\"\nbase_url = \"example.com\"\n").is_err());
}

#[test]
fn rejects_unknown_severity_codes() {
    let error = parse(&format!(
        "{MINIMAL}[check.severity]\nstale-articel = \"error\"\n"
    ))
    .unwrap_err();
    assert_eq!(error.help.as_deref(), Some("did you mean `stale-article`?"));
}

#[test]
fn feedback_url_errors_are_located_in_their_table() {
    assert!(parse(MINIMAL).unwrap().feedback.is_none());
    let table =
        |url: &str| format!("{MINIMAL}description = \" url\"\n[feedback]\nurl = \"{url}\"\n");
    assert!(parse(&table("/api/feedback")).is_ok_and(|c| c.feedback.is_some()));
    let error = parse(&table("feedback.example.com")).unwrap_err();
    assert_eq!((error.line, error.column), (5, 1), "{}", error.message);
    assert!(error.message.contains("[feedback]"), "{}", error.message);
}

#[test]
fn raw_html_is_sanitized_unless_the_site_escapes_it() {
    use crate::markdown::RawHtmlPolicy;
    assert_eq!(
        parse(MINIMAL).unwrap().markdown.raw_html,
        RawHtmlPolicy::Sanitize
    );
    let escape = parse(&format!("{MINIMAL}[markdown]\nraw_html = \"escape\"\n")).unwrap();
    assert_eq!(escape.markdown.raw_html, RawHtmlPolicy::Escape);
    let error = parse(&format!("{MINIMAL}[markdown]\nraw_html = \"strip\"\n")).unwrap_err();
    assert_eq!((error.line, error.column), (4, 12));
    assert!(
        error
            .message
            .contains("unknown variant `strip`, expected `sanitize` or `escape`"),
        "{}",
        error.message
    );
}

#[test]
fn search_is_on_unless_turned_off() {
    assert!(parse(MINIMAL).unwrap().search.enabled);
    let off = parse(&format!("{MINIMAL}[search]\nenabled = false\n")).unwrap();
    assert!(!off.search.enabled);
    let error = parse(&format!("{MINIMAL}[search]\nenable = false\n")).unwrap_err();
    assert_eq!(
        (error.line, error.help.as_deref()),
        (4, Some("did you mean `enabled`?"))
    );
}

#[test]
fn search_synonyms_are_groups_of_words_or_phrases() {
    assert!(parse(MINIMAL).unwrap().search.synonyms.is_empty());
    let text = format!("{MINIMAL}[search.synonyms]\n\"sign in\" = [\"log in\", \"login\"]\n");
    let config = parse(&text).unwrap();
    assert_eq!(config.search.synonyms["sign in"], ["log in", "login"]);
    assert!(config.search.enabled);
    // A phrase's synonyms are a list.
    assert!(parse(&format!(
        "{MINIMAL}[search.synonyms]\nlogin = \"sign in\"\n"
    ))
    .is_err());
}

#[test]
fn identifiers() {
    assert!(is_identifier("hosted-voice2"));
    assert!(!is_identifier("Hosted"));
    assert!(!is_identifier("-x"));
    assert!(!is_identifier(""));
}

#[test]
fn links_and_custom_fields_are_read() {
    let config = parse(&format!(
        "{MINIMAL}[links]\nsite_root = \"https://learn.example.com\"\nschemes = [\"ms-settings\"]\n\n[fields.\"ms.author\"]\ntype = \"text\"\n[fields.ticket]\ntype = \"list\"\nvalues = [\"a\", \"b\"]\nrequired = true\n"
    ))
    .unwrap();
    assert_eq!(
        config.links.site_root.as_deref(),
        Some("https://learn.example.com")
    );
    assert_eq!(config.links.schemes, vec!["ms-settings"]);
    assert_eq!(config.fields["ms.author"].field_type, FieldType::Text);
    assert!(config.fields["ticket"].required);
    assert_eq!(
        config.fields["ticket"].values.as_deref(),
        Some(&["a".to_string(), "b".to_string()][..])
    );
}

#[test]
fn a_custom_field_named_like_a_built_in_one_is_located() {
    let error = parse(&format!(
        "{MINIMAL}\n[fields.\"ms.date\"]\ntype = \"date\"\n[fields.title]\ntype = \"text\"\n"
    ))
    .unwrap_err();
    assert_eq!((error.line, error.column), (6, 1), "{}", error.message);
    assert!(error.message.contains("`title` in [fields] is a built-in"));
    let bad_type = parse(&format!("{MINIMAL}[fields.x]\ntype = \"txt\"\n")).unwrap_err();
    assert_eq!(bad_type.line, 4, "{}", bad_type.message);
}

#[test]
fn link_settings_are_validated() {
    let error = parse(&format!(
        "{MINIMAL}[links]\nsite_root = \"learn.example.com\"\n"
    ))
    .unwrap_err();
    assert_eq!(error.line, 4, "{}", error.message);
    let error = parse(&format!("{MINIMAL}[links]\nschemes = [\"ms-settings:\"]\n")).unwrap_err();
    assert!(
        error.message.contains("`ms-settings:`"),
        "{}",
        error.message
    );
}

#[test]
fn owners_are_read_and_their_handles_and_defaults_validated() {
    let config = parse(&format!(
        "{MINIMAL}[owners.voice-docs]\nname = \"Voice docs\"\nhandle = \"@acme/voice-docs\"\ndefault = true\n[owners.legal]\nname = \"Legal\"\nhandle = \"legal@example.com\"\n[owners.jdoe]\nname = \"J. Doe\"\nhandle = \"@jdoe\"\n"
    ))
    .unwrap();
    let voice = &config.owners["voice-docs"];
    assert_eq!(voice.name, "Voice docs");
    assert_eq!(voice.handle.as_deref(), Some("@acme/voice-docs"));
    assert!(voice.default && !config.owners["legal"].default);

    for bad in [
        "@acme voice",
        "acme/voice-docs",
        "@acme/",
        "#docs",
        "docs@localhost",
    ] {
        let error = parse(&format!(
            "{MINIMAL}[owners.voice-docs]\nname = \"V\"\nhandle = \"{bad}\"\n"
        ))
        .unwrap_err();
        assert_eq!(
            error.message,
            format!("`handle` of owner `voice-docs` is not a code-review handle: `{bad}`")
        );
        assert_eq!(error.line, 3, "{bad}");
    }
    let two_defaults = parse(&format!(
        "{MINIMAL}[owners.a]\nname = \"A\"\ndefault = true\n[owners.b]\nname = \"B\"\ndefault = true\n"
    ))
    .unwrap_err();
    assert_eq!(
        two_defaults.message,
        "more than one default owner: `a`, `b`"
    );
    assert_eq!(two_defaults.line, 6);
    let bad_id = parse(&format!("{MINIMAL}[owners.Voice_Docs]\nname = \"V\"\n")).unwrap_err();
    assert_eq!(bad_id.message, "`Voice_Docs` in [owners] is not a valid id");
}

#[test]
fn variables_have_base_values_and_audience_overrides_of_declared_names() {
    let config = parse(&format!(
        "{MINIMAL}[variables]\nsupport_phone = \"+1 555 0100\"\nportal-url = \"https://p.example.com\"\n\n[audiences.wholesale]\nname = \"W\"\n[audiences.wholesale.variables]\nsupport_phone = \"+1 555 0199\"\n"
    ))
    .unwrap();
    assert_eq!(config.variables["support_phone"], "+1 555 0100");
    assert_eq!(
        config.audiences["wholesale"].variables["support_phone"],
        "+1 555 0199"
    );
}

#[test]
fn an_override_of_an_undeclared_variable_is_located_with_the_closest_name() {
    let error = parse(&format!(
        "{MINIMAL}[variables]\nsupport_phone = \"+1 555 0100\"\n\n[audiences.wholesale]\nname = \"W\"\n[audiences.wholesale.variables]\nsuport_phone = \"+1 555 0199\"\n"
    ))
    .unwrap_err();
    assert_eq!((error.line, error.column), (9, 1), "{error}");
    assert_eq!(
        error.message,
        "`suport_phone` in [audiences.wholesale.variables] is not declared in [variables]"
    );
    assert!(
        error
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `support_phone`? an audience only overrides"),
        "{error}"
    );
}

#[test]
fn bad_variable_names_values_and_types_are_located() {
    let name = parse(&format!(
        "{MINIMAL}[variables]\n\"support phone\" = \"x\"\n"
    ))
    .unwrap_err();
    assert_eq!(name.line, 4, "{name}");
    assert_eq!(
        name.message,
        "`support phone` in [variables] is not a valid variable name"
    );
    let line_break = parse(&format!(
        "{MINIMAL}[variables]\nphone = \"\"\"\na\nb\"\"\"\n"
    ))
    .unwrap_err();
    assert_eq!(line_break.line, 4, "{line_break}");
    assert!(
        line_break.message.contains("has a line break"),
        "{line_break}"
    );
    let number = parse(&format!("{MINIMAL}[variables]\nphone = 5550100\n")).unwrap_err();
    assert_eq!(number.line, 4, "{number}");
}

#[test]
fn translation_languages_are_language_tags_other_than_the_default_one() {
    let config = parse(&format!(
        "{MINIMAL}language = \"en-US\"\n[languages.fr]\nname = \"Français\"\n[languages.pt-br]\nname = \"Português\"\nrequired = true\n"
    ))
    .unwrap();
    assert_eq!(config.languages.keys().collect::<Vec<_>>(), ["fr", "pt-br"]);
    assert!(config.languages["pt-br"].required && !config.languages["fr"].required);
    let cases = [
        (
            "[languages.FR]\nname = \"F\"\n",
            3,
            "`FR` in [languages] is not a language tag",
        ),
        (
            "[languages.french]\nname = \"F\"\n",
            3,
            "`french` in [languages] is not a language tag",
        ),
        (
            "[languages.en]\nname = \"E\"\n",
            3,
            "`en` is the default `language`",
        ),
        (
            "[languages.fr]\nname = \"F\"\nbase_url = \"fr.example.com\"\n",
            3,
            "`base_url` of language `fr`",
        ),
        (
            "language = \"English\"\n",
            3,
            "`language` must be a language tag",
        ),
        (
            "[languages.fr]\nname = \"F\"\n[products.voice]\nname = \"Voice\"\ntranslations.de = { name = \"Stimme\" }\n",
            5,
            "`translations.de` of `voice` in [products] names no language of [languages]",
        ),
        (
            "[languages.fr]\nname = \"F\"\nuntranslated = \"english\"\n",
            5,
            "unknown variant `english`, expected `omit` or `fallback`",
        ),
    ];
    for (extra, line, message) in cases {
        let error = parse(&format!("{MINIMAL}{extra}")).unwrap_err();
        assert!(
            error.message.contains(message),
            "{extra}: {}",
            error.message
        );
        assert_eq!(error.line, line, "{extra}: {}", error.message);
    }
}
