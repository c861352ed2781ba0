//! **Keeping the victim informed** — Victims' Code 2020, Right 6, and the victim care contract.
//!
//! - **VU-1 care-contract.** For a recorded crime under investigation with an individual
//!   victim, a victim care contract (how often and how the victim wants updates) is recorded by
//!   the end of the 2nd working day after the report. The period follows NA-1's configured
//!   period (`needs_assessment_working_days`) unless the policy sets VU-1's own
//!   (`care_contract_working_days`). A crime is under investigation unless the force decided
//!   not to investigate it: a case marked `screened_out`, or a key decision not to investigate
//!   recorded at or before VU-1's deadline, gives no VU-1 finding; a decision after the
//!   deadline does not excuse a contract that was already late.
//! - **VU-2 contract-updates.** While the case is open, the victim gets an update at least once
//!   in every agreed interval, counted in elapsed days from the contract or the last update; a
//!   gap exactly equal to the interval is kept. A change of contract restarts the count from the
//!   change with the new interval, but does not wipe out an interval that had already run out.
//!   One finding per victim with a contract, summing up the intervals (`docs/CATALOGUE.md` §1.2): `Missed`
//!   while an interval has run out with no update since; `MetLate` if an update came after its
//!   interval ran out; else `Pending` with the next deadline while the case is open, `Met` once
//!   it is closed. Where no contract was agreed, a force may configure a default plan
//!   (policy `default_update_plan`, off by default): counted from the report, the first update
//!   within `first_within_hours`, then the optional second interval, then every
//!   `then_every_days`. Updates after the case was closed are not counted.
//! - **VU-3 key-decision-notice.** Each key decision (arrest, interview under caution, release
//!   with no further action, on bail or under investigation, bail conditions changed, charge or
//!   out-of-court disposal, a decision not to investigate) is told to each victim by the end of
//!   the 1st working day after it for a victim with enhanced rights, the 5th for others (policy
//!   `key_decision_working_days_*`). One finding per decision, summing up the victims.
//!   Enhanced rights are derived from the facts (category of crime and the victim's
//!   circumstances), never lowered by what an assessment recorded, and raised by an assessment
//!   recorded at or before the decision that says the victim is entitled to them or is
//!   vulnerable or intimidated. The default update plan of VU-2 is chosen by the entitlement
//!   at the report.
//!
//! All three are owed to individual victims; an organisation listed as a victim is owed
//! nothing here (and a decision in a case whose victims are all organisations gives no VU-3
//! finding). Crimes reported before the force's start of the 2015 Code (policy
//! `victims_code_2015_from`) give no finding.
//!
//! Sources, chosen by the report for VU-1 and VU-2 and by the decision for VU-3: Code of
//! Practice for Victims of Crime in England and Wales (2020), Right 6, in force 2021-04-01 (statutory duty to comply from 2025-01-29, Victims and Prisoners Act 2024 s5);
//! before it the 2015 Code (from 2015-11-16), which set the same 1 and 5 working days.

use crate::case::{Victim, What};
use crate::finding::{Reason, Status, Subject};
use crate::policy::Cadence;
use crate::time::{Instant, SECS_PER_DAY, SECS_PER_HOUR};

use super::needs_assessment::reason_for;
use super::{Ctx, Dated, Full, Out, RuleId, Source, Verdict, date, in_force_or_first, source};
use crate::case::DecisionKind;

const CODE_2015: &str = "Code of Practice for Victims of Crime (2015)";
const CODE_2020: &str = "Code of Practice for Victims of Crime in England and Wales (2020)";
const CODE_2020_VPA: &str = "Code of Practice for Victims of Crime in England and Wales (2020); Victims and Prisoners Act 2024 s5";

pub(crate) static SOURCES_VU_1: [Dated<Source>; 3] = [
    source(
        CODE_2015,
        "Chapter 2, Part A, section 1 (how and when to be kept informed)",
        date(2015, 11, 16),
    ),
    source(
        CODE_2020,
        "Right 6 (victim care contract: frequency and method of updates)",
        date(2021, 4, 1),
    ),
    source(
        CODE_2020_VPA,
        "Right 6 (victim care contract: frequency and method of updates)",
        date(2025, 1, 29),
    ),
];

