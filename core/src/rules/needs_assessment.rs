//! **Needs assessment and referral** — Victims' Code 2020, Right 4.
//!
//! - **NA-1 needs-assessment.** When a crime with an individual victim is recorded, the police
//!   record a needs assessment by the end of the 2nd working day after the report (policy
//!   `needs_assessment_working_days`). For a victim under 18 the duty is owed through the parent
//!   or guardian; the finding is still about the victim. The assessment is complete only when it
//!   answers all four questions: enhanced rights, vulnerable or intimidated, special measures,
//!   and the referral offer with the victim's answer. An incomplete assessment counts as not
//!   done (the inspection counted these as failures), and the reason names the first missing
//!   answer.
//! - **NA-2 support-referral.** A referral to support services is made by the end of the 2nd
//!   working day after the report (policy `referral_working_days`) when it is owed. Under the
//!   2020 Code (crimes reported from 2021-04-01) the referral is opt-in: owed when the victim
//!   agreed. Under the 2015 Code it was opt-out: owed unless the victim declined, except that
//!   a victim of a sexual offence or of domestic abuse, and a bereaved close relative, must
//!   have agreed. Agreement and refusal are read from the victim record's `referral_consent`
//!   where set, otherwise from the latest assessment's answer.
//!
//! Both rules are owed to individual victims: a person, or the close relative of a person whose
//! death the offence caused (for a victim under 18, through the parent or guardian). An
//! organisation listed as a victim is owed nothing here.
//!
//! Sources, chosen by the report (the Code in force when the victim reported governs the
//! assessment and the referral rule, and is the one cited): Code of Practice for Victims of
//! Crime in England and Wales (2020), Right 4, in force 2021-04-01; from 2025-01-29 the duty to
//! comply is statutory (Victims and Prisoners Act 2024 s5). Before 2021-04-01 the 2015 Code
//! applied, with the same two working days, from the date the policy gives
//! (`victims_code_2015_from`, default 2015-11-16, a date `docs/CATALOGUE.md` marks "to verify"). A crime
//! reported before it gives no finding: the catalogue does not model the older codes.
//!
//! Counting (`docs/CATALOGUE.md` §1.1): the day of the report never counts, whatever its hour; the
//! deadline is 23:59:59 UK civil time on the last counted working day.

use crate::case::{Category, ReferralAnswer, Victim, What};
use crate::finding::{Reason, Status, Subject};
use crate::time::Instant;

use super::{Ctx, Dated, Full, Out, RuleId, Source, Verdict, date, in_force_or_first, source};

/// How a victim comes to be referred to support services.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Referral {
    /// Opt-out (2015 Code): referred unless the victim declined, but victims of a sexual
    /// offence or domestic abuse and bereaved close relatives only if they agreed.
    OptOut,
    /// Opt-in (2020 Code): referred only if the victim agreed.
    OptIn,
}

/// The referral rule, by the report's date.
static REFERRAL: [Dated<Referral>; 2] = [
    Dated::new(date(2015, 11, 16), Referral::OptOut),
    Dated::new(date(2021, 4, 1), Referral::OptIn),
];

pub(crate) static SOURCES_NA_1: [Dated<Source>; 3] = [
    source(
        "Code of Practice for Victims of Crime (2015)",
        "Chapter 2, Part A, section 1 (needs assessment)",
        date(2015, 11, 16),
    ),
    source(
        "Code of Practice for Victims of Crime in England and Wales (2020)",
        "Right 4 (needs assessment)",
        date(2021, 4, 1),
    ),
    source(
        "Code of Practice for Victims of Crime in England and Wales (2020); Victims and Prisoners Act 2024 s5",
        "Right 4 (needs assessment)",
        date(2025, 1, 29),
    ),
];

