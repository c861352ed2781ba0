//! JSON in and out with no heap (feature `json`): a case and a policy read from JSON text in
//! place, and findings written as JSON into the caller's buffer.
//!
//! The bytes and the refusals are the `safeguard` command's: findings are written exactly as
//! the `findings` of `safeguard check --format json`, and bad input gets the code the command
//! gives it (`unknown_field`, `invalid_timestamp`, …). The harness's tests compare the two on
//! every fixture, and on thousands of generated cases: JSON that is not a valid case gets the
//! same code from both; text that is not JSON is `syntax` here, where the command line, which
//! reports the first fault in reading order, may first meet a value of the wrong type.
//!
//! Text known to be JSON is read against the format's tables (`shape`) in one walk, as the
//! command line reads it, into place, stopping at the first fault (no serde: the derived
//! readers of the format's types cost more than the rest of the core on a small target).
//! Findings are written by hand, in the command line's bytes.

use core::fmt;

use crate::case::RawCase;
use crate::finding::Finding;
use crate::policy::Policy;

mod read;
mod shape;
mod write;

/// The longest field path a [`JsonError`] keeps, in bytes
/// (`events[95].what.needs_assessment.victim` is 46); a longer one keeps as much of its end as
/// fits after `…`.
pub const MAX_FIELD_LEN: usize = 96;

/// What was wrong with JSON text: each kind has the stable code the `safeguard` command gives
/// it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonErrorKind {
    /// Not JSON, or a key given twice in one object (`syntax`).
    Syntax,
    /// The findings are longer than the output buffer (`too_large`).
    TooLarge,
    /// The text is not UTF-8 (`invalid_utf8`).
    InvalidUtf8,
    /// An event kind or enum value the format does not have (`unknown_variant`).
    UnknownVariant,
    /// A field the format does not have (`unknown_field`).
    UnknownField,
    /// A required field is absent, or a case's `reference` is absent or empty
    /// (`missing_field`).
    MissingField,
    /// A value of the wrong type, or a document that is not an object (`invalid_type`).
    InvalidType,
    /// A value of the right type out of its range (`invalid_value`).
    InvalidValue,
    /// A timestamp that is not whole-second RFC 3339 in 1900–2200 (`invalid_timestamp`).
    InvalidTimestamp,
}

impl JsonErrorKind {
    /// The stable code, as the command line's decode stage names it.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            JsonErrorKind::Syntax => "syntax",
            JsonErrorKind::TooLarge => "too_large",
            JsonErrorKind::InvalidUtf8 => "invalid_utf8",
            JsonErrorKind::UnknownVariant => "unknown_variant",
            JsonErrorKind::UnknownField => "unknown_field",
            JsonErrorKind::MissingField => "missing_field",
            JsonErrorKind::InvalidType => "invalid_type",
            JsonErrorKind::InvalidValue => "invalid_value",
            JsonErrorKind::InvalidTimestamp => "invalid_timestamp",
        }
    }
}

impl fmt::Display for JsonErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonErrorKind::Syntax => "not valid JSON, or a key given twice",
            JsonErrorKind::TooLarge => "the findings are larger than the output buffer",
            JsonErrorKind::InvalidUtf8 => "not UTF-8 text",
            JsonErrorKind::UnknownVariant => "a kind or value the format does not have",
            JsonErrorKind::UnknownField => "a field the format does not have",
            JsonErrorKind::MissingField => "a required field is missing",
            JsonErrorKind::InvalidType => "a value of the wrong type",
            JsonErrorKind::InvalidValue => "a value out of its range",
            JsonErrorKind::InvalidTimestamp => "not a whole-second RFC 3339 timestamp in 1900-2200",
        })
    }
}

/// JSON text refused: what was wrong ([`JsonError::kind`], with the command line's code) and
/// where, as the command line names it (`victims[0].age_at_offence`; empty for the whole
/// document or text that is not JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    kind: JsonErrorKind,
    field: Tail,
}

impl JsonError {
    /// What was wrong.
    #[must_use]
    pub const fn kind(&self) -> JsonErrorKind {
        self.kind
    }

    /// The stable code, as the command line's decode stage names it.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The field at fault, as a path (`events[2].what.needs_assessment.victim`), or empty.
    #[must_use]
    pub fn field(&self) -> &str {
        self.field.as_str()
    }

