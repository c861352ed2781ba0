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
//! thin layer ([`Layer`]) whose error type records which kind of error serde raised; the few
//! faults that reader reports alike whether the text is not JSON or holds a value of the wrong
//! type are told apart by checking the text ([`is_json`]).

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
/// unescapes to more is refused as [`JsonError::Syntax`] — the one place the codes differ
/// from the command line's, which reads such a reference and refuses it as too long when
/// the case is checked (`reference_too_long`); no fixture has one.
const UNESCAPE_BYTES: usize = 128;

/// Why JSON text was refused: each kind has the stable code the `safeguard` command gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonError {
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
    /// A required field is absent (`missing_field`).
    MissingField,
    /// The case has no `reference`, or an empty one (`missing_field`, field `reference`).
    MissingReference,
    /// A value of the wrong type, or a document that is not an object (`invalid_type`).
    InvalidType,
    /// A value of the right type out of its range (`invalid_value`).
    InvalidValue,
    /// A timestamp that is not whole-second RFC 3339 in 1900–2200 (`invalid_timestamp`).
    InvalidTimestamp,
}

impl JsonError {
    /// The stable code, as the command line's decode stage names it.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            JsonError::Syntax => "syntax",
            JsonError::TooLarge => "too_large",
            JsonError::InvalidUtf8 => "invalid_utf8",
            JsonError::UnknownVariant => "unknown_variant",
            JsonError::UnknownField => "unknown_field",
            JsonError::MissingField | JsonError::MissingReference => "missing_field",
            JsonError::InvalidType => "invalid_type",
            JsonError::InvalidValue => "invalid_value",
            JsonError::InvalidTimestamp => "invalid_timestamp",
        }
    }

    /// The field the error names where the reader knows it (`reference`), else empty.
    #[must_use]
    pub const fn field(self) -> &'static str {
        match self {
            JsonError::MissingReference => "reference",
            _ => "",
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonError::Syntax => "not valid JSON, or a key given twice",
            JsonError::TooLarge => "the findings are larger than the output buffer",
            JsonError::InvalidUtf8 => "not UTF-8 text",
            JsonError::UnknownVariant => "a kind or value the format does not have",
            JsonError::UnknownField => "a field the format does not have",
            JsonError::MissingField => "a required field is missing",
            JsonError::MissingReference => "a case must carry a non-empty reference",
            JsonError::InvalidType => "a value of the wrong type",
            JsonError::InvalidValue => "a value out of its range",
            JsonError::InvalidTimestamp => "not a whole-second RFC 3339 timestamp in 1900-2200",
        })
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
        return Err(JsonError::InvalidType);
    }
    read(text, InPlaceCase(case))?;
    if case.reference.as_str().is_empty() && !case.reference.too_long {
        return Err(JsonError::MissingReference);
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
/// same order), returning the bytes used; [`JsonError::TooLarge`] if they do not fit.
pub fn write_findings(findings: &[Finding], out: &mut [u8]) -> Result<usize, JsonError> {
    serde_json_core::to_slice(findings, out).map_err(|_| JsonError::TooLarge)
}

fn read<'de, T: DeserializeSeed<'de, Value = ()>>(
    text: &'de [u8],
    seed: T,
) -> Result<(), JsonError> {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    if core::str::from_utf8(text).is_err() {
        return Err(JsonError::InvalidUtf8);
    }
    let mut unescape = [0u8; UNESCAPE_BYTES];
    let mut deserializer = serde_json_core::de::Deserializer::new(text, Some(&mut unescape));
    let track = Track {
        fault: Cell::new(None),
        text,
        read_to: Cell::new(0),
    };
    let read = seed
        .deserialize(Layer {
            inner: &mut deserializer,
            track: &track,
        })
        .map_err(|Raised(fault)| fault)
        .and_then(|()| deserializer.end().map(drop).map_err(|e| lower(&e)));
    // `serde-json-core` reads some text that is not JSON (a number with a leading zero, a
    // comma before a list's first item, …) and reports some values of the wrong type as it
    // reports text that is not JSON: the text itself decides. Text that is not JSON is refused
    // as such, whatever else is wrong with it.
    match read {
        _ if !is_json(text) => Err(JsonError::Syntax),
        Ok(()) => Ok(()),
        Err(Fault::TypeOrSyntax) => Err(JsonError::InvalidType),
        Err(Fault::Is(kind)) => Err(kind),
    }
}

/// The kind of one of `serde-json-core`'s own errors, told by its message (the reader's error
/// type is not named where a layer sees it): something other than the value expected, a
/// number that is not a whole number in range, or a whole number followed by a fraction or an
/// exponent, each either a wrong type or not JSON (see [`Fault`]); else not JSON (a string
/// with escapes longer than [`UNESCAPE_BYTES`] included).
fn lower<E: fmt::Display>(e: &E) -> Fault {
    let seen = Start::of(e);
    let seen = seen.seen();
    // A whole number is read up to a fraction or an exponent, which then stands where a `,`
    // or the end of the list or object should.
    if seen == b"Invalid type"
        || seen == b"Invalid number."
        || seen.starts_with(b"Expected this character to be either")
    {
        Fault::TypeOrSyntax
    } else {
        Fault::Is(JsonError::Syntax)
    }
}

/// What went wrong while reading.
#[derive(Clone, Copy, Debug)]
enum Fault {
    /// This kind.
    Is(JsonError),
    /// A fault `serde-json-core` reports alike whether the text is not JSON there or holds a
    /// value of the wrong type (a fraction where a whole number goes, a number where an event
    /// kind goes, `}` or `[` where text goes): a wrong type if the whole text is JSON, else not
    /// JSON.
    TypeOrSyntax,
}

/// Whether `text` is one JSON value (RFC 8259) with only JSON whitespace around it, nested at
/// most 128 deep, as the command line's reader takes JSON: every string's escapes valid,
/// surrogates paired, numbers without leading zeros. `text` is UTF-8.
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
            JsonError::InvalidTimestamp
        } else {
            JsonError::InvalidValue
        }))
    }
    fn invalid_type(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Raised(Fault::Is(JsonError::InvalidType))
    }
    fn invalid_value(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Raised(Fault::Is(JsonError::InvalidValue))
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Raised(Fault::Is(JsonError::InvalidValue))
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Raised(Fault::Is(JsonError::UnknownVariant))
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Raised(Fault::Is(JsonError::UnknownField))
    }
    fn missing_field(_: &'static str) -> Self {
        Raised(Fault::Is(JsonError::MissingField))
    }
    fn duplicate_field(_: &'static str) -> Self {
        Raised(Fault::Is(JsonError::Syntax))
    }
}

