//! The JSON reader: a document, already known to be JSON, read against the format's tables
//! ([`super::shape`]) in one walk, as the command line's reader (serde's derived readers over
//! `serde_json`) reads it.
//!
//! [`Reader::object`] checks an object's keys against its table (a field the format does not
//! have, one given twice, a required one missing) and reads each scalar field ([`Reader::scalar`]:
//! a flag, a number, a timestamp, a name) to its [`Value`]; each object's own code turns the
//! values into the case's types and reads its lists and nested objects where they go, list
//! items straight into their slots. The walk stops at the first fault in reading order, which
//! the reader keeps with the command line's code and field path. A case of any size is read
//! with a few hundred bytes of stack.

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
    /// The first fault met (when a read has returned [`Fault`]).
    pub(super) error: JsonError,
}

/// A fault met while reading: the reader keeps its error ([`Reader::error`]), so that passing
/// it on costs a caller nothing.
pub(super) struct Fault;

type Read<T> = Result<T, Fault>;

impl<'t> Reader<'t> {
    /// A reader of `text`, which [`super::is_json`] has accepted.
    pub(super) fn new(text: &'t [u8]) -> Reader<'t> {
        Reader {
            text,
            at: 0,
            path: heapless::Vec::new(),
            error: JsonError::new(JsonErrorKind::Syntax),
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
        let (mut value, mut whole) = (0u64, true);
        while let digit @ b'0'..=b'9' = self.byte() {
            let digit = u64::from(digit.wrapping_sub(b'0'));
            // Past `u64` (`checked_mul` would bring in a 128-bit multiply on a 32-bit target).
            whole &= value <= (u64::MAX - digit) / 10;
            value = value.wrapping_mul(10).wrapping_add(digit);
            self.at = self.at.saturating_add(1);
        }
        while matches!(self.byte(), b'.' | b'e' | b'E' | b'+' | b'-' | b'0'..=b'9') {
            whole = false;
            self.at = self.at.saturating_add(1);
        }
        match (whole, negative) {
            (true, false) => Number::Whole(value),
            (true, true) if value != 0 && value <= 1 << 63 => Number::Negative,
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

    /// Gives the bytes of `s`, unescaped (UTF-8, as the text is), to `f`. The string is
    /// checked: its escapes are whole and its surrogates paired.
    fn bytes(&self, s: Str, f: &mut dyn FnMut(u8)) {
        let raw = self.text.get(s.start..s.end).unwrap_or_default();
        let mut at = 0usize;
        while let Some(&byte) = raw.get(at) {
            at = at.saturating_add(1);
            if byte != b'\\' {
                f(byte);
                continue;
            }
            let escaped = raw.get(at).copied().unwrap_or(b'\\');
            at = at.saturating_add(1);
            f(match escaped {
                b'b' => 0x08,
                b'f' => 0x0C,
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                b'u' => {
                    let mut unit = hex4(raw, at);
                    at = at.saturating_add(4);
                    if (0xD800..0xDC00).contains(&unit) {
                        // The low surrogate's escape follows.
                        let low = hex4(raw, at.saturating_add(2));
                        at = at.saturating_add(6);
                        unit = (((unit & 0x3FF) << 10) | (low & 0x3FF)).wrapping_add(0x10000);
                    }
                    utf8(unit, f);
                    continue;
                }
                other => other,
            });
        }
    }

    /// `s` unescaped into `buf`, if it fits; its length in bytes either way.
    fn unescape<'b>(&self, s: Str, buf: &'b mut [u8]) -> (Option<&'b [u8]>, usize) {
        let mut len = 0usize;
        self.bytes(s, &mut |byte| {
            if let Some(slot) = buf.get_mut(len) {
                *slot = byte;
            }
            len = len.saturating_add(1);
        });
        (buf.get(..len), len)
    }

    /// Where `s` is among `names`, separated by spaces (a `!` after a name is not part of it).
    #[inline(never)]
    fn find(&self, s: Str, names: &str) -> Option<usize> {
        let mut buf = [0; SHORT_TEXT];
        let text = match s.escaped {
            false => self.text.get(s.start..s.end)?,
            true => self.unescape(s, &mut buf).0?,
        };
        word(names, |_, name, _| name == text)
    }

    /// `s` as a short text (a key, a timestamp, a date, a rule id): straight from the text,
    /// or unescaped into `buf` (empty if it does not fit).
    fn short<'b>(&'b self, s: Str, buf: &'b mut [u8; SHORT_TEXT]) -> &'b str {
        let raw = match s.escaped {
            true => self.unescape(s, buf).0,
            false => self.text.get(s.start..s.end),
        };
        // Between quotes in text that is UTF-8: whole characters.
        core::str::from_utf8(raw.unwrap_or_default()).unwrap_or("")
    }

    /// Gives the bytes of the path of the first `depth` steps, as the command line writes a
    /// path (keys joined by `.`, items as `[n]`), to `f`.
    fn render(&self, depth: usize, f: &mut dyn FnMut(u8)) {
        for (n, step) in self.path.iter().take(depth).enumerate() {
            match *step {
                Step::Key(key) => {
                    if n > 0 {
                        f(b'.');
                    }
                    self.bytes(key, f);
                }
                Step::Item(item) => {
                    f(b'[');
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
                    digits.iter().skip(at).for_each(|d| f(*d));
                    f(b']');
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
            self.bytes(*k, &mut |c| key.push(c));
        }
        let (o, k) = (object.as_str(), key.as_str());
        let o = if o == "." { "" } else { o };
        let mut path = Tail::default();
        let mut put = |text: &str| text.bytes().for_each(|c| path.push(c));
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

    /// Keeps the error `kind` at the current path as the reader's fault.
    #[inline(never)]
    fn fault(&mut self, kind: JsonErrorKind) -> Fault {
        self.error = self.fail(kind);
        Fault
    }

    /// Reads a scalar of `shape` (a flag, a whole number, a timestamp or a date, a name, a
    /// text) as the command line does, giving its [`Value`].
    #[inline(never)]
    fn scalar(&mut self, shape: &Shape) -> Read<Value> {
        let first = self.peek();
        match (shape, first) {
            (Shape::Option(_), b'n') => {
                self.skip();
                Ok(None)
            }
            (Shape::Option(inner), _) => self.scalar(inner),
            (Shape::Bool, b't' | b'f') => {
                self.skip();
                Ok(Some(i64::from(first == b't')))
            }
            (Shape::Text, b'"') => {
                let at = self.at;
                self.string();
                Ok(Some(at as i64))
            }
            (Shape::Byte, b'-' | b'0'..=b'9') => self.up_to(u64::from(u8::MAX)),
            (Shape::Whole(max), b'-' | b'0'..=b'9') => self.up_to(*max),
            (Shape::Instant | Shape::Date, b'"') => self.timestamp(matches!(shape, Shape::Date)),
            (Shape::Name(names), b'"') => {
                let s = self.string();
                match self.find(s, names) {
                    Some(n) => Ok(Some(n as i64)),
                    None => Err(self.fault(JsonErrorKind::UnknownVariant)),
                }
            }
            (Shape::Name(names), b'{') => self.unit(names),
            // An enum as anything else is not JSON to the command line's reader.
            (Shape::Name(..) | Shape::Variant(..), _) => Err(self.fault(JsonErrorKind::Syntax)),
            _ => Err(self.fault(JsonErrorKind::InvalidType)),
        }
    }

    /// A timestamp, or with `date` a date: its seconds or days since the epoch.
    #[inline(never)]
    fn timestamp(&mut self, date: bool) -> Read<Value> {
        let s = self.string();
        let mut buf = [0; SHORT_TEXT];
        let text = self.short(s, &mut buf);
        let value = match date {
            false => Instant::parse_rfc3339(text).ok().map(Instant::unix),
            true => Date::parse(text).ok().map(Date::days_since_epoch),
        };
        match value {
            Some(value) => Ok(Some(value)),
            None => Err(self.fault(JsonErrorKind::InvalidTimestamp)),
        }
    }

    /// A whole number up to `max` (at most `u32::MAX`).
    #[inline(never)]
    fn up_to(&mut self, max: u64) -> Read<Value> {
        match self.number() {
            Number::Whole(v) if v <= max => Ok(Some(v as i64)),
            Number::Float => Err(self.fault(JsonErrorKind::InvalidType)),
            _ => Err(self.fault(JsonErrorKind::InvalidValue)),
        }
    }

    /// A unit variant written as an object, `{"name": null}`: the name's place in `names`.
    #[inline(never)]
    fn unit(&mut self, names: &str) -> Read<Value> {
        let n = self.open_tag(names)?;
        if self.peek() != b'n' {
            return Err(self.fault(JsonErrorKind::InvalidType));
        }
        self.skip();
        self.close_tag()?;
        Ok(Some(n as i64))
    }

    /// Opens an enum written as an object, its `{` at the reader: its one key must be one of
    /// `names`. Gives the key's place, with the reader at its value and the key on the path.
    #[inline(never)]
    fn open_tag(&mut self, names: &str) -> Read<usize> {
        self.at = self.at.saturating_add(1);
        let Some(key) = self.key() else {
            return Err(self.fault(JsonErrorKind::Syntax));
        };
        let Some(n) = self.find(key, names) else {
            return Err(self.fault(JsonErrorKind::UnknownVariant));
        };
        self.enter(Step::Key(key));
        Ok(n)
    }

    /// Closes what [`Reader::open_tag`] opened, its value read: nothing but the `}` may follow.
    fn close_tag(&mut self) -> Read<()> {
        self.leave();
        match self.key() {
            None => Ok(()),
            Some(_) => Err(self.fault(JsonErrorKind::Syntax)),
        }
    }

    /// A rule id of the catalogue.
    #[inline(never)]
    fn rule(&mut self) -> Read<RuleId> {
        if self.peek() != b'"' {
            return Err(self.fault(JsonErrorKind::InvalidType));
        }
        let s = self.string();
        let mut buf = [0; SHORT_TEXT];
        match RuleId::parse(self.short(s, &mut buf)) {
            Some(rule) => Ok(rule),
            None => Err(self.fault(JsonErrorKind::UnknownVariant)),
        }
    }

    /// Reads an object with these fields and no others, each at most once, the required ones
    /// given, as the command line does. Each field is given to `field` as it comes: a scalar
    /// with its [`Value`]; a list, an object or a variant with `Some(0)` and the reader at it,
    /// for `field` to read (or `None`, a `null` already read).
    #[inline(never)]
    fn object(
        &mut self,
        fields: &Fields,
        field: &mut dyn FnMut(&mut Self, usize, Value) -> Read<()>,
    ) -> Read<()> {
        if self.peek() != b'{' {
            return Err(self.fault(JsonErrorKind::InvalidType));
        }
        self.at = self.at.saturating_add(1);
        let mut seen = 0u32;
        while let Some(key) = self.key() {
            self.enter(Step::Key(key));
            let Some(n) = self.find(key, fields.0) else {
                return Err(self.fault(JsonErrorKind::UnknownField));
            };
            let bit = 1u32.checked_shl(n as u32).unwrap_or(0);
            if seen & bit != 0 {
                self.error = self.duplicate();
                return Err(Fault);
            }
            seen |= bit;
            let shape = fields.1.get(n).copied().unwrap_or(&Shape::Bool);
            let value = match shape {
                Shape::Option(inner) if !inner.is_scalar() => {
                    if self.peek() == b'n' {
                        self.skip();
                        None
                    } else {
                        Some(0)
                    }
                }
                shape if shape.is_scalar() => self.scalar(shape)?,
                _ => Some(0),
            };
            field(self, n, value)?;
            self.leave();
        }
        if word(fields.0, |n, _, required| {
            required && seen & 1u32.checked_shl(n as u32).unwrap_or(0) == 0
        })
        .is_some()
        {
            return Err(self.fault(JsonErrorKind::MissingField));
        }
        Ok(())
    }

    /// The values of an object whose fields are all scalars, in the order of `fields`.
    fn flat(&mut self, fields: &Fields) -> Read<[Value; 8]> {
        let mut values = [None; 8];
        self.object(fields, &mut |_, n, value| {
            if let Some(slot) = values.get_mut(n) {
                *slot = value;
            }
            Ok(())
        })?;
        Ok(values)
    }

    /// Reads a list, each item by `item` with the reader at it; gives the number of items.
    #[inline(never)]
    fn list(&mut self, item: &mut dyn FnMut(&mut Self) -> Read<()>) -> Read<usize> {
        if self.peek() != b'[' {
            return Err(self.fault(JsonErrorKind::InvalidType));
        }
        self.at = self.at.saturating_add(1);
        let mut n = 0usize;
        while self.item() {
            self.enter(Step::Item(n));
            item(self)?;
            self.leave();
            n = n.saturating_add(1);
        }
        Ok(n)
    }

    /// Reads a list into `list`, item by item (items past its capacity are read and counted).
    /// `list` is empty already: the case is cleared and the policy reset first, and a list is
    /// given at most once.
    fn fill<T, const N: usize>(
        &mut self,
        list: &mut List<T, N>,
        mut item: impl FnMut(&mut Self) -> Read<T>,
    ) -> Read<()> {
        self.list(&mut |r| {
            let value = item(r)?;
            list.push_or_count(value);
            Ok(())
        })
        .map(drop)
    }

    #[inline(never)]
    fn victim(&mut self) -> Read<Victim> {
        let v = self.flat(shape::VICTIM.fields())?;
        Ok(Victim {
            id: VictimId(whole(v[0]) as u16),
            kind: pick(
                v[1],
                &[
                    VictimKind::Person,
                    VictimKind::BereavedRelative,
                    VictimKind::Organisation,
                ],
            )
            .unwrap_or_default(),
            age_at_offence: v[2].map(|age| age as u8),
            vulnerable: flag(v[3]),
            intimidated: flag(v[4]),
            persistently_targeted: flag(v[5]),
            bereaved_relative: flag(v[6]),
            referral_consent: v[7].map(|answer| answer == 1),
        })
    }

    #[inline(never)]
    fn suspect(&mut self) -> Read<Suspect> {
        let v = self.flat(shape::SUSPECT.fields())?;
        Ok(Suspect {
            id: SuspectId(whole(v[0]) as u16),
            identified: flag(v[1]),
            age: v[2].map(|age| age as u8),
        })
    }

    #[inline(never)]
    fn child(&mut self) -> Read<Child> {
        use SchoolStatus::*;
        let v = self.flat(shape::CHILD.fields())?;
        Ok(Child {
            id: ChildId(whole(v[0]) as u16),
            age: whole(v[1]) as u8,
            school: pick(
                v[2],
                &[
                    Registered,
                    NotSchoolAge,
                    NotRegistered,
                    ElectiveHomeEducation,
                ],
            )
            .unwrap_or(Registered),
            relation: pick(
                v[3],
                &[ChildRelation::RelatedToParty, ChildRelation::HouseholdOnly],
            )
            .unwrap_or_default(),
        })
    }

    #[inline(never)]
    fn incident(&mut self) -> Read<Incident> {
        let mut v = [None; 8];
        let mut children = List::new();
        self.object(shape::INCIDENT.fields(), &mut |r, n, value| {
            if n == 5 {
                r.fill(&mut children, |r| {
                    Ok(ChildId(whole(r.scalar(&shape::U16)?) as u16))
                })?;
            } else if let Some(slot) = v.get_mut(n) {
                *slot = value;
            }
            Ok(())
        })?;
        Ok(Incident {
            id: IncidentId(whole(v[0]) as u16),
            occurred_at: instant(v[1]),
            reported_at: instant(v[2]),
            attended_at: instant(v[3]),
            attended: v[4].map(|attended| attended == 1).into(),
            children,
        })
    }

    #[inline(never)]
    fn detention(&mut self) -> Read<Detention> {
        let v = self.flat(shape::DETENTION.fields())?;
        Ok(Detention {
            id: DetentionId(whole(v[0]) as u16),
            decided_at: Instant::from_unix(whole(v[1])),
            age: v[2].map(|age| age as u8),
            kept_at: place(v[3]),
        })
    }

    #[inline(never)]
    fn event(&mut self) -> Read<Event> {
        let mut v = [None; 8];
        let mut what = None;
        self.object(shape::EVENT.fields(), &mut |r, n, value| {
            if n == 2 {
                what = Some(r.what()?);
            } else if let Some(slot) = v.get_mut(n) {
                *slot = value;
            }
            Ok(())
        })?;
        Ok(Event {
            id: EventId(whole(v[0]) as u32),
            at: Instant::from_unix(whole(v[1])),
            // Required: the object would have been refused without it.
            what: what.unwrap_or(What::WelfareCheck {
                detention: DetentionId(0),
            }),
        })
    }

    /// What happened: an object with one key, the kind of event, whose value holds its
    /// fields.
    #[inline(never)]
    fn what(&mut self) -> Read<What> {
        let Shape::Variant(names, variants) = &shape::WHAT else {
            return Err(self.fault(JsonErrorKind::Syntax));
        };
        match self.peek() {
            b'{' => {}
            b'"' => {
                // A kind's name alone.
                let s = self.string();
                if self.find(s, names).is_none() {
                    return Err(self.fault(JsonErrorKind::UnknownVariant));
                }
                self.enter(Step::Key(s));
                return Err(self.fault(JsonErrorKind::InvalidType));
            }
            _ => return Err(self.fault(JsonErrorKind::Syntax)),
        }
        let n = self.open_tag(names)?;
        let mut v = [None; 8];
        let mut orders = OrderSet::EMPTY;
        let fields = variants.get(n).unwrap_or(&Fields("", &[]));
        self.object(fields, &mut |r, field, value| {
            if fields
                .1
                .get(field)
                .is_some_and(|shape| matches!(shape, Shape::Orders))
            {
                orders = r.orders()?;
            } else if let Some(slot) = v.get_mut(field) {
                *slot = value;
            }
            Ok(())
        })?;
        self.close_tag()?;
        Ok(event_kind(n, &v, orders))
    }

    /// The protective orders considered: at most three.
    #[inline(never)]
    fn orders(&mut self) -> Read<OrderSet> {
        let mut orders = OrderSet::EMPTY;
        let given = self.list(&mut |r| {
            if let Some(order) = pick(
                r.scalar(&shape::ORDER)?,
                &[Order::Dvpn, Order::Dapn, Order::StalkingProtectionOrder],
            ) {
                orders = orders.with(order);
            }
            Ok(())
        })?;
        if given > 3 {
            return Err(self.fault(JsonErrorKind::InvalidValue));
        }
        Ok(orders)
    }

    /// Reads a case into place, as the command line reads it.
    #[inline(never)]
    pub(super) fn case(&mut self, case: &mut RawCase) -> Read<()> {
        case.clear();
        self.at = 0;
        self.object(shape::CASE.fields(), &mut |r, n, v| {
            match n {
                0 => {
                    let end = r.at;
                    r.at = whole(v) as usize;
                    let s = r.string();
                    let mut buf = [0; crate::capacity::MAX_REFERENCE_LEN];
                    let text = r.unescape(s, &mut buf).0;
                    case.reference = Reference::lenient(text);
                    r.at = end;
                }
                1 => r.fill(&mut case.categories, |r| {
                    use Category::*;
                    Ok(pick(
                        r.scalar(&shape::CATEGORY)?,
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
                    .unwrap_or(Other))
                })?,
                2 => case.recorded_at = instant(v),
                3 => case.reported_at = instant(v),
                4 => case.occurred_at = instant(v),
                5 => case.attended_at = instant(v),
                6 => case.closed_at = instant(v),
                7 => r.fill(&mut case.victims, Self::victim)?,
                8 => r.fill(&mut case.suspects, Self::suspect)?,
                9 => r.fill(&mut case.children, Self::child)?,
                10 => r.fill(&mut case.detentions, Self::detention)?,
                11 => r.fill(&mut case.events, Self::event)?,
                12 => case.attended = v.map(|attended| attended == 1).into(),
                13 => case.screened_out = flag(v),
                _ => r.fill(&mut case.incidents, Self::incident)?,
            }
            Ok(())
        })
    }

    #[inline(never)]
    fn cadence(&mut self) -> Read<Cadence> {
        let v = self.flat(shape::CADENCE.fields())?;
        Ok(Cadence {
            first_within_hours: whole(v[0]) as u32,
            second_within_days: v[1].map(|days| days as u16),
            then_every_days: whole(v[2]) as u16,
        })
    }

    #[inline(never)]
    fn date_range(&mut self) -> Read<DateRange> {
        let v = self.flat(shape::DATE_RANGE.fields())?;
        let first = date(v[0]).unwrap_or(Policy::DEFAULT.victims_code_2015_from);
        Ok(DateRange {
            first,
            last: date(v[1]).unwrap_or(first),
        })
    }

    /// Warning leads: minutes keyed by the rules that have one, each at most once.
    #[inline(never)]
    fn leads(&mut self) -> Read<WarningLeads> {
        if self.peek() != b'{' {
            return Err(self.fault(JsonErrorKind::InvalidType));
        }
        self.at = self.at.saturating_add(1);
        let mut leads = WarningLeads::DEFAULT;
        let mut seen = RuleSet::EMPTY;
        while let Some(key) = self.key() {
            self.enter(Step::Key(key));
            let mut buf = [0; SHORT_TEXT];
            let Some(rule) = WarningLeads::rule_of(self.short(key, &mut buf)) else {
                return Err(self.fault(JsonErrorKind::UnknownField));
            };
            if seen.contains(rule) {
                self.error = self.duplicate();
                return Err(Fault);
            }
            seen = seen.with(rule);
            let minutes = self.up_to(u64::from(u32::MAX))?;
            let _ = leads.set(rule, whole(minutes) as u32);
            self.leave();
        }
        Ok(leads)
    }

    /// Reads a force policy into place over the defaults, as the command line reads it.
    #[inline(never)]
    pub(super) fn policy(&mut self, policy: &mut Policy) -> Read<()> {
        *policy = Policy::DEFAULT;
        self.at = 0;
        self.object(shape::POLICY.fields(), &mut |r, n, v| {
            let p = &mut *policy;
            match n {
                0 => p.needs_assessment_working_days = whole(v) as u16,
                1 => p.referral_working_days = whole(v) as u16,
                2 => p.care_contract_working_days = v.map(|days| days as u16),
                3 => p.key_decision_working_days_enhanced = whole(v) as u16,
                4 => p.key_decision_working_days_standard = whole(v) as u16,
                5 if v.is_some() => {
                    // Both are required: the object is refused without either.
                    let none = Cadence {
                        first_within_hours: 0,
                        second_within_days: None,
                        then_every_days: 0,
                    };
                    let mut plan = UpdatePlan {
                        standard: none,
                        enhanced: none,
                    };
                    r.object(shape::UPDATE_PLAN.fields(), &mut |r, n, _| {
                        let cadence = r.cadence()?;
                        match n {
                            0 => plan.standard = cadence,
                            _ => plan.enhanced = cadence,
                        }
                        Ok(())
                    })?;
                    p.default_update_plan = Some(plan);
                }
                6 => p.order_consideration_hours = whole(v) as u32,
                7 if v.is_some() => {
                    use PilotArea::*;
                    let pilot = r.flat(shape::DAPN_PILOT.fields())?;
                    p.dapn_pilot = Some(DapnPilot {
                        area: pick(
                            pilot[0],
                            &[
                                GreaterManchester,
                                MetropolitanCroydonBromleySutton,
                                BritishTransportPolice,
                                Cleveland,
                                NorthWales,
                            ],
                        )
                        .unwrap_or(GreaterManchester),
                        first_day: date(pilot[1]),
                        last_day: date(pilot[2]),
                    });
                }
                8 => p.s136_escalation_hours = whole(v) as u32,
                9 => p.s136_escalation_grace_minutes = whole(v) as u32,
                10 => p.warning_lead_minutes = r.leads()?,
                11 => p.school_day_start_minutes = whole(v) as u16,
                12 => r.fill(&mut p.school_closures, Self::date_range)?,
                13 => r.fill(&mut p.extra_bank_holidays, |r| {
                    Ok(date(r.scalar(&Shape::Date)?)
                        .unwrap_or(Policy::DEFAULT.victims_code_2015_from))
                })?,
                14 => {
                    use MissingChildNotification::*;
                    p.missing_child_notification =
                        pick(v, &[Off, FirstEpisode, EveryEpisode, EveryEpisode]).unwrap_or(Off);
                }
                15 => p.report_not_applicable = flag(v),
                16 => {
                    let mut rules = RuleSet::EMPTY;
                    r.list(&mut |r| {
                        rules = rules.with(r.rule()?);
                        Ok(())
                    })?;
                    p.rules = rules;
                }
                17 => p.victims_code_2015_from = date(v).unwrap_or(p.victims_code_2015_from),
                18 => p.encompass_scheme_from = date(v).unwrap_or(p.encompass_scheme_from),
                19 => {
                    p.missing_child_notification_from =
                        date(v).unwrap_or(p.missing_child_notification_from);
                }
                // A plan or a pilot given as `null`: none, as by default.
                _ => {}
            }
            Ok(())
        })
    }
}

/// A scalar as read (`None` for one left out or `null`): a whole number; `1` for `true` and
/// `0` for `false`; a name's place among its shape's names; an instant's seconds since the
/// epoch; a date's days since the epoch; for a text, where it starts in the document.
type Value = Option<i64>;

/// A whole number, or 0 for a value left out.
fn whole(value: Value) -> i64 {
    value.unwrap_or(0)
}

/// `true` for a value that is `true`; `false` for `false` or one left out.
fn flag(value: Value) -> bool {
    value == Some(1)
}

fn instant(value: Value) -> Option<Instant> {
    value.map(Instant::from_unix)
}

fn date(value: Value) -> Option<Date> {
    value.map(Date::from_days_since_epoch)
}

/// The enum value a name's place gives, one of `values` in the order of the shape's names.
fn pick<T: Copy>(value: Value, values: &[T]) -> Option<T> {
    values.get(usize::try_from(value?).ok()?).copied()
}

fn place(value: Value) -> Option<PlaceKind> {
    use PlaceKind::*;
    pick(
        value,
        &[PoliceStation, HealthBased, EmergencyDepartment, Other],
    )
}

fn rank(value: Value) -> Rank {
    use Rank::*;
    pick(
        value,
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

/// The event of kind `n` (its place among [`shape::WHAT`]'s names) with these values, and the
/// orders considered where it has them.
fn event_kind(n: usize, v: &[Value; 8], orders: OrderSet) -> What {
    // Most kinds name their victim, detention or child first: read once for all of them.
    let first = whole(v[0]);
    let victim = VictimId(first as u16);
    let detention = DetentionId(first as u16);
    let child = ChildId(first as u16);
    let episode = v[1].map(|id| EventId(id as u32));
    match n {
        0 => What::NeedsAssessment {
            victim,
            enhanced_rights: v[1].map(|answer| answer == 1),
            vulnerable_or_intimidated: v[2].map(|answer| answer == 1),
            special_measures: v[3].map(|answer| answer == 1),
            referral: pick(v[4], &[ReferralAnswer::Accepted, ReferralAnswer::Declined]),
        },
        1 => What::SupportReferralMade { victim },
        2 => What::CareContractAgreed {
            victim,
            interval_days: whole(v[1]) as u16,
            channel: {
                use Channel::*;
                pick(v[2], &[Phone, Email, Letter, InPerson, Text]).unwrap_or(Phone)
            },
        },
        3 => What::VictimUpdated { victim },
        4 => What::KeyDecision {
            decision: {
                use DecisionKind::*;
                pick(
                    v[0],
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
            suspect: v[1].map(|id| SuspectId(id as u16)),
        },
        5 => What::VictimInformed {
            victim,
            decision: EventId(whole(v[1]) as u32),
        },
        6 => What::OrdersConsidered {
            apply: flag(v[0]),
            reason_recorded: flag(v[1]),
            orders,
        },
        7 => What::NoticeIssued {
            notice: pick(v[0], &[NoticeKind::Dvpn, NoticeKind::Dapn]).unwrap_or(NoticeKind::Dvpn),
            suspect: SuspectId(whole(v[1]) as u16),
            authorised_by: rank(v[2]),
            served_at: instant(v[3]),
        },
        8 => What::OrderHearing {
            notice: EventId(first as u32),
        },
        9 => What::Released {
            suspect: SuspectId(first as u16),
            outcome: {
                use ReleaseOutcome::*;
                pick(
                    v[1],
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
                pick(
                    v[0],
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
            place: place(v[1]).unwrap_or(PlaceKind::Other),
        },
        15 => What::DepartedPlaceOfSafety { detention },
        16 => What::Consulted {
            detention,
            with: {
                use Consultee::*;
                pick(
                    v[1],
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
            rank: rank(v[1]),
            imminent_risk: flag(v[2]),
            no_other_place: flag(v[3]),
            healthcare_professional_present: flag(v[4]),
        },
        19 => What::ExtensionAuthorised {
            detention,
            hours: whole(v[1]) as u8,
            by_responsible_doctor: flag(v[2]),
            assessment_impracticable: flag(v[3]),
        },
        20 => What::ExtensionApproved {
            detention,
            rank: rank(v[1]),
        },
        21 => What::ReferredToSuperintendent { detention },
        22 => What::WelfareCheck { detention },
        23 => What::AssessmentCompleted { detention },
        24 => What::DetentionEnded {
            detention,
            outcome: pick(
                v[1],
                &[
                    DetentionOutcome::Released,
                    DetentionOutcome::HeldUnderAnotherPower,
                ],
            )
            .unwrap_or(DetentionOutcome::Released),
        },
        25 => What::SchoolNotified {
            child,
            missing_episode: episode,
        },
        26 => What::LocalAuthorityNotified {
            child,
            missing_episode: episode,
        },
        27 => What::NoSchoolToNotify {
            child,
            missing_episode: episode,
        },
        _ => What::ChildReportedMissing {
            child,
            first_episode: flag(v[1]),
        },
    }
}

/// The four hexadecimal digits at `at` (checked), as a number.
pub(super) fn hex4(raw: &[u8], at: usize) -> u32 {
    raw.iter().skip(at).take(4).fold(0, |unit, digit| {
        let value = match digit {
            b'0'..=b'9' => digit.wrapping_sub(b'0'),
            _ => (digit | 0x20).wrapping_sub(b'a' - 10),
        };
        (unit << 4) | u32::from(value & 0xF)
    })
}

/// Gives the UTF-8 bytes of the code point `c` (a scalar value) to `f`.
fn utf8(c: u32, f: &mut dyn FnMut(u8)) {
    // The lead byte's marker and the number of continuation bytes.
    let (lead, more) = match c {
        0..=0x7F => (0, 0),
        0x80..=0x7FF => (0xC0, 1),
        0x800..=0xFFFF => (0xE0, 2),
        _ => (0xF0, 3),
    };
    f(lead | c.wrapping_shr(6 * more) as u8);
    for n in (0..more).rev() {
        f(0x80 | (c.wrapping_shr(6 * n) & 0x3F) as u8);
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
