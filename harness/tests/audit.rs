//! `safeguard audit` end to end: the PEEL 2021/22 corpus gives the inspection's figures in the
//! table, the JSON, the CSV and the HTML; bad records are counted apart; every input form gives
//! the same figures; samples are reproducible; PO-4's two lines agree with the core's finding.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use safeguard_core::{Case, Policy, RawCase, RuleId, Status, Subject, evaluate};
use safeguard_harness::audit::corpus::{PEEL_2022_AS_AT, PEEL_2022_FIGURES, peel_2022};
use safeguard_harness::audit::duty::po4_duties;
use serde_json::Value;

fn safeguard() -> Command {
    Command::cargo_bin("safeguard").unwrap()
}

fn corpus(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    safeguard()
        .args(["sample-corpus", "--profile", "peel-2022", "-o"])
        .arg(&path)
        .assert()
        .success();
    path
}

fn audit_json(inputs: &[&Path], extra: &[&str]) -> (Value, std::process::Output) {
    let out = safeguard()
        .arg("audit")
        .args(inputs)
        .args(["--as-at", PEEL_2022_AS_AT, "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (json, out)
}

fn duty<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["duty"] == id)
        .unwrap_or_else(|| panic!("no line {id}"))
}

/// The number in `data-field="FIELD">N<` after the row `<tr data-duty="ID">`.
fn html_figure(html: &str, id: &str, field: &str) -> u64 {
    let row = html
        .find(&format!("<tr data-duty=\"{id}\">"))
        .unwrap_or_else(|| panic!("no row {id}"));
    let rest = &html[row..];
    let end = rest.find("</tr>").unwrap();
    let rest = &rest[..end];
    let needle = format!("data-field=\"{field}\">");
    let at = rest.find(&needle).unwrap() + needle.len();
    rest[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

#[test]
fn peel_2022_gives_the_inspections_figures_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), "peel.jsonl");
    let (json_path, html_path, csv_path) = (
        dir.path().join("audit.json"),
        dir.path().join("audit.html"),
        dir.path().join("audit.csv"),
    );
    let out = safeguard()
        .arg("audit")
        .arg(&input)
        .args(["--as-at", PEEL_2022_AS_AT, "--json"])
        .arg(&json_path)
        .arg("--html")
        .arg(&html_path)
        .arg("--csv")
        .arg(&csv_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The table, in the inspectors' words.
    let table = String::from_utf8(out.stdout).unwrap();
    for line in [
        "needs assessment recorded within 2 working days: 23 of 63 (37 %)",
        "victim care contracts kept: 48 of 49 (98 %)",
        "protective orders considered: 2 of 20 (10 %)",
        "auditable record of the withdrawal approved by the victim: 15 of 20 (75 %)",
        "evidence-led prosecution considered and recorded (where suitable): 4 of 16 (25 %)",
    ] {
        assert!(table.contains(line), "the table lacks {line:?}:\n{table}");
    }

    // The JSON.
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(report["format_version"], 1);
    assert_eq!(
        report["catalogue_version"],
        safeguard_core::CATALOGUE_VERSION
    );
    assert_eq!(report["as_at"], PEEL_2022_AS_AT);
    assert_eq!(report["records"]["rejected"], 0);
    for (id, compliant, applicable) in PEEL_2022_FIGURES {
        let row = duty(&report, id);
        assert_eq!(row["compliant"], compliant, "{id}");
        assert_eq!(row["applicable"], applicable, "{id}");
        assert_eq!(row["non_compliant"], applicable - compliant, "{id}");
    }
    // Open findings are apart: three crimes reported the day before.
    assert_eq!(duty(&report, "NA-1")["open"], 3);
    assert_eq!(duty(&report, "NA-1")["late"], 4);
    assert_eq!(duty(&report, "NA-1")["missed"], 36);
    let [lo, hi] = [0, 1].map(|i| duty(&report, "NA-1")["wilson_95"][i].as_f64().unwrap());
    assert!((lo - 0.2572).abs() < 1e-3 && (hi - 0.4885).abs() < 1e-3);
    assert_eq!(
        report["failing_total"],
        report["duties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["non_compliant"].as_u64().unwrap())
            .sum::<u64>()
    );

    // The HTML: the same figures, self-contained.
    let html = std::fs::read_to_string(&html_path).unwrap();
    for (id, compliant, applicable) in PEEL_2022_FIGURES {
        assert_eq!(html_figure(&html, id, "compliant"), compliant, "{id}");
        assert_eq!(html_figure(&html, id, "applicable"), applicable, "{id}");
    }
    assert_eq!(html_figure(&html, "NA-1", "open"), 3);
    assert!(html.contains("23 of 63 (37 %)"));
    assert_eq!(html.matches("<svg").count(), 2, "two inline charts");
    for remote in ["<script", "src=\"http", "href=\"http", "@import", "url("] {
        assert!(
            !html.contains(remote),
            "the report must load nothing: {remote}"
        );
    }

    // The CSV: one row per finding (PO-4's split in two).
    let mut rows = csv::Reader::from_path(&csv_path).unwrap();
    let headers = rows.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (duty_col, audit_col) = (col("duty"), col("audit"));
    let mut counts = std::collections::BTreeMap::<(String, String), u64>::new();
    for row in rows.records() {
        let row = row.unwrap();
        *counts
            .entry((row[duty_col].to_owned(), row[audit_col].to_owned()))
            .or_default() += 1;
    }
    for (id, compliant, applicable) in PEEL_2022_FIGURES {
        let get = |audit: &str| {
            counts
                .get(&(id.to_owned(), audit.to_owned()))
                .copied()
                .unwrap_or(0)
        };
        assert_eq!(get("compliant"), compliant, "{id}");
        assert_eq!(
            get("late") + get("missed") + get("prohibited"),
            applicable - compliant,
            "{id}"
        );
    }
    assert_eq!(counts[&("NA-1".to_owned(), "open".to_owned())], 3);
}

#[test]
fn bad_records_are_reported_by_line_and_counted_apart() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), "peel.jsonl");
    let clean = audit_json(&[&input], &[]).0;
    let mut text = std::fs::read_to_string(&input).unwrap();
    let good = text.lines().count();
    text.push_str("{not json\n\n");
    text.push_str(r#"{"reference":"BAD-1","recorded_at":"2022-01-04T10:00:00Z","victims":[{"id":1},{"id":1}]}"#);
    text.push('\n');
    text.push_str(r#"{"recorded_at":"2022-01-04T10:00:00Z","victims":[{"id":1}]}"#);
    text.push('\n');
    let dirty = dir.path().join("dirty.jsonl");
    std::fs::write(&dirty, text).unwrap();
    let (report, out) = audit_json(&[&dirty], &[]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "bad records exit 3, as check --batch"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let name = dirty.display();
    for expected in [
        format!("{name}:{}: rejected (decode syntax)", good + 1),
        format!("{name}:{}: rejected (validate duplicate_id", good + 3),
        format!(
            "{name}:{}: rejected (decode missing_field reference)",
            good + 4
        ),
    ] {
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
    }
    // The blank line is no record, counted apart as check --batch counts it.
    assert_eq!(report["records"]["blank"], 1);
    assert_eq!(report["records"]["read"], good as u64 + 3);
    assert_eq!(report["records"]["rejected"], 3);
    assert_eq!(report["rejected"].as_array().unwrap().len(), 3);
    assert_eq!(
        report["rejected"][1]["source"],
        format!("{name}:{}", good + 3)
    );
    assert_eq!(
        report["duties"], clean["duties"],
        "bad records change no figure"
    );
}

#[test]
fn every_input_form_gives_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = corpus(dir.path(), "peel.jsonl");
    let reference = audit_json(&[&jsonl], &[]).0;
    let cases_dir = dir.path().join("cases");
    std::fs::create_dir(&cases_dir).unwrap();
    for (i, line) in std::fs::read_to_string(&jsonl).unwrap().lines().enumerate() {
        std::fs::write(cases_dir.join(format!("{i:04}.json")), line).unwrap();
    }
    for input in [
        corpus(dir.path(), "peel.jsonl.gz"),
        corpus(dir.path(), "peel.pcs"),
        corpus(dir.path(), "peel.pcs.gz"),
        cases_dir,
    ] {
        let (report, out) = audit_json(&[&input], &[]);
        assert!(out.status.success(), "{}", input.display());
        for key in [
            "duties",
            "by_month",
            "by_category",
            "failing_total",
            "records",
        ] {
            assert_eq!(report[key], reference[key], "{} {key}", input.display());
        }
    }
    // Two inputs: every figure doubles.
    let (both, _) = audit_json(&[&jsonl, &dir.path().join("peel.pcs")], &[]);
    assert_eq!(duty(&both, "NA-1")["compliant"], 46);
    assert_eq!(duty(&both, "NA-1")["applicable"], 126);
}

#[test]
fn a_truncated_postcard_stream_is_one_bad_record() {
    let dir = tempfile::tempdir().unwrap();
    let pcs = corpus(dir.path(), "peel.pcs");
    let mut bytes = std::fs::read(&pcs).unwrap();
    bytes.truncate(bytes.len() - 3);
    std::fs::write(&pcs, bytes).unwrap();
    let (report, out) = audit_json(&[&pcs], &[]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(report["records"]["rejected"], 1);
    assert_eq!(report["rejected"][0]["code"], "truncated");
    assert_eq!(report["records"]["read"], peel_2022().len() as u64);
}

#[test]
fn a_sample_is_reproducible_and_holds_at_most_n_cases_per_duty() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), "peel.jsonl");
    let args = ["--sample", "10", "--seed", "2022"];
    let (first, _) = audit_json(&[&input], &args);
    let (second, _) = audit_json(&[&input], &args);
    assert_eq!(first["duties"], second["duties"]);
    assert_eq!(first["failing"], second["failing"]);
    assert_eq!(first["sample"]["per_duty"], 10);
    for row in first["duties"].as_array().unwrap() {
        let drawn = row["applicable"].as_u64().unwrap() + row["open"].as_u64().unwrap();
        assert!(drawn <= 10, "{row}");
    }
    // Each case here holds one finding per duty, so 10 cases give 10 findings where 10 applied.
    assert_eq!(
        duty(&first, "NA-1")["applicable"].as_u64().unwrap()
            + duty(&first, "NA-1")["open"].as_u64().unwrap(),
        10
    );
    assert_eq!(duty(&first, "NA-1")["population"]["compliant"], 23);
    let (other, _) = audit_json(&[&input], &["--sample", "10", "--seed", "7"]);
    assert_ne!(
        other["failing"], first["failing"],
        "another seed draws another sample"
    );
}

