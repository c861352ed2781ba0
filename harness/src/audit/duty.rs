//! The audit's lines: which duty each finding counts towards, and how (RULES.md §1.2, §4).
//!
//! One line per rule of the catalogue, except PO-4, whose one finding sums up two duties the
//! inspection counted apart ("an auditable record approved by the victim": missing in 5 of 20;
//! evidence-led prosecution "considered and recorded": 4 of 16). The audit splits it back into
//! two lines, `PO-4a` and `PO-4b`, derived here and nowhere else ([`po4_duties`]) from the
//! same facts the core reads, and checked against the core's own finding (the worse of the two
//! is always the finding's status; the tests hold the derivation to that).

use safeguard_core::{
    Case, Category, EventId, Finding, Instant, Reason, RuleId, Status, Subject, VictimId, What,
    uk_civil,
};
use serde::Serialize;

/// A line of the audit table: one duty as the inspection counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Duty {
    /// NA-1 needs assessment.
    #[serde(rename = "NA-1")]
    Na1,
    /// NA-2 referral.
    #[serde(rename = "NA-2")]
    Na2,
    /// VU-1 care contract.
    #[serde(rename = "VU-1")]
    Vu1,
    /// VU-2 care contract kept.
    #[serde(rename = "VU-2")]
    Vu2,
    /// VU-3 told of key decisions.
    #[serde(rename = "VU-3")]
    Vu3,
    /// PO-1 protective orders considered.
    #[serde(rename = "PO-1")]
    Po1,
    /// PO-2 notice authorised at the right rank.
    #[serde(rename = "PO-2")]
    Po2,
    /// PO-3 hearing within 48 hours.
    #[serde(rename = "PO-3")]
    Po3,
    /// PO-4 (a): an auditable record of the withdrawal approved by the victim.
    #[serde(rename = "PO-4a")]
    Po4a,
    /// PO-4 (b): evidence-led prosecution considered and recorded, where it was owed.
    #[serde(rename = "PO-4b")]
    Po4b,
    /// S136-1 permitted period.
    #[serde(rename = "S136-1")]
    S136_1,
    /// S136-2 superintendent escalation.
    #[serde(rename = "S136-2")]
    S136_2,
    /// S136-3 police station as a place of safety.
    #[serde(rename = "S136-3")]
    S136_3,
    /// S136-4 consultation before detaining.
    #[serde(rename = "S136-4")]
    S136_4,
    /// S136-5 welfare checks.
    #[serde(rename = "S136-5")]
    S136_5,
    /// OE-1 school notified of a domestic abuse incident.
    #[serde(rename = "OE-1")]
    Oe1,
    /// OE-2 school notified of a missing child.
    #[serde(rename = "OE-2")]
    Oe2,
}

/// How many lines the audit table has.
pub const DUTY_COUNT: usize = 17;

/// A duty family, as the report groups its monthly trends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Family {
    /// Needs assessment and referral.
    #[serde(rename = "NA")]
    NeedsAssessment,
    /// Keeping the victim informed.
    #[serde(rename = "VU")]
    VictimUpdates,
    /// Protective orders and withdrawals.
    #[serde(rename = "PO")]
    ProtectiveOrders,
    /// Mental Health Act s136.
    #[serde(rename = "S136")]
    S136,
    /// Operation Encompass.
    #[serde(rename = "OE")]
    Encompass,
}

impl Family {
    /// Every family, in catalogue order.
    pub const ALL: [Family; 5] = [
        Family::NeedsAssessment,
        Family::VictimUpdates,
        Family::ProtectiveOrders,
        Family::S136,
        Family::Encompass,
    ];

