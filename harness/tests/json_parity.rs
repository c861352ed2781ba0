//! The core's heap-free JSON path (feature `json`: its own reader and writer, no allocation) against
//! the command line's (serde_json): for every fixture whose case is JSON, the same findings to
//! the byte, or the same refusal (stage and code).

use safeguard_core::json::{read_case, read_policy, write_findings};
use safeguard_core::{Case, Findings, Instant, Policy, RawCase, evaluate_into};
use safeguard_harness::bundled_fixtures;
use safeguard_harness::fixture::{self, Fixture, Outcome};

/// What a path gives: the findings' JSON, or the stage, code and field of a refusal. The
/// fixture runner names a field of the case after the fixture's key (`case.`, `case_text.`)
/// and one of the policy as `policy.`; the core's reader names it within its document.
#[derive(Debug, PartialEq, Eq)]
enum Result {
    Findings(String),
    Refused(&'static str, String, String),
}

/// The command line's path, in process.
fn std_path(fixture: &Fixture) -> Result {
    match fixture::run_case(fixture).expect("the fixture is well formed") {
        Outcome::Findings(findings) => {
            Result::Findings(serde_json::to_string(&findings).expect("findings write"))
        }
        Outcome::Error {
            stage, code, field, ..
        } => {
            let field = ["case.", "case_text."]
                .iter()
                .find_map(|prefix| field.strip_prefix(prefix))
                .unwrap_or(&field)
                .to_owned();
            Result::Refused(stage.as_str(), code, field)
        }
        Outcome::Reported(_) => unreachable!("only a protocol implementation reports JSON"),
    }
}

/// The core's heap-free path, in the command's order: the policy, then the case.
fn core_path(case_text: &str, policy_text: &str, now: i64) -> Result {
    let refused = |stage: &'static str, code: &str, field: &str| {
        Result::Refused(stage, code.to_owned(), field.to_owned())
    };
    let mut policy = Policy::DEFAULT;
    if !policy_text.is_empty()
        && let Err(e) = read_policy(policy_text.as_bytes(), &mut policy)
    {
        let field = if e.field().is_empty() {
            "policy".to_owned()
        } else {
            format!("policy.{}", e.field())
        };
        return refused("decode", e.code(), &field);
    }
    let mut raw = RawCase::EMPTY;
    if let Err(e) = read_case(case_text.as_bytes(), &mut raw) {
        return refused("decode", e.code(), e.field());
    }
    let case = match Case::new(raw) {
        Ok(case) => case,
        Err(e) => return refused("validate", e.code(), e.field()),
    };
    let policy = match policy.check() {
        Ok(policy) => policy,
        Err(e) => return refused("evaluate", e.code(), e.field()),
    };
    let mut findings = Findings::new();
    if let Err(e) = evaluate_into(&case, policy, Instant::from_unix(now), &mut findings) {
        return refused("evaluate", e.code(), e.field());
    }
    let mut out = vec![0u8; 64 * 1024];
    let len = write_findings(&findings, &mut out).expect("64 KiB holds any case's findings");
    Result::Findings(String::from_utf8(out[..len].to_vec()).expect("JSON is UTF-8"))
}

