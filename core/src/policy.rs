//! Force policy: every local choice the catalogue leaves to a force, as data with documented
//! defaults (`docs/CATALOGUE.md` §1.4).
//!
//! A policy file may give any subset of the fields; the rest take the defaults listed on each
//! field. `Policy::default()` is the national baseline with no local options switched on.

use serde::{Deserialize, Serialize};

use crate::calendar::{CalendarConfig, DateRange};
use crate::catalogue::{RULE_COUNT, RuleId, RuleSet, date};
use crate::error::{Collection, PolicyError};
use crate::list::List;
use crate::time::Date;

use crate::capacity::{MAX_EXTRA_BANK_HOLIDAYS, MAX_SCHOOL_CLOSURES};

/// A force's local choices.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// NA-1: working days after the report by which a needs assessment is due. Default 2.
    pub needs_assessment_working_days: u16,
    /// NA-2: working days after the report by which an agreed referral is due. Default 2.
    pub referral_working_days: u16,
    /// VU-1: working days after the report by which a care contract is due. Default: not
    /// set, so VU-1 follows NA-1's period (`needs_assessment_working_days`), as `docs/CATALOGUE.md` says.
    pub care_contract_working_days: Option<u16>,
    /// VU-3: working days after a key decision by which an enhanced-rights victim is told.
    /// Default 1.
    pub key_decision_working_days_enhanced: u16,
    /// VU-3: the same for every other victim. Default 5.
    pub key_decision_working_days_standard: u16,
    /// VU-2: a force default update plan for victims with no care contract. Default: none
    /// (the 2020 Code is victim-led and sets no interval).
    pub default_update_plan: Option<UpdatePlan>,
    /// PO-1: elapsed hours after the report by which protective orders are considered.
    /// Default 24.
    pub order_consideration_hours: u32,
    /// PO-1, PO-2: the force's place in the domestic abuse protection notice pilot. Default:
    /// not a pilot area.
    pub dapn_pilot: Option<DapnPilot>,
    /// S136-2: elapsed hours from the clock start after which an incomplete assessment is
    /// escalated to a superintendent. Default 24.
    pub s136_escalation_hours: u32,
    /// S136-2: minutes of grace after the escalation point before the referral is late.
    /// Default 0.
    pub s136_escalation_grace_minutes: u32,
    /// Warning leads, per rule: how long before a deadline an open duty becomes `DueSoon`.
    pub warning_lead_minutes: WarningLeads,
    /// OE-1, OE-2: when the school day starts, in minutes after UK civil midnight.
    /// Default 510 (08:30).
    pub school_day_start_minutes: u16,
    /// OE-1, OE-2: dates on which schools are closed (inclusive ranges). Default: none.
    pub school_closures: List<DateRange, MAX_SCHOOL_CLOSURES>,
    /// Bank holidays beyond the built-in table (a one-off proclaimed day). Default: none.
    pub extra_bank_holidays: List<Date, MAX_EXTRA_BANK_HOLIDAYS>,
    /// OE-2: whether the force notifies schools when a child is reported missing.
    /// Default: off.
    pub missing_child_notification: MissingChildNotification,
    /// Report rules that do not apply to a case as `NotApplicable` findings. Default: off.
    pub report_not_applicable: bool,
    /// The rules to evaluate. Default: every rule of the catalogue. A system that answers for
    /// only some duties (a custody system: the S136 rules) names them here; the other rules
    /// give no findings at all (not even `NotApplicable`) and cost nothing. At least one rule.
    pub rules: RuleSet,
    /// NA, VU: the first UK civil date of the 2015 Victims' Code. Crimes reported earlier give
    /// no Victims' Code finding. Default 2015-11-16 (`docs/CATALOGUE.md` marks it "to verify").
    pub victims_code_2015_from: Date,
    /// OE-1: the first UK civil date of the force's Operation Encompass scheme. Incidents
    /// anchored earlier give no scheme finding. Default 2011-02-01, the Plymouth launch (a
    /// force such as Hertfordshire, whose notifications began in December 2019, sets its own).
    /// The statutory duty from 2025-11-07 is the law, not a setting.
    pub encompass_scheme_from: Date,
    /// OE-2: the first UK civil date of the force's missing-child school notification.
    /// Default 2021-04-26, Hertfordshire's launch.
    pub missing_child_notification_from: Date,
}

impl Default for Policy {
    fn default() -> Self {
        Policy::DEFAULT
    }
}

