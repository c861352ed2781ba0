//! Reading cases, policies and fixtures from TOML or JSON files, with errors that name the file,
//! the field and what was wrong.

use std::fmt;
use std::path::{Path, PathBuf};

use safeguard_core::{Case, CheckedPolicy, Instant, Policy, RawCase};
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
/// | `syntax` | not valid JSON or TOML, or a key given twice in one object or table (the field names it; never "the last one wins") |
/// | `too_large` | the input (a case, a policy, a fixture or a batch line) is over [`MAX_INPUT_BYTES`] |
/// | `invalid_utf8` | the input is not UTF-8 text |
/// | `unknown_variant` | an event kind or enum value the format does not have |
/// | `unknown_field` | a field the format does not have |
/// | `missing_field` | a required field is absent (for a case: a non-empty `reference`) |
/// | `invalid_type` | a value of the wrong type (text for a number, …), or a document that is not an object or table (`[]`, a positional array, `"x"`) |
/// | `invalid_value` | a value of the right type out of its range (a negative age, …), or a TOML `nan` or `inf` (never read as absent) |
/// | `invalid_timestamp` | a timestamp that is not whole-second RFC 3339 in 1900–2200 |
/// | `truncated`, `trailing_bytes`, `bad_varint`, `bad_value` | postcard bytes that are cut short, too long, or corrupt |
/// | `unknown_version`, `wrong_kind` | postcard bytes of another wire format version (or none), or not a case (`docs/WIRE.md`) |
/// | `unreadable` | the file cannot be read |
pub const DECODE_CODES: [&str; 17] = [
    "syntax",
    "too_large",
    "invalid_utf8",
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
    "fixture",
];

/// The largest input read as one document: a case, a policy, a fixture file, or one line of a
/// batch (1 MiB). The largest case the core accepts (every list at its capacity) is about
/// 20 KiB of compact JSON and 60 KiB pretty-printed with deep indentation, well under this, so only input that would be refused anyway is refused here, before
/// any of it is parsed.
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// The largest TOML document read (256 KiB). TOML is parsed into a value tree first (for its
/// dates), which costs about 200 times the text; the cap keeps that under about 55 MB. TOML is
/// for hand-written cases, policies and fixtures, which are far smaller (the largest valid
/// case pretty-printed is about 60 KiB); machine-sent cases and batches are JSON.
pub const MAX_TOML_BYTES: usize = 256 << 10;

/// The code for a serde data error, from serde's standard messages.
pub fn classify(message: &str) -> &'static str {
    use safeguard_core::TimeError;
    if message.starts_with("duplicate field") || message.starts_with("duplicate key") {
        "syntax"
    } else if message.starts_with("unknown variant") {
        "unknown_variant"
    } else if message.starts_with("unknown field") {
        "unknown_field"
    } else if message.starts_with("missing field") {
        "missing_field"
    } else if message.starts_with("invalid type") {
        "invalid_type"
    } else if TimeError::ALL
        .iter()
        .any(|e| message.starts_with(e.as_str()))
    {
        "invalid_timestamp"
    } else {
        "invalid_value"
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The core's messages already begin with the field they name.
        if self.field.is_empty() || self.problem.starts_with(&self.field) {
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
    /// The syntax a path's extension names, in any case: `.toml` (`.TOML`, …) is TOML,
    /// anything else JSON.
    pub fn of(path: &Path) -> Syntax {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("toml") => Syntax::Toml,
            _ => Syntax::Json,
        }
    }
}

fn error(file: &str, field: &str, code: &'static str, problem: impl Into<String>) -> InputError {
    InputError {
        file: file.to_owned(),
        field: field.to_owned(),
        problem: problem.into(),
        code,
    }
}

/// Joins a field path and a key or index.
fn join(path: &str, key: &str) -> String {
    match (path, key) {
        ("" | ".", key) => key.to_owned(),
        (path, "") => path.to_owned(),
        (path, key) if key.starts_with('[') => format!("{path}{key}"),
        (path, key) => format!("{path}.{key}"),
    }
}

/// The field a serde error names: the path where it happened, and for a duplicate key, the
/// key itself (serde reports it while still at the enclosing object).
fn field_of(path: &str, message: &str) -> String {
    let path = if path == "." { "" } else { path };
    let duplicate = message
        .strip_prefix("duplicate field `")
        .or_else(|| message.strip_prefix("duplicate key `"))
        .and_then(|rest| rest.split('`').next());
    match duplicate {
        Some(key) if !path.ends_with(key) => join(path, key),
        _ => path.to_owned(),
    }
}

/// A JSON value tree that refuses a key given twice in one object, instead of keeping the
/// last one as `serde_json::Value` does.
struct StrictValue(serde_json::Value);

