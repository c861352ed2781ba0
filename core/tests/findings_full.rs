//! Through the public API only: a findings list too small for a case is an error, never fewer
//! findings.

// The case below is judged by the needs-assessment and victim-updates families.
#![cfg(all(feature = "needs-assessment", feature = "victim-updates"))]
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

use safeguard_core::{
    Case, EvalError, Finding, Findings, Instant, Policy, RawCase, evaluate, evaluate_into,
};

#[test]
fn filling_the_findings_list_past_its_capacity_is_an_error() {
    let raw: RawCase = serde_json::from_str(
        r#"{ "reference": "FULL", "recorded_at": "2024-03-04T10:00:00Z",
             "categories": ["other"],
             "victims": [{ "id": 1 }, { "id": 2 }, { "id": 3 }] }"#,
    )
    .unwrap();
    let case = Case::new(raw).unwrap();
    let now = Instant::parse_rfc3339("2024-03-10T00:00:00Z").unwrap();
    let policy = Policy::default();
    let policy = policy.check().unwrap(); // checked once, used for every evaluation below
    let all: Findings = evaluate(&case, policy, now).unwrap();
    assert!(all.len() > 2, "{}", all.len());

    let mut small = heapless::Vec::<Finding, 2>::new();
    let err = evaluate_into(&case, policy, now, &mut small).unwrap_err();
    assert_eq!(err, EvalError::FindingsFull { capacity: 2 });
    assert_eq!(err.code(), "findings_full");
    assert!(small.is_empty(), "nothing half-written is left behind");

    // A list with exactly enough room holds every finding.
    let mut room = heapless::Vec::<Finding, 64>::new();
    evaluate_into(&case, policy, now, &mut room).unwrap();
    assert_eq!(room, all.as_slice());
}
