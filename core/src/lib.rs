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

pub mod calendar;
pub mod capacity;
pub mod case;
pub mod catalogue;
pub mod error;
pub mod finding;
pub mod list;
pub mod policy;
mod rules;
pub mod time;

#[cfg(feature = "schemars")]
mod schema;
#[cfg(feature = "postcard")]
mod wire;

pub use case::{Case, ChildId, DetentionId, EventId, IncidentId, RawCase, SuspectId, VictimId};
pub use catalogue::{
    CATALOGUE, CATALOGUE_VERSION, Dated, Family, Rule, RuleId, RuleSet, Source, WarningLead,
    in_force, in_force_at,
};
pub use error::{CaseError, Collection, EvalError, PolicyError};
pub use finding::{Audit, Finding, Findings, MAX_FINDINGS, Reason, Status, Subject};
pub use list::List;
pub use policy::{CheckedPolicy, MissingChildNotification, Policy, WarningLeads};
pub use rules::{evaluate, evaluate_into};
pub use time::{Date, Instant};
#[cfg(feature = "postcard")]
pub use wire::{
    DecodeError, WIRE_HEADER_LEN, WIRE_KIND_CASE, WIRE_KIND_FINDINGS, WIRE_KIND_POLICY, WIRE_MAGIC,
    WIRE_VERSION, decode_case, decode_case_into, decode_policy_into, encode_case, encode_findings,
    encode_policy,
};
