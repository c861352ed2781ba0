//! The catalogue's vocabulary: rule ids, rule sets, the sources of law a finding cites and the
//! dated tables that choose them. Findings, policies and the rules all speak it; it depends on
//! nothing above the calendar's dates, so imports run one way (time → calendar → catalogue →
//! case and policy → findings → rules).

use serde::Serialize;

pub(crate) use crate::time::date;
use crate::time::{Date, Instant, uk_instant};

#[macro_use]
mod declare;
mod rules;

pub use declare::{Family, Rule, WarningLead};
pub(crate) use rules::RULE_COUNT;
pub use rules::{CATALOGUE, RuleId};

impl RuleId {
    /// Whether this build of the crate judges the rule: its duty family's cargo feature is on
    /// (all are, by default).
    #[must_use]
    pub const fn is_built(self) -> bool {
        self.family().is_built()
    }

    /// The rule with this id (`"NA-1"`), if any.
    #[must_use]
    pub fn parse(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|rule| rule.as_str() == id)
    }

    /// The rule with this wire code ([`RuleId::code`]), if any.
    #[must_use]
    pub fn from_code(code: u8) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|rule| rule.code() == code)
    }

    /// The rule's catalogue entry.
    #[must_use]
    #[allow(
        clippy::indexing_slicing,
        reason = "the variants are numbered 0.. in declaration order and CATALOGUE has one \
                  entry per variant, both written by the same `rules!` expansion"
    )]
    pub fn rule(self) -> &'static Rule {
        &CATALOGUE[self as usize]
    }
}

impl Serialize for RuleId {
    /// The id (`"S136-2"`) in human-readable formats, the wire code in compact ones.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(self.as_str())
        } else {
            serializer.serialize_u8(self.code())
        }
    }
}

impl<'de> serde::Deserialize<'de> for RuleId {
    /// From the id (`"S136-2"`), or in compact formats from the wire code the `Serialize`
    /// writes; anything else is refused.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = RuleId;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("a rule id of the catalogue, such as \"NA-1\"")
            }
            fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<RuleId, E> {
                RuleId::parse(id).ok_or_else(|| E::unknown_variant(id, &RULE_IDS))
            }
            fn visit_u64<E: serde::de::Error>(self, code: u64) -> Result<RuleId, E> {
                u8::try_from(code)
                    .ok()
                    .and_then(RuleId::from_code)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Unsigned(code), &self))
            }
        }
        if deserializer.is_human_readable() {
            deserializer.deserialize_str(Visitor)
        } else {
            deserializer.deserialize_u8(Visitor)
        }
    }
}

impl core::fmt::Display for RuleId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The ids of the catalogue, in order (what an unknown id is told it could have been).
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: a bad index fails the build, never a run"
)]
static RULE_IDS: [&str; RULE_COUNT] = {
    let mut ids = [""; RULE_COUNT];
    let mut i = 0;
    while i < RULE_COUNT {
        ids[i] = RuleId::ALL[i].as_str();
        i += 1;
    }
    ids
};

/// The catalogue's version: it goes up whenever what the law says a case means changes (a rule
/// added or removed, a deadline, condition, status or reason that changes for a valid case, a
/// new dated entry because the law changed, or a corrected reading). Findings judged under
/// different catalogue versions may differ for the same facts; a system that must explain a
/// past decision records the version it used. Catalogue 1 is the 16 rules of `docs/CATALOGUE.md`
/// (as revised on 2026-12-02). The version travels with every output: the JSON
/// envelope's `catalogue_version` and the findings' wire payload (`docs/WIRE.md`).
pub const CATALOGUE_VERSION: u16 = 1;

/// A set of rules of the catalogue: the duties one evaluation judges ([`crate::Policy::rules`]).
///
/// Held as one bit per rule, the bit numbered by the rule's wire code ([`RuleId::code`]), so it
/// is small, `Copy`, the same on every target, and a stored set keeps its meaning when rules
/// are added: room for 64 rules. In JSON and TOML it is a list of rule ids (`["S136-1",
/// "S136-2"]`; order and repeats do not matter, an unknown id is refused); in postcard it is
/// the bits as one `u64` varint.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleSet(u64);

impl RuleSet {
    /// Every rule this build judges: the whole catalogue with the default features, the rules
    /// of the duty families compiled in otherwise ([`RuleId::is_built`]).
    pub const ALL: RuleSet = {
        let mut set = RuleSet::EMPTY;
        let mut rest: &[RuleId] = &RuleId::ALL;
        while let [rule, tail @ ..] = rest {
            if rule.is_built() {
                set = set.with(*rule);
            }
            rest = tail;
        }
        set
    };
    /// Every rule of the catalogue, whether or not this build judges it.
    pub const CATALOGUE: RuleSet = {
        let mut set = RuleSet::EMPTY;
        let mut rest: &[RuleId] = &RuleId::ALL;
        while let [rule, tail @ ..] = rest {
            set = set.with(*rule);
            rest = tail;
        }
        set
    };
    /// No rule.
    pub const EMPTY: RuleSet = RuleSet(0);

    /// The rules of one duty family.
    #[must_use]
    pub const fn family(family: Family) -> RuleSet {
        let mut set = RuleSet::EMPTY;
        let mut rest: &[RuleId] = &RuleId::ALL;
        while let [rule, tail @ ..] = rest {
            if rule.family() as u8 == family as u8 {
                set = set.with(*rule);
            }
            rest = tail;
        }
        set
    }

