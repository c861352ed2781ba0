//! Laws of the domain, checked on generated cases (proptest).
//!
//! The generator builds valid cases of every family: victims, suspects, children, s136
//! detentions, and a timeline of up to 40 events of every kind, all referring to ids that
//! exist, spread over days to weeks around a trigger between 2016 and 2031 (so both s136
//! regimes, both Victims' Codes, DST changes, bank holidays and computed years occur).

use proptest::prelude::*;
use safeguard_core::{
    Case, Category, Channel, Child, ChildId, Consultee, DecisionKind, Detention, DetentionId,
    DetentionOutcome, Event, EventId, Finding, Instant, MAX_DECISIONS, MAX_EPISODES, MAX_NOTICES,
    MissingChildNotification, NoticeKind, Order, OrderSet, PlaceKind, Policy, Rank, RawCase,
    ReferralAnswer, RuleId, SchoolStatus, Status, Subject, Suspect, SuspectId, Victim, VictimId,
    What, evaluate,
};

const HOUR: i64 = 3600;

fn category() -> impl Strategy<Value = Category> {
    prop_oneof![
        Just(Category::DomesticAbuse),
        Just(Category::Stalking),
        Just(Category::Harassment),
        Just(Category::SexualOffence),
        Just(Category::HateCrime),
        Just(Category::Other),
    ]
}

fn rank() -> impl Strategy<Value = Rank> {
    prop_oneof![
        Just(Rank::Constable),
        Just(Rank::Sergeant),
        Just(Rank::Inspector),
        Just(Rank::ChiefInspector),
        Just(Rank::Superintendent),
        Just(Rank::ChiefSuperintendent),
    ]
}

fn place() -> impl Strategy<Value = PlaceKind> {
    prop_oneof![
        Just(PlaceKind::PoliceStation),
        Just(PlaceKind::HealthBased),
        Just(PlaceKind::EmergencyDepartment),
        Just(PlaceKind::Other),
    ]
}

fn school() -> impl Strategy<Value = SchoolStatus> {
    prop_oneof![
        Just(SchoolStatus::Registered),
        Just(SchoolStatus::NotSchoolAge),
        Just(SchoolStatus::NotRegistered),
        Just(SchoolStatus::ElectiveHomeEducation),
    ]
}

