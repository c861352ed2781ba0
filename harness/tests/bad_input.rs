//! Bad input never panics, never truncates and is never silently dropped.

use std::process::Command;

use safeguard_core::{Case, DecodeError, Policy, RawCase, evaluate};
use safeguard_harness::{bundled_fixtures, fixture, input, wire};

/// Every valid case of the bundled suite.
fn valid_cases() -> Vec<(String, RawCase)> {
    let files = input::fixture_files(&bundled_fixtures()).expect("fixtures are readable");
    files
        .iter()
        .filter_map(|path| {
            let fixture = fixture::load(path).ok()?;
            let raw = fixture::raw_case(&fixture).ok()?;
            Case::new(raw.clone()).ok()?;
            Some((fixture.id, raw))
        })
        .collect()
}

#[test]
fn postcard_cut_at_every_length_is_truncated_and_extra_bytes_are_refused() {
    let cases = valid_cases();
    assert!(cases.len() > 100);
    for (id, raw) in cases {
        let bytes = wire::case_bytes(&raw).expect("encodes");
        // Inside the header too: a proper prefix of a version-1 header is `truncated`.
        for len in 0..bytes.len() {
            assert_eq!(
                safeguard_core::decode_case(&bytes[..len]),
                Err(DecodeError::Truncated),
                "{id}: {len} of {} bytes",
                bytes.len()
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            safeguard_core::decode_case(&longer),
            Err(DecodeError::TrailingBytes { count: 1 }),
            "{id}"
        );
        assert_eq!(
            safeguard_core::decode_case(&bytes).as_ref(),
            Ok(&raw),
            "{id}"
        );
    }
}

#[test]
fn corrupting_any_byte_gives_an_error_or_a_case_never_a_panic() {
    for (_, raw) in valid_cases().into_iter().step_by(7) {
        let bytes = wire::case_bytes(&raw).expect("encodes");
        for i in 0..bytes.len() {
            for flip in [0x01u8, 0x80, 0xFF] {
                let mut bad = bytes.clone();
                bad[i] ^= flip;
                if let Ok(raw) = safeguard_core::decode_case(&bad)
                    && let Ok(case) = Case::new(raw)
                {
                    let now = case
                        .latest()
                        .map_or(safeguard_core::Instant::from_unix(0), |t| t.plus_days(3));
                    let _ = evaluate(&case, Policy::DEFAULT.check().unwrap(), now);
                }
            }
        }
    }
}

#[test]
fn a_batch_reports_each_bad_line_and_evaluates_every_good_one() {
    let dir = std::env::temp_dir().join(format!("safeguard-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let good = r#"{"reference":"GOOD","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1}]}"#;
    let lines = [
        good,
        r#"{"reference":"BAD-JSON""#,
        good,
        r#"{"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1,"age_at_offence":130}]}"#,
        r#"{"recorded_at":"1899-03-04T10:00:00Z"}"#,
        good,
    ];
    let input = dir.join("cases.jsonl");
    std::fs::write(&input, lines.join("\n") + "\n").expect("write");
    let output = dir.join("findings.jsonl");
    let run = Command::new(env!("CARGO_BIN_EXE_safeguard"))
        .args(["check", "--now", "2024-03-10T00:00:00Z", "--batch"])
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(3), "some records were rejected");
    let stderr = String::from_utf8_lossy(&run.stderr);
    for line in [2, 4, 5] {
        assert!(
            stderr.contains(&format!("cases.jsonl:{line}: rejected")),
            "{stderr}"
        );
    }
    assert!(
        stderr.contains("6 lines read: 3 evaluated, 3 rejected"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(&output).expect("results written");
    let records: Vec<serde_json::Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    // Every record gives a line: findings for the good ones, the error for the others.
    let with = |key: &str| -> Vec<u64> {
        records
            .iter()
            .filter(|r| r.get(key).is_some())
            .map(|r| r["line"].as_u64().unwrap_or(0))
            .collect()
    };
    assert_eq!(with("findings"), [1, 3, 6]);
    assert_eq!(with("error"), [2, 4, 5]);
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .expect("listable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["cases.jsonl", "findings.jsonl"],
        "no temporary file is left"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_clean_batch_exits_zero() {
    let dir = std::env::temp_dir().join(format!("safeguard-batch-ok-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let input = dir.join("cases.jsonl");
    std::fs::write(&input, r#"{"reference":"A","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1}]}"#)
        .expect("write");
    let run = Command::new(env!("CARGO_BIN_EXE_safeguard"))
        .args(["check", "--now", "2024-03-10T00:00:00Z", "--batch"])
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&run.stdout).lines().count(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_case_file_names_the_file_and_the_field_without_a_backtrace() {
    let dir = std::env::temp_dir().join(format!("safeguard-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let case = dir.join("case.toml");
    std::fs::write(&case, "recorded_at = \"2024-03-04T10:00:00Z\"\nvictims = [{ id = 1, age_at_offence = \"thirty\" }]\n")
        .expect("write");
    let run = Command::new(env!("CARGO_BIN_EXE_safeguard"))
        .args(["check", "--now", "2024-03-10T00:00:00Z"])
        .arg(&case)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("case.toml: victims[0].age_at_offence: invalid type"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
