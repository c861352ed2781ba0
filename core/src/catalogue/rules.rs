//! The catalogue: every rule declared once. Adding a rule is one entry here, plus the code
//! that judges it in its family's module and the fixtures that pin it; everything else (the
//! id, its wire code and serde name, the family's rule set, the warning-lead key, the bound on
//! findings, `docs/CATALOGUE.md`) follows from the entry.
//!
//! Wire codes are explicit and never reused: a withdrawn rule's code stays taken. The
//! entries' texts are what `safeguard rules --markdown` prints as `docs/CATALOGUE.md`.

use super::declare::{Family, Rule, WarningLead, lead, same_text};
use super::{Dated, Source};
use crate::capacity::{
    MAX_CHILDREN, MAX_DECISIONS, MAX_DETENTIONS, MAX_EPISODES, MAX_INCIDENTS, MAX_NOTICES,
    MAX_VICTIMS,
};
use crate::rules::{encompass, needs_assessment, protective_orders, s136, victim_updates};

/// The working-day counting every Victims' Code rule shares.
const WORKING_DAYS: &str = "Working days: the day of the triggering event never counts, whatever its hour; the deadline is 23:59:59 UK civil time on the N-th working day after it, and a report on a weekend or bank holiday counts the same way.";
/// Which Victims' Code applies.
const WHICH_CODE: &str = "The Victims' Code is chosen by the report instant; a crime reported before the policy's `victims_code_2015_from` (default 2015-11-16, to verify) gives no finding.";
/// Organisations as victims.
const ORGANISATIONS: &str = "An organisation listed as a victim is owed nothing under this rule.";
/// Summed-up findings.
const SUMMED_UP: &str = "Summed-up findings: the worst instance wins; between instances of the same status, the one with the earliest deadline is reported, so the order victims or events are listed in never changes a finding.";
/// Same-second facts.
const SAME_SECOND: &str = "Facts at the same second are ordered by kind (triggers, then actions that discharge a duty, then events that end a window), never by id or input order.";
/// The s136 law chosen by the decision.
const S136_LAW: &str = "The law is chosen by the UK civil date of the detention decision: the Policing and Crime Act 2017 changes (2017-12-11) do not reach a detention already under way.";
/// The school-day deadline.
const SCHOOL_DAY: &str = "School days are working days that are not configured closures; the school day starts at 08:30 UK civil time unless the policy says otherwise; an event at exactly the start time rolls to the following school day.";
/// The school-status alternatives.
const SCHOOL_STATUS: &str = "A child not of school age or not registered needs a recorded reason by the same deadline; a child in elective home education needs the local authority notified instead.";