/// An event kind, given how many victims (1..), suspects (1..), children (1..) and detentions
/// (1..) the case has; references to other events are fixed up afterwards.
fn what(v: u16, s: u16, c: u16, d: u16) -> impl Strategy<Value = What> {
    let victim = (0..v).prop_map(VictimId);
    let suspect = (0..s).prop_map(SuspectId);
    let child = (0..c).prop_map(ChildId);
    let det = (0..d).prop_map(DetentionId);
    let opt = |b: bool| if b { Some(b) } else { None };
    prop_oneof![
        (victim.clone(), any::<[bool; 4]>(), any::<bool>()).prop_map(
            move |(victim, a, accepted)| What::NeedsAssessment {
                victim,
                enhanced_rights: opt(a[0]).map(|_| true),
                vulnerable_or_intimidated: if a[1] { Some(false) } else { None },
                special_measures: if a[2] { Some(false) } else { None },
                referral: if a[3] {
                    Some(if accepted {
                        ReferralAnswer::Accepted
                    } else {
                        ReferralAnswer::Declined
                    })
                } else {
                    None
                },
            }
        ),
        victim
            .clone()
            .prop_map(|victim| What::SupportReferralMade { victim }),
        (victim.clone(), 1u16..40).prop_map(|(victim, interval_days)| What::CareContractAgreed {
            victim,
            interval_days,
            channel: Channel::Email
        }),
        victim
            .clone()
            .prop_map(|victim| What::VictimUpdated { victim }),
        victim
            .clone()
            .prop_map(|victim| What::VictimUpdated { victim }),
        (suspect.clone(), 0u8..4).prop_map(|(suspect, k)| What::KeyDecision {
            decision: [
                DecisionKind::Arrested,
                DecisionKind::ReleasedOnBail,
                DecisionKind::Charged,
                DecisionKind::ReleasedUnderInvestigation
            ][usize::from(k)],
            suspect: Some(suspect)
        }),
        (victim.clone(), any::<u32>().prop_map(EventId))
            .prop_map(|(victim, decision)| What::VictimInformed { victim, decision }),
        (any::<bool>(), any::<u8>()).prop_map(|(reason_recorded, bits)| {
            let mut orders = OrderSet::EMPTY;
            for (i, order) in [Order::Dvpn, Order::Dapn, Order::StalkingProtectionOrder]
                .into_iter()
                .enumerate()
            {
                if bits & (1 << i) != 0 {
                    orders = orders.with(order);
                }
            }
            What::OrdersConsidered {
                apply: bits & 8 != 0,
                reason_recorded,
                orders,
            }
        }),
        (suspect.clone(), rank(), any::<bool>(), any::<bool>()).prop_map(
            |(suspect, authorised_by, dapn, served)| {
                What::NoticeIssued {
                    notice: if dapn {
                        NoticeKind::Dapn
                    } else {
                        NoticeKind::Dvpn
                    },
                    suspect,
                    authorised_by,
                    served_at: if served {
                        Some(Instant::from_unix(0))
                    } else {
                        None
                    },
                }
            }
        ),
        any::<u32>()
            .prop_map(EventId)
            .prop_map(|notice| What::OrderHearing { notice }),
        victim
            .clone()
            .prop_map(|victim| What::VictimWithdrewSupport { victim }),
        victim
            .clone()
            .prop_map(|victim| What::WithdrawalConfirmed { victim }),
        victim.prop_map(|victim| What::EvidenceLedProsecutionConsidered { victim }),
        (det.clone(), place())
            .prop_map(|(detention, place)| What::ArrivedAtPlaceOfSafety { detention, place }),
        (det.clone(), any::<bool>()).prop_map(|(detention, doctor)| What::Consulted {
            detention,
            with: if doctor {
                Consultee::Doctor
            } else {
                Consultee::CustodyOfficer
            }
        }),
        det.clone()
            .prop_map(|detention| What::ConsultationImpracticable { detention }),
        (det.clone(), rank(), any::<[bool; 3]>()).prop_map(|(detention, rank, c)| {
            What::PoliceStationAuthorised {
                detention,
                rank,
                imminent_risk: c[0],
                no_other_place: c[1],
                healthcare_professional_present: c[2],
            }
        }),
        (det.clone(), 1u8..=12, any::<[bool; 2]>()).prop_map(|(detention, hours, c)| {
            What::ExtensionAuthorised {
                detention,
                hours,
                by_responsible_doctor: c[0],
                assessment_impracticable: c[1],
            }
        }),
        (det.clone(), rank())
            .prop_map(|(detention, rank)| What::ExtensionApproved { detention, rank }),
        det.clone()
            .prop_map(|detention| What::ReferredToSuperintendent { detention }),
        det.clone()
            .prop_map(|detention| What::WelfareCheck { detention }),
        det.clone()
            .prop_map(|detention| What::WelfareCheck { detention }),
        det.clone()
            .prop_map(|detention| What::AssessmentCompleted { detention }),
        det.prop_map(|detention| What::DetentionEnded {
            detention,
            outcome: DetentionOutcome::Released
        }),
        child.clone().prop_map(|child| What::SchoolNotified {
            child,
            missing_episode: None
        }),
        child
            .clone()
            .prop_map(|child| What::LocalAuthorityNotified {
                child,
                missing_episode: None
            }),
        child.clone().prop_map(|child| What::NoSchoolToNotify {
            child,
            missing_episode: None
        }),
        (child, any::<bool>()).prop_map(|(child, first_episode)| What::ChildReportedMissing {
            child,
            first_episode
        }),
    ]
}

