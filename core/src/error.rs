//! Typed errors. Flat enums, `Display` from static strings and numbers, no allocation.

use core::fmt;

use crate::time::Instant;

/// A list in a case or policy that has a fixed capacity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Collection {
    /// `categories` ([`crate::MAX_CATEGORIES`]).
    Categories,
    /// `victims` ([`crate::MAX_VICTIMS`]).
    Victims,
    /// `suspects` ([`crate::MAX_SUSPECTS`]).
    Suspects,
    /// `children` ([`crate::MAX_CHILDREN`]).
    Children,
    /// `detentions` ([`crate::MAX_DETENTIONS`]).
    Detentions,
    /// `events` ([`crate::MAX_EVENTS`]).
    Events,
    /// `key_decision` events ([`crate::MAX_DECISIONS`]).
    KeyDecisions,
    /// `notice_issued` events ([`crate::MAX_NOTICES`]).
    Notices,
    /// `child_reported_missing` events ([`crate::MAX_EPISODES`]).
    MissingEpisodes,
    /// `incidents` ([`crate::MAX_INCIDENTS`]).
    Incidents,
    /// One incident's `children` ([`crate::MAX_CHILDREN`]).
    IncidentChildren,
    /// The policy's `school_closures` ([`crate::MAX_SCHOOL_CLOSURES`]).
    SchoolClosures,
    /// The policy's `extra_bank_holidays` ([`crate::MAX_EXTRA_BANK_HOLIDAYS`]).
    ExtraBankHolidays,
}

impl Collection {
    /// The field name, as it is written in a case or policy file.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Collection::Categories => "categories",
            Collection::Victims => "victims",
            Collection::Suspects => "suspects",
            Collection::Children => "children",
            Collection::Detentions => "detentions",
            Collection::Events => "events",
            Collection::KeyDecisions => "events (key_decision)",
            Collection::Notices => "events (notice_issued)",
            Collection::MissingEpisodes => "events (child_reported_missing)",
            Collection::Incidents => "incidents",
            Collection::IncidentChildren => "incidents[].children",
            Collection::SchoolClosures => "school_closures",
            Collection::ExtraBankHolidays => "extra_bank_holidays",
        }
    }
}

impl fmt::Display for Collection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a raw case was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CaseError {
    /// A list holds more than its capacity.
    CapacityExceeded {
        /// Which list.
        collection: Collection,
        /// Its capacity.
        limit: usize,
        /// How many items were given.
        given: usize,
    },
    /// The case reference is longer than [`crate::MAX_REFERENCE_LEN`] bytes.
    ReferenceTooLong,
    /// An instant lies outside 1900-01-01 to 2200-12-31.
    InstantOutOfRange {
        /// The field.
        field: &'static str,
        /// The id of the detention or event holding it, if any.
        id: Option<u32>,
    },
    /// Two items of one list share an id.
    DuplicateId {
        /// Which list.
        collection: Collection,
        /// The repeated id.
        id: u32,
    },
    /// An age above [`crate::MAX_AGE`].
    AgeOutOfRange {
        /// The field.
        field: &'static str,
        /// The id of the person.
        id: u16,
    },
    /// An event refers to a victim, suspect, child, detention or event that the case lacks.
    UnknownReference {
        /// The event's id.
        event: u32,
        /// The field holding the reference.
        field: &'static str,
        /// The id it names.
        id: u32,
    },
    /// An event refers to another event of the wrong kind (a hearing naming a decision).
    WrongKindOfEvent {
        /// The event's id.
        event: u32,
        /// The field holding the reference.
        field: &'static str,
        /// The id it names.
        id: u32,
    },
    /// A care contract with an update interval of zero days.
    ZeroUpdateInterval {
        /// The event's id.
        event: u32,
    },
    /// A s136 extension of zero hours or of more than 12.
    ExtensionOutOfRange {
        /// The event's id.
        event: u32,
    },
    /// Events that cannot have happened in the order given.
    OutOfOrder {
        /// The event's id.
        event: u32,
        /// What is impossible.
        problem: OrderProblem,
    },
    /// An incident's child that the case's `children` lacks.
    UnknownIncidentChild {
        /// The incident's id.
        incident: u16,
        /// The child id it names.
        id: u16,
    },
    /// Two facts of the case cannot both be true (`attended = false` with an attendance time;
    /// an organisation that is a bereaved relative).
    Contradictory {
        /// The field.
        field: &'static str,
        /// What contradicts it.
        problem: Contradiction,
    },
    /// The case owes a duty counted from when the police learned of it, but gives no instant
    /// to count from: victims with neither `reported_at` nor `recorded_at`; domestic abuse,
    /// stalking or harassment with no report, recording, attendance or incident instant; an
    /// incident with no instant of its own and no case report.
    MissingReportInstant {
        /// The field that should hold the instant.
        field: &'static str,
    },
    /// `closed_at` is before the report.
    ClosedBeforeReported,
}