    fn new(kind: JsonErrorKind) -> JsonError {
        JsonError {
            kind,
            field: Tail::default(),
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field().is_empty() {
            fmt::Display::fmt(&self.kind, f)
        } else {
            write!(f, "{}: {}", self.field(), self.kind)
        }
    }
}

/// The end of a text, at most [`MAX_FIELD_LEN`] bytes: as much of it as fits, whole
/// characters, and whether its start was cut. A field's path is built in one (a path can be
/// longer than any buffer: a key may be as long as the text).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Tail {
    bytes: [u8; MAX_FIELD_LEN],
    len: usize,
    pub(crate) cut: bool,
}

impl Default for Tail {
    fn default() -> Tail {
        Tail {
            bytes: [0; MAX_FIELD_LEN],
            len: 0,
            cut: false,
        }
    }
}

impl fmt::Debug for Tail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Tail {
    /// Adds a byte at the end, dropping whole characters from the start to make room (the
    /// bytes added make up whole characters).
    pub(crate) fn push(&mut self, byte: u8) {
        if self.len >= MAX_FIELD_LEN {
            // The first character: its lead byte and its continuation bytes.
            let mut first = 1;
            while self.bytes.get(first).is_some_and(|b| b & 0xC0 == 0x80) {
                first = first.saturating_add(1);
            }
            // Moved down byte by byte: `copy_within` would keep a panic path.
            for to in 0..self.len.saturating_sub(first) {
                let from = self
                    .bytes
                    .get(to.saturating_add(first))
                    .copied()
                    .unwrap_or(0);
                if let Some(slot) = self.bytes.get_mut(to) {
                    *slot = from;
                }
            }
            self.len = self.len.saturating_sub(first);
            self.cut = true;
        }
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = byte;
            self.len = self.len.saturating_add(1);
        }
    }

    pub(crate) fn push_str(&mut self, text: &str) {
        text.bytes().for_each(|byte| self.push(byte));
    }

    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or("")
    }

    /// The text as an error's field: whole if it was not cut, else `…` and as much of its end
    /// as fits after it.
    pub(crate) fn finish(&self) -> Tail {
        if !self.cut {
            return self.clone();
        }
        let mut field = Tail::default();
        field.push_str("…");
        // From the first character boundary that leaves room for the `…`.
        let mut from = self.len.saturating_sub(MAX_FIELD_LEN - "…".len());
        while self.bytes.get(from).is_some_and(|b| b & 0xC0 == 0x80) {
            from = from.saturating_add(1);
        }
        self.bytes
            .get(from..self.len)
            .unwrap_or_default()
            .iter()
            .for_each(|byte| field.push(*byte));
        field
    }
}

/// Reads a case from JSON text into `case`, field by field where it lies (so a device reads a
/// case at every capacity with a few hundred bytes of stack), as the command line reads it:
/// UTF-8 (a leading byte-order mark is skipped), one object, nothing but whitespace after it,
/// and a non-empty `reference`. On error `case` holds a partly read case, to be overwritten
/// by the next read. The case still has to pass [`crate::Case::new`] (or `renew`).
pub fn read_case(text: &[u8], case: &mut RawCase) -> Result<(), JsonError> {
    // As the command line: a case document that does not start as an object (an array, a
    // string, nothing at all) is of the wrong type.
    let bare = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    if core::str::from_utf8(bare).is_ok_and(|text| !text.trim_start().starts_with('{')) {
        return Err(JsonError::new(JsonErrorKind::InvalidType));
    }
    let text = start(text)?;
    let mut reader = read::Reader::new(text);
    if reader.case(case).is_err() {
        return Err(reader.error);
    }
    if case.reference.as_str().is_empty() && !case.reference.too_long {
        let mut error = JsonError::new(JsonErrorKind::MissingField);
        error.field.push_str("reference");
        return Err(error);
    }
    Ok(())
}

/// Reads a force policy from JSON text into `policy`, as the command line reads a policy
/// file: fields left out take their defaults. The policy still has to pass
/// [`Policy::check`].
pub fn read_policy(text: &[u8], policy: &mut Policy) -> Result<(), JsonError> {
    let text = start(text)?;
    let mut reader = read::Reader::new(text);
    if reader.policy(policy).is_err() {
        return Err(reader.error);
    }
    Ok(())
}

/// Writes findings into `out` as the JSON array the command line writes (compact, in the
/// same order), returning the bytes used; [`JsonErrorKind::TooLarge`] if they do not fit.
pub fn write_findings(findings: &[Finding], out: &mut [u8]) -> Result<usize, JsonError> {
    let mut writer = write::Out::new(out);
    writer.findings(findings);
    if writer.fits() {
        Ok(writer.len)
    } else {
        Err(JsonError::new(JsonErrorKind::TooLarge))
    }
}

