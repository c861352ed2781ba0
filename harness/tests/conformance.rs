//! The bundled conformance suite, run as a cargo test: every fixture passes, ids are unique,
//! and every rule has a fixture expecting `met` and one expecting non-compliance.

use safeguard_harness::{bundled_fixtures, suite};

#[test]
fn every_bundled_fixture_passes() {
    let report = suite::run(&bundled_fixtures()).expect("the fixture directory is readable");
    assert!(report.ok(), "{}", suite::table(&report));
}

#[test]
fn the_suite_is_big_enough_and_covers_every_rule() {
    let report = suite::run(&bundled_fixtures()).expect("the fixture directory is readable");
    assert!(
        report.results.len() >= 80,
        "only {} fixtures",
        report.results.len()
    );
    let gaps = suite::coverage_gaps(&report);
    assert!(gaps.is_empty(), "coverage gaps:\n{}", gaps.join("\n"));
    for (rule, (all, _, _)) in suite::coverage(&report) {
        assert!(all >= 4, "{rule} has only {all} fixtures");
    }
}

#[test]
fn a_wrong_expectation_fails_the_fixture() {
    // The runner must be able to fail: take a passing fixture, change its expectation, rerun.
    let dir = bundled_fixtures();
    let files = safeguard_harness::input::fixture_files(&dir).expect("readable");
    let path = files
        .iter()
        .find(|p| p.to_string_lossy().contains("needs-assessment"))
        .expect("a needs-assessment fixture");
    let mut fixture = safeguard_harness::fixture::load(path).expect("loads");
    let outcome = safeguard_harness::fixture::run_case(&fixture).expect("runs");
    assert!(safeguard_harness::fixture::compare(&fixture, &outcome).is_empty());
    if let Some(findings) = fixture.expect.findings.as_mut() {
        if let Some(first) = findings.first_mut() {
            first.status = if first.status == "met" {
                "missed".into()
            } else {
                "met".into()
            };
        } else {
            findings.push(safeguard_harness::fixture::ExpectedFinding {
                rule: fixture.rules[0].clone(),
                subject: serde_json::json!("case"),
                status: "met".into(),
                deadline: None,
                met_at: None,
                reason: "done_on_time".into(),
                computed_holidays: false,
            });
        }
    }
    assert!(!safeguard_harness::fixture::compare(&fixture, &outcome).is_empty());
}