pub(crate) static SOURCES_NA_2: [Dated<Source>; 3] = [
    source(
        "Code of Practice for Victims of Crime (2015)",
        "Chapter 2, Part A, section 1 (referral to support services)",
        date(2015, 11, 16),
    ),
    source(
        "Code of Practice for Victims of Crime in England and Wales (2020)",
        "Right 4 (referral to support services within 2 working days)",
        date(2021, 4, 1),
    ),
    source(
        "Code of Practice for Victims of Crime in England and Wales (2020); Victims and Prisoners Act 2024 s5",
        "Right 4 (referral to support services within 2 working days)",
        date(2025, 1, 29),
    ),
];

/// The first question a needs assessment leaves unanswered, if any.
const fn missing_answer(what: &What) -> Option<Reason> {
    match *what {
        What::NeedsAssessment {
            enhanced_rights,
            vulnerable_or_intimidated,
            special_measures,
            referral,
            ..
        } => {
            if enhanced_rights.is_none() {
                Some(Reason::AssessmentLacksEnhancedRights)
            } else if vulnerable_or_intimidated.is_none() {
                Some(Reason::AssessmentLacksVulnerability)
            } else if special_measures.is_none() {
                Some(Reason::AssessmentLacksSpecialMeasures)
            } else if referral.is_none() {
                Some(Reason::AssessmentLacksReferralOffer)
            } else {
                None
            }
        }
        _ => None,
    }
}

pub(crate) fn evaluate(ctx: &Ctx<'_>, out: &mut Out) -> Result<(), Full> {
    let case = ctx.case;
    let (Some(report), true) = (case.report(), case.is_recorded_crime()) else {
        return Ok(());
    };
    if !ctx.victims_code_applies(report) {
        return Ok(());
    }
    let policy = ctx.policy;
    for victim in case
        .victims()
        .iter()
        .filter(|victim| victim.is_individual())
    {
        if ctx.wants(RuleId::Na1)
            && let Some(source) = in_force_or_first(&SOURCES_NA_1, report)
        {
            let verdict = needs_assessment(ctx, victim, report);
            out.push(RuleId::Na1, Subject::Victim(victim.id), source, verdict)?;
        }
        if ctx.wants(RuleId::Na2)
            && let Some(source) = in_force_or_first(&SOURCES_NA_2, report)
            && referral_owed(ctx, victim, report)
        {
            let (deadline, computed) = ctx.working_days_after(report, policy.referral_working_days);
            let made = case.events().iter().find_map(|event| match event.what {
                What::SupportReferralMade { victim: v } if v == victim.id => Some(event.at),
                _ => None,
            });
            let status = ctx.timeliness(deadline, made, RuleId::Na2);
            let reason = reason_for(status, Reason::NoReferralMade);
            let verdict = Verdict::new(status, Some(deadline), made, reason).computed(computed);
            out.push(RuleId::Na2, Subject::Victim(victim.id), source, verdict)?;
        }
    }
    Ok(())
}

/// The reason for a timeliness status: done on time or late, or the rule's "not done" reason.
pub(crate) const fn reason_for(status: Status, not_done: Reason) -> Reason {
    match status {
        Status::Met => Reason::DoneOnTime,
        Status::MetLate => Reason::DoneLate,
        _ => not_done,
    }
}

#[inline(never)]
fn needs_assessment(ctx: &Ctx<'_>, victim: &Victim, report: Instant) -> Verdict {
    let (deadline, computed) =
        ctx.working_days_after(report, ctx.policy.needs_assessment_working_days);
    let mut gap = Reason::NoNeedsAssessment;
    let mut complete = None;
    for event in ctx.case.events() {
        if let What::NeedsAssessment { victim: v, .. } = event.what {
            if v != victim.id {
                continue;
            }
            match missing_answer(&event.what) {
                None => {
                    complete = Some(event.at);
                    break;
                }
                // The latest incomplete assessment says what is still missing.
                Some(reason) => gap = reason,
            }
        }
    }
    let status = ctx.timeliness(deadline, complete, RuleId::Na1);
    Verdict::new(status, Some(deadline), complete, reason_for(status, gap)).computed(computed)
}

