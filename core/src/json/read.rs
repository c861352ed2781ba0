//! The JSON reader: a document, already known to be JSON, walked against the format's tables
//! ([`super::shape`]) twice.
//!
//! 1. [`Reader::check`] reads it as the command line's reader does (serde's derived readers
//!    over `serde_json`) and stops at the first fault in reading order, with the command
//!    line's code and field path.
//! 2. The checked document is then read into place: each top-level value, or each item of a
//!    top-level list, is written as postcard into a small buffer ([`Reader::emit`]) and read
//!    from there by the postcard reader the core already has. So JSON costs a table per
//!    format, not a reader per type, and a case of any size is read with a few hundred bytes
//!    of stack.

use serde::de::DeserializeOwned;

use super::shape::{self, Field, Shape};
use super::{JsonError, JsonErrorKind, MAX_FIELD_LEN};
use crate::case::RawCase;
use crate::catalogue::{RuleId, RuleSet};
use crate::list::List;
use crate::policy::{Policy, WarningLeads};
use crate::time::{Date, Instant};

/// Room for one value or list item written as postcard: the largest, a policy's warning
/// leads, takes under 100 bytes.
const ITEM_BYTES: usize = 192;

/// Room for a key, an enum value, a timestamp or a date once unescaped: anything longer is
/// none of them.
const SHORT_TEXT: usize = 64;

/// The deepest path the format has (`events[1].what.orders_considered.orders[3]`), and then
/// some.
const MAX_DEPTH: usize = 8;

/// A string of the text: the range between its quotes, and whether it has escapes.
#[derive(Clone, Copy)]
struct Str {
    start: usize,
    end: usize,
    escaped: bool,
}

/// A number as `serde_json` reads it: a whole number that fits `u64`, a negative one that
/// fits `i64`, or else (a fraction, an exponent, `-0`, too large) a float.
enum Number {
    Whole(u64),
    Negative,
    Float,
}

/// One step of a field's path.
#[derive(Clone, Copy)]
enum Step {
    Key(Str),
    Item(usize),
}

pub(super) struct Reader<'t> {
    text: &'t [u8],
    at: usize,
    path: heapless::Vec<Step, MAX_DEPTH>,
    /// Items of the last nested list written past its capacity (see [`Shape::List`]).
    excess: usize,
}