impl Policy {
    /// The defaults, as [`Policy::default`], but usable in a `const` or `static` (a device's
    /// buffer for [`crate::decode_policy_into`]).
    pub const DEFAULT: Policy = Policy {
        needs_assessment_working_days: 2,
        referral_working_days: 2,
        care_contract_working_days: None,
        key_decision_working_days_enhanced: 1,
        key_decision_working_days_standard: 5,
        default_update_plan: None,
        order_consideration_hours: 24,
        dapn_pilot: None,
        s136_escalation_hours: 24,
        s136_escalation_grace_minutes: 0,
        warning_lead_minutes: WarningLeads::DEFAULT,
        school_day_start_minutes: 8 * 60 + 30,
        school_closures: List::new(),
        extra_bank_holidays: List::new(),
        missing_child_notification: MissingChildNotification::Off,
        report_not_applicable: false,
        rules: RuleSet::ALL,
        victims_code_2015_from: DEFAULT_VICTIMS_CODE_2015_FROM,
        encompass_scheme_from: DEFAULT_ENCOMPASS_SCHEME_FROM,
        missing_child_notification_from: DEFAULT_MISSING_CHILD_NOTIFICATION_FROM,
    };

    /// VU-1's period in working days: its own where set, otherwise NA-1's.
    #[must_use]
    pub const fn care_contract_days(&self) -> u16 {
        match self.care_contract_working_days {
            Some(days) => days,
            None => self.needs_assessment_working_days,
        }
    }
}

/// The 2015 Victims' Code's default start (policy `victims_code_2015_from`).
pub(crate) const DEFAULT_VICTIMS_CODE_2015_FROM: Date = date(2015, 11, 16);
/// Operation Encompass's default start (policy `encompass_scheme_from`).
pub(crate) const DEFAULT_ENCOMPASS_SCHEME_FROM: Date = date(2011, 2, 1);
/// OE-2's default start (policy `missing_child_notification_from`).
pub(crate) const DEFAULT_MISSING_CHILD_NOTIFICATION_FROM: Date = date(2021, 4, 26);

/// Working-day periods are limited to a year's worth, hour periods to a year.
const MAX_WORKING_DAYS: u16 = 260;
const MAX_HOURS: u32 = 24 * 366;

/// A policy that passed [`Policy::check`]: what [`crate::evaluate`] and
/// [`crate::evaluate_into`] take, so that they never check it again.
///
/// It borrows the policy it vouches for, so the policy cannot change while it is held: a
/// caller checks once and evaluates any number of cases with it. Borrowing rather than owning
/// lets a device keep its one policy in a static (decoded in place with
/// [`crate::decode_policy_into`]) with no second copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckedPolicy<'a>(&'a Policy);

impl<'a> CheckedPolicy<'a> {
    /// The policy.
    #[must_use]
    pub const fn policy(self) -> &'a Policy {
        self.0
    }
}

impl<'a> TryFrom<&'a Policy> for CheckedPolicy<'a> {
    type Error = PolicyError;
    fn try_from(policy: &'a Policy) -> Result<CheckedPolicy<'a>, PolicyError> {
        policy.check()
    }
}

