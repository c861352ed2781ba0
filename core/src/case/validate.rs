//! The checks of [`super::Case::new`]: capacities, unique ids, references between records,
//! the supported time range, plausible ages and intervals, contradictions, the instants duties
//! count from, and a timeline that could have happened. The timeline is sorted here, once.

use crate::capacity::{MAX_AGE, MAX_DECISIONS, MAX_EPISODES, MAX_NOTICES};
use crate::error::{CaseError, Collection, Contradiction, OrderProblem};
use crate::list::List;
use crate::time::Instant;

use super::families::{
    EncompassKind, Grouped, NeedsAssessmentEvent, OrdersEvent, S136Kind, VictimUpdatesEvent,
};
use super::ids::{ChildId, DetentionId, EventId, IncidentId, SuspectId, VictimId};
use super::raw::{
    Attendance, Categories, Child, Detention, Event, Incident, RawCase, Suspect, Victim,
    VictimKind, What,
};

/// A record of a case that others name by its id.
pub(crate) trait Record {
    /// The record's kind of id.
    type Id: Copy + PartialEq + Into<u32>;
    /// The record's id.
    fn id(&self) -> Self::Id;
}

macro_rules! records {
    ($($record:ty => $id:ty,)*) => {$(
        impl Record for $record {
            type Id = $id;
            fn id(&self) -> $id {
                self.id
            }
        }
    )*};
}

records! {
    Victim => VictimId,
    Suspect => SuspectId,
    Child => ChildId,
    Detention => DetentionId,
    Incident => IncidentId,
    Event => EventId,
}

impl Record for ChildId {
    type Id = ChildId;
    fn id(&self) -> ChildId {
        *self
    }
}

/// The record with this id: the one lookup by id, for the checks here and the validated case's
/// accessors alike.
pub(crate) fn find<T: Record>(records: &[T], id: T::Id) -> Option<&T> {
    records.iter().find(|record| record.id() == id)
}

/// The checks of [`Case::new`], on the raw case where it lies (its timeline is sorted); gives
/// the derived categories, report instant and latest instant.
pub(super) fn validate(
    raw: &mut RawCase,
) -> Result<(Categories, Option<Instant>, Option<Instant>), CaseError> {
    check_capacities(raw)?;

    if raw.reference.too_long {
        return Err(CaseError::ReferenceTooLong);
    }
    check_instants(raw)?;
    check_unique(raw)?;
    check_ages(raw)?;
    for event in raw.events.iter() {
        check_event(raw, event)?;
    }
    check_facts(raw)?;
    let report = raw.reported_at.or(raw.recorded_at);
    check_report_instants(raw, report)?;
    crate::list::sort_by_key(raw.events.as_mut_slice(), |event| {
        (event.at, event.what.rank_at_same_second(), event.id)
    });
    check_order(raw)?;
    let categories = raw
        .categories
        .iter()
        .fold(Categories::default(), |set, category| {
            Categories(set.0 | category.bit())
        });
    let latest = latest_instant(raw);
    Ok((categories, report, latest))
}

/// Refuses facts that contradict each other, and incidents naming children the case lacks.
fn check_facts(raw: &RawCase) -> Result<(), CaseError> {
    if raw.attended == Attendance::NotAttended && raw.attended_at.is_some() {
        return Err(CaseError::Contradictory {
            field: "attended",
            problem: Contradiction::AttendanceTimeButNotAttended,
        });
    }
    if raw
        .victims
        .iter()
        .any(|v| v.kind == VictimKind::Organisation && v.bereaved_relative)
    {
        return Err(CaseError::Contradictory {
            field: "victims[].kind",
            problem: Contradiction::BereavedOrganisation,
        });
    }
    for incident in raw.incidents.iter() {
        if incident.attended == Attendance::NotAttended && incident.attended_at.is_some() {
            return Err(CaseError::Contradictory {
                field: "incidents[].attended",
                problem: Contradiction::AttendanceTimeButNotAttended,
            });
        }
        if let Some(&id) = incident
            .children
            .iter()
            .find(|&&id| find(&raw.children, id).is_none())
        {
            return Err(CaseError::UnknownIncidentChild {
                incident: incident.id.0,
                id: id.0,
            });
        }
    }
    Ok(())
}

