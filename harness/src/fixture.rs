//! Conformance fixtures: loading one, running it, and comparing what the core found with what
//! the fixture expects. The contract is written in `fixtures/README.md` ("Interpreting").

use std::collections::BTreeMap;
use std::path::Path;

use safeguard_core::{Case, Finding, Policy, RawCase, RuleId, evaluate};
use serde::Deserialize;

use crate::input::{self, InputError, Syntax};

/// One fixture file, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// Stable, unique id.
    pub id: String,
    /// One-line title.
    pub title: String,
    /// The rules this fixture tests.
    pub rules: Vec<String>,
    /// The law the expectation comes from.
    pub source: FixtureSource,
    /// The "as at" instant (RFC 3339).
    pub now: String,
    /// Policy overrides (any policy field).
    #[serde(default)]
    pub policy: Option<serde_json::Value>,
    /// The raw case, as a records system sends it. Kept as a value tree so that a case that
    /// does not fit the format is a `decode` error the fixture can expect.
    #[serde(default)]
    pub case: Option<serde_json::Value>,
    /// Instead of `case`: the case as the exact text a records system sent, for input that is
    /// not even well-formed (read with `case_syntax`).
    #[serde(default)]
    pub case_text: Option<String>,
    /// The syntax of `case_text`: `json` (the default) or `toml`.
    #[serde(default)]
    pub case_syntax: Option<String>,
    /// Instead of `case`: the case as postcard bytes, in hexadecimal.
    #[serde(default)]
    pub case_postcard: Option<String>,
    /// What should come out.
    pub expect: Expect,
    /// Free-form notes for the reader.
    #[serde(default)]
    pub notes: Option<String>,
}

/// The provision a fixture tests.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureSource {
    /// Instrument (act, regulations, code).
    pub instrument: String,
    /// Provision (section, regulation, right).
    pub provision: String,
    /// A short quotation of the words relied on.
    #[serde(default)]
    pub quote: Option<String>,
}

/// The expected outcome: findings, or a typed error.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The findings for the listed rules.
    #[serde(default)]
    pub findings: Option<Vec<ExpectedFinding>>,
    /// The error the input must give.
    #[serde(default)]
    pub error: Option<ExpectedError>,
}

/// One expected finding.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ExpectedFinding {
    /// Rule id (`NA-1`).
    pub rule: String,
    /// `"case"` or `{ victim = 1 }` and so on.
    pub subject: serde_json::Value,
    /// `met`, `missed`, ….
    pub status: String,
    /// RFC 3339, if the finding has a deadline.
    #[serde(default)]
    pub deadline: Option<String>,
    /// RFC 3339, if the duty was met.
    #[serde(default)]
    pub met_at: Option<String>,
    /// The reason code.
    pub reason: String,
    /// Whether the deadline used computed bank holidays.
    #[serde(default)]
    pub computed_holidays: bool,
}

/// The stage at which bad input is refused.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The case or policy does not fit the format.
    Decode,
    /// The case was refused by the checked constructor.
    Validate,
    /// The evaluation was refused.
    Evaluate,
}

impl Stage {
    /// The stage's name, as fixtures write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Decode => "decode",
            Stage::Validate => "validate",
            Stage::Evaluate => "evaluate",
        }
    }
}

/// An expected typed error.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ExpectedError {
    /// Where it is refused.
    pub stage: Stage,
    /// The error's stable code.
    pub code: String,
    /// The field or list it names, if the fixture checks it.
    #[serde(default)]
    pub field: Option<String>,
}

/// What happened when a fixture's case was run.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Findings (all rules), from the core in-process.
    Findings(Vec<Finding>),
    /// Findings (all rules) as JSON objects, reported by another implementation over the
    /// protocol (`fixtures/PROTOCOL.md`). They are compared by the same code as
    /// [`Outcome::Findings`], which is first turned into the same JSON form.
    Reported(Vec<serde_json::Value>),
    /// A typed error at a stage.
    Error {
        /// Where.
        stage: Stage,
        /// The stable code.
        code: String,
        /// The field it names.
        field: String,
        /// The message.
        message: String,
    },
}

/// The result of one fixture.
#[derive(Debug, Clone)]
pub struct FixtureResult {
    /// The fixture's id (or the file name if the file could not be read).
    pub id: String,
    /// The family: the fixture's directory name.
    pub family: String,
    /// The file.
    pub path: String,
    /// The rules it tests.
    pub rules: Vec<String>,
    /// The statuses it expects (for coverage).
    pub expected_statuses: Vec<(String, String)>,
    /// Empty when the fixture passed; otherwise each difference, in plain words.
    pub problems: Vec<String>,
    /// Why the fixture was not run (an implementation that does not claim its rules, or
    /// does not read its input form); `None` when it was run.
    pub skipped: Option<String>,
}

