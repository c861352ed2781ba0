//! **Mental Health Act 1983 section 136** — removal to, and detention at, a place of safety.
//!
//! Definitions. The **clock start** is the person's arrival at the first place of safety or,
//! when the person is kept at the place where they already are, the officer's decision to keep
//! them there (s136(2A)); an emergency department counts as a place of safety. The time of the
//! original detention on the street does not start the clock and a transfer between places of
//! safety does not restart it. The law is chosen by the **detention decision** (the Policing and
//! Crime Act 2017 changes, in force 2017-12-11, did not apply to detentions already under way at
//! the start of that day): the UK civil date of `decided_at`. It also chooses the source cited.
//! A **stay** at a place of safety runs from the arrival (or, for a person kept where they
//! were, from the decision) to the departure; where no departure is recorded, to the next
//! arrival, the end of the detention, or `now`, whichever comes first. The journey between two
//! places is not a stay at either.
//!
//! - **S136-1 permitted-period.** The s136 detention ends (release, or held under another
//!   power) within the permitted period: 24 hours from the clock start, extendable once by up to
//!   12 hours. An extension counts only if the registered medical practitioner responsible for
//!   the examination authorised it strictly before the 24 hours expired, because the person's
//!   condition made assessment impracticable, and — where the person was at a police station
//!   when it was authorised — a superintendent or above approved it, also before expiry
//!   (s136(2A)-(3), s136B). Ended in time: `Met`; running within it: `Pending`; continuing past
//!   it: `Prohibited`. Before 2017-12-11: 72 hours, no extension (s136(2) as then in force;
//!   changed by the Policing and Crime Act 2017 s82). "At a police station" means during a
//!   stay there: a person who had left the station before the extension needed no approval.
//!   If the person never reached a place of safety, there is no clock yet: `Pending` with no
//!   deadline, or `Met` once the detention ended.
//! - **S136-2 superintendent-escalation.** Force policy from the inspection: if the
//!   assessment is not complete at the escalation point (24 hours from the clock start, policy
//!   `s136_escalation_hours`), a referral to a superintendent is recorded by the escalation
//!   point plus a grace (policy, default 0); an earlier referral counts. Warning lead 4 hours by
//!   default. No finding when the assessment was completed, or the detention ended, at or
//!   before the escalation point. From 2017-12-11.
//! - **S136-3 place-of-safety.** A person under 18 is never taken to or kept at a police
//!   station as a place of safety (s136A(1)): `Prohibited`. An adult only if, at or before
//!   arrival, an inspector or above authorised it and recorded that the behaviour poses an
//!   imminent risk of serious injury or death, that no other place of safety could reasonably
//!   detain them, and that a healthcare professional will be present and available (Places of
//!   Safety Regulations 2017 reg 2); otherwise `Prohibited`. The deadline is the first arrival at
//!   a police station. A person whose age is not recorded is judged as an adult. One finding
//!   per detention that used a police station. From 2017-12-11.
//! - **S136-4 prior-consultation.** Before detaining, the officer consults, if practicable, a
//!   registered medical practitioner, registered nurse, approved mental health professional,
//!   occupational therapist or paramedic (s136(1C); the custody officer is not among them).
//!   Deadline: the decision. `Met` if consulted at or before it, or if a reason it was not
//!   practicable is recorded before the detention ends; `MetLate` if consulted only after;
//!   otherwise `Missed`, except at `now` equal to the decision instant, where the duty is still
//!   open (`Pending`, `docs/CATALOGUE.md` §1.2). From 2017-12-11.
//! - **S136-5 welfare-checks.** While the person is held at a police station as a place of
//!   safety, a healthcare professional checks their welfare at least every 30 minutes (reg 4):
//!   the first check is due 30 minutes after arrival, each next one 30 minutes after the
//!   previous, until the person leaves the station: a departure, the next arrival or the end of
//!   the detention (a gap of exactly 30 minutes is kept; a check at the second the person
//!   leaves counts, `docs/CATALOGUE.md` §1.2). One
//!   finding per detention summing up its checks: `Missed` while a check is overdue or if the
//!   person left with one overdue; `MetLate` if a check came late; `Pending` while at the
//!   station; `Met` once they left with every check on time. From 2017-12-11.

use crate::case::{Detention, Event, PlaceKind, Rank, S136Kind};
use crate::finding::{Reason, Status, Subject};
use crate::time::Instant;

use super::needs_assessment::reason_for;
use super::{
    Ctx, Dated, Family, Full, Out, RuleId, RuleSet, Source, Verdict, date, in_force_at, source,
};

/// The s136 regime in force on a detention decision's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Regime {
    /// The permitted period, in hours from the clock start.
    pub permitted_hours: u32,
    /// The longest extension, in hours (0: none possible).
    pub max_extension_hours: u8,
    /// Whether the 2017 reforms apply: the under-18 ban, the conditions for police stations,
    /// prior consultation and welfare checks.
    pub reformed: bool,
}

/// The s136 regimes, by the date of the detention decision.
pub(crate) static REGIMES: [Dated<Regime>; 2] = [
    Dated::new(
        date(1983, 9, 30),
        Regime {
            permitted_hours: 72,
            max_extension_hours: 0,
            reformed: false,
        },
    ),
    Dated::new(
        REFORM,
        Regime {
            permitted_hours: 24,
            max_extension_hours: 12,
            reformed: true,
        },
    ),
];