    /// The short name (`NA`).
    pub fn code(self) -> &'static str {
        match self {
            Family::NeedsAssessment => "NA",
            Family::VictimUpdates => "VU",
            Family::ProtectiveOrders => "PO",
            Family::S136 => "S136",
            Family::Encompass => "OE",
        }
    }

    /// The family in words.
    pub fn title(self) -> &'static str {
        match self {
            Family::NeedsAssessment => "needs assessment and referral",
            Family::VictimUpdates => "keeping victims informed",
            Family::ProtectiveOrders => "protective orders and withdrawals",
            Family::S136 => "section 136 detentions",
            Family::Encompass => "Operation Encompass",
        }
    }
}

impl Duty {
    /// Every line, in catalogue order.
    pub const ALL: [Duty; DUTY_COUNT] = [
        Duty::Na1,
        Duty::Na2,
        Duty::Vu1,
        Duty::Vu2,
        Duty::Vu3,
        Duty::Po1,
        Duty::Po2,
        Duty::Po3,
        Duty::Po4a,
        Duty::Po4b,
        Duty::S136_1,
        Duty::S136_2,
        Duty::S136_3,
        Duty::S136_4,
        Duty::S136_5,
        Duty::Oe1,
        Duty::Oe2,
    ];

    /// The line's position in [`Duty::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The line's id (`PO-4a`).
    pub fn id(self) -> &'static str {
        match self {
            Duty::Po4a => "PO-4a",
            Duty::Po4b => "PO-4b",
            other => other.rule().as_str(),
        }
    }

    /// The rule whose findings the line counts.
    pub fn rule(self) -> RuleId {
        match self {
            Duty::Na1 => RuleId::Na1,
            Duty::Na2 => RuleId::Na2,
            Duty::Vu1 => RuleId::Vu1,
            Duty::Vu2 => RuleId::Vu2,
            Duty::Vu3 => RuleId::Vu3,
            Duty::Po1 => RuleId::Po1,
            Duty::Po2 => RuleId::Po2,
            Duty::Po3 => RuleId::Po3,
            Duty::Po4a | Duty::Po4b => RuleId::Po4,
            Duty::S136_1 => RuleId::S136_1,
            Duty::S136_2 => RuleId::S136_2,
            Duty::S136_3 => RuleId::S136_3,
            Duty::S136_4 => RuleId::S136_4,
            Duty::S136_5 => RuleId::S136_5,
            Duty::Oe1 => RuleId::Oe1,
            Duty::Oe2 => RuleId::Oe2,
        }
    }

    /// The line for a rule's finding (PO-4's is split by [`lines`], not here); `None` for a rule
    /// this build of the audit does not know (a test checks that it knows every rule of the
    /// catalogue it is built with).
    pub fn of_rule(rule: RuleId) -> Option<Duty> {
        Some(match rule {
            RuleId::Na1 => Duty::Na1,
            RuleId::Na2 => Duty::Na2,
            RuleId::Vu1 => Duty::Vu1,
            RuleId::Vu2 => Duty::Vu2,
            RuleId::Vu3 => Duty::Vu3,
            RuleId::Po1 => Duty::Po1,
            RuleId::Po2 => Duty::Po2,
            RuleId::Po3 => Duty::Po3,
            RuleId::Po4 => Duty::Po4a,
            RuleId::S136_1 => Duty::S136_1,
            RuleId::S136_2 => Duty::S136_2,
            RuleId::S136_3 => Duty::S136_3,
            RuleId::S136_4 => Duty::S136_4,
            RuleId::S136_5 => Duty::S136_5,
            RuleId::Oe1 => Duty::Oe1,
            RuleId::Oe2 => Duty::Oe2,
            _ => return None,
        })
    }

    /// The family the line belongs to.
    pub fn family(self) -> Family {
        match self {
            Duty::Na1 | Duty::Na2 => Family::NeedsAssessment,
            Duty::Vu1 | Duty::Vu2 | Duty::Vu3 => Family::VictimUpdates,
            Duty::Po1 | Duty::Po2 | Duty::Po3 | Duty::Po4a | Duty::Po4b => Family::ProtectiveOrders,
            Duty::S136_1 | Duty::S136_2 | Duty::S136_3 | Duty::S136_4 | Duty::S136_5 => {
                Family::S136
            }
            Duty::Oe1 | Duty::Oe2 => Family::Encompass,
        }
    }

    /// The duty in the inspectors' words; `working_days` is the policy's NA-1 period.
    pub fn title(self, working_days: u16) -> String {
        let fixed = match self {
            Duty::Na1 => {
                return format!("needs assessment recorded within {working_days} working days");
            }
            Duty::Na2 => "referral to support services made when the victim agreed",
            Duty::Vu1 => "victim care contract agreed",
            Duty::Vu2 => "victim care contracts kept",
            Duty::Vu3 => "victim told of key decisions in time",
            Duty::Po1 => "protective orders considered",
            Duty::Po2 => "protection notices authorised at the required rank",
            Duty::Po3 => "notice heard by magistrates within 48 hours",
            Duty::Po4a => "auditable record of the withdrawal approved by the victim",
            Duty::Po4b => "evidence-led prosecution considered and recorded (where suitable)",
            Duty::S136_1 => "s136 detention ended within the permitted period",
            Duty::S136_2 => "s136 referred to a superintendent at the escalation point",
            Duty::S136_3 => "police station used lawfully as a place of safety",
            Duty::S136_4 => "consultation before an s136 detention",
            Duty::S136_5 => "30-minute welfare checks at a police station",
            Duty::Oe1 => "school notified of a domestic abuse incident (Operation Encompass)",
            Duty::Oe2 => "school notified of a missing child",
        };
        fixed.to_owned()
    }
}

