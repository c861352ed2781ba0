//! **Protective orders** — Crime and Security Act 2010 ss24-33, Domestic Abuse Act 2021 Part 3,
//! Stalking Protection Act 2019.
//!
//! - **PO-1 order-considered.** For a crime or incident flagged domestic abuse, stalking or
//!   harassment with an identified suspect, a consideration of the protective orders open to
//!   the force is recorded, with the decision and a reason. Deadline: the report plus 24 elapsed
//!   hours (policy `order_consideration_hours`), or the first release from custody of any
//!   identified suspect if that comes first, whatever its outcome (a `released` event: no
//!   further action, bail, under investigation, charged and bailed, after a caution or other
//!   out-of-court disposal; and the key decisions that record a release with no further action,
//!   on bail or under investigation). A case that holds no crime and records no report counts
//!   from when the police learned of it otherwise: the attendance, else the occurrence. The
//!   orders open on the report's date: DVPN/DVPO for domestic abuse everywhere; DAPN/DAPO for
//!   domestic abuse only where the policy's `dapn_pilot` covers the date; a stalking protection
//!   order for stalking from 2020-01-20. A consideration that omits an open order or records no
//!   reason counts as not done, like an incomplete needs assessment. The inspection found
//!   consideration recorded in 2 of 20 relevant investigations.
//! - **PO-2 notice-authority.** A DVPN is authorised by a superintendent or above (CSA 2010
//!   s24(1)); a DAPN by an inspector or above (DAA 2021 s22(8)), and only where and when the
//!   pilot runs: a DAPN given outside a configured pilot area or the pilot's dates is
//!   `Prohibited` (no power to give it there and then). The person given the notice must be 18
//!   or over. Otherwise `Prohibited`; lawful: `Met`. A recipient whose age is not recorded
//!   cannot be shown to be a child, so the notice is judged on its rank alone.
//! - **PO-3 order-hearing-48h.** Once a DVPN or DAPN is served, the application is heard by a
//!   magistrates' court within 48 hours of service, not counting Sundays, Christmas Day, Good
//!   Friday or bank holidays (CSA 2010 s27(3); DAA 2021 s29), counted as `docs/CATALOGUE.md` §1.1 says.
//!   No hearing by then: `Missed`, the notice has lapsed; a later hearing: `MetLate`. A notice
//!   with no recorded service time owes no hearing yet and gives no finding. A DAPN given
//!   without the power (PO-2) is still a served notice, and its hearing is judged the same way.
//! - **PO-4 withdrawal-and-elp.** When a victim withdraws (or does not give) support for a
//!   prosecution and a suspect is identified, before the case is closed there must be (a) an
//!   auditable record of the victim's decision, confirmed by the victim, and (b) a recorded
//!   consideration of an evidence-led prosecution. Duty (b) is owed only where such a
//!   prosecution could be suitable: the case records evidence that does not depend on the
//!   victim's testimony (body-worn video, a 999 recording, an independent witness, photographs
//!   or medical evidence, admissions) by the closure, or by `now` while it is open; without it
//!   the finding judges (a) alone (the inspectors counted only the cases "where this would have
//!   been suitable"). One finding per withdrawing individual victim; while the case is open and
//!   a duty owed is missing, `Pending` with no deadline; once closed, the closure is the
//!   deadline. Sources: the Home Office Counting Rules' outcome 16 (victim does not support
//!   action; the outcomes framework from 2013-04-01), the CPS guidance on evidence-led
//!   prosecution in domestic abuse cases, and the inspectorate's expectation (PEEL 2021/22: "an
//!   auditable record approved by the victim"; evidence-led prosecution "considered and
//!   recorded").

use crate::case::{NoticeKind, Order, OrderSet, Rank, SuspectId, VictimId, What};
use crate::finding::{Reason, Status, Subject};
use crate::time::Instant;

use super::needs_assessment::reason_for;
use super::{
    Ctx, Dated, Full, Out, RuleId, Source, Verdict, date, in_force_at, in_force_or_first, source,
    uk_date,
};

/// The date stalking protection orders became available (Stalking Protection Act 2019).
const SPO_FROM: crate::time::Date = date(2020, 1, 20);