/// The Policing and Crime Act 2017 changes to s136 took effect on this date.
const REFORM: crate::time::Date = date(2017, 12, 11);
const MHA: &str = "Mental Health Act 1983";
const REGS: &str = "Mental Health Act 1983 (Places of Safety) Regulations 2017";

pub(crate) static SOURCES_S136_1: [Dated<Source>; 2] = [
    source(
        MHA,
        "s136(2) as then in force (detention for up to 72 hours); changed by the Policing and Crime Act 2017 s82",
        date(1983, 9, 30),
    ),
    source(
        MHA,
        "s136(2A)-(3), s136B (24 hours, one extension of up to 12), as amended by the Policing and Crime Act 2017 ss80-83",
        REFORM,
    ),
];
pub(crate) static SOURCES_S136_2: [Dated<Source>; 1] = [source(
    "Force s136 escalation policy (HMICFRS PEEL 2021/22, Hertfordshire)",
    "Referral to a superintendent when the assessment is incomplete at 24 hours",
    REFORM,
)];
pub(crate) static SOURCES_S136_3: [Dated<Source>; 1] = [source(
    "Mental Health Act 1983 s136A; Mental Health Act 1983 (Places of Safety) Regulations 2017",
    "s136A(1) (no child at a police station); reg 2 (conditions for an adult)",
    REFORM,
)];
pub(crate) static SOURCES_S136_4: [Dated<Source>; 1] = [source(
    MHA,
    "s136(1C) (consultation before detention, if practicable)",
    REFORM,
)];
pub(crate) static SOURCES_S136_5: [Dated<Source>; 1] = [source(
    REGS,
    "reg 4 (welfare checked at least every 30 minutes)",
    REFORM,
)];

/// The 30-minute welfare-check interval, in seconds.
const WELFARE_INTERVAL: i64 = 30 * 60;

/// The rules that came with the 2017 reforms: every s136 rule but S136-1.
const LATER_RULES: RuleSet =
    RuleSet::family(Family::S136).without(RuleSet::EMPTY.with(RuleId::S136_1));

pub(crate) fn evaluate(ctx: &Ctx<'_>, out: &mut Out) -> Result<(), Full> {
    for detention in ctx.case.detentions() {
        let decided = detention.decided_at;
        let Some(regime) = in_force_at(&REGIMES, decided) else {
            continue;
        };
        let facts = Facts::gather(ctx, detention);
        let subject = Subject::Detention(detention.id);
        let sourced = |table: &'static [Dated<Source>]| in_force_at(table, decided);
        if ctx.wants(RuleId::S136_1)
            && let Some(source) = sourced(&SOURCES_S136_1)
        {
            out.push(
                RuleId::S136_1,
                subject,
                source,
                permitted_period(ctx, &facts, regime),
            )?;
        }
        // The other four rules came with the 2017 reforms.
        if !regime.reformed || !ctx.policy.rules.intersects(LATER_RULES) {
            continue;
        }
        if let (Some(source), Some(verdict)) = (sourced(&SOURCES_S136_2), escalation(ctx, &facts)) {
            out.push(RuleId::S136_2, subject, source, verdict)?;
        }
        if let (Some(source), Some(verdict)) =
            (sourced(&SOURCES_S136_3), place_of_safety(ctx, &facts))
        {
            out.push(RuleId::S136_3, subject, source, verdict)?;
        }
        if let Some(source) = sourced(&SOURCES_S136_4) {
            out.push(RuleId::S136_4, subject, source, consultation(ctx, &facts))?;
        }
        if let (Some(source), Some(verdict)) =
            (sourced(&SOURCES_S136_5), welfare_checks(ctx, &facts))
        {
            out.push(RuleId::S136_5, subject, source, verdict)?;
        }
    }
    Ok(())
}

/// The facts of one detention the rules share.
struct Facts<'a> {
    detention: &'a Detention,
    clock_start: Option<Instant>,
    ended: Option<Instant>,
}

impl<'a> Facts<'a> {
    fn gather(ctx: &Ctx<'_>, detention: &'a Detention) -> Self {
        let mut first_arrival = None;
        let mut ended = None;
        for (event, kind) in events_of(ctx, detention) {
            match kind {
                S136Kind::Arrived { .. } => first_arrival = first_arrival.or(Some(event.at)),
                S136Kind::Ended => ended = ended.or(Some(event.at)),
                // Neither starts the clock nor ends the detention.
                S136Kind::Departed
                | S136Kind::Consulted { .. }
                | S136Kind::ConsultationImpracticable
                | S136Kind::StationAuthorised { .. }
                | S136Kind::ExtensionAuthorised { .. }
                | S136Kind::ExtensionApproved { .. }
                | S136Kind::ReferredToSuperintendent
                | S136Kind::WelfareCheck
                | S136Kind::AssessmentCompleted => {}
            }
        }
        let clock_start = if detention.kept_at.is_some() {
            Some(detention.decided_at)
        } else {
            first_arrival
        };
        Facts {
            detention,
            clock_start,
            ended,
        }
    }

