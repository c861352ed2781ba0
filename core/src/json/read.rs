//! The JSON reader: a document, already known to be JSON, walked against the format's tables
//! ([`super::shape`]) twice.
//!
//! 1. [`Reader::check`] reads it as the command line's reader does (serde's derived readers
//!    over `serde_json`) and stops at the first fault in reading order, with the command
//!    line's code and field path.
//! 2. The checked document is then read into place, each list item where it goes, by plain
//!    constructors that find each field through the same tables and need not check again. A
//!    case of any size is read with a few hundred bytes of stack.

use super::shape::{self, Fields, Shape};
use super::{JsonError, JsonErrorKind, Tail};
use crate::calendar::DateRange;
use crate::case::{
    Category, Channel, Child, ChildId, ChildRelation, Consultee, DecisionKind, Detention,
    DetentionId, DetentionOutcome, Event, EventId, EvidenceKind, Incident, IncidentId, NoticeKind,
    Order, OrderSet, PlaceKind, Rank, RawCase, Reference, ReferralAnswer, ReleaseOutcome,
    SchoolStatus, Suspect, SuspectId, Victim, VictimId, VictimKind, What,
};
use crate::catalogue::{RuleId, RuleSet};
use crate::list::List;
use crate::policy::{
    Cadence, DapnPilot, MissingChildNotification, PilotArea, Policy, UpdatePlan, WarningLeads,
};
use crate::time::{Date, Instant};

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

/// One document being read: the text, where the reader is in it, and the path to the value
/// being checked (which a fault's field is written from).
pub(super) struct Reader<'t> {
    text: &'t [u8],
    at: usize,
    path: heapless::Vec<Step, MAX_DEPTH>,
}

