//! The rule catalogue and the evaluation that runs it.
//!
//! Each duty family lives in its own module and opens with the duty, its deadline and its
//! source. Law that changed over time is held as data: a table of [`Dated`] values per rule,
//! chosen by the UK civil date of the event that triggered the duty, never by `now`
//! (`docs/CATALOGUE.md` §1.3).

use crate::calendar::{self, CalendarConfig};
use crate::case::{Case, Victim, What};
#[cfg(test)]
pub(crate) use crate::catalogue::RULE_COUNT;
#[cfg(test)]
use crate::catalogue::{CATALOGUE, in_force};
pub(crate) use crate::catalogue::{Dated, Family, RuleId, RuleSet, Source, in_force_at};
pub(crate) use crate::catalogue::{date, in_force_or_first, source};
use crate::error::EvalError;
use crate::finding::{Finding, Findings, Reason, Status, Subject};
use crate::policy::{CheckedPolicy, Policy};
use crate::time::{Date, Instant, uk_civil, uk_instant};
use heapless::vec::VecView;

pub(crate) mod encompass;
pub(crate) mod needs_assessment;
pub(crate) mod protective_orders;
pub(crate) mod s136;
pub(crate) mod victim_updates;

#[cfg(test)]
pub(crate) mod testkit;

/// Everything a rule needs to judge a case.
pub(crate) struct Ctx<'a> {
    pub(crate) case: &'a Case,
    pub(crate) policy: &'a Policy,
    pub(crate) calendar: CalendarConfig<'a>,
    pub(crate) now: Instant,
}

impl Ctx<'_> {
    /// Whether a victim is entitled to enhanced rights (Right 4) for a decision made at `at`:
    /// derived from the facts (the category of crime, the victim's own circumstances) and
    /// raised by a needs assessment recorded at or before `at` that says the victim is entitled
    /// to enhanced rights, or is vulnerable or intimidated (the Code leaves the determination
    /// with the service provider, so the officer's recorded answer is a fact of the case). A
    /// recorded assessment that says otherwise does not lower it.
    pub(crate) fn enhanced(&self, victim: &Victim, at: Instant) -> bool {
        self.case.categories().gives_enhanced_rights()
            || victim.personally_enhanced()
            || self
                .case
                .events()
                .iter()
                .take_while(|event| event.at <= at)
                .any(|event| {
                    matches!(
                        event.what,
                        What::NeedsAssessment { victim: v, enhanced_rights, vulnerable_or_intimidated, .. }
                            if v == victim.id
                                && (enhanced_rights == Some(true)
                                    || vulnerable_or_intimidated == Some(true))
                    )
                })
    }

    /// Whether the Victims' Code applies to a crime reported at `report`: from the force's
    /// configured start of the 2015 Code (policy `victims_code_2015_from`, default 2015-11-16).
    pub(crate) fn victims_code_applies(&self, report: Instant) -> bool {
        report >= uk_instant(self.policy.victims_code_2015_from, 0)
    }

    /// Whether the policy asks for `rule`: a family skips the work of a rule it does not.
    pub(crate) fn wants(&self, rule: RuleId) -> bool {
        self.policy.rules.contains(rule)
    }

    /// 23:59:59 UK civil time on the `n`-th working day after the day of `from`, and whether
    /// counting used computed (not tabled) bank holidays.
    #[inline(never)]
    pub(crate) fn working_days_after(&self, from: Instant, n: u16) -> (Instant, bool) {
        let deadline = calendar::working_days_after(from, n, &self.calendar);
        (deadline, calendar::touches_computed_years(from, deadline))
    }

    /// The status of `rule`'s duty not yet done, as at `now`: `DueSoon` within the rule's own
    /// warning lead (policy `warning_lead_minutes`).
    pub(crate) fn open(&self, deadline: Instant, rule: RuleId) -> Status {
        let lead_minutes = self.policy.warning_lead_minutes.get(rule);
        if self.now > deadline {
            Status::Missed
        } else if lead_minutes > 0 && self.now >= deadline.plus_secs(-i64::from(lead_minutes) * 60)
        {
            Status::DueSoon
        } else {
            Status::Pending
        }
    }

    /// The status of a duty with a deadline: done on time, done late, or still open.
    #[inline(never)]
    pub(crate) fn timeliness(
        &self,
        deadline: Instant,
        done: Option<Instant>,
        rule: RuleId,
    ) -> Status {
        match done {
            Some(at) if at <= deadline => Status::Met,
            Some(_) => Status::MetLate,
            None => self.open(deadline, rule),
        }
    }
}

