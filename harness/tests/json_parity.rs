//! The core's heap-free JSON path (feature `json`: `serde-json-core`, no allocation) against
//! the command line's (serde_json): for every fixture whose case is JSON, the same findings to
//! the byte, or the same refusal (stage and code).

use safeguard_core::json::{read_case, read_policy, write_findings};
use safeguard_core::{Case, Findings, Instant, Policy, RawCase, evaluate_into};
use safeguard_harness::bundled_fixtures;
use safeguard_harness::fixture::{self, Fixture, Outcome};

/// What a path gives: the findings' JSON, or the stage and code of a refusal.
#[derive(Debug, PartialEq, Eq)]
enum Result {
    Findings(String),
    Refused(&'static str, String),
}

/// The command line's path, in process.
fn std_path(fixture: &Fixture) -> Result {
    match fixture::run_case(fixture).expect("the fixture is well formed") {
        Outcome::Findings(findings) => {
            Result::Findings(serde_json::to_string(&findings).expect("findings write"))
        }
        Outcome::Error { stage, code, .. } => Result::Refused(stage.as_str(), code),
        Outcome::Reported(_) => unreachable!("only a protocol implementation reports JSON"),
    }
}

/// The core's heap-free path, in the command's order: the policy, then the case.
fn core_path(case_text: &str, policy_text: &str, now: i64) -> Result {
    let refused = |stage: &'static str, code: &str| Result::Refused(stage, code.to_owned());
    let mut policy = Policy::DEFAULT;
    if !policy_text.is_empty() {
        if let Err(e) = read_policy(policy_text.as_bytes(), &mut policy) {
            return refused("decode", e.code());
        }
    }
    let mut raw = RawCase::EMPTY;
    if let Err(e) = read_case(case_text.as_bytes(), &mut raw) {
        return refused("decode", e.code());
    }
    let case = match Case::new(raw) {
        Ok(case) => case,
        Err(e) => return refused("validate", e.code()),
    };
    let mut findings = Findings::new();
    if let Err(e) = evaluate_into(&case, &policy, Instant::from_unix(now), &mut findings) {
        return refused("evaluate", e.code());
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