/// The text to read, as the command line takes it: a leading byte-order mark skipped, UTF-8,
/// and JSON (text that is not is refused as such, whatever else is wrong with it, and names
/// no field).
fn start(text: &[u8]) -> Result<&[u8], JsonError> {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    if core::str::from_utf8(text).is_err() {
        return Err(JsonError::new(JsonErrorKind::InvalidUtf8));
    }
    if !is_json(text) {
        return Err(JsonError::new(JsonErrorKind::Syntax));
    }
    Ok(text)
}

/// Whether `text` is one JSON value (RFC 8259) with only JSON whitespace around it, nested at
/// most 128 deep, as the command line's reader takes JSON: every string's escapes valid,
/// surrogates paired, numbers without leading zeros. `text` is UTF-8.
#[inline(never)]
fn is_json(text: &[u8]) -> bool {
    // Containers open: a bit per level, set for an object.
    let mut objects: u128 = 0;
    let mut depth: u32 = 0;
    let mut at = 0;
    let skip = |at: &mut usize| {
        while matches!(text.get(*at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            *at = at.saturating_add(1);
        }
    };
    'value: loop {
        skip(&mut at);
        match text.get(at) {
            Some(b'{' | b'[') if depth < 128 => {
                let object = text.get(at) == Some(&b'{');
                objects = (objects << 1) | u128::from(object);
                depth = depth.saturating_add(1);
                at = at.saturating_add(1);
                skip(&mut at);
                match (object, text.get(at)) {
                    (true, Some(b'}')) | (false, Some(b']')) => {
                        at = at.saturating_add(1);
                        depth = depth.saturating_sub(1);
                        objects >>= 1;
                    }
                    (true, _) => {
                        if !(string(text, &mut at) && colon(text, &mut at, &skip)) {
                            return false;
                        }
                        continue 'value;
                    }
                    (false, _) => continue 'value,
                }
            }
            Some(b'"') => {
                if !string(text, &mut at) {
                    return false;
                }
            }
            Some(b't') if text.get(at..at.saturating_add(4)) == Some(b"true") => {
                at = at.saturating_add(4)
            }
            Some(b'f') if text.get(at..at.saturating_add(5)) == Some(b"false") => {
                at = at.saturating_add(5)
            }
            Some(b'n') if text.get(at..at.saturating_add(4)) == Some(b"null") => {
                at = at.saturating_add(4)
            }
            Some(b'-' | b'0'..=b'9') => {
                if !number(text, &mut at) {
                    return false;
                }
            }
            _ => return false,
        }
        // After a value: close containers, or go on to the next item.
        loop {
            skip(&mut at);
            if depth == 0 {
                return at == text.len();
            }
            let object = objects & 1 == 1;
            match (object, text.get(at)) {
                (_, Some(b',')) => {
                    at = at.saturating_add(1);
                    if object {
                        skip(&mut at);
                        if !(string(text, &mut at) && colon(text, &mut at, &skip)) {
                            return false;
                        }
                    }
                    continue 'value;
                }
                (true, Some(b'}')) | (false, Some(b']')) => {
                    at = at.saturating_add(1);
                    depth = depth.saturating_sub(1);
                    objects >>= 1;
                }
                _ => return false,
            }
        }
    }
}

/// Skips whitespace and a `:`.
fn colon(text: &[u8], at: &mut usize, skip: &impl Fn(&mut usize)) -> bool {
    skip(at);
    if text.get(*at) == Some(&b':') {
        *at = at.saturating_add(1);
        true
    } else {
        false
    }
}

/// Reads a JSON string at `at` (its opening quote).
fn string(text: &[u8], at: &mut usize) -> bool {
    if text.get(*at) != Some(&b'"') {
        return false;
    }
    *at = at.saturating_add(1);
    // A high surrogate's escape waits for its low one.
    let mut high = false;
    loop {
        let Some(&byte) = text.get(*at) else {
            return false;
        };
        *at = at.saturating_add(1);
        let unit = match byte {
            b'"' if !high => return true,
            b'\\' => match text.get(*at) {
                Some(b'u') => {
                    let digits = text.get(at.saturating_add(1)..at.saturating_add(5));
                    if !digits.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
                        return false;
                    }
                    let unit = read::hex4(text, at.saturating_add(1));
                    *at = at.saturating_add(5);
                    Some(unit)
                }
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                    *at = at.saturating_add(1);
                    None
                }
                _ => return false,
            },
            0x00..=0x1F => return false,
            _ => None,
        };
        match unit {
            Some(0xD800..=0xDBFF) if !high => high = true,
            Some(0xDC00..=0xDFFF) if high => high = false,
            Some(0xD800..=0xDFFF) => return false,
            _ if high => return false,
            _ => {}
        }
    }
}