/// A valid raw case and an `as at` instant not before anything in it.
fn case_and_now() -> impl Strategy<Value = (RawCase, Instant)> {
    // 2016-01-01 .. 2031-12-31, at whole minutes.
    let trigger = (1_451_606_400i64 / 60..1_956_441_600i64 / 60).prop_map(|m| m * 60);
    (
        trigger,
        prop::collection::vec(category(), 0..3),
        1u16..=3,
        prop::collection::vec((any::<bool>(), 10u8..70), 1..=3),
        prop::collection::vec((0u8..20, school()), 1..=3),
        prop::collection::vec((0u8..40, any::<bool>(), prop::option::of(place())), 1..=2),
        any::<bool>(),
    )
        .prop_flat_map(
            |(trigger, categories, victims, suspects, children, detentions, closed)| {
                let (s, c, d) = (
                    suspects.len() as u16,
                    children.len() as u16,
                    detentions.len() as u16,
                );
                let events =
                    prop::collection::vec((what(victims, s, c, d), 0i64..(21 * 24 * 60)), 0..40);
                (
                    Just((
                        trigger, categories, victims, suspects, children, detentions, closed,
                    )),
                    events,
                    0i64..(40 * 24 * 60),
                )
            },
        )
        .prop_map(
            |(
                (trigger, categories, victims, suspects, children, detentions, closed),
                events,
                later,
            )| {
                let t = Instant::from_unix(trigger);
                let mut raw = RawCase {
                    recorded_at: Some(t),
                    reported_at: Some(t),
                    attended_at: Some(t.plus_secs(HOUR)),
                    ..RawCase::default()
                };
                for category in categories {
                    let _ = raw.categories.push(category);
                }
                for id in 0..victims {
                    let mut victim = Victim {
                        kind: safeguard_core::VictimKind::Person,
                        id: VictimId(id),
                        age_at_offence: Some(if id == 1 { 15 } else { 30 }),
                        vulnerable: id == 2,
                        intimidated: false,
                        persistently_targeted: false,
                        bereaved_relative: false,
                        referral_consent: None,
                    };
                    if id == 0 {
                        victim.referral_consent = Some(true);
                    }
                    let _ = raw.victims.push(victim);
                }
                for (id, (identified, age)) in suspects.into_iter().enumerate() {
                    let _ = raw.suspects.push(Suspect {
                        id: SuspectId(id as u16),
                        identified,
                        age: Some(age),
                    });
                }
                for (id, (age, school)) in children.into_iter().enumerate() {
                    let _ = raw.children.push(Child {
                        id: ChildId(id as u16),
                        age,
                        school,
                        relation: safeguard_core::ChildRelation::RelatedToParty,
                    });
                }
                for (id, (age, child, kept_at)) in detentions.into_iter().enumerate() {
                    let _ = raw.detentions.push(Detention {
                        id: DetentionId(id as u16),
                        decided_at: t,
                        age: Some(if child { age % 18 } else { 18 + age }),
                        kept_at,
                    });
                }
                let mut decisions = Vec::new();
                let mut notices = Vec::new();
                let mut timeline: Vec<Event> = Vec::new();
                let mut episodes = 0;
                for (i, (what, minutes)) in events.into_iter().enumerate() {
                    let at = t.plus_secs(minutes * 60);
                    let id = EventId(i as u32 + 1);
                    // Keep within the per-kind capacities (notices, decisions, episodes).
                    let full = match what {
                        What::NoticeIssued { .. } => notices.len() >= MAX_NOTICES,
                        What::KeyDecision { .. } => decisions.len() >= MAX_DECISIONS,
                        What::ChildReportedMissing { .. } => {
                            episodes += 1;
                            episodes > MAX_EPISODES
                        }
                        _ => false,
                    };
                    if full {
                        continue;
                    }
                    let what = match what {
                        What::NoticeIssued {
                            notice,
                            suspect,
                            authorised_by,
                            served_at,
                        } => {
                            notices.push(id);
                            What::NoticeIssued {
                                notice,
                                suspect,
                                authorised_by,
                                served_at: served_at.map(|_| at.plus_secs(HOUR)),
                            }
                        }
                        What::KeyDecision { .. } => {
                            decisions.push(id);
                            what
                        }
                        other => other,
                    };
                    timeline.push(Event { id, at, what });
                }
                // Point references at events of the right kind, or drop them.
                let mut fixed = Vec::new();
                for event in timeline {
                    let what = match event.what {
                        What::VictimInformed { victim, decision } => {
                            match decisions.get(decision.0 as usize % decisions.len().max(1)) {
                                Some(&d) => What::VictimInformed {
                                    victim,
                                    decision: d,
                                },
                                None => continue,
                            }
                        }
                        What::OrderHearing { notice } => {
                            let served = notices.iter().copied().find(|&n| {
                                n == notices
                                    .get(notice.0 as usize % notices.len().max(1))
                                    .copied()
                                    .unwrap_or(EventId(0))
                            });
                            match served {
                                Some(n) => What::OrderHearing { notice: n },
                                None => continue,
                            }
                        }
                        other => other,
                    };
                    fixed.push(Event { what, ..event });
                }
                // A hearing must come after its notice's service, and only served notices have one.
                let served: Vec<(EventId, Option<Instant>)> = fixed
                    .iter()
                    .filter_map(|e| match e.what {
                        What::NoticeIssued { served_at, .. } => Some((e.id, served_at)),
                        _ => None,
                    })
                    .collect();
                fixed.retain(|e| match e.what {
                    What::OrderHearing { notice } => served
                        .iter()
                        .any(|&(id, at)| id == notice && at.is_some_and(|at| e.at >= at)),
                    _ => true,
                });
                let mut latest = raw.attended_at.unwrap_or(t);
                for event in &fixed {
                    let served = match event.what {
                        What::NoticeIssued { served_at, .. } => served_at,
                        _ => None,
                    };
                    latest = latest.max(event.at).max(served.unwrap_or(event.at));
                }
                for event in fixed {
                    let _ = raw.events.push(event);
                }
                // Drop events the timeline makes impossible (a welfare check after release, an
                // arrival before the decision…), one at a time, as the checked constructor
                // names them.
                while let Err(safeguard_core::CaseError::OutOfOrder { event, .. }) =
                    Case::new(raw.clone())
                {
                    let kept: Vec<Event> = raw
                        .events
                        .iter()
                        .copied()
                        .filter(|e| e.id != EventId(event))
                        .collect();
                    raw.events = kept.into_iter().collect();
                }
                if closed {
                    latest = latest.plus_secs(HOUR);
                    raw.closed_at = Some(latest);
                }
                (raw, latest.plus_secs(later * 60))
            },
        )
}