/// The UK civil date of an instant: the date that chooses the law in force.
pub(crate) const fn uk_date(at: Instant) -> Date {
    uk_civil(at).0
}

/// A finding under construction, before the source is attached.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Verdict {
    pub(crate) status: Status,
    pub(crate) deadline: Option<Instant>,
    pub(crate) met_at: Option<Instant>,
    pub(crate) reason: Reason,
    pub(crate) computed_holidays: bool,
}

impl Verdict {
    /// A verdict with a deadline: `met_at` is kept only for the done statuses.
    #[inline(never)]
    pub(crate) fn new(
        status: Status,
        deadline: Option<Instant>,
        done: Option<Instant>,
        reason: Reason,
    ) -> Self {
        let met_at = match status {
            Status::Met | Status::MetLate => done,
            _ => None,
        };
        Verdict {
            status,
            deadline,
            met_at,
            reason,
            computed_holidays: false,
        }
    }

    /// Marks that counting used computed bank holidays.
    pub(crate) fn computed(mut self, computed: bool) -> Self {
        self.computed_holidays |= computed;
        self
    }

    /// The worse of two instances (`docs/CATALOGUE.md` §1.2). Between instances of the same status the
    /// one with the earlier deadline stands for both (the first missed, the first done late,
    /// the next due), so the choice never depends on the order victims or events were listed;
    /// a full tie keeps `self`.
    #[inline(never)]
    pub(crate) fn worst(self, other: Verdict) -> Verdict {
        let computed = self.computed_holidays | other.computed_holidays;
        let rank = |v: &Verdict| {
            (
                v.status.severity(),
                core::cmp::Reverse(v.deadline.unwrap_or(Instant::from_unix(i64::MAX))),
            )
        };
        let mut worst = if rank(&other) > rank(&self) {
            other
        } else {
            self
        };
        worst.computed_holidays = computed;
        worst
    }
}

/// The findings list was full: a finding could not be kept. With [`Findings`] this cannot
/// happen for a validated case ([`crate::finding::MAX_FINDINGS`] is the most a case at full
/// capacity gives); a smaller list given to [`evaluate_into`] can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Full;

/// Collects findings into the caller's list, whatever its capacity.
pub(crate) struct Out<'a> {
    pub(crate) findings: &'a mut VecView<Finding>,
    /// The rules the policy asks for: findings of any other rule are not kept.
    pub(crate) rules: RuleSet,
}

impl Out<'_> {
    /// Keeps a finding of a rule the policy asks for; [`Full`] when the list has no room, so
    /// a finding is never dropped in silence.
    #[inline(never)]
    pub(crate) fn push(
        &mut self,
        rule: RuleId,
        subject: Subject,
        source: &'static Source,
        verdict: Verdict,
    ) -> Result<(), Full> {
        if !self.rules.contains(rule) {
            return Ok(());
        }
        let finding = Finding {
            rule,
            subject,
            status: verdict.status,
            deadline: verdict.deadline,
            met_at: verdict.met_at,
            reason: verdict.reason,
            source,
            computed_holidays: verdict.computed_holidays,
        };
        self.findings.push(finding).map_err(|_| Full)
    }
}

/// Evaluates every rule of the catalogue on `case` under `policy`, as at `now`.
///
/// Returns one finding per (rule, subject) that applies, ordered by rule (catalogue order)
/// and then by subject. With `policy.report_not_applicable`, each rule that gave no finding
/// gives one `NotApplicable` finding about the case.
///
/// The case and the policy come checked ([`Case::new`], [`Policy::check`]), and neither is
/// checked again. Fails only when `now` is outside the supported range, or when `now` is
/// earlier than the latest instant the case records (a record cannot hold the future). It
/// never panics: evaluation is total over every validated case and checked policy.
pub fn evaluate(
    case: &Case,
    policy: CheckedPolicy<'_>,
    now: Instant,
) -> Result<Findings, EvalError> {
    let mut findings = Findings::new();
    evaluate_into(case, policy, now, &mut findings)?;
    Ok(findings)
}

