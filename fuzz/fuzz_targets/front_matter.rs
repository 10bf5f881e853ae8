//! Front matter: bytes -> text -> `---` block -> YAML fields -> typed schema. Nothing may panic,
//! every range and position handed to diagnostics must lie inside the article text, and the
//! fields must be what serde_yaml alone reads (the fast path may only decline, never differ).
#![no_main]

use kbpress::front_matter::{self, schema, yaml, Block};
use kbpress::source::{self, LineIndex};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = source::decode(data.to_vec()) else {
        return;
    };
    assert!(!text.contains('\r'), "line endings are normalised");
    let lines = LineIndex::new(&text);
    let max_line = lines.line_count() as u32;
    let Block::Closed { yaml, body_start } = front_matter::split(&text) else {
        return;
    };
    assert!(yaml.start <= yaml.end && yaml.end <= body_start && body_start <= text.len());
    assert!(text.is_char_boundary(yaml.start) && text.is_char_boundary(yaml.end));
    assert!(text.is_char_boundary(body_start));
    let parsed = yaml::parse(&text, yaml.clone());
    let reference = yaml::parse_without_fast_path(&text, yaml.clone());
    match (&parsed, &reference) {
        (Ok(fast), Ok(slow)) => {
            let pairs = |fields: &[yaml::RawField]| -> Vec<(String, yaml::Value)> {
                fields
                    .iter()
                    .map(|f| (f.key.clone(), f.value.clone()))
                    .collect()
            };
            assert_eq!(pairs(fast), pairs(slow), "fast path and serde_yaml differ");
        }
        (Err(fast), Err(slow)) => assert_eq!(fast, slow),
        _ => panic!("fast path {parsed:?} but serde_yaml {reference:?}"),
    }
    match parsed {
        Ok(fields) => {
            for field in &fields {
                for range in [&field.key_range, &field.value_range]
                    .into_iter()
                    .chain(&field.item_ranges)
                {
                    assert!(
                        range.start <= range.end && range.end <= text.len(),
                        "{range:?}"
                    );
                    let _ = &text[range.clone()];
                }
            }
            let typed = schema::convert(&text, &lines, &fields, &Default::default());
            for problem in &typed.problems {
                assert!(problem.span.start.line >= 1 && problem.span.start.line <= max_line);
                assert!(problem.span.end.line <= max_line);
            }
            if let Some(title) = &typed.title {
                assert!(!title.value.trim().is_empty());
            }
        }
        Err(error) => {
            assert!(error.offset <= text.len(), "{error:?}");
            assert!(!error.message.is_empty());
            let position = lines.position(&text, error.offset);
            assert!(position.line <= max_line);
        }
    }
});