impl FixtureResult {
    /// Whether the fixture passed (was run, and matched).
    pub fn passed(&self) -> bool {
        self.problems.is_empty() && self.skipped.is_none()
    }

    /// Whether the fixture failed (a skipped fixture neither passes nor fails).
    pub fn failed(&self) -> bool {
        !self.problems.is_empty()
    }
}

/// What running one fixture's case gave, before comparison.
#[derive(Debug, Clone)]
pub enum Run {
    /// An outcome, to compare with the expectation.
    Outcome(Outcome),
    /// Not run, and why (reported as skipped, never as passed or failed).
    Skipped(String),
    /// The run itself failed, and why (a crash, a timeout, a malformed response).
    Failed(String),
}

/// The in-process runner: the core, through [`run_case`].
pub fn run_in_process(fixture: &Fixture) -> Run {
    match run_case(fixture) {
        Ok(outcome) => Run::Outcome(outcome),
        Err(e) => Run::Failed(e.to_string()),
    }
}

/// Reads a fixture file.
pub fn load(path: &Path) -> Result<Fixture, InputError> {
    let file = path.display().to_string();
    let value = input::parse_document(&input::read_text(path)?, Syntax::of(path), &file)?;
    if !value.is_object() {
        return Err(InputError {
            file,
            field: String::new(),
            problem: "a fixture must be an object (a table)".to_owned(),
            code: "invalid_type",
        });
    }
    input::from_value(value, &file, "")
}

/// Builds the policy: the defaults, then the fixture's overrides.
pub fn policy_of(fixture: &Fixture) -> Result<Policy, InputError> {
    match &fixture.policy {
        None => Ok(Policy::default()),
        Some(overrides) => input::from_value(overrides.clone(), &fixture.id, "policy"),
    }
}

/// Decodes a fixture's case, from whichever form it gives.
pub fn raw_case(fixture: &Fixture) -> Result<RawCase, InputError> {
    let id = fixture.id.as_str();
    let forms = [
        fixture.case.is_some(),
        fixture.case_text.is_some(),
        fixture.case_postcard.is_some(),
    ];
    if forms.iter().filter(|given| **given).count() != 1 {
        return Err(InputError {
            file: id.to_owned(),
            field: "case".to_owned(),
            problem: "give exactly one of `case`, `case_text` or `case_postcard`".to_owned(),
            code: "fixture",
        });
    }
    if let Some(value) = &fixture.case {
        return input::case_from_value(value.clone(), id, "case");
    }
    if let Some(text) = &fixture.case_text {
        let syntax = match fixture.case_syntax.as_deref() {
            Some("toml") => Syntax::Toml,
            _ => Syntax::Json,
        };
        return input::decode_case(text, syntax, id).map_err(|mut e| {
            if !e.field.is_empty() {
                e.field = format!("case_text.{}", e.field);
            }
            e
        });
    }
    let hex = fixture.case_postcard.as_deref().unwrap_or_default();
    let bytes = decode_hex(hex).ok_or_else(|| InputError {
        file: id.to_owned(),
        field: "case_postcard".to_owned(),
        problem: "not an even number of hexadecimal digits".to_owned(),
        code: "fixture",
    })?;
    safeguard_core::decode_case(&bytes).map_err(|e| InputError {
        file: id.to_owned(),
        field: "case_postcard".to_owned(),
        problem: e.to_string(),
        code: e.code(),
    })
}

/// A fixture as a JSON reader takes it (the core's `json` feature, on a device or in the
/// JavaScript package): the case's JSON text, the policy overrides' (empty for the default
/// policy) and `now` in Unix seconds; or why it cannot be given so (a case written as TOML
/// text or postcard bytes, or a `now` that does not parse, which the caller reads, not the
/// core).
pub fn json_input(fixture: &Fixture) -> Result<(String, String, i64), String> {
    let case = match (&fixture.case, &fixture.case_text) {
        (Some(value), _) => value.to_string(),
        (None, Some(text)) if matches!(fixture.case_syntax.as_deref(), None | Some("json")) => {
            text.clone()
        }
        _ => return Err("the case is not JSON (TOML text or postcard bytes)".to_owned()),
    };
    let now = input::parse_instant(&fixture.now, &fixture.id, "now")
        .map_err(|e| format!("`now` does not parse ({})", e.code))?;
    let policy = fixture
        .policy
        .as_ref()
        .map(serde_json::Value::to_string)
        .unwrap_or_default();
    Ok((case, policy, now.unix()))
}

/// Bytes from hexadecimal text (whitespace ignored).
pub fn decode_hex(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect()
}

