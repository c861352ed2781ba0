//! JSON in and out with no heap (feature `json`): a case and a policy read from JSON text in
//! place, and findings written as JSON into the caller's buffer, with `serde-json-core`.
//!
//! The bytes and the refusals are the `safeguard` command's: findings are written exactly as
//! the `findings` of `safeguard check --format json`, and bad input gets the code the command
//! gives it (`unknown_field`, `invalid_timestamp`, …). The harness's tests compare the two on
//! every fixture, and on thousands of generated cases: JSON that is not a valid case gets the
//! same code from both; text that is not JSON is `syntax` here, where the command line, which
//! reports the first fault in reading order, may first meet a value of the wrong type.
//!
//! `serde-json-core` keeps no detail of serde's own errors, so every value is read through a
//! thin layer (`Layer`) whose error type records which kind of error serde raised; the few
//! faults that reader reports alike whether the text is not JSON or holds a value of the wrong
//! type are told apart by checking the text (`is_json`).

use core::cell::Cell;
use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use crate::case::RawCase;
use crate::finding::Finding;
use crate::in_place::{InPlaceCase, InPlacePolicy};
use crate::policy::Policy;
use crate::time::TimeError;

/// Room for one string with escapes (`\n`, `\u00e9`) while it is unescaped: more than any
/// key, enum value or timestamp of the format, and a reference at its longest
/// ([`crate::capacity::MAX_REFERENCE_LEN`]) four times over. A string with escapes that
/// unescapes to more is refused as [`JsonErrorKind::Syntax`] — the one place the codes differ
/// from the command line's, which reads such a reference and refuses it as too long when
/// the case is checked (`reference_too_long`); no fixture has one.
const UNESCAPE_BYTES: usize = 128;

/// The longest field path a [`JsonError`] keeps (`events[95].what.needs_assessment.victim`
/// is 46 bytes); a longer one keeps its end, after `…`.
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
    field: heapless::String<MAX_FIELD_LEN>,
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
        &self.field
    }

    fn new(kind: JsonErrorKind) -> JsonError {
        JsonError {
            kind,
            field: heapless::String::new(),
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            fmt::Display::fmt(&self.kind, f)
        } else {
            write!(f, "{}: {}", self.field, self.kind)
        }
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
    let start = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    if core::str::from_utf8(start).is_ok_and(|text| !text.trim_start().starts_with('{')) {
        return Err(JsonError::new(JsonErrorKind::InvalidType));
    }
    read(text, InPlaceCase(case))?;
    if case.reference.as_str().is_empty() && !case.reference.too_long {
        let mut error = JsonError::new(JsonErrorKind::MissingField);
        let _ = error.field.push_str("reference");
        return Err(error);
    }
    Ok(())
}

/// Reads a force policy from JSON text into `policy`, as the command line reads a policy
/// file: fields left out take their defaults. The policy still has to pass
/// [`Policy::check`].
pub fn read_policy(text: &[u8], policy: &mut Policy) -> Result<(), JsonError> {
    read(text, InPlacePolicy(policy))
}

/// Writes findings into `out` as the JSON array the command line writes (compact, in the
/// same order), returning the bytes used; [`JsonErrorKind::TooLarge`] if they do not fit.
pub fn write_findings(findings: &[Finding], out: &mut [u8]) -> Result<usize, JsonError> {
    serde_json_core::to_slice(findings, out).map_err(|_| JsonError::new(JsonErrorKind::TooLarge))
}

