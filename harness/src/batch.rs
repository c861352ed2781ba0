//! Batch checks: a JSON Lines file of cases, each evaluated on its own. A bad record is
//! reported with its line number and error and never stops the others; every line read is
//! accounted for, either evaluated or rejected.

use safeguard_core::{Case, Finding, Instant, Policy, RawCase, evaluate};
use serde::Serialize;

use crate::input::{self, Syntax};

/// One evaluated record.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluated {
    /// The 1-based line number.
    pub line: usize,
    /// The case reference.
    pub reference: String,
    /// Its findings.
    pub findings: Vec<Finding>,
}

/// One rejected record.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Rejected {
    /// The 1-based line number.
    pub line: usize,
    /// Where it was refused: `decode`, `validate` or `evaluate`.
    pub stage: &'static str,
    /// The error's stable code.
    pub code: &'static str,
    /// The field it names.
    pub field: String,
    /// What was wrong, in plain words.
    pub message: String,
}

/// The outcome of a batch.
#[derive(Debug, Clone, Default)]
pub struct BatchReport {
    /// Lines read (every line, blank ones included).
    pub lines: usize,
    /// Records evaluated, in line order.
    pub evaluated: Vec<Evaluated>,
    /// Records rejected, in line order.
    pub rejected: Vec<Rejected>,
}

/// Evaluates every line of `text` as a JSON case, as at `now`.
pub fn run(text: &str, policy: &Policy, now: Instant) -> BatchReport {
    let mut report = BatchReport::default();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        report.lines = number;
        match record(line, number, policy, now) {
            Ok(evaluated) => report.evaluated.push(evaluated),
            Err(rejected) => report.rejected.push(rejected),
        }
    }
    report
}

fn record(line: &str, number: usize, policy: &Policy, now: Instant) -> Result<Evaluated, Rejected> {
    let rejected = |stage, code, field: &str, message: String| Rejected {
        line: number,
        stage,
        code,
        field: field.to_owned(),
        message,
    };
    if line.trim().is_empty() {
        return Err(rejected(
            "decode",
            "syntax",
            "",
            "an empty line holds no case".to_owned(),
        ));
    }
    let name = format!("line {number}");
    let raw: RawCase = input::parse_document(line, Syntax::Json, &name)
        .and_then(|value| input::from_value(value, &name, ""))
        .map_err(|e| rejected("decode", e.code, &e.field, e.problem))?;
    let case =
        Case::new(raw).map_err(|e| rejected("validate", e.code(), e.field(), e.to_string()))?;
    let findings = evaluate(&case, policy, now)
        .map_err(|e| rejected("evaluate", e.code(), e.field(), e.to_string()))?;
    Ok(Evaluated {
        line: number,
        reference: case.reference().to_owned(),
        findings: findings.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_evaluated_or_rejected() {
        let good = r#"{"reference":"A","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1}]}"#;
        let text = [
            good,
            "{not json",
            "",
            r#"{"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1},{"id":1}]}"#,
            good,
            r#"{"recorded_at":"2030-01-01T00:00:00Z"}"#,
            r#"{"events":[{"id":1,"at":"2024-03-04T10:00:00Z","what":{"teleported":{}}}]}"#,
        ]
        .join("\n");
        let now = Instant::parse_rfc3339("2024-03-10T00:00:00Z").unwrap();
        let report = run(&text, &Policy::default(), now);
        assert_eq!(report.lines, 7);
        assert_eq!(report.evaluated.len() + report.rejected.len(), report.lines);
        assert_eq!(
            report.evaluated.iter().map(|e| e.line).collect::<Vec<_>>(),
            [1, 5]
        );
        let codes: Vec<(usize, &str)> = report.rejected.iter().map(|r| (r.line, r.code)).collect();
        assert_eq!(
            codes,
            [
                (2, "syntax"),
                (3, "syntax"),
                (4, "duplicate_id"),
                (6, "now_before_case"),
                (7, "unknown_variant")
            ]
        );
        assert!(report.evaluated.iter().all(|e| !e.findings.is_empty()));
    }
}
