//! The conformance protocol (`fixtures/PROTOCOL.md`): any implementation of the rule catalogue,
//! in any language, run as a child process speaking JSON Lines on its standard input and
//! output, checked against the suite with the same runner contract as the core in-process.
//!
//! [`ProtocolRunner`] is the runner's side: it starts the implementation, shakes hands, sends
//! one request per fixture and reads one response, each within a timeout; a timeout, a
//! malformed response or a crash fails that fixture with the reason, and the process is killed
//! and started again for the next one. [`serve`] is the core's side (`safeguard
//! serve-protocol`), answering each request through the very code the in-process runner uses.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use safeguard_core::{Policy, RuleId};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::fixture::{self, Fixture, Outcome, Run, Stage};
use crate::suite::SuiteReport;

/// The version of the protocol (`fixtures/PROTOCOL.md`). Raised when a message changes in a
/// way an implementation of the previous version would misread.
pub const PROTOCOL_VERSION: u32 = 1;

/// The version of the results file (`--results`).
pub const RESULTS_FORMAT_VERSION: u32 = 1;

/// The longest line either side may send (the largest request is far smaller).
pub const MAX_LINE: u64 = 16 * 1024 * 1024;

/// The three forms a fixture gives its case in.
pub const INPUT_FORMS: [&str; 3] = ["case", "case_text", "case_postcard"];

/// The suite's version: the first line of `SUITE_VERSION` at the root of the fixture
/// directory (or beside a single fixture file), if there is one.
pub fn suite_version(dir: &Path) -> Option<String> {
    let root = if dir.is_file() {
        dir.parent().unwrap_or(dir)
    } else {
        dir
    };
    let text = std::fs::read_to_string(root.join("SUITE_VERSION")).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| line.to_owned())
}

/// What the implementation said about itself in the handshake.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Implementation {
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// The rule ids it claims to implement.
    pub rules: Vec<String>,
    /// The case forms it reads (`case`, `case_text`, `case_postcard`).
    pub inputs: Vec<String>,
    /// The catalogue version it follows, if it said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalogue_version: Option<u64>,
}

/// The full policy of a fixture: the defaults with its overrides applied, as the complete JSON
/// policy. Overrides the core refuses are laid over the defaults' JSON as given, so that the
/// implementation meets the same bad value and must refuse it the same way.
pub fn full_policy(fixture: &Fixture) -> Value {
    if let Ok(policy) = fixture::policy_of(fixture)
        && let Ok(full) = serde_json::to_value(policy)
    {
        return full;
    }
    let mut policy = serde_json::to_value(Policy::default()).unwrap_or(Value::Null);
    match (&mut policy, &fixture.policy) {
        (Value::Object(defaults), Some(Value::Object(overrides))) => {
            for (key, value) in overrides {
                defaults.insert(key.clone(), value.clone());
            }
            policy
        }
        (_, Some(other)) => other.clone(),
        (_, None) => policy,
    }
}

/// The form a fixture gives its case in, and the request fields carrying it.
fn case_fields(fixture: &Fixture) -> Result<(&'static str, Map<String, Value>), String> {
    let mut fields = Map::new();
    let form = match (&fixture.case, &fixture.case_text, &fixture.case_postcard) {
        (Some(case), None, None) => {
            fields.insert("case".into(), case.clone());
            "case"
        }
        (None, Some(text), None) => {
            fields.insert("case_text".into(), Value::String(text.clone()));
            let syntax = fixture.case_syntax.as_deref().unwrap_or("json");
            fields.insert("case_syntax".into(), Value::String(syntax.to_owned()));
            "case_text"
        }
        (None, None, Some(hex)) => {
            let hex: String = hex
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            fields.insert("case_postcard".into(), Value::String(hex));
            "case_postcard"
        }
        _ => {
            return Err(format!(
                "{}: case: give exactly one of `case`, `case_text` or `case_postcard`",
                fixture.id
            ));
        }
    };
    Ok((form, fields))
}

