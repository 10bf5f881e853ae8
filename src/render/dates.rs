//! Dates as a page shows them, in the site's language: `2 novembre 2023` for the ISO date
//! `2023-11-02` on a French page.
//!
//! The pattern and the month names are theme words (`date_format`, `date_first_day`,
//! `month_1` ... `month_12` of `i18n/<language>.toml`), so they fall back and are overridden
//! like every other word. Templates ask for them with the `local_date` filter
//! (`{{ page.reviewed | local_date }}`); what machines read (`<time datetime>`, feeds,
//! sitemaps, JSON-LD, Markdown copies) keeps the ISO date.

use anyhow::Context as _;

use super::theme::Strings;

/// The filter templates call: `{{ page.reviewed | local_date }}`.
pub const FILTER: &str = "local_date";

/// The theme word holding the pattern, with `{day}`, `{month}` and `{year}` in it.
pub const PATTERN_WORD: &str = "date_format";

/// The theme word for the first day of a month, which some languages write apart (`1er`).
const FIRST_DAY_WORD: &str = "date_first_day";

/// One part of a date pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Day,
    Month,
    Year,
}

/// A language's way of writing a date, read once from its words, so formatting a date is a
/// walk over a few parts and one allocation (the filter runs for every article of every list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat {
    parts: Vec<Part>,
    months: [String; 12],
    first_day: String,
}

impl DateFormat {
    /// The format of a language's words (see [`super::Theme::strings_for`]).
    pub fn from_words(words: &Strings) -> anyhow::Result<DateFormat> {
        let word = |key: &str| {
            words
                .get(key)
                .with_context(|| format!("the theme has no word `{key}` for dates"))
        };
        let pattern = word(PATTERN_WORD)?;
        let parts = parse_pattern(pattern)
            .map_err(|problem| anyhow::anyhow!("theme word `{PATTERN_WORD}`: {problem}"))?;
        let mut months: [String; 12] = Default::default();
        for (number, month) in (1..).zip(months.iter_mut()) {
            month.clone_from(word(&format!("month_{number}"))?);
        }
        Ok(DateFormat {
            parts,
            months,
            first_day: word(FIRST_DAY_WORD)?.clone(),
        })
    }

    /// `date` written in this language.
    pub fn format(&self, date: jiff::civil::Date) -> String {
        let mut text = String::with_capacity(32);
        for part in &self.parts {
            match part {
                Part::Text(literal) => text.push_str(literal),
                Part::Day if date.day() == 1 => text.push_str(&self.first_day),
                Part::Day => push_decimal(&mut text, date.day().unsigned_abs().into()),
                // `month()` is 1 to 12.
                Part::Month => {
                    text.push_str(&self.months[usize::from(date.month().unsigned_abs()) - 1])
                }
                Part::Year => push_decimal(&mut text, date.year().unsigned_abs()),
            }
        }
        text
    }

    /// An ISO date (`2023-11-02`, as templates get them) written in this language; anything
    /// else is an error that says what the filter takes.
    pub fn format_iso(&self, value: &tera::Value) -> Result<String, String> {
        let date = value.as_str().and_then(parse_iso_date).ok_or_else(|| {
            format!(
                "`{FILTER}` takes a date written YYYY-MM-DD (such as `page.reviewed`), not {}",
                describe(value)
            )
        })?;
        Ok(self.format(date))
    }

    /// Registers the `local_date` filter with this format on `tera` (before its templates are
    /// added: Tera refuses a template naming an unknown filter).
    pub fn register(self, tera: &mut tera::Tera) {
        tera.register_filter(
            FILTER,
            move |value: &tera::Value, _: tera::Kwargs, _: &tera::State| {
                self.format_iso(value).map_err(tera::Error::message)
            },
        );
    }
}

/// A pattern's parts: text, and `{day}`, `{month}`, `{year}`. Any other `{...}` is refused
/// with the three names, so a misspelt one does not show on every page.
fn parse_pattern(pattern: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(Part::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("`{pattern}` has a `{{` without a `}}`; {}", PATTERN_HELP))?;
        parts.push(match &after[..close] {
            "day" => Part::Day,
            "month" => Part::Month,
            "year" => Part::Year,
            other => {
                return Err(format!(
                    "`{{{other}}}` in `{pattern}` is not a part of a date; {PATTERN_HELP}"
                ))
            }
        });
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_string()));
    }
    Ok(parts)
}

const PATTERN_HELP: &str =
    "write the date with {day}, {month} and {year}, e.g. \"{day} {month} {year}\"";

/// Checks `pattern` as [`DateFormat`] will read it, for the theme loader's located message.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    parse_pattern(pattern).map(|_| ())
}

