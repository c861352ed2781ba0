//! The catalogue's vocabulary: rule ids, rule sets, the sources of law a finding cites and the
//! dated tables that choose them. Findings, policies and the rules all speak it; it depends on
//! nothing above the calendar's dates, so imports run one way (time → calendar → catalogue →
//! case and policy → findings → rules).

use serde::Serialize;

use crate::time::{Date, Instant, uk_instant};

/// A rule's stable identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum RuleId {
    /// NA-1 needs-assessment.
    #[serde(rename = "NA-1")]
    Na1,
    /// NA-2 support-referral.
    #[serde(rename = "NA-2")]
    Na2,
    /// VU-1 care-contract.
    #[serde(rename = "VU-1")]
    Vu1,
    /// VU-2 contract-updates.
    #[serde(rename = "VU-2")]
    Vu2,
    /// VU-3 key-decision-notice.
    #[serde(rename = "VU-3")]
    Vu3,
    /// PO-1 order-considered.
    #[serde(rename = "PO-1")]
    Po1,
    /// PO-2 notice-authority.
    #[serde(rename = "PO-2")]
    Po2,
    /// PO-3 order-hearing-48h.
    #[serde(rename = "PO-3")]
    Po3,
    /// PO-4 withdrawal-and-elp.
    #[serde(rename = "PO-4")]
    Po4,
    /// S136-1 permitted-period.
    #[serde(rename = "S136-1")]
    S136_1,
    /// S136-2 superintendent-escalation.
    #[serde(rename = "S136-2")]
    S136_2,
    /// S136-3 place-of-safety.
    #[serde(rename = "S136-3")]
    S136_3,
    /// S136-4 prior-consultation.
    #[serde(rename = "S136-4")]
    S136_4,
    /// S136-5 welfare-checks.
    #[serde(rename = "S136-5")]
    S136_5,
    /// OE-1 school-notification.
    #[serde(rename = "OE-1")]
    Oe1,
    /// OE-2 missing-child-notification.
    #[serde(rename = "OE-2")]
    Oe2,
}

/// How many rules the catalogue holds.
pub const RULE_COUNT: usize = 16;

impl RuleId {
    /// Every rule, in catalogue order.
    pub const ALL: [RuleId; RULE_COUNT] = [
        RuleId::Na1,
        RuleId::Na2,
        RuleId::Vu1,
        RuleId::Vu2,
        RuleId::Vu3,
        RuleId::Po1,
        RuleId::Po2,
        RuleId::Po3,
        RuleId::Po4,
        RuleId::S136_1,
        RuleId::S136_2,
        RuleId::S136_3,
        RuleId::S136_4,
        RuleId::S136_5,
        RuleId::Oe1,
        RuleId::Oe2,
    ];

    /// The id as RULES.md writes it (`S136-2`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            RuleId::Na1 => "NA-1",
            RuleId::Na2 => "NA-2",
            RuleId::Vu1 => "VU-1",
            RuleId::Vu2 => "VU-2",
            RuleId::Vu3 => "VU-3",
            RuleId::Po1 => "PO-1",
            RuleId::Po2 => "PO-2",
            RuleId::Po3 => "PO-3",
            RuleId::Po4 => "PO-4",
            RuleId::S136_1 => "S136-1",
            RuleId::S136_2 => "S136-2",
            RuleId::S136_3 => "S136-3",
            RuleId::S136_4 => "S136-4",
            RuleId::S136_5 => "S136-5",
            RuleId::Oe1 => "OE-1",
            RuleId::Oe2 => "OE-2",
        }
    }

    /// Whether this build of the crate judges the rule: its duty family's cargo feature is on
    /// (all are, by default).
    #[must_use]
    pub const fn is_built(self) -> bool {
        match self {
            RuleId::Na1 | RuleId::Na2 => cfg!(feature = "needs-assessment"),
            RuleId::Vu1 | RuleId::Vu2 | RuleId::Vu3 => cfg!(feature = "victim-updates"),
            RuleId::Po1 | RuleId::Po2 | RuleId::Po3 | RuleId::Po4 => {
                cfg!(feature = "protective-orders")
            }
            RuleId::S136_1 | RuleId::S136_2 | RuleId::S136_3 | RuleId::S136_4 | RuleId::S136_5 => {
                cfg!(feature = "s136")
            }
            RuleId::Oe1 | RuleId::Oe2 => cfg!(feature = "encompass"),
        }
    }

    /// The rule with this id (`"NA-1"`), if any.
    #[must_use]
    pub fn parse(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|rule| rule.as_str() == id)
    }
}