/// [`evaluate`], writing the findings into `findings` (cleared first) instead of returning
/// them: for devices that keep the findings in a static rather than on a small stack.
///
/// The list may have any capacity: [`Findings`] (capacity
/// [`crate::finding::MAX_FINDINGS`]) always has room; a smaller one that fills gives
/// [`EvalError::FindingsFull`], never fewer findings. On error `findings` is left empty.
pub fn evaluate_into<const N: usize>(
    case: &Case,
    policy: CheckedPolicy<'_>,
    now: Instant,
    findings: &mut heapless::Vec<Finding, N>,
) -> Result<(), EvalError> {
    evaluate_view(case, policy.policy(), now, findings.as_mut_view())
}

/// [`evaluate_into`] for a list of any capacity, compiled once.
#[inline(never)]
fn evaluate_view(
    case: &Case,
    policy: &Policy,
    now: Instant,
    findings: &mut VecView<Finding>,
) -> Result<(), EvalError> {
    findings.clear();
    let result = judge(case, policy, now, findings);
    if result.is_err() {
        findings.clear();
    }
    result
}

/// The body of [`evaluate_view`], with a checked policy.
fn judge(
    case: &Case,
    policy: &Policy,
    now: Instant,
    findings: &mut VecView<Finding>,
) -> Result<(), EvalError> {
    if !now.is_supported() {
        return Err(EvalError::NowOutOfRange);
    }
    if let Some(latest) = case.latest()
        && now < latest
    {
        return Err(EvalError::NowBeforeCase { latest });
    }
    let ctx = Ctx {
        case,
        policy,
        calendar: policy.calendar(),
        now,
    };
    let rules = policy.rules;
    let capacity = findings.capacity();
    let full = |Full| EvalError::FindingsFull { capacity };
    let mut out = Out { findings, rules };
    // A family runs only if the policy asks for one of its rules; `Out::push` drops the
    // findings of its other rules.
    #[cfg(feature = "needs-assessment")]
    if rules.intersects(const { RuleSet::family(Family::NeedsAssessment) }) {
        needs_assessment::evaluate(&ctx, &mut out).map_err(full)?;
    }
    #[cfg(feature = "victim-updates")]
    if rules.intersects(const { RuleSet::family(Family::VictimUpdates) }) {
        victim_updates::evaluate(&ctx, &mut out).map_err(full)?;
    }
    #[cfg(feature = "protective-orders")]
    if rules.intersects(const { RuleSet::family(Family::ProtectiveOrders) }) {
        protective_orders::evaluate(&ctx, &mut out).map_err(full)?;
    }
    #[cfg(feature = "s136")]
    if rules.intersects(const { RuleSet::family(Family::S136) }) {
        s136::evaluate(&ctx, &mut out).map_err(full)?;
    }
    #[cfg(feature = "encompass")]
    if rules.intersects(const { RuleSet::family(Family::Encompass) }) {
        encompass::evaluate(&ctx, &mut out).map_err(full)?;
    }
    if policy.report_not_applicable {
        for rule in rules.iter() {
            if !out.findings.iter().any(|finding| finding.rule == rule) {
                let source = rule
                    .sources()
                    .last()
                    .map_or(&NO_SOURCE, |entry| &entry.value);
                out.push(
                    rule,
                    Subject::Case,
                    source,
                    Verdict::new(Status::NotApplicable, None, None, Reason::DoesNotApply),
                )
                .map_err(full)?;
            }
        }
    }
    crate::list::sort_by_key(out.findings, |finding| (finding.rule, finding.subject));
    Ok(())
}

static NO_SOURCE: Source = Source {
    instrument: "",
    provision: "",
    in_force: date(1970, 1, 1),
};

// The catalogue-wide tests judge every family: they need the default features.
#[cfg(all(
    test,
    feature = "needs-assessment",
    feature = "victim-updates",
    feature = "protective-orders",
    feature = "s136",
    feature = "encompass"
))]
mod tests {
    use super::*;
    use crate::capacity::{
        MAX_CHILDREN, MAX_DECISIONS, MAX_DETENTIONS, MAX_EPISODES, MAX_EVENTS, MAX_INCIDENTS,
        MAX_NOTICES, MAX_VICTIMS,
    };
    use crate::case::{
        Category, Child, ChildId, DecisionKind, Detention, DetentionId, Event, EventId, IncidentId,
        NoticeKind, PlaceKind, Rank, RawCase, SchoolStatus, Suspect, SuspectId, VictimId, What,
    };
    use crate::finding::MAX_FINDINGS;
    use crate::policy::MissingChildNotification;
    use crate::rules::testkit::{Build, at, victim};