/// The first bytes of a message.
struct Start {
    bytes: [u8; 40],
    len: usize,
}

impl Start {
    fn of<T: fmt::Display + ?Sized>(message: &T) -> Start {
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

/// What the layers share while reading: an error raised inside `serde-json-core` waits here
/// while it passes through it (that reader's error type holds no detail, so the kind is set
/// aside and taken back on the way out), and how far into the text the last key or text value
/// ended, which is where a field's number is found again (see [`Track::fraction_follows`]).
struct Track<'t> {
    fault: Cell<Option<Fault>>,
    text: &'t [u8],
    read_to: Cell<usize>,
}

impl Track<'_> {
    /// Notes a key or text value read straight from the text.
    fn read(&self, value: &str) {
        let start = (value.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        if let Some(end) = start
            .checked_add(value.len())
            .filter(|end| *end <= self.text.len())
        {
            self.read_to.set(end);
        }
    }

    /// Whether the number after the last key read has a fraction or an exponent.
    /// `serde-json-core` reads a whole number only up to either, so `1000.0` for a `u8` is out
    /// of range to it before the `.0` is seen; the command line calls it a wrong type.
    fn fraction_follows(&self) -> bool {
        let rest = self.text.get(self.read_to.get()..).unwrap_or_default();
        let mut bytes = rest
            .iter()
            .skip_while(|b| matches!(b, b'"' | b' ' | b'\t' | b'\n' | b'\r' | b':'))
            .skip_while(|b| **b == b'-')
            .skip_while(|b| b.is_ascii_digit());
        matches!(bytes.next(), Some(b'.' | b'e' | b'E'))
    }
}

/// Hands `serde-json-core` an error that stands for `raised`, setting the kind aside.
fn park<E: de::Error>(track: &Track<'_>, Raised(raised): Raised) -> E {
    track.fault.set(Some(raised));
    E::custom("")
}

/// Takes back the kind set aside for an error coming out of `serde-json-core`, or, if none
/// was, classifies the reader's own error.
fn unpark<E: fmt::Display>(track: &Track<'_>, e: &E) -> Raised {
    Raised(track.fault.take().unwrap_or_else(|| lower(e)))
}

/// `serde-json-core`'s reader seen through the layer: its errors become [`Raised`], and every
/// visitor, seed and access it hands on is layered in turn.
struct Layer<'s, T> {
    inner: T,
    track: &'s Track<'s>,
}