/// Refuses a case that owes a duty counted from when the police learned of it without an
/// instant to count from. A case that holds no crime needs no report instant of its own: an
/// incident counts from its attendance or occurrence, a detention from its decision, a
/// missing-child episode from its report event.
fn check_report_instants(raw: &RawCase, report: Option<Instant>) -> Result<(), CaseError> {
    if report.is_some() {
        return Ok(());
    }
    let missing = |field| Err(CaseError::MissingReportInstant { field });
    if !raw.victims.is_empty() {
        return missing("reported_at");
    }
    // An incident no officer attended counts from its report; one attended, from the
    // attendance or the occurrence where no report is recorded.
    let incident_instant = |i: &Incident| {
        if i.attended == Attendance::NotAttended {
            i.reported_at
        } else {
            i.reported_at.or(i.attended_at).or(i.occurred_at)
        }
    };
    if raw.incidents.iter().any(|i| incident_instant(i).is_none()) {
        return missing("incidents");
    }
    let case_instant = if raw.attended == Attendance::NotAttended {
        None
    } else {
        raw.attended_at.or(raw.occurred_at)
    };
    if !raw.categories.is_empty() && case_instant.is_none() && raw.incidents.is_empty() {
        return missing("reported_at");
    }
    Ok(())
}

fn over<T, const N: usize>(list: &List<T, N>, what: Collection) -> Result<(), CaseError> {
    if list.overflowed() {
        Err(CaseError::CapacityExceeded {
            collection: what,
            limit: N,
            given: list.given(),
        })
    } else {
        Ok(())
    }
}

fn check_capacities(raw: &RawCase) -> Result<(), CaseError> {
    over(&raw.categories, Collection::Categories)?;
    over(&raw.victims, Collection::Victims)?;
    over(&raw.suspects, Collection::Suspects)?;
    over(&raw.children, Collection::Children)?;
    over(&raw.detentions, Collection::Detentions)?;
    over(&raw.events, Collection::Events)?;
    over(&raw.incidents, Collection::Incidents)?;
    for incident in raw.incidents.iter() {
        over(&incident.children, Collection::IncidentChildren)?;
    }
    // A saturating count: `Iterator::count` keeps an overflow check (a panic path) the
    // optimiser cannot see past.
    let count = |wanted: fn(&What) -> bool| {
        raw.events.iter().fold(0usize, |n, e| {
            n.saturating_add(usize::from(wanted(&e.what)))
        })
    };
    let limits: [(Collection, usize, usize); 3] = [
        (
            Collection::KeyDecisions,
            MAX_DECISIONS,
            count(|w| matches!(w, What::KeyDecision { .. })),
        ),
        (
            Collection::Notices,
            MAX_NOTICES,
            count(|w| matches!(w, What::NoticeIssued { .. })),
        ),
        (
            Collection::MissingEpisodes,
            MAX_EPISODES,
            count(|w| matches!(w, What::ChildReportedMissing { .. })),
        ),
    ];
    for (collection, limit, given) in limits {
        if given > limit {
            return Err(CaseError::CapacityExceeded {
                collection,
                limit,
                given,
            });
        }
    }
    Ok(())
}