    #[test]
    fn the_catalogue_lists_every_rule_in_order() {
        for (rule, entry) in RuleId::ALL.iter().zip(CATALOGUE.iter()) {
            assert_eq!(rule.sources(), entry.sources, "{rule}");
            assert_eq!(rule.as_str(), entry.id);
            assert_eq!(RuleId::parse(entry.id), Some(*rule));
            assert!(!entry.sources.is_empty(), "{}", entry.id);
            assert!(
                entry.sources.windows(2).all(|w| w[0].from <= w[1].from),
                "{}",
                entry.id
            );
        }
        let ids: Vec<&str> = CATALOGUE.iter().map(|r| r.id).collect();
        assert_eq!(
            ids,
            [
                "NA-1", "NA-2", "VU-1", "VU-2", "VU-3", "PO-1", "PO-2", "PO-3", "PO-4", "S136-1",
                "S136-2", "S136-3", "S136-4", "S136-5", "OE-1", "OE-2"
            ]
        );
    }

    #[test]
    fn in_force_picks_the_latest_entry_not_after_the_date() {
        static TABLE: [Dated<u8>; 2] = [
            Dated::new(date(2020, 1, 1), 1),
            Dated::new(date(2021, 1, 1), 2),
        ];
        assert_eq!(in_force(&TABLE, date(2019, 12, 31)), None);
        assert_eq!(in_force(&TABLE, date(2020, 1, 1)), Some(&1));
        assert_eq!(in_force(&TABLE, date(2020, 12, 31)), Some(&1));
        assert_eq!(in_force(&TABLE, date(2021, 1, 1)), Some(&2));
    }

    #[test]
    fn in_force_at_an_instant_is_in_force_on_its_uk_date() {
        // Every quarter hour, and the second before it, from two days before to two days
        // after each start of every rule's table of sources and of the s136 regimes, and of a
        // table whose entries start a day apart in summer (the civil date an hour ahead of UTC)
        // and on both clock-change Sundays of 2024.
        static STEPS: [Dated<u8>; 5] = [
            Dated::new(date(2024, 3, 31), 1),
            Dated::new(date(2024, 6, 30), 2),
            Dated::new(date(2024, 7, 1), 3),
            Dated::new(date(2024, 10, 27), 4),
            Dated::new(date(2024, 10, 28), 5),
        ];
        fn check<T: PartialEq + core::fmt::Debug>(table: &'static [Dated<T>]) -> usize {
            let mut checked = 0;
            for entry in table {
                let start = entry.from.utc_midnight();
                for quarter in -192..=192 {
                    let on_the_quarter = start.plus_secs(quarter * 900);
                    for at in [on_the_quarter.plus_secs(-1), on_the_quarter] {
                        assert_eq!(in_force_at(table, at), in_force(table, uk_date(at)), "{at}");
                        checked += 1;
                    }
                }
            }
            checked
        }
        let mut checked = CATALOGUE
            .iter()
            .map(|rule| check(rule.sources))
            .sum::<usize>();
        checked += check(&s136::REGIMES) + check(&STEPS);
        assert!(checked > 20_000, "{checked}");
    }