pub(crate) static SOURCES_PO_1: [Dated<Source>; 3] = [
    source(
        "Crime and Security Act 2010",
        "ss24-33 (domestic violence protection notices and orders)",
        date(2014, 3, 8),
    ),
    source(
        "Crime and Security Act 2010; Stalking Protection Act 2019",
        "CSA ss24-33; SPA s1 (stalking protection orders)",
        date(2020, 1, 20),
    ),
    source(
        "Crime and Security Act 2010; Stalking Protection Act 2019; Domestic Abuse Act 2021",
        "CSA ss24-33; SPA s1; DAA Part 3 (pilot areas)",
        date(2024, 11, 27),
    ),
];

const PO_2_DVPN: Dated<Source> = source(
    "Crime and Security Act 2010",
    "s24(1)-(3) (DVPN authorised by a superintendent; recipient 18 or over)",
    date(2014, 3, 8),
);
const PO_2_DAPN: Dated<Source> = source(
    "Domestic Abuse Act 2021",
    "s22 (DAPN authorised by an inspector; recipient 18 or over), pilot areas",
    date(2024, 11, 27),
);
const PO_3_DVPN: Dated<Source> = source(
    "Crime and Security Act 2010",
    "s27(3) (hearing within 48 hours, disregarding Sundays, Christmas Day, Good Friday and bank holidays)",
    date(2014, 3, 8),
);
const PO_3_DAPN: Dated<Source> = source(
    "Domestic Abuse Act 2021",
    "s29 (hearing within 48 hours, disregarding Sundays, Christmas Day, Good Friday and bank holidays)",
    date(2024, 11, 27),
);
pub(crate) static SOURCES_PO_2: [Dated<Source>; 2] = [PO_2_DVPN, PO_2_DAPN];
pub(crate) static SOURCES_PO_2_DVPN: [Dated<Source>; 1] = [PO_2_DVPN];
pub(crate) static SOURCES_PO_2_DAPN: [Dated<Source>; 1] = [PO_2_DAPN];
pub(crate) static SOURCES_PO_3: [Dated<Source>; 2] = [PO_3_DVPN, PO_3_DAPN];
pub(crate) static SOURCES_PO_3_DVPN: [Dated<Source>; 1] = [PO_3_DVPN];
pub(crate) static SOURCES_PO_3_DAPN: [Dated<Source>; 1] = [PO_3_DAPN];

pub(crate) static SOURCES_PO_4: [Dated<Source>; 1] = [source(
    "Home Office Counting Rules for Recorded Crime; CPS Domestic Abuse guidance; HMICFRS PEEL 2021/22",
    "Outcome 16 (victim does not support action): an auditable record of the victim's decision, approved by the victim; evidence-led prosecution considered and recorded",
    date(2013, 4, 1),
)];

pub(crate) fn evaluate(ctx: &Ctx<'_>, out: &mut Out) -> Result<(), Full> {
    if ctx.wants(RuleId::Po1) {
        order_considered(ctx, out)?;
    }
    if ctx.wants(RuleId::Po2) || ctx.wants(RuleId::Po3) {
        notices(ctx, out)?;
    }
    if ctx.wants(RuleId::Po4) {
        withdrawals(ctx, out)?;
    }
    Ok(())
}

/// The orders open to the force for a case reported on `report`.
fn open_orders(ctx: &Ctx<'_>, report: Instant) -> OrderSet {
    let on = uk_date(report);
    let categories = ctx.case.categories();
    let mut open = OrderSet::EMPTY;
    if categories.contains(crate::case::Category::DomesticAbuse) {
        open = open.with(Order::Dvpn);
        if ctx.policy.dapn_pilot.is_some_and(|pilot| pilot.covers(on)) {
            open = open.with(Order::Dapn);
        }
    }
    if categories.contains(crate::case::Category::Stalking) && on >= SPO_FROM {
        open = open.with(Order::StalkingProtectionOrder);
    }
    open
}

