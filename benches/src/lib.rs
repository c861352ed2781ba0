//! Deterministic workloads for the benchmarks.
//!
//! [`mix`] generates a realistic mix of cases from a seed, with no randomness crate: a
//! xorshift generator drives the choices, so the same seed always gives the same cases. The mix,
//! per 10 cases:
//!
//! - 3 recorded crimes with one or two victims (needs assessment, referral, care contract,
//!   updates every 7–28 days, key decisions);
//! - 2 domestic abuse crimes with an identified suspect (the above plus protective orders,
//!   a served DVPN and its hearing, a withdrawal) and one or two children (Operation Encompass);
//! - 2 s136 detentions (arrival, consultation, welfare checks at a police station for some,
//!   assessment, release);
//! - 1 non-crime domestic abuse incident with children;
//! - 2 mixed cases holding a crime and a detention.
//!
//! Timestamps fall between 2021 and 2026, at whole minutes; `now` is a few weeks after the
//! case opens.

use safeguard_core::{
    Category, Channel, Child, ChildId, ChildRelation, Consultee, DecisionKind, Detention,
    DetentionId, DetentionOutcome, Event, EventId, Instant, NoticeKind, Order, OrderSet, PlaceKind,
    Rank, RawCase, ReferralAnswer, SchoolStatus, Suspect, SuspectId, Victim, VictimId, VictimKind,
    What,
};

#[cfg(feature = "peer-zen")]
pub mod zen;

/// A raw case as postcard bytes, header and all, through the core's encoder
/// ([`safeguard_core::encode_case`]) into a 64 KiB buffer (far more than any case needs) cut to
/// the bytes used; `None` if the case cannot be written (a list read over capacity).
pub fn postcard_case(raw: &RawCase) -> Option<Vec<u8>> {
    let mut buf = vec![0; 64 * 1024];
    let used = safeguard_core::encode_case(raw, &mut buf).ok()?.len();
    buf.truncate(used);
    Some(buf)
}

/// A small, deterministic pseudo-random generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a fixed odd constant).
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// A case under construction.
struct Builder {
    raw: RawCase,
    next_id: u32,
}

impl Builder {
    fn event(&mut self, at: Instant, what: What) -> EventId {
        self.next_id += 1;
        let id = EventId(self.next_id);
        let _ = self.raw.events.push(Event { id, at, what });
        id
    }
}

fn victim(id: u16, enhanced: bool) -> Victim {
    Victim {
        id: VictimId(id),
        kind: VictimKind::Person,
        age_at_offence: Some(if enhanced { 16 } else { 34 }),
        vulnerable: false,
        intimidated: false,
        persistently_targeted: false,
        bereaved_relative: false,
        referral_consent: Some(id == 1),
    }
}

fn crime(b: &mut Builder, rng: &mut Rng, t: Instant, victims: u16) {
    for n in 1..=victims {
        let _ = b.raw.victims.push(victim(n, rng.below(3) == 0));
        let id = VictimId(n);
        b.event(
            t.plus_secs(HOUR * (2 + rng.below(60) as i64)),
            What::NeedsAssessment {
                victim: id,
                enhanced_rights: Some(false),
                vulnerable_or_intimidated: Some(false),
                special_measures: Some(false),
                referral: Some(if n == 1 {
                    ReferralAnswer::Accepted
                } else {
                    ReferralAnswer::Declined
                }),
            },
        );
        b.event(t.plus_secs(DAY), What::SupportReferralMade { victim: id });
        let interval = [7u16, 14, 28][rng.below(3) as usize];
        b.event(
            t.plus_secs(DAY + HOUR),
            What::CareContractAgreed {
                victim: id,
                interval_days: interval,
                channel: Channel::Phone,
            },
        );
        for k in 1..=2 {
            b.event(
                t.plus_secs(DAY * i64::from(interval) * k),
                What::VictimUpdated { victim: id },
            );
        }
    }
    let _ = b.raw.suspects.push(Suspect {
        id: SuspectId(1),
        identified: true,
        age: Some(30),
    });
    let arrest = b.event(
        t.plus_secs(HOUR * 5),
        What::KeyDecision {
            decision: DecisionKind::Arrested,
            suspect: Some(SuspectId(1)),
        },
    );
    let bail = b.event(
        t.plus_secs(HOUR * 20),
        What::KeyDecision {
            decision: DecisionKind::ReleasedOnBail,
            suspect: Some(SuspectId(1)),
        },
    );
    for id in (1..=victims).map(VictimId) {
        b.event(
            t.plus_secs(HOUR * 8),
            What::VictimInformed {
                victim: id,
                decision: arrest,
            },
        );
        if rng.below(2) == 0 {
            b.event(
                t.plus_secs(DAY * 2),
                What::VictimInformed {
                    victim: id,
                    decision: bail,
                },
            );
        }
    }
}