    /// A case at every capacity, built so that every rule gives its most findings.
    fn full_case() -> RawCase {
        let mut raw = RawCase::default();
        raw.recorded_at = Some(at("2024-03-04T10:00:00Z"));
        raw.reported_at = raw.recorded_at;
        raw.attended_at = raw.recorded_at;
        raw.categories.push(Category::DomesticAbuse).unwrap();
        for id in 0..MAX_VICTIMS as u16 {
            let mut v = victim(id);
            v.referral_consent = Some(true);
            raw.victims.push(v).unwrap();
        }
        raw.suspects
            .push(Suspect {
                id: SuspectId(0),
                identified: true,
                age: Some(30),
            })
            .unwrap();
        for id in 0..MAX_CHILDREN as u16 {
            raw.children
                .push(Child {
                    id: ChildId(id),
                    age: 8,
                    school: SchoolStatus::Registered,
                    relation: crate::case::ChildRelation::RelatedToParty,
                })
                .unwrap();
        }
        // Every child linked to every listed incident: the most OE-1 findings a case can give.
        for id in 0..MAX_INCIDENTS as u16 {
            raw.incidents
                .push(crate::case::Incident {
                    id: IncidentId(id),
                    occurred_at: None,
                    reported_at: None,
                    attended_at: raw.recorded_at,
                    attended: crate::case::Attendance::Attended,
                    children: (0..MAX_CHILDREN as u16).map(ChildId).collect(),
                })
                .unwrap();
        }
        for id in 0..MAX_DETENTIONS as u16 {
            raw.detentions
                .push(Detention {
                    id: DetentionId(id),
                    decided_at: at("2024-03-04T10:00:00Z"),
                    age: Some(16),
                    kept_at: Some(PlaceKind::PoliceStation),
                })
                .unwrap();
        }
        let mut push = |what: What| {
            let id = raw.events.len() as u32;
            raw.events
                .push(Event {
                    id: EventId(id),
                    at: at("2024-03-04T11:00:00Z"),
                    what,
                })
                .unwrap();
        };
        for _ in 0..MAX_DECISIONS {
            push(What::KeyDecision {
                decision: DecisionKind::Arrested,
                suspect: Some(SuspectId(0)),
            });
        }
        for _ in 0..MAX_NOTICES {
            push(What::NoticeIssued {
                notice: NoticeKind::Dvpn,
                suspect: SuspectId(0),
                authorised_by: Rank::Superintendent,
                served_at: Some(at("2024-03-04T11:00:00Z")),
            });
        }
        for _ in 0..MAX_EPISODES {
            push(What::ChildReportedMissing {
                child: ChildId(0),
                first_episode: true,
            });
        }
        for id in 0..MAX_VICTIMS as u16 {
            push(What::CareContractAgreed {
                victim: VictimId(id),
                interval_days: 7,
                channel: crate::case::Channel::Phone,
            });
            push(What::VictimWithdrewSupport {
                victim: VictimId(id),
            });
        }
        assert!(raw.events.len() <= MAX_EVENTS);
        raw
    }

    #[test]
    fn a_full_case_fits_in_the_findings_list() {
        let case = Case::new(full_case()).unwrap();
        let policy = Policy {
            missing_child_notification: MissingChildNotification::EveryEpisode,
            ..Policy::default()
        };
        let findings =
            evaluate(&case, policy.check().unwrap(), at("2024-03-04T12:00:00Z")).unwrap();
        // Every rule gives its most findings here, so the count is exactly the bound.
        assert_eq!(findings.len(), MAX_FINDINGS);
        let all_rules = Policy {
            report_not_applicable: true,
            ..policy
        };
        // Nothing is left for NotApplicable: every rule applied.
        assert_eq!(
            evaluate(
                &case,
                all_rules.check().unwrap(),
                at("2024-03-04T12:00:00Z")
            )
            .unwrap()
            .len(),
            MAX_FINDINGS
        );
    }

    #[test]
    fn a_rule_set_gives_exactly_the_chosen_rules_findings() {
        let case = Case::new(full_case()).unwrap();
        let now = at("2024-03-04T12:00:00Z");
        let everything = Policy {
            missing_child_notification: MissingChildNotification::EveryEpisode,
            ..Policy::default()
        };
        let all = evaluate(&case, everything.check().unwrap(), now).unwrap();
        // Each rule alone, each family alone, and a few mixed sets: the findings are those of
        // the full evaluation for the chosen rules, no more and no fewer.
        let mut sets: Vec<RuleSet> = RuleId::ALL
            .iter()
            .map(|&rule| RuleSet::EMPTY.with(rule))
            .collect();
        sets.push(
            [RuleId::Na1, RuleId::S136_1, RuleId::Oe1]
                .into_iter()
                .collect(),
        );
        sets.push(
            [RuleId::Vu3, RuleId::Po3, RuleId::S136_5]
                .into_iter()
                .collect(),
        );
        sets.push(RuleSet::ALL);
        for rules in sets {
            let policy = Policy {
                rules,
                ..everything.clone()
            };
            let chosen = evaluate(&case, policy.check().unwrap(), now).unwrap();
            let expected: Vec<&Finding> = all.iter().filter(|f| rules.contains(f.rule)).collect();
            assert_eq!(chosen.iter().collect::<Vec<_>>(), expected, "{rules:?}");
            assert!(!chosen.is_empty(), "{rules:?}");
        }
        // With NotApplicable asked for, only the chosen rules that gave nothing are listed.
        let policy = Policy {
            rules: [RuleId::Na1, RuleId::S136_1].into_iter().collect(),
            report_not_applicable: true,
            ..Policy::default()
        };
        let findings = Build::crime("2024-03-04T10:00:00Z", &[Category::Other])
            .victim(victim(1))
            .run_with(&policy, "2024-03-05T00:00:00Z");
        let listed: Vec<(RuleId, Status)> = findings.iter().map(|f| (f.rule, f.status)).collect();
        assert_eq!(
            listed,
            [
                (RuleId::Na1, Status::Pending),
                (RuleId::S136_1, Status::NotApplicable)
            ]
        );
    }