#[inline(never)]
fn order_considered(ctx: &Ctx<'_>, out: &mut Out) -> Result<(), Full> {
    let case = ctx.case;
    let Some(report) = case.learned_at() else {
        return Ok(());
    };
    if !case.categories().is_protective_order_trigger() || !case.has_identified_suspect() {
        return Ok(());
    }
    let Some(source) = in_force_at(&SOURCES_PO_1, report) else {
        return Ok(());
    };
    let open = open_orders(ctx, report);
    let mut deadline = report.plus_hours(ctx.policy.order_consideration_hours);
    let identified = |suspect: SuspectId| case.suspect(suspect).is_some_and(|s| s.identified);
    let first_release = case.events().iter().find_map(|event| match event.what {
        What::Released { suspect, .. } if identified(suspect) => Some(event.at),
        What::KeyDecision {
            decision,
            suspect: Some(suspect),
        } if decision.releases_suspect() && identified(suspect) => Some(event.at),
        _ => None,
    });
    if let Some(released) = first_release {
        deadline = deadline.min(released);
    }
    let mut gap = Reason::OrdersNotConsidered;
    let mut done = None;
    for event in case.events() {
        if let What::OrdersConsidered {
            reason_recorded,
            orders,
            ..
        } = event.what
        {
            let omitted = open.missing_from(orders).first();
            match (reason_recorded, omitted) {
                (true, None) => {
                    done = Some(event.at);
                    break;
                }
                (false, _) => gap = Reason::ConsiderationLacksReason,
                (true, Some(Order::Dvpn)) => gap = Reason::ConsiderationOmitsDvpn,
                (true, Some(Order::Dapn)) => gap = Reason::ConsiderationOmitsDapn,
                (true, Some(Order::StalkingProtectionOrder)) => {
                    gap = Reason::ConsiderationOmitsSpo;
                }
            }
        }
    }
    let status = ctx.timeliness(deadline, done, RuleId::Po1);
    let verdict = Verdict::new(status, Some(deadline), done, reason_for(status, gap));
    out.push(RuleId::Po1, Subject::Case, source, verdict)?;
    Ok(())
}

#[inline(never)]
fn notices(ctx: &Ctx<'_>, out: &mut Out) -> Result<(), Full> {
    let case = ctx.case;
    for notice in case.events() {
        let What::NoticeIssued {
            notice: kind,
            suspect,
            authorised_by,
            served_at,
        } = notice.what
        else {
            continue;
        };
        let on = uk_date(notice.at);
        let (authority_sources, hearing_sources, required): (
            &'static [Dated<Source>],
            &'static [Dated<Source>],
            Rank,
        ) = match kind {
            NoticeKind::Dvpn => (&SOURCES_PO_2_DVPN, &SOURCES_PO_3_DVPN, Rank::Superintendent),
            NoticeKind::Dapn => (&SOURCES_PO_2_DAPN, &SOURCES_PO_3_DAPN, Rank::Inspector),
        };
        let subject = Subject::Notice(notice.id);
        // A DAPN issued before the pilot began is still judged (against the pilot's source):
        // the force had no power to issue it.
        if let Some(source) = in_force_or_first(authority_sources, notice.at) {
            let pilot_open = ctx.policy.dapn_pilot.is_some_and(|pilot| pilot.covers(on));
            let recipient_age = case.suspect(suspect).and_then(|s| s.age);
            let reason = if kind == NoticeKind::Dapn && !pilot_open {
                Reason::NoDapnPower
            } else if authorised_by < required {
                Reason::RankTooLow
            } else if recipient_age.is_some_and(|age| age < 18) {
                Reason::RecipientUnder18
            } else {
                Reason::LawfullyAuthorised
            };
            let status = if reason == Reason::LawfullyAuthorised {
                Status::Met
            } else {
                Status::Prohibited
            };
            out.push(
                RuleId::Po2,
                subject,
                source,
                Verdict::new(status, None, Some(notice.at), reason),
            )?;
        }
        let Some(served) = served_at else {
            continue;
        };
        // A DAPN served before the pilot began is judged against the pilot's source, as PO-2
        // judges it.
        let Some(source) = in_force_or_first(hearing_sources, served) else {
            continue;
        };
        let deadline = crate::calendar::hearing_deadline(served, &ctx.calendar);
        let heard = case.events().iter().find_map(|event| match event.what {
            What::OrderHearing { notice: n } if n == notice.id => Some(event.at),
            _ => None,
        });
        let status = ctx.timeliness(deadline, heard, RuleId::Po3);
        let reason = match status {
            Status::Met => Reason::DoneOnTime,
            Status::MetLate => Reason::HeardAfterLapse,
            Status::Missed => Reason::NoticeLapsed,
            _ => Reason::HearingDue,
        };
        let computed = crate::calendar::touches_computed_years(served, deadline);
        out.push(
            RuleId::Po3,
            subject,
            source,
            Verdict::new(status, Some(deadline), heard, reason).computed(computed),
        )?;
    }
    Ok(())
}

