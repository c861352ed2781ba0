//! The checks of [`super::Case::new`]: capacities, unique ids, references between records,
//! the supported time range, plausible ages and intervals, contradictions, the instants duties
//! count from, and a timeline that could have happened. The timeline is sorted here, once.

use crate::capacity::{MAX_AGE, MAX_DECISIONS, MAX_EPISODES, MAX_NOTICES};
use crate::error::{CaseError, Collection};
use crate::list::List;
use crate::time::Instant;

use super::raw::{Attendance, Categories, Event, Incident, RawCase, VictimKind, What};

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
    const NOT_ATTENDED: &str = "attended is false, but an attendance time is recorded";
    if raw.attended == Attendance::NotAttended && raw.attended_at.is_some() {
        return Err(CaseError::Contradictory {
            field: "attended",
            problem: NOT_ATTENDED,
        });
    }
    if raw
        .victims
        .iter()
        .any(|v| v.kind == VictimKind::Organisation && v.bereaved_relative)
    {
        return Err(CaseError::Contradictory {
            field: "victims[].kind",
            problem: "an organisation cannot be a bereaved relative",
        });
    }
    for incident in raw.incidents.iter() {
        if incident.attended == Attendance::NotAttended && incident.attended_at.is_some() {
            return Err(CaseError::Contradictory {
                field: "incidents[].attended",
                problem: NOT_ATTENDED,
            });
        }
        if let Some(&id) = incident
            .children
            .iter()
            .find(|&&id| !raw.children.iter().any(|c| c.id == id))
        {
            return Err(CaseError::UnknownIncidentChild {
                incident: incident.id,
                id,
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
        if at("events[].at", Some(e.id), Some(e.at))
            || at("events[].what.notice_issued.served_at", Some(e.id), served)
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

fn first_duplicate<T>(items: &[T], id: impl Fn(&T) -> u32) -> Option<u32> {
    items.iter().enumerate().find_map(|(i, item)| {
        let key = id(item);
        items
            .get(..i)
            .into_iter()
            .flatten()
            .any(|earlier| id(earlier) == key)
            .then_some(key)
    })
}

fn check_unique(raw: &RawCase) -> Result<(), CaseError> {
    let checks = [
        (
            Collection::Victims,
            first_duplicate(&raw.victims, |v| v.id.into()),
        ),
        (
            Collection::Suspects,
            first_duplicate(&raw.suspects, |s| s.id.into()),
        ),
        (
            Collection::Children,
            first_duplicate(&raw.children, |c| c.id.into()),
        ),
        (
            Collection::Detentions,
            first_duplicate(&raw.detentions, |d| d.id.into()),
        ),
        (Collection::Events, first_duplicate(&raw.events, |e| e.id)),
        (
            Collection::Incidents,
            first_duplicate(&raw.incidents, |i| i.id.into()),
        ),
    ];
    for (collection, duplicate) in checks {
        if let Some(id) = duplicate {
            return Err(CaseError::DuplicateId { collection, id });
        }
    }
    for incident in raw.incidents.iter() {
        if let Some(id) = first_duplicate(&incident.children, |c| (*c).into()) {
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
            id: v.id,
        });
    }
    if let Some(s) = raw.suspects.iter().find(|s| too_old(s.age)) {
        return Err(CaseError::AgeOutOfRange {
            field: "suspects[].age",
            id: s.id,
        });
    }
    if let Some(c) = raw.children.iter().find(|c| too_old(Some(c.age))) {
        return Err(CaseError::AgeOutOfRange {
            field: "children[].age",
            id: c.id,
        });
    }
    if let Some(d) = raw.detentions.iter().find(|d| too_old(d.age)) {
        return Err(CaseError::AgeOutOfRange {
            field: "detentions[].age",
            id: d.id,
        });
    }
    Ok(())
}

fn check_event(raw: &RawCase, event: &Event) -> Result<(), CaseError> {
    let unknown = |field: &'static str, id: u32| CaseError::UnknownReference {
        event: event.id,
        field,
        id,
    };
    let victim = |id: u16| {
        if raw.victims.iter().any(|v| v.id == id) {
            Ok(())
        } else {
            Err(unknown("victim", id.into()))
        }
    };
    let suspect = |id: u16| {
        if raw.suspects.iter().any(|s| s.id == id) {
            Ok(())
        } else {
            Err(unknown("suspect", id.into()))
        }
    };
    let child = |id: u16| {
        if raw.children.iter().any(|c| c.id == id) {
            Ok(())
        } else {
            Err(unknown("child", id.into()))
        }
    };
    let detention = |id: u16| {
        if raw.detentions.iter().any(|d| d.id == id) {
            Ok(())
        } else {
            Err(unknown("detention", id.into()))
        }
    };
    let linked = |field: &'static str, id: u32, wanted: fn(&What) -> bool| match raw
        .events
        .iter()
        .find(|e| e.id == id)
    {
        Some(target) if wanted(&target.what) => Ok(target),
        Some(_) => Err(CaseError::WrongKindOfEvent {
            event: event.id,
            field,
            id,
        }),
        None => Err(unknown(field, id)),
    };
    let episode = |child_id: u16, episode: Option<u32>| {
        child(child_id)?;
        if let Some(id) = episode {
            linked("missing_episode", id, |w| {
                matches!(w, What::ChildReportedMissing { .. })
            })?;
        }
        Ok(())
    };
    match event.what {
        What::NeedsAssessment { victim: v, .. }
        | What::SupportReferralMade { victim: v }
        | What::VictimUpdated { victim: v }
        | What::VictimWithdrewSupport { victim: v }
        | What::WithdrawalConfirmed { victim: v }
        | What::EvidenceLedProsecutionConsidered { victim: v } => victim(v),
        What::CareContractAgreed {
            victim: v,
            interval_days,
            ..
        } => {
            victim(v)?;
            if interval_days == 0 {
                Err(CaseError::ZeroUpdateInterval { event: event.id })
            } else {
                Ok(())
            }
        }
        What::KeyDecision { suspect: s, .. } => s.map_or(Ok(()), suspect),
        What::Released { suspect: s, .. } => suspect(s),
        What::EvidenceRecorded { .. } => Ok(()),
        What::VictimInformed {
            victim: v,
            decision,
        } => {
            victim(v)?;
            linked("decision", decision, |w| {
                matches!(w, What::KeyDecision { .. })
            })
            .map(|_| ())
        }
        What::OrdersConsidered { .. } => Ok(()),
        What::NoticeIssued {
            suspect: s,
            served_at,
            ..
        } => {
            suspect(s)?;
            match served_at {
                Some(served) if served < event.at => Err(CaseError::OutOfOrder {
                    event: event.id,
                    problem: "the notice is served before it was authorised",
                }),
                _ => Ok(()),
            }
        }
        What::OrderHearing { notice } => {
            let target = linked("notice", notice, |w| matches!(w, What::NoticeIssued { .. }))?;
            match target.what {
                What::NoticeIssued {
                    served_at: Some(served),
                    ..
                } if event.at >= served => Ok(()),
                What::NoticeIssued {
                    served_at: Some(_), ..
                } => Err(CaseError::OutOfOrder {
                    event: event.id,
                    problem: "the hearing is before the notice was served",
                }),
                _ => Err(CaseError::OutOfOrder {
                    event: event.id,
                    problem: "a hearing for a notice that records no service time",
                }),
            }
        }
        What::ArrivedAtPlaceOfSafety { detention: d, .. }
        | What::DepartedPlaceOfSafety { detention: d }
        | What::Consulted { detention: d, .. }
        | What::ConsultationImpracticable { detention: d }
        | What::PoliceStationAuthorised { detention: d, .. }
        | What::ExtensionApproved { detention: d, .. }
        | What::ReferredToSuperintendent { detention: d }
        | What::WelfareCheck { detention: d }
        | What::AssessmentCompleted { detention: d }
        | What::DetentionEnded { detention: d, .. } => detention(d),
        What::ExtensionAuthorised {
            detention: d,
            hours,
            ..
        } => {
            detention(d)?;
            if (1..=12).contains(&hours) {
                Ok(())
            } else {
                Err(CaseError::ExtensionOutOfRange { event: event.id })
            }
        }
        What::SchoolNotified {
            child: c,
            missing_episode,
        }
        | What::LocalAuthorityNotified {
            child: c,
            missing_episode,
        }
        | What::NoSchoolToNotify {
            child: c,
            missing_episode,
        } => episode(c, missing_episode),
        What::ChildReportedMissing { child: c, .. } => child(c),
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
    let at_of = |id: u32| raw.events.iter().find(|e| e.id == id).map(|e| e.at);
    for event in raw.events.iter() {
        if let What::VictimInformed { decision, .. } = event.what
            && at_of(decision).is_some_and(|decided| event.at < decided)
        {
            return Err(CaseError::OutOfOrder {
                event: event.id,
                problem: "the victim was told of the decision before it was made",
            });
        }
    }
    for detention in raw.detentions.iter() {
        let own = |e: &&Event| event_detention(&e.what) == Some(detention.id);
        let first_arrival = raw
            .events
            .iter()
            .filter(own)
            .find(|e| matches!(e.what, What::ArrivedAtPlaceOfSafety { .. }))
            .map(|e| e.at);
        let clock_start = if detention.kept_at.is_some() {
            Some(detention.decided_at)
        } else {
            first_arrival
        };
        let mut ended: Option<Instant> = None;
        let mut at_a_place = detention.kept_at.is_some();
        for event in raw.events.iter().filter(own) {
            let problem = match event.what {
                What::DepartedPlaceOfSafety { .. }
                    if event.at < detention.decided_at
                        || ended.is_some_and(|end| event.at > end)
                        || !at_a_place =>
                {
                    // One message for the three ways (before the decision, after the end, with
                    // no stay to leave): a device's flash counts every message.
                    Some("a departure with no stay at a place of safety to leave")
                }
                What::ArrivedAtPlaceOfSafety { .. } if event.at < detention.decided_at => {
                    Some("arrival at a place of safety before the decision to detain")
                }
                What::ArrivedAtPlaceOfSafety { .. } if ended.is_some_and(|end| event.at > end) => {
                    Some("arrival at a place of safety after the detention ended")
                }
                What::AssessmentCompleted { .. }
                    if clock_start.is_none_or(|start| event.at < start) =>
                {
                    Some("the assessment was completed before the person reached a place of safety")
                }
                What::DetentionEnded { .. } if event.at < detention.decided_at => {
                    Some("the detention ended before the decision to detain")
                }
                What::DetentionEnded { .. } if ended.is_some() => Some("the detention ended twice"),
                What::WelfareCheck { .. } if ended.is_some_and(|end| event.at > end) => {
                    Some("a welfare check after the detention ended")
                }
                _ => None,
            };
            if let Some(problem) = problem {
                return Err(CaseError::OutOfOrder {
                    event: event.id,
                    problem,
                });
            }
            match event.what {
                What::DetentionEnded { .. } => ended = Some(event.at),
                What::ArrivedAtPlaceOfSafety { .. } => at_a_place = true,
                What::DepartedPlaceOfSafety { .. } => at_a_place = false,
                _ => {}
            }
        }
    }
    Ok(())
}

/// The detention an event is about, if it is a s136 event.
pub(crate) const fn event_detention(what: &What) -> Option<u16> {
    match *what {
        What::ArrivedAtPlaceOfSafety { detention, .. }
        | What::DepartedPlaceOfSafety { detention }
        | What::Consulted { detention, .. }
        | What::ConsultationImpracticable { detention }
        | What::PoliceStationAuthorised { detention, .. }
        | What::ExtensionAuthorised { detention, .. }
        | What::ExtensionApproved { detention, .. }
        | What::ReferredToSuperintendent { detention }
        | What::WelfareCheck { detention }
        | What::AssessmentCompleted { detention }
        | What::DetentionEnded { detention, .. } => Some(detention),
        _ => None,
    }
}