impl<'t> Reader<'t> {
    /// A reader of `text`, which [`super::is_json`] has accepted.
    pub(super) fn new(text: &'t [u8]) -> Reader<'t> {
        Reader {
            text,
            at: 0,
            path: heapless::Vec::new(),
            excess: 0,
        }
    }

    fn byte(&self) -> u8 {
        self.text.get(self.at).copied().unwrap_or(0)
    }

    /// The first byte of the next token, after whitespace.
    fn peek(&mut self) -> u8 {
        while matches!(self.byte(), b' ' | b'\t' | b'\n' | b'\r') {
            self.at += 1;
        }
        self.byte()
    }

    /// The next key of an object whose `{` (or last value) has been read, with the reader at
    /// its value; `None` at the `}`, which is read.
    fn key(&mut self) -> Option<Str> {
        if self.peek() == b',' {
            self.at += 1;
            self.peek();
        }
        if self.byte() == b'}' {
            self.at += 1;
            return None;
        }
        let key = self.string();
        self.peek(); // the `:`
        self.at += 1;
        self.peek();
        Some(key)
    }

    /// Whether a list whose `[` (or last item) has been read has another item; the `]` is
    /// read at the end.
    fn item(&mut self) -> bool {
        if self.peek() == b',' {
            self.at += 1;
            self.peek();
        }
        if self.byte() == b']' {
            self.at += 1;
            return false;
        }
        true
    }

    /// Reads a string.
    fn string(&mut self) -> Str {
        self.at += 1;
        let start = self.at;
        let mut escaped = false;
        loop {
            match self.byte() {
                b'"' | 0 => break,
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                _ => self.at += 1,
            }
        }
        let end = self.at;
        self.at += 1;
        Str {
            start,
            end,
            escaped,
        }
    }

    /// Reads a number.
    fn number(&mut self) -> Number {
        let negative = self.byte() == b'-';
        if negative {
            self.at += 1;
        }
        let mut value: Option<u64> = Some(0);
        while self.byte().is_ascii_digit() {
            value = value
                .and_then(|v| v.checked_mul(10))
                .and_then(|v| v.checked_add(u64::from(self.byte() - b'0')));
            self.at += 1;
        }
        let mut float = false;
        while matches!(self.byte(), b'.' | b'e' | b'E' | b'+' | b'-' | b'0'..=b'9') {
            float = true;
            self.at += 1;
        }
        match value {
            Some(0) if negative => Number::Float,
            Some(v) if negative && !float && v <= 1 << 63 => Number::Negative,
            Some(v) if !negative && !float => Number::Whole(v),
            _ => Number::Float,
        }
    }

    /// Skips one value.
    fn skip(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                }
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    self.at += 1;
                }
                b'"' => {
                    self.string();
                }
                b',' | b':' => self.at += 1,
                0 => return,
                b'-' | b'0'..=b'9' => {
                    self.number();
                }
                _ => {
                    while self.byte().is_ascii_alphabetic() {
                        self.at += 1;
                    }
                }
            }
            if depth == 0 {
                return;
            }
        }
    }

    /// Gives the characters of `s`, unescaped, to `f`.
    fn chars(&self, s: Str, f: &mut dyn FnMut(char)) {
        let raw = self.text.get(s.start..s.end).unwrap_or_default();
        if !s.escaped {
            core::str::from_utf8(raw).unwrap_or("?").chars().for_each(f);
            return;
        }
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
                        Some(high @ 0xD800..=0xDBFF) => {
                            let low = hex(at + 2).unwrap_or(0).wrapping_sub(0xDC00);
                            at += 6;
                            char::from_u32(0x10000 + ((high - 0xD800) << 10) + low)
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
                    let run = raw.get(at..end).unwrap_or_default();
                    core::str::from_utf8(run)
                        .unwrap_or("?")
                        .chars()
                        .for_each(&mut *f);
                    at = end;
                    continue;
                }
            };
            f(c.unwrap_or('?'));
        }
    }

    /// `s` unescaped into `buf`, if it fits; its length in bytes either way.
    fn unescape<'b>(&self, s: Str, buf: &'b mut [u8]) -> (Option<&'b str>, usize) {
        let mut len = 0usize;
        self.chars(s, &mut |c| {
            let mut utf8 = [0; 4];
            let c = c.encode_utf8(&mut utf8).as_bytes();
            if let Some(slot) = buf.get_mut(len..len + c.len()) {
                slot.copy_from_slice(c);
            }
            len += c.len();
        });
        let text = buf.get(..len).and_then(|b| core::str::from_utf8(b).ok());
        (text, len)
    }

    /// Where `s` is among `names`.
    fn find(&self, s: Str, names: impl Iterator<Item = &'static str>) -> Option<usize> {
        let mut buf = [0; SHORT_TEXT];
        let text = match s.escaped {
            false => core::str::from_utf8(self.text.get(s.start..s.end)?).ok()?,
            true => self.unescape(s, &mut buf).0?,
        };
        names.into_iter().position(|name| name == text)
    }

    /// `s` as a short text (a timestamp, a date, a rule id), unescaped into `buf`.
    fn short<'b>(&self, s: Str, buf: &'b mut [u8; SHORT_TEXT]) -> &'b str {
        self.unescape(s, buf).0.unwrap_or("")
    }

    /// Gives the characters of the path of the first `depth` steps, as the command line
    /// writes a path (keys joined by `.`, items as `[n]`), to `f`.
    fn render(&self, depth: usize, f: &mut dyn FnMut(char)) {
        for (n, step) in self.path.iter().take(depth).enumerate() {
            match *step {
                Step::Key(key) => {
                    if n > 0 {
                        f('.');
                    }
                    self.chars(key, f);
                }
                Step::Item(item) => {
                    f('[');
                    let mut digits = [0u8; 20];
                    let mut at = digits.len();
                    let mut rest = item;
                    loop {
                        at -= 1;
                        if let Some(digit) = digits.get_mut(at) {
                            *digit = b'0' + (rest % 10) as u8;
                        }
                        rest /= 10;
                        if rest == 0 || at == 0 {
                            break;
                        }
                    }
                    digits.iter().skip(at).for_each(|d| f(char::from(*d)));
                    f(']');
                }
            }
        }
    }

    /// The error `kind` at the current path. The command line names the whole document `""`
    /// (its path writer says `.`, which the command line reads as the document, a key `"."` at
    /// the top included).
    #[inline(never)]
    fn fail(&self, kind: JsonErrorKind) -> JsonError {
        let mut error = JsonError::new(kind);
        if kind != JsonErrorKind::Syntax {
            let mut path = Tail::default();
            self.render(self.path.len(), &mut |c| path.push(c));
            if path.as_str() != "." {
                path.finish(&mut error);
            }
        }
        error
    }

    /// A key given twice: `syntax`, naming the key as the command line does, which joins the
    /// key to the path of the object it is in: the key alone at the top (or in an object whose
    /// path is `.`), the object alone for an empty key or one its path already ends with, and
    /// no `.` before a key that starts with `[`.
    #[inline(never)]
    fn duplicate(&self) -> JsonError {
        let mut error = JsonError::new(JsonErrorKind::Syntax);
        let depth = self.path.len().saturating_sub(1);
        let (mut object, mut key) = (Tail::default(), Tail::default());
        self.render(depth, &mut |c| object.push(c));
        if let Some(Step::Key(k)) = self.path.last() {
            self.chars(*k, &mut |c| key.push(c));
        }
        let (o, k) = (object.as_str(), key.as_str());
        let o = if o == "." { "" } else { o };
        let mut path = Tail::default();
        let mut put = |text: &str| text.chars().for_each(|c| path.push(c));
        if o.is_empty() {
            put(k);
        } else if k.is_empty() || (o.ends_with(k) && !key.cut) {
            put(o);
        } else {
            put(o);
            if !k.starts_with('[') {
                put(".");
            }
            put(k);
        }
        path.cut |= object.cut && !o.is_empty();
        path.finish(&mut error);
        error
    }

    fn enter(&mut self, step: Step) {
        // The format is never deeper than the room; a deeper path keeps its start.
        let _ = self.path.push(step);
    }

    fn leave(&mut self) {
        self.path.pop();
    }

    /// Reads a value of `shape` as the command line does, stopping at the first fault.
    pub(super) fn check(&mut self, shape: &Shape) -> Result<(), JsonError> {
        let first = self.peek();
        match (shape, first) {
            (Shape::Bool, b't' | b'f') | (Shape::Text, b'"') | (Shape::Option(_), b'n') => {
                self.skip();
            }
            (Shape::Byte, b'-' | b'0'..=b'9') => self.whole(u64::from(u8::MAX))?,
            (Shape::Whole(max), b'-' | b'0'..=b'9') => self.whole(*max)?,
            (Shape::Instant | Shape::Date, b'"') => {
                let s = self.string();
                let mut buf = [0; SHORT_TEXT];
                let text = self.short(s, &mut buf);
                let valid = match shape {
                    Shape::Instant => Instant::parse_rfc3339(text).is_ok(),
                    _ => Date::parse(text).is_ok(),
                };
                if !valid {
                    return Err(self.fail(JsonErrorKind::InvalidTimestamp));
                }
            }
            (Shape::Option(inner), _) => self.check(inner)?,
            (Shape::List(..) | Shape::Orders | Shape::Rules, b'[') => {
                self.at += 1;
                let mut n = 0;
                while self.item() {
                    self.enter(Step::Item(n));
                    match shape {
                        Shape::List(item, _) => self.check(item)?,
                        Shape::Orders => self.check(&shape::ORDER)?,
                        _ => self.rule()?,
                    }
                    self.leave();
                    n += 1;
                }
                if matches!(shape, Shape::Orders) && n > 3 {
                    return Err(self.fail(JsonErrorKind::InvalidValue));
                }
            }
            (Shape::Object(fields), b'{') => self.object(fields)?,
            (Shape::Leads, b'{') => self.leads()?,
            (Shape::Name(names, ..), b'"') => {
                let s = self.string();
                if self.find(s, names.iter().copied()).is_none() {
                    return Err(self.fail(JsonErrorKind::UnknownVariant));
                }
            }
            (Shape::Variant(variants), b'"') => {
                let s = self.string();
                if self.find(s, variants.iter().map(|v| v.0)).is_none() {
                    return Err(self.fail(JsonErrorKind::UnknownVariant));
                }
                // A struct variant's name alone.
                self.enter(Step::Key(s));
                return Err(self.fail(JsonErrorKind::InvalidType));
            }
            (Shape::Name(..) | Shape::Variant(_), b'{') => self.tagged(shape)?,
            // An enum as anything else is not JSON to the command line's reader.
            (Shape::Name(..) | Shape::Variant(_), _) => {
                return Err(self.fail(JsonErrorKind::Syntax));
            }
            _ => return Err(self.fail(JsonErrorKind::InvalidType)),
        }
        Ok(())
    }

    /// A whole number up to `max`.
    fn whole(&mut self, max: u64) -> Result<(), JsonError> {
        match self.number() {
            Number::Whole(v) if v <= max => Ok(()),
            Number::Float => Err(self.fail(JsonErrorKind::InvalidType)),
            _ => Err(self.fail(JsonErrorKind::InvalidValue)),
        }
    }

    /// A rule id of the catalogue.
    fn rule(&mut self) -> Result<(), JsonError> {
        if self.peek() != b'"' {
            return Err(self.fail(JsonErrorKind::InvalidType));
        }
        let s = self.string();
        let mut buf = [0; SHORT_TEXT];
        match RuleId::parse(self.short(s, &mut buf)) {
            Some(_) => Ok(()),
            None => Err(self.fail(JsonErrorKind::UnknownVariant)),
        }
    }

    /// An object with these fields and no others, each at most once, the required ones given.
    fn object(&mut self, fields: &[Field]) -> Result<(), JsonError> {
        self.at += 1;
        let mut seen = 0u32;
        while let Some(key) = self.key() {
            self.enter(Step::Key(key));
            let Some(n) = self.find(key, fields.iter().map(|field| field.0)) else {
                return Err(self.fail(JsonErrorKind::UnknownField));
            };
            if seen & 1 << n != 0 {
                return Err(self.duplicate());
            }
            seen |= 1 << n;
            if let Some(field) = fields.get(n) {
                self.check(field.1)?;
            }
            self.leave();
        }
        if fields
            .iter()
            .enumerate()
            .any(|(n, field)| field.2 && seen & 1 << n == 0)
        {
            return Err(self.fail(JsonErrorKind::MissingField));
        }
        Ok(())
    }

    /// An enum written as an object: one key, the variant's name, whose value is `null` for a
    /// unit variant or the fields of a struct variant.
    fn tagged(&mut self, shape: &Shape) -> Result<(), JsonError> {
        self.at += 1;
        let Some(key) = self.key() else {
            return Err(self.fail(JsonErrorKind::Syntax));
        };
        match shape {
            Shape::Variant(variants) => {
                let Some(n) = self.find(key, variants.iter().map(|v| v.0)) else {
                    return Err(self.fail(JsonErrorKind::UnknownVariant));
                };
                self.enter(Step::Key(key));
                match (variants.get(n), self.peek()) {
                    (Some((_, fields)), b'{') => self.object(fields)?,
                    _ => return Err(self.fail(JsonErrorKind::InvalidType)),
                }
            }
            Shape::Name(names, ..) => {
                if self.find(key, names.iter().copied()).is_none() {
                    return Err(self.fail(JsonErrorKind::UnknownVariant));
                }
                self.enter(Step::Key(key));
                if self.peek() != b'n' {
                    return Err(self.fail(JsonErrorKind::InvalidType));
                }
                self.skip();
            }
            _ => {}
        }
        self.leave();
        match self.key() {
            None => Ok(()),
            Some(_) => Err(self.fail(JsonErrorKind::Syntax)),
        }
    }

    /// Warning leads: minutes keyed by the rules that have one, each at most once.
    fn leads(&mut self) -> Result<(), JsonError> {
        self.at += 1;
        let mut seen = RuleSet::EMPTY;
        while let Some(key) = self.key() {
            self.enter(Step::Key(key));
            let mut buf = [0; SHORT_TEXT];
            let Some(rule) = WarningLeads::rule_of(self.short(key, &mut buf)) else {
                return Err(self.fail(JsonErrorKind::UnknownField));
            };
            if seen.contains(rule) {
                return Err(self.duplicate());
            }
            seen = seen.with(rule);
            self.whole(u64::from(u32::MAX))?;
            self.leave();
        }
        Ok(())
    }

    /// Writes the checked value at the reader as postcard.
    fn emit(&mut self, shape: &Shape, out: &mut Out<'_>) {
        let first = self.peek();
        match shape {
            Shape::Bool => {
                out.byte(u8::from(first == b't'));
                self.skip();
            }
            Shape::Byte | Shape::Whole(_) => {
                let start = self.at;
                let _ = self.number();
                let digits = self.text.get(start..self.at).unwrap_or_default();
                let v = digits.iter().fold(0u64, |v, d| {
                    v.wrapping_mul(10)
                        .wrapping_add(u64::from(d.wrapping_sub(b'0')))
                });
                match shape {
                    Shape::Byte => out.byte(v as u8),
                    _ => out.varint(v),
                }
            }
            Shape::Text => {
                let s = self.string();
                let mut buf = [0; crate::capacity::MAX_REFERENCE_LEN];
                match self.unescape(s, &mut buf) {
                    (Some(text), _) => out.bytes(text.as_bytes()),
                    // Longer than a reference may be: the reference reader marks it too long.
                    _ => out.bytes(&[b'x'; crate::capacity::MAX_REFERENCE_LEN + 1]),
                }
            }
            Shape::Instant | Shape::Date => {
                let s = self.string();
                let mut buf = [0; SHORT_TEXT];
                let text = self.short(s, &mut buf);
                let v = match shape {
                    Shape::Instant => Instant::parse_rfc3339(text).map_or(0, Instant::unix),
                    _ => Date::parse(text).map_or(0, |date| date.days_since_epoch()),
                };
                out.varint(((v << 1) ^ (v >> 63)) as u64);
            }
            Shape::Option(inner) => {
                if first == b'n' {
                    out.byte(0);
                    self.skip();
                } else {
                    out.byte(1);
                    self.emit(inner, out);
                }
            }
            Shape::List(..) | Shape::Orders => {
                let item = match shape {
                    Shape::List(item, _) => item,
                    _ => &shape::ORDER,
                };
                let capacity = match shape {
                    Shape::List(_, capacity) => *capacity,
                    _ => 3,
                };
                let start = self.at;
                let given = self.count();
                let written = given.min(capacity);
                self.excess = given - written;
                out.varint(written as u64);
                self.at = start + 1;
                let mut n = 0;
                while self.item() {
                    if n < written {
                        self.emit(item, out);
                    } else {
                        self.skip();
                    }
                    n += 1;
                }
            }
            Shape::Object(fields) => {
                let mut at = [0usize; 20];
                self.at += 1;
                while let Some(key) = self.key() {
                    if let Some(slot) = self
                        .find(key, fields.iter().map(|field| field.0))
                        .and_then(|n| at.get_mut(n))
                    {
                        *slot = self.at;
                    }
                    self.skip();
                }
                let end = self.at;
                for (field, at) in fields.iter().zip(at) {
                    if at == 0 {
                        out.byte(0);
                    } else {
                        self.at = at;
                        self.emit(field.1, out);
                    }
                }
                self.at = end;
            }
            Shape::Name(names, count, aliases) => {
                let s = if first == b'{' {
                    self.at += 1;
                    self.key()
                } else {
                    Some(self.string())
                };
                let n = s
                    .and_then(|s| self.find(s, names.iter().copied()))
                    .unwrap_or(0);
                let n = match n.checked_sub(*count) {
                    Some(alias) => aliases.get(alias).map_or(0, |n| usize::from(*n)),
                    None => n,
                };
                out.varint(n as u64);
                if first == b'{' {
                    self.skip();
                    self.key();
                }
            }
            Shape::Variant(variants) => {
                self.at += 1;
                let key = self.key();
                let n = key
                    .and_then(|key| self.find(key, variants.iter().map(|v| v.0)))
                    .unwrap_or(0);
                out.varint(n as u64);
                if let Some((_, fields)) = variants.get(n) {
                    self.emit(&Shape::Object(fields), out);
                }
                self.key();
            }
            Shape::Rules => {
                let mut set = RuleSet::EMPTY;
                self.at += 1;
                while self.item() {
                    let s = self.string();
                    let mut buf = [0; SHORT_TEXT];
                    if let Some(rule) = RuleId::parse(self.short(s, &mut buf)) {
                        set = set.with(rule);
                    }
                }
                out.varint(set.bits());
            }
            Shape::Leads => {
                let start = self.at;
                out.varint(self.count() as u64);
                self.at = start + 1;
                while let Some(key) = self.key() {
                    let mut buf = [0; SHORT_TEXT];
                    let code =
                        WarningLeads::rule_of(self.short(key, &mut buf)).map_or(0, RuleId::code);
                    out.byte(code);
                    self.emit(&Shape::Whole(0), out);
                }
            }
        }
    }

    /// How many items or members the list or object at the reader has; the reader is left
    /// after it.
    fn count(&mut self) -> usize {
        let object = self.peek() == b'{';
        self.at += 1;
        let mut n = 0;
        loop {
            let more = if object {
                self.key().is_some()
            } else {
                self.item()
            };
            if !more {
                return n;
            }
            self.skip();
            n += 1;
        }
    }

    /// Reads the checked value at the reader as a `T`, through its postcard form.
    fn decode<T: DeserializeOwned>(&mut self, shape: &Shape) -> Result<T, JsonError> {
        let mut buf = [0; ITEM_BYTES];
        let mut out = Out {
            buf: &mut buf,
            len: 0,
        };
        self.emit(shape, &mut out);
        let written = out
            .buf
            .get(..out.len)
            .ok_or(JsonError::new(JsonErrorKind::TooLarge))?;
        postcard::from_bytes(written).map_err(|_| JsonError::new(JsonErrorKind::Syntax))
    }

    /// Reads the checked list at the reader into `list`, item by item; `fix` sees each item
    /// with the count of its own nested list's items past capacity.
    fn fill<T: DeserializeOwned, const N: usize>(
        &mut self,
        item: &Shape,
        list: &mut List<T, N>,
        mut fix: impl FnMut(&mut T, usize),
    ) -> Result<(), JsonError> {
        list.clear();
        if self.peek() != b'[' {
            self.skip();
            return Ok(());
        }
        self.at += 1;
        while self.item() {
            self.excess = 0;
            let mut value = self.decode::<T>(item)?;
            fix(&mut value, self.excess);
            list.push_or_count(value);
        }
        Ok(())
    }

    /// Reads a checked case into place.
    pub(super) fn case(&mut self, case: &mut RawCase) -> Result<(), JsonError> {
        case.clear();
        let Shape::Object(fields) = &shape::CASE else {
            return Ok(());
        };
        self.at = 0;
        self.peek();
        self.at += 1;
        while let Some(key) = self.key() {
            let n = self
                .find(key, fields.iter().map(|field| field.0))
                .unwrap_or(usize::MAX);
            let shape = fields.get(n).map_or(&Shape::Bool, |field| field.1);
            let item = match shape {
                Shape::List(item, _) => item,
                _ => &Shape::Bool,
            };
            match n {
                0 => case.reference = self.decode(shape)?,
                1 => self.fill(item, &mut case.categories, |_, _| {})?,
                2 => case.recorded_at = self.decode(shape)?,
                3 => case.reported_at = self.decode(shape)?,
                4 => case.occurred_at = self.decode(shape)?,
                5 => case.attended_at = self.decode(shape)?,
                6 => case.closed_at = self.decode(shape)?,
                7 => self.fill(item, &mut case.victims, |_, _| {})?,
                8 => self.fill(item, &mut case.suspects, |_, _| {})?,
                9 => self.fill(item, &mut case.children, |_, _| {})?,
                10 => self.fill(item, &mut case.detentions, |_, _| {})?,
                11 => self.fill(item, &mut case.events, |_, _| {})?,
                12 => case.attended = self.decode(shape)?,
                13 => case.screened_out = self.decode(shape)?,
                _ => self.fill(item, &mut case.incidents, |incident, excess| {
                    incident.children.count_excess(excess);
                })?,
            }
        }
        Ok(())
    }

    /// Reads a checked policy into place.
    pub(super) fn policy(&mut self, policy: &mut Policy) -> Result<(), JsonError> {
        *policy = Policy::DEFAULT;
        let Shape::Object(fields) = &shape::POLICY else {
            return Ok(());
        };
        self.at = 0;
        self.peek();
        self.at += 1;
        while let Some(key) = self.key() {
            let n = self
                .find(key, fields.iter().map(|field| field.0))
                .unwrap_or(usize::MAX);
            let shape = fields.get(n).map_or(&Shape::Bool, |field| field.1);
            let item = match shape {
                Shape::List(item, _) => item,
                _ => &Shape::Bool,
            };
            let p = &mut *policy;
            match n {
                0 => p.needs_assessment_working_days = self.decode(shape)?,
                1 => p.referral_working_days = self.decode(shape)?,
                2 => p.care_contract_working_days = self.decode(shape)?,
                3 => p.key_decision_working_days_enhanced = self.decode(shape)?,
                4 => p.key_decision_working_days_standard = self.decode(shape)?,
                5 => p.default_update_plan = self.decode(shape)?,
                6 => p.order_consideration_hours = self.decode(shape)?,
                7 => p.dapn_pilot = self.decode(shape)?,
                8 => p.s136_escalation_hours = self.decode(shape)?,
                9 => p.s136_escalation_grace_minutes = self.decode(shape)?,
                10 => p.warning_lead_minutes = self.decode(shape)?,
                11 => p.school_day_start_minutes = self.decode(shape)?,
                12 => self.fill(item, &mut p.school_closures, |_, _| {})?,
                13 => self.fill(item, &mut p.extra_bank_holidays, |_, _| {})?,
                14 => p.missing_child_notification = self.decode(shape)?,
                15 => p.report_not_applicable = self.decode(shape)?,
                16 => p.rules = self.decode(shape)?,
                17 => p.victims_code_2015_from = self.decode(shape)?,
                18 => p.encompass_scheme_from = self.decode(shape)?,
                _ => p.missing_child_notification_from = self.decode(shape)?,
            }
        }
        Ok(())
    }
}