fn read<'de, T: DeserializeSeed<'de, Value = ()>>(
    text: &'de [u8],
    seed: T,
) -> Result<(), JsonError> {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    if core::str::from_utf8(text).is_err() {
        return Err(JsonError::new(JsonErrorKind::InvalidUtf8));
    }
    let mut unescape = [0u8; UNESCAPE_BYTES];
    let mut deserializer = serde_json_core::de::Deserializer::new(text, Some(&mut unescape));
    let track = Track::new(text);
    let read = seed
        .deserialize(Layer::new(&mut deserializer, &track))
        .map_err(|raised| track.out(raised).0)
        .and_then(|()| deserializer.end().map(drop).map_err(|e| lower(&e)));
    // `serde-json-core` reads some text that is not JSON (a number with a leading zero, a
    // comma before a list's first item, …) and reports some values of the wrong type as it
    // reports text that is not JSON: the text itself decides. Text that is not JSON is refused
    // as such, whatever else is wrong with it, and names no field.
    let kind = match read {
        _ if !is_json(text) => JsonErrorKind::Syntax,
        Ok(()) => return Ok(()),
        Err(Fault::TypeOrSyntax | Fault::Unended) => JsonErrorKind::InvalidType,
        Err(Fault::Is(kind)) => kind,
        Err(Fault::Duplicate) => JsonErrorKind::Syntax,
    };
    let mut error = JsonError::new(kind);
    // As the command line: a syntax error names a field only for a key given twice.
    if kind != JsonErrorKind::Syntax || track.duplicate.get() {
        let path = track.path.take();
        if track.cut.get() {
            let _ = error.field.push_str("…");
        }
        let _ = error.field.push_str(&path);
    }
    Err(error)
}

/// The kind of one of `serde-json-core`'s own errors, told by its message (the reader's error
/// type is not named where a layer sees it): something other than the value expected, a
/// number that is not a whole number in range, or a whole number followed by a fraction or an
/// exponent, each either a wrong type or not JSON (see [`Fault`]); else not JSON (a string
/// with escapes longer than [`UNESCAPE_BYTES`] included).
#[inline(never)]
fn lower(e: &dyn fmt::Display) -> Fault {
    let seen = Start::of(e);
    let seen = seen.seen();
    // A whole number is read up to a fraction or an exponent, which then stands where a `,`
    // or the end of the list or object should.
    if seen.starts_with(b"Expected this character to be either") {
        Fault::Unended
    } else if seen == b"Invalid type" || seen == b"Invalid number." {
        Fault::TypeOrSyntax
    } else {
        Fault::Is(JsonErrorKind::Syntax)
    }
}

/// What went wrong while reading.
#[derive(Clone, Copy, Debug)]
enum Fault {
    /// This kind.
    Is(JsonErrorKind),
    /// A key given twice (`syntax`), not yet in the field's path: the key is the last text
    /// read when the object's reader raises it.
    Duplicate,
    /// Something other than `,` or the end where a list's item or an object's value should
    /// have ended: as [`Fault::TypeOrSyntax`], and, right after a whole number, that number's
    /// fault (a fraction or an exponent `serde-json-core` did not read as part of it).
    Unended,
    /// A fault `serde-json-core` reports alike whether the text is not JSON there or holds a
    /// value of the wrong type (a fraction where a whole number goes, a number where an event
    /// kind goes, `}` or `[` where text goes): a wrong type if the whole text is JSON, else not
    /// JSON.
    TypeOrSyntax,
}