#[inline(never)]
fn withdrawals(ctx: &Ctx<'_>, out: &mut Out) -> Result<(), Full> {
    let case = ctx.case;
    if !case.has_identified_suspect() {
        return Ok(());
    }
    let first = |wanted: fn(&What, VictimId) -> bool, victim: VictimId| {
        case.events()
            .iter()
            .find(|event| wanted(&event.what, victim))
            .map(|event| event.at)
    };
    let closed = case.closed_at();
    // Evidence independent of the victim, recorded by the closure (or by now: every recorded
    // instant is at or before it).
    let elp_owed = case.events().iter().any(|event| {
        matches!(event.what, What::EvidenceRecorded { .. })
            && closed.is_none_or(|closed| event.at <= closed)
    });
    for victim in case
        .victims()
        .iter()
        .filter(|victim| victim.is_individual())
    {
        let Some(withdrew) = first(
            |w, v| matches!(*w, What::VictimWithdrewSupport { victim } if victim == v),
            victim.id,
        ) else {
            continue;
        };
        let Some(source) = in_force_at(&SOURCES_PO_4, withdrew) else {
            continue;
        };
        let confirmed = first(
            |w, v| matches!(*w, What::WithdrawalConfirmed { victim } if victim == v),
            victim.id,
        );
        let considered = first(
            |w, v| matches!(*w, What::EvidenceLedProsecutionConsidered { victim } if victim == v),
            victim.id,
        );
        let missing = match (confirmed, considered, elp_owed) {
            (Some(_), Some(_), _) | (Some(_), None, false) => None,
            (None, Some(_), _) | (None, None, false) => Some(Reason::WithdrawalNotConfirmed),
            (Some(_), None, true) => Some(Reason::EvidenceLedNotConsidered),
            (None, None, true) => Some(Reason::WithdrawalRecordsMissing),
        };
        let both = if elp_owed {
            confirmed.max(considered)
        } else {
            confirmed
        };
        let verdict = match (missing, closed) {
            (Some(reason), None) => Verdict::new(Status::Pending, None, None, reason),
            (Some(reason), Some(closed)) => {
                Verdict::new(Status::Missed, Some(closed), None, reason)
            }
            (None, None) => Verdict::new(Status::Met, None, both, Reason::DoneOnTime),
            (None, Some(closed)) => {
                let status = ctx.timeliness(closed, both, RuleId::Po4);
                Verdict::new(
                    status,
                    Some(closed),
                    both,
                    reason_for(status, Reason::WithdrawalRecordsMissing),
                )
            }
        };
        out.push(RuleId::Po4, Subject::Victim(victim.id), source, verdict)?;
    }
    Ok(())
}

#[cfg(all(test, feature = "protective-orders"))]
mod tests {
    use super::*;
    use crate::case::{Category, DecisionKind};
    use crate::case::{EventId, SuspectId, VictimId};
    use crate::policy::{DapnPilot, PilotArea, Policy};
    use crate::rules::testkit::{Build, at, none_for, one, victim};

    const REPORTED: &str = "2025-06-02T10:00:00Z";

    fn da() -> Build {
        Build::crime(REPORTED, &[Category::DomesticAbuse])
            .victim(victim(1))
            .suspect(1, true, Some(35))
    }

    fn considered(orders: OrderSet, reason_recorded: bool) -> What {
        What::OrdersConsidered {
            apply: false,
            reason_recorded,
            orders,
        }
    }

