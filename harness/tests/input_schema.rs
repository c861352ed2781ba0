//! The published input contract: `docs/schema/case.schema.json` and `policy.schema.json` are
//! generated from the core's types and committed; they must be up to date, every case and
//! policy the suite accepts must fit them, and they must be able to fail.

use std::path::{Path, PathBuf};

use safeguard_harness::bundled_fixtures;
use safeguard_harness::input::{self, Syntax};
use serde_json::{Value, json};

fn committed(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/schema")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
    (path, text)
}

fn validator(name: &str) -> jsonschema::Validator {
    let (path, text) = committed(name);
    let schema: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
    jsonschema::meta::validate(&schema)
        .unwrap_or_else(|e| panic!("{} is not a draft 2020-12 schema: {e}", path.display()));
    jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("{} is not a usable schema: {e}", path.display()))
}

#[test]
fn the_committed_schemas_are_the_generated_ones() {
    for input in ["case", "policy"] {
        let name = format!("{input}.schema.json");
        let (path, text) = committed(&name);
        assert!(
            text == safeguard_harness::schema::text(input),
            "{} is stale: regenerate it with `safeguard schema {input} > docs/schema/{name}`",
            path.display()
        );
    }
}

/// Every fixture that expects findings holds a case (and policy overrides) the core accepts:
/// each must fit the published schema.
#[test]
fn every_accepted_fixture_case_and_policy_fits_the_schemas() {
    let case_schema = validator("case.schema.json");
    let policy_schema = validator("policy.schema.json");
    let files = input::fixture_files(&bundled_fixtures()).expect("fixtures are readable");
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in &files {
        let text = input::read_text(path).expect("readable");
        let doc = input::parse_document(&text, Syntax::of(path), &path.display().to_string())
            .expect("a fixture parses");
        let expects_findings = doc.pointer("/expect/findings").is_some();
        if let (true, Some(case)) = (expects_findings, doc.get("case")) {
            checked += 1;
            for e in case_schema.iter_errors(case) {
                failures.push(format!("{}: case{}: {e}", path.display(), e.instance_path));
            }
            if let Some(policy) = doc.get("policy") {
                for e in policy_schema.iter_errors(policy) {
                    failures.push(format!(
                        "{}: policy{}: {e}",
                        path.display(),
                        e.instance_path
                    ));
                }
            }
        }
    }
    assert!(checked > 200, "only {checked} fixture cases checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_schemas_refuse_what_the_core_refuses() {
    let case = validator("case.schema.json");
    for bad in [
        json!({ "reference": "A", "victims": [{ "id": 1, "kind": "company" }] }),
        json!({ "reference": "A", "unknown": 1 }),
        json!({ "reference": "A", "recorded_at": "2024-03-04 10:00" }),
        json!({ "reference": "A", "events": [{ "id": 1, "at": "2024-03-04T10:00:00Z",
                "what": { "teleported": { "victim": 1 } } }] }),
        json!({ "reference": "A", "incidents": [{ "children": [1] }] }),
        json!({ "reference": "A", "attended": "yes" }),
        json!([]),
        json!({ "victims": [] }),
        json!({ "reference": "" }),
    ] {
        assert!(!case.is_valid(&bad), "accepted: {bad}");
    }
    let policy = validator("policy.schema.json");
    for bad in [
        json!({ "rules": ["NA-9"] }),
        json!({ "needs_assessment_working_days": -1 }),
        json!({ "missing_child_notification": "sometimes" }),
    ] {
        assert!(!policy.is_valid(&bad), "accepted: {bad}");
    }
    assert!(policy.is_valid(&json!({ "missing_child_notification": "on" })));
}