/// Unescapes the inside of a JSON string (`\n`, `\u00e9`, surrogate pairs) into `out`, as
/// far as it fits; an escape that is not valid is written `?`.
#[inline(never)]
fn unescape(raw: &[u8], out: &mut heapless::String<MAX_FIELD_LEN>) {
    let hex = |at: usize| {
        raw.get(at..at + 4)
            .and_then(|digits| core::str::from_utf8(digits).ok())
            .and_then(|digits| u32::from_str_radix(digits, 16).ok())
    };
    let mut at = 0;
    while at < raw.len() {
        let c = match raw.get(at..at + 2) {
            Some([b'\\', b'u']) => {
                let unit = hex(at + 2);
                at += 6;
                match unit {
                    Some(high @ 0xD800..=0xDBFF) if raw.get(at..at + 2) == Some(b"\\u") => {
                        let low = hex(at + 2).and_then(|low| low.checked_sub(0xDC00));
                        at += 6;
                        low.filter(|low| *low < 0x400)
                            .and_then(|low| char::from_u32(0x10000 + ((high - 0xD800) << 10) + low))
                    }
                    unit => unit.and_then(char::from_u32),
                }
            }
            Some([b'\\', escaped]) => {
                at += 2;
                Some(match escaped {
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    other => char::from(*other),
                })
            }
            _ => {
                // A run of plain text up to the next escape.
                let end = raw
                    .get(at..)
                    .and_then(|rest| rest.iter().position(|b| *b == b'\\'))
                    .map_or(raw.len(), |n| at + n);
                let run = raw
                    .get(at..end)
                    .and_then(|run| core::str::from_utf8(run).ok());
                at = end;
                if out.push_str(run.unwrap_or("?")).is_err() {
                    return;
                }
                continue;
            }
        };
        if out.push(c.unwrap_or('?')).is_err() {
            return;
        }
    }
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
            *at += 1;
        }
    };
    'value: loop {
        skip(&mut at);
        match text.get(at) {
            Some(b'{' | b'[') if depth < 128 => {
                let object = text.get(at) == Some(&b'{');
                objects = (objects << 1) | u128::from(object);
                depth += 1;
                at += 1;
                skip(&mut at);
                match (object, text.get(at)) {
                    (true, Some(b'}')) | (false, Some(b']')) => {
                        at += 1;
                        depth -= 1;
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
            Some(b't') if text.get(at..at + 4) == Some(b"true") => at += 4,
            Some(b'f') if text.get(at..at + 5) == Some(b"false") => at += 5,
            Some(b'n') if text.get(at..at + 4) == Some(b"null") => at += 4,
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
                    at += 1;
                    if object {
                        skip(&mut at);
                        if !(string(text, &mut at) && colon(text, &mut at, &skip)) {
                            return false;
                        }
                    }
                    continue 'value;
                }
                (true, Some(b'}')) | (false, Some(b']')) => {
                    at += 1;
                    depth -= 1;
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
        *at += 1;
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
    *at += 1;
    // A high surrogate's escape waits for its low one.
    let mut high = false;
    loop {
        let Some(&byte) = text.get(*at) else {
            return false;
        };
        *at += 1;
        let unit = match byte {
            b'"' if !high => return true,
            b'\\' => match text.get(*at) {
                Some(b'u') => {
                    let Some(unit) = text
                        .get(*at + 1..*at + 5)
                        .and_then(|hex| core::str::from_utf8(hex).ok())
                        .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
                        .and_then(|hex| u16::from_str_radix(hex, 16).ok())
                    else {
                        return false;
                    };
                    *at += 5;
                    Some(unit)
                }
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                    *at += 1;
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
            *at += 1;
        }
        text.get(start..*at).unwrap_or_default()
    };
    if text.get(*at) == Some(&b'-') {
        *at += 1;
    }
    let whole = digits(at);
    if whole.is_empty() || (whole.len() > 1 && whole.first() == Some(&b'0')) {
        return false;
    }
    let mut fraction: &[u8] = &[];
    if text.get(*at) == Some(&b'.') {
        *at += 1;
        fraction = digits(at);
        if fraction.is_empty() {
            return false;
        }
    }
    let mut exponent: i64 = 0;
    if matches!(text.get(*at), Some(b'e' | b'E')) {
        *at += 1;
        let negative = text.get(*at) == Some(&b'-');
        if matches!(text.get(*at), Some(b'+' | b'-')) {
            *at += 1;
        }
        let power = digits(at);
        if power.is_empty() {
            return false;
        }
        for digit in power {
            exponent = exponent
                .saturating_mul(10)
                .saturating_add(i64::from(digit.saturating_sub(b'0')));
        }
        if negative {
            exponent = -exponent;
        }
    }
    // The first significant digit and its power of ten.
    let first = if whole != b"0" {
        whole
            .first()
            .map(|digit| (*digit, i64::try_from(whole.len()).unwrap_or(i64::MAX) - 1))
    } else {
        fraction
            .iter()
            .position(|digit| *digit != b'0')
            .and_then(|k| Some((*fraction.get(k)?, -i64::try_from(k).ok()? - 1)))
    };
    match first {
        None => true,
        Some((digit, power)) => {
            let magnitude = power.saturating_add(exponent);
            magnitude < 308 || (magnitude == 308 && digit == b'1')
        }
    }
}

/// An error raised while reading, with its kind: the error type serde's readers see through a
/// [`Layer`].
#[derive(Debug)]
struct Raised(Fault);

impl de::StdError for Raised {}

impl fmt::Display for Raised {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Fault::Is(kind) => fmt::Display::fmt(&kind, f),
            Fault::TypeOrSyntax => f.write_str("a value of the wrong type, or not JSON"),
            Fault::Duplicate => f.write_str("a key given twice"),
            Fault::Unended => f.write_str("a value that does not end where it should"),
        }
    }
}

impl de::Error for Raised {
    /// The readers' own errors: a timestamp's (its message is one of [`TimeError`]'s) or a
    /// value's. The message is not kept; only enough of it is looked at to tell them apart.
    fn custom<T: fmt::Display>(message: T) -> Self {
        let start = Start::of(&message);
        let seen = start.seen();
        let timestamp = TimeError::ALL
            .iter()
            .any(|e| e.as_str().as_bytes().get(..seen.len()) == Some(seen));
        Raised(Fault::Is(if timestamp && !seen.is_empty() {
            JsonErrorKind::InvalidTimestamp
        } else {
            JsonErrorKind::InvalidValue
        }))
    }
    fn invalid_type(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Raised(Fault::Is(JsonErrorKind::InvalidType))
    }
    fn invalid_value(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Raised(Fault::Is(JsonErrorKind::InvalidValue))
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Raised(Fault::Is(JsonErrorKind::InvalidValue))
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Raised(Fault::Is(JsonErrorKind::UnknownVariant))
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Raised(Fault::Is(JsonErrorKind::UnknownField))
    }
    fn missing_field(_: &'static str) -> Self {
        Raised(Fault::Is(JsonErrorKind::MissingField))
    }
    /// Raised right after the key is read, so the field names the key itself (as the command
    /// line's): see [`Fault::Duplicate`].
    fn duplicate_field(_: &'static str) -> Self {
        Raised(Fault::Duplicate)
    }
}

/// The first bytes of a message.
struct Start {
    bytes: [u8; 40],
    len: usize,
}

impl Start {
    fn of(message: &dyn fmt::Display) -> Start {
        let mut start = Start {
            bytes: [0; 40],
            len: 0,
        };
        // `Start` never fails: it keeps what fits and drops the rest.
        let _ = fmt::write(&mut start, format_args!("{message}"));
        start
    }

    fn seen(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

impl fmt::Write for Start {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for (slot, byte) in self.bytes.iter_mut().skip(self.len).zip(s.bytes()) {
            *slot = byte;
            self.len = self.len.saturating_add(1);
        }
        Ok(())
    }
}

/// What the layers share while reading:
///
/// - an error raised inside `serde-json-core` waits in `fault` while it passes through it (that
///   reader's error type holds no detail, so the kind is set aside and taken back on the way
///   out);
/// - `read_to` is where in the text the last key or text value read from it ended, where a
///   field's number is found again (see [`Track::fraction_follows`]), and `last_text` is the
///   last key or text value read (see [`Text`]);
/// - `path` is the field at fault, built from the inside out as the error passes each object
///   and list on its way out (`cut` if it grew past [`MAX_FIELD_LEN`] and lost its start;
///   `item_first` if it starts with a list's item, `steps` once it has one), and `duplicate`
///   whether the fault is a key given twice;
/// - `whole` is whether the last value read was a whole number, which `serde-json-core` reads
///   up to a fraction or an exponent: a fault right after one is that number's.
struct Track<'t> {
    fault: Cell<Option<Fault>>,
    text: &'t [u8],
    read_to: Cell<usize>,
    last_text: Cell<Option<Text>>,
    path: Cell<heapless::String<MAX_FIELD_LEN>>,
    cut: Cell<bool>,
    item_first: Cell<bool>,
    steps: Cell<bool>,
    duplicate: Cell<bool>,
    whole: Cell<bool>,
}

/// A key or text value read, as the range of the text between its quotes: with no escapes
/// (read straight from the text), or with escapes (read unescaped; unescaped again only for a
/// field's path).
/// Offsets are `u32`: a text over 4 GiB has no field paths past that point.
#[derive(Clone, Copy)]
struct Text {
    start: u32,
    end: u32,
    escaped: bool,
}

impl Text {
    fn new(start: usize, end: usize, escaped: bool) -> Option<Text> {
        Some(Text {
            start: u32::try_from(start).ok()?,
            end: u32::try_from(end).ok()?,
            escaped,
        })
    }

    fn of<'t>(&self, text: &'t [u8]) -> &'t [u8] {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

/// One step of a field's path.
#[derive(Clone, Copy)]
enum Step {
    /// An object's key (`None`: not known, written `?`).
    Key(Option<Text>),
    /// A list's item.
    Item(usize),
}

impl<'t> Track<'t> {
    fn new(text: &'t [u8]) -> Track<'t> {
        Track {
            fault: Cell::new(None),
            text,
            read_to: Cell::new(0),
            last_text: Cell::new(None),
            path: Cell::new(heapless::String::new()),
            cut: Cell::new(false),
            item_first: Cell::new(false),
            steps: Cell::new(false),
            duplicate: Cell::new(false),
            whole: Cell::new(false),
        }
    }

    /// Notes a key or text value read straight from the text.
    #[inline(never)]
    fn read(&self, value: &str) {
        let start = (value.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        match start
            .checked_add(value.len())
            .filter(|end| *end <= self.text.len())
        {
            Some(end) => {
                self.read_to.set(end);
                self.last_text.set(Text::new(start, end, false));
            }
            None => self.last_text.set(None),
        }
    }

    /// Notes a key or text value read unescaped: it is the next string of the text after the
    /// last one noted (every key and text value passes a layer), found by its quotes.
    #[inline(never)]
    fn read_escaped(&self) {
        let from = self.read_to.get();
        // Past the closing quote of the last one (none at the start of the text).
        let from = if self.text.get(from) == Some(&b'"') {
            from + 1
        } else {
            from
        };
        let rest = self.text.get(from..).unwrap_or_default();
        let Some(open) = rest.iter().position(|b| *b == b'"') else {
            self.last_text.set(None);
            return;
        };
        let start = from + open + 1;
        let mut at = start;
        while let Some(&byte) = self.text.get(at) {
            match byte {
                b'\\' => at += 2,
                b'"' => break,
                _ => at += 1,
            }
        }
        let end = at.min(self.text.len());
        self.read_to.set(end);
        self.last_text.set(Text::new(start, end, true));
    }

    /// Puts a step in front of the path of the fault on its way out. A path that grows past
    /// [`MAX_FIELD_LEN`] keeps its end, the field itself, and is marked `cut`.
    #[inline(never)]
    fn step_out(&self, step: Step) {
        use core::fmt::Write;
        let inner = self.path.take();
        let mut text: heapless::String<MAX_FIELD_LEN> = heapless::String::new();
        let is_item = matches!(step, Step::Item(_));
        let step = match step {
            Step::Key(Some(key)) if key.escaped => {
                unescape(key.of(self.text), &mut text);
                &text
            }
            Step::Key(Some(key)) => core::str::from_utf8(key.of(self.text)).unwrap_or("?"),
            Step::Key(None) => "?",
            Step::Item(at) => {
                let _ = write!(text, "[{at}]");
                &text
            }
        };
        let dot = if !self.steps.replace(true) || self.item_first.get() {
            ""
        } else {
            "."
        };
        self.item_first.set(is_item);
        let room = MAX_FIELD_LEN - "…".len();
        let mut skip = (step.len() + dot.len() + inner.len()).saturating_sub(room);
        if skip > 0 {
            self.cut.set(true);
        }
        let mut path: heapless::String<MAX_FIELD_LEN> = heapless::String::new();
        for part in [step, dot, inner.as_str()] {
            for c in part.chars() {
                if skip == 0 {
                    let _ = path.push(c);
                } else {
                    skip = skip.saturating_sub(c.len_utf8());
                }
            }
        }
        self.path.set(path);
    }

    /// Whether the number after the last key read has a fraction or an exponent.
    /// `serde-json-core` reads a whole number only up to either, so `1000.0` for a `u8` is out
    /// of range to it before the `.0` is seen; the command line calls it a wrong type.
    #[inline(never)]
    fn fraction_follows(&self) -> bool {
        let rest = self.text.get(self.read_to.get()..).unwrap_or_default();
        let mut bytes = rest
            .iter()
            .skip_while(|b| matches!(b, b'"' | b' ' | b'\t' | b'\n' | b'\r' | b':'))
            .skip_while(|b| **b == b'-')
            .skip_while(|b| b.is_ascii_digit());
        matches!(bytes.next(), Some(b'.' | b'e' | b'E'))
    }

    /// Takes an error on its way out of an object or list level: a key given twice gets
    /// itself as the first step of the path.
    #[inline(never)]
    fn out(&self, Raised(fault): Raised) -> Raised {
        match fault {
            Fault::Duplicate => {
                self.duplicate.set(true);
                self.step_out(Step::Key(self.last_text.get()));
                Raised(Fault::Is(JsonErrorKind::Syntax))
            }
            fault => Raised(fault),
        }
    }
}

/// Hands `serde-json-core` an error that stands for `raised`, setting the kind aside.
fn park<E: de::Error>(track: &Track<'_>, raised: Raised) -> E {
    let Raised(fault) = track.out(raised);
    track.fault.set(Some(fault));
    E::custom("")
}

/// Takes back the kind set aside for an error coming out of `serde-json-core`, or, if none
/// was, classifies the reader's own error.
#[inline(never)]
fn unpark(track: &Track<'_>, e: &dyn fmt::Display) -> Raised {
    Raised(track.fault.take().unwrap_or_else(|| lower(e)))
}

/// `serde-json-core`'s reader seen through the layer: its errors become [`Raised`], and every
/// visitor, seed and access it hands on is layered in turn.
struct Layer<'s, T> {
    inner: T,
    track: &'s Track<'s>,
}

/// A list's, an object's or an enum's access seen through the layer, with where it is: the
/// path of a fault on its way out gets a step here.
struct Access<'s, A> {
    inner: A,
    track: &'s Track<'s>,
    /// As an object: the key whose value is being read. As an enum's variant: its name.
    key: Option<Text>,
    /// As a list: the item being read.
    item: usize,
}

impl<'s, A> Access<'s, A> {
    fn new(inner: A, track: &'s Track<'s>) -> Access<'s, A> {
        Access {
            inner,
            track,
            key: None,
            item: 0,
        }
    }

    fn wrap<U>(&self, inner: U) -> Layer<'s, U> {
        Layer::new(inner, self.track)
    }
}