    fn pilot() -> Policy {
        Policy {
            dapn_pilot: Some(DapnPilot {
                area: PilotArea::Cleveland,
                first_day: None,
                last_day: None,
            }),
            ..Policy::default()
        }
    }

    const DVPN: OrderSet = OrderSet::EMPTY.with(Order::Dvpn);

    #[test]
    fn orders_considered_within_24_hours_is_met() {
        let f = one(
            &da()
                .event("2025-06-02T12:00:00Z", considered(DVPN, true))
                .run("2025-06-05T00:00:00Z"),
            RuleId::Po1,
            Subject::Case,
        );
        assert_eq!(
            (f.status, f.deadline),
            (Status::Met, Some(at("2025-06-03T10:00:00Z")))
        );
    }

    #[test]
    fn no_consideration_is_pending_then_missed() {
        let f = one(
            &da().run("2025-06-02T20:00:00Z"),
            RuleId::Po1,
            Subject::Case,
        );
        assert_eq!(f.status, Status::Pending);
        let f = one(
            &da().run("2025-06-03T10:00:01Z"),
            RuleId::Po1,
            Subject::Case,
        );
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::OrdersNotConsidered)
        );
        let f = one(
            &da()
                .event("2025-06-04T12:00:00Z", considered(DVPN, true))
                .run("2025-06-05T00:00:00Z"),
            RuleId::Po1,
            Subject::Case,
        );
        assert_eq!(f.status, Status::MetLate);
    }

    #[test]
    fn releasing_the_suspect_first_brings_the_deadline_forward() {
        let released = What::KeyDecision {
            decision: DecisionKind::ReleasedOnBail,
            suspect: Some(SuspectId(1)),
        };
        let f = one(
            &da()
                .event("2025-06-02T18:00:00Z", released)
                .event("2025-06-02T19:00:00Z", considered(DVPN, true))
                .run("2025-06-03T00:00:00Z"),
            RuleId::Po1,
            Subject::Case,
        );
        assert_eq!(
            (f.status, f.deadline),
            (Status::MetLate, Some(at("2025-06-02T18:00:00Z")))
        );
    }

    #[test]
    fn a_consideration_must_cover_the_orders_open_and_give_a_reason() {
        // In a pilot area, the DAPN is open too.
        let f = one(
            &da()
                .event("2025-06-02T12:00:00Z", considered(DVPN, true))
                .run_with(&pilot(), "2025-06-04T00:00:00Z"),
            RuleId::Po1,
            Subject::Case,
        );
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::ConsiderationOmitsDapn)
        );
        let f = one(
            &da()
                .event(
                    "2025-06-02T12:00:00Z",
                    considered(DVPN.with(Order::Dapn), true),
                )
                .run_with(&pilot(), "2025-06-04T00:00:00Z"),
            RuleId::Po1,
            Subject::Case,
        );
        assert_eq!(f.status, Status::Met);
        let f = one(
            &da()
                .event("2025-06-02T12:00:00Z", considered(DVPN, false))
                .run("2025-06-04T00:00:00Z"),
            RuleId::Po1,
            Subject::Case,
        );
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::ConsiderationLacksReason)
        );
        // Stalking: the stalking protection order is open from 2020-01-20.
        let stalking = Build::crime(REPORTED, &[Category::Stalking])
            .victim(victim(1))
            .suspect(1, true, None)
            .event("2025-06-02T12:00:00Z", considered(OrderSet::EMPTY, true))
            .run("2025-06-04T00:00:00Z");
        assert_eq!(
            one(&stalking, RuleId::Po1, Subject::Case).reason,
            Reason::ConsiderationOmitsSpo
        );
    }

    #[test]
    fn no_identified_suspect_means_no_order_finding() {
        let findings = Build::crime(REPORTED, &[Category::DomesticAbuse])
            .victim(victim(1))
            .suspect(1, false, None)
            .run("2025-06-04T00:00:00Z");
        assert!(none_for(&findings, RuleId::Po1));
    }

    fn notice(kind: NoticeKind, rank: Rank, served: Option<&str>) -> What {
        What::NoticeIssued {
            notice: kind,
            suspect: SuspectId(1),
            authorised_by: rank,
            served_at: served.map(at),
        }
    }

    #[test]
    fn a_dvpn_needs_a_superintendent() {
        let lawful = da()
            .event(
                "2025-06-02T12:00:00Z",
                notice(NoticeKind::Dvpn, Rank::Superintendent, None),
            )
            .run("2025-06-02T13:00:00Z");
        let f = one(&lawful, RuleId::Po2, Subject::Notice(EventId(1)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Met, Reason::LawfullyAuthorised)
        );
        let unlawful = da()
            .event(
                "2025-06-02T12:00:00Z",
                notice(NoticeKind::Dvpn, Rank::ChiefInspector, None),
            )
            .run("2025-06-02T13:00:00Z");
        let f = one(&unlawful, RuleId::Po2, Subject::Notice(EventId(1)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Prohibited, Reason::RankTooLow)
        );
        assert_eq!(f.source.instrument, "Crime and Security Act 2010");
    }

    #[test]
    fn a_dapn_needs_an_inspector_and_a_pilot() {
        let inside = da()
            .event(
                "2025-06-02T12:00:00Z",
                notice(NoticeKind::Dapn, Rank::Inspector, None),
            )
            .run_with(&pilot(), "2025-06-02T13:00:00Z");
        assert_eq!(
            one(&inside, RuleId::Po2, Subject::Notice(EventId(1))).status,
            Status::Met
        );
        let outside_area = da()
            .event(
                "2025-06-02T12:00:00Z",
                notice(NoticeKind::Dapn, Rank::Inspector, None),
            )
            .run("2025-06-02T13:00:00Z");
        let f = one(&outside_area, RuleId::Po2, Subject::Notice(EventId(1)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Prohibited, Reason::NoDapnPower)
        );
        // Cleveland's pilot began on 2025-03-11.
        let before_pilot = Build::crime("2025-03-10T10:00:00Z", &[Category::DomesticAbuse])
            .suspect(1, true, Some(35))
            .event(
                "2025-03-10T12:00:00Z",
                notice(NoticeKind::Dapn, Rank::Inspector, None),
            )
            .run_with(&pilot(), "2025-03-10T13:00:00Z");
        assert_eq!(
            one(&before_pilot, RuleId::Po2, Subject::Notice(EventId(1))).reason,
            Reason::NoDapnPower
        );
    }

    #[test]
    fn a_notice_to_a_child_is_prohibited() {
        let findings = Build::crime(REPORTED, &[Category::DomesticAbuse])
            .suspect(1, true, Some(17))
            .event(
                "2025-06-02T12:00:00Z",
                notice(NoticeKind::Dvpn, Rank::Superintendent, None),
            )
            .run("2025-06-02T13:00:00Z");
        assert_eq!(
            one(&findings, RuleId::Po2, Subject::Notice(EventId(1))).reason,
            Reason::RecipientUnder18
        );
    }

    #[test]
    fn the_hearing_is_due_48_hours_after_service_skipping_sunday() {
        // Served Saturday 7 June 2025 10:00 BST: Saturday 14 hours, Sunday disregarded,
        // Monday 24, Tuesday 10: due Tuesday 10 June 10:00 BST.
        let served = "2025-06-07T09:00:00Z";
        let case = || {
            da().event(
                "2025-06-07T08:00:00Z",
                notice(NoticeKind::Dvpn, Rank::Superintendent, Some(served)),
            )
        };
        let f = one(
            &case().run("2025-06-08T12:00:00Z"),
            RuleId::Po3,
            Subject::Notice(EventId(1)),
        );
        assert_eq!(
            (f.status, f.deadline),
            (Status::Pending, Some(at("2025-06-10T09:00:00Z")))
        );
        assert_eq!(f.reason, Reason::HearingDue);
        let f = one(
            &case()
                .event(
                    "2025-06-09T14:00:00Z",
                    What::OrderHearing { notice: EventId(1) },
                )
                .run("2025-06-11T00:00:00Z"),
            RuleId::Po3,
            Subject::Notice(EventId(1)),
        );
        assert_eq!(f.status, Status::Met);
        let f = one(
            &case().run("2025-06-10T09:00:01Z"),
            RuleId::Po3,
            Subject::Notice(EventId(1)),
        );
        assert_eq!((f.status, f.reason), (Status::Missed, Reason::NoticeLapsed));
        let f = one(
            &case()
                .event(
                    "2025-06-10T13:00:00Z",
                    What::OrderHearing { notice: EventId(1) },
                )
                .run("2025-06-11T00:00:00Z"),
            RuleId::Po3,
            Subject::Notice(EventId(1)),
        );
        assert_eq!(
            (f.status, f.reason),
            (Status::MetLate, Reason::HeardAfterLapse)
        );
    }

    #[test]
    fn christmas_and_a_sunday_inside_the_hearing_window() {
        // Served Tuesday 24 December 2024 09:00 GMT: 24th 15h, Christmas Day and Boxing Day
        // disregarded, 27th 24h, 28th 9h: due Saturday 28 December 09:00.
        let findings = Build::crime("2024-12-24T08:00:00Z", &[Category::DomesticAbuse])
            .suspect(1, true, Some(40))
            .event(
                "2024-12-24T08:30:00Z",
                notice(
                    NoticeKind::Dvpn,
                    Rank::Superintendent,
                    Some("2024-12-24T09:00:00Z"),
                ),
            )
            .run("2024-12-24T10:00:00Z");
        assert_eq!(
            one(&findings, RuleId::Po3, Subject::Notice(EventId(1))).deadline,
            Some(at("2024-12-28T09:00:00Z"))
        );
    }

    #[test]
    fn an_unserved_notice_owes_no_hearing_yet() {
        let findings = da()
            .event(
                "2025-06-02T12:00:00Z",
                notice(NoticeKind::Dvpn, Rank::Superintendent, None),
            )
            .run("2025-06-10T00:00:00Z");
        assert!(none_for(&findings, RuleId::Po3));
    }

    #[test]
    fn without_independent_evidence_only_the_confirmed_record_is_owed() {
        let withdrew = || {
            da().event(
                "2025-06-05T10:00:00Z",
                What::VictimWithdrewSupport {
                    victim: VictimId(1),
                },
            )
        };
        let confirmed = withdrew()
            .event(
                "2025-06-05T11:00:00Z",
                What::WithdrawalConfirmed {
                    victim: VictimId(1),
                },
            )
            .closed("2025-06-20T00:00:00Z")
            .run("2025-06-21T00:00:00Z");
        let f = one(&confirmed, RuleId::Po4, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.met_at, f.reason),
            (
                Status::Met,
                Some(at("2025-06-05T11:00:00Z")),
                Reason::DoneOnTime
            )
        );
        let open = withdrew().run("2025-06-06T00:00:00Z");
        assert_eq!(
            one(&open, RuleId::Po4, Subject::Victim(VictimId(1))).reason,
            Reason::WithdrawalNotConfirmed
        );
        // Evidence recorded after the closure does not make (b) owed.
        let evidence_after = withdrew()
            .event(
                "2025-06-05T11:00:00Z",
                What::WithdrawalConfirmed {
                    victim: VictimId(1),
                },
            )
            .event(
                "2025-06-20T00:00:01Z",
                What::EvidenceRecorded {
                    kind: crate::case::EvidenceKind::Photographs,
                },
            )
            .closed("2025-06-20T00:00:00Z")
            .run("2025-06-21T00:00:00Z");
        assert_eq!(
            one(&evidence_after, RuleId::Po4, Subject::Victim(VictimId(1))).status,
            Status::Met
        );
    }

    #[test]
    fn an_organisation_that_withdraws_is_owed_nothing() {
        let mut b = da();
        b.raw.victims.as_mut_slice()[0].kind = crate::case::VictimKind::Organisation;
        let findings = b
            .event(
                "2025-06-05T10:00:00Z",
                What::VictimWithdrewSupport {
                    victim: VictimId(1),
                },
            )
            .run("2025-06-06T00:00:00Z");
        assert!(none_for(&findings, RuleId::Po4));
    }

    #[test]
    fn withdrawal_needs_a_confirmed_record_and_an_evidence_led_decision() {
        let withdrew = || {
            da().event(
                "2025-06-05T09:00:00Z",
                What::EvidenceRecorded {
                    kind: crate::case::EvidenceKind::BodyWornVideo,
                },
            )
            .event(
                "2025-06-05T10:00:00Z",
                What::VictimWithdrewSupport {
                    victim: VictimId(1),
                },
            )
        };
        let open = withdrew().run("2025-06-06T00:00:00Z");
        let f = one(&open, RuleId::Po4, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.deadline, f.reason),
            (Status::Pending, None, Reason::WithdrawalRecordsMissing)
        );

        let met = withdrew()
            .event(
                "2025-06-05T11:00:00Z",
                What::WithdrawalConfirmed {
                    victim: VictimId(1),
                },
            )
            .event(
                "2025-06-06T11:00:00Z",
                What::EvidenceLedProsecutionConsidered {
                    victim: VictimId(1),
                },
            )
            .closed("2025-06-20T00:00:00Z")
            .run("2025-06-21T00:00:00Z");
        let f = one(&met, RuleId::Po4, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.met_at),
            (Status::Met, Some(at("2025-06-06T11:00:00Z")))
        );

        let missed = withdrew()
            .event(
                "2025-06-05T11:00:00Z",
                What::WithdrawalConfirmed {
                    victim: VictimId(1),
                },
            )
            .closed("2025-06-20T00:00:00Z")
            .run("2025-06-21T00:00:00Z");
        let f = one(&missed, RuleId::Po4, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::EvidenceLedNotConsidered)
        );
        assert_eq!(f.deadline, Some(at("2025-06-20T00:00:00Z")));

        let late = withdrew()
            .event(
                "2025-06-05T11:00:00Z",
                What::WithdrawalConfirmed {
                    victim: VictimId(1),
                },
            )
            .event(
                "2025-06-21T11:00:00Z",
                What::EvidenceLedProsecutionConsidered {
                    victim: VictimId(1),
                },
            )
            .closed("2025-06-20T00:00:00Z")
            .run("2025-06-22T00:00:00Z");
        assert_eq!(
            one(&late, RuleId::Po4, Subject::Victim(VictimId(1))).status,
            Status::MetLate
        );
    }

    #[test]
    fn a_release_of_any_outcome_brings_the_deadline_forward() {
        for outcome in [
            crate::case::ReleaseOutcome::ChargedAndBailed,
            crate::case::ReleaseOutcome::OutOfCourtDisposal,
        ] {
            let findings = da()
                .event(
                    "2025-06-02T18:00:00Z",
                    What::Released {
                        suspect: SuspectId(1),
                        outcome,
                    },
                )
                .run("2025-06-02T20:00:00Z");
            let f = one(&findings, RuleId::Po1, Subject::Case);
            assert_eq!(
                (f.status, f.deadline),
                (Status::Missed, Some(at("2025-06-02T18:00:00Z")))
            );
        }
    }

    #[test]
    fn a_dapn_given_without_the_power_still_owes_its_hearing() {
        let findings = da()
            .event(
                "2025-06-02T12:00:00Z",
                notice(
                    NoticeKind::Dapn,
                    Rank::Inspector,
                    Some("2025-06-02T13:00:00Z"),
                ),
            )
            .run("2025-06-10T00:00:00Z");
        let notice_subject = Subject::Notice(EventId(1));
        assert_eq!(
            one(&findings, RuleId::Po2, notice_subject).reason,
            Reason::NoDapnPower
        );
        assert_eq!(
            one(&findings, RuleId::Po3, notice_subject).reason,
            Reason::NoticeLapsed
        );
        // Before the pilot's first date, the hearing is judged against the pilot's source.
        let early = da()
            .event(
                "2024-06-03T12:00:00Z",
                notice(
                    NoticeKind::Dapn,
                    Rank::Inspector,
                    Some("2024-06-03T13:00:00Z"),
                ),
            )
            .run("2025-06-10T00:00:00Z");
        assert_eq!(
            one(&early, RuleId::Po3, notice_subject).source.instrument,
            "Domestic Abuse Act 2021"
        );
    }
}