impl CaseError {
    /// A stable snake_case code for the kind of error (`capacity_exceeded`).
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            CaseError::CapacityExceeded { .. } => "capacity_exceeded",
            CaseError::ReferenceTooLong => "reference_too_long",
            CaseError::InstantOutOfRange { .. } => "instant_out_of_range",
            CaseError::DuplicateId { .. } => "duplicate_id",
            CaseError::AgeOutOfRange { .. } => "age_out_of_range",
            CaseError::UnknownReference { .. } => "unknown_reference",
            CaseError::WrongKindOfEvent { .. } => "wrong_kind_of_event",
            CaseError::ZeroUpdateInterval { .. } => "zero_update_interval",
            CaseError::ExtensionOutOfRange { .. } => "extension_out_of_range",
            CaseError::OutOfOrder { .. } => "out_of_order",
            CaseError::UnknownIncidentChild { .. } => "unknown_reference",
            CaseError::Contradictory { .. } => "contradictory",
            CaseError::MissingReportInstant { .. } => "missing_report_instant",
            CaseError::ClosedBeforeReported => "closed_before_reported",
        }
    }

    /// The field or list the error is about, as written in a case file.
    #[must_use]
    pub const fn field(&self) -> &'static str {
        match *self {
            CaseError::CapacityExceeded { collection, .. }
            | CaseError::DuplicateId { collection, .. } => collection.as_str(),
            CaseError::ReferenceTooLong => "reference",
            CaseError::InstantOutOfRange { field, .. } | CaseError::AgeOutOfRange { field, .. } => {
                field
            }
            CaseError::UnknownReference { field, .. }
            | CaseError::WrongKindOfEvent { field, .. } => field,
            CaseError::ZeroUpdateInterval { .. } => "interval_days",
            CaseError::ExtensionOutOfRange { .. } => "hours",
            CaseError::OutOfOrder { .. } => "events",
            CaseError::UnknownIncidentChild { .. } => "incidents[].children",
            CaseError::Contradictory { field, .. } | CaseError::MissingReportInstant { field } => {
                field
            }
            CaseError::ClosedBeforeReported => "closed_at",
        }
    }
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            CaseError::CapacityExceeded {
                collection,
                limit,
                given,
            } => write!(
                f,
                "{collection}: {given} given, but a case holds at most {limit}"
            ),
            CaseError::ReferenceTooLong => write!(
                f,
                "reference: longer than {} bytes",
                crate::MAX_REFERENCE_LEN
            ),
            CaseError::InstantOutOfRange { field, id } => {
                f.write_str(field)?;
                if let Some(id) = id {
                    write!(f, " (id {id})")?;
                }
                f.write_str(": outside the supported range 1900-01-01 to 2200-12-31")
            }
            CaseError::DuplicateId { collection, id } => {
                write!(f, "{collection}: id {id} is used twice")
            }
            CaseError::AgeOutOfRange { field, id } => {
                write!(f, "{field} (id {id}): above {} years", crate::MAX_AGE)
            }
            CaseError::UnknownReference { event, field, id } => {
                write!(f, "events[id={event}].{field}: no such id {id} in the case")
            }
            CaseError::WrongKindOfEvent { event, field, id } => write!(
                f,
                "events[id={event}].{field}: event {id} is not of the kind this field names"
            ),
            CaseError::ZeroUpdateInterval { event } => write!(
                f,
                "events[id={event}].interval_days: an update interval must be at least 1 day"
            ),
            CaseError::ExtensionOutOfRange { event } => {
                write!(f, "events[id={event}].hours: an extension is 1 to 12 hours")
            }
            CaseError::OutOfOrder { event, problem } => {
                write!(f, "events[id={event}]: {problem}")
            }
            CaseError::UnknownIncidentChild { incident, id } => write!(
                f,
                "incidents[id={incident}].children: no such child {id} in the case"
            ),
            CaseError::Contradictory { field, problem } => write!(f, "{field}: {problem}"),
            CaseError::MissingReportInstant { field } => write!(
                f,
                "{field}: a duty counts from when the police learned of the case, and the case \
                 gives no instant to count from (reported_at or recorded_at for victims; an \
                 attendance, occurrence or incident instant for an incident)"
            ),
            CaseError::ClosedBeforeReported => {
                f.write_str("closed_at: the case is closed before it was reported")
            }
        }
    }
}

impl core::error::Error for CaseError {}

/// What cannot have happened in the order a case's events give ([`CaseError::OutOfOrder`]).
///
/// A kind rather than a sentence, so that a build which only reports codes (a device, the
/// WebAssembly module) does not carry the sentences: [`OrderProblem::as_str`] gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OrderProblem {
    /// A notice served before it was authorised.
    NoticeServedBeforeAuthorised,
    /// A hearing before its notice was served.
    HearingBeforeService,
    /// A hearing for a notice that records no service time.
    HearingWithoutService,
    /// A victim told of a decision before it was made.
    ToldBeforeDecision,
    /// A departure from a place of safety before the decision to detain, after the
    /// detention ended, or with no stay to leave.
    DepartureWithoutStay,
    /// An arrival at a place of safety before the decision to detain.
    ArrivalBeforeDecision,
    /// An arrival at a place of safety after the detention ended.
    ArrivalAfterEnd,
    /// An assessment completed before the person reached a place of safety.
    AssessmentBeforeArrival,
    /// A detention ended before the decision to detain.
    EndedBeforeDecision,
    /// A detention ended twice.
    EndedTwice,
    /// A welfare check after the detention ended.
    WelfareCheckAfterEnd,
}

