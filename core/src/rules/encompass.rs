//! **Operation Encompass** — telling a child's school about domestic abuse (and, where a force
//! runs it, about a child reported missing) before the next school day starts.
//!
//! - **OE-1 school-notification.** After a domestic abuse incident (a crime or a non-crime
//!   incident), for each child under 18 related to either adult party or living in the
//!   household (present or not), the child's school — its designated safeguarding lead — is
//!   notified before the start of the next school day after the **anchor**. A child not of
//!   school age or not registered at a school needs a recorded reason by the same deadline; a
//!   child in elective home education needs the local authority notified instead. The
//!   statute's "as soon as reasonably practicable" is read as this same deadline.
//!
//!   The anchor: for an incident the police attended, the attendance (else, with no
//!   attendance time recorded, the incident, else the report); for an incident no officer
//!   attended, the report — when the police learned of it. The anchor's instant chooses the
//!   regime and the source:
//!   - before 2025-11-07, the Operation Encompass scheme: only an incident the police attended
//!     triggers it, from the force's scheme start (policy `encompass_scheme_from`, default
//!     2011-02-01, the Plymouth launch — a date to verify);
//!   - from 2025-11-07, the Domestic Abuse Act 2021 s49A (inserted by the Victims and
//!     Prisoners Act 2024 s20): reasonable grounds to believe the child may be a victim of
//!     domestic abuse, and a child related to either party who sees, hears or experiences its
//!     effects is one (s3), so attendance is no longer needed.
//!
//!   A child who only lives in the household, related to neither party, is not a victim under
//!   s3: the statute does not reach them, so they are owed a notification only under the
//!   scheme's trigger (the police attended), and the finding cites the scheme, whatever the
//!   date. Whether the police attended is read from the case (`attended`); where the record
//!   does not say, the police are taken to have attended, as the format always assumed.
//!
//!   A case may list several incidents (`incidents`), each with its own instants and linked
//!   children: one finding per child per incident. A case that lists none is its own one
//!   incident (flagged domestic abuse), with every child of the case linked to it.
//!   Configured school closures move the deadline past them; a force that wants notifications
//!   during holidays configures no closures.
//! - **OE-2 missing-child-notification.** A force option (Hertfordshire since 2021-04-26; off by
//!   default, policy `missing_child_notification`): when a child is reported missing, the
//!   school is notified before the start of the next school day after the report, once per
//!   episode — every episode (the default mode, `"on"`), or only the first, as configured —
//!   from the force's start (policy `missing_child_notification_from`, default 2021-04-26).
//!   The same school-status alternatives as OE-1 apply. The child need not be linked to any
//!   incident.
//!
//! School days are working days that are not configured closures; the school day starts at
//! 08:30 UK civil time unless the policy says otherwise; an event at exactly the start time
//! rolls to the following school day (`docs/CATALOGUE.md` §1.1).

use crate::calendar;
use crate::case::{Category, Child, ChildRelation, EncompassKind, EventId, Incident, SchoolStatus};
use crate::finding::{Reason, Subject};
use crate::policy::MissingChildNotification;
use crate::time::{Instant, uk_instant};

use super::needs_assessment::reason_for;
use super::{Ctx, Dated, Full, Out, RuleId, Source, Verdict, date, in_force_or_first, source};

/// The Operation Encompass scheme (a non-statutory scheme; its start in a force is policy).
const SCHEME: Dated<Source> = source(
    "Operation Encompass (national scheme)",
    "Scheme standard: notify the school's designated safeguarding lead before the next school day",
    date(2011, 2, 1),
);
/// The statutory duty, from 2025-11-07 (not configurable: the law).
const STATUTE: Dated<Source> = source(
    "Domestic Abuse Act 2021",
    "s49A (inserted by Victims and Prisoners Act 2024 s20): notify as soon as reasonably practicable",
    date(2025, 11, 7),
);
pub(crate) static SOURCES_OE_1: [Dated<Source>; 2] = [SCHEME, STATUTE];
static SCHEME_SOURCE: Source = SCHEME.value;
static STATUTE_SOURCE: Source = STATUTE.value;

pub(crate) static SOURCES_OE_2: [Dated<Source>; 1] = [source(
    "Hertfordshire Constabulary force policy",
    "School notification when a child is reported missing",
    date(2021, 4, 26),
)];

