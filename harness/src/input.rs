//! Reading cases, policies and fixtures from TOML or JSON files, with errors that name the file,
//! the field and what was wrong.

use std::fmt;
use std::path::{Path, PathBuf};

use safeguard_core::{Case, Instant, Policy, RawCase};
use serde::de::DeserializeOwned;

/// A problem with an input file: where, which field, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file (or `-` for standard input, or a fixture's id).
    pub file: String,
    /// The field path (`events[2].what.needs_assessment.victim`), empty for the whole file.
    pub field: String,
    /// What was wrong, in plain words.
    pub problem: String,
    /// A stable code for the kind of problem (see [`DECODE_CODES`]).
    pub code: &'static str,
}

/// The codes of input problems found before a case reaches the core's checked constructor:
///
/// | code | meaning |
/// |---|---|
/// | `syntax` | not valid JSON or TOML |
/// | `unknown_variant` | an event kind or enum value the format does not have |
/// | `unknown_field` | a field the format does not have |
/// | `missing_field` | a required field is absent |
/// | `invalid_type` | a value of the wrong type (text for a number, …) |
/// | `invalid_value` | a value of the right type out of its range (a negative age, …) |
/// | `invalid_timestamp` | a timestamp that is not whole-second RFC 3339 in 1900–2200 |
/// | `truncated`, `trailing_bytes`, `bad_varint`, `bad_value` | postcard bytes that are cut short, too long, or corrupt |
/// | `unknown_version`, `wrong_kind` | postcard bytes of another wire format version (or none), or not a case (`docs/WIRE.md`) |
/// | `unreadable` | the file cannot be read |
pub const DECODE_CODES: [&str; 14] = [
    "syntax",
    "unknown_variant",
    "unknown_field",
    "missing_field",
    "invalid_type",
    "invalid_value",
    "invalid_timestamp",
    "truncated",
    "trailing_bytes",
    "bad_varint",
    "bad_value",
    "unknown_version",
    "wrong_kind",
    "unreadable",
];

/// The code for a serde data error, from serde's standard messages.
pub fn classify(message: &str) -> &'static str {
    use safeguard_core::time::TimeError;
    const TIME: [TimeError; 6] = [
        TimeError::Malformed,
        TimeError::NoSuchDate,
        TimeError::NoSuchTime,
        TimeError::BadOffset,
        TimeError::FractionalSeconds,
        TimeError::OutOfRange,
    ];
    if message.starts_with("unknown variant") {
        "unknown_variant"
    } else if message.starts_with("unknown field") {
        "unknown_field"
    } else if message.starts_with("missing field") {
        "missing_field"
    } else if message.starts_with("invalid type") {
        "invalid_type"
    } else if TIME.iter().any(|e| message.starts_with(e.as_str())) {
        "invalid_timestamp"
    } else {
        "invalid_value"
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.file, self.problem)
        } else {
            write!(f, "{}: {}: {}", self.file, self.field, self.problem)
        }
    }
}

impl std::error::Error for InputError {}

/// The syntax of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

impl Syntax {
    /// The syntax a path's extension names: `.toml` is TOML, anything else JSON.
    pub fn of(path: &Path) -> Syntax {
        match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => Syntax::Toml,
            _ => Syntax::Json,
        }
    }
}

/// Parses text into a JSON value tree. TOML dates and times become RFC 3339 strings, so a
/// TOML file may write `at = 2024-03-04T10:00:00Z` with or without quotes.
pub fn parse_document(
    text: &str,
    syntax: Syntax,
    file: &str,
) -> Result<serde_json::Value, InputError> {
    match syntax {
        Syntax::Json => serde_json::from_str(text).map_err(|e| InputError {
            file: file.to_owned(),
            field: String::new(),
            problem: format!("not valid JSON: {e}"),
            code: "syntax",
        }),
        Syntax::Toml => {
            let value: toml::Value = toml::from_str(text).map_err(|e| InputError {
                file: file.to_owned(),
                field: String::new(),
                problem: format!("not valid TOML: {}", e.message())
                    .trim_end()
                    .to_owned()
                    + &e.span()
                        .map(|s| format!(" (at byte {})", s.start))
                        .unwrap_or_default(),
                code: "syntax",
            })?;
            Ok(toml_to_json(value))
        }
    }
}

fn toml_to_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => J::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Deserialises a value tree into `T`, reporting the path of the field that failed.
pub fn from_value<T: DeserializeOwned>(
    value: serde_json::Value,
    file: &str,
    prefix: &str,
) -> Result<T, InputError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = match (prefix.is_empty(), path.as_str()) {
            (_, ".") => prefix.to_owned(),
            (true, _) => path,
            (false, _) => format!("{prefix}.{path}"),
        };
        let problem = e.into_inner().to_string();
        InputError {
            file: file.to_owned(),
            field,
            code: classify(&problem),
            problem,
        }
    })
}

/// Reads a whole file as text.
pub fn read_text(path: &Path) -> Result<String, InputError> {
    std::fs::read_to_string(path).map_err(|e| InputError {
        file: path.display().to_string(),
        field: String::new(),
        problem: format!("cannot read: {e}"),
        code: "unreadable",
    })
}

/// Reads a raw case from a TOML or JSON file.
pub fn read_raw_case(path: &Path) -> Result<RawCase, InputError> {
    let file = path.display().to_string();
    let value = parse_document(&read_text(path)?, Syntax::of(path), &file)?;
    from_value(value, &file, "")
}

/// Reads and validates a case from a TOML or JSON file.
pub fn read_case(path: &Path) -> Result<Case, InputError> {
    let raw = read_raw_case(path)?;
    Case::new(raw).map_err(|e| InputError {
        file: path.display().to_string(),
        field: e.field().to_owned(),
        problem: e.to_string(),
        code: e.code(),
    })
}

/// Reads a policy file (TOML or JSON); fields it leaves out take their defaults.
pub fn read_policy(path: &Path) -> Result<Policy, InputError> {
    let file = path.display().to_string();
    let value = parse_document(&read_text(path)?, Syntax::of(path), &file)?;
    let policy: Policy = from_value(value, &file, "")?;
    policy.check().map_err(|e| InputError {
        file,
        field: e.field().to_owned(),
        problem: e.to_string(),
        code: e.code(),
    })?;
    Ok(policy)
}

/// Parses an RFC 3339 instant given on the command line or in a fixture.
pub fn parse_instant(text: &str, file: &str, field: &str) -> Result<Instant, InputError> {
    Instant::parse_rfc3339(text).map_err(|e| InputError {
        file: file.to_owned(),
        field: field.to_owned(),
        problem: format!("{e} (got {text:?})"),
        code: "invalid_timestamp",
    })
}

/// Every fixture file under `dir`, sorted by path: `.toml` and `.json` files, except the
/// schema.
pub fn fixture_files(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = std::fs::read_dir(&current).map_err(|e| InputError {
            file: current.display().to_string(),
            field: String::new(),
            problem: format!("cannot list the directory: {e}"),
            code: "unreadable",
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("toml" | "json")
            ) && !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with(".schema.json"))
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}