impl<'t> Reader<'t> {
    /// A reader of `text`, which [`super::is_json`] has accepted.
    pub(super) fn new(text: &'t [u8]) -> Reader<'t> {
        Reader {
            text,
            at: 0,
            path: heapless::Vec::new(),
        }
    }

    fn byte(&self) -> u8 {
        self.text.get(self.at).copied().unwrap_or(0)
    }

    /// The first byte of the next token, after whitespace.
    fn peek(&mut self) -> u8 {
        while matches!(self.byte(), b' ' | b'\t' | b'\n' | b'\r') {
            self.at = self.at.saturating_add(1);
        }
        self.byte()
    }

    /// The next key of an object whose `{` (or last value) has been read, with the reader at
    /// its value; `None` at the `}`, which is read.
    fn key(&mut self) -> Option<Str> {
        if self.peek() == b',' {
            self.at = self.at.saturating_add(1);
            self.peek();
        }
        if self.byte() == b'}' {
            self.at = self.at.saturating_add(1);
            return None;
        }
        let key = self.string();
        self.peek(); // the `:`
        self.at = self.at.saturating_add(1);
        self.peek();
        Some(key)
    }

    /// Whether a list whose `[` (or last item) has been read has another item; the `]` is
    /// read at the end.
    fn item(&mut self) -> bool {
        if self.peek() == b',' {
            self.at = self.at.saturating_add(1);
            self.peek();
        }
        if self.byte() == b']' {
            self.at = self.at.saturating_add(1);
            return false;
        }
        true
    }

    /// Reads a string.
    fn string(&mut self) -> Str {
        self.at = self.at.saturating_add(1);
        let start = self.at;
        let mut escaped = false;
        loop {
            match self.byte() {
                b'"' | 0 => break,
                b'\\' => {
                    escaped = true;
                    self.at = self.at.saturating_add(2);
                }
                _ => self.at = self.at.saturating_add(1),
            }
        }
        let end = self.at;
        self.at = self.at.saturating_add(1);
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
            self.at = self.at.saturating_add(1);
        }
        let mut value: Option<u64> = Some(0);
        while self.byte().is_ascii_digit() {
            // `checked_mul` would bring in a 128-bit multiply on a 32-bit target.
            value = value.filter(|v| *v <= u64::MAX / 10).and_then(|v| {
                v.wrapping_mul(10)
                    .checked_add(u64::from(self.byte().wrapping_sub(b'0')))
            });
            self.at = self.at.saturating_add(1);
        }
        let mut float = false;
        while matches!(self.byte(), b'.' | b'e' | b'E' | b'+' | b'-' | b'0'..=b'9') {
            float = true;
            self.at = self.at.saturating_add(1);
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
                    depth = depth.saturating_add(1);
                    self.at = self.at.saturating_add(1);
                }
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    self.at = self.at.saturating_add(1);
                }
                b'"' => {
                    self.string();
                }
                b',' | b':' => self.at = self.at.saturating_add(1),
                0 => return,
                b'-' | b'0'..=b'9' => {
                    self.number();
                }
                _ => {
                    while self.byte().is_ascii_alphabetic() {
                        self.at = self.at.saturating_add(1);
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
            raw.get(at..at.saturating_add(4))
                .and_then(|digits| core::str::from_utf8(digits).ok())
                .and_then(|digits| u32::from_str_radix(digits, 16).ok())
        };
        let mut at = 0;
        while at < raw.len() {
            let c = match raw.get(at..at.saturating_add(2)) {
                Some([b'\\', b'u']) => {
                    let unit = hex(at.saturating_add(2));
                    at = at.saturating_add(6);
                    match unit {
                        Some(high @ 0xD800..=0xDBFF) => {
                            let low = hex(at.saturating_add(2)).unwrap_or(0).wrapping_sub(0xDC00);
                            at = at.saturating_add(6);
                            char::from_u32(
                                0x10000u32
                                    .wrapping_add(high.wrapping_sub(0xD800).wrapping_shl(10))
                                    .wrapping_add(low),
                            )
                        }
                        unit => unit.and_then(char::from_u32),
                    }
                }
                Some([b'\\', escaped]) => {
                    at = at.saturating_add(2);
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
                        .map_or(raw.len(), |n| at.saturating_add(n));
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
            if let Some(slot) = buf.get_mut(len..len.saturating_add(c.len())) {
                slot.iter_mut().zip(c).for_each(|(to, from)| *to = *from);
            }
            len = len.saturating_add(c.len());
        });
        let text = buf.get(..len).and_then(|b| core::str::from_utf8(b).ok());
        (text, len)
    }

    /// Where `s` is among `names`, separated by spaces (a `!` after a name is not part of it).
    #[inline(never)]
    fn find(&self, s: Str, names: &str) -> Option<usize> {
        let mut buf = [0; SHORT_TEXT];
        let text = match s.escaped {
            false => self.text.get(s.start..s.end)?,
            true => self.unescape(s, &mut buf).0?.as_bytes(),
        };
        word(names, |_, name, _| name == text)
    }

    /// `s` as a short text (a key, a timestamp, a date, a rule id): straight from the text,
    /// or unescaped into `buf` (empty if it does not fit).
    fn short<'b>(&'b self, s: Str, buf: &'b mut [u8; SHORT_TEXT]) -> &'b str {
        if s.escaped {
            return self.unescape(s, buf).0.unwrap_or("");
        }
        // Between quotes in text that is UTF-8: whole characters.
        let raw = self.text.get(s.start..s.end).unwrap_or_default();
        core::str::from_utf8(raw).unwrap_or("")
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
                        at = at.saturating_sub(1);
                        if let Some(digit) = digits.get_mut(at) {
                            *digit = b'0'.wrapping_add((rest % 10) as u8);
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
                error.field = path.finish();
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
        error.field = path.finish();
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
            (Shape::Instant | Shape::Date, b'"') => self.timestamp(matches!(shape, Shape::Date))?,
            (Shape::Option(inner), _) => self.check(inner)?,
            (Shape::List(..) | Shape::Orders | Shape::Rules, b'[') => {
                self.at = self.at.saturating_add(1);
                let mut n = 0;
                while self.item() {
                    self.enter(Step::Item(n));
                    match shape {
                        Shape::List(item) => self.check(item)?,
                        Shape::Orders => self.check(&shape::ORDER)?,
                        _ => self.rule()?,
                    }
                    self.leave();
                    n = n.saturating_add(1);
                }
                if matches!(shape, Shape::Orders) && n > 3 {
                    return Err(self.fail(JsonErrorKind::InvalidValue));
                }
            }
            (Shape::Object(fields), b'{') => self.object(fields)?,
            (Shape::Leads, b'{') => self.leads()?,
            (Shape::Name(names), b'"') => {
                let s = self.string();
                if self.find(s, names).is_none() {
                    return Err(self.fail(JsonErrorKind::UnknownVariant));
                }
            }
            (Shape::Variant(variants, _), b'"') => {
                let s = self.string();
                if self.find(s, variants).is_none() {
                    return Err(self.fail(JsonErrorKind::UnknownVariant));
                }
                // A struct variant's name alone.
                self.enter(Step::Key(s));
                return Err(self.fail(JsonErrorKind::InvalidType));
            }
            (Shape::Name(..) | Shape::Variant(..), b'{') => self.tagged(shape)?,
            // An enum as anything else is not JSON to the command line's reader.
            (Shape::Name(..) | Shape::Variant(..), _) => {
                return Err(self.fail(JsonErrorKind::Syntax));
            }
            _ => return Err(self.fail(JsonErrorKind::InvalidType)),
        }
        Ok(())
    }

    /// A timestamp, or with `date` a date.
    #[inline(never)]
    fn timestamp(&mut self, date: bool) -> Result<(), JsonError> {
        let s = self.string();
        let mut buf = [0; SHORT_TEXT];
        let text = self.short(s, &mut buf);
        let valid = match date {
            false => Instant::parse_rfc3339(text).is_ok(),
            true => Date::parse(text).is_ok(),
        };
        if valid {
            Ok(())
        } else {
            Err(self.fail(JsonErrorKind::InvalidTimestamp))
        }
    }

    /// A whole number up to `max`.
    #[inline(never)]
    fn whole(&mut self, max: u64) -> Result<(), JsonError> {
        match self.number() {
            Number::Whole(v) if v <= max => Ok(()),
            Number::Float => Err(self.fail(JsonErrorKind::InvalidType)),
            _ => Err(self.fail(JsonErrorKind::InvalidValue)),
        }
    }

    /// A rule id of the catalogue.
    #[inline(never)]
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
    #[inline(never)]
    fn object(&mut self, fields: &Fields) -> Result<(), JsonError> {
        self.at = self.at.saturating_add(1);
        let mut seen = 0u32;
        while let Some(key) = self.key() {
            self.enter(Step::Key(key));
            let Some(n) = self.find(key, fields.0) else {
                return Err(self.fail(JsonErrorKind::UnknownField));
            };
            let bit = 1u32.checked_shl(n as u32).unwrap_or(0);
            if seen & bit != 0 {
                return Err(self.duplicate());
            }
            seen |= bit;
            if let Some(shape) = fields.1.get(n) {
                self.check(shape)?;
            }
            self.leave();
        }
        if word(fields.0, |n, _, required| {
            required && seen & 1u32.checked_shl(n as u32).unwrap_or(0) == 0
        })
        .is_some()
        {
            return Err(self.fail(JsonErrorKind::MissingField));
        }
        Ok(())
    }

    /// An enum written as an object: one key, the variant's name, whose value is `null` for a
    /// unit variant or the fields of a struct variant.
    #[inline(never)]
    fn tagged(&mut self, shape: &Shape) -> Result<(), JsonError> {
        self.at = self.at.saturating_add(1);
        let Some(key) = self.key() else {
            return Err(self.fail(JsonErrorKind::Syntax));
        };
        match shape {
            Shape::Variant(names, variants) => {
                let Some(n) = self.find(key, names) else {
                    return Err(self.fail(JsonErrorKind::UnknownVariant));
                };
                self.enter(Step::Key(key));
                match (variants.get(n), self.peek()) {
                    (Some(fields), b'{') => self.object(fields)?,
                    _ => return Err(self.fail(JsonErrorKind::InvalidType)),
                }
            }
            Shape::Name(names) => {
                if self.find(key, names).is_none() {
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
    #[inline(never)]
    fn leads(&mut self) -> Result<(), JsonError> {
        self.at = self.at.saturating_add(1);
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

    /// Where each of `fields` is in the checked object at the reader (0 for a field left
    /// out); the reader is left after the object.
    #[inline(never)]
    fn fields(&mut self, fields: &Fields) -> [usize; 8] {
        let mut at = [0; 8];
        self.peek();
        self.at = self.at.saturating_add(1);
        while let Some(key) = self.key() {
            if let Some(slot) = self.find(key, fields.0).and_then(|n| at.get_mut(n)) {
                *slot = self.at;
            }
            self.skip();
        }
        at
    }

    /// Moves to `at`, the place of a field, if it was given and is not `null`.
    #[inline(never)]
    fn go(&mut self, at: usize) -> bool {
        if at == 0 {
            return false;
        }
        self.at = at;
        self.peek() != b'n'
    }

    /// The checked whole number at `at`, or 0.
    #[inline(never)]
    fn int(&mut self, at: usize) -> u64 {
        if !self.go(at) {
            return 0;
        }
        let mut v = 0u64;
        while self.byte().is_ascii_digit() {
            v = v
                .wrapping_mul(10)
                .wrapping_add(u64::from(self.byte().wrapping_sub(b'0')));
            self.at = self.at.saturating_add(1);
        }
        v
    }

    fn u8_at(&mut self, at: usize) -> u8 {
        self.int(at) as u8
    }

    fn u16_at(&mut self, at: usize) -> u16 {
        self.int(at) as u16
    }

    fn u32_at(&mut self, at: usize) -> u32 {
        self.int(at) as u32
    }

    #[inline(never)]
    fn opt_u8(&mut self, at: usize) -> Option<u8> {
        self.go(at).then(|| self.u8_at(at))
    }

    #[inline(never)]
    fn opt_u16(&mut self, at: usize) -> Option<u16> {
        self.go(at).then(|| self.u16_at(at))
    }

    #[inline(never)]
    fn flag(&mut self, at: usize) -> bool {
        self.go(at) && self.byte() == b't'
    }

    #[inline(never)]
    fn opt_flag(&mut self, at: usize) -> Option<bool> {
        self.go(at).then(|| self.byte() == b't')
    }

    /// The checked timestamp at `at` (`None` if left out or `null`).
    #[inline(never)]
    fn instant(&mut self, at: usize) -> Option<Instant> {
        let s = self.go(at).then(|| self.string())?;
        let mut buf = [0; SHORT_TEXT];
        Instant::parse_rfc3339(self.short(s, &mut buf)).ok()
    }

    /// The checked date at `at` (`None` if left out or `null`).
    #[inline(never)]
    fn date(&mut self, at: usize) -> Option<Date> {
        let s = self.go(at).then(|| self.string())?;
        let mut buf = [0; SHORT_TEXT];
        Date::parse(self.short(s, &mut buf)).ok()
    }

    /// Where the checked enum value at `at` is among `shape`'s names (`None` if left out or
    /// `null`).
    #[inline(never)]
    fn name(&mut self, at: usize, shape: &Shape) -> Option<usize> {
        let Shape::Name(names) = shape else {
            return None;
        };
        if !self.go(at) {
            return None;
        }
        if self.byte() == b'{' {
            // `{"name": null}`: read to the end of the object.
            self.at = self.at.saturating_add(1);
            let n = self.key().and_then(|s| self.find(s, names));
            self.skip();
            self.key();
            n
        } else {
            let s = self.string();
            self.find(s, names)
        }
    }

    /// The checked enum value at `at`, one of `values` in the order of `shape`'s names
    /// (`None` if left out or `null`).
    fn pick<T: Copy>(&mut self, at: usize, shape: &Shape, values: &[T]) -> Option<T> {
        self.name(at, shape).and_then(|n| values.get(n)).copied()
    }

    /// Reads the checked list at `at` into `list`, item by item (items past its capacity are
    /// counted). `list` is empty already: the case is cleared and the policy reset first, and
    /// a list is given at most once.
    fn list<T, const N: usize>(
        &mut self,
        at: usize,
        list: &mut List<T, N>,
        mut item: impl FnMut(&mut Self) -> T,
    ) {
        self.items(at, &mut |r| {
            let value = item(r);
            list.push_or_count(value);
        });
    }

    #[inline(never)]
    fn items(&mut self, at: usize, each: &mut dyn FnMut(&mut Self)) {
        if !self.go(at) {
            return;
        }
        self.at = self.at.saturating_add(1);
        while self.item() {
            let start = self.at;
            each(self);
            // Each item's reader stops after the item; should one not, the item is skipped.
            if !matches!(self.peek(), b',' | b']') {
                self.at = start;
                self.skip();
            }
        }
    }

    #[inline(never)]
    fn victim(&mut self) -> Victim {
        let f = self.fields(shape::VICTIM.fields());
        let end = self.at;
        let value = Victim {
            id: VictimId(self.u16_at(f[0])),
            kind: self
                .pick(
                    f[1],
                    &shape::VICTIM_KIND,
                    &[
                        VictimKind::Person,
                        VictimKind::BereavedRelative,
                        VictimKind::Organisation,
                    ],
                )
                .unwrap_or_default(),
            age_at_offence: self.opt_u8(f[2]),
            vulnerable: self.flag(f[3]),
            intimidated: self.flag(f[4]),
            persistently_targeted: self.flag(f[5]),
            bereaved_relative: self.flag(f[6]),
            referral_consent: self.opt_flag(f[7]),
        };
        self.at = end;
        value
    }

    #[inline(never)]
    fn suspect(&mut self) -> Suspect {
        let f = self.fields(shape::SUSPECT.fields());
        let end = self.at;
        let value = Suspect {
            id: SuspectId(self.u16_at(f[0])),
            identified: self.flag(f[1]),
            age: self.opt_u8(f[2]),
        };
        self.at = end;
        value
    }

    #[inline(never)]
    fn child(&mut self) -> Child {
        use SchoolStatus::*;
        let f = self.fields(shape::CHILD.fields());
        let end = self.at;
        let value = Child {
            id: ChildId(self.u16_at(f[0])),
            age: self.u8_at(f[1]),
            school: self
                .pick(
                    f[2],
                    &shape::SCHOOL,
                    &[
                        Registered,
                        NotSchoolAge,
                        NotRegistered,
                        ElectiveHomeEducation,
                    ],
                )
                .unwrap_or(Registered),
            relation: self
                .pick(
                    f[3],
                    &shape::RELATION,
                    &[ChildRelation::RelatedToParty, ChildRelation::HouseholdOnly],
                )
                .unwrap_or_default(),
        };
        self.at = end;
        value
    }

    #[inline(never)]
    fn incident(&mut self) -> Incident {
        let f = self.fields(shape::INCIDENT.fields());
        let end = self.at;
        let mut incident = Incident {
            id: IncidentId(self.u16_at(f[0])),
            occurred_at: self.instant(f[1]),
            reported_at: self.instant(f[2]),
            attended_at: self.instant(f[3]),
            attended: self.opt_flag(f[4]).into(),
            children: List::new(),
        };
        self.list(f[5], &mut incident.children, |r| ChildId(r.u16_at(r.at)));
        self.at = end;
        incident
    }

    #[inline(never)]
    fn detention(&mut self) -> Detention {
        let f = self.fields(shape::DETENTION.fields());
        let end = self.at;
        let value = Detention {
            id: DetentionId(self.u16_at(f[0])),
            decided_at: self.instant(f[1]).unwrap_or(Instant::from_unix(0)),
            age: self.opt_u8(f[2]),
            kept_at: self.place(f[3]),
        };
        self.at = end;
        value
    }

    #[inline(never)]
    fn place(&mut self, at: usize) -> Option<PlaceKind> {
        use PlaceKind::*;
        self.pick(
            at,
            &shape::PLACE,
            &[PoliceStation, HealthBased, EmergencyDepartment, Other],
        )
    }

    #[inline(never)]
    fn rank(&mut self, at: usize) -> Rank {
        use Rank::*;
        self.pick(
            at,
            &shape::RANK,
            &[
                Constable,
                Sergeant,
                Inspector,
                ChiefInspector,
                Superintendent,
                ChiefSuperintendent,
                AssistantChiefConstable,
                DeputyChiefConstable,
                ChiefConstable,
            ],
        )
        .unwrap_or(Constable)
    }

    #[inline(never)]
    fn event(&mut self) -> Event {
        let f = self.fields(shape::EVENT.fields());
        let end = self.at;
        let value = Event {
            id: EventId(self.u32_at(f[0])),
            at: self.instant(f[1]).unwrap_or(Instant::from_unix(0)),
            what: self.what(f[2]),
        };
        self.at = end;
        value
    }

    /// What happened: the variant named by the one key of the object at `at`.
    #[inline(never)]
    fn what(&mut self, at: usize) -> What {
        let Shape::Variant(names, variants) = &shape::WHAT else {
            return What::WelfareCheck {
                detention: DetentionId(0),
            };
        };
        self.at = at.saturating_add(1);
        let n = self
            .key()
            .and_then(|key| self.find(key, names))
            .unwrap_or(0);
        let f = self.fields(variants.get(n).unwrap_or(&Fields("", &[])));
        // Most kinds name their victim, detention or child first: read once for all of them.
        let victim = VictimId(self.u16_at(f[0]));
        let detention = DetentionId(victim.0);
        let child = ChildId(victim.0);
        match n {
            0 => What::NeedsAssessment {
                victim,
                enhanced_rights: self.opt_flag(f[1]),
                vulnerable_or_intimidated: self.opt_flag(f[2]),
                special_measures: self.opt_flag(f[3]),
                referral: self.pick(
                    f[4],
                    &shape::REFERRAL,
                    &[ReferralAnswer::Accepted, ReferralAnswer::Declined],
                ),
            },
            1 => What::SupportReferralMade { victim },
            2 => What::CareContractAgreed {
                victim,
                interval_days: self.u16_at(f[1]),
                channel: {
                    use Channel::*;
                    self.pick(
                        f[2],
                        &shape::CHANNEL,
                        &[Phone, Email, Letter, InPerson, Text],
                    )
                    .unwrap_or(Phone)
                },
            },
            3 => What::VictimUpdated { victim },
            4 => What::KeyDecision {
                decision: {
                    use DecisionKind::*;
                    self.pick(
                        f[0],
                        &shape::DECISION,
                        &[
                            Arrested,
                            InterviewedUnderCaution,
                            ReleasedNoFurtherAction,
                            ReleasedOnBail,
                            ReleasedUnderInvestigation,
                            BailConditionsChanged,
                            Charged,
                            OutOfCourtDisposal,
                            NotToInvestigate,
                        ],
                    )
                    .unwrap_or(Arrested)
                },
                suspect: self.opt_u16(f[1]).map(SuspectId),
            },
            5 => What::VictimInformed {
                victim,
                decision: EventId(self.u32_at(f[1])),
            },
            6 => What::OrdersConsidered {
                apply: self.flag(f[0]),
                reason_recorded: self.flag(f[1]),
                orders: self.orders(f[2]),
            },
            7 => What::NoticeIssued {
                notice: self
                    .pick(f[0], &shape::NOTICE, &[NoticeKind::Dvpn, NoticeKind::Dapn])
                    .unwrap_or(NoticeKind::Dvpn),
                suspect: SuspectId(self.u16_at(f[1])),
                authorised_by: self.rank(f[2]),
                served_at: self.instant(f[3]),
            },
            8 => What::OrderHearing {
                notice: EventId(self.u32_at(f[0])),
            },
            9 => What::Released {
                suspect: SuspectId(self.u16_at(f[0])),
                outcome: {
                    use ReleaseOutcome::*;
                    self.pick(
                        f[1],
                        &shape::RELEASE_OUTCOME,
                        &[
                            NoFurtherAction,
                            Bail,
                            UnderInvestigation,
                            ChargedAndBailed,
                            OutOfCourtDisposal,
                        ],
                    )
                    .unwrap_or(NoFurtherAction)
                },
            },
            10 => What::EvidenceRecorded {
                kind: {
                    use EvidenceKind::*;
                    self.pick(
                        f[0],
                        &shape::EVIDENCE,
                        &[
                            BodyWornVideo,
                            EmergencyCallRecording,
                            IndependentWitness,
                            Photographs,
                            MedicalEvidence,
                            Admission,
                        ],
                    )
                    .unwrap_or(BodyWornVideo)
                },
            },
            11 => What::VictimWithdrewSupport { victim },
            12 => What::WithdrawalConfirmed { victim },
            13 => What::EvidenceLedProsecutionConsidered { victim },
            14 => What::ArrivedAtPlaceOfSafety {
                detention,
                place: self.place(f[1]).unwrap_or(PlaceKind::Other),
            },
            15 => What::DepartedPlaceOfSafety { detention },
            16 => What::Consulted {
                detention,
                with: {
                    use Consultee::*;
                    self.pick(
                        f[1],
                        &shape::CONSULTEE,
                        &[
                            Doctor,
                            Nurse,
                            Amhp,
                            OccupationalTherapist,
                            Paramedic,
                            CustodyOfficer,
                            Other,
                        ],
                    )
                    .unwrap_or(Other)
                },
            },
            17 => What::ConsultationImpracticable { detention },
            18 => What::PoliceStationAuthorised {
                detention,
                rank: self.rank(f[1]),
                imminent_risk: self.flag(f[2]),
                no_other_place: self.flag(f[3]),
                healthcare_professional_present: self.flag(f[4]),
            },
            19 => What::ExtensionAuthorised {
                detention,
                hours: self.u8_at(f[1]),
                by_responsible_doctor: self.flag(f[2]),
                assessment_impracticable: self.flag(f[3]),
            },
            20 => What::ExtensionApproved {
                detention,
                rank: self.rank(f[1]),
            },
            21 => What::ReferredToSuperintendent { detention },
            22 => What::WelfareCheck { detention },
            23 => What::AssessmentCompleted { detention },
            24 => What::DetentionEnded {
                detention,
                outcome: self
                    .pick(
                        f[1],
                        &shape::DETENTION_OUTCOME,
                        &[
                            DetentionOutcome::Released,
                            DetentionOutcome::HeldUnderAnotherPower,
                        ],
                    )
                    .unwrap_or(DetentionOutcome::Released),
            },
            25 => What::SchoolNotified {
                child,
                missing_episode: self.episode(f[1]),
            },
            26 => What::LocalAuthorityNotified {
                child,
                missing_episode: self.episode(f[1]),
            },
            27 => What::NoSchoolToNotify {
                child,
                missing_episode: self.episode(f[1]),
            },
            _ => What::ChildReportedMissing {
                child,
                first_episode: self.flag(f[1]),
            },
        }
    }

    /// The missing-child episode a notification names, if it names one.
    fn episode(&mut self, at: usize) -> Option<EventId> {
        self.go(at).then(|| EventId(self.u32_at(at)))
    }

    /// The protective orders at `at` (checked: at most three).
    #[inline(never)]
    fn orders(&mut self, at: usize) -> OrderSet {
        let mut orders: List<Order, 3> = List::new();
        self.list(at, &mut orders, |r| {
            r.pick(
                r.at,
                &shape::ORDER,
                &[Order::Dvpn, Order::Dapn, Order::StalkingProtectionOrder],
            )
            .unwrap_or(Order::Dvpn)
        });
        orders
            .iter()
            .fold(OrderSet::EMPTY, |set, order| set.with(*order))
    }

    /// Reads a checked case into place.
    #[inline(never)]
    pub(super) fn case(&mut self, case: &mut RawCase) {
        case.clear();
        let fields = shape::CASE.fields();
        self.at = 0;
        self.peek();
        self.at = self.at.saturating_add(1);
        while let Some(key) = self.key() {
            let at = self.at;
            match self.find(key, fields.0) {
                Some(0) => {
                    let s = self.go(at).then(|| self.string());
                    let mut buf = [0; crate::capacity::MAX_REFERENCE_LEN];
                    case.reference = match s {
                        Some(s) => Reference::lenient(self.unescape(s, &mut buf).0),
                        None => Reference::default(),
                    };
                }
                Some(1) => self.list(at, &mut case.categories, |r| {
                    use Category::*;
                    r.pick(
                        r.at,
                        &shape::CATEGORY,
                        &[
                            DomesticAbuse,
                            Stalking,
                            Harassment,
                            SexualOffence,
                            HateCrime,
                            Terrorism,
                            TraffickingOrModernSlavery,
                            AttemptedMurder,
                            Kidnap,
                            FalseImprisonment,
                            ArsonEndangeringLife,
                            WoundingWithIntent,
                            Other,
                        ],
                    )
                    .unwrap_or(Other)
                }),
                Some(2) => case.recorded_at = self.instant(at),
                Some(3) => case.reported_at = self.instant(at),
                Some(4) => case.occurred_at = self.instant(at),
                Some(5) => case.attended_at = self.instant(at),
                Some(6) => case.closed_at = self.instant(at),
                Some(7) => self.list(at, &mut case.victims, Self::victim),
                Some(8) => self.list(at, &mut case.suspects, Self::suspect),
                Some(9) => self.list(at, &mut case.children, Self::child),
                Some(10) => self.list(at, &mut case.detentions, Self::detention),
                Some(11) => self.list(at, &mut case.events, Self::event),
                Some(12) => case.attended = self.opt_flag(at).into(),
                Some(13) => case.screened_out = self.flag(at),
                _ => self.list(at, &mut case.incidents, Self::incident),
            }
            self.at = at;
            self.skip();
        }
    }

    #[inline(never)]
    fn cadence(&mut self) -> Cadence {
        let f = self.fields(shape::CADENCE.fields());
        let end = self.at;
        let value = Cadence {
            first_within_hours: self.u32_at(f[0]),
            second_within_days: self.opt_u16(f[1]),
            then_every_days: self.u16_at(f[2]),
        };
        self.at = end;
        value
    }

    #[inline(never)]
    fn date_range(&mut self) -> DateRange {
        let f = self.fields(shape::DATE_RANGE.fields());
        let end = self.at;
        let first = self
            .date(f[0])
            .unwrap_or(Policy::DEFAULT.victims_code_2015_from);
        let value = DateRange {
            first,
            last: self.date(f[1]).unwrap_or(first),
        };
        self.at = end;
        value
    }

    /// Reads a checked policy into place.
    #[inline(never)]
    pub(super) fn policy(&mut self, policy: &mut Policy) {
        *policy = Policy::DEFAULT;
        let fields = shape::POLICY.fields();
        self.at = 0;
        self.peek();
        self.at = self.at.saturating_add(1);
        while let Some(key) = self.key() {
            let at = self.at;
            let given = self.go(at);
            let p = &mut *policy;
            match self.find(key, fields.0) {
                Some(0) => p.needs_assessment_working_days = self.u16_at(at),
                Some(1) => p.referral_working_days = self.u16_at(at),
                Some(2) => p.care_contract_working_days = self.opt_u16(at),
                Some(3) => p.key_decision_working_days_enhanced = self.u16_at(at),
                Some(4) => p.key_decision_working_days_standard = self.u16_at(at),
                Some(5) => {
                    p.default_update_plan = given.then(|| {
                        let f = self.fields(shape::UPDATE_PLAN.fields());
                        self.at = f[0];
                        let standard = self.cadence();
                        self.at = f[1];
                        UpdatePlan {
                            standard,
                            enhanced: self.cadence(),
                        }
                    });
                }
                Some(6) => p.order_consideration_hours = self.u32_at(at),
                Some(7) => {
                    p.dapn_pilot = given.then(|| {
                        use PilotArea::*;
                        let f = self.fields(shape::DAPN_PILOT.fields());
                        DapnPilot {
                            area: self
                                .pick(
                                    f[0],
                                    &shape::PILOT_AREA,
                                    &[
                                        GreaterManchester,
                                        MetropolitanCroydonBromleySutton,
                                        BritishTransportPolice,
                                        Cleveland,
                                        NorthWales,
                                    ],
                                )
                                .unwrap_or(GreaterManchester),
                            first_day: self.date(f[1]),
                            last_day: self.date(f[2]),
                        }
                    });
                }
                Some(8) => p.s136_escalation_hours = self.u32_at(at),
                Some(9) => p.s136_escalation_grace_minutes = self.u32_at(at),
                Some(10) => {
                    let mut leads = WarningLeads::DEFAULT;
                    self.at = at.saturating_add(1);
                    while let Some(key) = self.key() {
                        let mut buf = [0; SHORT_TEXT];
                        let rule = WarningLeads::rule_of(self.short(key, &mut buf));
                        let minutes = self.u32_at(self.at);
                        if let Some(rule) = rule {
                            let _ = leads.set(rule, minutes);
                        }
                    }
                    p.warning_lead_minutes = leads;
                }
                Some(11) => p.school_day_start_minutes = self.u16_at(at),
                Some(12) => self.list(at, &mut p.school_closures, Self::date_range),
                Some(13) => self.list(at, &mut p.extra_bank_holidays, |r| {
                    r.date(r.at)
                        .unwrap_or(Policy::DEFAULT.victims_code_2015_from)
                }),
                Some(14) => {
                    use MissingChildNotification::*;
                    p.missing_child_notification = self
                        .pick(
                            at,
                            &shape::MISSING_CHILD,
                            &[Off, FirstEpisode, EveryEpisode, EveryEpisode],
                        )
                        .unwrap_or(Off);
                }
                Some(15) => p.report_not_applicable = self.flag(at),
                Some(16) => {
                    let mut rules = RuleSet::EMPTY;
                    self.at = at.saturating_add(1);
                    while self.item() {
                        let s = self.string();
                        let mut buf = [0; SHORT_TEXT];
                        if let Some(rule) = RuleId::parse(self.short(s, &mut buf)) {
                            rules = rules.with(rule);
                        }
                    }
                    p.rules = rules;
                }
                Some(17) => {
                    p.victims_code_2015_from = self.date(at).unwrap_or(p.victims_code_2015_from)
                }
                Some(18) => {
                    p.encompass_scheme_from = self.date(at).unwrap_or(p.encompass_scheme_from)
                }
                _ => {
                    p.missing_child_notification_from =
                        self.date(at).unwrap_or(p.missing_child_notification_from);
                }
            }
            self.at = at;
            self.skip();
        }
    }
}

/// The place of the first of `names` (separated by spaces) for which `found` holds, given its
/// place, its name and whether it ends in `!` (a required field), which is not part of it.
/// (A scan of bytes, where `split` and `position` would keep panic paths for the optimiser.)
fn word(names: &str, mut found: impl FnMut(usize, &[u8], bool) -> bool) -> Option<usize> {
    let mut n = 0usize;
    for name in names.as_bytes().split(|b| *b == b' ') {
        let (name, required) = match name.strip_suffix(b"!") {
            Some(name) => (name, true),
            None => (name, false),
        };
        if found(n, name, required) {
            return Some(n);
        }
        n = n.saturating_add(1);
    }
    None
}