/// The request for one fixture (without the newline).
pub fn request(fixture: &Fixture) -> Result<Value, String> {
    let (_, fields) = case_fields(fixture)?;
    let mut request = Map::new();
    request.insert("type".into(), json!("evaluate"));
    request.insert("id".into(), Value::String(fixture.id.clone()));
    request.insert("rules".into(), json!(fixture.rules));
    request.extend(fields);
    request.insert("policy".into(), full_policy(fixture));
    request.insert("now".into(), Value::String(fixture.now.clone()));
    Ok(Value::Object(request))
}

/// Reads a response line into an outcome, or says why it is malformed.
pub fn parse_response(line: &str, id: &str) -> Result<Outcome, String> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object ({e}): {line:.200}"))?;
    let Value::Object(object) = value else {
        return Err(format!("not a JSON object: {line:.200}"));
    };
    match object.get("id") {
        Some(Value::String(got)) if got == id => {}
        Some(other) => return Err(format!("answers id {other}, but the request was {id:?}")),
        None => return Err("has no `id`".to_owned()),
    }
    match (object.get("findings"), object.get("error")) {
        (Some(Value::Array(findings)), None) => {
            for finding in findings {
                if !finding.is_object() {
                    return Err(format!("a finding that is not an object: {finding}"));
                }
            }
            Ok(Outcome::Reported(findings.clone()))
        }
        (None, Some(Value::Object(error))) => {
            let text = |name: &str| error.get(name).and_then(Value::as_str);
            let stage = match text("stage") {
                Some("decode") => Stage::Decode,
                Some("validate") => Stage::Validate,
                Some("evaluate") => Stage::Evaluate,
                other => {
                    return Err(format!(
                        "error.stage must be decode, validate or evaluate, not {other:?}"
                    ));
                }
            };
            let code = text("code").ok_or("error.code is missing or not a string")?;
            Ok(Outcome::Error {
                stage,
                code: code.to_owned(),
                field: text("field").unwrap_or_default().to_owned(),
                message: text("message").unwrap_or_default().to_owned(),
            })
        }
        _ => {
            Err("must have exactly one of `findings` (an array) or `error` (an object)".to_owned())
        }
    }
}

/// A line from the child's standard output, or its end.
enum Line {
    Text(String),
    TooLong,
    End,
}

/// A started implementation.
struct Process {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<Line>,
}

impl Process {
    fn start(command: &[String]) -> Result<Process, String> {
        let (program, args) = command
            .split_first()
            .ok_or("the implementation command is empty")?;
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {program:?}: {e}"))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().ok_or("no standard output")?;
        let (send, lines) = mpsc::channel();
        // The reader thread ends when the child's output ends (it exits or is killed).
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut buf = Vec::new();
                match (&mut reader).take(MAX_LINE + 1).read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => {
                        let _ = send.send(Line::End);
                        return;
                    }
                    Ok(_) if buf.len() as u64 > MAX_LINE => {
                        let _ = send.send(Line::TooLong);
                        return;
                    }
                    Ok(_) => {
                        let text = String::from_utf8_lossy(&buf)
                            .trim_end_matches(['\n', '\r'])
                            .to_owned();
                        if send.send(Line::Text(text)).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Ok(Process {
            child,
            stdin,
            lines,
        })
    }

    fn send(&mut self, message: &Value) -> Result<(), String> {
        let stdin = self.stdin.as_mut().ok_or("standard input is closed")?;
        let mut line = serde_json::to_string(message).map_err(|e| e.to_string())?;
        line.push('\n');
        stdin
            .write_all(line.as_bytes())
            .and_then(|()| stdin.flush())
            .map_err(|e| format!("crashed: cannot write the request ({e})"))
    }

    /// The next line, within `timeout`; blank lines are skipped.
    fn receive(&mut self, timeout: Duration) -> Result<String, String> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(Line::Text(text)) if text.trim().is_empty() => continue,
                Ok(Line::Text(text)) => return Ok(text),
                Ok(Line::TooLong) => {
                    return Err(format!("malformed response: a line over {MAX_LINE} bytes"));
                }
                Ok(Line::End) | Err(RecvTimeoutError::Disconnected) => {
                    let status = self.wait_briefly();
                    return Err(format!(
                        "crashed: the process ended without answering ({status})"
                    ));
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!(
                        "timeout: no response within {} ms",
                        timeout.as_millis()
                    ));
                }
            }
        }
    }

    fn wait_briefly(&mut self) -> String {
        for _ in 0..50 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.to_string();
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        "still running".to_owned()
    }

    /// Ends the process: closes its input, gives it `grace` to exit, then kills it.
    fn stop(mut self, grace: Duration) {
        drop(self.stdin.take());
        let deadline = std::time::Instant::now() + grace;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Timeouts of a protocol run.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// For the handshake's answer (the process starting included).
    pub handshake: Duration,
    /// For each response.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            handshake: Duration::from_secs(30),
            request: Duration::from_secs(10),
        }
    }
}

