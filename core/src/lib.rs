#![doc = include_str!("../README.md")]
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![cfg_attr(
    not(all(
        feature = "needs-assessment",
        feature = "victim-updates",
        feature = "protective-orders",
        feature = "s136",
        feature = "encompass"
    )),
    allow(
        unused,
        reason = "a build without some duty families leaves their rules and shared helpers unused"
    )
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        reason = "tests fail loudly"
    )
)]

// Every module is private: the crate's API is the list re-exported below, one path per item.
// The one public module is `json` (feature `json`), a namespace for the JSON reader and writer.
mod calendar;
mod capacity;
mod case;
mod catalogue;
mod error;
mod finding;
#[cfg(feature = "postcard")]
mod in_place;
#[cfg(feature = "json")]
pub mod json;
mod list;
mod policy;
mod rules;
mod time;

#[cfg(feature = "schemars")]
mod schema;
#[cfg(feature = "postcard")]
mod wire;

// Time and the calendar the deadlines count in.
pub use calendar::{
    CalendarConfig, DateRange, hearing_deadline, is_bank_holiday, is_disregarded_for_hearing,
    is_school_day, is_working_day, next_school_day_start, working_days_after,
};
pub use time::{Date, Instant, TimeError, Weekday, uk_civil, uk_instant, uk_offset};

// The catalogue's vocabulary.
pub use catalogue::{
    CATALOGUE, CATALOGUE_VERSION, Dated, Family, Rule, RuleId, RuleSet, Source, WarningLead,
};

// The case, as sent and as validated, and its capacities.
pub use capacity::{
    MAX_AGE, MAX_CATEGORIES, MAX_CHILDREN, MAX_DECISIONS, MAX_DETENTIONS, MAX_EPISODES, MAX_EVENTS,
    MAX_EXTRA_BANK_HOLIDAYS, MAX_INCIDENTS, MAX_NOTICES, MAX_REFERENCE_LEN, MAX_SCHOOL_CLOSURES,
    MAX_SUSPECTS, MAX_VICTIMS,
};
pub use case::{
    Attendance, Case, Categories, Category, Channel, Child, ChildId, ChildRelation, Consultee,
    DecisionKind, Detention, DetentionId, DetentionOutcome, Event, EventId, EvidenceKind, Incident,
    IncidentId, NoticeKind, Order, OrderSet, PlaceKind, Rank, RawCase, Reference, ReferralAnswer,
    ReleaseOutcome, SchoolStatus, Suspect, SuspectId, Victim, VictimId, VictimKind, What,
};
pub use list::List;

// The force policy.
pub use policy::{
    Cadence, CheckedPolicy, DapnPilot, MissingChildNotification, PilotArea, Policy, UpdatePlan,
    WarningLeads,
};

// The evaluation, its findings and its errors.
pub use error::{CaseError, Collection, Contradiction, EvalError, OrderProblem, PolicyError};
pub use finding::{Audit, Finding, Findings, MAX_FINDINGS, Reason, Status, Subject};
pub use rules::{evaluate, evaluate_into};

// The wire form.
#[cfg(feature = "postcard")]
pub use wire::{
    DecodeError, WIRE_HEADER_LEN, WIRE_KIND_CASE, WIRE_KIND_FINDINGS, WIRE_KIND_POLICY, WIRE_MAGIC,
    WIRE_VERSION, decode_case, decode_case_into, decode_policy_into, encode_case, encode_findings,
    encode_policy,
};