    /// This set with `rule` added.
    #[must_use]
    pub const fn with(self, rule: RuleId) -> RuleSet {
        RuleSet(self.0 | 1 << rule.code())
    }

    /// Whether the set holds `rule`.
    #[must_use]
    pub const fn contains(self, rule: RuleId) -> bool {
        self.0 & 1 << rule.code() != 0
    }

    /// Whether the two sets share a rule.
    #[must_use]
    pub const fn intersects(self, other: RuleSet) -> bool {
        self.0 & other.0 != 0
    }

    /// The rules of `self` that `other` lacks.
    #[must_use]
    pub const fn without(self, other: RuleSet) -> RuleSet {
        RuleSet(self.0 & !other.0)
    }

    /// Whether the set holds no rule.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The rules of the set, in catalogue order.
    pub fn iter(self) -> impl Iterator<Item = RuleId> {
        RuleId::ALL
            .into_iter()
            .filter(move |&rule| self.contains(rule))
    }
}

impl Default for RuleSet {
    /// Every rule.
    fn default() -> Self {
        RuleSet::ALL
    }
}

impl FromIterator<RuleId> for RuleSet {
    fn from_iter<I: IntoIterator<Item = RuleId>>(rules: I) -> Self {
        rules.into_iter().fold(RuleSet::EMPTY, RuleSet::with)
    }
}

impl core::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for RuleSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_seq(self.iter())
        } else {
            serializer.serialize_u64(self.0)
        }
    }
}

impl<'de> serde::Deserialize<'de> for RuleSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RuleSet;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("a list of rule ids such as [\"NA-1\", \"S136-1\"]")
            }
            fn visit_u64<E: serde::de::Error>(self, bits: u64) -> Result<RuleSet, E> {
                if RuleSet(bits).without(RuleSet::CATALOGUE).is_empty() {
                    Ok(RuleSet(bits))
                } else {
                    Err(E::custom("a rule set naming a rule the catalogue lacks"))
                }
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RuleSet, A::Error> {
                let mut set = RuleSet::EMPTY;
                while let Some(rule) = seq.next_element::<RuleId>()? {
                    set = set.with(rule);
                }
                Ok(set)
            }
        }
        if deserializer.is_human_readable() {
            deserializer.deserialize_seq(Visitor)
        } else {
            deserializer.deserialize_u64(Visitor)
        }
    }
}

/// A provision of law or guidance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Source {
    /// The instrument (act, regulations, code, scheme or force policy).
    pub instrument: &'static str,
    /// The provision (section, regulation, right, paragraph).
    pub provision: &'static str,
    /// The date the provision took effect.
    pub in_force: Date,
}

/// A value in force from a date (inclusive) until the next entry of its table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Dated<T: 'static> {
    /// The first UK civil date the value applies to.
    pub from: Date,
    /// The value.
    pub value: T,
    /// The first instant of `from` (00:00 UK civil time), worked out when the table is built,
    /// so that choosing an entry for an instant needs no date conversion.
    #[serde(skip)]
    starts: Instant,
}

impl<T> Dated<T> {
    /// `value`, in force from the UK civil date `from`.
    #[must_use]
    pub const fn new(from: Date, value: T) -> Self {
        Dated {
            from,
            value,
            starts: uk_instant(from, 0),
        }
    }

    /// The first instant the value is in force (00:00 UK civil time on `from`).
    #[must_use]
    pub const fn starts(&self) -> Instant {
        self.starts
    }
}

/// The entry of a table in force at `at`, or its first entry for an instant before it: for a
/// rule whose start is policy data (a force may start a scheme earlier than the table's first
/// date), which the caller has already checked.
pub(crate) fn in_force_or_first<T>(table: &'static [Dated<T>], at: Instant) -> Option<&'static T> {
    in_force_at(table, at).or_else(|| table.first().map(|entry| &entry.value))
}

/// The entry of a table (sorted by `from`) in force on `date`; `None` before the first.
#[cfg(test)]
#[must_use]
pub(crate) fn in_force<T>(table: &'static [Dated<T>], date: Date) -> Option<&'static T> {
    latest(table, |entry| entry.from <= date)
}

/// The entry of a table in force at the instant `at`: [`in_force`] on `at`'s UK civil date,
/// found by comparing instants. A civil date is on or after `from` exactly when the instant
/// is on or after `from`'s midnight, which exists once on every date (the clocks change at
/// 01:00 and 02:00).
#[must_use]
pub(crate) fn in_force_at<T>(table: &'static [Dated<T>], at: Instant) -> Option<&'static T> {
    latest(table, |entry| entry.starts <= at)
}

/// The value of the last entry of a sorted table that has started, by `started`.
fn latest<T>(
    table: &'static [Dated<T>],
    started: impl Fn(&Dated<T>) -> bool,
) -> Option<&'static T> {
    table
        .iter()
        .rev()
        .find(|entry| started(entry))
        .map(|entry| &entry.value)
}

/// A source in force from its own date.
pub(crate) const fn source(
    instrument: &'static str,
    provision: &'static str,
    in_force: Date,
) -> Dated<Source> {
    Dated::new(
        in_force,
        Source {
            instrument,
            provision,
            in_force,
        },
    )
}