impl Policy {
    /// Checks capacities and ranges, and gives the checked form the evaluation takes.
    pub fn check(&self) -> Result<CheckedPolicy<'_>, PolicyError> {
        if self.school_closures.overflowed() {
            return Err(PolicyError::CapacityExceeded {
                collection: Collection::SchoolClosures,
                limit: MAX_SCHOOL_CLOSURES,
                given: self.school_closures.given(),
            });
        }
        if self.extra_bank_holidays.overflowed() {
            return Err(PolicyError::CapacityExceeded {
                collection: Collection::ExtraBankHolidays,
                limit: MAX_EXTRA_BANK_HOLIDAYS,
                given: self.extra_bank_holidays.given(),
            });
        }
        if self.rules.is_empty() {
            return Err(PolicyError::OutOfRange {
                field: "rules",
                allowed: "at least one rule",
            });
        }
        if !self.rules.without(RuleSet::ALL).is_empty() {
            // A rule this build cannot judge is refused, never silently given no finding.
            return Err(PolicyError::OutOfRange {
                field: "rules",
                allowed: "rules of the duty families this build of the core judges",
            });
        }
        // The common case, every period in range, costs a few comparisons; the named lists
        // below are built only to say which field is out of range.
        let longest_days = self
            .needs_assessment_working_days
            .max(self.referral_working_days)
            .max(self.care_contract_days())
            .max(self.key_decision_working_days_enhanced)
            .max(self.key_decision_working_days_standard);
        let longest_hours = self
            .order_consideration_hours
            .max(self.s136_escalation_hours)
            .max(self.s136_escalation_grace_minutes / 60);
        if longest_days > MAX_WORKING_DAYS || longest_hours > MAX_HOURS {
            self.name_the_long_period()?;
        }
        if self.warning_lead_minutes.largest() > MAX_HOURS * 60 {
            return Err(PolicyError::OutOfRange {
                field: "warning_lead_minutes",
                allowed: "at most a year",
            });
        }
        if self.school_day_start_minutes >= 24 * 60 {
            return Err(PolicyError::OutOfRange {
                field: "school_day_start_minutes",
                allowed: "less than 1440 (minutes after midnight)",
            });
        }
        if let Some(plan) = &self.default_update_plan {
            for cadence in [plan.standard, plan.enhanced] {
                if cadence.first_within_hours == 0
                    || cadence.first_within_hours > MAX_HOURS
                    || cadence.then_every_days == 0
                    || cadence.second_within_days == Some(0)
                {
                    return Err(PolicyError::OutOfRange {
                        field: "default_update_plan",
                        allowed: "positive intervals of at most a year",
                    });
                }
            }
        }
        Ok(CheckedPolicy(self))
    }

    /// The error for the first working-day or hour period that is out of range.
    fn name_the_long_period(&self) -> Result<(), PolicyError> {
        let days = [
            (
                "needs_assessment_working_days",
                self.needs_assessment_working_days,
            ),
            ("referral_working_days", self.referral_working_days),
            ("care_contract_working_days", self.care_contract_days()),
            (
                "key_decision_working_days_enhanced",
                self.key_decision_working_days_enhanced,
            ),
            (
                "key_decision_working_days_standard",
                self.key_decision_working_days_standard,
            ),
        ];
        for (field, value) in days {
            if value > MAX_WORKING_DAYS {
                return Err(PolicyError::OutOfRange {
                    field,
                    allowed: "at most 260 working days",
                });
            }
        }
        let hours = [
            ("order_consideration_hours", self.order_consideration_hours),
            ("s136_escalation_hours", self.s136_escalation_hours),
            (
                "s136_escalation_grace_minutes",
                self.s136_escalation_grace_minutes / 60,
            ),
        ];
        for (field, value) in hours {
            if value > MAX_HOURS {
                return Err(PolicyError::OutOfRange {
                    field,
                    allowed: "at most a year",
                });
            }
        }
        Ok(())
    }

    /// The calendar settings the rules count school and working days with.
    #[must_use]
    pub fn calendar(&self) -> CalendarConfig<'_> {
        CalendarConfig {
            extra_bank_holidays: &self.extra_bank_holidays,
            school_closures: &self.school_closures,
            school_day_start: u32::from(self.school_day_start_minutes) * 60,
        }
    }
}

/// A force-configured update plan for victims without a care contract (VU-2).
///
/// Hertfordshire's older published standard is a worked example: standard service first update
/// within 5 days then every 28 days (`first_within_hours = 120`, `then_every_days = 28`);
/// enhanced within 24 hours, then 10 days, then every 28 days (`first_within_hours = 24`,
/// `second_within_days = 10`, `then_every_days = 28`).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdatePlan {
    /// For victims without enhanced rights.
    pub standard: Cadence,
    /// For victims with enhanced rights.
    pub enhanced: Cadence,
}

/// When updates fall due under a force plan, counted from the report.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cadence {
    /// The first update is due this many elapsed hours after the report.
    pub first_within_hours: u32,
    /// The second update, if set, is due this many elapsed days after the first.
    #[serde(default)]
    pub second_within_days: Option<u16>,
    /// Then one update in every interval of this many days.
    pub then_every_days: u16,
}

/// The areas of the domestic abuse protection notice pilot (Domestic Abuse Act 2021 Part 3).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PilotArea {
    /// Greater Manchester Police, from 2024-11-27.
    GreaterManchester,
    /// The Metropolitan Police in Croydon, Bromley and Sutton, from 2024-11-27.
    MetropolitanCroydonBromleySutton,
    /// British Transport Police, from 2024-11-27.
    BritishTransportPolice,
    /// Cleveland, from 2025-03-11.
    Cleveland,
    /// North Wales, from 2025-04-28.
    NorthWales,
}