impl<'de> serde::Deserialize<'de> for StrictValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = serde_json::Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        serde_json::Number::from_f64(v)
            .map(serde_json::Value::Number)
            .ok_or_else(|| E::custom("a number that is not finite (nan or inf) is refused"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        serde::Deserialize::deserialize(d).map(|StrictValue(v)| v)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(serde_json::Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "duplicate key `{key}`: a key given twice is ambiguous and is refused"
                )));
            }
            let StrictValue(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(serde_json::Value::Object(object))
    }
}

/// A serde_json error as an input error.
fn json_error(e: serde_path_to_error::Error<serde_json::Error>, file: &str) -> InputError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    let message = inner.to_string();
    match inner.classify() {
        serde_json::error::Category::Data if message.starts_with("duplicate") => error(
            file,
            &field_of(&path, &message),
            "syntax",
            format!("not valid JSON: {message}"),
        ),
        serde_json::error::Category::Data => error(
            file,
            &field_of(&path, &message),
            classify(&message),
            message,
        ),
        _ => error(file, "", "syntax", format!("not valid JSON: {message}")),
    }
}

/// Parses text into a JSON value tree. TOML dates and times become RFC 3339 strings, so a
/// TOML file may write `at = 2024-03-04T10:00:00Z` with or without quotes.
///
/// Strict: a key given twice in one object or table is a `syntax` error naming it (TOML's own
/// rule, applied to JSON too), and a TOML `nan` or `inf` is an `invalid_value` error naming
/// its field; neither is ever read as something else.
pub fn parse_document(
    text: &str,
    syntax: Syntax,
    file: &str,
) -> Result<serde_json::Value, InputError> {
    match syntax {
        Syntax::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            let StrictValue(value) =
                serde_path_to_error::deserialize(&mut de).map_err(|e| json_error(e, file))?;
            de.end()
                .map_err(|e| error(file, "", "syntax", format!("not valid JSON: {e}")))?;
            Ok(value)
        }
        Syntax::Toml => {
            if text.len() > MAX_TOML_BYTES {
                return Err(error(
                    file,
                    "",
                    "too_large",
                    format!(
                        "more than {MAX_TOML_BYTES} bytes of TOML (the most read as one TOML document); refused before parsing"
                    ),
                ));
            }
            let value: toml::Table = toml::from_str(text).map_err(|e| {
                error(
                    file,
                    "",
                    "syntax",
                    format!("not valid TOML: {}", e.message())
                        .trim_end()
                        .to_owned()
                        + &e.span()
                            .map(|s| format!(" (at byte {})", s.start))
                            .unwrap_or_default(),
                )
            })?;
            toml_to_json(toml::Value::Table(value), "", file)
        }
    }
}

fn toml_to_json(
    value: toml::Value,
    path: &str,
    file: &str,
) -> Result<serde_json::Value, InputError> {
    use serde_json::Value as J;
    Ok(match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map(J::Number).ok_or_else(
            || {
                error(
                    file,
                    path,
                    "invalid_value",
                    format!(
                        "{f} is not a finite number; nan and inf are refused, never read as absent"
                    ),
                )
            },
        )?,
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| toml_to_json(v, &join(path, &format!("[{i}]")), file))
                .collect::<Result<_, _>>()?,
        ),
        toml::Value::Table(table) => J::Object(
            table
                .into_iter()
                .map(|(k, v)| {
                    let value = toml_to_json(v, &join(path, &k), file)?;
                    Ok((k, value))
                })
                .collect::<Result<_, InputError>>()?,
        ),
    })
}

/// Deserialises a value tree into `T`, reporting the path of the field that failed.
pub fn from_value<T: DeserializeOwned>(
    value: serde_json::Value,
    file: &str,
    prefix: &str,
) -> Result<T, InputError> {
    serde_path_to_error::deserialize(crate::strict::Strict(value)).map_err(|e| {
        let path = e.path().to_string();
        let problem = e.into_inner().to_string();
        InputError {
            file: file.to_owned(),
            field: join(prefix, &field_of(&path, &problem)),
            code: classify(&problem),
            problem,
        }
    })
}

/// Reads at most [`MAX_INPUT_BYTES`] from `reader`; more is a `too_large` error, found before
/// anything is parsed. A leading UTF-8 byte-order mark is dropped.
pub fn read_bounded(reader: impl std::io::Read, file: &str) -> Result<String, InputError> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| error(file, "", "unreadable", format!("cannot read: {e}")))?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(error(
            file,
            "",
            "too_large",
            format!(
                "more than {MAX_INPUT_BYTES} bytes (the most read as one document); refused before parsing"
            ),
        ));
    }
    text_of(bytes, file)
}