/// The runner's side of the protocol.
pub struct ProtocolRunner {
    command: Vec<String>,
    timeouts: Timeouts,
    process: Option<Process>,
    implementation: Implementation,
    /// How many times the process was started.
    pub starts: usize,
}

/// Splits a command line on whitespace, with single or double quotes grouping words.
pub fn split_command(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

fn handshake(process: &mut Process, timeouts: Timeouts) -> Result<Implementation, String> {
    process.send(&json!({
        "type": "hello",
        "protocol_version": PROTOCOL_VERSION,
        "catalogue_version": safeguard_core::CATALOGUE_VERSION,
        "runner": { "name": "safeguard", "version": crate::envelope::TOOL_VERSION },
    }))?;
    let line = process
        .receive(timeouts.handshake)
        .map_err(|e| format!("handshake: {e}"))?;
    let value: Value = serde_json::from_str(&line)
        .map_err(|e| format!("handshake: malformed response: not JSON ({e}): {line:.200}"))?;
    let bad = |why: &str| format!("handshake: malformed response: {why}");
    if value.get("type").and_then(Value::as_str) != Some("hello") {
        return Err(bad("`type` must be \"hello\""));
    }
    match value.get("protocol_version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(PROTOCOL_VERSION) => {}
        Some(v) => {
            return Err(format!(
                "handshake: the implementation speaks protocol version {v}; this runner speaks {PROTOCOL_VERSION}"
            ));
        }
        None => return Err(bad("`protocol_version` is missing")),
    }
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let implementation = value
        .get("implementation")
        .ok_or_else(|| bad("`implementation` is missing"))?;
    let name = text(implementation.get("name")).ok_or_else(|| bad("implementation.name"))?;
    let version =
        text(implementation.get("version")).ok_or_else(|| bad("implementation.version"))?;
    let strings = |v: &Value| -> Option<Vec<String>> {
        v.as_array()?
            .iter()
            .map(|s| s.as_str().map(str::to_owned))
            .collect()
    };
    let rules = value
        .get("rules")
        .and_then(strings)
        .ok_or_else(|| bad("`rules` must be an array of rule ids"))?;
    for rule in &rules {
        if RuleId::parse(rule).is_none() {
            return Err(bad(&format!(
                "claims {rule:?}, not a rule in the catalogue"
            )));
        }
    }
    let inputs = match value.get("inputs") {
        None => INPUT_FORMS.iter().map(|s| (*s).to_owned()).collect(),
        Some(v) => strings(v).ok_or_else(|| bad("`inputs` must be an array"))?,
    };
    for form in &inputs {
        if !INPUT_FORMS.contains(&form.as_str()) {
            return Err(bad(&format!("unknown input form {form:?}")));
        }
    }
    Ok(Implementation {
        name,
        version,
        rules,
        inputs,
        catalogue_version: value.get("catalogue_version").and_then(Value::as_u64),
    })
}

impl std::fmt::Debug for ProtocolRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProtocolRunner")
            .field("command", &self.command)
            .field("implementation", &self.implementation)
            .field("starts", &self.starts)
            .finish_non_exhaustive()
    }
}

impl ProtocolRunner {
    /// Starts the implementation and shakes hands; an implementation that cannot be started
    /// or answers the handshake wrongly is refused here, before any fixture.
    pub fn start(command: &str, timeouts: Timeouts) -> Result<ProtocolRunner, String> {
        let command = split_command(command);
        let mut process = Process::start(&command)?;
        let implementation = match handshake(&mut process, timeouts) {
            Ok(implementation) => implementation,
            Err(e) => {
                process.kill();
                return Err(e);
            }
        };
        Ok(ProtocolRunner {
            command,
            timeouts,
            process: Some(process),
            implementation,
            starts: 1,
        })
    }