impl PilotArea {
    /// The date the pilot started in this area.
    #[must_use]
    pub const fn default_start(self) -> Date {
        const FIRST_WAVE: Date = date(2024, 11, 27);
        const CLEVELAND: Date = date(2025, 3, 11);
        const NORTH_WALES: Date = date(2025, 4, 28);
        match self {
            PilotArea::GreaterManchester
            | PilotArea::MetropolitanCroydonBromleySutton
            | PilotArea::BritishTransportPolice => FIRST_WAVE,
            PilotArea::Cleveland => CLEVELAND,
            PilotArea::NorthWales => NORTH_WALES,
        }
    }
}

/// The pilot's last day, as announced (a date to verify; override it in policy).
pub(crate) const DEFAULT_PILOT_END: Date = date(2026, 3, 31);

/// A force's membership of the DAPN pilot.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DapnPilot {
    /// The pilot area.
    pub area: PilotArea,
    /// First day of the pilot here; default: the area's announced start.
    #[serde(default)]
    pub first_day: Option<Date>,
    /// Last day of the pilot; default: 2026-03-31, the end announced (a date to verify).
    #[serde(default)]
    pub last_day: Option<Date>,
}

impl DapnPilot {
    /// Whether DAPNs and DAPOs are open to the force on `date` (UK civil date).
    #[must_use]
    pub fn covers(&self, date: Date) -> bool {
        let first = self.first_day.unwrap_or(self.area.default_start());
        let last = self.last_day.unwrap_or(DEFAULT_PILOT_END);
        first <= date && date <= last
    }
}

/// Whether and when the force tells a school that a child was reported missing (OE-2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MissingChildNotification {
    /// Not run (the default).
    #[default]
    Off,
    /// Only for the child's first missing episode (Hertfordshire's description).
    FirstEpisode,
    /// For every episode: the mode when the option is simply switched on (`"on"`), which is how
    /// Hertfordshire's launch described it.
    #[serde(alias = "on")]
    EveryEpisode,
}

/// Warning leads in minutes, keyed by rule: how long before a deadline an open duty becomes
/// `DueSoon`. Every rule with a deadline has a key, declared with the rule in the catalogue
/// ([`crate::catalogue::WarningLead`]: `na_1`, `vu_2`, `s136_2`, ...) and a default there (0, no
/// `DueSoon`, for all but S136-2, 240: 4 hours). A rule's timeliness looks up its own lead.
///
/// In JSON and TOML it is an object of those keys (any subset; an unknown key, or one given
/// twice, is refused); in postcard a list of (rule wire code, minutes) pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WarningLeads([u32; RULE_COUNT]);

impl Default for WarningLeads {
    fn default() -> Self {
        WarningLeads::DEFAULT
    }
}

/// The rules that have a warning lead, worked out at compile time: the checks a decoder runs
/// test this set rather than calling [`RuleId::warning_lead`], which would link every rule's
/// key text into a device's image.
const WITH_LEAD: RuleSet = {
    let mut set = RuleSet::EMPTY;
    let mut rest: &[RuleId] = &RuleId::ALL;
    while let [rule, tail @ ..] = rest {
        if rule.warning_lead().is_some() {
            set = set.with(*rule);
        }
        rest = tail;
    }
    set
};

/// How many rules have a warning lead.
const LEAD_COUNT: usize = {
    let mut count = 0;
    let mut rest: &[RuleId] = &RuleId::ALL;
    while let [rule, tail @ ..] = rest {
        if rule.warning_lead().is_some() {
            count += 1;
        }
        rest = tail;
    }
    count
};

/// The warning-lead keys, in catalogue order (what an unknown key is told it could have been).
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: a bad index fails the build, never a run"
)]
static LEAD_KEYS: [&str; LEAD_COUNT] = {
    let mut keys = [""; LEAD_COUNT];
    let mut n = 0;
    let mut i = 0;
    while i < RULE_COUNT {
        if let Some(lead) = RuleId::ALL[i].warning_lead() {
            keys[n] = lead.key;
            n += 1;
        }
        i += 1;
    }
    keys
};