impl<'s, T> Layer<'s, T> {
    fn new(inner: T, track: &'s Track<'s>) -> Layer<'s, T> {
        Layer { inner, track }
    }

    fn wrap<U>(&self, inner: U) -> Layer<'s, U> {
        Layer::new(inner, self.track)
    }
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Raised> {
            let track = self.track;
            let visitor = Layer::new(visitor, track);
            self.inner.$method($($arg,)* visitor).map_err(|e| unpark(track, &e))
        }
    )*};
}

/// Whole numbers of every width are read as `i64` and handed to the visitor as such (serde's
/// visitors check the range: `256` for a `u8` is `invalid_value`, as for the command line),
/// so that a number with a fraction or an exponent is one kind of fault whatever the field.
macro_rules! read_as_i64 {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Raised> {
            let track = self.track;
            let read = self.deserialize_i64(visitor);
            track.whole.set(read.is_ok());
            read.map_err(|raised| match raised {
                Raised(Fault::Is(JsonErrorKind::InvalidValue)) if track.fraction_follows() => {
                    Raised(Fault::TypeOrSyntax)
                }
                raised => raised,
            })
        }
    )*};
}

/// The reader, and every deserializer it hands on (to `visit_some`, a seed, …).
impl<'de, D: Deserializer<'de>> Deserializer<'de> for Layer<'_, D> {
    type Error = Raised;