impl<'de> serde::Deserialize<'de> for RuleId {
    /// From the id as RULES.md writes it (`"S136-2"`), or in compact formats from the index
    /// the derived `Serialize` writes; anything else is refused.
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
            // Compact formats write the variant's index, as the derived `Serialize` does.
            fn visit_u32<E: serde::de::Error>(self, index: u32) -> Result<RuleId, E> {
                RuleId::ALL.get(index as usize).copied().ok_or_else(|| {
                    E::invalid_value(serde::de::Unexpected::Unsigned(index.into()), &self)
                })
            }
        }
        if deserializer.is_human_readable() {
            deserializer.deserialize_str(Visitor)
        } else {
            deserializer.deserialize_u32(Visitor)
        }
    }
}

impl core::fmt::Display for RuleId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of rules of the catalogue: the duties one evaluation judges ([`crate::Policy::rules`]).
///
/// Held as one bit per rule, so it is small, `Copy`, and the same on every target. In JSON and
/// TOML it is a list of rule ids (`["S136-1", "S136-2"]`; order and repeats do not matter,
/// an unknown id is refused); in postcard it is the bits as one `u16`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleSet(u16);

// One bit per rule: the catalogue must fit in a `u16`.
const _: () = assert!(RULE_COUNT <= 16);

impl RuleSet {
    /// Every rule this build judges: the whole catalogue with the default features, the rules
    /// of the duty families compiled in otherwise ([`RuleId::is_built`]).
    #[allow(
        clippy::indexing_slicing,
        reason = "evaluated at compile time: a bad index fails the build, never a run"
    )]
    pub const ALL: RuleSet = {
        let mut set = RuleSet::EMPTY;
        let mut i = 0;
        while i < RULE_COUNT {
            let rule = RuleId::ALL[i];
            if rule.is_built() {
                set = set.with(rule);
            }
            i += 1;
        }
        set
    };
    /// Every rule of the catalogue, whether or not this build judges it.
    pub const CATALOGUE: RuleSet = RuleSet(((1u32 << RULE_COUNT) - 1) as u16);
    /// No rule.
    pub const EMPTY: RuleSet = RuleSet(0);

    /// This set with `rule` added.
    #[must_use]
    pub const fn with(self, rule: RuleId) -> RuleSet {
        RuleSet(self.0 | 1 << rule as u16)
    }

    /// Whether the set holds `rule`.
    #[must_use]
    pub const fn contains(self, rule: RuleId) -> bool {
        self.0 & 1 << rule as u16 != 0
    }

    /// Whether the set holds any of `rules`.
    #[must_use]
    pub fn contains_any(self, rules: &[RuleId]) -> bool {
        rules.iter().any(|&rule| self.contains(rule))
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
            serializer.serialize_u16(self.0)
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
            fn visit_u16<E: serde::de::Error>(self, bits: u16) -> Result<RuleSet, E> {
                if u32::from(bits) >> RULE_COUNT == 0 {
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
            deserializer.deserialize_u16(Visitor)
        }
    }
}

/// A provision of law or guidance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
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
#[must_use]
pub fn in_force<T>(table: &'static [Dated<T>], date: Date) -> Option<&'static T> {
    latest(table, |entry| entry.from <= date)
}

/// The entry of a table in force at the instant `at`: [`in_force`] on `at`'s UK civil date,
/// found by comparing instants. A civil date is on or after `from` exactly when the instant
/// is on or after `from`'s midnight, which exists once on every date (the clocks change at
/// 01:00 and 02:00).
#[must_use]
pub fn in_force_at<T>(table: &'static [Dated<T>], at: Instant) -> Option<&'static T> {
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

/// A date written in the source, for the tables. It is meant for constants and statics: an
/// impossible date fails the build there, never a run.
#[allow(
    clippy::panic,
    reason = "evaluated at compile time: a bad literal fails the build"
)]
pub(crate) const fn date(year: i32, month: u8, day: u8) -> Date {
    match Date::new(year, month, day) {
        Some(date) => date,
        None => panic!("a date literal that is not a real date"),
    }
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

/// One rule of the catalogue.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Rule {
    /// The stable id (`NA-1`).
    pub id: &'static str,
    /// A short title (`needs-assessment`).
    pub title: &'static str,
    /// The duty in one plain sentence.
    pub duty: &'static str,
    /// The sources the rule cites, each with the date it took effect; a finding cites the one
    /// in force on its triggering event's date.
    pub sources: &'static [Dated<Source>],
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