pub(crate) static SOURCES_VU_2: [Dated<Source>; 3] = [
    source(
        CODE_2015,
        "Chapter 2, Part A, section 1 (updates as agreed)",
        date(2015, 11, 16),
    ),
    source(
        CODE_2020,
        "Right 6 (updates at the agreed frequency)",
        date(2021, 4, 1),
    ),
    source(
        CODE_2020_VPA,
        "Right 6 (updates at the agreed frequency)",
        date(2025, 1, 29),
    ),
];

pub(crate) static SOURCES_VU_3: [Dated<Source>; 3] = [
    source(
        CODE_2015,
        "Chapter 2, Part A, section 1 (key decisions: 1 working day enhanced, 5 others)",
        date(2015, 11, 16),
    ),
    source(
        CODE_2020,
        "Right 6 (key decisions: 1 working day enhanced, 5 others)",
        date(2021, 4, 1),
    ),
    source(
        CODE_2020_VPA,
        "Right 6 (key decisions: 1 working day enhanced, 5 others)",
        date(2025, 1, 29),
    ),
];

pub(crate) fn evaluate(ctx: &Ctx<'_>, out: &mut Out) -> Result<(), Full> {
    let case = ctx.case;
    let Some(report) = case.report() else {
        return Ok(());
    };
    if !ctx.victims_code_applies(report) {
        return Ok(());
    }
    if case.is_recorded_crime() {
        let (deadline, computed) = ctx.working_days_after(report, ctx.policy.care_contract_days());
        let investigated = !case.screened_out()
            && !case.events().iter().any(|event| {
                event.at <= deadline
                    && matches!(
                        event.what,
                        What::KeyDecision {
                            decision: DecisionKind::NotToInvestigate,
                            ..
                        }
                    )
            });
        for victim in case
            .victims()
            .iter()
            .filter(|victim| victim.is_individual())
        {
            if ctx.wants(RuleId::Vu1)
                && investigated
                && let Some(source) = in_force_or_first(&SOURCES_VU_1, report)
            {
                let agreed = case.events().iter().find_map(|event| match event.what {
                    What::CareContractAgreed { victim: v, .. } if v == victim.id => Some(event.at),
                    _ => None,
                });
                let status = ctx.timeliness(deadline, agreed, RuleId::Vu1);
                let verdict = Verdict::new(
                    status,
                    Some(deadline),
                    agreed,
                    reason_for(status, Reason::NoCareContract),
                )
                .computed(computed);
                out.push(RuleId::Vu1, Subject::Victim(victim.id), source, verdict)?;
            }
            if ctx.wants(RuleId::Vu2)
                && let Some(source) = in_force_or_first(&SOURCES_VU_2, report)
                && let Some(verdict) = contract_updates(ctx, victim, report)
            {
                out.push(RuleId::Vu2, Subject::Victim(victim.id), source, verdict)?;
            }
        }
    }
    key_decisions(ctx, out)?;
    Ok(())
}

/// The schedule updates are judged against.
#[derive(Clone, Copy)]
enum Schedule {
    /// A care contract: one update in every `interval` seconds.
    Contract { interval: i64 },
    /// A force default plan, counted from the report.
    Plan(Cadence),
}

impl Schedule {
    /// Seconds allowed before the next update, given how many updates came so far.
    fn next_interval(self, updates_so_far: u32) -> i64 {
        match self {
            Schedule::Contract { interval } => interval,
            Schedule::Plan(cadence) => match (updates_so_far, cadence.second_within_days) {
                (0, _) => i64::from(cadence.first_within_hours) * SECS_PER_HOUR,
                (1, Some(days)) => i64::from(days) * SECS_PER_DAY,
                _ => i64::from(cadence.then_every_days) * SECS_PER_DAY,
            },
        }
    }
}

