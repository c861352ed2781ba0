//! Batch checks: a JSON Lines stream of cases, each evaluated on its own. A bad record is
//! reported with its line number and error and never stops the others; every line read is
//! accounted for: evaluated, rejected, or blank.
//!
//! The stream is read one line at a time and each result is handed on as it comes, so memory
//! stays constant whatever the length of the batch: at most one line of
//! [`MAX_INPUT_BYTES`] is held, and a longer line is skipped to its end and rejected as
//! `too_large` without being kept. A line that is not UTF-8 is rejected with its number like
//! any other bad record. A byte-order mark at the start of the stream is dropped; a trailing
//! `\r` (Windows line ends) is dropped; lines holding only whitespace are counted as blank and
//! skipped.

use std::io::{self, BufRead};

use safeguard_core::{Case, CheckedPolicy, Finding, Instant, evaluate};
use serde::Serialize;

use crate::input::{self, MAX_INPUT_BYTES, Syntax};

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
    /// The case reference, when the record was read far enough to have one.
    pub reference: Option<String>,
    /// Where it was refused: `decode`, `validate` or `evaluate`.
    pub stage: &'static str,
    /// The error's stable code.
    pub code: &'static str,
    /// The field it names.
    pub field: String,
    /// What was wrong, in plain words.
    pub message: String,
}

/// What became of one non-blank line.
#[derive(Debug, Clone)]
pub enum Record {
    /// It was evaluated.
    Evaluated(Evaluated),
    /// It was refused.
    Rejected(Rejected),
}

/// How many lines a batch held, and what became of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Lines read, blank ones included.
    pub lines: usize,
    /// Lines holding only whitespace, skipped.
    pub blank: usize,
    /// Records evaluated.
    pub evaluated: usize,
    /// Records rejected.
    pub rejected: usize,
}

/// Why a batch stopped before its end.
#[derive(Debug)]
pub enum BatchError {
    /// The input could not be read.
    Read(io::Error),
    /// A result could not be handed on (written).
    Write(io::Error),
}

/// The outcome of a batch held in memory (for tests and small batches).
#[derive(Debug, Clone, Default)]
pub struct BatchReport {
    /// Lines read (every line, blank ones included).
    pub lines: usize,
    /// Blank lines, skipped.
    pub blank: usize,
    /// Records evaluated, in line order.
    pub evaluated: Vec<Evaluated>,
    /// Records rejected, in line order.
    pub rejected: Vec<Rejected>,
}

/// Evaluates every line of `text` as a JSON case, as at `now`, keeping every result.
pub fn run(text: &str, policy: CheckedPolicy<'_>, now: Instant) -> BatchReport {
    let mut report = BatchReport::default();
    let counts = stream(text.as_bytes(), policy, now, |record| {
        match record {
            Record::Evaluated(e) => report.evaluated.push(e),
            Record::Rejected(r) => report.rejected.push(r),
        }
        Ok(())
    });
    if let Ok(counts) = counts {
        report.lines = counts.lines;
        report.blank = counts.blank;
    }
    report
}

/// Evaluates every line read from `reader` as a JSON case, as at `now`, handing each result
/// to `sink` in line order as soon as it is known.
pub fn stream<R: BufRead>(
    mut reader: R,
    policy: CheckedPolicy<'_>,
    now: Instant,
    mut sink: impl FnMut(Record) -> io::Result<()>,
) -> Result<Counts, BatchError> {
    let mut counts = Counts::default();
    let mut buffer = Vec::new();
    while let Some(too_long) = next_line(&mut reader, &mut buffer).map_err(BatchError::Read)? {
        counts.lines += 1;
        let number = counts.lines;
        let mut bytes = buffer.as_slice();
        if number == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if !too_long && bytes.iter().all(u8::is_ascii_whitespace) {
            counts.blank += 1;
            continue;
        }
        let outcome = if too_long {
            Record::Rejected(Rejected {
                line: number,
                reference: None,
                stage: "decode",
                code: "too_large",
                field: String::new(),
                message: format!(
                    "the line is longer than {MAX_INPUT_BYTES} bytes (the most read as one case); skipped unread"
                ),
            })
        } else {
            record(bytes, number, policy, now)
        };
        match outcome {
            Record::Evaluated(_) => counts.evaluated += 1,
            Record::Rejected(_) => counts.rejected += 1,
        }
        sink(outcome).map_err(BatchError::Write)?;
    }
    Ok(counts)
}

