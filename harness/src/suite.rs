//! Running a whole fixture directory and reporting it: a per-family table, JSON, or JUnit XML.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use safeguard_core::{CATALOGUE, RuleId};
use serde::Serialize;

use crate::fixture::{self, FixtureResult};
use crate::input::{self, InputError};

/// The result of a suite run.
#[derive(Debug, Clone)]
pub struct SuiteReport {
    /// Every fixture, in path order.
    pub results: Vec<FixtureResult>,
    /// Problems with the suite as a whole (duplicate ids).
    pub suite_problems: Vec<String>,
}

impl SuiteReport {
    /// Fixtures that passed.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }

    /// Fixtures that failed.
    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }

    /// Whether everything passed and the suite itself is sound.
    pub fn ok(&self) -> bool {
        self.failed() == 0 && self.suite_problems.is_empty()
    }
}

/// The fixture schema this build understands (`fixtures/fixture.schema.json`), built in so
/// that a copied binary checks fixtures against the format it reads.
pub const FIXTURE_SCHEMA: &str = include_str!("../../fixtures/fixture.schema.json");

/// Which of the suite's self-checks to run besides unique ids.
#[derive(Debug, Clone, Copy)]
pub struct SelfChecks {
    /// Every rule has a fixture expecting `met` and one expecting non-compliance.
    pub coverage: bool,
    /// Every fixture file fits [`FIXTURE_SCHEMA`].
    pub schema: bool,
}

/// Runs every fixture under `dir` (a directory, or one fixture file) and the suite's
/// self-checks: at least one fixture, unique ids, coverage of every rule (for a directory,
/// unless turned off), every file fitting the fixture schema.
pub fn run_checked(dir: &Path, checks: SelfChecks) -> Result<SuiteReport, InputError> {
    let single_file = std::fs::metadata(dir).is_ok_and(|m| m.is_file());
    let root = if single_file {
        dir.parent().unwrap_or(dir)
    } else {
        dir
    };
    let mut report = run_in(dir, root)?;
    if report.results.is_empty() {
        report.suite_problems.push(format!(
            "no fixtures found under {} (a suite of none proves nothing)",
            dir.display()
        ));
    }
    if checks.schema {
        let schema: serde_json::Value =
            serde_json::from_str(FIXTURE_SCHEMA).map_err(|e| InputError {
                file: "fixture.schema.json".to_owned(),
                field: String::new(),
                problem: format!("the built-in schema is not JSON: {e}"),
                code: "syntax",
            })?;
        let validator = jsonschema::validator_for(&schema).map_err(|e| InputError {
            file: "fixture.schema.json".to_owned(),
            field: String::new(),
            problem: format!("the built-in schema is not usable: {e}"),
            code: "syntax",
        })?;
        for result in &mut report.results {
            let path = Path::new(&result.path);
            let Ok(document) = input::read_text(path).and_then(|text| {
                input::parse_document(&text, input::Syntax::of(path), &result.path)
            }) else {
                continue; // already a failed fixture: it cannot be read
            };
            for e in validator.iter_errors(&document) {
                let at = e.instance_path.to_string();
                result.problems.push(format!(
                    "schema: {}: {e}",
                    if at.is_empty() { "/" } else { &at }
                ));
            }
        }
    }
    if checks.coverage && !single_file && !report.results.is_empty() {
        for gap in coverage_gaps(&report) {
            report.suite_problems.push(format!("coverage: {gap}"));
        }
    }
    Ok(report)
}

/// Runs every fixture under `dir`, checking only that ids are unique.
pub fn run(dir: &Path) -> Result<SuiteReport, InputError> {
    run_in(dir, dir)
}

fn run_in(dir: &Path, root: &Path) -> Result<SuiteReport, InputError> {
    let files = input::fixture_files(dir)?;
    let results: Vec<FixtureResult> = files
        .iter()
        .map(|path| fixture::run_file(path, root))
        .collect();
    let mut suite_problems = Vec::new();
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for result in &results {
        if let Some(first) = seen.insert(&result.id, &result.path) {
            suite_problems.push(format!(
                "fixture id {:?} is used by both {first} and {}",
                result.id, result.path
            ));
        }
    }
    Ok(SuiteReport {
        results,
        suite_problems,
    })
}

/// Whether a fixture status counts as non-compliant.
fn non_compliant(status: &str) -> bool {
    matches!(status, "met_late" | "missed" | "prohibited")
}

/// Per rule: (fixtures testing it, fixtures expecting `met`, fixtures expecting non-compliance).
pub fn coverage(report: &SuiteReport) -> BTreeMap<RuleId, (usize, usize, usize)> {
    let mut table: BTreeMap<RuleId, (usize, usize, usize)> =
        RuleId::ALL.iter().map(|r| (*r, (0, 0, 0))).collect();
    for result in &report.results {
        for rule in &result.rules {
            let Some(id) = RuleId::parse(rule) else {
                continue;
            };
            let entry = table.entry(id).or_default();
            entry.0 += 1;
            let statuses: BTreeSet<&str> = result
                .expected_statuses
                .iter()
                .filter(|(r, _)| r == rule)
                .map(|(_, s)| s.as_str())
                .collect();
            if statuses.contains("met") {
                entry.1 += 1;
            }
            if statuses.iter().any(|s| non_compliant(s)) {
                entry.2 += 1;
            }
        }
    }
    table
}

