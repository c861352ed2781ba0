//! A side-by-side peer: NA-1, S136-1 and OE-1 as GoRules ZEN decisions (JDM graphs in
//! `benches/zen/`), for comparing answers and speed with the core. Built only with the
//! `peer-zen` feature.
//!
//! # What the decisions compute
//!
//! Each decision takes one case's facts and returns `findings`, one per subject, each with a
//! status (`met`, `met_late`, `pending`, `due_soon`, `missed`, and `prohibited` for S136-1),
//! the deadline and the instant the duty was met. The decisions hold the rule logic:
//!
//! - NA-1: whether the duty applies (a recorded crime, reported on or after 2015-11-16), which
//!   working day is the deadline (the policy's count), the first complete assessment of each
//!   victim (all four answers given), and the timeliness table with the warning lead.
//! - S136-1: the regime by the decision date (72 hours before 2017-12-11, then 24 hours with
//!   an extension of up to 12), the clock start (the decision if the person was kept where
//!   they were, else the first arrival), which extension counts (before expiry, by the
//!   responsible doctor, on the ground of impracticable assessment, and with a
//!   superintendent's approval before expiry if the person was then at a police station), the
//!   end of the permitted period, and the status table.
//! - OE-1: whether the duty applies (domestic abuse, anchored at the attendance, else the
//!   incident, else the report, on or after 2011-02-01), the deadline (the first listed
//!   school-day start strictly after the anchor), the children under 18, the notification
//!   each child's schooling calls for, the first such notification, and the timeliness table.
//!
//! # What the converter precomputes
//!
//! [`convert`] passes facts and calendar data, never a deadline chosen by rule:
//!
//! - Instants as Unix seconds; the UK civil date of the report, the detention decision and
//!   each OE anchor candidate as a `yyyymmdd` number (this needs the UK time offset).
//! - NA-1 `calendar.dayEnds`: 23:59:59 UK time on the report's day, then on each of the next
//!   working days (bank holidays from the core's table and the policy's extra days), as many
//!   as the policy's `needs_assessment_working_days`. The decision picks the entry.
//! - OE-1: for each of the attendance, incident and report instants that is recorded, the
//!   school-day start (policy start time, UK time) of the first two school days (working days
//!   outside the policy's closures) on or after its UK date. The decision picks the anchor and
//!   the first start strictly after it.
//! - The timeline grouped by subject, in time order: each victim's needs assessments (an
//!   unanswered question is `null`); each child's school, local authority and no-school
//!   notifications; each detention's arrivals, extensions, approvals and its end (a
//!   validated case ends a detention at most once). Enum values are their snake_case names.
//! - `Case::report()` (the report, or the recording instant), as the validated case gives it.
//!
//! The input is built from a validated [`Case`], so the peer relies on [`Case::new`]'s checks
//! as the core does. The futures ZEN returns never wait on anything (no function or HTTP
//! nodes), so [`pollster::block_on`] runs each one to completion in a single poll.

use std::fmt;

use safeguard_core::{
    CalendarConfig, Case, ChildId, Date, DetentionId, Finding, Instant, Policy, RuleId, Status,
    Subject, VictimId, What, is_school_day, is_working_day, uk_civil, uk_instant,
};
use serde_json::{Value, json};
use zen_engine::Decision;
use zen_engine::Variable;
use zen_engine::model::GraphContent;

/// The rules the peer covers.
pub const RULES: [RuleId; 3] = [RuleId::Na1, RuleId::S136_1, RuleId::Oe1];

/// The NA-1 decision, as written in `benches/zen/na-1.json`.
pub const NA_1_JDM: &str = include_str!("../zen/na-1.json");
/// The S136-1 decision.
pub const S136_1_JDM: &str = include_str!("../zen/s136-1.json");
/// The OE-1 decision.
pub const OE_1_JDM: &str = include_str!("../zen/oe-1.json");

/// 23:59:59, in seconds after midnight.
const LAST_SECOND: u32 = 86_399;
/// How many school-day starts OE-1 gets per anchor candidate: the anchor's own day (if a
/// school day) may have started already, so the next one is needed too.
const SCHOOL_DAYS: usize = 2;
/// Calendar walks stop after this many days (a deadline beyond it is left out).
const MAX_WALK: usize = 3660;