/// Where a line stands in the audit: the four ways it can count, and open apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// `Met`: compliant.
    Compliant,
    /// `MetLate`: non-compliant, done after the deadline.
    Late,
    /// `Missed`: non-compliant, not done.
    Missed,
    /// `Prohibited`: non-compliant, something the law forbids happened.
    Prohibited,
    /// `Pending`, `DueSoon`: open, counted neither way.
    Open,
}

impl Bucket {
    /// How the audit counts a status (RULES.md §1.2, the core's [`Status::audit`]);
    /// `NotApplicable` is not counted at all.
    pub fn of(status: Status) -> Option<Bucket> {
        match status {
            Status::Met => Some(Bucket::Compliant),
            Status::MetLate => Some(Bucket::Late),
            Status::Missed => Some(Bucket::Missed),
            Status::Prohibited => Some(Bucket::Prohibited),
            Status::Pending | Status::DueSoon => Some(Bucket::Open),
            Status::NotApplicable => None,
        }
    }

    /// Whether the line counts as non-compliant.
    pub fn is_failing(self) -> bool {
        matches!(self, Bucket::Late | Bucket::Missed | Bucket::Prohibited)
    }
}

/// One line's verdict about one subject of one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    /// The duty line.
    pub duty: Duty,
    /// What the duty is owed about.
    pub subject: Subject,
    /// Its status (for PO-4a and PO-4b, derived by [`po4_duties`]).
    pub status: Status,
    /// The deadline, where there is one.
    pub deadline: Option<Instant>,
    /// When it was met, where it was.
    pub met_at: Option<Instant>,
    /// Why.
    pub reason: Reason,
    /// The month (UK civil time) of the event that triggered the duty: `year * 12 + month - 1`.
    pub month: Option<u32>,
}

/// The audit's lines for one evaluated case, in the core's order: one per finding, PO-4's
/// split in two (or one, where duty (b) was not owed). `NotApplicable` findings give none.
pub fn lines(case: &Case, findings: &[Finding], out: &mut Vec<Line>) {
    for finding in findings {
        if Bucket::of(finding.status).is_none() {
            continue;
        }
        let month = trigger(case, finding).map(month_key);
        if finding.rule == RuleId::Po4 {
            let Subject::Victim(victim) = finding.subject else {
                continue;
            };
            let (a, b) = po4_duties(case, victim);
            for (duty, verdict) in [(Duty::Po4a, Some(a)), (Duty::Po4b, b)] {
                if let Some(v) = verdict {
                    out.push(Line {
                        duty,
                        subject: finding.subject,
                        status: v.status,
                        deadline: v.deadline,
                        met_at: v.met_at,
                        reason: v.reason,
                        month,
                    });
                }
            }
            continue;
        }
        let Some(duty) = Duty::of_rule(finding.rule) else {
            continue;
        };
        out.push(Line {
            duty,
            subject: finding.subject,
            status: finding.status,
            deadline: finding.deadline,
            met_at: finding.met_at,
            reason: finding.reason,
            month,
        });
    }
}