/// `YYYY-MM-DD` exactly (no time, no other form jiff would accept), as a real day (jiff
/// checks the month and the day of the month). Read digit by digit, without jiff's parser of
/// every ISO 8601 form: this runs for every date of every list.
fn parse_iso_date(text: &str) -> Option<jiff::civil::Date> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(at, byte)| match at {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    let number = |digits: &[u8]| {
        (digits.iter()).fold(0i16, |number, digit| number * 10 + i16::from(digit - b'0'))
    };
    // At most 9999 and 99: they fit.
    let (year, month, day) = (
        number(&bytes[..4]),
        number(&bytes[5..7]),
        number(&bytes[8..]),
    );
    jiff::civil::Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// Writes `number` in decimal digits (without `format!`'s machinery, per date of every list).
fn push_decimal(text: &mut String, mut number: u16) {
    let mut digits = [0u8; 5];
    let mut start = digits.len();
    loop {
        start -= 1;
        // A digit: below 10.
        digits[start] = b'0' + (number % 10) as u8;
        number /= 10;
        if number == 0 {
            break;
        }
    }
    text.extend(digits[start..].iter().map(|digit| char::from(*digit)));
}

/// A value as an error message shows it: text quoted, short; others by type.
fn describe(value: &tera::Value) -> String {
    match value.as_str() {
        Some(text) => {
            let shown: String = text.chars().take(40).collect();
            let more = if shown.len() < text.len() { "…" } else { "" };
            // The message reaches a terminal: control characters of KB text shown as text.
            let shown = crate::report::visible::text(&shown);
            format!("`{shown}{more}`")
        }
        None if value.is_none() || value.is_undefined() => "an empty value (none)".to_string(),
        None => format!("a value of type {}", value.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Theme;
    use std::path::Path;

    fn date(text: &str) -> jiff::civil::Date {
        text.parse().unwrap()
    }

    fn format_in(theme: &Theme, language: &str, text: &str) -> String {
        DateFormat::from_words(&theme.strings_for(language))
            .unwrap()
            .format(date(text))
    }

    #[test]
    fn the_shipped_languages_write_dates_their_way() {
        let theme = Theme::load(Path::new("/nonexistent"), "default").unwrap();
        for (language, second, first) in [
            ("en", "2 November 2023", "1 December 2026"),
            ("fr", "2 novembre 2023", "1er décembre 2026"),
            ("de", "2. November 2023", "1. Dezember 2026"),
            ("es", "2 de noviembre de 2023", "1 de diciembre de 2026"),
        ] {
            assert_eq!(format_in(&theme, language, "2023-11-02"), second);
            assert_eq!(format_in(&theme, language, "2026-12-01"), first);
        }
        // Every month has its own name.
        let french: Vec<String> = (1..=12)
            .map(|month| format_in(&theme, "fr", &format!("2024-{month:02}-15")))
            .collect();
        assert_eq!(
            french.join(", "),
            "15 janvier 2024, 15 février 2024, 15 mars 2024, 15 avril 2024, 15 mai 2024, \
             15 juin 2024, 15 juillet 2024, 15 août 2024, 15 septembre 2024, \
             15 octobre 2024, 15 novembre 2024, 15 décembre 2024"
        );
    }

    #[test]
    fn a_language_without_words_falls_back_to_its_primary_language_then_english() {
        let theme = Theme::load(Path::new("/nonexistent"), "default").unwrap();
        assert_eq!(format_in(&theme, "fr-CA", "2023-11-02"), "2 novembre 2023");
        assert_eq!(format_in(&theme, "de-at", "2023-11-02"), "2. November 2023");
        assert_eq!(format_in(&theme, "it", "2023-11-02"), "2 November 2023");
    }

    #[test]
    fn a_kb_overrides_the_pattern_and_the_months() {
        let dir = tempfile::tempdir().unwrap();
        let i18n = dir.path().join("themes/default/i18n");
        std::fs::create_dir_all(&i18n).unwrap();
        std::fs::write(
            i18n.join("en-us.toml"),
            "date_format = \"{month} {day}, {year}\"\n",
        )
        .unwrap();
        std::fs::write(
            i18n.join("it.toml"),
            "date_format = \"{day} {month} {year}\"\ndate_first_day = \"1º\"\nmonth_11 = \"novembre\"\nmonth_12 = \"dicembre\"\n",
        )
        .unwrap();
        let theme = Theme::load(dir.path(), "default").unwrap();
        assert_eq!(format_in(&theme, "en-US", "2023-11-02"), "November 2, 2023");
        assert_eq!(
            format_in(&theme, "en", "2023-11-02"),
            "2 November 2023",
            "only en-us changes"
        );
        assert_eq!(format_in(&theme, "it", "2023-11-02"), "2 novembre 2023");
        assert_eq!(format_in(&theme, "it", "2026-12-01"), "1º dicembre 2026");
        assert_eq!(
            format_in(&theme, "it", "2026-10-01"),
            "1º October 2026",
            "a month it does not name is English"
        );
    }

    #[test]
    fn a_pattern_with_an_unknown_part_is_refused_where_it_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let i18n = dir.path().join("themes/default/i18n");
        std::fs::create_dir_all(&i18n).unwrap();
        std::fs::write(
            i18n.join("fr.toml"),
            "date_format = \"{weekday} {day} {month}\"\n",
        )
        .unwrap();
        let error = Theme::load(dir.path(), "default").unwrap_err().to_string();
        assert_eq!(
            error,
            "themes/default/i18n/fr.toml: `date_format`: `{weekday}` in `{weekday} {day} {month}` is not a part of a date; write the date with {day}, {month} and {year}, e.g. \"{day} {month} {year}\""
        );
        std::fs::write(i18n.join("fr.toml"), "date_format = \"{day {month}\"\n").unwrap();
        let error = Theme::load(dir.path(), "default").unwrap_err().to_string();
        assert!(
            error.contains("`{day {month}` is not a part of a date"),
            "{error}"
        );
        std::fs::write(i18n.join("fr.toml"), "date_format = \"{day} {month\"\n").unwrap();
        let error = Theme::load(dir.path(), "default").unwrap_err().to_string();
        assert!(
            error.contains("`{day} {month` has a `{` without a `}`"),
            "{error}"
        );
    }

    #[test]
    fn only_an_iso_date_is_formatted() {
        let theme = Theme::load(Path::new("/nonexistent"), "default").unwrap();
        let format = DateFormat::from_words(&theme.strings_for("fr")).unwrap();
        let text = |s: &str| tera::Value::from(s);
        assert_eq!(
            format.format_iso(&text("2023-11-02")).as_deref(),
            Ok("2 novembre 2023")
        );
        assert_eq!(
            format.format_iso(&text("2024-02-29")).as_deref(),
            Ok("29 février 2024")
        );
        assert_eq!(
            format.format_iso(&text("0999-12-31")).as_deref(),
            Ok("31 décembre 999")
        );
        for (value, shown) in [
            (text("2023-02-29"), "`2023-02-29`"),
            (text("2023-02-30"), "`2023-02-30`"),
            (text("2023-13-01"), "`2023-13-01`"),
            (text("2023-00-10"), "`2023-00-10`"),
            (text("2023-11-2"), "`2023-11-2`"),
            (text("2023-11-02T10:00"), "`2023-11-02T10:00`"),
            (text("２０２３-11-02"), "`２０２３-11-02`"),
            (text("soon"), "`soon`"),
            (
                text("\u{1b}[31mred\nA very long text that is not a date at all"),
                "`\\x1b[31mred\\nA very long text that is not a …`",
            ),
            (tera::Value::from(20231102), "a value of type i64"),
            (tera::Value::none(), "an empty value (none)"),
        ] {
            assert_eq!(
                format.format_iso(&value),
                Err(format!(
                    "`local_date` takes a date written YYYY-MM-DD (such as `page.reviewed`), not {shown}"
                ))
            );
        }
    }

    /// The default theme's pages in German: the review date, and a scheduled article's date in
    /// a preview (the notice and the list's badge, where the date is put into a sentence).
    #[test]
    fn pages_show_their_dates_in_the_sites_language() {
        use crate::check::testing::*;
        let config = SITE_TOML.replace(
            "base_url = \"https://example.com/kb/\"\n",
            "base_url = \"https://example.com/kb/\"\nlanguage = \"de\"\n",
        );
        let scheduled = article("## Steps\n\nText.\n").replace(
            "reviewed: 2026-10-01\n",
            "reviewed: 2026-10-01\npublish_after: 2026-12-01\n",
        );
        let site = kb_with_site_toml(&config, &[("articles/a.md", &scheduled)]);
        let theme = Theme::load(&site.root, "default").unwrap();
        let options = crate::render::Options {
            variant: crate::variant::Variant::alone(&site.config, crate::audience::Readers::Public),
            include_drafts: true,
            today: today(),
        };
        let sink = crate::serve::build::MemorySink::default();
        crate::render::render(&site, &theme, &options, &sink).unwrap();
        let built = sink.finish();
        let page = |path: &str| String::from_utf8_lossy(built.get(path).unwrap()).to_string();
        let article = page("a/index.html");
        for words in [
            "<time datetime=\"2026-10-01\">1. Oktober 2026</time>",
            "Dieser Artikel wird am 1. Dezember 2026 veröffentlicht",
        ] {
            assert!(article.contains(words), "{words}: {article}");
        }
        let home = page("index.html");
        assert!(
            home.contains(">Geplant für den 1. Dezember 2026</span>"),
            "{home}"
        );
    }

    #[test]
    fn a_template_that_gives_the_filter_no_date_gets_a_located_error() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(
            templates.join("404.html"),
            "{{ \"2026-12-01\" | local_date }}\n{{ \"soon\" | local_date }}\n",
        )
        .unwrap();
        let theme = Theme::load(dir.path(), "default").unwrap();
        let tera = theme.compile(&theme.strings_for("de")).unwrap();
        let error = tera
            .render("404.html", &tera::Context::new())
            .map_err(|error| theme.template_error(&error))
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("template error in themes/default/templates/404.html:2:"),
            "{error}"
        );
        assert!(error.contains("not `soon`"), "{error}");
    }
}
