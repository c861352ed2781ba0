//! Findings: for every duty that applies, what is owed, by when, and whether it was met
//! (`docs/CATALOGUE.md` §1.2).

use core::fmt;

use serde::Serialize;

use crate::case::{ChildId, DetentionId, EventId, IncidentId, VictimId};
use crate::catalogue::{RuleId, Source};
use crate::time::Instant;

/// Where a duty stands.
///
/// The audit view counts `Met` as compliant; `MetLate`, `Missed` and `Prohibited` as
/// non-compliant; `Pending` and `DueSoon` as open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Done on time.
    Met,
    /// Not done, deadline in the future.
    Pending,
    /// Not done, deadline in the future but inside the rule's warning lead.
    DueSoon,
    /// Done, after the deadline.
    MetLate,
    /// Not done, deadline passed.
    Missed,
    /// Something the law forbids happened.
    Prohibited,
    /// The rule does not apply (only when the policy asks for these).
    NotApplicable,
}

impl Status {
    /// The rank used when one finding sums up several instances: the worst wins, in the order
    /// `Prohibited`, `Missed`, `MetLate`, `DueSoon`, `Pending`, `Met`.
    #[must_use]
    pub const fn severity(self) -> u8 {
        match self {
            Status::NotApplicable => 0,
            Status::Met => 1,
            Status::Pending => 2,
            Status::DueSoon => 3,
            Status::MetLate => 4,
            Status::Missed => 5,
            Status::Prohibited => 6,
        }
    }

    /// How an audit counts it.
    #[must_use]
    pub const fn audit(self) -> Audit {
        match self {
            Status::Met => Audit::Compliant,
            Status::MetLate | Status::Missed | Status::Prohibited => Audit::NonCompliant,
            Status::Pending | Status::DueSoon => Audit::Open,
            Status::NotApplicable => Audit::NotCounted,
        }
    }

    /// The status's name in words (`MetLate`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Met => "Met",
            Status::Pending => "Pending",
            Status::DueSoon => "DueSoon",
            Status::MetLate => "MetLate",
            Status::Missed => "Missed",
            Status::Prohibited => "Prohibited",
            Status::NotApplicable => "NotApplicable",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an inspection-style audit counts a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Audit {
    /// Counted as compliant.
    Compliant,
    /// Counted as non-compliant.
    NonCompliant,
    /// Shown apart, counted neither way.
    Open,
    /// Not counted at all.
    NotCounted,
}

/// What a duty is owed about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Subject {
    /// The case as a whole (protective orders considered; not-applicable rules).
    Case,
    /// One victim, by id.
    Victim(VictimId),
    /// One key decision, by event id.
    Decision(EventId),
    /// One protection notice, by event id.
    Notice(EventId),
    /// One s136 detention, by id.
    Detention(DetentionId),
    /// One child, by id (Operation Encompass).
    Child(ChildId),
    /// One missing-child episode, by event id.
    Episode(EventId),
    /// One child of one listed domestic abuse incident (Operation Encompass), by ids.
    IncidentChild {
        /// The incident's id.
        incident: IncidentId,
        /// The child's id.
        child: ChildId,
    },
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Subject::Case => f.write_str("the case"),
            Subject::Victim(id) => write!(f, "victim {id}"),
            Subject::Decision(id) => write!(f, "key decision (event {id})"),
            Subject::Notice(id) => write!(f, "notice (event {id})"),
            Subject::Detention(id) => write!(f, "detention {id}"),
            Subject::Child(id) => write!(f, "child {id}"),
            Subject::Episode(id) => write!(f, "missing episode (event {id})"),
            Subject::IncidentChild { incident, child } => {
                write!(f, "child {child} (incident {incident})")
            }
        }
    }
}