fn domestic(b: &mut Builder, rng: &mut Rng, t: Instant) {
    let _ = b.raw.categories.push(Category::DomesticAbuse);
    let victims = 1 + rng.below(2) as u16;
    crime(b, rng, t, victims);
    b.event(
        t.plus_secs(HOUR * 3),
        What::OrdersConsidered {
            apply: true,
            reason_recorded: true,
            orders: OrderSet::EMPTY.with(Order::Dvpn),
        },
    );
    let notice = b.event(
        t.plus_secs(HOUR * 4),
        What::NoticeIssued {
            notice: NoticeKind::Dvpn,
            suspect: SuspectId(1),
            authorised_by: Rank::Superintendent,
            served_at: Some(t.plus_secs(HOUR * 5)),
        },
    );
    b.event(t.plus_secs(HOUR * 30), What::OrderHearing { notice });
    b.event(
        t.plus_secs(DAY * 3),
        What::VictimWithdrewSupport {
            victim: VictimId(1),
        },
    );
    b.event(
        t.plus_secs(DAY * 3 + HOUR),
        What::WithdrawalConfirmed {
            victim: VictimId(1),
        },
    );
    children(b, rng, t);
}

fn children(b: &mut Builder, rng: &mut Rng, t: Instant) {
    b.raw.attended_at = Some(t.plus_secs(30 * MINUTE));
    for id in (1..=(1 + rng.below(2) as u16)).map(ChildId) {
        let _ = b.raw.children.push(Child {
            id,
            age: 5 + rng.below(10) as u8,
            school: SchoolStatus::Registered,
            relation: ChildRelation::RelatedToParty,
        });
        b.event(
            t.plus_secs(HOUR * 12),
            What::SchoolNotified {
                child: id,
                missing_episode: None,
            },
        );
    }
}

fn detention(b: &mut Builder, rng: &mut Rng, t: Instant) {
    let station = rng.below(3) == 0;
    let _ = b.raw.detentions.push(Detention {
        id: DetentionId(1),
        decided_at: t,
        age: Some(25 + rng.below(40) as u8),
        kept_at: None,
    });
    b.event(
        t.plus_secs(-10 * MINUTE),
        What::Consulted {
            detention: DetentionId(1),
            with: Consultee::Amhp,
        },
    );
    let place = if station {
        PlaceKind::PoliceStation
    } else {
        PlaceKind::HealthBased
    };
    if station {
        b.event(
            t.plus_secs(10 * MINUTE),
            What::PoliceStationAuthorised {
                detention: DetentionId(1),
                rank: Rank::Inspector,
                imminent_risk: true,
                no_other_place: true,
                healthcare_professional_present: true,
            },
        );
    }
    b.event(
        t.plus_secs(30 * MINUTE),
        What::ArrivedAtPlaceOfSafety {
            detention: DetentionId(1),
            place,
        },
    );
    let hours = 3 + rng.below(20) as i64;
    if station {
        for k in 1..=(hours * 2 - 1) {
            b.event(
                t.plus_secs(30 * MINUTE + k * 29 * MINUTE),
                What::WelfareCheck {
                    detention: DetentionId(1),
                },
            );
        }
    }
    b.event(
        t.plus_secs(hours * HOUR),
        What::AssessmentCompleted {
            detention: DetentionId(1),
        },
    );
    b.event(
        t.plus_secs(hours * HOUR + 30 * MINUTE),
        What::DetentionEnded {
            detention: DetentionId(1),
            outcome: DetentionOutcome::Released,
        },
    );
}