/// A finding reduced to what the peer and the core are compared on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Outcome {
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
}

impl From<&Finding> for Outcome {
    fn from(f: &Finding) -> Self {
        Outcome {
            rule: f.rule,
            subject: f.subject,
            status: f.status,
            deadline: f.deadline,
            met_at: f.met_at,
        }
    }
}

/// The core's findings for the peer's rules, sorted.
pub fn core_outcomes(findings: &[Finding]) -> Vec<Outcome> {
    let mut out: Vec<Outcome> = findings
        .iter()
        .filter(|f| RULES.contains(&f.rule))
        .map(Outcome::from)
        .collect();
    out.sort();
    out
}

/// A decision that failed to load or evaluate, or a result the peer could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerError(pub String);

impl fmt::Display for PeerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PeerError {}

fn err(context: &str, e: impl fmt::Display) -> PeerError {
    PeerError(format!("{context}: {e}"))
}

/// The ZEN input of one case: one JSON value per decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// Facts for `na-1.json`.
    pub na_1: Value,
    /// Facts for `s136-1.json`.
    pub s136_1: Value,
    /// Facts for `oe-1.json`.
    pub oe_1: Value,
}

/// The three decisions, parsed and compiled once.
#[derive(Debug, Clone)]
pub struct Peer {
    na_1: Decision,
    s136_1: Decision,
    oe_1: Decision,
}

fn load(name: &str, jdm: &str) -> Result<Decision, PeerError> {
    let content: GraphContent = serde_json::from_str(jdm).map_err(|e| err(name, e))?;
    let mut decision = Decision::from(content);
    decision.validate().map_err(|e| err(name, e))?;
    decision.compile();
    Ok(decision)
}

impl Peer {
    /// Parses, validates and compiles the three decisions.
    pub fn load() -> Result<Peer, PeerError> {
        Ok(Peer {
            na_1: load("na-1.json", NA_1_JDM)?,
            s136_1: load("s136-1.json", S136_1_JDM)?,
            oe_1: load("oe-1.json", OE_1_JDM)?,
        })
    }

    /// Evaluates the three decisions on a prepared input; the outcomes, sorted.
    pub fn evaluate(&self, input: &Input) -> Result<Vec<Outcome>, PeerError> {
        let mut out = Vec::new();
        let runs = [
            (RuleId::Na1, &self.na_1, &input.na_1, "victim"),
            (RuleId::S136_1, &self.s136_1, &input.s136_1, "id"),
            (RuleId::Oe1, &self.oe_1, &input.oe_1, "id"),
        ];
        for (rule, decision, facts, id_key) in runs {
            let response = pollster::block_on(decision.evaluate(Variable::from(facts)))
                .map_err(|e| err(rule.as_str(), e))?;
            read_findings(rule, &response.result, id_key, &mut out)?;
        }
        out.sort();
        Ok(out)
    }

    /// The raw result of one decision, for inspection.
    pub fn result(&self, rule: RuleId, input: &Input) -> Result<Value, PeerError> {
        let (decision, facts) = match rule {
            RuleId::Na1 => (&self.na_1, &input.na_1),
            RuleId::S136_1 => (&self.s136_1, &input.s136_1),
            RuleId::Oe1 => (&self.oe_1, &input.oe_1),
            _ => return Err(PeerError(format!("{rule} is not in the peer"))),
        };
        let response = pollster::block_on(decision.evaluate(Variable::from(facts)))
            .map_err(|e| err(rule.as_str(), e))?;
        Ok(response.result.to_value())
    }
}

fn number(item: &Variable, key: &str) -> Option<i64> {
    match item.dot(key)?.to_value() {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        _ => None,
    }
}