impl OrderProblem {
    /// What is impossible, in plain words.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderProblem::NoticeServedBeforeAuthorised => {
                "the notice is served before it was authorised"
            }
            OrderProblem::HearingBeforeService => "the hearing is before the notice was served",
            OrderProblem::HearingWithoutService => {
                "a hearing for a notice that records no service time"
            }
            OrderProblem::ToldBeforeDecision => {
                "the victim was told of the decision before it was made"
            }
            OrderProblem::DepartureWithoutStay => {
                "a departure with no stay at a place of safety to leave"
            }
            OrderProblem::ArrivalBeforeDecision => {
                "arrival at a place of safety before the decision to detain"
            }
            OrderProblem::ArrivalAfterEnd => {
                "arrival at a place of safety after the detention ended"
            }
            OrderProblem::AssessmentBeforeArrival => {
                "the assessment was completed before the person reached a place of safety"
            }
            OrderProblem::EndedBeforeDecision => {
                "the detention ended before the decision to detain"
            }
            OrderProblem::EndedTwice => "the detention ended twice",
            OrderProblem::WelfareCheckAfterEnd => "a welfare check after the detention ended",
        }
    }
}

impl fmt::Display for OrderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Two facts of a case that cannot both be true ([`CaseError::Contradictory`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Contradiction {
    /// `attended` is false, but an attendance time is recorded.
    AttendanceTimeButNotAttended,
    /// A victim that is an organisation and a bereaved relative.
    BereavedOrganisation,
}

impl Contradiction {
    /// What contradicts the field, in plain words.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Contradiction::AttendanceTimeButNotAttended => {
                "attended is false, but an attendance time is recorded"
            }
            Contradiction::BereavedOrganisation => "an organisation cannot be a bereaved relative",
        }
    }
}

impl fmt::Display for Contradiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a policy was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyError {
    /// A list holds more than its capacity.
    CapacityExceeded {
        /// Which list.
        collection: Collection,
        /// Its capacity.
        limit: usize,
        /// How many items were given.
        given: usize,
    },
    /// A value is outside what the field allows.
    OutOfRange {
        /// The field.
        field: &'static str,
        /// What it allows, in plain words.
        allowed: &'static str,
    },
}

impl PolicyError {
    /// A stable snake_case code for the kind of error.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            PolicyError::CapacityExceeded { .. } => "policy_capacity_exceeded",
            PolicyError::OutOfRange { .. } => "policy_out_of_range",
        }
    }

    /// The policy field the error is about.
    #[must_use]
    pub const fn field(&self) -> &'static str {
        match *self {
            PolicyError::CapacityExceeded { collection, .. } => collection.as_str(),
            PolicyError::OutOfRange { field, .. } => field,
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PolicyError::CapacityExceeded {
                collection,
                limit,
                given,
            } => write!(
                f,
                "policy {collection}: {given} given, but a policy holds at most {limit}"
            ),
            PolicyError::OutOfRange { field, allowed } => {
                write!(f, "policy {field}: must be {allowed}")
            }
        }
    }
}

impl core::error::Error for PolicyError {}

/// Why an evaluation was refused. (A policy is checked before, by [`crate::Policy::check`],
/// and refused with a [`PolicyError`].)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EvalError {
    /// `now` is earlier than a fact the case records: the record would be from the future.
    NowBeforeCase {
        /// The latest instant in the case.
        latest: Instant,
    },
    /// `now` lies outside the supported range.
    NowOutOfRange,
    /// The findings list given to [`crate::evaluate_into`] filled before every finding was
    /// kept. [`crate::Findings`] always has room; a smaller list can fill, and the evaluation
    /// then says so rather than return fewer findings.
    FindingsFull {
        /// The list's capacity.
        capacity: usize,
    },
}

impl EvalError {
    /// A stable snake_case code for the kind of error.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            EvalError::NowBeforeCase { .. } => "now_before_case",
            EvalError::NowOutOfRange => "now_out_of_range",
            EvalError::FindingsFull { .. } => "findings_full",
        }
    }

    /// The field the error is about.
    #[must_use]
    pub const fn field(&self) -> &'static str {
        match self {
            EvalError::NowBeforeCase { .. } | EvalError::NowOutOfRange => "now",
            EvalError::FindingsFull { .. } => "findings",
        }
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            EvalError::NowBeforeCase { latest } => write!(
                f,
                "now: earlier than the case's latest recorded instant {latest}"
            ),
            EvalError::NowOutOfRange => {
                f.write_str("now: outside the supported range 1900-01-01 to 2200-12-31")
            }
            EvalError::FindingsFull { capacity } => write!(
                f,
                "findings: the list given holds {capacity} findings and the case gives more"
            ),
        }
    }
}

impl core::error::Error for EvalError {}