    /// The detention's own events, in time order, each with its kind.
    fn events<'c>(
        &self,
        ctx: &'c Ctx<'_>,
    ) -> impl Iterator<Item = (&'c Event, S136Kind)> + use<'c, '_> {
        events_of(ctx, self.detention)
    }

    /// Whether the person was staying at a police station when `event` (one of this
    /// detention's events) happened: the stays are replayed from the events sorted before it, so
    /// a departure at the same second, which sorts after, has not yet happened.
    fn at_police_station(&self, ctx: &Ctx<'_>, event: &Event) -> bool {
        let mut place = self.detention.kept_at;
        for (earlier, kind) in self.events(ctx) {
            if core::ptr::eq(earlier, event) {
                break;
            }
            match kind {
                S136Kind::Arrived { place: p } => place = Some(p),
                S136Kind::Departed => place = None,
                // None of these moves the person.
                S136Kind::Consulted { .. }
                | S136Kind::ConsultationImpracticable
                | S136Kind::StationAuthorised { .. }
                | S136Kind::ExtensionAuthorised { .. }
                | S136Kind::ExtensionApproved { .. }
                | S136Kind::ReferredToSuperintendent
                | S136Kind::WelfareCheck
                | S136Kind::AssessmentCompleted
                | S136Kind::Ended => {}
            }
        }
        place == Some(PlaceKind::PoliceStation)
    }
}

