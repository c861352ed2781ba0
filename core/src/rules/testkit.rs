//! Helpers for the rule tests: build cases tersely, evaluate, and pick findings.

use crate::case::{Category, ChildId, DetentionId, EventId, PlaceKind, SuspectId, VictimId};
use crate::case::{Child, Detention, Event, RawCase, SchoolStatus, Suspect, Victim, What};
use crate::finding::{Finding, Findings, Subject};
use crate::policy::Policy;
use crate::rules::RuleId;
use crate::time::Instant;
use crate::{Case, evaluate};

/// An instant from RFC 3339 text.
pub(crate) fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

/// A victim with no special circumstances.
pub(crate) fn victim(id: u16) -> Victim {
    Victim {
        id: VictimId(id),
        kind: crate::case::VictimKind::Person,
        age_at_offence: Some(30),
        vulnerable: false,
        intimidated: false,
        persistently_targeted: false,
        bereaved_relative: false,
        referral_consent: None,
    }
}

/// A builder for test cases.
#[derive(Default)]
pub(crate) struct Build {
    pub(crate) raw: RawCase,
    next_id: u32,
}

impl Build {
    /// A recorded crime of `categories`, reported and recorded at `reported`.
    pub(crate) fn crime(reported: &str, categories: &[Category]) -> Self {
        let mut b = Build::default();
        b.raw.recorded_at = Some(at(reported));
        b.raw.reported_at = Some(at(reported));
        for c in categories {
            b.raw.categories.push(*c).unwrap();
        }
        b
    }

    /// A non-crime incident of `categories` reported at `reported`.
    pub(crate) fn incident(reported: &str, categories: &[Category]) -> Self {
        let mut b = Build::crime(reported, categories);
        b.raw.recorded_at = None;
        b
    }

    /// A case holding only a s136 detention decided at `decided`, with optional age.
    pub(crate) fn detention(decided: &str, age: Option<u8>, kept_at: Option<PlaceKind>) -> Self {
        let mut b = Build::default();
        b.raw
            .detentions
            .push(Detention {
                id: DetentionId(1),
                decided_at: at(decided),
                age,
                kept_at,
            })
            .unwrap();
        b
    }

    pub(crate) fn victim(mut self, v: Victim) -> Self {
        self.raw.victims.push(v).unwrap();
        self
    }

    pub(crate) fn suspect(mut self, id: u16, identified: bool, age: Option<u8>) -> Self {
        self.raw
            .suspects
            .push(Suspect {
                id: SuspectId(id),
                identified,
                age,
            })
            .unwrap();
        self
    }

    pub(crate) fn child(mut self, id: u16, age: u8, school: SchoolStatus) -> Self {
        self.raw
            .children
            .push(Child {
                id: ChildId(id),
                age,
                school,
                relation: crate::case::ChildRelation::RelatedToParty,
            })
            .unwrap();
        self
    }

    pub(crate) fn attended(mut self, when: &str) -> Self {
        self.raw.attended_at = Some(at(when));
        self
    }

    pub(crate) fn closed(mut self, when: &str) -> Self {
        self.raw.closed_at = Some(at(when));
        self
    }

    /// Adds an event; ids are 1, 2, 3… in the order added.
    pub(crate) fn event(mut self, when: &str, what: What) -> Self {
        self.next_id += 1;
        self.raw
            .events
            .push(Event {
                id: EventId(self.next_id),
                at: at(when),
                what,
            })
            .unwrap();
        self
    }

    /// Adds an event with its own id (for tests where ids must not follow the order added).
    pub(crate) fn event_id(mut self, id: u32, when: &str, what: What) -> Self {
        self.raw
            .events
            .push(Event {
                id: EventId(id),
                at: at(when),
                what,
            })
            .unwrap();
        self
    }

    pub(crate) fn case(self) -> Case {
        Case::new(self.raw).unwrap()
    }

    /// Evaluates under `policy` as at `now`.
    pub(crate) fn run_with(self, policy: &Policy, now: &str) -> Findings {
        evaluate(&self.case(), policy.check().unwrap(), at(now)).unwrap()
    }

    /// Evaluates under the default policy as at `now`.
    pub(crate) fn run(self, now: &str) -> Findings {
        self.run_with(&Policy::default(), now)
    }
}

/// The finding for `rule` about `subject`, if there is one.
pub(crate) fn get(findings: &Findings, rule: RuleId, subject: Subject) -> Option<Finding> {
    findings
        .iter()
        .find(|f| f.rule == rule && f.subject == subject)
        .copied()
}

/// The finding for `rule` about `subject`; fails the test if there is none.
pub(crate) fn one(findings: &Findings, rule: RuleId, subject: Subject) -> Finding {
    get(findings, rule, subject)
        .unwrap_or_else(|| panic!("no {rule} finding about {subject}: {findings:#?}"))
}

/// Whether any finding for `rule` exists.
pub(crate) fn none_for(findings: &Findings, rule: RuleId) -> bool {
    !findings.iter().any(|f| f.rule == rule)
}