/// Runs a fixture's case through decoding, validation and evaluation.
pub fn run_case(fixture: &Fixture) -> Result<Outcome, InputError> {
    let error = |stage, code: &str, field: &str, message: String| Outcome::Error {
        stage,
        code: code.to_owned(),
        field: field.to_owned(),
        message,
    };
    let now = match input::parse_instant(&fixture.now, &fixture.id, "now") {
        Ok(now) => now,
        Err(e) => return Ok(error(Stage::Decode, e.code, &e.field, e.problem)),
    };
    let policy = match policy_of(fixture) {
        Ok(policy) => policy,
        Err(e) => return Ok(error(Stage::Decode, e.code, &e.field, e.problem)),
    };
    let raw = match raw_case(fixture) {
        Ok(raw) => raw,
        Err(e) if e.code == "fixture" => return Err(e),
        Err(e) => return Ok(error(Stage::Decode, e.code, &e.field, e.problem)),
    };
    let case = match Case::new(raw) {
        Ok(case) => case,
        Err(e) => return Ok(error(Stage::Validate, e.code(), e.field(), e.to_string())),
    };
    let policy = match policy.check() {
        Ok(policy) => policy,
        Err(e) => return Ok(error(Stage::Evaluate, e.code(), e.field(), e.to_string())),
    };
    Ok(match evaluate(&case, policy, now) {
        Ok(findings) => Outcome::Findings(findings.to_vec()),
        Err(e) => error(Stage::Evaluate, e.code(), e.field(), e.to_string()),
    })
}

fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// A finding reduced to the fields fixtures compare, as JSON values, from a finding in its
/// JSON form (the core's serialisation, or a protocol response). Instants are read as RFC 3339
/// and written back in UTC, so `+00:00` and `Z` compare equal; a value that is not an instant
/// is kept as given and so differs. An absent `computed_holidays` is `false`.
fn comparable(finding: &serde_json::Value, id: &str) -> BTreeMap<&'static str, serde_json::Value> {
    let field = |name: &str| {
        finding
            .get(name)
            .cloned()
            .unwrap_or(serde_json::Value::Null)
    };
    let instant = |name: &str| match finding.get(name) {
        Some(serde_json::Value::String(text)) => input::parse_instant(text, id, name)
            .map(|at| serde_json::Value::String(at.to_string()))
            .unwrap_or_else(|_| serde_json::Value::String(text.clone())),
        Some(other) => other.clone(),
        None => serde_json::Value::Null,
    };
    BTreeMap::from([
        ("status", field("status")),
        ("reason", field("reason")),
        ("deadline", instant("deadline")),
        ("met_at", instant("met_at")),
        (
            "computed_holidays",
            finding
                .get("computed_holidays")
                .cloned()
                .unwrap_or(serde_json::Value::Bool(false)),
        ),
    ])
}

fn expected_comparable(
    expected: &ExpectedFinding,
    id: &str,
) -> Result<BTreeMap<&'static str, serde_json::Value>, String> {
    let instant = |text: &Option<String>, field: &str| -> Result<serde_json::Value, String> {
        match text {
            None => Ok(serde_json::Value::Null),
            Some(text) => input::parse_instant(text, id, field)
                .map(|at| serde_json::Value::String(at.to_string()))
                .map_err(|e| e.to_string()),
        }
    };
    let mut fields = BTreeMap::new();
    fields.insert("status", serde_json::Value::String(expected.status.clone()));
    fields.insert("reason", serde_json::Value::String(expected.reason.clone()));
    fields.insert("deadline", instant(&expected.deadline, "deadline")?);
    fields.insert("met_at", instant(&expected.met_at, "met_at")?);
    fields.insert(
        "computed_holidays",
        serde_json::Value::Bool(expected.computed_holidays),
    );
    Ok(fields)
}

fn subject_key(subject: &serde_json::Value) -> String {
    subject.to_string()
}

