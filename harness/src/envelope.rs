//! The versioned JSON output of `check --format json`, `check --batch` and
//! `conformance --format json` (described in `docs/OUTPUT.md`).
//!
//! Every document (every line, in a batch) opens with the same three fields, so an integrator
//! can tell which format, which build and which rule catalogue produced it before reading on:
//! `format_version` (this layout; a change that could break a reader raises it),
//! `tool_version` (the `safeguard` release) and `catalogue_version` (the revision of the rule
//! catalogue the findings follow).

use safeguard_core::{Finding, Instant};
use serde::Serialize;

/// The version of this output layout. Raised whenever a field is removed, renamed or changes
/// meaning; adding a field does not raise it.
pub const FORMAT_VERSION: u32 = 1;

/// The `safeguard` release.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The revision of the rule catalogue the core implements (the date of RULES.md's last
/// revision). The core has no such constant yet; this one stands in for it.
pub const CATALOGUE_VERSION: &str = "2026-12-02";

/// The fields every document opens with.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Header {
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// [`TOOL_VERSION`].
    pub tool_version: &'static str,
    /// [`CATALOGUE_VERSION`].
    pub catalogue_version: &'static str,
}

/// The header of this build.
pub const HEADER: Header = Header {
    format_version: FORMAT_VERSION,
    tool_version: TOOL_VERSION,
    catalogue_version: CATALOGUE_VERSION,
};

/// A refused input, as data.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorReport {
    /// `decode`, `validate` or `evaluate` (see `fixtures/README.md`), or `read` when a file
    /// could not be read at all.
    pub stage: &'static str,
    /// The stable code.
    pub code: &'static str,
    /// The field path it names; empty for the whole document.
    pub field: String,
    /// What was wrong, in plain words.
    pub message: String,
}

/// Findings, or the error that stopped them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome<'a> {
    /// The case was evaluated: every finding, in the core's order.
    Findings(&'a [Finding]),
    /// The case was refused.
    Error(&'a ErrorReport),
}

/// One case's result: `check --format json` prints one, `check --batch` one per record line.
#[derive(Debug, Clone, Serialize)]
pub struct CaseDocument<'a> {
    /// The opening fields.
    #[serde(flatten)]
    pub header: Header,
    /// The 1-based line of the batch (batches only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The case reference; `null` when the case was not read far enough to have one.
    pub reference: Option<&'a str>,
    /// The "as at" instant, RFC 3339 UTC; `null` when `--now` itself was refused.
    pub now: Option<Instant>,
    /// `findings` or `error`.
    #[serde(flatten)]
    pub outcome: Outcome<'a>,
}

/// An error that stopped a command before any case was judged (a bad `--now`, an unreadable
/// fixture directory), for `--format json`.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorDocument<'a> {
    /// The opening fields.
    #[serde(flatten)]
    pub header: Header,
    /// What went wrong.
    pub error: &'a ErrorReport,
}

/// One document as a single line of JSON (without the newline).
pub fn to_line<T: Serialize>(document: &T) -> String {
    // Serialising these types cannot fail: every map key is a string and every value is
    // plain data. Should it ever fail, say so in the document rather than write nothing.
    serde_json::to_string(document).unwrap_or_else(|e| {
        format!(
            r#"{{"format_version":{FORMAT_VERSION},"error":{{"stage":"output","code":"unserialisable","field":"","message":{}}}}}"#,
            serde_json::Value::String(e.to_string())
        )
    })
}