/// What OE-1 needs to know of one incident.
struct IncidentFacts {
    attended: bool,
    attended_at: Option<Instant>,
    occurred_at: Option<Instant>,
    reported_at: Option<Instant>,
    /// The notifications that answer this incident: recorded at or after the first instant and
    /// before the second, where set (a child linked to several incidents).
    answers: (Option<Instant>, Option<Instant>),
}

impl IncidentFacts {
    /// The instant the deadline counts from, which also chooses the regime.
    fn anchor(&self) -> Option<Instant> {
        if self.attended {
            self.attended_at.or(self.occurred_at).or(self.reported_at)
        } else {
            self.reported_at
        }
    }
}

pub(crate) fn evaluate(ctx: &Ctx<'_>, out: &mut Out) -> Result<(), Full> {
    let case = ctx.case;
    if ctx.wants(RuleId::Oe1) {
        if case.incidents().is_empty() {
            if case.categories().contains(Category::DomesticAbuse) {
                let incident = IncidentFacts {
                    attended: case.attended(),
                    attended_at: case.attended_at(),
                    occurred_at: case.occurred_at(),
                    reported_at: case.report(),
                    answers: (None, None),
                };
                for child in case.children() {
                    school_notification(ctx, out, &incident, child, Subject::Child(child.id))?;
                }
            }
        } else {
            let facts = |listed: &Incident| IncidentFacts {
                attended: listed.attended.attended(),
                attended_at: listed.attended_at,
                occurred_at: listed.occurred_at,
                reported_at: listed.reported_at.or(case.report()),
                answers: (None, None),
            };
            for listed in case.incidents() {
                let mut incident = facts(listed);
                let anchor = incident.anchor();
                for child in listed.children.iter().filter_map(|&id| case.child(id)) {
                    // A child linked to several incidents: a notification answers the latest
                    // incident anchored at or before it (the earliest incident takes those
                    // recorded before every anchor).
                    let others = case
                        .incidents()
                        .iter()
                        .filter(|other| other.id != listed.id && other.children.contains(&child.id))
                        .filter_map(|other| facts(other).anchor());
                    let mut earlier = false;
                    let mut until: Option<Instant> = None;
                    for other in others {
                        match anchor {
                            Some(own) if other < own => earlier = true,
                            Some(own) if other > own => {
                                until = Some(until.map_or(other, |u| u.min(other)));
                            }
                            _ => {}
                        }
                    }
                    incident.answers = (anchor.filter(|_| earlier), until);
                    let subject = Subject::IncidentChild {
                        incident: listed.id,
                        child: child.id,
                    };
                    school_notification(ctx, out, &incident, child, subject)?;
                }
            }
        }
    }
    let option = ctx.policy.missing_child_notification;
    if option == MissingChildNotification::Off || !ctx.wants(RuleId::Oe2) {
        return Ok(());
    }
    let from = uk_instant(ctx.policy.missing_child_notification_from, 0);
    for event in case.events() {
        let Some(group) = event.what.encompass() else {
            continue;
        };
        let EncompassKind::ReportedMissing { first_episode } = group.kind else {
            continue;
        };
        let child_id = group.child;
        if (option == MissingChildNotification::FirstEpisode && !first_episode) || event.at < from {
            continue;
        }
        let (Some(child), Some(source)) = (
            case.child(child_id),
            in_force_or_first(&SOURCES_OE_2, event.at),
        ) else {
            continue;
        };
        if child.age >= 18 {
            continue;
        }
        let verdict = notification(
            ctx,
            child,
            event.at,
            Some(event.id),
            (None, None),
            RuleId::Oe2,
        );
        out.push(RuleId::Oe2, Subject::Episode(event.id), source, verdict)?;
    }
    Ok(())
}