/// A detention's own events, in time order, each with its kind.
fn events_of<'c>(
    ctx: &'c Ctx<'_>,
    detention: &Detention,
) -> impl Iterator<Item = (&'c Event, S136Kind)> + use<'c> {
    let id = detention.id;
    ctx.case.events().iter().filter_map(move |event| {
        let group = event.what.s136()?;
        (group.detention == id).then_some((event, group.kind))
    })
}

/// The end of the permitted period, and why an extension did not count if one was refused.
fn permitted_end(
    ctx: &Ctx<'_>,
    facts: &Facts<'_>,
    regime: &Regime,
    clock: Instant,
) -> (Instant, Option<Reason>) {
    let base_end = clock.plus_hours(regime.permitted_hours);
    if regime.max_extension_hours == 0 {
        return (base_end, None);
    }
    let mut refused = None;
    for (event, kind) in facts.events(ctx) {
        let S136Kind::ExtensionAuthorised {
            hours,
            by_responsible_doctor,
            assessment_impracticable,
        } = kind
        else {
            continue;
        };
        let problem = if event.at >= base_end {
            Some(Reason::ExtensionAfterExpiry)
        } else if !by_responsible_doctor {
            Some(Reason::ExtensionNotByResponsibleDoctor)
        } else if !assessment_impracticable {
            Some(Reason::ExtensionWithoutGround)
        } else if facts.at_police_station(ctx, event)
            && !superintendent_approved(ctx, facts, base_end)
        {
            Some(Reason::ExtensionNotApproved)
        } else {
            None
        };
        match problem {
            None => {
                let hours = hours.min(regime.max_extension_hours);
                return (base_end.plus_hours(u32::from(hours)), None);
            }
            Some(reason) => refused = refused.or(Some(reason)),
        }
    }
    (base_end, refused)
}

fn superintendent_approved(ctx: &Ctx<'_>, facts: &Facts<'_>, by: Instant) -> bool {
    facts.events(ctx).any(|(event, kind)| {
        event.at < by
            && matches!(kind, S136Kind::ExtensionApproved { rank } if rank >= Rank::Superintendent)
    })
}

#[inline(never)]
fn permitted_period(ctx: &Ctx<'_>, facts: &Facts<'_>, regime: &Regime) -> Verdict {
    let Some(clock) = facts.clock_start else {
        return match facts.ended {
            Some(ended) => Verdict::new(
                Status::Met,
                None,
                Some(ended),
                Reason::WithinPermittedPeriod,
            ),
            None => Verdict::new(Status::Pending, None, None, Reason::ClockNotStarted),
        };
    };
    let (end, refused) = permitted_end(ctx, facts, regime, clock);
    let beyond = refused.unwrap_or(Reason::DetainedBeyondPermittedPeriod);
    match facts.ended {
        Some(ended) if ended <= end => Verdict::new(
            Status::Met,
            Some(end),
            Some(ended),
            Reason::WithinPermittedPeriod,
        ),
        Some(_) => Verdict::new(Status::Prohibited, Some(end), None, beyond),
        None if ctx.now > end => Verdict::new(Status::Prohibited, Some(end), None, beyond),
        None => Verdict::new(
            ctx.open(end, RuleId::S136_1),
            Some(end),
            None,
            Reason::WithinPermittedPeriod,
        ),
    }
}

#[inline(never)]
fn escalation(ctx: &Ctx<'_>, facts: &Facts<'_>) -> Option<Verdict> {
    let clock = facts.clock_start?;
    let point = clock.plus_hours(ctx.policy.s136_escalation_hours);
    let deadline = point.plus_minutes(ctx.policy.s136_escalation_grace_minutes);
    let mut assessed = None;
    let mut referred = None;
    for (event, kind) in facts.events(ctx) {
        match kind {
            S136Kind::AssessmentCompleted => assessed = assessed.or(Some(event.at)),
            S136Kind::ReferredToSuperintendent => referred = referred.or(Some(event.at)),
            _ => {}
        }
    }
    let settled_by_point = |at: Option<Instant>| at.is_some_and(|at| at <= point);
    if settled_by_point(assessed) || settled_by_point(facts.ended) {
        return None;
    }
    let status = ctx.timeliness(deadline, referred, RuleId::S136_2);
    Some(Verdict::new(
        status,
        Some(deadline),
        referred,
        reason_for(status, Reason::NoSuperintendentReferral),
    ))
}

#[inline(never)]
fn place_of_safety(ctx: &Ctx<'_>, facts: &Facts<'_>) -> Option<Verdict> {
    let detention = facts.detention;
    let arrival = if detention.kept_at == Some(PlaceKind::PoliceStation) {
        Some(detention.decided_at)
    } else {
        facts.events(ctx).find_map(|(event, kind)| match kind {
            S136Kind::Arrived {
                place: PlaceKind::PoliceStation,
            } => Some(event.at),
            _ => None,
        })
    }?;
    if detention.age.is_some_and(|age| age < 18) {
        return Some(Verdict::new(
            Status::Prohibited,
            Some(arrival),
            None,
            Reason::ChildAtPoliceStation,
        ));
    }
    let mut gap = Reason::StationNotAuthorised;
    for (event, kind) in facts.events(ctx) {
        if event.at > arrival {
            break;
        }
        if let S136Kind::StationAuthorised {
            rank,
            imminent_risk,
            no_other_place,
            healthcare_professional_present,
        } = kind
        {
            if rank < Rank::Inspector {
                gap = Reason::StationAuthorisedBelowInspector;
            } else if !(imminent_risk && no_other_place && healthcare_professional_present) {
                gap = Reason::StationConditionsNotRecorded;
            } else {
                return Some(Verdict::new(
                    Status::Met,
                    Some(arrival),
                    Some(event.at),
                    Reason::DoneOnTime,
                ));
            }
        }
    }
    Some(Verdict::new(Status::Prohibited, Some(arrival), None, gap))
}

#[inline(never)]
fn consultation(ctx: &Ctx<'_>, facts: &Facts<'_>) -> Verdict {
    let decided = facts.detention.decided_at;
    let mut consulted = None;
    let mut impracticable = None;
    for (event, kind) in facts.events(ctx) {
        match kind {
            S136Kind::Consulted { with } if with.is_named_in_regulations() => {
                consulted = consulted.or(Some(event.at));
            }
            S136Kind::ConsultationImpracticable
                if facts.ended.is_none_or(|ended| event.at <= ended) =>
            {
                impracticable = impracticable.or(Some(event.at));
            }
            _ => {}
        }
    }
    match (consulted, impracticable) {
        (Some(at), _) if at <= decided => {
            Verdict::new(Status::Met, Some(decided), Some(at), Reason::Consulted)
        }
        (_, Some(at)) => Verdict::new(Status::Met, Some(decided), Some(at), Reason::Consulted),
        (Some(at), None) => {
            Verdict::new(Status::MetLate, Some(decided), Some(at), Reason::DoneLate)
        }
        (None, None) => Verdict::new(
            ctx.open(decided, RuleId::S136_4),
            Some(decided),
            None,
            Reason::NoConsultation,
        ),
    }
}

#[inline(never)]
fn welfare_checks(ctx: &Ctx<'_>, facts: &Facts<'_>) -> Option<Verdict> {
    let detention = facts.detention;
    // When the next check is due, while the person is at a police station.
    let mut due: Option<Instant> = (detention.kept_at == Some(PlaceKind::PoliceStation))
        .then(|| detention.decided_at.plus_secs(WELFARE_INTERVAL));
    let mut used_station = due.is_some();
    let mut worst: Option<Verdict> = None;
    let mut note =
        |verdict: Verdict| worst = Some(worst.map_or(verdict, |w: Verdict| w.worst(verdict)));
    let overdue = |deadline: Instant| {
        Verdict::new(
            Status::Missed,
            Some(deadline),
            None,
            Reason::WelfareCheckOverdue,
        )
    };
    for (event, kind) in facts.events(ctx) {
        match kind {
            S136Kind::Arrived { place } => {
                if let Some(deadline) = due.take()
                    && event.at > deadline
                {
                    note(overdue(deadline));
                }
                if place == PlaceKind::PoliceStation {
                    used_station = true;
                    due = Some(event.at.plus_secs(WELFARE_INTERVAL));
                }
            }
            S136Kind::WelfareCheck => {
                if let Some(deadline) = due {
                    if event.at > deadline {
                        note(Verdict::new(
                            Status::MetLate,
                            Some(deadline),
                            Some(event.at),
                            Reason::WelfareCheckLate,
                        ));
                    }
                    due = Some(event.at.plus_secs(WELFARE_INTERVAL));
                }
            }
            // Leaving the station, by a departure or the end of the detention: no check falls
            // due after it (the journey to the next place is not a stay).
            S136Kind::Departed | S136Kind::Ended => {
                if let Some(deadline) = due.take()
                    && event.at > deadline
                {
                    note(overdue(deadline));
                }
                if matches!(kind, S136Kind::Ended) {
                    break;
                }
            }
            // None of these is a check, or moves the person.
            S136Kind::Consulted { .. }
            | S136Kind::ConsultationImpracticable
            | S136Kind::StationAuthorised { .. }
            | S136Kind::ExtensionAuthorised { .. }
            | S136Kind::ExtensionApproved { .. }
            | S136Kind::ReferredToSuperintendent
            | S136Kind::AssessmentCompleted => {}
        }
    }
    if !used_station {
        return None;
    }
    let last = match due {
        Some(deadline) if ctx.now > deadline => overdue(deadline),
        Some(deadline) => Verdict::new(
            ctx.open(deadline, RuleId::S136_5),
            Some(deadline),
            None,
            Reason::NextWelfareCheckDue,
        ),
        None => Verdict::new(Status::Met, None, None, Reason::EveryWelfareCheckKept),
    };
    Some(worst.map_or(last, |w| w.worst(last)))
}

#[cfg(all(test, feature = "s136"))]
mod tests {
    use super::*;
    use crate::case::{Consultee, DetentionId, DetentionOutcome, What};
    use crate::policy::Policy;
    use crate::rules::testkit::{Build, at, none_for, one};

    const D: Subject = Subject::Detention(DetentionId(1));
    const DECIDED: &str = "2024-06-03T09:30:00Z";
    const ARRIVED: &str = "2024-06-03T10:00:00Z";

    fn arrive(place: PlaceKind) -> What {
        What::ArrivedAtPlaceOfSafety {
            detention: DetentionId(1),
            place,
        }
    }
    const END: What = What::DetentionEnded {
        detention: DetentionId(1),
        outcome: DetentionOutcome::Released,
    };
    const ASSESSED: What = What::AssessmentCompleted {
        detention: DetentionId(1),
    };
    const CHECK: What = What::WelfareCheck {
        detention: DetentionId(1),
    };

    fn extension(by_responsible_doctor: bool, assessment_impracticable: bool) -> What {
        What::ExtensionAuthorised {
            detention: DetentionId(1),
            hours: 12,
            by_responsible_doctor,
            assessment_impracticable,
        }
    }

    fn hospital() -> Build {
        Build::detention(DECIDED, Some(30), None).event(ARRIVED, arrive(PlaceKind::HealthBased))
    }

    #[test]
    fn the_clock_starts_on_arrival_and_runs_24_hours() {
        let f = one(
            &hospital()
                .event("2024-06-03T20:00:00Z", END)
                .run("2024-06-05T00:00:00Z"),
            RuleId::S136_1,
            D,
        );
        assert_eq!(
            (f.status, f.deadline),
            (Status::Met, Some(at("2024-06-04T10:00:00Z")))
        );
        let f = one(&hospital().run("2024-06-04T09:00:00Z"), RuleId::S136_1, D);
        assert_eq!(f.status, Status::Pending);
        let f = one(&hospital().run("2024-06-04T10:00:01Z"), RuleId::S136_1, D);
        assert_eq!(
            (f.status, f.reason),
            (Status::Prohibited, Reason::DetainedBeyondPermittedPeriod)
        );
        let f = one(
            &hospital()
                .event("2024-06-04T11:00:00Z", END)
                .run("2024-06-05T00:00:00Z"),
            RuleId::S136_1,
            D,
        );
        assert_eq!(f.status, Status::Prohibited);
    }

    #[test]
    fn elapsed_hours_ignore_the_clock_change() {
        // Arrival at 12:00 GMT the day before BST starts: due 24 elapsed hours later,
        // 12:00 UTC (13:00 BST).
        let f = one(
            &Build::detention("2024-03-30T11:30:00Z", Some(30), None)
                .event(
                    "2024-03-30T12:00:00Z",
                    arrive(PlaceKind::EmergencyDepartment),
                )
                .run("2024-03-30T13:00:00Z"),
            RuleId::S136_1,
            D,
        );
        assert_eq!(f.deadline, Some(at("2024-03-31T12:00:00Z")));
    }

    #[test]
    fn being_kept_where_they_are_starts_the_clock_at_the_decision() {
        let f = one(
            &Build::detention(DECIDED, Some(30), Some(PlaceKind::Other))
                .run("2024-06-03T10:00:00Z"),
            RuleId::S136_1,
            D,
        );
        assert_eq!(f.deadline, Some(at("2024-06-04T09:30:00Z")));
    }

    #[test]
    fn a_transfer_does_not_restart_the_clock() {
        let f = one(
            &hospital()
                .event(
                    "2024-06-03T15:00:00Z",
                    arrive(PlaceKind::EmergencyDepartment),
                )
                .run("2024-06-03T16:00:00Z"),
            RuleId::S136_1,
            D,
        );
        assert_eq!(f.deadline, Some(at("2024-06-04T10:00:00Z")));
    }

    #[test]
    fn no_place_of_safety_yet_means_no_clock() {
        let f = one(
            &Build::detention(DECIDED, Some(30), None).run("2024-06-03T09:45:00Z"),
            RuleId::S136_1,
            D,
        );
        assert_eq!(
            (f.status, f.deadline, f.reason),
            (Status::Pending, None, Reason::ClockNotStarted)
        );
    }

    #[test]
    fn a_valid_extension_adds_up_to_12_hours() {
        let f = one(
            &hospital()
                .event("2024-06-04T08:00:00Z", extension(true, true))
                .event("2024-06-04T21:00:00Z", END)
                .run("2024-06-05T00:00:00Z"),
            RuleId::S136_1,
            D,
        );
        assert_eq!(
            (f.status, f.deadline),
            (Status::Met, Some(at("2024-06-04T22:00:00Z")))
        );
    }

    #[test]
    fn an_extension_authorised_after_expiry_does_not_count() {
        let f = one(
            &hospital()
                .event("2024-06-04T10:00:00Z", extension(true, true))
                .event("2024-06-04T21:00:00Z", END)
                .run("2024-06-05T00:00:00Z"),
            RuleId::S136_1,
            D,
        );
        assert_eq!(
            (f.status, f.reason),
            (Status::Prohibited, Reason::ExtensionAfterExpiry)
        );
        assert_eq!(f.deadline, Some(at("2024-06-04T10:00:00Z")));
    }

    #[test]
    fn an_extension_needs_the_responsible_doctor_and_a_ground() {
        let run = |what| {
            one(
                &hospital()
                    .event("2024-06-04T08:00:00Z", what)
                    .run("2024-06-04T12:00:00Z"),
                RuleId::S136_1,
                D,
            )
            .reason
        };
        assert_eq!(
            run(extension(false, true)),
            Reason::ExtensionNotByResponsibleDoctor
        );
        assert_eq!(run(extension(true, false)), Reason::ExtensionWithoutGround);
    }

    #[test]
    fn at_a_police_station_an_extension_needs_a_superintendent() {
        let station = || {
            Build::detention(DECIDED, Some(30), None)
                .event(ARRIVED, arrive(PlaceKind::PoliceStation))
                .event("2024-06-04T08:00:00Z", extension(true, true))
        };
        let f = one(&station().run("2024-06-04T12:00:00Z"), RuleId::S136_1, D);
        assert_eq!(
            (f.status, f.reason),
            (Status::Prohibited, Reason::ExtensionNotApproved)
        );
        let approved = What::ExtensionApproved {
            detention: DetentionId(1),
            rank: Rank::Superintendent,
        };
        let f = one(
            &station()
                .event("2024-06-04T08:30:00Z", approved)
                .run("2024-06-04T12:00:00Z"),
            RuleId::S136_1,
            D,
        );
        assert_eq!(
            (f.status, f.deadline),
            (Status::Pending, Some(at("2024-06-04T22:00:00Z")))
        );
    }

    #[test]
    fn before_the_2017_reforms_the_period_was_72_hours_without_extension() {
        let old = || {
            Build::detention("2017-12-10T23:30:00Z", Some(16), None)
                .event("2017-12-11T00:30:00Z", arrive(PlaceKind::PoliceStation))
        };
        let f = one(
            &old()
                .event("2017-12-13T00:00:00Z", END)
                .run("2017-12-14T00:00:00Z"),
            RuleId::S136_1,
            D,
        );
        assert_eq!(
            (f.status, f.deadline),
            (Status::Met, Some(at("2017-12-14T00:30:00Z")))
        );
        assert!(f.source.provision.contains("72 hours"));
        let f = one(&old().run("2017-12-14T00:30:01Z"), RuleId::S136_1, D);
        assert_eq!(f.status, Status::Prohibited);
        // The under-18 ban, consultation and welfare checks did not yet apply.
        let findings = old().run("2017-12-11T02:00:00Z");
        for rule in [
            RuleId::S136_2,
            RuleId::S136_3,
            RuleId::S136_4,
            RuleId::S136_5,
        ] {
            assert!(none_for(&findings, rule), "{rule}");
        }
    }

    #[test]
    fn escalation_to_a_superintendent_at_24_hours() {
        let mut policy = Policy::default();
        let f = one(
            &hospital().run_with(&policy, "2024-06-03T12:00:00Z"),
            RuleId::S136_2,
            D,
        );
        assert_eq!(
            (f.status, f.deadline),
            (Status::Pending, Some(at("2024-06-04T10:00:00Z")))
        );
        let f = one(
            &hospital().run_with(&policy, "2024-06-04T07:00:00Z"),
            RuleId::S136_2,
            D,
        );
        assert_eq!(f.status, Status::DueSoon);
        let f = one(
            &hospital().run_with(&policy, "2024-06-04T10:00:01Z"),
            RuleId::S136_2,
            D,
        );
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::NoSuperintendentReferral)
        );
        let referred = What::ReferredToSuperintendent {
            detention: DetentionId(1),
        };
        let f = one(
            &hospital()
                .event("2024-06-03T22:00:00Z", referred)
                .run_with(&policy, "2024-06-04T12:00:00Z"),
            RuleId::S136_2,
            D,
        );
        assert_eq!(f.status, Status::Met);
        let f = one(
            &hospital()
                .event("2024-06-04T11:00:00Z", referred)
                .run_with(&policy, "2024-06-04T12:00:00Z"),
            RuleId::S136_2,
            D,
        );
        assert_eq!(f.status, Status::MetLate);
        policy.s136_escalation_grace_minutes = 90;
        let f = one(
            &hospital()
                .event("2024-06-04T11:00:00Z", referred)
                .run_with(&policy, "2024-06-04T12:00:00Z"),
            RuleId::S136_2,
            D,
        );
        assert_eq!(f.status, Status::Met);
    }

    #[test]
    fn no_escalation_when_assessed_or_released_by_the_escalation_point() {
        let assessed = hospital()
            .event("2024-06-04T10:00:00Z", ASSESSED)
            .run("2024-06-04T12:00:00Z");
        assert!(none_for(&assessed, RuleId::S136_2));
        let released = hospital()
            .event("2024-06-03T20:00:00Z", END)
            .run("2024-06-04T12:00:00Z");
        assert!(none_for(&released, RuleId::S136_2));
        let assessed_late = hospital()
            .event("2024-06-04T10:00:01Z", ASSESSED)
            .run("2024-06-04T12:00:00Z");
        assert_eq!(
            one(&assessed_late, RuleId::S136_2, D).status,
            Status::Missed
        );
    }

    fn authorised(rank: Rank, all_conditions: bool) -> What {
        What::PoliceStationAuthorised {
            detention: DetentionId(1),
            rank,
            imminent_risk: true,
            no_other_place: all_conditions,
            healthcare_professional_present: true,
        }
    }

    #[test]
    fn a_child_at_a_police_station_is_prohibited() {
        let findings = Build::detention(DECIDED, Some(16), None)
            .event("2024-06-03T09:50:00Z", authorised(Rank::Inspector, true))
            .event(ARRIVED, arrive(PlaceKind::PoliceStation))
            .run("2024-06-03T11:00:00Z");
        let f = one(&findings, RuleId::S136_3, D);
        assert_eq!(
            (f.status, f.reason),
            (Status::Prohibited, Reason::ChildAtPoliceStation)
        );
        // S136-5 still runs for the child held there.
        assert_eq!(one(&findings, RuleId::S136_5, D).status, Status::Missed);
    }

    #[test]
    fn an_adult_at_a_police_station_needs_an_inspectors_full_authorisation() {
        let run = |what| {
            one(
                &Build::detention(DECIDED, Some(30), None)
                    .event("2024-06-03T09:50:00Z", what)
                    .event(ARRIVED, arrive(PlaceKind::PoliceStation))
                    .run("2024-06-03T10:10:00Z"),
                RuleId::S136_3,
                D,
            )
        };
        let f = run(authorised(Rank::Inspector, true));
        assert_eq!(
            (f.status, f.met_at),
            (Status::Met, Some(at("2024-06-03T09:50:00Z")))
        );
        assert_eq!(
            run(authorised(Rank::Sergeant, true)).reason,
            Reason::StationAuthorisedBelowInspector
        );
        assert_eq!(
            run(authorised(Rank::Inspector, false)).reason,
            Reason::StationConditionsNotRecorded
        );
        let f = one(
            &Build::detention(DECIDED, Some(30), None)
                .event(ARRIVED, arrive(PlaceKind::PoliceStation))
                .run("2024-06-03T10:10:00Z"),
            RuleId::S136_3,
            D,
        );
        assert_eq!(
            (f.status, f.reason),
            (Status::Prohibited, Reason::StationNotAuthorised)
        );
        assert!(none_for(
            &hospital().run("2024-06-03T11:00:00Z"),
            RuleId::S136_3
        ));
    }

    #[test]
    fn consultation_before_the_decision() {
        let consult = |with| What::Consulted {
            detention: DetentionId(1),
            with,
        };
        let run = |b: Build| one(&b.run("2024-06-03T12:00:00Z"), RuleId::S136_4, D);
        let f = run(hospital().event("2024-06-03T09:20:00Z", consult(Consultee::Amhp)));
        assert_eq!((f.status, f.deadline), (Status::Met, Some(at(DECIDED))));
        let f = run(hospital().event("2024-06-03T09:40:00Z", consult(Consultee::Nurse)));
        assert_eq!(f.status, Status::MetLate);
        let f = run(hospital().event("2024-06-03T09:20:00Z", consult(Consultee::CustodyOfficer)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::NoConsultation)
        );
        let f = run(hospital().event(
            "2024-06-03T11:00:00Z",
            What::ConsultationImpracticable {
                detention: DetentionId(1),
            },
        ));
        assert_eq!(f.status, Status::Met);
    }

    fn station() -> Build {
        Build::detention(DECIDED, Some(30), None)
            .event("2024-06-03T09:50:00Z", authorised(Rank::Inspector, true))
            .event(ARRIVED, arrive(PlaceKind::PoliceStation))
    }

    #[test]
    fn welfare_checks_every_30_minutes() {
        let kept = || {
            station()
                .event("2024-06-03T10:30:00Z", CHECK)
                .event("2024-06-03T10:55:00Z", CHECK)
        };
        let f = one(&kept().run("2024-06-03T11:00:00Z"), RuleId::S136_5, D);
        assert_eq!(
            (f.status, f.deadline),
            (Status::Pending, Some(at("2024-06-03T11:25:00Z")))
        );
        let f = one(
            &kept()
                .event("2024-06-03T11:20:00Z", arrive(PlaceKind::HealthBased))
                .run("2024-06-03T13:00:00Z"),
            RuleId::S136_5,
            D,
        );
        assert_eq!(
            (f.status, f.reason),
            (Status::Met, Reason::EveryWelfareCheckKept)
        );
        let f = one(&kept().run("2024-06-03T11:25:01Z"), RuleId::S136_5, D);
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::WelfareCheckOverdue)
        );
    }

    #[test]
    fn a_late_check_is_met_late_and_leaving_with_one_overdue_is_missed() {
        let late = station()
            .event("2024-06-03T10:40:00Z", CHECK)
            .event("2024-06-03T11:05:00Z", CHECK)
            .run("2024-06-03T11:10:00Z");
        let f = one(&late, RuleId::S136_5, D);
        assert_eq!(
            (f.status, f.deadline, f.met_at),
            (
                Status::MetLate,
                Some(at("2024-06-03T10:30:00Z")),
                Some(at("2024-06-03T10:40:00Z"))
            )
        );
        let left_overdue = station()
            .event("2024-06-03T10:30:00Z", CHECK)
            .event("2024-06-03T11:10:00Z", END)
            .run("2024-06-03T12:00:00Z");
        let f = one(&left_overdue, RuleId::S136_5, D);
        assert_eq!(
            (f.status, f.deadline),
            (Status::Missed, Some(at("2024-06-03T11:00:00Z")))
        );
    }

    fn depart() -> What {
        What::DepartedPlaceOfSafety {
            detention: DetentionId(1),
        }
    }

    #[test]
    fn the_journey_after_a_departure_owes_no_welfare_check() {
        // At the station from 10:00, checked 10:25, left 10:40, at hospital from 11:30.
        let b = || {
            Build::detention(DECIDED, None, None)
                .event(ARRIVED, arrive(PlaceKind::PoliceStation))
                .event(
                    "2024-06-03T10:25:00Z",
                    What::WelfareCheck {
                        detention: DetentionId(1),
                    },
                )
        };
        let departed = b()
            .event("2024-06-03T10:40:00Z", depart())
            .event("2024-06-03T11:30:00Z", arrive(PlaceKind::HealthBased))
            .run("2024-06-03T12:00:00Z");
        assert_eq!(one(&departed, RuleId::S136_5, D).status, Status::Met);
        // Without the departure the stay runs to the next arrival, and the 10:55 check is owed.
        let stayed = b()
            .event("2024-06-03T11:30:00Z", arrive(PlaceKind::HealthBased))
            .run("2024-06-03T12:00:00Z");
        let f = one(&stayed, RuleId::S136_5, D);
        assert_eq!(
            (f.status, f.deadline),
            (Status::Missed, Some(at("2024-06-03T10:55:00Z")))
        );
    }

    #[test]
    fn a_check_at_the_second_of_departure_counts_whatever_the_ids() {
        let findings = Build::detention(DECIDED, None, None)
            .event_id(9, ARRIVED, arrive(PlaceKind::PoliceStation))
            .event_id(1, "2024-06-03T10:30:00Z", depart())
            .event_id(
                5,
                "2024-06-03T10:30:00Z",
                What::WelfareCheck {
                    detention: DetentionId(1),
                },
            )
            .event_id(2, "2024-06-03T11:00:00Z", arrive(PlaceKind::HealthBased))
            .run("2024-06-03T12:00:00Z");
        assert_eq!(one(&findings, RuleId::S136_5, D).status, Status::Met);
    }

    #[test]
    fn an_extension_after_leaving_the_station_needs_no_approval() {
        let extension = What::ExtensionAuthorised {
            detention: DetentionId(1),
            hours: 12,
            by_responsible_doctor: true,
            assessment_impracticable: true,
        };
        let b = || {
            Build::detention(DECIDED, None, None).event(ARRIVED, arrive(PlaceKind::PoliceStation))
        };
        let left = b()
            .event("2024-06-03T12:00:00Z", depart())
            .event("2024-06-04T08:00:00Z", extension)
            .run("2024-06-04T12:00:00Z");
        assert_eq!(
            one(&left, RuleId::S136_1, D).deadline,
            Some(at("2024-06-04T22:00:00Z"))
        );
        // Still at the station (the departure at the same second sorts after it): refused.
        let stayed = b()
            .event("2024-06-04T08:00:00Z", extension)
            .event("2024-06-04T08:00:00Z", depart())
            .run("2024-06-04T12:00:00Z");
        assert_eq!(
            one(&stayed, RuleId::S136_1, D).deadline,
            Some(at("2024-06-04T10:00:00Z"))
        );
    }

    #[test]
    fn consultation_is_open_at_the_decision_second_and_missed_after() {
        let b = || Build::detention(DECIDED, None, None);
        let f = one(&b().run(DECIDED), RuleId::S136_4, D);
        assert_eq!(
            (f.status, f.reason),
            (Status::Pending, Reason::NoConsultation)
        );
        let f = one(&b().run("2024-06-03T09:30:01Z"), RuleId::S136_4, D);
        assert_eq!(f.status, Status::Missed);
    }

    #[test]
    fn a_detention_before_the_reform_cites_s136_2_as_then_in_force() {
        let findings = Build::detention("2016-05-02T09:00:00Z", None, None)
            .event("2016-05-02T09:30:00Z", arrive(PlaceKind::HealthBased))
            .run("2016-05-03T09:00:00Z");
        let f = one(&findings, RuleId::S136_1, D);
        assert!(f.source.provision.starts_with("s136(2) as then in force"));
        assert_eq!(f.deadline, Some(at("2016-05-05T09:30:00Z")));
    }
}