    read_as_i64! {
        deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
    }

    forward_deserialize! {
        deserialize_any();
        deserialize_bool();
        deserialize_i64();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.inner.$method::<Raised>(v).map_err(|e| park(self.track, e))
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Layer<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
    }

    /// Text with escapes, unescaped by `serde-json-core`: not a range of the text.
    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.track.read_escaped();
        self.inner
            .visit_str::<Raised>(v)
            .map_err(|e| park(self.track, e))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.track.read(v);
        self.inner
            .visit_borrowed_str::<Raised>(v)
            .map_err(|e| park(self.track, e))
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner
            .visit_none::<Raised>()
            .map_err(|e| park(self.track, e))
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner
            .visit_unit::<Raised>()
            .map_err(|e| park(self.track, e))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        let deserializer = self.wrap(deserializer);
        self.inner
            .visit_some(deserializer)
            .map_err(|e| park(self.track, e))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        let deserializer = self.wrap(deserializer);
        self.inner
            .visit_newtype_struct(deserializer)
            .map_err(|e| park(self.track, e))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let seq = Access::new(seq, self.track);
        self.inner.visit_seq(seq).map_err(|e| park(self.track, e))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let map = Access::new(map, self.track);
        self.inner.visit_map(map).map_err(|e| park(self.track, e))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        let data = Access::new(data, self.track);
        self.inner.visit_enum(data).map_err(|e| park(self.track, e))
    }
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Layer<'_, T> {
    type Value = T::Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T::Value, D::Error> {
        let deserializer = self.wrap(deserializer);
        self.inner
            .deserialize(deserializer)
            .map_err(|e| park(self.track, e))
    }
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Access<'_, A> {
    type Error = Raised;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Raised> {
        let seed = self.wrap(seed);
        let after_whole = self.track.whole.replace(false);
        match self.inner.next_element_seed(seed) {
            Ok(item) => {
                self.item = self.item.saturating_add(1);
                Ok(item)
            }
            Err(e) => Err(item_failed(self.track, self.item, after_whole, &e)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// An error on its way out of a list's item. Right after a whole number, a fault where the
/// item should have ended is that number's, the item before.
#[inline(never)]
fn item_failed(track: &Track<'_>, item: usize, after_whole: bool, e: &dyn fmt::Display) -> Raised {
    let raised = unpark(track, e);
    let item = match raised {
        Raised(Fault::Unended) if after_whole => item.saturating_sub(1),
        _ => item,
    };
    track.step_out(Step::Item(item));
    raised
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Access<'_, A> {
    type Error = Raised;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Raised> {
        let seed = self.wrap(seed);
        self.track.last_text.set(None);
        let after_whole = self.track.whole.replace(false);
        let key = self.inner.next_key_seed(seed);
        let read = self.track.last_text.get();
        match key {
            Ok(key) => {
                self.key = read;
                Ok(key)
            }
            Err(e) => Err(key_failed(self.track, read, self.key, after_whole, &e)),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Raised> {
        let Access {
            inner, track, key, ..
        } = self;
        inner
            .next_value_seed(Layer::new(seed, track))
            .map_err(|e| variant_out(track, key, &e))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// An error on its way out of reading an object's key: a key the object's reader refuses (one
/// the format does not have) is the field at fault. With no key read, right after a whole
/// number, the fault is where that number should have ended: the last value's.
#[inline(never)]
fn key_failed(
    track: &Track<'_>,
    read: Option<Text>,
    last: Option<Text>,
    after_whole: bool,
    e: &dyn fmt::Display,
) -> Raised {
    let raised = unpark(track, e);
    match read {
        Some(key) => track.step_out(Step::Key(Some(key))),
        None if matches!(raised, Raised(Fault::Unended)) && after_whole => {
            track.step_out(Step::Key(last));
        }
        None => {}
    }
    track.out(raised)
}

impl<'de, 's, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Access<'s, A> {
    type Error = Raised;
    type Variant = Access<'s, A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), Raised> {
        let track = self.track;
        track.last_text.set(None);
        match self.inner.variant_seed(Layer::new(seed, track)) {
            Ok((value, variant)) => {
                let mut variant = Access::new(variant, track);
                variant.key = track.last_text.take();
                Ok((value, variant))
            }
            // In `{"kind": …}` the kind is an object's key: one that is not text is not JSON.
            Err(e) => Err(match unpark(track, &e) {
                Raised(
                    Fault::Is(JsonErrorKind::InvalidType) | Fault::TypeOrSyntax | Fault::Unended,
                ) => Raised(Fault::Is(JsonErrorKind::Syntax)),
                raised => raised,
            }),
        }
    }
}

/// A variant's fields are the next step of the path, named by the variant
/// (`what.needs_assessment.victim`).
impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Access<'_, A> {
    type Error = Raised;

    fn unit_variant(self) -> Result<(), Raised> {
        let (track, key) = (self.track, self.key);
        self.inner
            .unit_variant()
            .map_err(|e| variant_out(track, &key, &e))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Raised> {
        let seed = self.wrap(seed);
        let (track, key) = (self.track, self.key);
        self.inner
            .newtype_variant_seed(seed)
            .map_err(|e| variant_out(track, &key, &e))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Raised> {
        let visitor = self.wrap(visitor);
        let (track, key) = (self.track, self.key);
        self.inner
            .tuple_variant(len, visitor)
            .map_err(|e| variant_out(track, &key, &e))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Raised> {
        let visitor = self.wrap(visitor);
        let (track, key) = (self.track, self.key);
        self.inner
            .struct_variant(fields, visitor)
            .map_err(|e| variant_out(track, &key, &e))
    }
}

/// An error on its way out of an object's value or a variant's fields: the key or the
/// variant's name is the next step of its path.
#[inline(never)]
fn variant_out(track: &Track<'_>, variant: &Option<Text>, e: &dyn fmt::Display) -> Raised {
    let raised = unpark(track, e);
    track.step_out(Step::Key(*variant));
    raised
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
        // A key of many multi-byte characters, an escaped string longer than the room for it,
        // a reference longer than the core keeps (refused later, by `Case::new`).
        let key = "é".repeat(200);
        let unknown = case(&format!(r#"{{"{key}":1}}"#)).unwrap_err();
        assert_eq!(unknown.kind(), JsonErrorKind::UnknownField);
        assert!(unknown.field().starts_with('…') && unknown.field().ends_with("éé"));
        let escaped = "\\u00e9".repeat(UNESCAPE_BYTES);
        assert_eq!(
            case(&format!(r#"{{"reference":"{escaped}"}}"#)).map_err(|e| e.kind()),
            Err(JsonErrorKind::Syntax)
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