/// One of PO-4's two duties, judged alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Where it stands.
    pub status: Status,
    /// The closure, once the case is closed.
    pub deadline: Option<Instant>,
    /// When the record was made.
    pub met_at: Option<Instant>,
    /// Why.
    pub reason: Reason,
}

/// PO-4's two duties for one withdrawing victim, from the facts the core reads (RULES.md
/// PO-4): (a) a `withdrawal_confirmed` record; (b), owed only where evidence independent of the
/// victim (`evidence_recorded`) is recorded by the closure (by `now` while the case is open),
/// an `evidence_led_prosecution_considered` record. Each is due by the closure: recorded by
/// then, `Met`; after it, `MetLate`; never, `Missed`; while the case is open and the record is
/// missing, `Pending` with no deadline. The core's finding is the worse of the two.
///
/// Only called for a victim the core gave a PO-4 finding, so the trigger (a withdrawal, an
/// identified suspect, an individual victim, the source in force) is the core's to decide.
pub fn po4_duties(case: &Case, victim: VictimId) -> (Verdict, Option<Verdict>) {
    let closed = case.closed_at();
    let first = |wanted: &dyn Fn(&What) -> bool| {
        case.events()
            .iter()
            .find(|event| wanted(&event.what))
            .map(|event| event.at)
    };
    let judge = |done: Option<Instant>, missing: Reason| match (done, closed) {
        (Some(at), None) => Verdict {
            status: Status::Met,
            deadline: None,
            met_at: Some(at),
            reason: Reason::DoneOnTime,
        },
        (Some(at), Some(closed)) => Verdict {
            status: if at <= closed {
                Status::Met
            } else {
                Status::MetLate
            },
            deadline: Some(closed),
            met_at: Some(at),
            reason: if at <= closed {
                Reason::DoneOnTime
            } else {
                Reason::DoneLate
            },
        },
        (None, None) => Verdict {
            status: Status::Pending,
            deadline: None,
            met_at: None,
            reason: missing,
        },
        (None, Some(closed)) => Verdict {
            status: Status::Missed,
            deadline: Some(closed),
            met_at: None,
            reason: missing,
        },
    };
    let confirmed =
        first(&|w| matches!(*w, What::WithdrawalConfirmed { victim: v } if v == victim));
    let a = judge(confirmed, Reason::WithdrawalNotConfirmed);
    let elp_owed = case.events().iter().any(|event| {
        matches!(event.what, What::EvidenceRecorded { .. })
            && closed.is_none_or(|closed| event.at <= closed)
    });
    let b = elp_owed.then(|| {
        let considered = first(
            &|w| matches!(*w, What::EvidenceLedProsecutionConsidered { victim: v } if v == victim),
        );
        judge(considered, Reason::EvidenceLedNotConsidered)
    });
    (a, b)
}