/// Whether a referral is owed to `victim` under the Code in force at the report.
fn referral_owed(ctx: &Ctx<'_>, victim: &Victim, report: Instant) -> bool {
    let answer = referral_answer(ctx, victim);
    match in_force_or_first(&REFERRAL, report) {
        Some(Referral::OptOut) => {
            let categories = ctx.case.categories();
            let opt_in = categories.contains(Category::SexualOffence)
                || categories.contains(Category::DomesticAbuse)
                || victim.is_bereaved_relative();
            if opt_in {
                answer == Some(true)
            } else {
                answer != Some(false)
            }
        }
        _ => answer == Some(true),
    }
}

/// The victim's answer to the referral offer, if recorded: `true` agreed, `false` declined.
/// The victim record's `referral_consent` where set, else the latest assessment's answer.
fn referral_answer(ctx: &Ctx<'_>, victim: &Victim) -> Option<bool> {
    if let Some(consent) = victim.referral_consent {
        return Some(consent);
    }
    ctx.case
        .events()
        .iter()
        .rev()
        .find_map(|event| match event.what {
            What::NeedsAssessment {
                victim: v,
                referral: Some(answer),
                ..
            } if v == victim.id => Some(answer == ReferralAnswer::Accepted),
            _ => None,
        })
}

#[cfg(all(test, feature = "needs-assessment"))]
mod tests {
    use super::*;
    use crate::case::Category;
    use crate::case::VictimId;
    use crate::policy::Policy;
    use crate::rules::testkit::{Build, at, none_for, one, victim};

    // Reported Monday 4 March 2024 (GMT): due 23:59:59 on Wednesday 6 March.
    const REPORTED: &str = "2024-03-04T10:00:00Z";
    const DUE: &str = "2024-03-06T23:59:59Z";

    fn complete(v: u16, referral: ReferralAnswer) -> What {
        What::NeedsAssessment {
            victim: VictimId(v),
            enhanced_rights: Some(false),
            vulnerable_or_intimidated: Some(false),
            special_measures: Some(false),
            referral: Some(referral),
        }
    }

    fn crime() -> Build {
        Build::crime(REPORTED, &[Category::Other]).victim(victim(1))
    }

    #[test]
    fn complete_assessment_on_time_is_met() {
        let findings = crime()
            .event(
                "2024-03-05T09:00:00Z",
                complete(1, ReferralAnswer::Declined),
            )
            .run("2024-03-10T00:00:00Z");
        let f = one(&findings, RuleId::Na1, Subject::Victim(VictimId(1)));
        assert_eq!(f.status, Status::Met);
        assert_eq!(f.deadline, Some(at(DUE)));
        assert_eq!(f.met_at, Some(at("2024-03-05T09:00:00Z")));
        assert_eq!(f.reason, Reason::DoneOnTime);
        assert_eq!(f.source.provision, "Right 4 (needs assessment)");
    }

    #[test]
    fn assessment_at_the_deadline_second_is_met() {
        let findings = crime()
            .event(DUE, complete(1, ReferralAnswer::Declined))
            .run("2024-03-10T00:00:00Z");
        assert_eq!(
            one(&findings, RuleId::Na1, Subject::Victim(VictimId(1))).status,
            Status::Met
        );
    }