/// PO-4's two audit lines are derived from the facts in one place; the worse of the two is
/// always the core's own finding, whether the case is closed or still open.
#[test]
fn po4_lines_agree_with_the_cores_finding() {
    let policy = Policy::default();
    let policy = policy.check().unwrap();
    let mut checked = 0;
    for value in peel_2022() {
        let raw: RawCase = serde_json::from_value(value).unwrap();
        let mut instants: Vec<_> = raw.events.as_slice().iter().map(|e| e.at).collect();
        instants.extend(raw.closed_at);
        instants.sort();
        for now in instants {
            // The case as it stood at `now`: later facts not yet recorded.
            let mut at_now = raw.clone();
            at_now.events = safeguard_core::List::new();
            for event in raw.events.as_slice().iter().filter(|e| e.at <= now) {
                at_now.events.push(*event).unwrap();
            }
            at_now.closed_at = at_now.closed_at.filter(|c| *c <= now);
            let case = Case::new(at_now).unwrap();
            // Instants before a detention's decision are not a moment to judge the case at.
            let Ok(findings) = evaluate(&case, policy, now) else {
                continue;
            };
            for finding in findings {
                if finding.rule != RuleId::Po4 {
                    continue;
                }
                let Subject::Victim(victim) = finding.subject else {
                    panic!()
                };
                let (a, b) = po4_duties(&case, victim);
                let worst = b.map_or(a.status, |b| {
                    if b.status.severity() > a.status.severity() {
                        b.status
                    } else {
                        a.status
                    }
                });
                assert_eq!(worst, finding.status, "{} at {now}", case.reference());
                if finding.status == Status::Met {
                    assert_eq!(a.status, Status::Met);
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "{checked}");
}