#[test]
fn the_core_json_path_gives_the_command_lines_findings_and_refusals() {
    let mut compared = (0, 0);
    let mut differences = Vec::new();
    for path in safeguard_harness::input::fixture_files(&bundled_fixtures()).expect("readable") {
        let fixture = fixture::load(&path).expect("the fixture loads");
        let Ok((case, policy, now)) = fixture::json_input(&fixture) else {
            continue;
        };
        let (expected, got) = (std_path(&fixture), core_path(&case, &policy, now));
        match &expected {
            Result::Findings(_) => compared.0 += 1,
            Result::Refused(..) => compared.1 += 1,
        }
        if expected != got {
            differences.push(format!(
                "{}:\n  command: {expected:?}\n  core:    {got:?}",
                fixture.id
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} fixtures differ:\n{}",
        differences.len(),
        compared.0 + compared.1,
        differences.join("\n")
    );
    // The suite's size, so that a loader that found nothing cannot pass.
    eprintln!(
        "compared: {} with findings, {} refused",
        compared.0, compared.1
    );
    assert!(
        compared.0 >= 230,
        "only {} fixtures with findings",
        compared.0
    );
    assert!(compared.1 >= 60, "only {} refused fixtures", compared.1);
}

mod mutations {
    //! Cases the suite does not hold: the suite's JSON cases with values replaced, keys added
    //! or dropped (always JSON), or with their text edited (often not JSON).

    use proptest::prelude::*;
    use safeguard_core::RawCase;
    use safeguard_core::json::read_case;
    use safeguard_harness::fuzzing;
    use safeguard_harness::input::{self, Syntax};
    use serde_json::{Value, json};

    /// The suite's JSON cases, as value trees.
    fn cases() -> &'static [Value] {
        static CASES: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
        CASES.get_or_init(|| {
            let dir = safeguard_harness::bundled_fixtures();
            input::fixture_files(&dir)
                .expect("readable")
                .iter()
                .filter_map(|path| {
                    let fixture = safeguard_harness::fixture::load(path).ok()?;
                    let (case, ..) = safeguard_harness::fixture::json_input(&fixture).ok()?;
                    serde_json::from_str(&case).ok()
                })
                .collect()
        })
    }

    /// Values to put in place of another: of every JSON type, in and out of the ranges of the
    /// format's fields.
    fn value() -> impl Strategy<Value = Value> {
        prop::sample::select(vec![
            json!(null),
            json!(true),
            json!(0),
            json!(-1),
            json!(1),
            json!(255),
            json!(256),
            json!(65536),
            json!(4294967296u64),
            json!(1.5),
            json!(1e3),
            json!(""),
            json!("x"),
            json!("other"),
            json!("2024-03-04T10:00:00Z"),
            json!("2024-02-30T10:00:00Z"),
            json!("2024-03-04T10:00:00.5Z"),
            json!("1899-12-31T23:59:59Z"),
            json!([]),
            json!(["other"]),
            json!([1, 2]),
            json!({}),
            json!({"id": 1}),
            json!({"victim": 1}),
            json!({"needs_assessment": {}}),
            json!({"a": 1, "b": 2}),
        ])
    }

    /// One change to a value tree: at the node `path` picks, replace it, or (in an object)
    /// add a key or drop one.
    #[derive(Debug, Clone)]
    enum Change {
        Replace(Value),
        AddKey(String, Value),
        DropKey,
    }

    fn change() -> impl Strategy<Value = (Vec<prop::sample::Index>, Change)> {
        let keys = prop::sample::select(vec![
            "reference",
            "victims",
            "id",
            "at",
            "what",
            "colour",
            "victim",
            "age_at_offence",
            "categories",
            "attended",
            "events",
        ]);
        (
            prop::collection::vec(any::<prop::sample::Index>(), 0..6),
            prop_oneof![
                4 => value().prop_map(Change::Replace),
                1 => (keys, value()).prop_map(|(k, v)| Change::AddKey(k.to_owned(), v)),
                1 => Just(Change::DropKey),
            ],
        )
    }

    /// Applies a change at the node reached by following `path` down (each index picks a
    /// child), stopping early at a leaf.
    fn apply(node: &mut Value, path: &[prop::sample::Index], change: Change) {
        let children = match node {
            Value::Array(items) => items.len(),
            Value::Object(map) => map.len(),
            _ => 0,
        };
        if let (Some((pick, rest)), true) = (path.split_first(), children > 0) {
            let at = pick.index(children);
            let child = match node {
                Value::Array(items) => &mut items[at],
                Value::Object(map) => map.values_mut().nth(at).expect("in range"),
                _ => unreachable!("a leaf has no children"),
            };
            return apply(child, rest, change);
        }
        match (change, node) {
            (Change::AddKey(key, value), Value::Object(map)) => {
                map.insert(key, value);
            }
            (Change::DropKey, Value::Object(map)) => {
                if let Some(key) = map.keys().next().cloned() {
                    map.remove(&key);
                }
            }
            (Change::Replace(value), node) => *node = value,
            _ => {}
        }
    }

    fn without_bom(text: &str) -> &str {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    }

    /// A text cut short for a message.
    fn short(text: &str) -> String {
        text.chars().take(400).collect()
    }

    /// The command line's reading of a text, and the core's: the same code and field, or the
    /// same case.
    fn both(text: &str) -> (Result<RawCase, String>, Result<RawCase, String>) {
        // The command drops a leading byte-order mark as it reads a file or a line.
        let std = input::decode_case(without_bom(text), Syntax::Json, "prop")
            .map_err(|e| format!("{} at {:?}", e.code, fuzzing::as_the_core_keeps(&e.field)));
        let mut raw = RawCase::EMPTY;
        let core = read_case(text.as_bytes(), &mut raw)
            .map(|()| raw)
            .map_err(|e| format!("{} at {:?}", e.code(), e.field()));
        (std, core)
    }

    proptest! {
        // 1,024 cases each by default; PROPTEST_CASES sets more.
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|cases| cases.parse().ok())
                .unwrap_or(1024),
            ..ProptestConfig::default()
        })]

        /// JSON that is not a valid case: the same code as the command line's, every time.
        #[test]
        fn a_changed_case_reads_the_same_on_both_paths(
            pick in any::<prop::sample::Index>(),
            changes in prop::collection::vec(change(), 1..4),
        ) {
            let mut case = pick.get(cases()).clone();
            for (path, change) in changes {
                apply(&mut case, &path, change);
            }
            let text = case.to_string();
            let (std, core) = both(&text);
            prop_assert_eq!(std, core, "{}", short(&text));
        }

        /// Edited text: where it is still JSON, the same code as the command line's; where it
        /// is not, a refusal with the command line's code or `syntax` (the core says `syntax`
        /// where the command line, reading in order, may first meet a value of the wrong type).
        #[test]
        fn edited_text_is_refused_as_the_command_line_refuses_it(
            pick in any::<prop::sample::Index>(),
            edits in prop::collection::vec((any::<usize>(), 0usize..12, prop::sample::select(vec![
                "", "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u00e9", "\\ud800", "é", "1",
                "-1", "01", "1.", "1e3", "256", "null", "true", "\"x\"", "\"victims\"",
                "\"id\":1,", "\u{feff}", " ",
            ])), 1..3),
        ) {
            let mut text = pick.get(cases()).to_string();
            for (at, cut, piece) in edits {
                let mut at = at % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + cut).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(at..end, piece);
            }
            let (std, core) = both(&text);
            if serde_json::from_str::<Value>(without_bom(&text)).is_ok() {
                prop_assert_eq!(std, core, "{}", short(&text));
            } else {
                let (Err(std), Err(core)) = (std, core) else {
                    return Err(TestCaseError::fail(format!("text that is not JSON read: {}", short(&text))));
                };
                prop_assert!(
                    core == std || core == "syntax at \"\"",
                    "{} (command line: {}): {}",
                    core,
                    std,
                    short(&text)
                );
            }
        }
    }
}
