//! The ZEN peer agrees with the core on NA-1, S136-1 and OE-1: on every bundled fixture that
//! lists one of these rules and expects findings (and, as a further check, on the other
//! fixtures that expect findings), and on a deterministic mix of generated cases. Run with
//! `cargo test -p safeguard-benches --features peer-zen`.
//!
//! Compared per finding of the three rules: rule, subject, status, deadline and met_at.
#![cfg(feature = "peer-zen")]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};

use safeguard_benches::zen::{self, Outcome, Peer, RULES};
use safeguard_core::{Case, Instant, Policy, RawCase, evaluate};
use serde_json::Value;

/// At most this many of the selected fixtures may be skipped (none is today).
const MAX_SKIPPED: usize = 3;
/// The bundled suite has 53 fixtures that list a peer rule and expect findings.
const MIN_COMPARED: usize = 50;

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            fixture_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml" || e == "json")
            && !path.ends_with("fixture.schema.json")
        {
            out.push(path);
        }
    }
}

/// One fixture, as far as the agreement test needs it.
struct Fixture {
    id: String,
    lists_peer_rule: bool,
    now: Instant,
    policy: Policy,
    case: Result<RawCase, String>,
}

/// Reads a fixture if it expects findings.
fn read(path: &Path) -> Option<Fixture> {
    let text = std::fs::read_to_string(path).expect("readable fixture");
    let doc: Value = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).expect("JSON fixture")
    } else {
        toml::from_str(&text).expect("TOML fixture")
    };
    let lists_peer_rule = doc["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .any(|r| RULES.iter().any(|rule| r.as_str() == Some(rule.as_str())));
    doc["expect"].get("findings")?;
    let id = doc["id"].as_str().expect("id").to_owned();
    let now = Instant::parse_rfc3339(doc["now"].as_str().expect("now")).expect("valid now");
    let policy = match doc.get("policy") {
        None => Policy::default(),
        Some(overrides) => serde_json::from_value(overrides.clone()).expect("valid policy"),
    };
    let case = match doc.get("case") {
        Some(case) => serde_json::from_value(case.clone()).map_err(|e| e.to_string()),
        None => Err("the case is not given as a table".to_owned()),
    };
    Some(Fixture {
        id,
        lists_peer_rule,
        now,
        policy,
        case,
    })
}

fn core(case: &Case, policy: &Policy, now: Instant) -> Vec<Outcome> {
    let policy = policy.check().expect("the policy is valid");
    zen::core_outcomes(&evaluate(case, policy, now).expect("the core evaluates"))
}

#[test]
fn the_peer_agrees_with_the_core_on_every_fixture() {
    let peer = Peer::load().expect("the decisions load");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let mut files = Vec::new();
    fixture_files(&root, &mut files);

    let (mut compared, mut agreed, mut findings) = (0, 0, 0);
    let (mut others, mut others_agreed, mut others_findings) = (0, 0, 0);
    let mut skipped: Vec<String> = Vec::new();
    let mut disagreements = Vec::new();
    for path in &files {
        let Some(fixture) = read(path) else {
            continue;
        };
        let raw = match fixture.case {
            Ok(raw) => raw,
            Err(why) if fixture.lists_peer_rule => {
                skipped.push(format!("{}: {why}", fixture.id));
                continue;
            }
            Err(_) => continue,
        };
        let case = Case::new(raw).expect("fixtures expecting findings hold valid cases");
        let expected = core(&case, &fixture.policy, fixture.now);
        let input = zen::convert(&case, &fixture.policy, fixture.now);
        let got = peer.evaluate(&input).expect("the peer evaluates");
        let same = got == expected;
        if fixture.lists_peer_rule {
            compared += 1;
            findings += expected.len();
            agreed += usize::from(same);
        } else {
            others += 1;
            others_findings += expected.len();
            others_agreed += usize::from(same);
        }
        if !same {
            disagreements.push(format!(
                "{}:\n  core: {expected:?}\n  zen:  {got:?}",
                fixture.id
            ));
        }
    }
    for reason in &skipped {
        println!("skipped {reason}");
    }
    println!(
        "{compared} fixtures compared ({findings} findings of NA-1, S136-1, OE-1), \
         {agreed} agreed, {} skipped; {others} other fixtures ({others_findings} findings), {others_agreed} agreed",
        skipped.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert!(
        skipped.len() <= MAX_SKIPPED,
        "{} fixtures skipped",
        skipped.len()
    );
    assert!(
        compared >= MIN_COMPARED,
        "only {compared} fixtures compared"
    );
}

#[test]
fn the_peer_agrees_with_the_core_on_the_mix() {
    let peer = Peer::load().expect("the decisions load");
    let policy = Policy::default();
    let mut findings = 0;
    for (i, (raw, now)) in safeguard_benches::mix(0x5AFE_6A4D, 300)
        .into_iter()
        .enumerate()
    {
        let case = Case::new(raw).expect("mix cases are valid");
        let expected = core(&case, &policy, now);
        findings += expected.len();
        let got = peer
            .evaluate(&zen::convert(&case, &policy, now))
            .expect("the peer evaluates");
        assert_eq!(got, expected, "mix case {i}");
    }
    assert!(findings > 300, "only {findings} findings");
}