/// Reads the next line (without its `\n`) into `buffer`, keeping at most
/// [`MAX_INPUT_BYTES`] + 1 bytes of it. `None` at the end of the input; `Some(true)` when the
/// line was longer than that (the rest was read past, not kept).
fn next_line<R: BufRead>(reader: &mut R, buffer: &mut Vec<u8>) -> io::Result<Option<bool>> {
    buffer.clear();
    let mut read_any = false;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(read_any.then_some(too_long));
        }
        read_any = true;
        let (chunk, used, ended) = match available.iter().position(|b| *b == b'\n') {
            Some(end) => (&available[..end], end + 1, true),
            None => (available, available.len(), false),
        };
        if buffer.len() + chunk.len() > MAX_INPUT_BYTES {
            too_long = true;
            buffer.clear();
        } else if !too_long {
            buffer.extend_from_slice(chunk);
        }
        reader.consume(used);
        if ended {
            return Ok(Some(too_long));
        }
    }
}

fn record(bytes: &[u8], number: usize, policy: CheckedPolicy<'_>, now: Instant) -> Record {
    let rejected = |reference: Option<&str>, stage, code, field: &str, message: String| {
        Record::Rejected(Rejected {
            line: number,
            reference: reference.map(str::to_owned),
            stage,
            code,
            field: field.to_owned(),
            message,
        })
    };
    let name = format!("line {number}");
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            return rejected(
                None,
                "decode",
                "invalid_utf8",
                "",
                format!("not UTF-8 text (bad byte at offset {})", e.valid_up_to()),
            );
        }
    };
    let raw = match input::decode_case(text, Syntax::Json, &name) {
        Ok(raw) => raw,
        Err(e) => return rejected(None, "decode", e.code, &e.field, e.problem),
    };
    let reference = raw.reference.as_str().to_owned();
    let case = match Case::new(raw) {
        Ok(case) => case,
        Err(e) => {
            return rejected(
                Some(&reference),
                "validate",
                e.code(),
                e.field(),
                e.to_string(),
            );
        }
    };
    match evaluate(&case, policy, now) {
        Ok(findings) => Record::Evaluated(Evaluated {
            line: number,
            reference,
            findings: findings.to_vec(),
        }),
        Err(e) => rejected(
            Some(&reference),
            "evaluate",
            e.code(),
            e.field(),
            e.to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_evaluated_rejected_or_blank() {
        let good = r#"{"reference":"A","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1}]}"#;
        let text = [
            good,
            "{not json",
            "",
            r#"{"reference":"D","recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1},{"id":1}]}"#,
            good,
            r#"{"reference":"N","recorded_at":"2030-01-01T00:00:00Z"}"#,
            r#"{"reference":"K","events":[{"id":1,"at":"2024-03-04T10:00:00Z","what":{"teleported":{}}}]}"#,
            "   ",
        ]
        .join("\n");
        let now = Instant::parse_rfc3339("2024-03-10T00:00:00Z").unwrap();
        let report = run(&text, safeguard_core::Policy::DEFAULT.check().unwrap(), now);
        assert_eq!(report.lines, 8);
        assert_eq!(report.blank, 2);
        assert_eq!(
            report.evaluated.len() + report.rejected.len() + report.blank,
            report.lines
        );
        assert_eq!(
            report.evaluated.iter().map(|e| e.line).collect::<Vec<_>>(),
            [1, 5]
        );
        let codes: Vec<(usize, &str)> = report.rejected.iter().map(|r| (r.line, r.code)).collect();
        assert_eq!(
            codes,
            [
                (2, "syntax"),
                (4, "duplicate_id"),
                (6, "now_before_case"),
                (7, "unknown_variant")
            ]
        );
        assert!(report.evaluated.iter().all(|e| !e.findings.is_empty()));
    }

    #[test]
    fn an_over_long_line_is_rejected_without_losing_its_neighbours() {
        let good = r#"{"reference":"A","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1}]}"#;
        let long = format!("{{\"reference\":\"{}\"}}", "x".repeat(MAX_INPUT_BYTES));
        let text = format!("{good}\n{long}\n{good}");
        let now = Instant::parse_rfc3339("2024-03-10T00:00:00Z").unwrap();
        let report = run(&text, safeguard_core::Policy::DEFAULT.check().unwrap(), now);
        assert_eq!(report.lines, 3);
        assert_eq!(
            report.evaluated.iter().map(|e| e.line).collect::<Vec<_>>(),
            [1, 3]
        );
        assert_eq!(report.rejected.first().map(|r| r.code), Some("too_large"));
    }
}