/// Compares an outcome with a fixture's expectation; returns the differences.
pub fn compare(fixture: &Fixture, outcome: &Outcome) -> Vec<String> {
    let mut problems = Vec::new();
    for rule in &fixture.rules {
        if RuleId::parse(rule).is_none() {
            problems.push(format!("rules: {rule:?} is not a rule in the catalogue"));
        }
    }
    match (&fixture.expect.findings, &fixture.expect.error, outcome) {
        (Some(_), Some(_), _) | (None, None, _) => {
            problems.push("expect: give exactly one of `findings` or `error`".to_owned());
        }
        (
            None,
            Some(want),
            Outcome::Error {
                stage,
                code,
                field,
                message,
            },
        ) => {
            if want.stage != *stage || want.code != *code {
                problems.push(format!(
                    "expected a {} error {:?}, got a {} error {:?}: {message}",
                    want.stage.as_str(),
                    want.code,
                    stage.as_str(),
                    code
                ));
            } else if want.field.as_ref().is_some_and(|f| f != field) {
                problems.push(format!(
                    "expected the error to name {:?}, it names {field:?}: {message}",
                    want.field.as_deref().unwrap_or_default()
                ));
            }
        }
        (None, Some(want), Outcome::Findings(_) | Outcome::Reported(_)) => {
            problems.push(format!(
                "expected a {} error {:?}, but the case was accepted",
                want.stage.as_str(),
                want.code
            ));
        }
        (
            Some(_),
            None,
            Outcome::Error {
                stage,
                code,
                message,
                ..
            },
        ) => {
            problems.push(format!(
                "expected findings, got a {} error {code:?}: {message}",
                stage.as_str()
            ));
        }
        (Some(expected), None, Outcome::Findings(findings)) => {
            let findings: Vec<serde_json::Value> = findings.iter().map(json).collect();
            compare_findings(fixture, expected, &findings, &mut problems);
        }
        (Some(expected), None, Outcome::Reported(findings)) => {
            compare_findings(fixture, expected, findings, &mut problems);
        }
    }
    problems
}

fn compare_findings(
    fixture: &Fixture,
    expected: &[ExpectedFinding],
    findings: &[serde_json::Value],
    problems: &mut Vec<String>,
) {
    let mut actual: BTreeMap<(String, String), &serde_json::Value> = BTreeMap::new();
    for finding in findings {
        let Some(rule) = finding.get("rule").and_then(serde_json::Value::as_str) else {
            problems.push(format!("a finding without a rule id: {finding}"));
            continue;
        };
        if fixture.rules.iter().any(|r| r == rule) {
            let subject = finding.get("subject").cloned().unwrap_or_default();
            let key = (rule.to_owned(), subject_key(&subject));
            if actual.insert(key.clone(), finding).is_some() {
                problems.push(format!("{} {}: reported twice", key.0, key.1));
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for want in expected {
        let key = (want.rule.clone(), subject_key(&want.subject));
        if !seen.insert(key.clone()) {
            problems.push(format!("{} {}: expected twice", key.0, key.1));
            continue;
        }
        if !fixture.rules.contains(&want.rule) {
            problems.push(format!(
                "{} {}: expected, but {} is not in `rules`",
                key.0, key.1, want.rule
            ));
            continue;
        }
        let Some(got) = actual.remove(&key) else {
            problems.push(format!(
                "{} {}: expected {}, but there is no such finding",
                key.0, key.1, want.status
            ));
            continue;
        };
        let want_fields = match expected_comparable(want, &fixture.id) {
            Ok(fields) => fields,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let got_fields = comparable(got, &fixture.id);
        for (name, want_value) in &want_fields {
            let got_value = got_fields.get(name).cloned().unwrap_or_default();
            if &got_value != want_value {
                problems.push(format!(
                    "{} {}: {name} expected {want_value}, got {got_value}",
                    key.0, key.1
                ));
            }
        }
    }
    for ((rule, subject), got) in actual {
        problems.push(format!(
            "{rule} {subject}: unexpected finding {} ({})",
            got.get("status").cloned().unwrap_or_default(),
            got.get("reason")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
        ));
    }
}

/// Loads and runs one fixture file in-process; a file that cannot be read is a failed fixture.
pub fn run_file(path: &Path, root: &Path) -> FixtureResult {
    run_file_with(path, root, &mut run_in_process)
}

/// Loads one fixture file, runs it with `runner` and applies the runner contract
/// (`fixtures/README.md`) to what it gave: the same comparison whoever the implementation is.
pub fn run_file_with(
    path: &Path,
    root: &Path,
    runner: &mut dyn FnMut(&Fixture) -> Run,
) -> FixtureResult {
    let family = path
        .parent()
        .and_then(|p| p.strip_prefix(root).ok())
        .map(|p| p.display().to_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| ".".to_owned());
    let display = path.display().to_string();
    let fixture = match load(path) {
        Ok(fixture) => fixture,
        Err(e) => {
            return FixtureResult {
                id: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                family,
                path: display,
                rules: Vec::new(),
                expected_statuses: Vec::new(),
                problems: vec![e.to_string()],
                skipped: None,
            };
        }
    };
    let (problems, skipped) = match runner(&fixture) {
        Run::Outcome(outcome) => (compare(&fixture, &outcome), None),
        Run::Skipped(why) => (Vec::new(), Some(why)),
        Run::Failed(why) => (vec![why], None),
    };
    FixtureResult {
        expected_statuses: fixture
            .expect
            .findings
            .iter()
            .flatten()
            .map(|f| (f.rule.clone(), f.status.clone()))
            .collect(),
        id: fixture.id,
        family,
        path: display,
        rules: fixture.rules,
        problems,
        skipped,
    }
}