#[inline(never)]
fn contract_updates(ctx: &Ctx<'_>, victim: &Victim, report: Instant) -> Option<Verdict> {
    let case = ctx.case;
    let closed = case.closed_at();
    let has_contract = case.events().iter().any(|event| {
        matches!(event.what, What::CareContractAgreed { victim: v, .. } if v == victim.id)
            && closed.is_none_or(|closed| event.at <= closed)
    });
    // (the schedule, when the next update is due, updates since the schedule began)
    let mut state: Option<(Schedule, Instant, u32)> = None;
    if !has_contract {
        let plan = ctx.policy.default_update_plan?;
        let cadence = if ctx.enhanced(victim, report) {
            plan.enhanced
        } else {
            plan.standard
        };
        let schedule = Schedule::Plan(cadence);
        state = Some((schedule, report.plus_secs(schedule.next_interval(0)), 0));
    }
    let mut worst: Option<Verdict> = None;
    // The first interval that ran out with no update since, if any.
    let mut overdue: Option<Instant> = None;
    for event in case.events() {
        if closed.is_some_and(|closed| event.at > closed) {
            break;
        }
        match event.what {
            What::CareContractAgreed {
                victim: v,
                interval_days,
                ..
            } if v == victim.id => {
                if let Some((_, due, _)) = state
                    && overdue.is_none()
                    && event.at > due
                {
                    overdue = Some(due);
                }
                let schedule = Schedule::Contract {
                    interval: i64::from(interval_days) * SECS_PER_DAY,
                };
                state = Some((schedule, event.at.plus_secs(schedule.next_interval(0)), 0));
            }
            What::VictimUpdated { victim: v } if v == victim.id => {
                let Some((schedule, due, updates)) = state else {
                    continue;
                };
                let late_for = match overdue.take() {
                    Some(ran_out) => Some(ran_out),
                    None if event.at > due => Some(due),
                    None => None,
                };
                if let Some(deadline) = late_for {
                    let late = Verdict::new(
                        Status::MetLate,
                        Some(deadline),
                        Some(event.at),
                        Reason::UpdateLate,
                    );
                    worst = Some(worst.map_or(late, |w| w.worst(late)));
                }
                let updates = updates.saturating_add(1);
                state = Some((
                    schedule,
                    event.at.plus_secs(schedule.next_interval(updates)),
                    updates,
                ));
            }
            _ => {}
        }
    }
    let (_, due, _) = state?;
    let until = closed.unwrap_or(ctx.now);
    let last = match overdue {
        Some(ran_out) => Verdict::new(Status::Missed, Some(ran_out), None, Reason::UpdateOverdue),
        None if until > due => Verdict::new(Status::Missed, Some(due), None, Reason::UpdateOverdue),
        None if closed.is_some() => {
            Verdict::new(Status::Met, None, None, Reason::EveryIntervalKept)
        }
        None => {
            let status = ctx.open(due, RuleId::Vu2);
            Verdict::new(status, Some(due), None, Reason::NextUpdateDue)
        }
    };
    Some(match worst {
        // A late update outranks an open or kept schedule; a missed interval outranks both.
        Some(late) => late.worst(last),
        None => last,
    })
}

#[inline(never)]
fn key_decisions(ctx: &Ctx<'_>, out: &mut Out) -> Result<(), Full> {
    let case = ctx.case;
    if !ctx.wants(RuleId::Vu3) || !case.victims().iter().any(|victim| victim.is_individual()) {
        return Ok(());
    }
    let policy = ctx.policy;
    for decision in case.events() {
        if !matches!(decision.what, What::KeyDecision { .. }) {
            continue;
        }
        let Some(source) = in_force_or_first(&SOURCES_VU_3, decision.at) else {
            continue;
        };
        // Validation refuses a notice earlier than its decision, and the timeline is in time
        // order, so the search for notices can start at the decision's own time.
        let events = case.events();
        let after = events
            .get(events.partition_point(|event| event.at < decision.at)..)
            .unwrap_or_default();
        let mut summary: Option<Verdict> = None;
        for victim in case
            .victims()
            .iter()
            .filter(|victim| victim.is_individual())
        {
            let days = if ctx.enhanced(victim, decision.at) {
                policy.key_decision_working_days_enhanced
            } else {
                policy.key_decision_working_days_standard
            };
            let (deadline, computed) = ctx.working_days_after(decision.at, days);
            let told = after.iter().find_map(|event| match event.what {
                What::VictimInformed {
                    victim: v,
                    decision: d,
                } if v == victim.id && d == decision.id => Some(event.at),
                _ => None,
            });
            let status = ctx.timeliness(deadline, told, RuleId::Vu3);
            let verdict = Verdict::new(
                status,
                Some(deadline),
                told,
                reason_for(status, Reason::VictimNotTold),
            )
            .computed(computed);
            summary = Some(summary.map_or(verdict, |s| s.worst(verdict)));
        }
        if let Some(verdict) = summary {
            out.push(RuleId::Vu3, Subject::Decision(decision.id), source, verdict)?;
        }
    }
    Ok(())
}