/// UTF-8 text from bytes, without a leading byte-order mark.
pub fn text_of(mut bytes: Vec<u8>, file: &str) -> Result<String, InputError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        error(
            file,
            "",
            "invalid_utf8",
            format!(
                "not UTF-8 text (bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Reads a whole file (or standard input for `-`) as text, at most [`MAX_INPUT_BYTES`].
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let file = path.display().to_string();
    if path == Path::new("-") {
        return read_bounded(std::io::stdin().lock(), &file);
    }
    let handle = std::fs::File::open(path)
        .map_err(|e| error(&file, "", "unreadable", format!("cannot read: {e}")))?;
    read_bounded(handle, &file)
}

/// Decodes a raw case from the text of a JSON or TOML document.
///
/// JSON is read straight into the case, never through a value tree, so memory does not grow
/// with a list: the core's lists count items past their capacity without keeping them. The
/// document must be an object (a table); a key given twice is refused; `reference` is
/// required and must not be empty.
pub fn decode_case(text: &str, syntax: Syntax, file: &str) -> Result<RawCase, InputError> {
    let raw = match syntax {
        Syntax::Json => {
            let first = text.trim_start().chars().next();
            if first != Some('{') {
                return Err(error(
                    file,
                    "",
                    "invalid_type",
                    format!(
                        "a case must be a JSON object, not {}",
                        match first {
                            None => "an empty document",
                            Some('[') => "an array",
                            Some('"') => "a string",
                            Some(_) => "a bare value",
                        }
                    ),
                ));
            }
            let mut de = serde_json::Deserializer::from_str(text);
            let raw: RawCase = serde_path_to_error::deserialize(crate::strict::Strict(&mut de))
                .map_err(|e| json_error(e, file))?;
            de.end()
                .map_err(|e| error(file, "", "syntax", format!("not valid JSON: {e}")))?;
            raw
        }
        Syntax::Toml => from_value(parse_document(text, syntax, file)?, file, "")?,
    };
    require_reference(raw, file, "")
}

/// A case from a value tree (a fixture's `[case]` table), with the same checks as
/// [`decode_case`].
pub fn case_from_value(
    value: serde_json::Value,
    file: &str,
    prefix: &str,
) -> Result<RawCase, InputError> {
    if !value.is_object() {
        return Err(error(
            file,
            prefix,
            "invalid_type",
            "a case must be an object (a table)",
        ));
    }
    require_reference(from_value(value, file, prefix)?, file, prefix)
}

/// A case document must name its case: `reference` is required and must not be empty, so
/// that no finding (and no "no duties owed") is reported about an unnamed case. A reference
/// read too long is left for the checked constructor to refuse (`reference_too_long`).
fn require_reference(raw: RawCase, file: &str, prefix: &str) -> Result<RawCase, InputError> {
    let read_too_long = serde_json::to_value(&raw.reference).is_err();
    if raw.reference.as_str().is_empty() && !read_too_long {
        return Err(error(
            file,
            &join(prefix, "reference"),
            "missing_field",
            "missing: a case must carry a non-empty reference",
        ));
    }
    Ok(raw)
}

/// Reads a raw case from a TOML or JSON file (`-`: JSON on standard input).
pub fn read_raw_case(path: &Path) -> Result<RawCase, InputError> {
    let file = path.display().to_string();
    decode_case(&read_text(path)?, Syntax::of(path), &file)
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

/// Reads a policy file (TOML or JSON); fields it leaves out take their defaults. The policy is
/// not yet checked: [`check_policy`] gives the checked form the evaluation takes.
pub fn read_policy(path: &Path) -> Result<Policy, InputError> {
    let file = path.display().to_string();
    let value = parse_document(&read_text(path)?, Syntax::of(path), &file)?;
    if !value.is_object() {
        return Err(error(
            &file,
            "",
            "invalid_type",
            "a policy must be an object (a table)",
        ));
    }
    from_value(value, &file, "")
}

/// Checks a policy read from `file` ([`read_policy`]), once: the checked form every evaluation
/// with it takes, or the core's refusal (its code and field).
pub fn check_policy<'p>(policy: &'p Policy, file: &str) -> Result<CheckedPolicy<'p>, InputError> {
    policy.check().map_err(|e| InputError {
        file: file.to_owned(),
        field: e.field().to_owned(),
        problem: e.to_string(),
        code: e.code(),
    })
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

/// Every fixture file under `path`, sorted: `.toml` and `.json` files (extensions in any
/// case), except the schema; or `path` itself when it is a file.
///
/// The walk never follows a symbolic link (so a link back up the tree cannot loop) and takes
/// only regular files: a link, a FIFO or a device named `*.toml` is skipped, never opened.
pub fn fixture_files(path: &Path) -> Result<Vec<PathBuf>, InputError> {
    let unreadable = |at: &Path, e: &dyn fmt::Display| InputError {
        file: at.display().to_string(),
        field: String::new(),
        problem: format!("cannot list the directory: {e}"),
        code: "unreadable",
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(path, &e))?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(path)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| unreadable(e.path().unwrap_or(path), &e))?;
        let name = entry.file_name().to_string_lossy();
        let fixture_extension = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("toml") || e.eq_ignore_ascii_case("json"));
        if entry.file_type().is_file()
            && fixture_extension
            && !name.to_ascii_lowercase().ends_with(".schema.json")
        {
            files.push(entry.into_path());
        }
    }
    files.sort();
    Ok(files)
}