/// Visits every instant in the case, with the name of the field it came from and the id of the
/// record holding it, until `visit` says stop (`true`); returns whether it stopped. Plain loops
/// rather than a chain of iterator adaptors: it is the smaller code on a device.
fn visit_instants(
    raw: &RawCase,
    visit: &mut dyn FnMut(&'static str, Option<u32>, Instant) -> bool,
) -> bool {
    let mut at = |field, id, instant: Option<Instant>| instant.is_some_and(|i| visit(field, id, i));
    let top = [
        ("recorded_at", raw.recorded_at),
        ("reported_at", raw.reported_at),
        ("occurred_at", raw.occurred_at),
        ("attended_at", raw.attended_at),
        ("closed_at", raw.closed_at),
    ];
    for (field, instant) in top {
        if at(field, None, instant) {
            return true;
        }
    }
    for d in raw.detentions.iter() {
        if at(
            "detentions[].decided_at",
            Some(d.id.into()),
            Some(d.decided_at),
        ) {
            return true;
        }
    }
    for e in raw.events.iter() {
        let served = match e.what {
            What::NoticeIssued { served_at, .. } => served_at,
            _ => None,
        };
        let id = Some(e.id.into());
        if at("events[].at", id, Some(e.at))
            || at("events[].what.notice_issued.served_at", id, served)
        {
            return true;
        }
    }
    for i in raw.incidents.iter() {
        let id = Some(i.id.into());
        if at("incidents[].occurred_at", id, i.occurred_at)
            || at("incidents[].reported_at", id, i.reported_at)
            || at("incidents[].attended_at", id, i.attended_at)
        {
            return true;
        }
    }
    false
}

/// The latest instant anywhere in the case.
fn latest_instant(raw: &RawCase) -> Option<Instant> {
    let mut latest: Option<Instant> = None;
    visit_instants(raw, &mut |_, _, at| {
        latest = Some(latest.map_or(at, |l| l.max(at)));
        false
    });
    latest
}

fn check_instants(raw: &RawCase) -> Result<(), CaseError> {
    let mut out_of_range = None;
    visit_instants(raw, &mut |field, id, at| {
        let bad = !at.is_supported();
        if bad {
            out_of_range = Some(CaseError::InstantOutOfRange { field, id });
        }
        bad
    });
    out_of_range.map_or(Ok(()), Err)
}

/// The first id given twice in a list, if any.
fn first_duplicate<T: Record>(items: &[T]) -> Option<u32> {
    items.iter().enumerate().find_map(|(i, item)| {
        let key = item.id();
        items
            .get(..i)
            .is_some_and(|earlier| find(earlier, key).is_some())
            .then_some(key.into())
    })
}

fn check_unique(raw: &RawCase) -> Result<(), CaseError> {
    let checks = [
        (Collection::Victims, first_duplicate(&raw.victims)),
        (Collection::Suspects, first_duplicate(&raw.suspects)),
        (Collection::Children, first_duplicate(&raw.children)),
        (Collection::Detentions, first_duplicate(&raw.detentions)),
        (Collection::Events, first_duplicate(&raw.events)),
        (Collection::Incidents, first_duplicate(&raw.incidents)),
    ];
    for (collection, duplicate) in checks {
        if let Some(id) = duplicate {
            return Err(CaseError::DuplicateId { collection, id });
        }
    }
    for incident in raw.incidents.iter() {
        if let Some(id) = first_duplicate(&incident.children) {
            return Err(CaseError::DuplicateId {
                collection: Collection::IncidentChildren,
                id,
            });
        }
    }
    Ok(())
}

fn check_ages(raw: &RawCase) -> Result<(), CaseError> {
    let too_old = |age: Option<u8>| matches!(age, Some(age) if age > MAX_AGE);
    if let Some(v) = raw.victims.iter().find(|v| too_old(v.age_at_offence)) {
        return Err(CaseError::AgeOutOfRange {
            field: "victims[].age_at_offence",
            id: v.id.0,
        });
    }
    if let Some(s) = raw.suspects.iter().find(|s| too_old(s.age)) {
        return Err(CaseError::AgeOutOfRange {
            field: "suspects[].age",
            id: s.id.0,
        });
    }
    if let Some(c) = raw.children.iter().find(|c| too_old(Some(c.age))) {
        return Err(CaseError::AgeOutOfRange {
            field: "children[].age",
            id: c.id.0,
        });
    }
    if let Some(d) = raw.detentions.iter().find(|d| too_old(d.age)) {
        return Err(CaseError::AgeOutOfRange {
            field: "detentions[].age",
            id: d.id.0,
        });
    }
    Ok(())
}

/// The record a reference names, or the error that names the event and field holding it.
fn refer<'a, T: Record>(
    event: &Event,
    field: &'static str,
    records: &'a [T],
    id: T::Id,
) -> Result<&'a T, CaseError> {
    find(records, id).ok_or(CaseError::UnknownReference {
        event: event.id.0,
        field,
        id: id.into(),
    })
}

/// The event a reference names, which must be of the kind `wanted` accepts.
fn linked<'a>(
    raw: &'a RawCase,
    event: &Event,
    field: &'static str,
    id: EventId,
    wanted: fn(&What) -> bool,
) -> Result<&'a Event, CaseError> {
    let target = refer(event, field, &raw.events, id)?;
    if wanted(&target.what) {
        Ok(target)
    } else {
        Err(CaseError::WrongKindOfEvent {
            event: event.id.0,
            field,
            id: id.0,
        })
    }
}