#[cfg(all(test, feature = "victim-updates"))]
mod tests {
    use super::*;
    use crate::case::{Category, Channel, DecisionKind};
    use crate::case::{EventId, SuspectId, VictimId};
    use crate::policy::{Policy, UpdatePlan};
    use crate::rules::testkit::{Build, at, none_for, one, victim};

    const REPORTED: &str = "2024-03-04T10:00:00Z";

    fn contract(days: u16) -> What {
        What::CareContractAgreed {
            victim: VictimId(1),
            interval_days: days,
            channel: Channel::Phone,
        }
    }
    const UPDATE: What = What::VictimUpdated {
        victim: VictimId(1),
    };

    fn crime() -> Build {
        Build::crime(REPORTED, &[Category::Other]).victim(victim(1))
    }

    #[test]
    fn care_contract_on_time_late_pending_and_missed() {
        let met = crime()
            .event("2024-03-05T10:00:00Z", contract(7))
            .run("2024-03-06T00:00:00Z");
        let f = one(&met, RuleId::Vu1, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.deadline),
            (Status::Met, Some(at("2024-03-06T23:59:59Z")))
        );
        let late = crime()
            .event("2024-03-08T10:00:00Z", contract(7))
            .run("2024-03-09T00:00:00Z");
        assert_eq!(
            one(&late, RuleId::Vu1, Subject::Victim(VictimId(1))).status,
            Status::MetLate
        );
        let pending = crime().run("2024-03-05T00:00:00Z");
        assert_eq!(
            one(&pending, RuleId::Vu1, Subject::Victim(VictimId(1))).status,
            Status::Pending
        );
        let missed = crime().run("2024-03-07T00:00:00Z");
        let f = one(&missed, RuleId::Vu1, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::NoCareContract)
        );
    }

    #[test]
    fn updates_every_interval_keep_the_contract() {
        // Contract Tuesday 10:00, every 7 days; a gap of exactly 7 days is kept.
        let case = || {
            crime()
                .event("2024-03-05T10:00:00Z", contract(7))
                .event("2024-03-12T10:00:00Z", UPDATE)
                .event("2024-03-18T09:00:00Z", UPDATE)
        };
        let open = case().run("2024-03-20T00:00:00Z");
        let f = one(&open, RuleId::Vu2, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Pending, Reason::NextUpdateDue)
        );
        assert_eq!(f.deadline, Some(at("2024-03-25T09:00:00Z")));

        let closed = case()
            .closed("2024-03-24T00:00:00Z")
            .run("2024-04-20T00:00:00Z");
        let f = one(&closed, RuleId::Vu2, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Met, Reason::EveryIntervalKept)
        );
    }

    #[test]
    fn an_interval_that_runs_out_is_missed_until_an_update_makes_it_late() {
        let missed = crime()
            .event("2024-03-05T10:00:00Z", contract(7))
            .run("2024-03-12T10:00:01Z");
        let f = one(&missed, RuleId::Vu2, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::UpdateOverdue)
        );
        assert_eq!(f.deadline, Some(at("2024-03-12T10:00:00Z")));

        let late = crime()
            .event("2024-03-05T10:00:00Z", contract(7))
            .event("2024-03-14T10:00:00Z", UPDATE)
            .run("2024-03-15T00:00:00Z");
        let f = one(&late, RuleId::Vu2, Subject::Victim(VictimId(1)));
        assert_eq!((f.status, f.reason), (Status::MetLate, Reason::UpdateLate));
        assert_eq!(f.deadline, Some(at("2024-03-12T10:00:00Z")));
        assert_eq!(f.met_at, Some(at("2024-03-14T10:00:00Z")));
    }

    #[test]
    fn a_contract_whose_interval_changes_restarts_the_count() {
        // 28 days agreed, changed after 10 days to 7: the next update is due 7 days after the
        // change, not 28 days after the contract.
        let case = || {
            crime()
                .event("2024-03-05T10:00:00Z", contract(28))
                .event("2024-03-15T10:00:00Z", contract(7))
        };
        let f = one(
            &case().run("2024-03-20T00:00:00Z"),
            RuleId::Vu2,
            Subject::Victim(VictimId(1)),
        );
        assert_eq!(
            (f.status, f.deadline),
            (Status::Pending, Some(at("2024-03-22T10:00:00Z")))
        );
        let f = one(
            &case().run("2024-03-23T00:00:00Z"),
            RuleId::Vu2,
            Subject::Victim(VictimId(1)),
        );
        assert_eq!(
            (f.status, f.deadline),
            (Status::Missed, Some(at("2024-03-22T10:00:00Z")))
        );
    }

    #[test]
    fn a_change_does_not_wipe_out_an_interval_already_run_out() {
        let case = || {
            crime()
                .event("2024-03-05T10:00:00Z", contract(7))
                .event("2024-03-14T10:00:00Z", contract(14))
        };
        let f = one(
            &case().run("2024-03-15T00:00:00Z"),
            RuleId::Vu2,
            Subject::Victim(VictimId(1)),
        );
        assert_eq!(
            (f.status, f.deadline),
            (Status::Missed, Some(at("2024-03-12T10:00:00Z")))
        );
        let f = one(
            &case()
                .event("2024-03-16T10:00:00Z", UPDATE)
                .run("2024-03-17T00:00:00Z"),
            RuleId::Vu2,
            Subject::Victim(VictimId(1)),
        );
        assert_eq!(
            (f.status, f.met_at),
            (Status::MetLate, Some(at("2024-03-16T10:00:00Z")))
        );
    }

    #[test]
    fn a_closed_case_with_a_run_out_interval_is_missed() {
        let f = one(
            &crime()
                .event("2024-03-05T10:00:00Z", contract(7))
                .closed("2024-03-20T00:00:00Z")
                .run("2024-04-01T00:00:00Z"),
            RuleId::Vu2,
            Subject::Victim(VictimId(1)),
        );
        assert_eq!(
            (f.status, f.deadline),
            (Status::Missed, Some(at("2024-03-12T10:00:00Z")))
        );
    }

    #[test]
    fn no_contract_and_no_plan_gives_no_update_finding() {
        assert!(none_for(&crime().run("2024-04-01T00:00:00Z"), RuleId::Vu2));
    }

    #[test]
    fn a_force_plan_applies_without_a_contract_and_distinguishes_enhanced_victims() {
        // Hertfordshire's older standard: standard first update within 5 days then every 28;
        // enhanced within 24 hours, then 10 days, then every 28.
        let policy = Policy {
            default_update_plan: Some(UpdatePlan {
                standard: Cadence {
                    first_within_hours: 120,
                    second_within_days: None,
                    then_every_days: 28,
                },
                enhanced: Cadence {
                    first_within_hours: 24,
                    second_within_days: Some(10),
                    then_every_days: 28,
                },
            }),
            ..Policy::default()
        };
        let standard = crime().run_with(&policy, "2024-03-05T00:00:00Z");
        let f = one(&standard, RuleId::Vu2, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.deadline),
            (Status::Pending, Some(at("2024-03-09T10:00:00Z")))
        );

        let enhanced = Build::crime(REPORTED, &[Category::DomesticAbuse])
            .victim(victim(1))
            .event("2024-03-05T09:00:00Z", UPDATE)
            .run_with(&policy, "2024-03-06T00:00:00Z");
        let f = one(&enhanced, RuleId::Vu2, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.deadline),
            (Status::Pending, Some(at("2024-03-15T09:00:00Z")))
        );
    }

    const ARREST: What = What::KeyDecision {
        decision: DecisionKind::Arrested,
        suspect: Some(SuspectId(1)),
    };

    #[test]
    fn enhanced_victims_are_told_within_one_working_day_others_five() {
        // Arrest on Friday 8 March 2024.
        let standard = crime()
            .suspect(1, true, Some(30))
            .event("2024-03-08T15:00:00Z", ARREST)
            .run("2024-03-09T00:00:00Z");
        let f = one(&standard, RuleId::Vu3, Subject::Decision(EventId(1)));
        assert_eq!(
            (f.status, f.deadline),
            (Status::Pending, Some(at("2024-03-15T23:59:59Z")))
        );

        let enhanced = Build::crime(REPORTED, &[Category::SexualOffence])
            .victim(victim(1))
            .suspect(1, true, Some(30))
            .event("2024-03-08T15:00:00Z", ARREST)
            .run("2024-03-12T00:00:00Z");
        let f = one(&enhanced, RuleId::Vu3, Subject::Decision(EventId(1)));
        assert_eq!(
            (f.status, f.deadline),
            (Status::Missed, Some(at("2024-03-11T23:59:59Z")))
        );
        assert_eq!(f.reason, Reason::VictimNotTold);
    }

    #[test]
    fn a_victim_told_in_time_meets_the_duty_and_late_is_late() {
        let case = |told: &str| {
            crime()
                .suspect(1, true, Some(30))
                .event("2024-03-08T15:00:00Z", ARREST)
                .event(
                    told,
                    What::VictimInformed {
                        victim: VictimId(1),
                        decision: EventId(1),
                    },
                )
                .run("2024-03-30T00:00:00Z")
        };
        assert_eq!(
            one(
                &case("2024-03-11T09:00:00Z"),
                RuleId::Vu3,
                Subject::Decision(EventId(1))
            )
            .status,
            Status::Met
        );
        assert_eq!(
            one(
                &case("2024-03-18T09:00:00Z"),
                RuleId::Vu3,
                Subject::Decision(EventId(1))
            )
            .status,
            Status::MetLate
        );
    }

    #[test]
    fn a_notice_recorded_at_the_decisions_instant_counts_wherever_it_sorts() {
        // The notice is listed first, so with the same instant it sorts before the decision
        // (ids break the tie): the search for it must start at the decision's instant, not at
        // the decision's place in the timeline.
        let findings = crime()
            .suspect(1, true, Some(30))
            .event(
                "2024-03-08T15:00:00Z",
                What::VictimInformed {
                    victim: VictimId(1),
                    decision: EventId(2),
                },
            )
            .event("2024-03-08T15:00:00Z", ARREST)
            .run("2024-03-30T00:00:00Z");
        let f = one(&findings, RuleId::Vu3, Subject::Decision(EventId(2)));
        assert_eq!(
            (f.status, f.met_at),
            (Status::Met, Some(at("2024-03-08T15:00:00Z")))
        );
    }

    #[test]
    fn personal_circumstances_give_enhanced_rights_whatever_the_assessment_says() {
        let mut young = victim(1);
        young.age_at_offence = Some(15);
        let findings = Build::crime(REPORTED, &[Category::Other])
            .victim(young)
            .suspect(1, true, Some(30))
            .event("2024-03-08T15:00:00Z", ARREST)
            .event(
                "2024-03-08T16:00:00Z",
                What::NeedsAssessment {
                    victim: VictimId(1),
                    enhanced_rights: Some(false),
                    vulnerable_or_intimidated: Some(false),
                    special_measures: Some(false),
                    referral: None,
                },
            )
            .run("2024-03-09T00:00:00Z");
        assert_eq!(
            one(&findings, RuleId::Vu3, Subject::Decision(EventId(1))).deadline,
            Some(at("2024-03-11T23:59:59Z"))
        );
    }

    #[test]
    fn one_decision_finding_sums_up_its_victims() {
        let mut vulnerable = victim(2);
        vulnerable.vulnerable = true;
        let findings = crime()
            .victim(vulnerable)
            .suspect(1, true, Some(30))
            .event("2024-03-08T15:00:00Z", ARREST)
            .event(
                "2024-03-08T16:00:00Z",
                What::VictimInformed {
                    victim: VictimId(1),
                    decision: EventId(1),
                },
            )
            .run("2024-03-12T00:00:00Z");
        // Victim 1 was told; victim 2 (enhanced) was not and the 1 working day has passed.
        let f = one(&findings, RuleId::Vu3, Subject::Decision(EventId(1)));
        assert_eq!(
            (f.status, f.deadline),
            (Status::Missed, Some(at("2024-03-11T23:59:59Z")))
        );
    }

    #[test]
    fn a_screened_out_crime_owes_no_care_contract() {
        let mut b = Build::crime(REPORTED, &[Category::Other]).victim(victim(1));
        b.raw.screened_out = true;
        assert!(none_for(&b.run("2024-03-10T00:00:00Z"), RuleId::Vu1));
    }

    #[test]
    fn a_decision_not_to_investigate_excuses_the_contract_only_by_the_deadline() {
        let not_to_investigate = What::KeyDecision {
            decision: DecisionKind::NotToInvestigate,
            suspect: None,
        };
        // Due Wednesday 6 March 23:59:59: a decision at that second excuses the contract.
        let on_time = Build::crime(REPORTED, &[Category::Other])
            .victim(victim(1))
            .event("2024-03-06T23:59:59Z", not_to_investigate)
            .run("2024-03-10T00:00:00Z");
        assert!(none_for(&on_time, RuleId::Vu1));
        let late = Build::crime(REPORTED, &[Category::Other])
            .victim(victim(1))
            .event("2024-03-07T00:00:00Z", not_to_investigate)
            .run("2024-03-10T00:00:00Z");
        assert_eq!(
            one(&late, RuleId::Vu1, Subject::Victim(VictimId(1))).status,
            Status::Missed
        );
    }

    #[test]
    fn the_contract_period_follows_the_needs_assessment_period_unless_set() {
        let run = |policy: &Policy| {
            let findings = Build::crime(REPORTED, &[Category::Other])
                .victim(victim(1))
                .run_with(policy, "2024-03-05T00:00:00Z");
            one(&findings, RuleId::Vu1, Subject::Victim(VictimId(1))).deadline
        };
        let follows = Policy {
            needs_assessment_working_days: 3,
            ..Policy::default()
        };
        assert_eq!(run(&follows), Some(at("2024-03-07T23:59:59Z")));
        let own = Policy {
            care_contract_working_days: Some(1),
            ..follows
        };
        assert_eq!(run(&own), Some(at("2024-03-05T23:59:59Z")));
    }

    #[test]
    fn a_recorded_assessment_raises_entitlement_for_later_decisions() {
        let arrested = What::KeyDecision {
            decision: DecisionKind::Arrested,
            suspect: None,
        };
        let vulnerable = What::NeedsAssessment {
            victim: VictimId(1),
            enhanced_rights: Some(false),
            vulnerable_or_intimidated: Some(true),
            special_measures: Some(false),
            referral: None,
        };
        // Decisions on Tuesday 5 March 10:00: 1 working day (Wednesday) for an enhanced victim,
        // 5 (the next Tuesday) otherwise.
        let deadline = |b: Build| {
            let findings = b.run("2024-03-05T12:00:00Z");
            findings
                .iter()
                .find(|f| f.rule == RuleId::Vu3)
                .and_then(|f| f.deadline)
        };
        let crime = || Build::crime(REPORTED, &[Category::Other]).victim(victim(1));
        // The assessment at the decision's own second raises it; listed after, with a higher id.
        let same_second = crime()
            .event("2024-03-05T10:00:00Z", arrested)
            .event("2024-03-05T10:00:00Z", vulnerable);
        assert_eq!(deadline(same_second), Some(at("2024-03-06T23:59:59Z")));
        // A decision before the assessment keeps the standard period.
        let before = crime()
            .event("2024-03-05T10:00:00Z", arrested)
            .event("2024-03-05T11:00:00Z", vulnerable);
        assert_eq!(deadline(before), Some(at("2024-03-12T23:59:59Z")));
    }

    #[test]
    fn organisations_are_owed_no_updates() {
        let mut organisation = victim(1);
        organisation.kind = crate::case::VictimKind::Organisation;
        let findings = Build::crime(REPORTED, &[Category::Other])
            .victim(organisation)
            .event(
                "2024-03-05T10:00:00Z",
                What::KeyDecision {
                    decision: DecisionKind::Arrested,
                    suspect: None,
                },
            )
            .run("2024-03-20T00:00:00Z");
        assert!(findings.is_empty(), "{findings:#?}");
    }
}