rules! {
    /// NA-1 needs-assessment.
    Na1 {
        id: "NA-1",
        code: 0,
        title: "needs-assessment",
        family: NeedsAssessment,
        lead: lead("na_1", 0),
        subjects: MAX_VICTIMS,
        sources: needs_assessment::SOURCES_NA_1,
        trigger: "A recorded crime with an individual victim (for a victim under 18, through the parent or guardian).",
        duty: "Record a complete needs assessment for each victim of a recorded crime within 2 working days of the report.",
        deadline: "23:59:59 UK civil time on the 2nd working day after the report (policy `needs_assessment_working_days`).",
        decisions: [
            WORKING_DAYS,
            WHICH_CODE,
            ORGANISATIONS,
            "An assessment is complete only when it answers all four questions (enhanced rights, vulnerable or intimidated, special measures, the referral offer and answer); an incomplete one counts as not done, and the reason names the first missing answer of the latest incomplete record.",
        ],
    }
    /// NA-2 support-referral.
    Na2 {
        id: "NA-2",
        code: 1,
        title: "support-referral",
        family: NeedsAssessment,
        lead: lead("na_2", 0),
        subjects: MAX_VICTIMS,
        sources: needs_assessment::SOURCES_NA_2,
        trigger: "A recorded crime whose individual victim is owed a referral: agreed (2020 Code), or did not decline (2015 Code, except victims of sexual offences or domestic abuse and bereaved relatives, who must agree).",
        duty: "Refer a victim who agreed to support services within 2 working days of the report.",
        deadline: "23:59:59 UK civil time on the 2nd working day after the report (policy `referral_working_days`).",
        decisions: [
            WORKING_DAYS,
            WHICH_CODE,
            ORGANISATIONS,
            "Agreement is read from the victim record's `referral_consent` when set, else from the latest needs assessment's answer.",
            "Under the 2015 Code (reported up to 2021-03-31) the referral is opt-out; from 2021-04-01, opt-in.",
        ],
    }
    /// VU-1 care-contract.
    Vu1 {
        id: "VU-1",
        code: 2,
        title: "care-contract",
        family: VictimUpdates,
        lead: lead("vu_1", 0),
        subjects: MAX_VICTIMS,
        sources: victim_updates::SOURCES_VU_1,
        trigger: "A recorded crime under investigation with an individual victim.",
        duty: "Record a victim care contract (how often and how to update) within 2 working days of the report.",
        deadline: "23:59:59 UK civil time on the 2nd working day after the report: NA-1's period unless the policy sets `care_contract_working_days`.",
        decisions: [
            WORKING_DAYS,
            WHICH_CODE,
            ORGANISATIONS,
            "Only while investigated: `screened_out`, or a `not_to_investigate` key decision at or before the deadline (the deadline second included), gives no finding; a later decision does not excuse a late contract.",
        ],
    }
    /// VU-2 contract-updates.
    Vu2 {
        id: "VU-2",
        code: 3,
        title: "contract-updates",
        family: VictimUpdates,
        lead: lead("vu_2", 0),
        subjects: MAX_VICTIMS,
        sources: victim_updates::SOURCES_VU_2,
        trigger: "A care contract agreed with an individual victim, or a force default update plan (policy `default_update_plan`) for a victim with none.",
        duty: "Update the victim at least once in every interval the care contract agreed, until the case is closed.",
        deadline: "The end of each agreed interval, counted in elapsed days from the contract or the last update; a gap exactly equal to the interval is kept.",
        decisions: [
            ORGANISATIONS,
            SUMMED_UP,
            "One finding per victim: a victim has one contract, which changes; a change restarts the count but does not wipe out an interval already run out.",
            "Updates after the case was closed are not counted; an update at the closure second counts.",
            "The default plan (enhanced or standard) is chosen by the entitlement at the report instant.",
        ],
    }
    /// VU-3 key-decision-notice.
    Vu3 {
        id: "VU-3",
        code: 4,
        title: "key-decision-notice",
        family: VictimUpdates,
        lead: lead("vu_3", 0),
        subjects: MAX_DECISIONS,
        sources: victim_updates::SOURCES_VU_3,
        trigger: "A key decision (arrest, interview under caution, release, bail conditions changed, charge or out-of-court disposal, a decision not to investigate).",
        duty: "Tell the victim of each key decision within 1 working day (enhanced rights) or 5 working days (others).",
        deadline: "23:59:59 UK civil time on the 1st (enhanced rights) or 5th working day after the decision (policy `key_decision_working_days_*`).",
        decisions: [
            WORKING_DAYS,
            ORGANISATIONS,
            SUMMED_UP,
            "Which Victims' Code is chosen by the decision's instant.",
            "An assessment answering `enhanced_rights = true` or `vulnerable_or_intimidated = true` gives enhanced rights for decisions at or after it, never lowering what the facts give.",
        ],
    }
    /// PO-1 order-considered.
    Po1 {
        id: "PO-1",
        code: 5,
        title: "order-considered",
        family: ProtectiveOrders,
        lead: lead("po_1", 0),
        subjects: 1,
        sources: protective_orders::SOURCES_PO_1,
        trigger: "A crime or incident flagged domestic abuse, stalking or harassment with an identified suspect (a non-crime domestic abuse incident included).",
        duty: "Consider and record, with a reason, the protective orders open to the force, within 24 hours of the report or before an identified suspect is released.",
        deadline: "The report plus 24 elapsed hours (policy `order_consideration_hours`), or the first release from custody of an identified suspect if earlier.",
        decisions: [
            "A consideration must name every order open on the report's date (DVPN for domestic abuse; DAPN too inside a configured pilot; a stalking protection order for stalking from 2020-01-20); one that omits an order or records no reason counts as not done.",
            "The release is any release from custody of an identified suspect: a `released` event of any outcome, or a `released_*` key decision; a consideration at the release's second is on time.",
            "DAPN availability is judged on the UK civil date of the report.",
        ],
    }
    /// PO-2 notice-authority.
    Po2 {
        id: "PO-2",
        code: 6,
        title: "notice-authority",
        family: ProtectiveOrders,
        lead: None,
        subjects: MAX_NOTICES,
        sources: protective_orders::SOURCES_PO_2,
        trigger: "A DVPN or DAPN given.",
        duty: "A DVPN must be authorised by a superintendent or above and a DAPN by an inspector or above, and given only to an adult.",
        deadline: "None: judged at the authorisation (`Prohibited` or `Met`).",
        decisions: [
            "A notice with no recorded recipient age is judged on rank (and pilot) alone.",
            "DAPN availability is judged on the UK civil date of the notice's authorisation; `met_at` is the authorisation instant.",
        ],
    }
    /// PO-3 order-hearing-48h.
    Po3 {
        id: "PO-3",
        code: 7,
        title: "order-hearing-48h",
        family: ProtectiveOrders,
        lead: lead("po_3", 0),
        subjects: MAX_NOTICES,
        sources: protective_orders::SOURCES_PO_3,
        trigger: "A DVPN or DAPN served.",
        duty: "Have the order application heard within 48 hours of serving the notice, disregarding Sundays, Christmas Day, Good Friday and bank holidays.",
        deadline: "48 hours after service, not counting Sundays, Christmas Day, Good Friday or bank holidays.",
        decisions: [
            "A notice with no service time gives no finding until it is served.",
            "A DAPN given without the power (PO-2 `no_dapn_power`) has its hearing judged like any served notice.",
        ],
    }
    /// PO-4 withdrawal-and-elp.
    Po4 {
        id: "PO-4",
        code: 8,
        title: "withdrawal-and-elp",
        family: ProtectiveOrders,
        lead: None,
        subjects: MAX_VICTIMS,
        sources: protective_orders::SOURCES_PO_4,
        trigger: "An individual victim withdraws (or does not give) support for a prosecution, with a suspect identified.",
        duty: "Before closing a case where the victim withdrew support, record the victim's confirmed decision and consider an evidence-led prosecution.",
        deadline: "The closure; while the case is open and a duty is missing, `Pending` with no deadline.",
        decisions: [
            ORGANISATIONS,
            "Duty (b), the evidence-led prosecution considered, is owed only where an `evidence_recorded` event exists by the closure (the closure second included), or by `now` while the case is open; otherwise the finding judges the confirmed withdrawal alone.",
            "Applies from 2013-04-01 (the outcomes framework).",
        ],
    }
    /// S136-1 permitted-period.
    S136_1 {
        id: "S136-1",
        code: 9,
        title: "permitted-period",
        family: S136,
        lead: lead("s136_1", 0),
        subjects: MAX_DETENTIONS,
        sources: s136::SOURCES_S136_1,
        trigger: "A section 136 detention; the clock starts at the arrival at the first place of safety, or at the decision to keep the person where they are.",
        duty: "End the s136 detention within 24 hours of the clock start, or within a lawful extension of up to 12 hours (72 hours, no extension, before 2017-12-11).",
        deadline: "The clock start plus 24 hours, or plus 36 with a lawful extension (72 hours before 2017-12-11).",
        decisions: [
            S136_LAW,
            "With no place of safety reached, `Pending` with no deadline (`Met` once the detention ended).",
            "An extension's superintendent approval must be recorded strictly before the 24 hours expire, and is needed only if the person's stay at the moment of the extension is at a police station.",
            "Before 2017-12-11 the finding cites Mental Health Act 1983 s136(2) as then in force (72 hours).",
        ],
    }
    /// S136-2 superintendent-escalation.
    S136_2 {
        id: "S136-2",
        code: 10,
        title: "superintendent-escalation",
        family: S136,
        lead: lead("s136_2", 240),
        subjects: MAX_DETENTIONS,
        sources: s136::SOURCES_S136_2,
        trigger: "A detention (from 2017-12-11) whose assessment is not complete at the escalation point.",
        duty: "Refer the detention to a superintendent when the assessment is not complete at the escalation point.",
        deadline: "The clock start plus 24 hours (policy `s136_escalation_hours`) plus a grace (policy `s136_escalation_grace_minutes`, default 0); warning lead 4 hours by default.",
        decisions: [
            S136_LAW,
            "No finding when the assessment was completed, or the detention ended, at or before the escalation point; an earlier referral counts.",
        ],
    }
    /// S136-3 place-of-safety.
    S136_3 {
        id: "S136-3",
        code: 11,
        title: "place-of-safety",
        family: S136,
        lead: None,
        subjects: MAX_DETENTIONS,
        sources: s136::SOURCES_S136_3,
        trigger: "A detention (from 2017-12-11) that used a police station as a place of safety.",
        duty: "Never use a police station as a place of safety for a child; for an adult only with an inspector's authorisation recording the three conditions.",
        deadline: "The first arrival at a police station.",
        decisions: [
            S136_LAW,
            "A person whose age is not recorded is judged as an adult.",
            "The authorisation must be recorded at or before the arrival.",
        ],
    }
    /// S136-4 prior-consultation.
    S136_4 {
        id: "S136-4",
        code: 12,
        title: "prior-consultation",
        family: S136,
        lead: None,
        subjects: MAX_DETENTIONS,
        sources: s136::SOURCES_S136_4,
        trigger: "A detention decision (from 2017-12-11).",
        duty: "Consult a doctor, nurse, AMHP, occupational therapist or paramedic before detaining, if practicable.",
        deadline: "The decision.",
        decisions: [
            S136_LAW,
            "At `now` equal to the decision with nothing recorded, `Pending` (`no_consultation`); one second later, `Missed`. A later record, before the detention ends, that consultation was impracticable turns `Missed` into `Met`.",
        ],
    }
    /// S136-5 welfare-checks.
    S136_5 {
        id: "S136-5",
        code: 13,
        title: "welfare-checks",
        family: S136,
        lead: lead("s136_5", 0),
        subjects: MAX_DETENTIONS,
        sources: s136::SOURCES_S136_5,
        trigger: "A person held at a police station as a place of safety (from 2017-12-11).",
        duty: "Have a healthcare professional check the person's welfare at least every 30 minutes while held at a police station.",
        deadline: "30 minutes after the arrival, then 30 minutes after each check, until the person leaves the station.",
        decisions: [
            S136_LAW,
            SUMMED_UP,
            SAME_SECOND,
            "A stay runs from an arrival (or the decision, with `kept_at`) to a departure, else to the next arrival, the end, or `now`; the journey is not a stay, and no check falls due on it. A check at the departure's second counts.",
        ],
    }
    /// OE-1 school-notification.
    Oe1 {
        id: "OE-1",
        code: 14,
        title: "school-notification",
        family: Encompass,
        lead: lead("oe_1", 0),
        subjects: MAX_INCIDENTS * MAX_CHILDREN,
        sources: encompass::SOURCES_OE_1,
        trigger: "A domestic abuse incident (a crime or a non-crime incident) with a child under 18 related to either party or living in the household; before 2025-11-07, only an incident the police attended.",
        duty: "Notify each child's school before the next school day starts after a domestic abuse incident (police-attended before 2025-11-07).",
        deadline: "The start of the next school day after the anchor: the attendance, else the incident, else the report (for an unattended incident, the report).",
        decisions: [
            SCHOOL_DAY,
            SCHOOL_STATUS,
            "`attended` absent reads as attended; a `household_only` child is owed only when the police attended (scheme trigger, scheme source), whatever the date.",
            "Several incidents are judged per listed incident and its linked children; a case that lists none is its own one incident.",
            "A notification recorded before the anchor counts.",
        ],
    }
    /// OE-2 missing-child-notification.
    Oe2 {
        id: "OE-2",
        code: 15,
        title: "missing-child-notification",
        family: Encompass,
        lead: lead("oe_2", 0),
        subjects: MAX_EPISODES,
        sources: encompass::SOURCES_OE_2,
        trigger: "A child reported missing, where the force runs the option (policy `missing_child_notification`, off by default).",
        duty: "Notify the school before the next school day starts when a child is reported missing (force option).",
        deadline: "The start of the next school day after the report.",
        decisions: [
            SCHOOL_DAY,
            SCHOOL_STATUS,
            "Applies from `missing_child_notification_from` (default 2021-04-26); `\"on\"` means every episode.",
        ],
    }
}

// The declarations' promises, checked when the crate is built: every wire code fits a
// `RuleSet` and is used once, and every warning-lead key is used once.
const _: () = {
    let mut rest: &[RuleId] = &RuleId::ALL;
    while let [a, tail @ ..] = rest {
        assert!(
            a.code() < 64,
            "a rule's wire code must fit a RuleSet (0..64)"
        );
        let mut others = tail;
        while let [b, more @ ..] = others {
            assert!(a.code() != b.code(), "two rules share a wire code");
            if let (Some(x), Some(y)) = (a.warning_lead(), b.warning_lead()) {
                assert!(
                    !same_text(x.key, y.key),
                    "two rules share a warning-lead key"
                );
            }
            others = more;
        }
        rest = tail;
    }
};