/// Checks an event's references and values, family by family.
fn check_event(raw: &RawCase, event: &Event) -> Result<(), CaseError> {
    let victim = |id| refer(event, "victim", &raw.victims, id).map(|_| ());
    let suspect = |id| refer(event, "suspect", &raw.suspects, id).map(|_| ());
    let out_of_order = |problem| {
        Err(CaseError::OutOfOrder {
            event: event.id.0,
            problem,
        })
    };
    match event.what.grouped() {
        Grouped::NeedsAssessment(NeedsAssessmentEvent { victim: v }) => victim(v),
        Grouped::VictimUpdates(group) => match group {
            VictimUpdatesEvent::CareContractAgreed {
                victim: v,
                interval_days,
            } => {
                victim(v)?;
                if interval_days == 0 {
                    Err(CaseError::ZeroUpdateInterval { event: event.id.0 })
                } else {
                    Ok(())
                }
            }
            VictimUpdatesEvent::VictimUpdated { victim: v } => victim(v),
            VictimUpdatesEvent::KeyDecision { suspect: s } => s.map_or(Ok(()), suspect),
            VictimUpdatesEvent::VictimInformed {
                victim: v,
                decision,
            } => {
                victim(v)?;
                linked(raw, event, "decision", decision, |w| {
                    matches!(w, What::KeyDecision { .. })
                })
                .map(|_| ())
            }
        },
        Grouped::ProtectiveOrders(group) => match group {
            OrdersEvent::OrdersConsidered | OrdersEvent::EvidenceRecorded => Ok(()),
            OrdersEvent::NoticeIssued {
                suspect: s,
                served_at,
            } => {
                suspect(s)?;
                match served_at {
                    Some(served) if served < event.at => {
                        out_of_order(OrderProblem::NoticeServedBeforeAuthorised)
                    }
                    _ => Ok(()),
                }
            }
            OrdersEvent::OrderHearing { notice } => {
                let target = linked(raw, event, "notice", notice, |w| {
                    matches!(w, What::NoticeIssued { .. })
                })?;
                match target.what {
                    What::NoticeIssued {
                        served_at: Some(served),
                        ..
                    } if event.at >= served => Ok(()),
                    What::NoticeIssued {
                        served_at: Some(_), ..
                    } => out_of_order(OrderProblem::HearingBeforeService),
                    _ => out_of_order(OrderProblem::HearingWithoutService),
                }
            }
            OrdersEvent::Released { suspect: s } => suspect(s),
            OrdersEvent::VictimWithdrewSupport { victim: v }
            | OrdersEvent::WithdrawalConfirmed { victim: v }
            | OrdersEvent::EvidenceLedProsecutionConsidered { victim: v } => victim(v),
        },
        Grouped::S136(group) => {
            refer(event, "detention", &raw.detentions, group.detention)?;
            match group.kind {
                S136Kind::ExtensionAuthorised { hours, .. } if !(1..=12).contains(&hours) => {
                    Err(CaseError::ExtensionOutOfRange { event: event.id.0 })
                }
                S136Kind::Arrived { .. }
                | S136Kind::Departed
                | S136Kind::Consulted { .. }
                | S136Kind::ConsultationImpracticable
                | S136Kind::StationAuthorised { .. }
                | S136Kind::ExtensionAuthorised { .. }
                | S136Kind::ExtensionApproved { .. }
                | S136Kind::ReferredToSuperintendent
                | S136Kind::WelfareCheck
                | S136Kind::AssessmentCompleted
                | S136Kind::Ended => Ok(()),
            }
        }
        Grouped::Encompass(group) => {
            refer(event, "child", &raw.children, group.child)?;
            match group.kind {
                EncompassKind::SchoolNotified { missing_episode }
                | EncompassKind::LocalAuthorityNotified { missing_episode }
                | EncompassKind::NoSchoolToNotify { missing_episode } => match missing_episode {
                    Some(id) => linked(raw, event, "missing_episode", id, |w| {
                        matches!(w, What::ChildReportedMissing { .. })
                    })
                    .map(|_| ()),
                    None => Ok(()),
                },
                EncompassKind::ReportedMissing { .. } => Ok(()),
            }
        }
    }
}