/// The end of a text: as much of it as fits, whole characters, and whether its start was
/// cut.
struct Tail {
    bytes: [u8; TAIL],
    len: usize,
    cut: bool,
}

/// What a field's path keeps: [`MAX_FIELD_LEN`] with room for the `…` of a path cut short.
const TAIL: usize = MAX_FIELD_LEN - "…".len();

impl Default for Tail {
    fn default() -> Tail {
        Tail {
            bytes: [0; TAIL],
            len: 0,
            cut: false,
        }
    }
}

impl Tail {
    fn push(&mut self, c: char) {
        let mut utf8 = [0; 4];
        let c = c.encode_utf8(&mut utf8).as_bytes();
        while self.len + c.len() > TAIL {
            // Drop the first character.
            let first = self
                .as_str()
                .chars()
                .next()
                .map_or(self.len, char::len_utf8);
            self.bytes.copy_within(first..self.len, 0);
            self.len -= first;
            self.cut = true;
        }
        if let Some(slot) = self.bytes.get_mut(self.len..self.len + c.len()) {
            slot.copy_from_slice(c);
            self.len += c.len();
        }
    }

    fn as_str(&self) -> &str {
        core::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or("")
    }

    /// Writes the text as an error's field, after `…` if it was cut.
    fn finish(&self, error: &mut JsonError) {
        if self.cut {
            let _ = error.field.push('…');
        }
        let _ = error.field.push_str(self.as_str());
    }
}

/// Postcard bytes being written; what does not fit is dropped, and the length says so.
struct Out<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl Out<'_> {
    fn byte(&mut self, byte: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = byte;
        }
        self.len += 1;
    }

    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.byte((v as u8) | 0x80);
            v >>= 7;
        }
        self.byte(v as u8);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.varint(bytes.len() as u64);
        bytes.iter().for_each(|b| self.byte(*b));
    }
}