    /// What the implementation said in its (first) handshake.
    pub fn implementation(&self) -> &Implementation {
        &self.implementation
    }

    /// Runs one fixture through the implementation.
    pub fn run(&mut self, fixture: &Fixture) -> Run {
        let claimed: BTreeSet<&str> = self
            .implementation
            .rules
            .iter()
            .map(String::as_str)
            .collect();
        let unclaimed: Vec<&str> = fixture
            .rules
            .iter()
            .map(String::as_str)
            .filter(|r| !claimed.contains(r))
            .collect();
        if !unclaimed.is_empty() {
            return Run::Skipped(format!("rules not claimed: {}", unclaimed.join(", ")));
        }
        let (form, _) = match case_fields(fixture) {
            Ok(fields) => fields,
            Err(e) => return Run::Failed(e),
        };
        if !self.implementation.inputs.iter().any(|f| f == form) {
            return Run::Skipped(format!("input form not read: {form}"));
        }
        let request = match request(fixture) {
            Ok(request) => request,
            Err(e) => return Run::Failed(e),
        };
        if self.process.is_none() {
            // The previous process was killed (a timeout, a crash, a malformed line): start
            // again, with the same handshake.
            let started = Process::start(&self.command).and_then(|mut process| {
                self.starts += 1;
                match handshake(&mut process, self.timeouts) {
                    Ok(_) => Ok(process),
                    Err(e) => {
                        process.kill();
                        Err(e)
                    }
                }
            });
            match started {
                Ok(process) => self.process = Some(process),
                Err(e) => return Run::Failed(format!("restart failed: {e}")),
            }
        }
        let Some(process) = self.process.as_mut() else {
            return Run::Failed("no process".to_owned());
        };
        let answer = process
            .send(&request)
            .and_then(|()| process.receive(self.timeouts.request))
            .and_then(|line| {
                parse_response(&line, &fixture.id).map_err(|e| format!("malformed response: {e}"))
            });
        match answer {
            Ok(outcome) => Run::Outcome(outcome),
            Err(why) => {
                if let Some(process) = self.process.take() {
                    process.kill();
                }
                Run::Failed(format!("{why} (the process was restarted)"))
            }
        }
    }

    /// Ends the implementation: its input is closed and it is given a moment to exit.
    pub fn finish(mut self) {
        if let Some(process) = self.process.take() {
            process.stop(Duration::from_secs(2));
        }
    }
}

impl Drop for ProtocolRunner {
    fn drop(&mut self) {
        if let Some(process) = self.process.take() {
            process.kill();
        }
    }
}

/// One fixture in a results file.
#[derive(Debug, Clone, Serialize)]
pub struct FixtureOutcome<'a> {
    /// The fixture id.
    pub id: &'a str,
    /// Its directory.
    pub family: &'a str,
    /// The rules it tests.
    pub rules: &'a [String],
    /// `passed`, `failed` or `skipped`.
    pub outcome: &'static str,
    /// Why it failed or was skipped (every problem, joined); absent when it passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The published results of a run (`--results FILE`), in a stable form.
#[derive(Debug, Clone, Serialize)]
pub struct Results<'a> {
    /// [`RESULTS_FORMAT_VERSION`].
    pub results_format_version: u32,
    /// The suite's version (`fixtures/SUITE_VERSION`); `null` if the directory has none.
    pub suite_version: Option<String>,
    /// The catalogue version the suite and this runner follow.
    pub catalogue_version: u16,
    /// The `safeguard` release that ran the suite.
    pub tool_version: &'static str,
    /// [`PROTOCOL_VERSION`] for a run over the protocol; `null` in-process.
    pub protocol_version: Option<u32>,
    /// The implementation under test.
    pub implementation: &'a Implementation,
    /// Counts.
    pub passed: usize,
    /// Counts.
    pub failed: usize,
    /// Counts.
    pub skipped: usize,
    /// Counts.
    pub total: usize,
    /// Problems with the suite as a whole.
    pub suite_problems: &'a [String],
    /// Every fixture, in path order.
    pub fixtures: Vec<FixtureOutcome<'a>>,
}

