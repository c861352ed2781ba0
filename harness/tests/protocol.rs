//! The conformance protocol (`fixtures/PROTOCOL.md`) end to end: the core through
//! `serve-protocol` gives the in-process results; a broken adapter's faults are reported as
//! such (a small timeout keeps the hanging case quick; outcomes are asserted, never times).

use std::path::PathBuf;
use std::process::Command;

fn safeguard() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_safeguard"))
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn results(args: &[&str]) -> (i32, serde_json::Value) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("results.json");
    let status = Command::new(safeguard())
        .current_dir(workspace())
        .arg("conformance")
        .args(args)
        .arg("--results")
        .arg(&file)
        .output()
        .expect("runs");
    let text = std::fs::read_to_string(&file).expect("results written");
    (
        status.status.code().unwrap_or(-1),
        serde_json::from_str(&text).expect("results are JSON"),
    )
}

fn outcomes(results: &serde_json::Value) -> Vec<(String, String, Option<String>)> {
    results["fixtures"]
        .as_array()
        .expect("fixtures")
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap_or_default().to_owned(),
                f["outcome"].as_str().unwrap_or_default().to_owned(),
                f["reason"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn python() -> bool {
    Command::new("python3").arg("--version").output().is_ok()
}

#[test]
fn the_core_through_the_protocol_gives_the_in_process_results() {
    let server = format!("{} serve-protocol", safeguard().display());
    let (code_in, in_process) = results(&[]);
    let (code_protocol, protocol) = results(&["--implementation", &server]);
    assert_eq!((code_in, code_protocol), (0, 0));
    assert_eq!(outcomes(&in_process), outcomes(&protocol));
    assert_eq!(protocol["protocol_version"], 1);
    assert_eq!(protocol["results_format_version"], 1);
    assert_eq!(
        protocol["catalogue_version"],
        u64::from(safeguard_core::CATALOGUE_VERSION)
    );
    assert_eq!(protocol["suite_version"], in_process["suite_version"]);
    assert!(protocol["suite_version"].is_string());
    assert_eq!(protocol["implementation"]["name"], "safeguard-core");
}

#[test]
fn an_implementation_claiming_some_rules_is_skipped_on_the_rest() {
    if !python() {
        eprintln!("python3 is not installed: skipped");
        return;
    }
    let (code, results) = results(&[
        "--implementation",
        "python3 conformance/python-oe/safeguard_oe.py",
    ]);
    assert_eq!(code, 0);
    for (id, outcome, reason) in outcomes(&results) {
        let family_oe = id.starts_with("oe-");
        if family_oe {
            assert_eq!(outcome, "passed", "{id}: {reason:?}");
        } else {
            assert_ne!(outcome, "failed", "{id}: {reason:?}");
        }
    }
    assert!(results["skipped"].as_u64().unwrap_or(0) > 0);
}

#[test]
fn a_broken_adapter_is_reported_fault_by_fault() {
    if !python() {
        eprintln!("python3 is not installed: skipped");
        return;
    }
    let command = format!(
        "python3 conformance/broken/broken_adapter.py --shift na-1-due-soon-warning-lead \
         --crash s136-1-autumn-clock-change-elapsed-hours --hang vu-1-met-across-autumn-clock-change \
         -- {} serve-protocol",
        safeguard().display()
    );
    let (code, report) = results(&[
        "fixtures/needs-assessment",
        "--no-coverage",
        "--timeout-ms",
        "300",
        "--implementation",
        &command,
    ]);
    assert_eq!(code, 1);
    let failed: Vec<(String, String)> = outcomes(&report)
        .into_iter()
        .filter(|(_, outcome, _)| outcome == "failed")
        .map(|(id, _, reason)| (id, reason.unwrap_or_default()))
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].1.contains("deadline expected"), "{failed:?}");

    for (dir, id, reason) in [
        (
            "fixtures/s136",
            "s136-1-autumn-clock-change-elapsed-hours",
            "crashed:",
        ),
        (
            "fixtures/victim-updates",
            "vu-1-met-across-autumn-clock-change",
            "timeout:",
        ),
    ] {
        let (code, report) = results(&[
            dir,
            "--no-coverage",
            "--timeout-ms",
            "300",
            "--implementation",
            &command,
        ]);
        assert_eq!(code, 1);
        let failed: Vec<_> = outcomes(&report)
            .into_iter()
            .filter(|(_, outcome, _)| outcome == "failed")
            .collect();
        assert_eq!(failed.len(), 1, "{failed:?}");
        assert_eq!(failed[0].0, id);
        assert!(
            failed[0]
                .2
                .as_deref()
                .unwrap_or_default()
                .starts_with(reason),
            "{failed:?}"
        );
    }
}

#[test]
fn an_implementation_that_cannot_start_is_bad_usage() {
    let output = Command::new(safeguard())
        .current_dir(workspace())
        .args([
            "conformance",
            "--implementation",
            "/nonexistent/implementation",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}
