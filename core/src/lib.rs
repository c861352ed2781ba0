#![doc = include_str!("../README.md")]
//!
//! # Guarantees
//!
//! - `#![no_std]`, no `alloc`, no `unsafe`: every list has a fixed capacity, named in
//!   [`case`] and [`policy`], and exceeding one is a typed error, never a truncation.
//! - Total: [`Case::new`] and [`evaluate`] return a value or a typed error for every input
//!   their types can hold; they never panic (the crate denies `unwrap`, `expect`, `panic!` and
//!   slice indexing, and release builds keep overflow checks on, with instant arithmetic
//!   saturating far outside the supported 1900–2200 range).
//! - Deterministic: no clock, no randomness, no floating point, no hash maps. The caller gives
//!   `now`; the same case, policy and `now` give the same findings, in the same order, on every
//!   target.
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
pub mod rules;
pub mod time;

#[cfg(feature = "postcard")]
mod wire;

pub use case::{Case, RawCase};
pub use error::{CaseError, Collection, EvalError, PolicyError};
pub use finding::{Finding, Findings, Reason, Status, Subject};
pub use list::List;
pub use policy::Policy;
pub use rules::{CATALOGUE, RuleId, RuleSet, Source, evaluate, evaluate_into};
pub use time::{Date, Instant};
#[cfg(feature = "postcard")]
pub use wire::{
    DecodeError, WIRE_HEADER_LEN, WIRE_KIND_CASE, WIRE_KIND_FINDINGS, WIRE_KIND_POLICY, WIRE_MAGIC,
    WIRE_VERSION, decode_case, decode_case_into, decode_policy_into, encode_case, encode_findings,
    encode_policy,
};
