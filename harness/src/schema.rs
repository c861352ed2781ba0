//! The input contract for integrators: JSON Schemas of the case and the policy, generated from
//! the core's types (`schemars`, feature `schemars` of the core), never written by hand. The
//! committed copies in `docs/schema/` are checked against this output by the tests.

use safeguard_core::{Policy, RawCase};

/// The schema of `input` (`"case"` or `"policy"`) as pretty JSON with a final newline.
#[must_use]
pub fn text(input: &str) -> String {
    let mut schema = if input == "policy" {
        schemars::schema_for!(Policy)
    } else {
        schemars::schema_for!(RawCase)
    };
    let (title, id) = if input == "policy" {
        ("safeguard force policy", "policy.schema.json")
    } else {
        ("safeguard case", "case.schema.json")
    };
    if input == "case" {
        // The command line's own rule on top of the core's type: a case names itself
        // (`fixtures/README.md`, the bad-input catalogue).
        schema.insert("required".into(), serde_json::json!(["reference"]));
        if let Some(reference) = schema
            .as_object_mut()
            .and_then(|o| o.get_mut("properties"))
            .and_then(|p| p.get_mut("reference"))
            .and_then(|r| r.as_object_mut())
        {
            reference.insert("minLength".into(), 1.into());
            reference.remove("default");
        }
    }
    schema.insert("title".into(), title.into());
    schema.insert("$id".into(), id.into());
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}