/// OE-1 for one child of one incident: which regime owes the notification, if any, and the
/// finding.
fn school_notification(
    ctx: &Ctx<'_>,
    out: &mut Out,
    incident: &IncidentFacts,
    child: &Child,
    subject: Subject,
) -> Result<(), Full> {
    let Some(anchor) = incident.anchor() else {
        return Ok(());
    };
    if child.age >= 18 {
        return Ok(());
    }
    let statute = anchor >= STATUTE.starts();
    let scheme = incident.attended && anchor >= uk_instant(ctx.policy.encompass_scheme_from, 0);
    let source = match child.relation {
        ChildRelation::RelatedToParty if statute => &STATUTE_SOURCE,
        _ if scheme => &SCHEME_SOURCE,
        _ => return Ok(()),
    };
    let verdict = notification(ctx, child, anchor, None, incident.answers, RuleId::Oe1);
    out.push(RuleId::Oe1, subject, source, verdict)
}

/// Judges the notification owed for `child` after `anchor`: the school, the local authority or
/// a recorded reason, according to the child's school status.
#[inline(never)]
fn notification(
    ctx: &Ctx<'_>,
    child: &Child,
    anchor: Instant,
    episode: Option<EventId>,
    (from, until): (Option<Instant>, Option<Instant>),
    rule: RuleId,
) -> Verdict {
    let deadline = calendar::next_school_day_start(anchor, &ctx.calendar);
    let done = ctx.case.events().iter().find_map(|event| {
        if from.is_some_and(|from| event.at < from) || until.is_some_and(|until| event.at >= until)
        {
            return None;
        }
        let group = event
            .what
            .encompass()
            .filter(|group| group.child == child.id)?;
        // Which notification answers the duty depends on where the child goes to school.
        let (answers, missing_episode) = match group.kind {
            EncompassKind::SchoolNotified { missing_episode } => {
                (child.school == SchoolStatus::Registered, missing_episode)
            }
            EncompassKind::LocalAuthorityNotified { missing_episode } => (
                child.school == SchoolStatus::ElectiveHomeEducation,
                missing_episode,
            ),
            EncompassKind::NoSchoolToNotify { missing_episode } => (
                matches!(
                    child.school,
                    SchoolStatus::NotSchoolAge | SchoolStatus::NotRegistered
                ),
                missing_episode,
            ),
            EncompassKind::ReportedMissing { .. } => return None,
        };
        let satisfies = answers && missing_episode == episode;
        satisfies.then_some(event.at)
    });
    let not_done = match child.school {
        SchoolStatus::Registered => Reason::SchoolNotNotified,
        SchoolStatus::ElectiveHomeEducation => Reason::LocalAuthorityNotNotified,
        SchoolStatus::NotSchoolAge | SchoolStatus::NotRegistered => Reason::NoReasonRecorded,
    };
    let status = ctx.timeliness(deadline, done, rule);
    Verdict::new(status, Some(deadline), done, reason_for(status, not_done))
        .computed(calendar::touches_computed_years(anchor, deadline))
}

#[cfg(all(test, feature = "encompass"))]
mod tests {
    use super::*;
    use crate::calendar::DateRange;
    use crate::case::{ChildId, EventId, IncidentId, What};
    use crate::finding::Status;
    use crate::policy::Policy;
    use crate::rules::testkit::{Build, at, none_for, one};

    fn notified(child: u16) -> What {
        What::SchoolNotified {
            child: ChildId(child),
            missing_episode: None,
        }
    }

    /// A domestic abuse incident reported and attended at `attended`.
    fn incident(attended: &str) -> Build {
        Build::incident(attended, &[Category::DomesticAbuse])
            .attended(attended)
            .child(1, 9, SchoolStatus::Registered)
    }