/// One case of the mix, and the `now` to evaluate it at.
pub fn case(rng: &mut Rng, kind: u64) -> (RawCase, Instant) {
    // 2021-06-01 plus up to about five years, at whole minutes.
    let t = Instant::from_unix(1_622_505_600 + (rng.below(5 * 365 * 24 * 60) as i64) * MINUTE);
    let mut b = Builder {
        raw: RawCase::default(),
        next_id: 0,
    };
    b.raw.reported_at = Some(t);
    match kind % 10 {
        0..=2 => {
            b.raw.recorded_at = Some(t);
            let _ = b.raw.categories.push(Category::Other);
            let victims = 1 + rng.below(2) as u16;
            crime(&mut b, rng, t, victims);
        }
        3 | 4 => {
            b.raw.recorded_at = Some(t);
            domestic(&mut b, rng, t);
        }
        5 | 6 => {
            b.raw.reported_at = None;
            detention(&mut b, rng, t);
        }
        7 => {
            let _ = b.raw.categories.push(Category::DomesticAbuse);
            children(&mut b, rng, t);
        }
        _ => {
            b.raw.recorded_at = Some(t);
            let _ = b.raw.categories.push(Category::HateCrime);
            crime(&mut b, rng, t, 1);
            detention(&mut b, rng, t);
        }
    }
    let latest = b.raw.events.iter().map(|e| e.at).max().unwrap_or(t).max(t);
    (b.raw, latest.plus_secs(DAY * 2))
}

/// `n` cases of the mix from `seed`.
pub fn mix(seed: u64, n: usize) -> Vec<(RawCase, Instant)> {
    let mut rng = Rng::new(seed);
    (0..n as u64).map(|i| case(&mut rng, i)).collect()
}

/// A crime with `events` timeline events (victim updates, decisions and notices), for the
/// scaling benchmark.
pub fn with_events(events: usize) -> (RawCase, Instant) {
    let t = Instant::from_unix(1_717_405_200); // 2024-06-03T09:00:00Z
    let mut b = Builder {
        raw: RawCase::default(),
        next_id: 0,
    };
    b.raw.recorded_at = Some(t);
    let _ = b.raw.categories.push(Category::DomesticAbuse);
    let _ = b.raw.victims.push(victim(1, false));
    let _ = b.raw.suspects.push(Suspect {
        id: SuspectId(1),
        identified: true,
        age: Some(30),
    });
    b.event(
        t.plus_secs(HOUR),
        What::CareContractAgreed {
            victim: VictimId(1),
            interval_days: 7,
            channel: Channel::Email,
        },
    );
    let mut decisions = 0;
    let mut i = 1i64;
    while b.raw.events.len() < events {
        match i % 4 {
            0 if decisions < 8 => {
                decisions += 1;
                let d = b.event(
                    t.plus_secs(i * HOUR * 6),
                    What::KeyDecision {
                        decision: DecisionKind::Arrested,
                        suspect: Some(SuspectId(1)),
                    },
                );
                if b.raw.events.len() < events {
                    b.event(
                        t.plus_secs(i * HOUR * 6 + HOUR),
                        What::VictimInformed {
                            victim: VictimId(1),
                            decision: d,
                        },
                    );
                }
            }
            1 => {
                b.event(
                    t.plus_secs(i * HOUR * 6),
                    What::NeedsAssessment {
                        victim: VictimId(1),
                        enhanced_rights: Some(true),
                        vulnerable_or_intimidated: None,
                        special_measures: None,
                        referral: None,
                    },
                );
            }
            _ => {
                b.event(
                    t.plus_secs(i * HOUR * 6),
                    What::VictimUpdated {
                        victim: VictimId(1),
                    },
                );
            }
        }
        i += 1;
    }
    let latest = b.raw.events.iter().map(|e| e.at).max().unwrap_or(t);
    (b.raw, latest.plus_secs(DAY))
}

#[cfg(test)]
mod tests {
    use super::*;
    use safeguard_core::{Case, Policy, evaluate};

    #[test]
    fn the_mix_is_valid_deterministic_and_covers_every_family() {
        let cases = mix(42, 200);
        assert_eq!(cases, mix(42, 200));
        let mut rules = std::collections::BTreeSet::new();
        for (raw, now) in &cases {
            let case = Case::new(raw.clone()).expect("valid");
            for f in
                evaluate(&case, Policy::DEFAULT.check().expect("valid"), *now).expect("evaluates")
            {
                rules.insert(f.rule);
            }
        }
        for family in ["NA", "VU", "PO", "S136", "OE"] {
            assert!(
                rules.iter().any(|r| r.as_str().starts_with(family)),
                "{family} missing"
            );
        }
    }

    #[test]
    fn scaling_cases_have_the_asked_number_of_events() {
        for n in [8, 16, 32, 64] {
            let (raw, now) = with_events(n);
            assert_eq!(raw.events.len(), n);
            let case = Case::new(raw).expect("valid");
            assert!(evaluate(&case, Policy::DEFAULT.check().expect("valid"), now).is_ok());
        }
    }
}