fn read_findings(
    rule: RuleId,
    result: &Variable,
    id_key: &str,
    out: &mut Vec<Outcome>,
) -> Result<(), PeerError> {
    let bad = |what: &str| PeerError(format!("{rule}: {what} in {}", result.to_value()));
    let Some(findings) = result.dot("findings").and_then(|f| f.as_array()) else {
        // No subject: the decision's loop ran over nothing.
        return Ok(());
    };
    for item in findings.borrow().iter() {
        let id = number(item, id_key).ok_or_else(|| bad("a finding without a subject"))?;
        let id = u16::try_from(id).map_err(|_| bad("a subject id out of range"))?;
        let subject = match rule {
            RuleId::Na1 => Subject::Victim(VictimId(id)),
            RuleId::S136_1 => Subject::Detention(DetentionId(id)),
            _ => Subject::Child(ChildId(id)),
        };
        let status = match item.dot("status").as_ref().and_then(Variable::as_str) {
            Some("met") => Status::Met,
            Some("met_late") => Status::MetLate,
            Some("pending") => Status::Pending,
            Some("due_soon") => Status::DueSoon,
            Some("missed") => Status::Missed,
            Some("prohibited") => Status::Prohibited,
            _ => return Err(bad("a finding without a known status")),
        };
        out.push(Outcome {
            rule,
            subject,
            status,
            deadline: number(item, "deadline").map(Instant::from_unix),
            met_at: number(item, "metAt").map(Instant::from_unix),
        });
    }
    Ok(())
}

/// A UK civil date as a `yyyymmdd` number.
fn yyyymmdd(date: Date) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

fn uk_date(at: Instant) -> Date {
    uk_civil(at).0
}

/// An enum value's serde name (snake_case), as JSON.
macro_rules! name {
    ($value:expr) => {
        serde_json::to_value($value).unwrap_or(Value::Null)
    };
}

fn at(instant: Option<Instant>) -> Value {
    instant.map_or(Value::Null, |at| json!(at.unix()))
}

/// Converts a validated case, a policy and `now` to the three decisions' inputs.
pub fn convert(case: &Case, policy: &Policy, now: Instant) -> Input {
    let cal = policy.calendar();
    Input {
        na_1: needs_assessment(case, policy, &cal, now),
        s136_1: s136(case, policy, now),
        oe_1: encompass(case, policy, &cal, now),
    }
}

fn needs_assessment(case: &Case, policy: &Policy, cal: &CalendarConfig<'_>, now: Instant) -> Value {
    let working_days = usize::from(policy.needs_assessment_working_days);
    let mut day_ends = Vec::new();
    if let Some(report) = case.report() {
        let mut day = uk_date(report);
        day_ends.push(uk_instant(day, LAST_SECOND).unix());
        for _ in 0..MAX_WALK {
            if day_ends.len() > working_days {
                break;
            }
            day = day.next();
            if is_working_day(day, cal) {
                day_ends.push(uk_instant(day, LAST_SECOND).unix());
            }
        }
    }
    let victims: Vec<Value> = case
        .victims()
        .iter()
        .map(|victim| {
            let assessments: Vec<Value> = case
                .events()
                .iter()
                .filter_map(|event| match event.what {
                    What::NeedsAssessment {
                        victim: v,
                        enhanced_rights,
                        vulnerable_or_intimidated,
                        special_measures,
                        referral,
                    } if v == victim.id => Some(json!({
                        "at": event.at.unix(),
                        "enhancedRights": enhanced_rights,
                        "vulnerableOrIntimidated": vulnerable_or_intimidated,
                        "specialMeasures": special_measures,
                        "referral": referral.map_or(Value::Null, |r| name!(r)),
                    })),
                    _ => None,
                })
                .collect();
            json!({ "id": victim.id, "assessments": assessments })
        })
        .collect();
    json!({
        "now": now.unix(),
        "policy": {
            "workingDays": working_days,
            "warningLeadMinutes": policy.warning_lead_minutes.get(safeguard_core::RuleId::Na1),
        },
        "case": {
            "recordedCrime": case.is_recorded_crime(),
            "reportedAt": at(case.report()),
            "reportedOn": case.report().map(|r| yyyymmdd(uk_date(r))),
        },
        "calendar": { "dayEnds": day_ends },
        "victims": victims,
    })
}

