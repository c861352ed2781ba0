//! Force policy: every local choice RULES.md leaves to a force, as data with documented
//! defaults (RULES.md §1.4).
//!
//! A policy file may give any subset of the fields; the rest take the defaults listed on each
//! field. `Policy::default()` is the national baseline with no local options switched on.

use serde::{Deserialize, Serialize};

use crate::calendar::{CalendarConfig, DateRange};
use crate::catalogue::{RuleSet, date};
use crate::error::{Collection, PolicyError};
use crate::list::List;
use crate::time::Date;

pub use crate::capacity::{MAX_EXTRA_BANK_HOLIDAYS, MAX_SCHOOL_CLOSURES};

/// A force's local choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// NA-1: working days after the report by which a needs assessment is due. Default 2.
    pub needs_assessment_working_days: u16,
    /// NA-2: working days after the report by which an agreed referral is due. Default 2.
    pub referral_working_days: u16,
    /// VU-1: working days after the report by which a care contract is due. Default: not
    /// set, so VU-1 follows NA-1's period (`needs_assessment_working_days`), as RULES.md says.
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
    /// no Victims' Code finding. Default 2015-11-16 (RULES.md marks it "verify").
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
pub const DEFAULT_VICTIMS_CODE_2015_FROM: Date = date(2015, 11, 16);
/// Operation Encompass's default start (policy `encompass_scheme_from`).
pub const DEFAULT_ENCOMPASS_SCHEME_FROM: Date = date(2011, 2, 1);
/// OE-2's default start (policy `missing_child_notification_from`).
pub const DEFAULT_MISSING_CHILD_NOTIFICATION_FROM: Date = date(2021, 4, 26);

/// Working-day periods are limited to a year's worth, hour periods to a year.
const MAX_WORKING_DAYS: u16 = 260;
const MAX_HOURS: u32 = 24 * 366;

impl Policy {
    /// Checks capacities and ranges. [`crate::evaluate`] calls this; a caller holding a
    /// policy for many evaluations may call it once up front.
    pub fn check(&self) -> Result<(), PolicyError> {
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
        Ok(())
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdatePlan {
    /// For victims without enhanced rights.
    pub standard: Cadence,
    /// For victims with enhanced rights.
    pub enhanced: Cadence,
}

/// When updates fall due under a force plan, counted from the report.
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

/// The pilot's last day, as announced (RULES.md marks it "verify"; override it in policy).
pub const DEFAULT_PILOT_END: Date = date(2026, 3, 31);

/// A force's membership of the DAPN pilot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DapnPilot {
    /// The pilot area.
    pub area: PilotArea,
    /// First day of the pilot here; default: the area's announced start.
    #[serde(default)]
    pub first_day: Option<Date>,
    /// Last day of the pilot; default: [`DEFAULT_PILOT_END`].
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

/// Warning leads in minutes, one per rule with a deadline. All default to 0 (no `DueSoon`)
/// except S136-2, 240 (4 hours).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[allow(missing_docs, reason = "each field is named for its rule")]
pub struct WarningLeads {
    pub na_1: u32,
    pub na_2: u32,
    pub vu_1: u32,
    pub vu_2: u32,
    pub vu_3: u32,
    pub po_1: u32,
    pub po_3: u32,
    pub s136_1: u32,
    pub s136_2: u32,
    pub s136_5: u32,
    pub oe_1: u32,
    pub oe_2: u32,
}

impl Default for WarningLeads {
    fn default() -> Self {
        WarningLeads::DEFAULT
    }
}

impl WarningLeads {
    /// The defaults, usable in a `const`.
    pub const DEFAULT: WarningLeads = WarningLeads {
        na_1: 0,
        na_2: 0,
        vu_1: 0,
        vu_2: 0,
        vu_3: 0,
        po_1: 0,
        po_3: 0,
        s136_1: 0,
        s136_2: 240,
        s136_5: 0,
        oe_1: 0,
        oe_2: 0,
    };
}

impl WarningLeads {
    fn largest(&self) -> u32 {
        [
            self.na_1,
            self.na_2,
            self.vu_1,
            self.vu_2,
            self.vu_3,
            self.po_1,
            self.po_3,
            self.s136_1,
            self.s136_2,
            self.s136_5,
            self.oe_1,
            self.oe_2,
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
    }
}
