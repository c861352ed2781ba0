//! The timeline's events grouped by the duty family whose facts they record.
//!
//! A records system sends one flat list of event kinds ([`What`], one tag per kind, as
//! `docs/CASE-FORMAT.md` writes them), and the flat form is what a case stores and the wire
//! carries. The code that checks or judges a family's events reads them through the groups
//! here instead: [`What::grouped`] sorts every kind into its family by one exhaustive match,
//! and a match over a family's group names every kind of the family, so a kind added to a
//! family fails the build wherever that family's events are told apart until it is handled
//! there. Each group is a copy of the fields the crate reads, and the sorting is one small
//! function (under 500 bytes of a Cortex-M3 image), so the groups change neither what a case
//! stores nor what the wire carries.

use super::ids::{ChildId, DetentionId, EventId, SuspectId, VictimId};
use super::raw::{Consultee, PlaceKind, Rank, What};
use crate::time::Instant;

/// An event, by the duty family whose facts it records.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Grouped {
    /// Needs assessment and referral (Victims' Code Right 4).
    NeedsAssessment(NeedsAssessmentEvent),
    /// The care contract, updates and key decisions (Right 6).
    VictimUpdates(VictimUpdatesEvent),
    /// Protective orders, notices, hearings, releases, evidence and withdrawals.
    ProtectiveOrders(OrdersEvent),
    /// A Mental Health Act 1983 s136 detention.
    S136(S136Event),
    /// Operation Encompass: a child's school notified, or a child reported missing.
    Encompass(EncompassEvent),
}

/// An event of needs assessment and referral (`needs_assessment`, `support_referral_made`):
/// each is about one victim, and the checks treat both kinds alike.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NeedsAssessmentEvent {
    /// The victim.
    pub(crate) victim: VictimId,
}

/// An event of keeping the victim informed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum VictimUpdatesEvent {
    /// `care_contract_agreed`.
    CareContractAgreed {
        victim: VictimId,
        interval_days: u16,
    },
    /// `victim_updated`.
    VictimUpdated { victim: VictimId },
    /// `key_decision`.
    KeyDecision { suspect: Option<SuspectId> },
    /// `victim_informed`.
    VictimInformed { victim: VictimId, decision: EventId },
}

/// An event of protective orders, releases, evidence and withdrawals.
#[derive(Clone, Copy, Debug)]
pub(crate) enum OrdersEvent {
    /// `orders_considered`.
    OrdersConsidered,
    /// `notice_issued`.
    NoticeIssued {
        suspect: SuspectId,
        served_at: Option<Instant>,
    },
    /// `order_hearing`.
    OrderHearing { notice: EventId },
    /// `released`.
    Released { suspect: SuspectId },
    /// `evidence_recorded`.
    EvidenceRecorded,
    /// `victim_withdrew_support`.
    VictimWithdrewSupport { victim: VictimId },
    /// `withdrawal_confirmed`.
    WithdrawalConfirmed { victim: VictimId },
    /// `evidence_led_prosecution_considered`.
    EvidenceLedProsecutionConsidered { victim: VictimId },
}

/// An event of a s136 detention: each is about one detention.
#[derive(Clone, Copy, Debug)]
pub(crate) struct S136Event {
    /// The detention.
    pub(crate) detention: DetentionId,
    /// What happened.
    pub(crate) kind: S136Kind,
}

/// The kinds of s136 event.
#[derive(Clone, Copy, Debug)]
pub(crate) enum S136Kind {
    /// `arrived_at_place_of_safety`.
    Arrived { place: PlaceKind },
    /// `departed_place_of_safety`.
    Departed,
    /// `consulted`.
    Consulted { with: Consultee },
    /// `consultation_impracticable`.
    ConsultationImpracticable,
    /// `police_station_authorised`.
    StationAuthorised {
        rank: Rank,
        imminent_risk: bool,
        no_other_place: bool,
        healthcare_professional_present: bool,
    },
    /// `extension_authorised`.
    ExtensionAuthorised {
        hours: u8,
        by_responsible_doctor: bool,
        assessment_impracticable: bool,
    },
    /// `extension_approved`.
    ExtensionApproved { rank: Rank },
    /// `referred_to_superintendent`.
    ReferredToSuperintendent,
    /// `welfare_check`.
    WelfareCheck,
    /// `assessment_completed`.
    AssessmentCompleted,
    /// `detention_ended`.
    Ended,
}

/// An Operation Encompass event: each is about one child.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EncompassEvent {
    /// The child.
    pub(crate) child: ChildId,
    /// What happened.
    pub(crate) kind: EncompassKind,
}

/// The kinds of Operation Encompass event. A notification names the missing episode it
/// answers, or `None` for the domestic abuse incident.
#[derive(Clone, Copy, Debug)]
pub(crate) enum EncompassKind {
    /// `school_notified`.
    SchoolNotified { missing_episode: Option<EventId> },
    /// `local_authority_notified`.
    LocalAuthorityNotified { missing_episode: Option<EventId> },
    /// `no_school_to_notify`.
    NoSchoolToNotify { missing_episode: Option<EventId> },
    /// `child_reported_missing`.
    ReportedMissing { first_episode: bool },
}