/// Reads a JSON number at `at`: `-`? (`0` | a digit 1–9 then digits), then `.` digits?, then
/// `e` or `E`, a sign? and digits? The command line's reader also refuses a number too large
/// for a 64-bit float (from about 1.8e308): so does this, by its decimal exponent.
fn number(text: &[u8], at: &mut usize) -> bool {
    let digits = |at: &mut usize| -> &[u8] {
        let start = *at;
        while text.get(*at).is_some_and(u8::is_ascii_digit) {
            *at = at.saturating_add(1);
        }
        text.get(start..*at).unwrap_or_default()
    };
    if text.get(*at) == Some(&b'-') {
        *at = at.saturating_add(1);
    }
    let whole = digits(at);
    if whole.is_empty() || (whole.len() > 1 && whole.first() == Some(&b'0')) {
        return false;
    }
    let mut fraction: &[u8] = &[];
    if text.get(*at) == Some(&b'.') {
        *at = at.saturating_add(1);
        fraction = digits(at);
        if fraction.is_empty() {
            return false;
        }
    }
    let mut exponent: i32 = 0;
    if matches!(text.get(*at), Some(b'e' | b'E')) {
        *at = at.saturating_add(1);
        let negative = text.get(*at) == Some(&b'-');
        if matches!(text.get(*at), Some(b'+' | b'-')) {
            *at = at.saturating_add(1);
        }
        let power = digits(at);
        if power.is_empty() {
            return false;
        }
        for digit in power {
            exponent = exponent
                .saturating_mul(10)
                .saturating_add(i32::from(digit.saturating_sub(b'0')));
        }
        if negative {
            exponent = exponent.saturating_neg();
        }
    }
    // The first significant digit and its power of ten.
    let first = if whole != b"0" {
        whole.first().map(|digit| {
            (
                *digit,
                i32::try_from(whole.len())
                    .unwrap_or(i32::MAX)
                    .saturating_sub(1),
            )
        })
    } else {
        fraction
            .iter()
            .position(|digit| *digit != b'0')
            .and_then(|k| {
                Some((
                    *fraction.get(k)?,
                    i32::try_from(k).ok()?.saturating_neg().saturating_sub(1),
                ))
            })
    };
    match first {
        None => true,
        Some((digit, power)) => {
            let magnitude = power.saturating_add(exponent);
            magnitude < 308 || (magnitude == 308 && digit == b'1')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(text: &str) -> Result<RawCase, JsonError> {
        let mut raw = RawCase::EMPTY;
        read_case(text.as_bytes(), &mut raw).map(|()| raw)
    }

    #[test]
    fn a_case_reads_as_serde_json_reads_it() {
        let text = r#"{"reference":"A\u00e9","categories":["other"],
            "recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1}]}"#;
        assert_eq!(case(text), Ok(serde_json::from_str(text).unwrap()));
    }

    #[test]
    fn escapes_of_every_width_read_as_serde_json_reads_them() {
        // One to four UTF-8 bytes, and surrogate pairs below and above U+20000, in the
        // reference and in the key an unknown field is named by.
        let escapes = r"\t\u0041\u00e9\u20ac\ud83d\ude00\ud840\udc00\udbff\udfffé\\\/\u0022";
        let text = format!(r#"{{"reference":"{escapes}"}}"#);
        assert_eq!(case(&text), Ok(serde_json::from_str(&text).unwrap()));
        let text = format!(r#"{{"reference":"A","{escapes}":1}}"#);
        let key: String = serde_json::from_str(&format!(r#""{escapes}""#)).unwrap();
        assert_eq!(case(&text).unwrap_err().field(), key);
    }

    #[test]
    fn references_at_the_edge_of_their_room_read_as_serde_json_reads_them() {
        // 32 bytes fit; 33 do not, nor 31 and a character of two bytes, escaped or not.
        for reference in [
            "x".repeat(32),
            "x".repeat(33),
            format!("{}é", "x".repeat(30)),
            format!("{}é", "x".repeat(31)),
            format!("{}\\u00e9", "x".repeat(31)),
            format!("{}\\u00e9", "x".repeat(30)),
        ] {
            let text = format!(r#"{{"reference":"{reference}"}}"#);
            let expected: RawCase = serde_json::from_str(&text).unwrap();
            assert_eq!(case(&text), Ok(expected), "{reference}");
        }
    }

    #[test]
    fn each_kind_of_bad_input_has_its_code() {
        for (text, code) in [
            (r#"{"reference":"A","colour":1}"#, "unknown_field"),
            (r#"{"reference":"A","reference":"B"}"#, "syntax"),
            (
                r#"{"reference":"A","categories":["arson"]}"#,
                "unknown_variant",
            ),
            (
                r#"{"reference":"A","recorded_at":"2024-02-30T10:00:00Z"}"#,
                "invalid_timestamp",
            ),
            (r#"{"reference":"A","recorded_at":7}"#, "invalid_type"),
            (
                r#"{"reference":"A","victims":[{"age_at_offence":12}]}"#,
                "missing_field",
            ),
            (
                r#"{"reference":"A","victims":[{"id":-1}]}"#,
                "invalid_value",
            ),
            (r#"{"reference":"A"} x"#, "syntax"),
            (r#"["A"]"#, "invalid_type"),
            ("", "invalid_type"),
            (" 7", "invalid_type"),
            (r#"{"categories":["other"]}"#, "missing_field"),
        ] {
            assert_eq!(
                case(text).map(drop).map_err(|e| e.code()),
                Err(code),
                "{text}"
            );
        }
        assert_eq!(
            case(r#"{"reference":""}"#).unwrap_err().field(),
            "reference"
        );
        let mut raw = RawCase::EMPTY;
        assert_eq!(
            read_case(b"{\"reference\":\"\xff\"}", &mut raw).map_err(|e| e.kind()),
            Err(JsonErrorKind::InvalidUtf8)
        );
    }

    #[test]
    fn long_or_unusual_text_is_refused_not_a_crash() {
        // A key of many multi-byte characters, references longer than the core keeps (refused
        // later, by `Case::new`).
        let key = "é".repeat(200);
        let unknown = case(&format!(r#"{{"{key}":1}}"#)).unwrap_err();
        assert_eq!(unknown.kind(), JsonErrorKind::UnknownField);
        assert!(unknown.field().starts_with('…') && unknown.field().ends_with("éé"));
        // Escaped or not, a long reference is read as too long, as the command line reads it.
        let escaped = "\\u00e9".repeat(128);
        assert!(
            case(&format!(r#"{{"reference":"{escaped}"}}"#))
                .unwrap()
                .reference
                .too_long
        );
        let long = "x".repeat(100);
        assert!(
            case(&format!(r#"{{"reference":"{long}"}}"#))
                .unwrap()
                .reference
                .too_long
        );
    }

    #[test]
    fn a_policy_reads_over_the_defaults() {
        let mut policy = Policy::DEFAULT;
        policy.needs_assessment_working_days = 9;
        read_policy(br#"{"referral_working_days":3}"#, &mut policy).unwrap();
        let mut expected = Policy::DEFAULT;
        expected.referral_working_days = 3;
        assert_eq!(policy, expected);
        assert_eq!(
            read_policy(br#"{"rules":["NA-3"]}"#, &mut policy).map_err(|e| e.kind()),
            Err(JsonErrorKind::UnknownVariant)
        );
    }

    /// The default policy names every rule, so a build without the family is refused it.
    #[cfg(feature = "needs-assessment")]
    #[test]
    fn findings_write_as_serde_json_writes_them() {
        let raw = case(
            r#"{"reference":"A","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z",
                "victims":[{"id":1}]}"#,
        )
        .unwrap();
        let findings = crate::evaluate(
            &crate::Case::new(raw).unwrap(),
            Policy::DEFAULT.check().unwrap(),
            crate::Instant::parse_rfc3339("2024-03-10T00:00:00Z").unwrap(),
        )
        .unwrap();
        let mut out = [0u8; 8192];
        let len = write_findings(&findings, &mut out).unwrap();
        assert_eq!(
            &out[..len],
            serde_json::to_vec(findings.as_slice()).unwrap()
        );
        assert_eq!(
            write_findings(&findings, &mut out[..10]).map_err(|e| e.kind()),
            Err(JsonErrorKind::TooLarge)
        );
    }
}