/// The results file's text.
pub fn results(
    report: &SuiteReport,
    suite_version: Option<String>,
    implementation: &Implementation,
    over_protocol: bool,
) -> String {
    let results = Results {
        results_format_version: RESULTS_FORMAT_VERSION,
        suite_version,
        catalogue_version: safeguard_core::CATALOGUE_VERSION,
        tool_version: crate::envelope::TOOL_VERSION,
        protocol_version: over_protocol.then_some(PROTOCOL_VERSION),
        implementation,
        passed: report.passed(),
        failed: report.failed(),
        skipped: report.skipped(),
        total: report.results.len(),
        suite_problems: &report.suite_problems,
        fixtures: report
            .results
            .iter()
            .map(|r| FixtureOutcome {
                id: &r.id,
                family: &r.family,
                rules: &r.rules,
                outcome: if r.failed() {
                    "failed"
                } else if r.skipped.is_some() {
                    "skipped"
                } else {
                    "passed"
                },
                reason: if r.failed() {
                    Some(r.problems.join("; "))
                } else {
                    r.skipped.clone()
                },
            })
            .collect(),
    };
    serde_json::to_string_pretty(&results).unwrap_or_default() + "\n"
}

/// The core in-process, described as an implementation (for a results file).
pub fn core_implementation() -> Implementation {
    Implementation {
        name: "safeguard-core".to_owned(),
        version: crate::envelope::TOOL_VERSION.to_owned(),
        rules: RuleId::ALL.iter().map(|r| r.as_str().to_owned()).collect(),
        inputs: INPUT_FORMS.iter().map(|s| (*s).to_owned()).collect(),
        catalogue_version: Some(u64::from(safeguard_core::CATALOGUE_VERSION)),
    }
}

/// The core's side of the protocol: answers the handshake, then each request, until its
/// input ends. Each request is turned back into a fixture and run by [`fixture::run_case`],
/// the in-process runner's own code.
pub fn serve(input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
    let implementation = core_implementation();
    let mut greeted = false;
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
        let reply = if !greeted {
            greeted = true;
            json!({
                "type": "hello",
                "protocol_version": PROTOCOL_VERSION,
                "implementation": { "name": implementation.name, "version": implementation.version },
                "catalogue_version": implementation.catalogue_version,
                "rules": implementation.rules,
                "inputs": implementation.inputs,
            })
        } else {
            answer(&value)
        };
        let mut text = serde_json::to_string(&reply).unwrap_or_default();
        text.push('\n');
        output.write_all(text.as_bytes())?;
        output.flush()?;
    }
    Ok(())
}

/// The answer to one request.
fn answer(request: &Value) -> Value {
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let error = |stage: &str, code: &str, field: &str, message: String| json!({ "id": id, "error": { "stage": stage, "code": code, "field": field, "message": message } });
    let text = |name: &str| request.get(name).and_then(Value::as_str).map(str::to_owned);
    let fixture = Fixture {
        id: text("id").unwrap_or_default(),
        title: String::new(),
        rules: Vec::new(),
        source: fixture::FixtureSource {
            instrument: String::new(),
            provision: String::new(),
            quote: None,
        },
        now: text("now").unwrap_or_default(),
        policy: request.get("policy").cloned(),
        case: request.get("case").cloned(),
        case_text: text("case_text"),
        case_syntax: text("case_syntax"),
        case_postcard: text("case_postcard"),
        expect: fixture::Expect {
            findings: None,
            error: None,
        },
        notes: None,
    };
    match fixture::run_case(&fixture) {
        Ok(Outcome::Findings(findings)) => json!({ "id": id, "findings": findings }),
        Ok(Outcome::Reported(findings)) => json!({ "id": id, "findings": findings }),
        Ok(Outcome::Error {
            stage,
            code,
            field,
            message,
        }) => error(stage.as_str(), &code, &field, message),
        Err(e) => error("decode", e.code, &e.field, e.to_string()),
    }
}