/// Rules lacking a fixture that expects `met` or one that expects non-compliance.
pub fn coverage_gaps(report: &SuiteReport) -> Vec<String> {
    coverage(report)
        .into_iter()
        .filter_map(|(rule, (_, met, bad))| match (met, bad) {
            (0, 0) => Some(format!(
                "{rule}: no fixture expects met, none expects a non-compliant status"
            )),
            (0, _) => Some(format!("{rule}: no fixture expects met")),
            (_, 0) => Some(format!("{rule}: no fixture expects a non-compliant status")),
            _ => None,
        })
        .collect()
}

/// The human-readable table: one row per family, then the total and every failure.
pub fn table(report: &SuiteReport) -> String {
    let mut families: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for result in &report.results {
        let entry = families.entry(&result.family).or_default();
        if result.passed() {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<20} {:>6} {:>6} {:>6}",
        "family", "passed", "failed", "total"
    );
    for (family, (passed, failed)) in &families {
        let _ = writeln!(
            out,
            "{family:<20} {passed:>6} {failed:>6} {:>6}",
            passed + failed
        );
    }
    let _ = writeln!(
        out,
        "{:<20} {:>6} {:>6} {:>6}",
        "total",
        report.passed(),
        report.failed(),
        report.results.len()
    );
    for result in report.results.iter().filter(|r| !r.passed()) {
        let _ = writeln!(out, "\nFAIL {} ({})", result.id, result.path);
        for problem in &result.problems {
            let _ = writeln!(out, "  - {problem}");
        }
    }
    for problem in &report.suite_problems {
        let _ = writeln!(out, "\nSUITE {problem}");
    }
    let _ = writeln!(
        out,
        "\n{} passed, {} failed",
        report.passed(),
        report.failed()
    );
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    #[serde(flatten)]
    header: crate::envelope::Header,
    passed: usize,
    failed: usize,
    total: usize,
    suite_problems: &'a [String],
    fixtures: Vec<JsonFixture<'a>>,
}

#[derive(Serialize)]
struct JsonFixture<'a> {
    id: &'a str,
    family: &'a str,
    path: &'a str,
    rules: &'a [String],
    passed: bool,
    problems: &'a [String],
}

/// The machine-readable report, in the versioned envelope (`docs/OUTPUT.md`).
pub fn json(report: &SuiteReport) -> String {
    let doc = JsonReport {
        header: crate::envelope::HEADER,
        passed: report.passed(),
        failed: report.failed(),
        total: report.results.len(),
        suite_problems: &report.suite_problems,
        fixtures: report
            .results
            .iter()
            .map(|r| JsonFixture {
                id: &r.id,
                family: &r.family,
                path: &r.path,
                rules: &r.rules,
                passed: r.passed(),
                problems: &r.problems,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one `testsuite` per family, one `testcase` per fixture.
pub fn junit(report: &SuiteReport) -> String {
    let mut families: BTreeMap<&str, Vec<&FixtureResult>> = BTreeMap::new();
    for result in &report.results {
        families.entry(&result.family).or_default().push(result);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"safeguard conformance\" tests=\"{}\" failures=\"{}\">",
        report.results.len(),
        report.failed()
    );
    for (family, results) in families {
        let failures = results.iter().filter(|r| !r.passed()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">",
            xml_escape(family),
            results.len()
        );
        for result in results {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
                xml_escape(family),
                xml_escape(&result.id),
                xml_escape(&result.path)
            );
            if result.passed() {
                out.push_str("/>\n");
            } else {
                let _ = writeln!(
                    out,
                    ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                    xml_escape(result.problems.first().map_or("", String::as_str)),
                    xml_escape(&result.problems.join("\n"))
                );
            }
        }
        out.push_str("  </testsuite>\n");
    }
    if !report.suite_problems.is_empty() {
        let _ = writeln!(
            out,
            "  <testsuite name=\"suite\" tests=\"1\" failures=\"1\">"
        );
        let _ = writeln!(
            out,
            "    <testcase classname=\"suite\" name=\"self-check\">\n      <failure message=\"suite problems\">{}</failure>\n    </testcase>\n  </testsuite>",
            xml_escape(&report.suite_problems.join("\n"))
        );
    }
    out.push_str("</testsuites>\n");
    out
}

/// The catalogue as a table: id, title, in-force date, duty and sources.
pub fn catalogue_text() -> String {
    let mut out = String::new();
    for rule in &CATALOGUE {
        let _ = writeln!(out, "{} {}", rule.id, rule.title);
        let _ = writeln!(out, "  duty: {}", rule.duty);
        for source in rule.sources {
            let _ = writeln!(
                out,
                "  from {}: {}, {}",
                source.value.in_force, source.value.instrument, source.value.provision
            );
        }
    }
    out
}

/// Fixtures per rule, with the met and non-compliant counts.
pub fn coverage_text(report: &SuiteReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<8} {:<28} {:>8} {:>5} {:>14}",
        "rule", "title", "fixtures", "met", "non-compliant"
    );
    for (rule, (all, met, bad)) in coverage(report) {
        let _ = writeln!(
            out,
            "{:<8} {:<28} {all:>8} {met:>5} {bad:>14}",
            rule.as_str(),
            rule.rule().title
        );
    }
    for gap in coverage_gaps(report) {
        let _ = writeln!(out, "GAP {gap}");
    }
    out
}