impl<'s, T> Layer<'s, T> {
    fn wrap<U>(&self, inner: U) -> Layer<'s, U> {
        Layer {
            inner,
            track: self.track,
        }
    }
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Raised> {
            let track = self.track;
            let visitor = Layer { inner: visitor, track };
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
            self.deserialize_i64(visitor).map_err(|raised| match raised {
                Raised(Fault::Is(JsonError::InvalidValue)) if track.fraction_follows() => {
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
        visit_str(&str);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
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
        let seq = self.wrap(seq);
        self.inner.visit_seq(seq).map_err(|e| park(self.track, e))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let map = self.wrap(map);
        self.inner.visit_map(map).map_err(|e| park(self.track, e))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        let data = self.wrap(data);
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

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Layer<'_, A> {
    type Error = Raised;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Raised> {
        let seed = self.wrap(seed);
        self.inner
            .next_element_seed(seed)
            .map_err(|e| unpark(self.track, &e))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Layer<'_, A> {
    type Error = Raised;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Raised> {
        let seed = self.wrap(seed);
        self.inner
            .next_key_seed(seed)
            .map_err(|e| unpark(self.track, &e))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Raised> {
        let seed = self.wrap(seed);
        self.inner
            .next_value_seed(seed)
            .map_err(|e| unpark(self.track, &e))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, 's, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Layer<'s, A> {
    type Error = Raised;
    type Variant = Layer<'s, A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), Raised> {
        let track = self.track;
        match self.inner.variant_seed(Layer { inner: seed, track }) {
            Ok((value, variant)) => Ok((
                value,
                Layer {
                    inner: variant,
                    track,
                },
            )),
            // In `{"kind": …}` the kind is an object's key: one that is not text is not JSON.
            Err(e) => Err(match unpark(track, &e) {
                Raised(Fault::Is(JsonError::InvalidType) | Fault::TypeOrSyntax) => {
                    Raised(Fault::Is(JsonError::Syntax))
                }
                raised => raised,
            }),
        }
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Layer<'_, A> {
    type Error = Raised;

    fn unit_variant(self) -> Result<(), Raised> {
        let track = self.track;
        self.inner.unit_variant().map_err(|e| unpark(track, &e))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Raised> {
        let track = self.track;
        let seed = self.wrap(seed);
        self.inner
            .newtype_variant_seed(seed)
            .map_err(|e| unpark(track, &e))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Raised> {
        let track = self.track;
        let visitor = self.wrap(visitor);
        self.inner
            .tuple_variant(len, visitor)
            .map_err(|e| unpark(track, &e))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Raised> {
        let track = self.track;
        let visitor = self.wrap(visitor);
        self.inner
            .struct_variant(fields, visitor)
            .map_err(|e| unpark(track, &e))
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
                case(text).map(drop).map_err(JsonError::code),
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
            read_case(b"{\"reference\":\"\xff\"}", &mut raw),
            Err(JsonError::InvalidUtf8)
        );
    }

    #[test]
    fn long_or_unusual_text_is_refused_not_a_crash() {
        // A key of many multi-byte characters, an escaped string longer than the room for it,
        // a reference longer than the core keeps (refused later, by `Case::new`).
        let key = "é".repeat(200);
        assert_eq!(
            case(&format!(r#"{{"{key}":1}}"#)),
            Err(JsonError::UnknownField)
        );
        let escaped = "\\u00e9".repeat(UNESCAPE_BYTES);
        assert_eq!(
            case(&format!(r#"{{"reference":"{escaped}"}}"#)),
            Err(JsonError::Syntax)
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
    fn a_policy_reads_over_the_defaults_and_findings_write_as_serde_json_writes_them() {
        let mut policy = Policy::DEFAULT;
        policy.needs_assessment_working_days = 9;
        read_policy(br#"{"referral_working_days":3}"#, &mut policy).unwrap();
        let mut expected = Policy::DEFAULT;
        expected.referral_working_days = 3;
        assert_eq!(policy, expected);
        assert_eq!(
            read_policy(br#"{"rules":["NA-3"]}"#, &mut policy),
            Err(JsonError::UnknownVariant)
        );

        let raw = case(
            r#"{"reference":"A","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z",
                "victims":[{"id":1}]}"#,
        )
        .unwrap();
        let findings = crate::evaluate(
            &crate::Case::new(raw).unwrap(),
            &Policy::DEFAULT,
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
            write_findings(&findings, &mut out[..10]),
            Err(JsonError::TooLarge)
        );
    }
}