fn s136(case: &Case, policy: &Policy, now: Instant) -> Value {
    let detentions: Vec<Value> = case
        .detentions()
        .iter()
        .map(|detention| {
            let id = detention.id;
            let mut arrivals = Vec::new();
            let mut extensions = Vec::new();
            let mut approvals = Vec::new();
            let mut ended = None;
            for event in case.events() {
                let at = event.at.unix();
                match event.what {
                    What::ArrivedAtPlaceOfSafety {
                        detention: d,
                        place,
                    } if d == id => arrivals.push(json!({ "at": at, "place": name!(place) })),
                    What::ExtensionAuthorised {
                        detention: d,
                        hours,
                        by_responsible_doctor,
                        assessment_impracticable,
                    } if d == id => extensions.push(json!({
                        "at": at,
                        "hours": hours,
                        "byResponsibleDoctor": by_responsible_doctor,
                        "assessmentImpracticable": assessment_impracticable,
                    })),
                    What::ExtensionApproved { detention: d, rank } if d == id => {
                        approvals.push(json!({ "at": at, "rank": name!(rank) }));
                    }
                    What::DetentionEnded { detention: d, .. } if d == id => {
                        ended = ended.or(Some(event.at));
                    }
                    _ => {}
                }
            }
            json!({
                "id": id,
                "decidedAt": detention.decided_at.unix(),
                "decidedOn": yyyymmdd(uk_date(detention.decided_at)),
                "keptAt": detention.kept_at.map_or(Value::Null, |p| name!(p)),
                "arrivals": arrivals,
                "endedAt": at(ended),
                "extensions": extensions,
                "approvals": approvals,
            })
        })
        .collect();
    json!({
        "now": now.unix(),
        "policy": { "warningLeadMinutes": policy.warning_lead_minutes.get(safeguard_core::RuleId::S136_1) },
        "detentions": detentions,
    })
}

/// An OE-1 anchor candidate: the instant, its UK date, and the next school-day starts.
fn anchor(at: Option<Instant>, cal: &CalendarConfig<'_>) -> Value {
    let Some(at) = at else {
        return Value::Null;
    };
    let start = cal.school_day_start.min(LAST_SECOND);
    let mut day = uk_date(at);
    let mut starts = Vec::with_capacity(SCHOOL_DAYS);
    for _ in 0..MAX_WALK {
        if starts.len() == SCHOOL_DAYS {
            break;
        }
        if is_school_day(day, cal) {
            starts.push(uk_instant(day, start).unix());
        }
        day = day.next();
    }
    json!({ "at": at.unix(), "on": yyyymmdd(uk_date(at)), "schoolDayStarts": starts })
}

fn encompass(case: &Case, policy: &Policy, cal: &CalendarConfig<'_>, now: Instant) -> Value {
    let children: Vec<Value> = case
        .children()
        .iter()
        .map(|child| {
            let notifications: Vec<Value> = case
                .events()
                .iter()
                .filter_map(|event| {
                    let (kind, c, episode) = match event.what {
                        What::SchoolNotified {
                            child,
                            missing_episode,
                        } => ("school", child, missing_episode),
                        What::LocalAuthorityNotified {
                            child,
                            missing_episode,
                        } => ("local_authority", child, missing_episode),
                        What::NoSchoolToNotify {
                            child,
                            missing_episode,
                        } => ("no_school_reason", child, missing_episode),
                        _ => return None,
                    };
                    (c == child.id)
                        .then(|| json!({ "kind": kind, "episode": episode, "at": event.at.unix() }))
                })
                .collect();
            json!({
                "id": child.id,
                "age": child.age,
                "school": name!(child.school),
                "notifications": notifications,
            })
        })
        .collect();
    json!({
        "now": now.unix(),
        "policy": { "warningLeadMinutes": policy.warning_lead_minutes.get(safeguard_core::RuleId::Oe1) },
        "case": {
            "domesticAbuse": case
                .categories()
                .contains(safeguard_core::Category::DomesticAbuse),
            "attended": anchor(case.attended_at(), cal),
            "occurred": anchor(case.occurred_at(), cal),
            "reported": anchor(case.report(), cal),
        },
        "children": children,
    })
}