macro_rules! reasons {
    ($($(#[$doc:meta])* $name:ident = $code:literal, $text:literal;)*) => {
        /// Why a finding has its status: a stable code and a plain sentence.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        #[non_exhaustive]
        pub enum Reason {
            $($(#[$doc])* #[serde(rename = $code)] $name,)*
        }

        impl Reason {
            /// The stable code (`no_needs_assessment`).
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self { $(Reason::$name => $code,)* }
            }

            /// The reason in plain words.
            #[must_use]
            pub const fn text(self) -> &'static str {
                match self { $(Reason::$name => $text,)* }
            }

            /// Every reason, in declaration order.
            pub const ALL: &'static [Reason] = &[$(Reason::$name,)*];
        }
    };
}

reasons! {
    /// The duty was done on time.
    DoneOnTime = "done_on_time", "done on time";
    /// The duty was done after its deadline.
    DoneLate = "done_late", "done after the deadline";
    /// The rule does not apply to this case.
    DoesNotApply = "does_not_apply", "the rule does not apply to this case";
    /// NA-1: no needs assessment recorded.
    NoNeedsAssessment = "no_needs_assessment", "no needs assessment recorded";
    /// NA-1: an assessment does not say whether the victim has enhanced rights.
    AssessmentLacksEnhancedRights = "assessment_lacks_enhanced_rights", "incomplete: the assessment lacks the enhanced-rights decision";
    /// NA-1: an assessment does not say whether the victim is vulnerable or intimidated.
    AssessmentLacksVulnerability = "assessment_lacks_vulnerability", "incomplete: the assessment does not say whether the victim is vulnerable or intimidated";
    /// NA-1: an assessment does not say whether special measures should be considered.
    AssessmentLacksSpecialMeasures = "assessment_lacks_special_measures", "incomplete: the assessment does not say whether special measures should be considered";
    /// NA-1: an assessment does not record the referral offer and answer.
    AssessmentLacksReferralOffer = "assessment_lacks_referral_offer", "incomplete: the assessment does not record a referral offer and the answer";
    /// NA-2: the victim agreed to a referral that has not been made.
    NoReferralMade = "no_referral_made", "the victim agreed to a referral and none is recorded";
    /// VU-1: no victim care contract recorded.
    NoCareContract = "no_care_contract", "no victim care contract recorded";
    /// VU-2: an update interval ran out with no update.
    UpdateOverdue = "update_overdue", "an agreed update interval ran out with no update";
    /// VU-2: an update came after its interval had run out.
    UpdateLate = "update_late", "an update came after the agreed interval had run out";
    /// VU-2: the next update is due.
    NextUpdateDue = "next_update_due", "the next update is due by the deadline";
    /// VU-2: the case closed with every interval kept.
    EveryIntervalKept = "every_interval_kept", "every agreed update interval was kept";
    /// VU-3: the victim has not been told of the decision.
    VictimNotTold = "victim_not_told", "the victim has not been told of the decision";
    /// PO-1: no consideration of protective orders recorded.
    OrdersNotConsidered = "orders_not_considered", "no consideration of protective orders recorded";
    /// PO-1: the consideration records no reason for the decision.
    ConsiderationLacksReason = "consideration_lacks_reason", "incomplete: the consideration records no reason for the decision";
    /// PO-1: the consideration omits the DVPN.
    ConsiderationOmitsDvpn = "consideration_omits_dvpn", "incomplete: the consideration omits the DVPN/DVPO, which was open to the force";
    /// PO-1: the consideration omits the DAPN.
    ConsiderationOmitsDapn = "consideration_omits_dapn", "incomplete: the consideration omits the DAPN/DAPO, open in this pilot area";
    /// PO-1: the consideration omits the stalking protection order.
    ConsiderationOmitsSpo = "consideration_omits_spo", "incomplete: the consideration omits the stalking protection order";
    /// PO-2: authorised at the right rank, to an adult.
    LawfullyAuthorised = "lawfully_authorised", "authorised at the required rank, to an adult";
    /// PO-2: authorised below the rank the statute requires.
    RankTooLow = "rank_too_low", "authorised below the rank the statute requires";
    /// PO-2: the notice was given to a person under 18.
    RecipientUnder18 = "recipient_under_18", "the notice was given to a person under 18";
    /// PO-2: a DAPN where or when the pilot does not run.
    NoDapnPower = "no_dapn_power", "DAPNs are not open to this force on this date (outside the pilot area or dates)";
    /// PO-3: no hearing and the 48 hours have passed.
    NoticeLapsed = "notice_lapsed", "no hearing within 48 hours of service: the notice has lapsed";
    /// PO-3: the hearing came after the notice had lapsed.
    HeardAfterLapse = "heard_after_lapse", "the hearing came after the notice had lapsed";
    /// PO-3: the hearing is awaited.
    HearingDue = "hearing_due", "the hearing must take place by the deadline";
    /// PO-4: the withdrawal is not recorded as confirmed by the victim.
    WithdrawalNotConfirmed = "withdrawal_not_confirmed", "no auditable record of the withdrawal confirmed by the victim";
    /// PO-4: no evidence-led prosecution consideration recorded.
    EvidenceLedNotConsidered = "evidence_led_not_considered", "no record that an evidence-led prosecution was considered";
    /// PO-4: neither record exists.
    WithdrawalRecordsMissing = "withdrawal_records_missing", "neither the confirmed withdrawal nor the evidence-led prosecution decision is recorded";
    /// S136-1: the detention is within its permitted period.
    WithinPermittedPeriod = "within_permitted_period", "the detention is within its permitted period";
    /// S136-1: the detention continued past its permitted period.
    DetainedBeyondPermittedPeriod = "detained_beyond_permitted_period", "the detention continued past its permitted period";
    /// S136-1: an extension was authorised after the 24 hours had expired.
    ExtensionAfterExpiry = "extension_after_expiry", "the detention continued past 24 hours; the extension was authorised after expiry";
    /// S136-1: an extension was not authorised by the responsible practitioner.
    ExtensionNotByResponsibleDoctor = "extension_not_by_responsible_doctor", "the detention continued past 24 hours; the extension was not authorised by the responsible medical practitioner";
    /// S136-1: an extension recorded no ground.
    ExtensionWithoutGround = "extension_without_ground", "the detention continued past 24 hours; the extension does not record that assessment was impracticable";
    /// S136-1: an extension at a police station lacked a superintendent's approval.
    ExtensionNotApproved = "extension_not_approved", "the detention continued past 24 hours; the person was at a police station and no superintendent approved the extension";
    /// S136-1: the clock has not started (no arrival at a place of safety yet).
    ClockNotStarted = "clock_not_started", "the person has not yet arrived at a place of safety";
    /// S136-2: no referral to a superintendent.
    NoSuperintendentReferral = "no_superintendent_referral", "the assessment was not complete at the escalation point and no superintendent referral is recorded";
    /// S136-3: a child was taken to or kept at a police station.
    ChildAtPoliceStation = "child_at_police_station", "a person under 18 was taken to or kept at a police station as a place of safety";
    /// S136-3: no authorisation for a police station.
    StationNotAuthorised = "station_not_authorised", "no authorisation to use a police station was recorded before arrival";
    /// S136-3: the authorisation was below inspector.
    StationAuthorisedBelowInspector = "station_authorised_below_inspector", "the police station was authorised below the rank of inspector";
    /// S136-3: the authorisation lacks one of the three conditions.
    StationConditionsNotRecorded = "station_conditions_not_recorded", "the authorisation does not record all three conditions of regulation 2";
    /// S136-4: consultation recorded (or recorded as impracticable).
    Consulted = "consulted", "a permitted person was consulted, or consultation was recorded as impracticable";
    /// S136-4: no consultation recorded.
    NoConsultation = "no_consultation", "no consultation with a person named in the regulations, and no reason it was impracticable";
    /// S136-5: a welfare check was overdue.
    WelfareCheckOverdue = "welfare_check_overdue", "a 30-minute welfare check is overdue";
    /// S136-5: a welfare check came late.
    WelfareCheckLate = "welfare_check_late", "a welfare check came more than 30 minutes after the previous one";
    /// S136-5: the next welfare check is due.
    NextWelfareCheckDue = "next_welfare_check_due", "the next welfare check is due";
    /// S136-5: every check was on time.
    EveryWelfareCheckKept = "every_welfare_check_kept", "every 30-minute welfare check was on time";
    /// OE-1, OE-2: the school has not been notified.
    SchoolNotNotified = "school_not_notified", "the school's designated safeguarding lead has not been notified";
    /// OE-1, OE-2: no reason recorded for a child with no school.
    NoReasonRecorded = "no_reason_recorded", "the child has no school to notify and no reason is recorded";
    /// OE-1, OE-2: the local authority has not been notified (elective home education).
    LocalAuthorityNotNotified = "local_authority_not_notified", "the child is home educated and the local authority has not been notified";
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
    }
}

/// One finding: a duty owed about one subject, where it stands, and the law that says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// The rule.
    pub rule: RuleId,
    /// What the duty is owed about.
    pub subject: Subject,
    /// Where it stands.
    pub status: Status,
    /// The deadline, where there is one.
    pub deadline: Option<Instant>,
    /// When the duty was met, where it was.
    pub met_at: Option<Instant>,
    /// Why.
    pub reason: Reason,
    /// The instrument and provision, chosen by the date of the triggering event.
    pub source: &'static Source,
    /// The deadline counted working or school days in a year outside the built-in
    /// 2020–2030 bank-holiday table, using the computed rules instead.
    pub computed_holidays: bool,
}

/// The most findings one evaluation can give, worked out from the catalogue when the crate is
/// built: each rule gives at most its most subjects in a case at full capacity, or one
/// `NotApplicable` finding when it gives none. [`Findings`] therefore never runs out of room;
/// a smaller list given to [`crate::evaluate_into`] can, and the evaluation then fails with
/// [`crate::EvalError::FindingsFull`] rather than drop a finding.
pub const MAX_FINDINGS: usize = {
    let mut sum = 0;
    let mut rest: &[RuleId] = &RuleId::ALL;
    while let [rule, tail @ ..] = rest {
        let most = rule.max_subjects();
        sum += if most == 0 { 1 } else { most };
        rest = tail;
    }
    sum
};

/// The findings of one evaluation, ordered by rule (catalogue order) then subject.
pub type Findings = heapless::Vec<Finding, MAX_FINDINGS>;