impl WarningLeads {
    /// The catalogue's defaults, usable in a `const`.
    #[allow(
        clippy::indexing_slicing,
        reason = "evaluated at compile time: a bad index fails the build, never a run"
    )]
    pub const DEFAULT: WarningLeads = {
        let mut minutes = [0; RULE_COUNT];
        let mut i = 0;
        while i < RULE_COUNT {
            if let Some(lead) = RuleId::ALL[i].warning_lead() {
                minutes[i] = lead.default_minutes;
            }
            i += 1;
        }
        WarningLeads(minutes)
    };

    /// The lead for `rule`, in minutes (0 for a rule with no deadline).
    #[must_use]
    pub fn get(&self, rule: RuleId) -> u32 {
        self.0.get(rule as usize).copied().unwrap_or(0)
    }

    /// Sets the lead for `rule`; refused for a rule with no deadline, which has no lead.
    pub fn set(&mut self, rule: RuleId, minutes: u32) -> Result<(), PolicyError> {
        match (WITH_LEAD.contains(rule), self.0.get_mut(rule as usize)) {
            (true, Some(slot)) => {
                *slot = minutes;
                Ok(())
            }
            _ => Err(PolicyError::OutOfRange {
                field: "warning_lead_minutes",
                allowed: "leads only for rules with a deadline",
            }),
        }
    }

    fn largest(&self) -> u32 {
        self.0.iter().copied().max().unwrap_or(0)
    }

    /// The rule whose lead `key` names.
    pub(crate) fn rule_of(key: &str) -> Option<RuleId> {
        RuleId::ALL
            .into_iter()
            .find(|rule| rule.warning_lead().is_some_and(|lead| lead.key == key))
    }

    /// The rules with a lead and their minutes, in catalogue order.
    fn leads(&self) -> impl Iterator<Item = (RuleId, &'static str, u32)> + '_ {
        RuleId::ALL.into_iter().filter_map(|rule| {
            rule.warning_lead()
                .map(|lead| (rule, lead.key, self.get(rule)))
        })
    }
}

impl Serialize for WarningLeads {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        if serializer.is_human_readable() {
            let mut map = serializer.serialize_map(Some(LEAD_COUNT))?;
            for (_, key, minutes) in self.leads() {
                map.serialize_entry(key, &minutes)?;
            }
            map.end()
        } else {
            let mut seq = serializer.serialize_seq(Some(LEAD_COUNT))?;
            for (rule, _, minutes) in self.leads() {
                seq.serialize_element(&(rule.code(), minutes))?;
            }
            seq.end()
        }
    }
}

impl<'de> Deserialize<'de> for WarningLeads {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// A key of the object, read as the rule it names.
        struct Key(RuleId);
        impl<'de> Deserialize<'de> for Key {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct KeyVisitor;
                impl serde::de::Visitor<'_> for KeyVisitor {
                    type Value = Key;
                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.write_str("a warning-lead key such as \"s136_2\"")
                    }
                    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
                        WarningLeads::rule_of(key)
                            .map(Key)
                            .ok_or_else(|| E::unknown_field(key, &LEAD_KEYS))
                    }
                }
                d.deserialize_identifier(KeyVisitor)
            }
        }
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = WarningLeads;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("warning leads in minutes, keyed by rule (\"s136_2\")")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<WarningLeads, A::Error> {
                let mut leads = WarningLeads::DEFAULT;
                let mut seen = RuleSet::EMPTY;
                while let Some(Key(rule)) = map.next_key()? {
                    if seen.contains(rule) {
                        let key = rule.warning_lead().map_or("", |lead| lead.key);
                        return Err(serde::de::Error::duplicate_field(key));
                    }
                    seen = seen.with(rule);
                    let minutes = map.next_value()?;
                    leads.set(rule, minutes).map_err(serde::de::Error::custom)?;
                }
                Ok(leads)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<WarningLeads, A::Error> {
                let mut leads = WarningLeads::DEFAULT;
                let mut seen = RuleSet::EMPTY;
                while let Some((code, minutes)) = seq.next_element::<(u8, u32)>()? {
                    let rule = RuleId::from_code(code)
                        .filter(|rule| WITH_LEAD.contains(*rule) && !seen.contains(*rule))
                        .ok_or_else(|| {
                            serde::de::Error::invalid_value(
                                serde::de::Unexpected::Unsigned(code.into()),
                                &"the wire code of a rule with a warning lead, once",
                            )
                        })?;
                    seen = seen.with(rule);
                    leads.set(rule, minutes).map_err(serde::de::Error::custom)?;
                }
                Ok(leads)
            }
        }
        if deserializer.is_human_readable() {
            deserializer.deserialize_map(Visitor)
        } else {
            deserializer.deserialize_seq(Visitor)
        }
    }
}