    #[test]
    fn a_rule_set_reads_and_writes_as_ids_or_bits() {
        let set: RuleSet = [RuleId::S136_2, RuleId::Na1].into_iter().collect();
        assert_eq!(serde_json::to_string(&set).unwrap(), r#"["NA-1","S136-2"]"#);
        let read: RuleSet = serde_json::from_str(r#"["S136-2", "NA-1", "NA-1"]"#).unwrap();
        assert_eq!(read, set);
        let unknown = serde_json::from_str::<RuleSet>(r#"["NA-9"]"#).unwrap_err();
        assert!(
            unknown
                .to_string()
                .starts_with("unknown variant `NA-9`, expected one of `NA-1`"),
            "{unknown}"
        );
        let bytes = postcard::to_stdvec(&set).unwrap();
        assert_eq!(postcard::from_bytes::<RuleSet>(&bytes).unwrap(), set);
        assert_eq!(
            postcard::from_bytes::<RuleSet>(&postcard::to_stdvec(&RuleSet::ALL).unwrap()).unwrap(),
            RuleSet::ALL
        );
        assert_eq!(RuleSet::ALL.iter().collect::<Vec<_>>(), RuleId::ALL);
        assert_eq!(format!("{set:?}"), "[Na1, S136_2]");
        // A policy names them under `rules`; leaving it out means every rule, naming none is
        // refused.
        let policy: Policy = serde_json::from_str(r#"{ "rules": ["OE-1"] }"#).unwrap();
        assert_eq!(policy.rules, RuleSet::EMPTY.with(RuleId::Oe1));
        let default: Policy = serde_json::from_str("{}").unwrap();
        assert_eq!(default.rules, RuleSet::ALL);
        let none: Policy = serde_json::from_str(r#"{ "rules": [] }"#).unwrap();
        assert_eq!(
            none.check(),
            Err(crate::error::PolicyError::OutOfRange {
                field: "rules",
                allowed: "at least one rule"
            })
        );
    }

    #[test]
    fn rules_that_do_not_apply_are_listed_when_asked() {
        let policy = Policy {
            report_not_applicable: true,
            ..Policy::default()
        };
        let findings = Build::crime("2024-03-04T10:00:00Z", &[Category::Other])
            .victim(victim(1))
            .run_with(&policy, "2024-03-05T00:00:00Z");
        let not_applicable: Vec<RuleId> = findings
            .iter()
            .filter(|f| f.status == Status::NotApplicable)
            .map(|f| f.rule)
            .collect();
        assert!(not_applicable.contains(&RuleId::S136_1));
        assert!(!not_applicable.contains(&RuleId::Na1));
        assert_eq!(findings.len(), RULE_COUNT);
    }

    #[test]
    fn now_before_the_latest_fact_is_refused() {
        let case = Build::crime("2024-03-04T10:00:00Z", &[Category::Other]).case();
        assert_eq!(
            evaluate(
                &case,
                Policy::default().check().unwrap(),
                at("2024-03-04T09:59:59Z")
            ),
            Err(EvalError::NowBeforeCase {
                latest: at("2024-03-04T10:00:00Z")
            })
        );
        assert_eq!(
            evaluate(
                &case,
                Policy::default().check().unwrap(),
                Instant::from_unix(i64::MIN)
            ),
            Err(EvalError::NowOutOfRange)
        );
    }

    #[test]
    fn a_bad_policy_is_refused_with_its_field() {
        let policy = Policy {
            school_day_start_minutes: 1440,
            ..Policy::default()
        };
        let err = policy.check().unwrap_err();
        assert_eq!(err.code(), "policy_out_of_range");
        assert_eq!(err.field(), "school_day_start_minutes");
        assert!(
            err.to_string()
                .starts_with("policy school_day_start_minutes")
        );
    }

    #[test]
    fn the_in_place_forms_give_what_the_by_value_forms_give() {
        let now = at("2024-03-04T12:00:00Z");
        let policy = Policy {
            missing_child_notification: MissingChildNotification::EveryEpisode,
            ..Policy::default()
        };
        let mut raw = full_case();
        raw.events.as_mut_slice().reverse();
        let by_value = Case::new(raw.clone()).unwrap();
        let mut case = Case::EMPTY;
        assert_eq!(Case::new(RawCase::default()).unwrap(), Case::EMPTY);
        assert_eq!(RawCase::EMPTY, RawCase::default());
        case.renew(&mut raw).unwrap();
        assert_eq!(case, by_value);
        assert_eq!(
            raw,
            RawCase::default(),
            "the previous facts are handed back"
        );

        let mut findings = Findings::new();
        evaluate_into(&case, policy.check().unwrap(), now, &mut findings).unwrap();
        assert_eq!(
            findings,
            evaluate(&by_value, policy.check().unwrap(), now).unwrap()
        );
        assert_eq!(
            evaluate_into(
                &case,
                policy.check().unwrap(),
                at("2024-03-04T09:00:00Z"),
                &mut findings
            ),
            Err(evaluate(&case, policy.check().unwrap(), at("2024-03-04T09:00:00Z")).unwrap_err())
        );
        assert!(findings.is_empty());

        // A refused case leaves the validated one as it was.
        let mut bad = full_case();
        bad.recorded_at = None;
        bad.reported_at = None;
        assert_eq!(
            case.renew(&mut bad),
            Err(Case::new(bad.clone()).unwrap_err())
        );
        assert_eq!(case, by_value);
    }

    #[test]
    fn a_list_too_small_is_an_error_never_fewer_findings() {
        let case = Case::new(full_case()).unwrap();
        let now = at("2024-03-04T12:00:00Z");
        let mut small = heapless::Vec::<Finding, 3>::new();
        assert_eq!(
            evaluate_into(&case, Policy::default().check().unwrap(), now, &mut small),
            Err(EvalError::FindingsFull { capacity: 3 })
        );
        assert!(small.is_empty(), "on error the list is left empty");
        // The bound is exact: one fewer than the full case gives is refused too.
        let mut one_short = heapless::Vec::<Finding, { MAX_FINDINGS - 1 }>::new();
        let policy = Policy {
            missing_child_notification: MissingChildNotification::EveryEpisode,
            ..Policy::default()
        };
        assert_eq!(
            evaluate_into(&case, policy.check().unwrap(), now, &mut one_short),
            Err(EvalError::FindingsFull {
                capacity: MAX_FINDINGS - 1
            })
        );
        // The not-applicable line counts as well.
        let quiet = Build::crime("2024-03-04T10:00:00Z", &[Category::Other]).case();
        let report_all = Policy {
            report_not_applicable: true,
            ..Policy::default()
        };
        let mut few = heapless::Vec::<Finding, 4>::new();
        assert_eq!(
            evaluate_into(&quiet, report_all.check().unwrap(), now, &mut few)
                .unwrap_err()
                .code(),
            "findings_full"
        );
        let mut exact = heapless::Vec::<Finding, RULE_COUNT>::new();
        evaluate_into(&quiet, report_all.check().unwrap(), now, &mut exact).unwrap();
        assert_eq!(exact.len(), RULE_COUNT);
    }

    #[test]
    fn findings_are_ordered_by_rule_then_subject() {
        let case = Case::new(full_case()).unwrap();
        let findings = evaluate(
            &case,
            Policy::default().check().unwrap(),
            at("2024-03-04T12:00:00Z"),
        )
        .unwrap();
        assert!(
            findings
                .windows(2)
                .all(|w| (w[0].rule, w[0].subject) < (w[1].rule, w[1].subject))
        );
    }
}