    #[test]
    fn no_assessment_is_pending_then_missed() {
        let pending = crime().run("2024-03-05T12:00:00Z");
        let f = one(&pending, RuleId::Na1, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Pending, Reason::NoNeedsAssessment)
        );
        let at_deadline = crime().run(DUE);
        assert_eq!(
            one(&at_deadline, RuleId::Na1, Subject::Victim(VictimId(1))).status,
            Status::Pending
        );
        let missed = crime().run("2024-03-07T00:00:00Z");
        let f = one(&missed, RuleId::Na1, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::NoNeedsAssessment)
        );
        assert_eq!(f.met_at, None);
    }

    #[test]
    fn warning_lead_gives_due_soon() {
        let mut policy = Policy::default();
        policy
            .warning_lead_minutes
            .set(RuleId::Na1, 12 * 60)
            .unwrap();
        let f = one(
            &crime().run_with(&policy, "2024-03-06T13:00:00Z"),
            RuleId::Na1,
            Subject::Victim(VictimId(1)),
        );
        assert_eq!(f.status, Status::DueSoon);
        let f = one(
            &crime().run_with(&policy, "2024-03-06T11:00:00Z"),
            RuleId::Na1,
            Subject::Victim(VictimId(1)),
        );
        assert_eq!(f.status, Status::Pending);
    }

    #[test]
    fn incomplete_assessment_counts_as_not_done() {
        let partial = What::NeedsAssessment {
            victim: VictimId(1),
            enhanced_rights: None,
            vulnerable_or_intimidated: Some(true),
            special_measures: Some(false),
            referral: Some(ReferralAnswer::Declined),
        };
        let findings = crime()
            .event("2024-03-05T09:00:00Z", partial)
            .run("2024-03-08T00:00:00Z");
        let f = one(&findings, RuleId::Na1, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::AssessmentLacksEnhancedRights)
        );

        let no_referral = What::NeedsAssessment {
            victim: VictimId(1),
            enhanced_rights: Some(true),
            vulnerable_or_intimidated: Some(true),
            special_measures: Some(false),
            referral: None,
        };
        let findings = crime()
            .event("2024-03-05T09:00:00Z", no_referral)
            .event(
                "2024-03-11T09:00:00Z",
                complete(1, ReferralAnswer::Declined),
            )
            .run("2024-03-12T00:00:00Z");
        let f = one(&findings, RuleId::Na1, Subject::Victim(VictimId(1)));
        assert_eq!((f.status, f.reason), (Status::MetLate, Reason::DoneLate));
        assert_eq!(f.met_at, Some(at("2024-03-11T09:00:00Z")));

        let pending = crime()
            .event("2024-03-05T09:00:00Z", no_referral)
            .run("2024-03-05T10:00:00Z");
        let f = one(&pending, RuleId::Na1, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Pending, Reason::AssessmentLacksReferralOffer)
        );
    }

    #[test]
    fn easter_bank_holidays_and_bst_move_the_deadline() {
        // Thursday 28 March 2024; Good Friday and Easter Monday are not working days, and the
        // deadline falls in BST: Wednesday 3 April, 23:59:59 BST.
        let findings = Build::crime("2024-03-28T16:00:00Z", &[Category::Other])
            .victim(victim(1))
            .run("2024-04-05T00:00:00Z");
        let f = one(&findings, RuleId::Na1, Subject::Victim(VictimId(1)));
        assert_eq!(f.deadline, Some(at("2024-04-03T22:59:59Z")));
        assert!(!f.computed_holidays);
    }

    #[test]
    fn weekend_report_counts_from_monday() {
        // Saturday 9 March 2024: the day of the report never counts; Monday and Tuesday do.
        let findings = Build::crime("2024-03-09T23:00:00Z", &[Category::Other])
            .victim(victim(1))
            .run("2024-03-20T00:00:00Z");
        assert_eq!(
            one(&findings, RuleId::Na1, Subject::Victim(VictimId(1))).deadline,
            Some(at("2024-03-12T23:59:59Z"))
        );
    }

    #[test]
    fn years_beyond_the_table_are_flagged() {
        let findings = Build::crime("2031-03-03T10:00:00Z", &[Category::Other])
            .victim(victim(1))
            .run("2031-03-10T00:00:00Z");
        assert!(one(&findings, RuleId::Na1, Subject::Victim(VictimId(1))).computed_holidays);
    }

    #[test]
    fn the_report_date_chooses_the_code() {
        let old = Build::crime("2021-03-31T10:00:00Z", &[Category::Other])
            .victim(victim(1))
            .run("2021-04-10T00:00:00Z");
        assert_eq!(
            one(&old, RuleId::Na1, Subject::Victim(VictimId(1)))
                .source
                .instrument,
            "Code of Practice for Victims of Crime (2015)"
        );
        let new = Build::crime("2021-04-01T10:00:00Z", &[Category::Other])
            .victim(victim(1))
            .run("2021-04-10T00:00:00Z");
        assert_eq!(
            one(&new, RuleId::Na1, Subject::Victim(VictimId(1)))
                .source
                .in_force,
            crate::rules::date(2021, 4, 1)
        );
        let statutory = Build::crime("2025-06-02T10:00:00Z", &[Category::Other])
            .victim(victim(1))
            .run("2025-06-10T00:00:00Z");
        assert!(
            one(&statutory, RuleId::Na1, Subject::Victim(VictimId(1)))
                .source
                .instrument
                .contains("s5")
        );
        let before = Build::crime("2014-06-02T10:00:00Z", &[Category::Other])
            .victim(victim(1))
            .run("2014-06-10T00:00:00Z");
        assert!(none_for(&before, RuleId::Na1));
    }

    #[test]
    fn an_incident_that_is_not_a_recorded_crime_owes_no_assessment() {
        let findings = Build::incident(REPORTED, &[Category::DomesticAbuse])
            .victim(victim(1))
            .run("2024-03-10T00:00:00Z");
        assert!(none_for(&findings, RuleId::Na1));
    }

    #[test]
    fn agreed_referral_is_made_on_time_late_or_missed() {
        let agreed = || {
            crime().event(
                "2024-03-04T12:00:00Z",
                complete(1, ReferralAnswer::Accepted),
            )
        };
        let met = agreed()
            .event(
                "2024-03-06T15:00:00Z",
                What::SupportReferralMade {
                    victim: VictimId(1),
                },
            )
            .run("2024-03-10T00:00:00Z");
        let f = one(&met, RuleId::Na2, Subject::Victim(VictimId(1)));
        assert_eq!((f.status, f.deadline), (Status::Met, Some(at(DUE))));

        let late = agreed()
            .event(
                "2024-03-07T15:00:00Z",
                What::SupportReferralMade {
                    victim: VictimId(1),
                },
            )
            .run("2024-03-10T00:00:00Z");
        assert_eq!(
            one(&late, RuleId::Na2, Subject::Victim(VictimId(1))).status,
            Status::MetLate
        );

        let missed = agreed().run("2024-03-07T00:00:00Z");
        let f = one(&missed, RuleId::Na2, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.reason),
            (Status::Missed, Reason::NoReferralMade)
        );

        let pending = agreed().run("2024-03-05T00:00:00Z");
        assert_eq!(
            one(&pending, RuleId::Na2, Subject::Victim(VictimId(1))).status,
            Status::Pending
        );
    }

    #[test]
    fn a_declined_referral_owes_nothing_and_the_victim_record_wins() {
        let declined = crime()
            .event(
                "2024-03-04T12:00:00Z",
                complete(1, ReferralAnswer::Declined),
            )
            .run("2024-03-10T00:00:00Z");
        assert!(none_for(&declined, RuleId::Na2));

        let mut consenting = victim(1);
        consenting.referral_consent = Some(true);
        let findings = Build::crime(REPORTED, &[Category::Other])
            .victim(consenting)
            .event(
                "2024-03-04T12:00:00Z",
                complete(1, ReferralAnswer::Declined),
            )
            .run("2024-03-10T00:00:00Z");
        assert_eq!(
            one(&findings, RuleId::Na2, Subject::Victim(VictimId(1))).status,
            Status::Missed
        );
    }

    #[test]
    fn each_victim_gets_its_own_finding() {
        let findings = crime()
            .victim(victim(2))
            .event(
                "2024-03-05T09:00:00Z",
                complete(2, ReferralAnswer::Declined),
            )
            .run("2024-03-10T00:00:00Z");
        assert_eq!(
            one(&findings, RuleId::Na1, Subject::Victim(VictimId(1))).status,
            Status::Missed
        );
        assert_eq!(
            one(&findings, RuleId::Na1, Subject::Victim(VictimId(2))).status,
            Status::Met
        );
    }

    #[test]
    fn an_organisation_is_owed_no_assessment_and_no_referral() {
        let mut organisation = victim(2);
        organisation.kind = crate::case::VictimKind::Organisation;
        organisation.referral_consent = Some(true);
        let findings = Build::crime(REPORTED, &[Category::Other])
            .victim(victim(1))
            .victim(organisation)
            .run("2024-03-10T00:00:00Z");
        one(&findings, RuleId::Na1, Subject::Victim(VictimId(1)));
        assert!(
            findings
                .iter()
                .all(|f| f.subject != Subject::Victim(VictimId(2))),
            "{findings:#?}"
        );
    }

    // Reported Wednesday 1 May 2019, under the 2015 Code: due Friday 3 May 23:59:59 BST.
    const REPORTED_2019: &str = "2019-05-01T10:00:00Z";

    fn referral_2019(categories: &[Category], v: Victim) -> Option<Status> {
        let findings = Build::crime(REPORTED_2019, categories)
            .victim(v)
            .run("2019-05-10T00:00:00Z");
        findings
            .iter()
            .find(|f| f.rule == RuleId::Na2)
            .map(|f| f.status)
    }

    #[test]
    fn under_the_2015_code_the_referral_is_opt_out() {
        // No answer recorded: owed, and missed.
        assert_eq!(
            referral_2019(&[Category::Other], victim(1)),
            Some(Status::Missed)
        );
        // Declined: nothing owed.
        let mut declined = victim(1);
        declined.referral_consent = Some(false);
        assert_eq!(referral_2019(&[Category::Other], declined), None);
        // Opt-in groups: domestic abuse, sexual offences, bereaved relatives need agreement.
        for category in [Category::DomesticAbuse, Category::SexualOffence] {
            assert_eq!(referral_2019(&[category], victim(1)), None);
            let mut agreed = victim(1);
            agreed.referral_consent = Some(true);
            assert_eq!(referral_2019(&[category], agreed), Some(Status::Missed));
        }
        let mut bereaved = victim(1);
        bereaved.kind = crate::case::VictimKind::BereavedRelative;
        assert_eq!(referral_2019(&[Category::Other], bereaved), None);
        // The same facts under the 2020 Code: opt-in, nothing owed without agreement.
        let findings = Build::crime(REPORTED, &[Category::Other])
            .victim(victim(1))
            .run("2024-03-10T00:00:00Z");
        assert!(none_for(&findings, RuleId::Na2));
    }

    #[test]
    fn the_2015_code_start_is_policy_data() {
        // Reported Thursday 1 October 2015: before the default start, no finding.
        let crime = || Build::crime("2015-10-01T10:00:00Z", &[Category::Other]).victim(victim(1));
        assert!(none_for(&crime().run("2015-10-10T00:00:00Z"), RuleId::Na1));
        let policy = Policy {
            victims_code_2015_from: crate::catalogue::date(2015, 9, 1),
            ..Policy::default()
        };
        let findings = crime().run_with(&policy, "2015-10-10T00:00:00Z");
        let f = one(&findings, RuleId::Na1, Subject::Victim(VictimId(1)));
        assert_eq!(
            (f.status, f.source.instrument),
            (
                Status::Missed,
                "Code of Practice for Victims of Crime (2015)"
            )
        );
    }
}
