//! Properties of the command's input layer (JSON and TOML cases, batch lines): whatever the
//! bytes, reading never panics, every batch line is accounted for, and a key given twice is
//! never resolved by guessing.

use proptest::prelude::*;
use safeguard_core::{Instant, Policy};
use safeguard_harness::batch;
use safeguard_harness::input::{self, Syntax};

const GOOD: &str = r#"{"reference":"GOOD","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1,"age_at_offence":12}]}"#;

fn now() -> Instant {
    Instant::parse_rfc3339("2024-03-10T00:00:00Z").expect("a valid instant")
}

/// Text near the case format: fragments of a valid case, JSON punctuation and TOML words.
fn case_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"reference\"",
        "\"victims\"",
        "\"id\"",
        "1",
        "-1",
        "nan",
        "inf",
        "1e400",
        "\"A\"",
        "null",
        "true",
        " ",
        "\n",
        "=",
        "\u{feff}",
        "\"\\u0000\"",
        "reference = \"A\"",
        "victims = [{ id = 1 }]",
        "[[events]]",
        GOOD,
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn reading_a_case_never_panics_and_never_accepts_an_unnamed_case(text in case_like()) {
        for syntax in [Syntax::Json, Syntax::Toml] {
            if let Ok(raw) = input::decode_case(&text, syntax, "prop") {
                let too_long = serde_json::to_value(&raw.reference).is_err();
                prop_assert!(too_long || !raw.reference.as_str().is_empty());
            }
        }
    }

    #[test]
    fn every_batch_line_is_evaluated_rejected_or_blank(
        lines in prop::collection::vec(
            prop_oneof![
                case_like().prop_map(String::into_bytes),
                prop::collection::vec(any::<u8>(), 0..40),
                Just(GOOD.as_bytes().to_vec()),
            ],
            0..12,
        )
    ) {
        let lines: Vec<Vec<u8>> = lines
            .into_iter()
            .map(|mut l| { l.retain(|b| *b != b'\n'); l })
            .collect();
        let text = lines.join(&b'\n');
        let mut results = Vec::new();
        let counts = batch::stream(text.as_slice(), Policy::DEFAULT.check().unwrap(), now(), |record| {
            results.push(record);
            Ok(())
        });
        let counts = counts.map_err(|_| TestCaseError::fail("an in-memory batch cannot fail"))?;
        // Lines as `str::lines` counts them: a final `\n` ends the last line, not a new one.
        let expected_lines = text.split(|b| *b == b'\n').count() - usize::from(text.is_empty() || text.ends_with(b"\n"));
        prop_assert_eq!(counts.lines, expected_lines);
        prop_assert_eq!(counts.evaluated + counts.rejected + counts.blank, counts.lines);
        prop_assert_eq!(results.len(), counts.evaluated + counts.rejected);
    }

    #[test]
    fn a_key_given_twice_is_always_refused_by_name(
        key in prop::sample::select(vec!["reference", "categories", "recorded_at", "victims"]),
        value in prop::sample::select(vec!["\"B\"", "[]", "[\"other\"]", "\"2024-03-05T10:00:00Z\"", "[{\"id\":2}]"]),
    ) {
        let twice = format!("{},\"{key}\":{value}}}", GOOD.trim_end_matches('}'));
        let e = input::decode_case(&twice, Syntax::Json, "prop");
        let e = e.err().ok_or_else(|| TestCaseError::fail(format!("accepted: {twice}")))?;
        prop_assert_eq!(e.code, "syntax");
        prop_assert_eq!(e.field, key);
    }
}