/// Refuses timelines that cannot have happened. What is refused, and why:
///
/// - a case closed before it was reported;
/// - a victim told of a decision before the decision was made;
/// - for a s136 detention: an arrival at a place of safety before the decision to detain, or
///   after the detention ended; an assessment completed before the person reached a place of
///   safety (the clock start); a detention ended before it was decided, or ended twice; a
///   welfare check after the detention ended; a departure from a place of safety before the
///   decision, after the detention ended, or when the person was at no place (never arrived,
///   or already left).
///
/// Events at the same instant are never out of order with each other, except a departure,
/// which leaves the place reached by the events sorted before it ([`What::rank_at_same_second`]). Oddities that can
/// happen in real records are tolerated, not refused: identical events under different ids
/// (an export repeated), steps recorded before the report (an arrest at the scene), a
/// consultation recorded after the decision (S136-4 judges it late).
fn check_order(raw: &RawCase) -> Result<(), CaseError> {
    let report = raw.reported_at.or(raw.recorded_at);
    if let (Some(closed), Some(report)) = (raw.closed_at, report)
        && closed < report
    {
        return Err(CaseError::ClosedBeforeReported);
    }
    for event in raw.events.iter() {
        if let What::VictimInformed { decision, .. } = event.what
            && find(&raw.events, decision).is_some_and(|decided| event.at < decided.at)
        {
            return Err(CaseError::OutOfOrder {
                event: event.id.0,
                problem: OrderProblem::ToldBeforeDecision,
            });
        }
    }
    for detention in raw.detentions.iter() {
        check_detention_order(raw, detention)?;
    }
    Ok(())
}

/// The s136 part of [`check_order`], for one detention: its events replayed in time order.
fn check_detention_order(raw: &RawCase, detention: &Detention) -> Result<(), CaseError> {
    let own = || {
        raw.events.iter().filter_map(move |event| {
            let group = event.what.s136()?;
            (group.detention == detention.id).then_some((event, group.kind))
        })
    };
    let decided = detention.decided_at;
    let first_arrival = own()
        .find(|(_, kind)| matches!(kind, S136Kind::Arrived { .. }))
        .map(|(event, _)| event.at);
    let clock_start = if detention.kept_at.is_some() {
        Some(decided)
    } else {
        first_arrival
    };
    let mut ended: Option<Instant> = None;
    let mut at_a_place = detention.kept_at.is_some();
    for (event, kind) in own() {
        let after_end = ended.is_some_and(|end| event.at > end);
        let problem = match kind {
            // One message for the three ways (before the decision, after the end, with no
            // stay to leave): a device's flash counts every message.
            S136Kind::Departed if event.at < decided || after_end || !at_a_place => {
                Some(OrderProblem::DepartureWithoutStay)
            }
            S136Kind::Arrived { .. } if event.at < decided => {
                Some(OrderProblem::ArrivalBeforeDecision)
            }
            S136Kind::Arrived { .. } if after_end => Some(OrderProblem::ArrivalAfterEnd),
            S136Kind::AssessmentCompleted if clock_start.is_none_or(|start| event.at < start) => {
                Some(OrderProblem::AssessmentBeforeArrival)
            }
            S136Kind::Ended if event.at < decided => Some(OrderProblem::EndedBeforeDecision),
            S136Kind::Ended if ended.is_some() => Some(OrderProblem::EndedTwice),
            S136Kind::WelfareCheck if after_end => Some(OrderProblem::WelfareCheckAfterEnd),
            S136Kind::Departed
            | S136Kind::Arrived { .. }
            | S136Kind::AssessmentCompleted
            | S136Kind::Ended
            | S136Kind::WelfareCheck
            | S136Kind::Consulted { .. }
            | S136Kind::ConsultationImpracticable
            | S136Kind::StationAuthorised { .. }
            | S136Kind::ExtensionAuthorised { .. }
            | S136Kind::ExtensionApproved { .. }
            | S136Kind::ReferredToSuperintendent => None,
        };
        if let Some(problem) = problem {
            return Err(CaseError::OutOfOrder {
                event: event.id.0,
                problem,
            });
        }
        match kind {
            S136Kind::Ended => ended = Some(event.at),
            S136Kind::Arrived { .. } => at_a_place = true,
            S136Kind::Departed => at_a_place = false,
            S136Kind::AssessmentCompleted
            | S136Kind::WelfareCheck
            | S136Kind::Consulted { .. }
            | S136Kind::ConsultationImpracticable
            | S136Kind::StationAuthorised { .. }
            | S136Kind::ExtensionAuthorised { .. }
            | S136Kind::ExtensionApproved { .. }
            | S136Kind::ReferredToSuperintendent => {}
        }
    }
    Ok(())
}