impl What {
    /// The event, by the duty family whose facts it records: every kind has exactly one.
    pub(crate) const fn grouped(&self) -> Grouped {
        use Grouped as G;
        match *self {
            What::NeedsAssessment { victim, .. } | What::SupportReferralMade { victim } => {
                G::NeedsAssessment(NeedsAssessmentEvent { victim })
            }
            What::CareContractAgreed {
                victim,
                interval_days,
                ..
            } => G::VictimUpdates(VictimUpdatesEvent::CareContractAgreed {
                victim,
                interval_days,
            }),
            What::VictimUpdated { victim } => {
                G::VictimUpdates(VictimUpdatesEvent::VictimUpdated { victim })
            }
            What::KeyDecision { suspect, .. } => {
                G::VictimUpdates(VictimUpdatesEvent::KeyDecision { suspect })
            }
            What::VictimInformed { victim, decision } => {
                G::VictimUpdates(VictimUpdatesEvent::VictimInformed { victim, decision })
            }
            What::OrdersConsidered { .. } => G::ProtectiveOrders(OrdersEvent::OrdersConsidered),
            What::NoticeIssued {
                suspect, served_at, ..
            } => G::ProtectiveOrders(OrdersEvent::NoticeIssued { suspect, served_at }),
            What::OrderHearing { notice } => {
                G::ProtectiveOrders(OrdersEvent::OrderHearing { notice })
            }
            What::Released { suspect, .. } => {
                G::ProtectiveOrders(OrdersEvent::Released { suspect })
            }
            What::EvidenceRecorded { .. } => G::ProtectiveOrders(OrdersEvent::EvidenceRecorded),
            What::VictimWithdrewSupport { victim } => {
                G::ProtectiveOrders(OrdersEvent::VictimWithdrewSupport { victim })
            }
            What::WithdrawalConfirmed { victim } => {
                G::ProtectiveOrders(OrdersEvent::WithdrawalConfirmed { victim })
            }
            What::EvidenceLedProsecutionConsidered { victim } => {
                G::ProtectiveOrders(OrdersEvent::EvidenceLedProsecutionConsidered { victim })
            }
            What::ArrivedAtPlaceOfSafety { detention, place } => {
                s136(detention, S136Kind::Arrived { place })
            }
            What::DepartedPlaceOfSafety { detention } => s136(detention, S136Kind::Departed),
            What::Consulted { detention, with } => s136(detention, S136Kind::Consulted { with }),
            What::ConsultationImpracticable { detention } => {
                s136(detention, S136Kind::ConsultationImpracticable)
            }
            What::PoliceStationAuthorised {
                detention,
                rank,
                imminent_risk,
                no_other_place,
                healthcare_professional_present,
            } => s136(
                detention,
                S136Kind::StationAuthorised {
                    rank,
                    imminent_risk,
                    no_other_place,
                    healthcare_professional_present,
                },
            ),
            What::ExtensionAuthorised {
                detention,
                hours,
                by_responsible_doctor,
                assessment_impracticable,
            } => s136(
                detention,
                S136Kind::ExtensionAuthorised {
                    hours,
                    by_responsible_doctor,
                    assessment_impracticable,
                },
            ),
            What::ExtensionApproved { detention, rank } => {
                s136(detention, S136Kind::ExtensionApproved { rank })
            }
            What::ReferredToSuperintendent { detention } => {
                s136(detention, S136Kind::ReferredToSuperintendent)
            }
            What::WelfareCheck { detention } => s136(detention, S136Kind::WelfareCheck),
            What::AssessmentCompleted { detention } => {
                s136(detention, S136Kind::AssessmentCompleted)
            }
            What::DetentionEnded { detention, .. } => s136(detention, S136Kind::Ended),
            What::SchoolNotified {
                child,
                missing_episode,
            } => encompass(child, EncompassKind::SchoolNotified { missing_episode }),
            What::LocalAuthorityNotified {
                child,
                missing_episode,
            } => encompass(
                child,
                EncompassKind::LocalAuthorityNotified { missing_episode },
            ),
            What::NoSchoolToNotify {
                child,
                missing_episode,
            } => encompass(child, EncompassKind::NoSchoolToNotify { missing_episode }),
            What::ChildReportedMissing {
                child,
                first_episode,
            } => encompass(child, EncompassKind::ReportedMissing { first_episode }),
        }
    }

    /// The event, if it is one of a s136 detention.
    #[inline]
    pub(crate) const fn s136(&self) -> Option<S136Event> {
        match self.grouped() {
            Grouped::S136(event) => Some(event),
            Grouped::NeedsAssessment(_)
            | Grouped::VictimUpdates(_)
            | Grouped::ProtectiveOrders(_)
            | Grouped::Encompass(_) => None,
        }
    }

    /// The event, if it is an Operation Encompass one.
    #[inline]
    pub(crate) const fn encompass(&self) -> Option<EncompassEvent> {
        match self.grouped() {
            Grouped::Encompass(event) => Some(event),
            Grouped::NeedsAssessment(_)
            | Grouped::VictimUpdates(_)
            | Grouped::ProtectiveOrders(_)
            | Grouped::S136(_) => None,
        }
    }
}

const fn s136(detention: DetentionId, kind: S136Kind) -> Grouped {
    Grouped::S136(S136Event { detention, kind })
}

const fn encompass(child: ChildId, kind: EncompassKind) -> Grouped {
    Grouped::Encompass(EncompassEvent { child, kind })
}