/// The instant of the event that triggered a finding's duty, which dates it in the monthly
/// breakdown: the report for duties owed to a victim (NA, VU-1, VU-2, PO-4) and for PO-1;
/// the decision for VU-3; the notice for PO-2 and PO-3; the detention decision for s136; the
/// incident's anchor (attendance, else the incident, else the report) for OE-1; the missing
/// report for OE-2. A case with no such instant falls back to when the police first learned of
/// it.
pub fn trigger(case: &Case, finding: &Finding) -> Option<Instant> {
    let event_at = |id: EventId| case.events().iter().find(|e| e.id == id).map(|e| e.at);
    let own = match finding.subject {
        Subject::Decision(id) | Subject::Notice(id) | Subject::Episode(id) => event_at(id),
        Subject::Detention(id) => case
            .detentions()
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.decided_at),
        Subject::Child(_) => case.attended_at().or(case.occurred_at()).or(case.report()),
        Subject::IncidentChild { incident, .. } => case
            .incidents()
            .iter()
            .find(|i| i.id == incident)
            .and_then(|i| i.attended_at.or(i.occurred_at).or(i.reported_at)),
        Subject::Victim(_) | Subject::Case => case.report(),
        _ => None,
    };
    own.or_else(|| case.learned_at())
}

/// The month key of an instant in UK civil time: `year * 12 + month - 1`.
pub fn month_key(at: Instant) -> u32 {
    let (date, _) = uk_civil(at);
    u32::try_from(date.year() * 12 + i32::from(date.month()) - 1).unwrap_or(0)
}

/// A month key as `YYYY-MM`.
pub fn month_name(key: u32) -> String {
    format!("{:04}-{:02}", key / 12, key % 12 + 1)
}

/// The crime categories the breakdown names, in the case format's words, and the bucket for a
/// case that records none (an s136 detention, a missing child).
pub const CATEGORIES: [(Category, &str); 13] = [
    (Category::DomesticAbuse, "domestic_abuse"),
    (Category::Stalking, "stalking"),
    (Category::Harassment, "harassment"),
    (Category::SexualOffence, "sexual_offence"),
    (Category::HateCrime, "hate_crime"),
    (Category::Terrorism, "terrorism"),
    (
        Category::TraffickingOrModernSlavery,
        "trafficking_or_modern_slavery",
    ),
    (Category::AttemptedMurder, "attempted_murder"),
    (Category::Kidnap, "kidnap"),
    (Category::FalseImprisonment, "false_imprisonment"),
    (Category::ArsonEndangeringLife, "arson_endangering_life"),
    (Category::WoundingWithIntent, "wounding_with_intent"),
    (Category::Other, "other"),
];

/// The name of the breakdown's bucket for cases with no category.
pub const NO_CATEGORY: &str = "none recorded";

/// A case's categories as a bit set over [`CATEGORIES`]; bit 13 when it records none.
pub fn category_bits(case: &Case) -> u16 {
    let set = case.categories();
    let bits = CATEGORIES
        .iter()
        .enumerate()
        .filter(|(_, (category, _))| set.contains(*category))
        .fold(0u16, |bits, (i, _)| bits | 1 << i);
    if bits == 0 {
        1 << CATEGORIES.len()
    } else {
        bits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_names_are_the_case_formats() {
        for (category, name) in CATEGORIES {
            assert_eq!(serde_json::to_value(category).unwrap(), *name);
        }
    }

    #[test]
    fn every_rule_has_a_line_and_ids_are_unique() {
        for rule in RuleId::ALL {
            assert_eq!(Duty::of_rule(rule).map(Duty::rule), Some(rule));
        }
        for (i, duty) in Duty::ALL.iter().enumerate() {
            assert_eq!(duty.index(), i);
            assert_eq!(serde_json::to_value(duty).unwrap(), duty.id());
        }
    }

    #[test]
    fn buckets_follow_the_cores_audit_view() {
        use safeguard_core::Audit;
        for status in [
            Status::Met,
            Status::Pending,
            Status::DueSoon,
            Status::MetLate,
            Status::Missed,
            Status::Prohibited,
            Status::NotApplicable,
        ] {
            let bucket = Bucket::of(status);
            match status.audit() {
                Audit::Compliant => assert_eq!(bucket, Some(Bucket::Compliant)),
                Audit::NonCompliant => assert!(bucket.is_some_and(Bucket::is_failing)),
                Audit::Open => assert_eq!(bucket, Some(Bucket::Open)),
                Audit::NotCounted => assert_eq!(bucket, None),
            }
        }
    }
}
