//! Every bundled fixture fits `fixtures/fixture.schema.json`, and the schema can fail: a fixture
//! with a key missing, an unknown status or a malformed timestamp is rejected.

use std::path::Path;

use safeguard_harness::bundled_fixtures;
use safeguard_harness::input::{self, Syntax};
use serde_json::{Value, json};

fn schema() -> Value {
    let path = bundled_fixtures().join("fixture.schema.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{}: not valid JSON: {e}", path.display()))
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema())
        .unwrap_or_else(|e| panic!("fixture.schema.json is not a usable schema: {e}"))
}

/// Every way `instance` breaks the schema, one line each (empty when it fits).
fn problems(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| {
            let at = e.instance_path.to_string();
            format!("{}: {e}", if at.is_empty() { "/" } else { &at })
        })
        .collect()
}

fn document(path: &Path) -> Result<Value, String> {
    let name = path.display().to_string();
    let text = input::read_text(path).map_err(|e| e.to_string())?;
    input::parse_document(&text, Syntax::of(path), &name).map_err(|e| e.to_string())
}

#[test]
fn the_schema_is_a_draft_2020_12_schema() {
    let schema = schema();
    assert_eq!(
        schema.get("$schema").and_then(Value::as_str),
        Some("https://json-schema.org/draft/2020-12/schema")
    );
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!("fixture.schema.json does not fit the draft 2020-12 meta-schema: {e}");
    }
}

#[test]
fn every_bundled_fixture_fits_the_schema() {
    let validator = validator();
    let files =
        input::fixture_files(&bundled_fixtures()).expect("the fixture directory is readable");
    assert!(
        !files.is_empty(),
        "no fixtures found under {}",
        bundled_fixtures().display()
    );
    let mut failures = Vec::new();
    for path in &files {
        match document(path) {
            Ok(value) => {
                let found = problems(&validator, &value);
                if !found.is_empty() {
                    failures.push(format!("{}:\n    {}", path.display(), found.join("\n    ")));
                }
            }
            Err(e) => failures.push(e),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixture files do not fit fixture.schema.json:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// A small fixture that fits the schema, to break in the tests below.
fn good() -> Value {
    json!({
        "id": "schema-test-good",
        "title": "A fixture that fits the schema",
        "rules": ["S136-1"],
        "now": "2024-06-05T00:00:00Z",
        "source": { "instrument": "Mental Health Act 1983", "provision": "s136" },
        "case": { "detentions": [{ "id": 1, "decided_at": "2024-06-03T09:30:00Z" }] },
        "expect": {
            "findings": [{
                "rule": "S136-1",
                "subject": { "detention": 1 },
                "status": "met",
                "deadline": "2024-06-04T10:00:00+01:00",
                "met_at": "2024-06-04T09:00:00Z",
                "reason": "within_permitted_period"
            }]
        }
    })
}

fn with(mut value: Value, change: impl FnOnce(&mut Value)) -> Value {
    change(&mut value);
    value
}

#[test]
fn a_broken_fixture_is_rejected() {
    let validator = validator();
    let ok = problems(&validator, &good());
    assert!(ok.is_empty(), "the good example should fit: {ok:?}");
    let error_form = with(good(), |v| {
        v["expect"] = json!({ "error": { "stage": "validate", "code": "capacity_exceeded", "field": "events" } });
    });
    assert!(problems(&validator, &error_form).is_empty());
    // Only a fixture expecting an error on `now` itself may hold a `now` that is no timestamp.
    let now_error = with(good(), |v| {
        v["now"] = json!("yesterday");
        v["expect"] =
            json!({ "error": { "stage": "decode", "code": "invalid_timestamp", "field": "now" } });
    });
    assert!(problems(&validator, &now_error).is_empty());

    let broken: Vec<(&str, Value)> = vec![
        (
            "no id",
            with(good(), |v| drop(v.as_object_mut().map(|o| o.remove("id")))),
        ),
        (
            "no expect",
            with(good(), |v| {
                drop(v.as_object_mut().map(|o| o.remove("expect")))
            }),
        ),
        (
            "an unknown top-level key",
            with(good(), |v| v["expected"] = json!({})),
        ),
        (
            "a rule not in the catalogue",
            with(good(), |v| v["rules"] = json!(["S136-9"])),
        ),
        (
            "an unknown status",
            with(good(), |v| {
                v["expect"]["findings"][0]["status"] = json!("late")
            }),
        ),
        (
            "a timestamp without an offset",
            with(good(), |v| v["now"] = json!("2024-06-05T00:00:00")),
        ),
        (
            "a `now` that is no timestamp, in a findings fixture",
            with(good(), |v| v["now"] = json!("yesterday")),
        ),
        (
            "a `now` that is no timestamp, in a fixture expecting another field's error",
            with(good(), |v| {
                v["now"] = json!("yesterday");
                v["expect"] = json!({ "error": { "stage": "decode", "code": "invalid_timestamp", "field": "case.recorded_at" } });
            }),
        ),
        (
            "fractional seconds",
            with(good(), |v| {
                v["expect"]["findings"][0]["deadline"] = json!("2024-06-04T10:00:00.5Z")
            }),
        ),
        (
            "a subject with two keys",
            with(good(), |v| {
                v["expect"]["findings"][0]["subject"] = json!({ "victim": 1, "child": 1 })
            }),
        ),
        (
            "a finding with no reason",
            with(good(), |v| {
                drop(
                    v["expect"]["findings"][0]
                        .as_object_mut()
                        .map(|o| o.remove("reason")),
                )
            }),
        ),
        (
            "both findings and error",
            with(good(), |v| {
                v["expect"]["error"] = json!({ "stage": "evaluate", "code": "now_before_case" })
            }),
        ),
        (
            "neither findings nor error",
            with(good(), |v| v["expect"] = json!({})),
        ),
        (
            "a decode error that is not malformed",
            with(
                good(),
                |v| v["expect"] = json!({ "error": { "stage": "decode", "code": "duplicate_id" } }),
            ),
        ),
        (
            "a case that is not an object",
            with(good(), |v| v["case"] = json!("NA1-MET")),
        ),
    ];
    for (what, value) in broken {
        assert!(
            !problems(&validator, &value).is_empty(),
            "a fixture with {what} should be rejected"
        );
    }

    // A real bundled fixture, broken the same way, fails too.
    let files = input::fixture_files(&bundled_fixtures()).expect("readable");
    let path = files.first().expect("at least one bundled fixture");
    let mut real = document(path).expect("the first fixture parses");
    assert!(
        problems(&validator, &real).is_empty(),
        "{} should fit the schema",
        path.display()
    );
    real.as_object_mut().map(|o| o.remove("id"));
    let found = problems(&validator, &real);
    assert!(
        !found.is_empty(),
        "{} without its id should be rejected",
        path.display()
    );
    assert!(
        found.iter().any(|p| p.contains("\"id\"")),
        "the error should name the missing id: {found:?}"
    );
}