fn policy() -> Policy {
    Policy {
        missing_child_notification: MissingChildNotification::EveryEpisode,
        ..Policy::default()
    }
}

fn run(raw: &RawCase, now: Instant) -> Vec<Finding> {
    let case = Case::new(raw.clone()).expect("generated cases are valid");
    evaluate(&case, policy().check().expect("the policy is valid"), now)
        .expect("evaluation succeeds")
        .to_vec()
}

fn key(f: &Finding) -> (RuleId, Subject) {
    (f.rule, f.subject)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::Direct(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/properties.proptest-regressions"),
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_same_input_gives_the_same_findings((raw, now) in case_and_now()) {
        let first = run(&raw, now);
        let second = run(&raw, now);
        prop_assert_eq!(&first, &second);
        let bytes = |f: &Vec<Finding>| serde_json::to_vec(f).expect("serialises");
        prop_assert_eq!(bytes(&first), bytes(&second));
    }

    #[test]
    fn event_order_does_not_matter((raw, now) in case_and_now(), seed in any::<u64>()) {
        let mut shuffled = raw.clone();
        let events = shuffled.events.as_mut_slice();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..events.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            events.swap(i, (state % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(run(&raw, now), run(&shuffled, now));
    }

    #[test]
    fn moving_now_forward_never_reopens_a_missed_duty((raw, now) in case_and_now(), hours in 1i64..2000) {
        let before = run(&raw, now);
        let after = run(&raw, now.plus_secs(hours * HOUR));
        for f in before.iter().filter(|f| f.status == Status::Missed) {
            let later = after.iter().find(|g| key(g) == key(f));
            prop_assert!(later.is_some(), "{:?} vanished", key(f));
            let later = later.map(|g| g.status);
            prop_assert!(!matches!(later, Some(Status::Pending | Status::DueSoon)), "{:?}: Missed became {:?}", key(f), later);
        }
    }

    #[test]
    fn a_deadline_never_depends_on_now((raw, now) in case_and_now(), hours in 1i64..2000) {
        let before = run(&raw, now);
        let after = run(&raw, now.plus_secs(hours * HOUR));
        for f in &before {
            if let Some(g) = after.iter().find(|g| key(g) == key(f)) {
                // A summed-up finding may report a different instance once a later one goes
                // wrong; for single-instance rules the deadline is fixed.
                if !matches!(f.rule, RuleId::Vu2 | RuleId::S136_5 | RuleId::Vu3) {
                    prop_assert_eq!(f.deadline, g.deadline, "{:?}", key(f));
                }
            }
        }
    }

    #[test]
    fn doing_the_duty_by_its_deadline_makes_it_met((raw, now) in case_and_now()) {
        for f in run(&raw, now) {
            let Some(deadline) = f.deadline else { continue };
            if !matches!(f.status, Status::Missed | Status::MetLate) {
                continue;
            }
            let Some(action) = remedy(&raw, &f) else { continue };
            let mut fixed = raw.clone();
            let id = EventId(fixed.events.iter().map(|e| e.id.0).max().unwrap_or(0) + 1);
            if fixed.events.push(Event { id, at: deadline, what: action }).is_err() {
                continue;
            }
            let after = run(&fixed, now.max(deadline));
            let g = after.iter().find(|g| key(g) == key(&f));
            prop_assert_eq!(g.map(|g| g.status), Some(Status::Met), "{:?} with {:?} at {}", key(&f), action, deadline);
        }
    }

    #[test]
    fn postcard_round_trips_the_case_exactly((raw, _now) in case_and_now()) {
        let bytes = safeguard_harness::wire::case_bytes(&raw).expect("encodes");
        let back = safeguard_core::decode_case(&bytes).expect("decodes");
        prop_assert_eq!(&back, &raw);
        let text = serde_json::to_string(&raw).expect("json");
        prop_assert_eq!(serde_json::from_str::<RawCase>(&text).expect("json decodes"), raw);
    }

    #[test]
    fn evaluation_never_panics_anywhere_in_time((raw, now) in case_and_now(), far in 0i64..(150 * 365 * 24)) {
        let case = Case::new(raw).expect("valid");
        let _ = evaluate(&case, policy().check().expect("valid"), now.plus_secs(far * HOUR));
        let everything = Policy { report_not_applicable: true, ..policy() };
        let _ = evaluate(&case, everything.check().expect("valid"), now);
    }
}

/// The single action that discharges a one-off duty, where there is one.
fn remedy(raw: &RawCase, f: &Finding) -> Option<What> {
    match (f.rule, f.subject) {
        (RuleId::Na1, Subject::Victim(victim)) => Some(What::NeedsAssessment {
            victim,
            enhanced_rights: Some(true),
            vulnerable_or_intimidated: Some(false),
            special_measures: Some(false),
            referral: Some(ReferralAnswer::Accepted),
        }),
        (RuleId::Na2, Subject::Victim(victim)) => Some(What::SupportReferralMade { victim }),
        (RuleId::Vu1, Subject::Victim(victim)) => Some(What::CareContractAgreed {
            victim,
            interval_days: 7,
            channel: Channel::Phone,
        }),
        (RuleId::Vu3, Subject::Decision(decision)) if raw.victims.len() == 1 => {
            raw.victims.first().map(|v| What::VictimInformed {
                victim: v.id,
                decision,
            })
        }
        (RuleId::Po3, Subject::Notice(notice)) => Some(What::OrderHearing { notice }),
        (RuleId::Oe1, Subject::Child(child)) => {
            raw.children
                .iter()
                .find(|c| c.id == child)
                .map(|c| match c.school {
                    SchoolStatus::Registered => What::SchoolNotified {
                        child,
                        missing_episode: None,
                    },
                    SchoolStatus::ElectiveHomeEducation => What::LocalAuthorityNotified {
                        child,
                        missing_episode: None,
                    },
                    _ => What::NoSchoolToNotify {
                        child,
                        missing_episode: None,
                    },
                })
        }
        (RuleId::S136_4, Subject::Detention(detention)) => Some(What::Consulted {
            detention,
            with: Consultee::Amhp,
        }),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Working days, school-day starts and the 48-hour rule agree with naive day-by-day walks
    /// for instants anywhere in 1900–2200 (the fuzz target's check, driven here on stable).
    #[test]
    fn the_calendar_agrees_with_naive_walks_from_1900_to_2200(
        at in Instant::EARLIEST.unix()..=Instant::LATEST.unix(),
        n in any::<u8>(),
        start in any::<u8>(),
        closure in any::<u8>(),
    ) {
        let mut data = (at - Instant::EARLIEST.unix()).to_le_bytes().to_vec();
        data.extend([n, start, closure]);
        safeguard_harness::fuzzing::calendar(&data);
    }
}