    #[test]
    fn a_weekend_incident_is_due_before_school_on_monday() {
        // Attended Friday 8 March 2024, 20:00 GMT: due Monday 11 March, 08:30 GMT.
        let case = || incident("2024-03-08T20:00:00Z");
        let f = one(
            &case().run("2024-03-09T12:00:00Z"),
            RuleId::Oe1,
            Subject::Child(ChildId(1)),
        );
        assert_eq!(
            (f.status, f.deadline),
            (Status::Pending, Some(at("2024-03-11T08:30:00Z")))
        );
        assert_eq!(f.source.instrument, "Operation Encompass (national scheme)");
        let f = one(
            &case()
                .event("2024-03-11T08:00:00Z", notified(1))
                .run("2024-03-11T09:00:00Z"),
            RuleId::Oe1,
            Subject::Child(ChildId(1)),
        );
        assert_eq!(f.status, Status::Met);
        let f = one(
            &case().run("2024-03-11T08:30:01Z"),
            RuleId::Oe1,
            Subject::Child(ChildId(1)),
        );
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::SchoolNotNotified)
        );
        let f = one(
            &case()
                .event("2024-03-11T10:00:00Z", notified(1))
                .run("2024-03-11T11:00:00Z"),
            RuleId::Oe1,
            Subject::Child(ChildId(1)),
        );
        assert_eq!(f.status, Status::MetLate);
    }

    #[test]
    fn an_incident_at_exactly_the_start_rolls_to_the_next_school_day() {
        // 08:30 BST on Wednesday 5 June 2024 is 07:30 UTC.
        let f = one(
            &incident("2024-06-05T07:30:00Z").run("2024-06-05T08:00:00Z"),
            RuleId::Oe1,
            Subject::Child(ChildId(1)),
        );
        assert_eq!(f.deadline, Some(at("2024-06-06T07:30:00Z")));
        let f = one(
            &incident("2024-06-05T07:29:59Z").run("2024-06-05T07:30:00Z"),
            RuleId::Oe1,
            Subject::Child(ChildId(1)),
        );
        assert_eq!(f.deadline, Some(at("2024-06-05T07:30:00Z")));
    }

    #[test]
    fn several_children_each_get_what_their_schooling_needs() {
        let findings = incident("2024-03-08T20:00:00Z")
            .child(2, 3, SchoolStatus::NotSchoolAge)
            .child(3, 12, SchoolStatus::ElectiveHomeEducation)
            .child(4, 18, SchoolStatus::NotRegistered)
            .event("2024-03-09T10:00:00Z", notified(1))
            .event(
                "2024-03-09T10:00:00Z",
                What::NoSchoolToNotify {
                    child: ChildId(2),
                    missing_episode: None,
                },
            )
            .event("2024-03-09T10:00:00Z", notified(3))
            .run("2024-03-12T00:00:00Z");
        assert_eq!(
            one(&findings, RuleId::Oe1, Subject::Child(ChildId(1))).status,
            Status::Met
        );
        assert_eq!(
            one(&findings, RuleId::Oe1, Subject::Child(ChildId(2))).status,
            Status::Met
        );
        // Telling a school does not help a home-educated child: the local authority is owed.
        let f = one(&findings, RuleId::Oe1, Subject::Child(ChildId(3)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::LocalAuthorityNotNotified)
        );
        assert!(
            findings
                .iter()
                .all(|f| f.subject != Subject::Child(ChildId(4)))
        );
    }

    #[test]
    fn school_closures_move_the_deadline_past_them() {
        let mut policy = Policy::default();
        policy
            .school_closures
            .push(DateRange {
                first: crate::rules::date(2024, 3, 11),
                last: crate::rules::date(2024, 3, 15),
            })
            .unwrap();
        let f = one(
            &incident("2024-03-08T20:00:00Z").run_with(&policy, "2024-03-09T00:00:00Z"),
            RuleId::Oe1,
            Subject::Child(ChildId(1)),
        );
        assert_eq!(f.deadline, Some(at("2024-03-18T08:30:00Z")));
    }

    #[test]
    fn the_statute_is_cited_from_7_november_2025() {
        let before = incident("2025-11-06T20:00:00Z").run("2025-11-06T21:00:00Z");
        assert_eq!(
            one(&before, RuleId::Oe1, Subject::Child(ChildId(1)))
                .source
                .in_force,
            crate::rules::date(2011, 2, 1)
        );
        let after = incident("2025-11-07T20:00:00Z").run("2025-11-07T21:00:00Z");
        let f = one(&after, RuleId::Oe1, Subject::Child(ChildId(1)));
        assert_eq!(f.source.instrument, "Domestic Abuse Act 2021");
        // Friday evening: due Monday 10 November.
        assert_eq!(f.deadline, Some(at("2025-11-10T08:30:00Z")));
    }

    #[test]
    fn without_an_attendance_time_the_incident_time_counts() {
        let mut b = Build::incident("2024-03-11T09:00:00Z", &[Category::DomesticAbuse]).child(
            1,
            9,
            SchoolStatus::Registered,
        );
        b.raw.occurred_at = Some(at("2024-03-08T20:00:00Z"));
        let f = one(
            &b.run("2024-03-11T09:00:00Z"),
            RuleId::Oe1,
            Subject::Child(ChildId(1)),
        );
        assert_eq!(f.deadline, Some(at("2024-03-11T08:30:00Z")));
    }

    fn missing(first_episode: bool) -> What {
        What::ChildReportedMissing {
            child: ChildId(1),
            first_episode,
        }
    }

    #[test]
    fn missing_child_notification_is_a_force_option() {
        let case = || {
            Build::incident("2024-03-04T10:00:00Z", &[Category::Other])
                .child(1, 14, SchoolStatus::Registered)
                .event("2024-03-04T22:00:00Z", missing(true))
                .event("2024-03-06T22:00:00Z", missing(false))
                .event(
                    "2024-03-05T07:00:00Z",
                    What::SchoolNotified {
                        child: ChildId(1),
                        missing_episode: Some(EventId(1)),
                    },
                )
        };
        assert!(none_for(&case().run("2024-03-08T00:00:00Z"), RuleId::Oe2));

        let first_only = Policy {
            missing_child_notification: MissingChildNotification::FirstEpisode,
            ..Policy::default()
        };
        let findings = case().run_with(&first_only, "2024-03-08T00:00:00Z");
        let f = one(&findings, RuleId::Oe2, Subject::Episode(EventId(1)));
        assert_eq!(
            (f.status, f.deadline),
            (Status::Met, Some(at("2024-03-05T08:30:00Z")))
        );
        assert_eq!(findings.iter().filter(|f| f.rule == RuleId::Oe2).count(), 1);

        let every = Policy {
            missing_child_notification: MissingChildNotification::EveryEpisode,
            ..Policy::default()
        };
        let findings = case().run_with(&every, "2024-03-08T00:00:00Z");
        let f = one(&findings, RuleId::Oe2, Subject::Episode(EventId(2)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::SchoolNotNotified)
        );
    }

    fn phone_report(reported: &str) -> Build {
        let mut b = Build::incident(reported, &[Category::DomesticAbuse]).child(
            1,
            9,
            SchoolStatus::Registered,
        );
        b.raw.attended = crate::case::Attendance::NotAttended;
        b
    }

    #[test]
    fn an_unattended_incident_is_owed_only_under_the_statute() {
        // Reported by phone on Tuesday 4 November 2025: the scheme needed attendance.
        assert!(none_for(
            &phone_report("2025-11-04T20:00:00Z").run("2025-11-05T12:00:00Z"),
            RuleId::Oe1
        ));
        // Reported on Tuesday 11 November 2025: the statute owes it, counted from the report.
        let findings = phone_report("2025-11-11T20:00:00Z").run("2025-11-12T12:00:00Z");
        let f = one(&findings, RuleId::Oe1, Subject::Child(ChildId(1)));
        assert_eq!(
            (f.status, f.deadline, f.source.instrument),
            (
                Status::Missed,
                Some(at("2025-11-12T08:30:00Z")),
                "Domestic Abuse Act 2021"
            )
        );
    }

    #[test]
    fn a_child_only_living_in_the_household_is_owed_under_the_scheme_alone() {
        let household =
            |attended: bool| {
                let mut b = Build::incident("2025-11-11T20:00:00Z", &[Category::DomesticAbuse])
                    .child(1, 9, SchoolStatus::Registered);
                b.raw.children.as_mut_slice()[0].relation =
                    crate::case::ChildRelation::HouseholdOnly;
                b.raw.attended = Some(attended).into();
                b.run("2025-11-12T12:00:00Z")
            };
        assert!(none_for(&household(false), RuleId::Oe1));
        let findings = household(true);
        assert_eq!(
            one(&findings, RuleId::Oe1, Subject::Child(ChildId(1)))
                .source
                .instrument,
            "Operation Encompass (national scheme)"
        );
    }

    #[test]
    fn each_listed_incident_has_its_own_anchor_and_children() {
        let mut b = Build::incident("2024-03-04T20:00:00Z", &[Category::DomesticAbuse])
            .child(1, 9, SchoolStatus::Registered)
            .child(2, 12, SchoolStatus::Registered);
        for (id, attended, children) in [
            (1, "2024-03-04T20:00:00Z", [1u16].as_slice()),
            (2, "2024-03-08T19:00:00Z", [1u16, 2].as_slice()),
        ] {
            b.raw
                .incidents
                .push(crate::case::Incident {
                    id: IncidentId(id),
                    occurred_at: None,
                    reported_at: None,
                    attended_at: Some(at(attended)),
                    attended: crate::case::Attendance::NotRecorded,
                    children: children.iter().copied().map(ChildId).collect(),
                })
                .unwrap();
        }
        let findings = b.run("2024-03-12T00:00:00Z");
        let deadline = |incident, child| {
            one(
                &findings,
                RuleId::Oe1,
                Subject::IncidentChild {
                    incident: IncidentId(incident),
                    child: ChildId(child),
                },
            )
            .deadline
        };
        assert_eq!(deadline(1, 1), Some(at("2024-03-05T08:30:00Z")));
        assert_eq!(deadline(2, 1), Some(at("2024-03-11T08:30:00Z")));
        assert_eq!(deadline(2, 2), Some(at("2024-03-11T08:30:00Z")));
        assert_eq!(findings.iter().filter(|f| f.rule == RuleId::Oe1).count(), 3);
    }

    #[test]
    fn the_scheme_start_and_the_missing_child_start_are_policy_data() {
        let attended = || {
            Build::incident("2019-06-04T20:00:00Z", &[Category::DomesticAbuse])
                .attended("2019-06-04T20:00:00Z")
                .child(1, 9, SchoolStatus::Registered)
        };
        one(
            &attended().run("2019-06-06T00:00:00Z"),
            RuleId::Oe1,
            Subject::Child(ChildId(1)),
        );
        let hertfordshire = Policy {
            encompass_scheme_from: crate::catalogue::date(2019, 12, 1),
            ..Policy::default()
        };
        assert!(none_for(
            &attended().run_with(&hertfordshire, "2019-06-06T00:00:00Z"),
            RuleId::Oe1
        ));
        let missing = || {
            Build::default()
                .child(1, 9, SchoolStatus::Registered)
                .event(
                    "2021-04-20T10:00:00Z",
                    What::ChildReportedMissing {
                        child: ChildId(1),
                        first_episode: true,
                    },
                )
        };
        let on: Policy = serde_json::from_str(r#"{"missing_child_notification": "on"}"#).unwrap();
        assert_eq!(
            on.missing_child_notification,
            MissingChildNotification::EveryEpisode
        );
        assert!(none_for(
            &missing().run_with(&on, "2021-04-22T00:00:00Z"),
            RuleId::Oe2
        ));
        let earlier = Policy {
            missing_child_notification_from: crate::catalogue::date(2021, 4, 1),
            ..on
        };
        one(
            &missing().run_with(&earlier, "2021-04-22T00:00:00Z"),
            RuleId::Oe2,
            Subject::Episode(EventId(1)),
        );
    }

    #[test]
    fn a_notification_answers_the_latest_incident_before_it() {
        let mut b = Build::incident("2024-03-04T20:00:00Z", &[Category::DomesticAbuse]).child(
            1,
            9,
            SchoolStatus::Registered,
        );
        for (id, attended) in [(1, "2024-03-04T20:00:00Z"), (2, "2024-03-08T19:00:00Z")] {
            b.raw
                .incidents
                .push(crate::case::Incident {
                    id: IncidentId(id),
                    occurred_at: None,
                    reported_at: None,
                    attended_at: Some(at(attended)),
                    attended: crate::case::Attendance::NotRecorded,
                    children: [ChildId(1)].into_iter().collect(),
                })
                .unwrap();
        }
        // One notification, on Tuesday 5 March: it answers the first incident only.
        let findings = b
            .event("2024-03-05T08:00:00Z", notified(1))
            .run("2024-03-12T00:00:00Z");
        let status = |incident| {
            one(
                &findings,
                RuleId::Oe1,
                Subject::IncidentChild {
                    incident,
                    child: ChildId(1),
                },
            )
            .status
        };
        assert_eq!(
            (status(IncidentId(1)), status(IncidentId(2))),
            (Status::Met, Status::Missed)
        );
    }
}
