//! The case: the facts and timeline of one crime, incident or detention.
//!
//! A case arrives as a [`RawCase`], the serde-friendly form records systems send (JSON, TOML or
//! postcard), and is turned once into a validated [`Case`] by [`Case::new`]. Every check that
//! can fail happens there: capacities, unique ids, references between records, the supported
//! time range, plausible ages and intervals. The rules then work on the validated form and
//! never re-check.
//!
//! The case holds no names or other personal identifiers: victims, suspects, children and
//! detentions are numbered, and the case carries one opaque reference.
//!
//! Timeline events may arrive in any order; the validated case keeps them sorted by instant and
//! then by event id, so the order they were given in never changes a finding.

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{CaseError, Collection};
use crate::list::List;
use crate::time::Instant;

/// Most offence categories a case may carry.
pub const MAX_CATEGORIES: usize = 12;
/// Most victims in one case.
pub const MAX_VICTIMS: usize = 6;
/// Most suspects in one case.
pub const MAX_SUSPECTS: usize = 6;
/// Most children linked to one case (Operation Encompass).
pub const MAX_CHILDREN: usize = 8;
/// Most section 136 detentions in one case.
pub const MAX_DETENTIONS: usize = 2;
/// Most timeline events in one case.
pub const MAX_EVENTS: usize = 96;
/// Most key decisions (Victims' Code Right 6) in one case's timeline.
pub const MAX_DECISIONS: usize = 16;
/// Most protective notices (DVPN, DAPN) in one case's timeline.
pub const MAX_NOTICES: usize = 4;
/// Most missing-child episodes in one case's timeline.
pub const MAX_EPISODES: usize = 8;
/// Most domestic abuse incidents listed in one case (`incidents`).
pub const MAX_INCIDENTS: usize = 4;
/// Longest opaque case reference, in bytes of UTF-8.
pub const MAX_REFERENCE_LEN: usize = 32;
/// Oldest age the core accepts for a person, in years.
pub const MAX_AGE: u8 = 120;

/// An opaque case reference (a crime or incident number), at most [`MAX_REFERENCE_LEN`] bytes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Reference {
    text: heapless::String<MAX_REFERENCE_LEN>,
    too_long: bool,
}

impl Reference {
    /// The reference, or an error if it is longer than [`MAX_REFERENCE_LEN`] bytes.
    pub fn new(text: &str) -> Result<Self, CaseError> {
        let mut reference = Reference::default();
        reference
            .text
            .push_str(text)
            .map_err(|_| CaseError::ReferenceTooLong)?;
        Ok(reference)
    }

    /// The reference text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.too_long {
            f.write_str("<reference over 32 bytes>")
        } else {
            fmt::Debug::fmt(self.text.as_str(), f)
        }
    }
}

/// Writing a reference that was read too long fails rather than writing an empty one.
impl Serialize for Reference {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.too_long {
            return Err(serde::ser::Error::custom(
                "a reference read over 32 bytes cannot be written back",
            ));
        }
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Reference;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an opaque case reference (text)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Reference, E> {
                // Too long is recorded and reported by `Case::new`, not cut short here.
                Ok(Reference::new(v).unwrap_or(Reference {
                    text: heapless::String::new(),
                    too_long: true,
                }))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// What kind of offence or incident the case concerns, as far as the duties care.
///
/// A case may carry several. The list mirrors the Victims' Code 2020 Right 4 categories that
/// give enhanced rights, plus stalking and harassment for protective orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// Domestic abuse (Domestic Abuse Act 2021 s1), crime or non-crime incident.
    DomesticAbuse,
    /// Stalking.
    Stalking,
    /// Harassment.
    Harassment,
    /// A sexual offence.
    SexualOffence,
    /// A hate crime.
    HateCrime,
    /// Terrorism.
    Terrorism,
    /// Human trafficking or modern slavery.
    TraffickingOrModernSlavery,
    /// Attempted murder.
    AttemptedMurder,
    /// Kidnap.
    Kidnap,
    /// False imprisonment.
    FalseImprisonment,
    /// Arson with intent to endanger life.
    ArsonEndangeringLife,
    /// Wounding or causing grievous bodily harm with intent.
    WoundingWithIntent,
    /// Any other offence.
    Other,
}

impl Category {
    const fn bit(self) -> u16 {
        1 << (self as u16)
    }

    /// Whether a victim of this category of crime is entitled to enhanced rights (Victims'
    /// Code 2020, Right 4).
    #[must_use]
    pub const fn gives_enhanced_rights(self) -> bool {
        !matches!(
            self,
            Category::Stalking | Category::Harassment | Category::Other
        )
    }
}

/// A set of categories.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Categories(u16);

impl Categories {
    /// Whether the set holds `category`.
    #[must_use]
    pub const fn contains(self, category: Category) -> bool {
        self.0 & category.bit() != 0
    }

    /// Whether any category in the set gives enhanced rights.
    #[must_use]
    pub const fn gives_enhanced_rights(self) -> bool {
        const ENHANCED: u16 = Category::DomesticAbuse.bit()
            | Category::SexualOffence.bit()
            | Category::HateCrime.bit()
            | Category::Terrorism.bit()
            | Category::TraffickingOrModernSlavery.bit()
            | Category::AttemptedMurder.bit()
            | Category::Kidnap.bit()
            | Category::FalseImprisonment.bit()
            | Category::ArsonEndangeringLife.bit()
            | Category::WoundingWithIntent.bit();
        self.0 & ENHANCED != 0
    }

    /// Domestic abuse, stalking or harassment: the protective-order trigger (PO-1).
    #[must_use]
    pub const fn is_protective_order_trigger(self) -> bool {
        self.contains(Category::DomesticAbuse)
            || self.contains(Category::Stalking)
            || self.contains(Category::Harassment)
    }
}

impl fmt::Debug for Categories {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Categories({:#06x})", self.0)
    }
}

/// What kind of victim a records system lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VictimKind {
    /// A person harmed by the offence (the default).
    #[default]
    Person,
    /// A close relative of a person whose death the offence caused.
    BereavedRelative,
    /// An organisation or business. Records systems list them with the people; they are
    /// accepted and owed nothing under the Victims' Code rules (NA, VU) or PO-4, which are owed
    /// to individual victims.
    Organisation,
}

/// A victim of the offence: a person harmed by it, the close relative of a person whose death
/// it caused, or an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Victim {
    /// The victim's number in this case.
    pub id: u16,
    /// A person (the default), a bereaved close relative, or an organisation.
    #[serde(default)]
    pub kind: VictimKind,
    /// Age in whole years when the offence happened, if known.
    #[serde(default)]
    pub age_at_offence: Option<u8>,
    /// Vulnerable: a mental disorder, a significant impairment of intelligence and social
    /// functioning, or a physical disability or disorder.
    #[serde(default)]
    pub vulnerable: bool,
    /// Intimidated: fear or distress about giving evidence.
    #[serde(default)]
    pub intimidated: bool,
    /// Persistently targeted.
    #[serde(default)]
    pub persistently_targeted: bool,
    /// A close relative of a person whose death the offence caused (the same as
    /// `kind = "bereaved_relative"`, kept for records written before `kind`).
    #[serde(default)]
    pub bereaved_relative: bool,
    /// Whether the victim agreed to a referral to support services, if the record says.
    #[serde(default)]
    pub referral_consent: Option<bool>,
}

impl Victim {
    /// Whether the victim is an individual (a person or a bereaved close relative), to whom
    /// the Victims' Code duties are owed; an organisation is not.
    #[must_use]
    pub const fn is_individual(&self) -> bool {
        !matches!(self.kind, VictimKind::Organisation)
    }

    /// Whether the victim is the close relative of a person whose death the offence caused.
    #[must_use]
    pub const fn is_bereaved_relative(&self) -> bool {
        self.bereaved_relative || matches!(self.kind, VictimKind::BereavedRelative)
    }

    /// Whether the facts about the victim alone give enhanced rights (Right 4): bereaved,
    /// persistently targeted, under 18 at the offence, vulnerable or intimidated.
    #[must_use]
    pub const fn personally_enhanced(&self) -> bool {
        self.is_bereaved_relative()
            || self.persistently_targeted
            || self.vulnerable
            || self.intimidated
            || matches!(self.age_at_offence, Some(age) if age < 18)
    }
}

/// A suspect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suspect {
    /// The suspect's number in this case.
    pub id: u16,
    /// Whether the suspect has been identified.
    pub identified: bool,
    /// Age in whole years, if known.
    #[serde(default)]
    pub age: Option<u8>,
}

/// Where a child linked to a domestic abuse incident goes to school.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolStatus {
    /// Registered at a school (or an early-years setting) with a designated safeguarding lead.
    Registered,
    /// Not of school age.
    NotSchoolAge,
    /// Of school age but not registered at a school.
    NotRegistered,
    /// In elective home education: the local authority is notified instead.
    ElectiveHomeEducation,
}

/// How a child is linked to the adults of a domestic abuse incident.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildRelation {
    /// Related to either adult party (the default): a victim of the abuse in their own right
    /// when they see, hear or experience its effects (Domestic Abuse Act 2021 s3).
    #[default]
    RelatedToParty,
    /// Lives in the household but is related to neither party: not a victim under s3, so
    /// owed a notification only under the Operation Encompass scheme's trigger.
    HouseholdOnly,
}

/// A child linked to a case: related to either adult party of a domestic abuse incident, or
/// living in the household, whether or not the child was present; or a child reported missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Child {
    /// The child's number in this case.
    pub id: u16,
    /// Age in whole years at the incident.
    pub age: u8,
    /// School status.
    pub school: SchoolStatus,
    /// Related to a party (the default) or living in the household only.
    #[serde(default)]
    pub relation: ChildRelation,
}

/// One domestic abuse incident of a case that lists several (`incidents`), with its own
/// instants and the children linked to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// The incident's number in this case.
    pub id: u16,
    /// When the incident happened, if known.
    #[serde(default)]
    pub occurred_at: Option<Instant>,
    /// When the police learned of it, if recorded (else the case's report).
    #[serde(default)]
    pub reported_at: Option<Instant>,
    /// When the police attended, if they did and the time is recorded.
    #[serde(default)]
    pub attended_at: Option<Instant>,
    /// Whether the police attended; absent: not said, read as attended.
    #[serde(default)]
    pub attended: Option<bool>,
    /// The ids of the children (from the case's `children`) linked to this incident.
    #[serde(default)]
    pub children: List<u16, MAX_CHILDREN>,
}

/// The kind of a place of safety under the Mental Health Act 1983 s135(6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A police station.
    PoliceStation,
    /// A health-based place of safety.
    HealthBased,
    /// A hospital emergency department (a place of safety for these rules).
    EmergencyDepartment,
    /// Any other place of safety (for example a relative's home).
    Other,
}

/// A detention under the Mental Health Act 1983 s136.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detention {
    /// The detention's number in this case.
    pub id: u16,
    /// When the officer decided to remove the person to, or keep them at, a place of safety.
    /// This instant chooses the law that applies.
    pub decided_at: Instant,
    /// The person's age in whole years, if known.
    #[serde(default)]
    pub age: Option<u8>,
    /// Set when the person was kept at the place where they already were (s136(2A)): the kind
    /// of that place. The clock then starts at the decision.
    #[serde(default)]
    pub kept_at: Option<PlaceKind>,
}

/// A police rank, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "the names are the ranks")]
pub enum Rank {
    Constable,
    Sergeant,
    Inspector,
    ChiefInspector,
    Superintendent,
    ChiefSuperintendent,
    AssistantChiefConstable,
    DeputyChiefConstable,
    ChiefConstable,
}

/// The answer a victim gave when offered a referral to support services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralAnswer {
    /// The victim agreed to be referred.
    Accepted,
    /// The victim declined.
    Declined,
}

/// How a victim wants to be kept informed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "the names are the channels")]
pub enum Channel {
    Phone,
    Email,
    Letter,
    InPerson,
    Text,
}

/// A key decision the victim must be told of (Victims' Code 2020, Right 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DecisionKind {
    /// The suspect was arrested.
    Arrested,
    /// The suspect was interviewed under caution.
    InterviewedUnderCaution,
    /// The suspect was released with no further action.
    ReleasedNoFurtherAction,
    /// The suspect was released on bail.
    ReleasedOnBail,
    /// The suspect was released under investigation.
    ReleasedUnderInvestigation,
    /// Bail conditions were set, changed or cancelled.
    BailConditionsChanged,
    /// The suspect was charged.
    Charged,
    /// The suspect was given an out-of-court disposal.
    OutOfCourtDisposal,
    /// A decision not to investigate.
    NotToInvestigate,
}

impl DecisionKind {
    /// Whether the decision releases the suspect from custody (the PO-1 deadline's second limb).
    #[must_use]
    pub const fn releases_suspect(self) -> bool {
        matches!(
            self,
            DecisionKind::ReleasedNoFurtherAction
                | DecisionKind::ReleasedOnBail
                | DecisionKind::ReleasedUnderInvestigation
        )
    }
}

/// A protective order or notice open to a force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Domestic violence protection notice and order (Crime and Security Act 2010 ss24-33).
    Dvpn,
    /// Domestic abuse protection notice and order (Domestic Abuse Act 2021 Part 3), pilot areas.
    Dapn,
    /// Stalking protection order (Stalking Protection Act 2019).
    StalkingProtectionOrder,
}

/// The notice served on a suspect pending a protection order hearing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// Domestic violence protection notice (Crime and Security Act 2010 s24).
    Dvpn,
    /// Domestic abuse protection notice (Domestic Abuse Act 2021 s22).
    Dapn,
}

/// Who an officer consulted before a s136 detention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Consultee {
    /// A registered medical practitioner.
    Doctor,
    /// A registered nurse.
    Nurse,
    /// An approved mental health professional.
    Amhp,
    /// An occupational therapist.
    OccupationalTherapist,
    /// A paramedic.
    Paramedic,
    /// A custody officer: not a person s136(1C) names.
    CustodyOfficer,
    /// Anyone else: not a person s136(1C) names.
    Other,
}

impl Consultee {
    /// Whether s136(1C) and the Places of Safety Regulations 2017 name this person.
    #[must_use]
    pub const fn is_named_in_regulations(self) -> bool {
        !matches!(self, Consultee::CustodyOfficer | Consultee::Other)
    }
}

/// How a s136 detention ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetentionOutcome {
    /// The person was released.
    Released,
    /// The person was held under another power (for example an application under s2 or s3).
    HeldUnderAnotherPower,
}

/// How a suspect left custody (PO-1 counts a release of any kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReleaseOutcome {
    /// Released with no further action.
    NoFurtherAction,
    /// Released on bail.
    Bail,
    /// Released under investigation.
    UnderInvestigation,
    /// Charged and released on bail.
    ChargedAndBailed,
    /// Released after a caution or another out-of-court disposal.
    OutOfCourtDisposal,
}

/// Evidence that does not depend on the victim's testimony (what makes an evidence-led
/// prosecution possible, PO-4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EvidenceKind {
    /// Body-worn video.
    BodyWornVideo,
    /// A recording of the 999 call.
    EmergencyCallRecording,
    /// An independent witness.
    IndependentWitness,
    /// Photographs.
    Photographs,
    /// Medical evidence.
    MedicalEvidence,
    /// Admissions by the suspect.
    Admission,
}

/// What happened, in one timeline event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum What {
    /// A needs assessment was recorded (Right 4). Each question is `None` when the record
    /// does not answer it.
    NeedsAssessment {
        /// The victim assessed.
        victim: u16,
        /// Whether the victim is entitled to enhanced rights.
        enhanced_rights: Option<bool>,
        /// Whether the victim is vulnerable or intimidated.
        vulnerable_or_intimidated: Option<bool>,
        /// Whether special measures should be considered.
        special_measures: Option<bool>,
        /// Whether a referral to support services was offered, and the answer.
        referral: Option<ReferralAnswer>,
    },
    /// The victim was referred to support services.
    SupportReferralMade {
        /// The victim referred.
        victim: u16,
    },
    /// A victim care contract was agreed, or changed.
    CareContractAgreed {
        /// The victim.
        victim: u16,
        /// How often the victim wants updates, in days.
        interval_days: u16,
        /// How the victim wants updates.
        channel: Channel,
    },
    /// The victim was given an update on the case.
    VictimUpdated {
        /// The victim.
        victim: u16,
    },
    /// A key decision was made.
    KeyDecision {
        /// The decision.
        decision: DecisionKind,
        /// The suspect it concerns, if any.
        suspect: Option<u16>,
    },
    /// The victim was told of a key decision.
    VictimInformed {
        /// The victim.
        victim: u16,
        /// The id of the `key_decision` event.
        decision: u32,
    },
    /// The protective orders open to the force were considered.
    OrdersConsidered {
        /// Whether the force decided to apply for an order.
        apply: bool,
        /// Whether the reason for the decision was recorded.
        reason_recorded: bool,
        /// Which orders the record shows were considered.
        orders: OrderSet,
    },
    /// A protection notice was authorised (and perhaps served).
    NoticeIssued {
        /// DVPN or DAPN.
        notice: NoticeKind,
        /// The suspect the notice is given to.
        suspect: u16,
        /// The rank of the officer who authorised it.
        authorised_by: Rank,
        /// When the notice was served, if it was.
        served_at: Option<Instant>,
    },
    /// A magistrates' court heard the application for the order.
    OrderHearing {
        /// The id of the `notice_issued` event.
        notice: u32,
    },
    /// A suspect was released from custody, whatever the outcome. A Victims' Code key
    /// decision that accompanies it is its own `key_decision` event.
    Released {
        /// The suspect released.
        suspect: u16,
        /// The outcome.
        outcome: ReleaseOutcome,
    },
    /// Evidence that does not depend on the victim's testimony was recorded.
    EvidenceRecorded {
        /// What kind.
        kind: EvidenceKind,
    },
    /// The victim withdrew support for a prosecution, or does not support one.
    VictimWithdrewSupport {
        /// The victim.
        victim: u16,
    },
    /// The victim confirmed the recorded withdrawal decision.
    WithdrawalConfirmed {
        /// The victim.
        victim: u16,
    },
    /// An evidence-led prosecution was considered and the decision recorded.
    EvidenceLedProsecutionConsidered {
        /// The victim whose withdrawal prompted it.
        victim: u16,
    },
    /// The detained person arrived at a place of safety.
    ArrivedAtPlaceOfSafety {
        /// The detention.
        detention: u16,
        /// The kind of place.
        place: PlaceKind,
    },
    /// The detained person left the place of safety they were at. A stay runs from the
    /// arrival (or the decision, for a person kept where they were) to the departure; the
    /// journey to the next place is not a stay.
    DepartedPlaceOfSafety {
        /// The detention.
        detention: u16,
    },
    /// The officer consulted someone before deciding to detain.
    Consulted {
        /// The detention.
        detention: u16,
        /// Who was consulted.
        with: Consultee,
    },
    /// A reason why consultation was not practicable was recorded.
    ConsultationImpracticable {
        /// The detention.
        detention: u16,
    },
    /// Use of a police station as the place of safety was authorised.
    PoliceStationAuthorised {
        /// The detention.
        detention: u16,
        /// The authorising officer's rank.
        rank: Rank,
        /// The record says the behaviour poses an imminent risk of serious injury or death.
        imminent_risk: bool,
        /// The record says no other place of safety could reasonably detain the person.
        no_other_place: bool,
        /// The record says a healthcare professional will be present and available.
        healthcare_professional_present: bool,
    },
    /// A registered medical practitioner authorised an extension of the detention.
    ExtensionAuthorised {
        /// The detention.
        detention: u16,
        /// The extension, in hours (at most 12).
        hours: u8,
        /// By the practitioner responsible for the examination.
        by_responsible_doctor: bool,
        /// Because the person's condition made assessment impracticable.
        assessment_impracticable: bool,
    },
    /// A superintendent (or above) approved the extension for a person at a police station.
    ExtensionApproved {
        /// The detention.
        detention: u16,
        /// The approving officer's rank.
        rank: Rank,
    },
    /// The detention was referred to a superintendent (force escalation policy).
    ReferredToSuperintendent {
        /// The detention.
        detention: u16,
    },
    /// A healthcare professional checked the person's welfare at a police station.
    WelfareCheck {
        /// The detention.
        detention: u16,
    },
    /// The mental health assessment was completed.
    AssessmentCompleted {
        /// The detention.
        detention: u16,
    },
    /// The s136 detention ended.
    DetentionEnded {
        /// The detention.
        detention: u16,
        /// How it ended.
        outcome: DetentionOutcome,
    },
    /// A child's school (its designated safeguarding lead) was notified.
    SchoolNotified {
        /// The child.
        child: u16,
        /// The `child_reported_missing` event this is about, or `None` for the domestic abuse
        /// incident (Operation Encompass).
        missing_episode: Option<u32>,
    },
    /// The local authority was notified about a child in elective home education.
    LocalAuthorityNotified {
        /// The child.
        child: u16,
        /// As for `school_notified`.
        missing_episode: Option<u32>,
    },
    /// A reason was recorded why no school could be notified (not of school age, not
    /// registered).
    NoSchoolToNotify {
        /// The child.
        child: u16,
        /// As for `school_notified`.
        missing_episode: Option<u32>,
    },
    /// A child was reported missing.
    ChildReportedMissing {
        /// The child.
        child: u16,
        /// Whether this is the child's first missing episode.
        first_episode: bool,
    },
}

impl What {
    /// Where this kind of fact stands among facts recorded at the same second (RULES.md §1.2:
    /// ordered by what they are, never by id or by the order a records system sent them).
    ///
    /// Triggers come first (a key decision, a notice, a withdrawal, a missing report, a care
    /// contract, evidence); then the actions that discharge a duty (assessments, referrals,
    /// updates, notices to the victim, considerations, consultations, authorisations,
    /// approvals, welfare checks, notifications, hearings); then the events that end a
    /// window: a departure from a place of safety, an arrival at the next one, a release, the
    /// end of a detention. An arrival at the second of a departure is the next stay, so it
    /// comes after the departure that ends the stay before it; a welfare check at the second
    /// of an arrival answers nothing (the first check falls due 30 minutes on), so it makes no
    /// difference that the check sorts first. Every kind has its own rank, so the order of
    /// two facts of different kinds never depends on their ids.
    #[must_use]
    pub const fn rank_at_same_second(&self) -> u8 {
        match self {
            What::KeyDecision { .. } => 0,
            What::NoticeIssued { .. } => 1,
            What::VictimWithdrewSupport { .. } => 2,
            What::ChildReportedMissing { .. } => 3,
            What::CareContractAgreed { .. } => 4,
            What::EvidenceRecorded { .. } => 5,
            What::NeedsAssessment { .. } => 10,
            What::SupportReferralMade { .. } => 11,
            What::VictimUpdated { .. } => 12,
            What::VictimInformed { .. } => 13,
            What::OrdersConsidered { .. } => 14,
            What::WithdrawalConfirmed { .. } => 15,
            What::EvidenceLedProsecutionConsidered { .. } => 16,
            What::Consulted { .. } => 17,
            What::ConsultationImpracticable { .. } => 18,
            What::PoliceStationAuthorised { .. } => 19,
            What::ExtensionAuthorised { .. } => 20,
            What::ExtensionApproved { .. } => 21,
            What::ReferredToSuperintendent { .. } => 22,
            What::WelfareCheck { .. } => 23,
            What::AssessmentCompleted { .. } => 24,
            What::SchoolNotified { .. } => 25,
            What::LocalAuthorityNotified { .. } => 26,
            What::NoSchoolToNotify { .. } => 27,
            What::OrderHearing { .. } => 28,
            What::DepartedPlaceOfSafety { .. } => 40,
            What::ArrivedAtPlaceOfSafety { .. } => 41,
            What::Released { .. } => 42,
            What::DetentionEnded { .. } => 43,
        }
    }
}

/// A set of protective orders, written as a list (`["dvpn", "dapn"]`).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct OrderSet(u8);

impl OrderSet {
    /// The empty set.
    pub const EMPTY: OrderSet = OrderSet(0);

    /// The set with `order` added.
    #[must_use]
    pub const fn with(self, order: Order) -> OrderSet {
        OrderSet(self.0 | (1 << order as u8))
    }

    /// Whether the set holds `order`.
    #[must_use]
    pub const fn contains(self, order: Order) -> bool {
        self.0 & (1 << order as u8) != 0
    }

    /// The orders in `self` that `other` lacks.
    #[must_use]
    pub const fn missing_from(self, other: OrderSet) -> OrderSet {
        OrderSet(self.0 & !other.0)
    }

    /// The first order in the set, if any.
    #[must_use]
    pub const fn first(self) -> Option<Order> {
        if self.contains(Order::Dvpn) {
            Some(Order::Dvpn)
        } else if self.contains(Order::Dapn) {
            Some(Order::Dapn)
        } else if self.contains(Order::StalkingProtectionOrder) {
            Some(Order::StalkingProtectionOrder)
        } else {
            None
        }
    }

    fn iter(self) -> impl Iterator<Item = Order> {
        [Order::Dvpn, Order::Dapn, Order::StalkingProtectionOrder]
            .into_iter()
            .filter(move |order| self.contains(*order))
    }
}

impl fmt::Debug for OrderSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl Serialize for OrderSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        // A known length, which postcard needs.
        let mut seq = serializer.serialize_seq(Some(self.iter().count()))?;
        for order in self.iter() {
            seq.serialize_element(&order)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for OrderSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let orders = List::<Order, 3>::deserialize(deserializer)?;
        let mut set = OrderSet::EMPTY;
        for order in orders.iter() {
            set = set.with(*order);
        }
        if orders.overflowed() {
            return Err(serde::de::Error::custom(
                "an order is listed twice (at most the three orders)",
            ));
        }
        Ok(set)
    }
}

/// One timeline event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The event's id, unique in the case. Other events refer to it (a notice, a decision,
    /// a missing episode), and it breaks ties between events at the same instant.
    pub id: u32,
    /// When it happened.
    pub at: Instant,
    /// What happened.
    pub what: What,
}

/// A case as other systems send it: not yet checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    /// An opaque case reference.
    #[serde(default)]
    pub reference: Reference,
    /// Offence or incident categories.
    #[serde(default)]
    pub categories: List<Category, MAX_CATEGORIES>,
    /// When the crime was recorded; `None` for a non-crime incident (or a detention only).
    #[serde(default)]
    pub recorded_at: Option<Instant>,
    /// The victim's first report to the police; the recording instant stands in when absent.
    #[serde(default)]
    pub reported_at: Option<Instant>,
    /// When the offence or incident happened, if known.
    #[serde(default)]
    pub occurred_at: Option<Instant>,
    /// When police attended the incident, if they did and the time is recorded.
    #[serde(default)]
    pub attended_at: Option<Instant>,
    /// When the case was closed, if it is.
    #[serde(default)]
    pub closed_at: Option<Instant>,
    /// Victims.
    #[serde(default)]
    pub victims: List<Victim, MAX_VICTIMS>,
    /// Suspects.
    #[serde(default)]
    pub suspects: List<Suspect, MAX_SUSPECTS>,
    /// Children linked to a domestic abuse incident.
    #[serde(default)]
    pub children: List<Child, MAX_CHILDREN>,
    /// Section 136 detentions.
    #[serde(default)]
    pub detentions: List<Detention, MAX_DETENTIONS>,
    /// The timeline, in any order.
    #[serde(default)]
    pub events: List<Event, MAX_EVENTS>,
    /// Whether the police attended the case's incident or crime, whether or not the time is
    /// recorded. Absent: not said, read as attended.
    #[serde(default)]
    pub attended: Option<bool>,
    /// The crime was recorded but not investigated (screened out at assessment).
    #[serde(default)]
    pub screened_out: bool,
    /// Domestic abuse incidents, where the case holds several, each with its own instants and
    /// children. Absent: the case itself is the one incident, and every child is linked to it.
    #[serde(default)]
    pub incidents: List<Incident, MAX_INCIDENTS>,
}

impl RawCase {
    /// The case with nothing in it, as `RawCase::default()`, but usable in a `const` or
    /// `static` (a device's buffer for [`crate::decode_case_into`]).
    pub const EMPTY: RawCase = RawCase {
        reference: Reference {
            text: heapless::String::new(),
            too_long: false,
        },
        categories: List::new(),
        recorded_at: None,
        reported_at: None,
        occurred_at: None,
        attended_at: None,
        closed_at: None,
        victims: List::new(),
        suspects: List::new(),
        children: List::new(),
        detentions: List::new(),
        events: List::new(),
        attended: None,
        screened_out: false,
        incidents: List::new(),
    };
}

/// A validated case. Build it with [`Case::new`]; the rules rely on what that checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    raw: RawCase,
    categories: Categories,
    report: Option<Instant>,
    latest: Option<Instant>,
}

impl Case {
    /// Checks a raw case and builds the validated form.
    ///
    /// Checks, in this order, stopping at the first problem: capacities (every list, and the
    /// key decisions, notices and missing episodes in the timeline); the reference length;
    /// every instant in the supported range; unique ids in each list; plausible ages;
    /// every reference from an event to a victim, suspect, child, detention or other event;
    /// event values (a care contract interval of at least one day, an extension of 1 to 12
    /// hours, a hearing after its notice's service); that a case with victims, children or
    /// categories says when it was reported or recorded; and that the timeline is possible
    /// (see [`CaseError::OutOfOrder`] for what is refused).
    pub fn new(mut raw: RawCase) -> Result<Case, CaseError> {
        let (categories, report, latest) = validate(&mut raw)?;
        Ok(Case {
            raw,
            categories,
            report,
            latest,
        })
    }

    /// A case with nothing in it (valid, and giving no findings): the starting value of a
    /// case kept in a static and refilled with [`Case::renew`].
    pub const EMPTY: Case = Case {
        raw: RawCase::EMPTY,
        categories: Categories(0),
        report: None,
        latest: None,
    };

    /// [`Case::new`] without moving a case: checks `raw` where it lies (sorting its timeline)
    /// and, if it is valid, exchanges it with this case's raw form, so that `self` becomes the
    /// validated case and `raw` holds the previous one's facts. For devices that keep the case
    /// in a static rather than on a small stack. On error `self` is unchanged.
    pub fn renew(&mut self, raw: &mut RawCase) -> Result<(), CaseError> {
        let (categories, report, latest) = validate(raw)?;
        core::mem::swap(&mut self.raw, raw);
        self.categories = categories;
        self.report = report;
        self.latest = latest;
        Ok(())
    }

    /// The case as given, with the timeline sorted.
    #[must_use]
    pub fn raw(&self) -> &RawCase {
        &self.raw
    }

    /// The opaque reference.
    #[must_use]
    pub fn reference(&self) -> &str {
        self.raw.reference.as_str()
    }

    /// The categories.
    #[must_use]
    pub fn categories(&self) -> Categories {
        self.categories
    }

    /// Whether a crime was recorded.
    #[must_use]
    pub fn is_recorded_crime(&self) -> bool {
        self.raw.recorded_at.is_some()
    }

    /// The victim's first report, or the recording instant where there is no separate report.
    #[must_use]
    pub fn report(&self) -> Option<Instant> {
        self.report
    }

    /// When police attended, if recorded.
    #[must_use]
    pub fn attended_at(&self) -> Option<Instant> {
        self.raw.attended_at
    }

    /// When the incident happened, if recorded.
    #[must_use]
    pub fn occurred_at(&self) -> Option<Instant> {
        self.raw.occurred_at
    }

    /// When the case was closed, if it is.
    #[must_use]
    pub fn closed_at(&self) -> Option<Instant> {
        self.raw.closed_at
    }

    /// Whether the police attended the case's incident or crime: as recorded, or, where the
    /// record does not say, yes (the older format's meaning).
    #[must_use]
    pub fn attended(&self) -> bool {
        self.raw.attended.unwrap_or(true)
    }

    /// Whether the crime was screened out (recorded, not investigated).
    #[must_use]
    pub fn screened_out(&self) -> bool {
        self.raw.screened_out
    }

    /// The domestic abuse incidents the case lists (empty: the case is its one incident).
    #[must_use]
    pub fn incidents(&self) -> &[Incident] {
        &self.raw.incidents
    }

    /// When the police first learned of the case: the report (or recording); for a case that
    /// holds no crime and records no report, the attendance, else the occurrence, else the
    /// earliest instant of its listed incidents.
    #[must_use]
    pub fn learned_at(&self) -> Option<Instant> {
        self.report
            .or(self.raw.attended_at)
            .or(self.raw.occurred_at)
            .or_else(|| {
                self.raw
                    .incidents
                    .iter()
                    .filter_map(|i| i.reported_at.or(i.attended_at).or(i.occurred_at))
                    .min()
            })
    }

    /// The latest instant anywhere in the case, if it has any.
    #[must_use]
    pub fn latest(&self) -> Option<Instant> {
        self.latest
    }

    /// Victims, in the order given.
    #[must_use]
    pub fn victims(&self) -> &[Victim] {
        &self.raw.victims
    }

    /// Suspects, in the order given.
    #[must_use]
    pub fn suspects(&self) -> &[Suspect] {
        &self.raw.suspects
    }

    /// The suspect with this id.
    #[must_use]
    pub fn suspect(&self, id: u16) -> Option<&Suspect> {
        self.raw.suspects.iter().find(|suspect| suspect.id == id)
    }

    /// Children, in the order given.
    #[must_use]
    pub fn children(&self) -> &[Child] {
        &self.raw.children
    }

    /// The child with this id.
    #[must_use]
    pub fn child(&self, id: u16) -> Option<&Child> {
        self.raw.children.iter().find(|child| child.id == id)
    }

    /// Section 136 detentions, in the order given.
    #[must_use]
    pub fn detentions(&self) -> &[Detention] {
        &self.raw.detentions
    }

    /// The timeline, sorted by instant and then by event id.
    #[must_use]
    pub fn events(&self) -> &[Event] {
        &self.raw.events
    }

    /// Whether any identified suspect is recorded.
    #[must_use]
    pub fn has_identified_suspect(&self) -> bool {
        self.raw.suspects.iter().any(|suspect| suspect.identified)
    }
}

impl TryFrom<RawCase> for Case {
    type Error = CaseError;
    fn try_from(raw: RawCase) -> Result<Case, CaseError> {
        Case::new(raw)
    }
}

/// The checks of [`Case::new`], on the raw case where it lies (its timeline is sorted); gives
/// the derived categories, report instant and latest instant.
fn validate(
    raw: &mut RawCase,
) -> Result<(Categories, Option<Instant>, Option<Instant>), CaseError> {
    check_capacities(raw)?;

    if raw.reference.too_long {
        return Err(CaseError::ReferenceTooLong);
    }
    check_instants(raw)?;
    check_unique(raw)?;
    check_ages(raw)?;
    for event in raw.events.iter() {
        check_event(raw, event)?;
    }
    check_facts(raw)?;
    let report = raw.reported_at.or(raw.recorded_at);
    check_report_instants(raw, report)?;
    crate::list::sort_by_key(raw.events.as_mut_slice(), |event| {
        (event.at, event.what.rank_at_same_second(), event.id)
    });
    check_order(raw)?;
    let categories = raw
        .categories
        .iter()
        .fold(Categories::default(), |set, category| {
            Categories(set.0 | category.bit())
        });
    let latest = all_instants(raw).max();
    Ok((categories, report, latest))
}

/// Refuses facts that contradict each other, and incidents naming children the case lacks.
fn check_facts(raw: &RawCase) -> Result<(), CaseError> {
    const NOT_ATTENDED: &str = "attended is false, but an attendance time is recorded";
    if raw.attended == Some(false) && raw.attended_at.is_some() {
        return Err(CaseError::Contradictory {
            field: "attended",
            problem: NOT_ATTENDED,
        });
    }
    if raw
        .victims
        .iter()
        .any(|v| v.kind == VictimKind::Organisation && v.bereaved_relative)
    {
        return Err(CaseError::Contradictory {
            field: "victims[].kind",
            problem: "an organisation cannot be a bereaved relative",
        });
    }
    for incident in raw.incidents.iter() {
        if incident.attended == Some(false) && incident.attended_at.is_some() {
            return Err(CaseError::Contradictory {
                field: "incidents[].attended",
                problem: NOT_ATTENDED,
            });
        }
        if let Some(&id) = incident
            .children
            .iter()
            .find(|&&id| !raw.children.iter().any(|c| c.id == id))
        {
            return Err(CaseError::UnknownIncidentChild {
                incident: incident.id,
                id,
            });
        }
    }
    Ok(())
}

/// Refuses a case that owes a duty counted from when the police learned of it without an
/// instant to count from. A case that holds no crime needs no report instant of its own: an
/// incident counts from its attendance or occurrence, a detention from its decision, a
/// missing-child episode from its report event.
fn check_report_instants(raw: &RawCase, report: Option<Instant>) -> Result<(), CaseError> {
    if report.is_some() {
        return Ok(());
    }
    let missing = |field| Err(CaseError::MissingReportInstant { field });
    if !raw.victims.is_empty() {
        return missing("reported_at");
    }
    // An incident no officer attended counts from its report; one attended, from the
    // attendance or the occurrence where no report is recorded.
    let incident_instant = |i: &Incident| {
        if i.attended == Some(false) {
            i.reported_at
        } else {
            i.reported_at.or(i.attended_at).or(i.occurred_at)
        }
    };
    if raw.incidents.iter().any(|i| incident_instant(i).is_none()) {
        return missing("incidents");
    }
    let case_instant = if raw.attended == Some(false) {
        None
    } else {
        raw.attended_at.or(raw.occurred_at)
    };
    if !raw.categories.is_empty() && case_instant.is_none() && raw.incidents.is_empty() {
        return missing("reported_at");
    }
    Ok(())
}

fn over<T, const N: usize>(list: &List<T, N>, what: Collection) -> Result<(), CaseError> {
    if list.overflowed() {
        Err(CaseError::CapacityExceeded {
            collection: what,
            limit: N,
            given: list.given(),
        })
    } else {
        Ok(())
    }
}

fn check_capacities(raw: &RawCase) -> Result<(), CaseError> {
    over(&raw.categories, Collection::Categories)?;
    over(&raw.victims, Collection::Victims)?;
    over(&raw.suspects, Collection::Suspects)?;
    over(&raw.children, Collection::Children)?;
    over(&raw.detentions, Collection::Detentions)?;
    over(&raw.events, Collection::Events)?;
    over(&raw.incidents, Collection::Incidents)?;
    for incident in raw.incidents.iter() {
        over(&incident.children, Collection::IncidentChildren)?;
    }
    // A saturating count: `Iterator::count` keeps an overflow check (a panic path) the
    // optimiser cannot see past.
    let count = |wanted: fn(&What) -> bool| {
        raw.events.iter().fold(0usize, |n, e| {
            n.saturating_add(usize::from(wanted(&e.what)))
        })
    };
    let limits: [(Collection, usize, usize); 3] = [
        (
            Collection::KeyDecisions,
            MAX_DECISIONS,
            count(|w| matches!(w, What::KeyDecision { .. })),
        ),
        (
            Collection::Notices,
            MAX_NOTICES,
            count(|w| matches!(w, What::NoticeIssued { .. })),
        ),
        (
            Collection::MissingEpisodes,
            MAX_EPISODES,
            count(|w| matches!(w, What::ChildReportedMissing { .. })),
        ),
    ];
    for (collection, limit, given) in limits {
        if given > limit {
            return Err(CaseError::CapacityExceeded {
                collection,
                limit,
                given,
            });
        }
    }
    Ok(())
}

/// Every instant in the case, with the name of the field it came from.
fn named_instants(
    raw: &RawCase,
) -> impl Iterator<Item = (&'static str, Option<u32>, Instant)> + '_ {
    let top = [
        ("recorded_at", raw.recorded_at),
        ("reported_at", raw.reported_at),
        ("occurred_at", raw.occurred_at),
        ("attended_at", raw.attended_at),
        ("closed_at", raw.closed_at),
    ]
    .into_iter()
    .filter_map(|(name, at)| at.map(|at| (name, None, at)));
    let detentions = raw.detentions.iter().map(|d| {
        (
            "detentions[].decided_at",
            Some(u32::from(d.id)),
            d.decided_at,
        )
    });
    let events = raw.events.iter().flat_map(|e| {
        let served = match e.what {
            What::NoticeIssued {
                served_at: Some(at),
                ..
            } => Some(("events[].what.notice_issued.served_at", Some(e.id), at)),
            _ => None,
        };
        core::iter::once(("events[].at", Some(e.id), e.at)).chain(served)
    });
    let incidents = raw.incidents.iter().flat_map(|incident| {
        let id = Some(u32::from(incident.id));
        [
            ("incidents[].occurred_at", incident.occurred_at),
            ("incidents[].reported_at", incident.reported_at),
            ("incidents[].attended_at", incident.attended_at),
        ]
        .into_iter()
        .filter_map(move |(name, at)| at.map(|at| (name, id, at)))
    });
    top.chain(detentions).chain(events).chain(incidents)
}

fn all_instants(raw: &RawCase) -> impl Iterator<Item = Instant> + '_ {
    named_instants(raw).map(|(_, _, at)| at)
}

fn check_instants(raw: &RawCase) -> Result<(), CaseError> {
    match named_instants(raw).find(|(_, _, at)| !at.is_supported()) {
        Some((field, id, _)) => Err(CaseError::InstantOutOfRange { field, id }),
        None => Ok(()),
    }
}

fn first_duplicate<T>(items: &[T], id: impl Fn(&T) -> u32) -> Option<u32> {
    items.iter().enumerate().find_map(|(i, item)| {
        let key = id(item);
        items
            .get(..i)
            .into_iter()
            .flatten()
            .any(|earlier| id(earlier) == key)
            .then_some(key)
    })
}

fn check_unique(raw: &RawCase) -> Result<(), CaseError> {
    let checks = [
        (
            Collection::Victims,
            first_duplicate(&raw.victims, |v| v.id.into()),
        ),
        (
            Collection::Suspects,
            first_duplicate(&raw.suspects, |s| s.id.into()),
        ),
        (
            Collection::Children,
            first_duplicate(&raw.children, |c| c.id.into()),
        ),
        (
            Collection::Detentions,
            first_duplicate(&raw.detentions, |d| d.id.into()),
        ),
        (Collection::Events, first_duplicate(&raw.events, |e| e.id)),
        (
            Collection::Incidents,
            first_duplicate(&raw.incidents, |i| i.id.into()),
        ),
    ];
    for (collection, duplicate) in checks {
        if let Some(id) = duplicate {
            return Err(CaseError::DuplicateId { collection, id });
        }
    }
    for incident in raw.incidents.iter() {
        if let Some(id) = first_duplicate(&incident.children, |c| (*c).into()) {
            return Err(CaseError::DuplicateId {
                collection: Collection::IncidentChildren,
                id,
            });
        }
    }
    Ok(())
}

fn check_ages(raw: &RawCase) -> Result<(), CaseError> {
    let too_old = |age: Option<u8>| matches!(age, Some(age) if age > MAX_AGE);
    if let Some(v) = raw.victims.iter().find(|v| too_old(v.age_at_offence)) {
        return Err(CaseError::AgeOutOfRange {
            field: "victims[].age_at_offence",
            id: v.id,
        });
    }
    if let Some(s) = raw.suspects.iter().find(|s| too_old(s.age)) {
        return Err(CaseError::AgeOutOfRange {
            field: "suspects[].age",
            id: s.id,
        });
    }
    if let Some(c) = raw.children.iter().find(|c| too_old(Some(c.age))) {
        return Err(CaseError::AgeOutOfRange {
            field: "children[].age",
            id: c.id,
        });
    }
    if let Some(d) = raw.detentions.iter().find(|d| too_old(d.age)) {
        return Err(CaseError::AgeOutOfRange {
            field: "detentions[].age",
            id: d.id,
        });
    }
    Ok(())
}

fn check_event(raw: &RawCase, event: &Event) -> Result<(), CaseError> {
    let unknown = |field: &'static str, id: u32| CaseError::UnknownReference {
        event: event.id,
        field,
        id,
    };
    let victim = |id: u16| {
        if raw.victims.iter().any(|v| v.id == id) {
            Ok(())
        } else {
            Err(unknown("victim", id.into()))
        }
    };
    let suspect = |id: u16| {
        if raw.suspects.iter().any(|s| s.id == id) {
            Ok(())
        } else {
            Err(unknown("suspect", id.into()))
        }
    };
    let child = |id: u16| {
        if raw.children.iter().any(|c| c.id == id) {
            Ok(())
        } else {
            Err(unknown("child", id.into()))
        }
    };
    let detention = |id: u16| {
        if raw.detentions.iter().any(|d| d.id == id) {
            Ok(())
        } else {
            Err(unknown("detention", id.into()))
        }
    };
    let linked = |field: &'static str, id: u32, wanted: fn(&What) -> bool| match raw
        .events
        .iter()
        .find(|e| e.id == id)
    {
        Some(target) if wanted(&target.what) => Ok(target),
        Some(_) => Err(CaseError::WrongKindOfEvent {
            event: event.id,
            field,
            id,
        }),
        None => Err(unknown(field, id)),
    };
    let episode = |child_id: u16, episode: Option<u32>| {
        child(child_id)?;
        if let Some(id) = episode {
            linked("missing_episode", id, |w| {
                matches!(w, What::ChildReportedMissing { .. })
            })?;
        }
        Ok(())
    };
    match event.what {
        What::NeedsAssessment { victim: v, .. }
        | What::SupportReferralMade { victim: v }
        | What::VictimUpdated { victim: v }
        | What::VictimWithdrewSupport { victim: v }
        | What::WithdrawalConfirmed { victim: v }
        | What::EvidenceLedProsecutionConsidered { victim: v } => victim(v),
        What::CareContractAgreed {
            victim: v,
            interval_days,
            ..
        } => {
            victim(v)?;
            if interval_days == 0 {
                Err(CaseError::ZeroUpdateInterval { event: event.id })
            } else {
                Ok(())
            }
        }
        What::KeyDecision { suspect: s, .. } => s.map_or(Ok(()), suspect),
        What::Released { suspect: s, .. } => suspect(s),
        What::EvidenceRecorded { .. } => Ok(()),
        What::VictimInformed {
            victim: v,
            decision,
        } => {
            victim(v)?;
            linked("decision", decision, |w| {
                matches!(w, What::KeyDecision { .. })
            })
            .map(|_| ())
        }
        What::OrdersConsidered { .. } => Ok(()),
        What::NoticeIssued {
            suspect: s,
            served_at,
            ..
        } => {
            suspect(s)?;
            match served_at {
                Some(served) if served < event.at => Err(CaseError::OutOfOrder {
                    event: event.id,
                    problem: "the notice is served before it was authorised",
                }),
                _ => Ok(()),
            }
        }
        What::OrderHearing { notice } => {
            let target = linked("notice", notice, |w| matches!(w, What::NoticeIssued { .. }))?;
            match target.what {
                What::NoticeIssued {
                    served_at: Some(served),
                    ..
                } if event.at >= served => Ok(()),
                What::NoticeIssued {
                    served_at: Some(_), ..
                } => Err(CaseError::OutOfOrder {
                    event: event.id,
                    problem: "the hearing is before the notice was served",
                }),
                _ => Err(CaseError::OutOfOrder {
                    event: event.id,
                    problem: "a hearing for a notice that records no service time",
                }),
            }
        }
        What::ArrivedAtPlaceOfSafety { detention: d, .. }
        | What::DepartedPlaceOfSafety { detention: d }
        | What::Consulted { detention: d, .. }
        | What::ConsultationImpracticable { detention: d }
        | What::PoliceStationAuthorised { detention: d, .. }
        | What::ExtensionApproved { detention: d, .. }
        | What::ReferredToSuperintendent { detention: d }
        | What::WelfareCheck { detention: d }
        | What::AssessmentCompleted { detention: d }
        | What::DetentionEnded { detention: d, .. } => detention(d),
        What::ExtensionAuthorised {
            detention: d,
            hours,
            ..
        } => {
            detention(d)?;
            if (1..=12).contains(&hours) {
                Ok(())
            } else {
                Err(CaseError::ExtensionOutOfRange { event: event.id })
            }
        }
        What::SchoolNotified {
            child: c,
            missing_episode,
        }
        | What::LocalAuthorityNotified {
            child: c,
            missing_episode,
        }
        | What::NoSchoolToNotify {
            child: c,
            missing_episode,
        } => episode(c, missing_episode),
        What::ChildReportedMissing { child: c, .. } => child(c),
    }
}

/// Refuses timelines that cannot have happened. What is refused, and why:
///
/// - a case closed before it was reported;
/// - a victim told of a decision before the decision was made;
/// - for a s136 detention: an arrival at a place of safety before the decision to detain, or
///   after the detention ended; an assessment completed before the person reached a place of
///   safety (the clock start); a detention ended before it was decided, or ended twice; a
///   welfare check after the detention ended; a departure from a place of safety before the
///   decision, after the detention ended, or when the person was at no place (never arrived,
///   or already left).
///
/// Events at the same instant are never out of order with each other, except a departure,
/// which leaves the place reached by the events sorted before it ([`What::rank_at_same_second`]). Oddities that can
/// happen in real records are tolerated, not refused: identical events under different ids
/// (an export repeated), steps recorded before the report (an arrest at the scene), a
/// consultation recorded after the decision (S136-4 judges it late).
fn check_order(raw: &RawCase) -> Result<(), CaseError> {
    let report = raw.reported_at.or(raw.recorded_at);
    if let (Some(closed), Some(report)) = (raw.closed_at, report)
        && closed < report
    {
        return Err(CaseError::ClosedBeforeReported);
    }
    let at_of = |id: u32| raw.events.iter().find(|e| e.id == id).map(|e| e.at);
    for event in raw.events.iter() {
        if let What::VictimInformed { decision, .. } = event.what
            && at_of(decision).is_some_and(|decided| event.at < decided)
        {
            return Err(CaseError::OutOfOrder {
                event: event.id,
                problem: "the victim was told of the decision before it was made",
            });
        }
    }
    for detention in raw.detentions.iter() {
        let own = |e: &&Event| event_detention(&e.what) == Some(detention.id);
        let first_arrival = raw
            .events
            .iter()
            .filter(own)
            .find(|e| matches!(e.what, What::ArrivedAtPlaceOfSafety { .. }))
            .map(|e| e.at);
        let clock_start = if detention.kept_at.is_some() {
            Some(detention.decided_at)
        } else {
            first_arrival
        };
        let mut ended: Option<Instant> = None;
        let mut at_a_place = detention.kept_at.is_some();
        for event in raw.events.iter().filter(own) {
            let problem = match event.what {
                What::DepartedPlaceOfSafety { .. } if event.at < detention.decided_at => {
                    Some("departure from a place of safety before the decision to detain")
                }
                What::DepartedPlaceOfSafety { .. } if ended.is_some_and(|end| event.at > end) => {
                    Some("departure from a place of safety after the detention ended")
                }
                What::DepartedPlaceOfSafety { .. } if !at_a_place => {
                    Some("departure from a place of safety the person had not reached")
                }
                What::ArrivedAtPlaceOfSafety { .. } if event.at < detention.decided_at => {
                    Some("arrival at a place of safety before the decision to detain")
                }
                What::ArrivedAtPlaceOfSafety { .. } if ended.is_some_and(|end| event.at > end) => {
                    Some("arrival at a place of safety after the detention ended")
                }
                What::AssessmentCompleted { .. }
                    if clock_start.is_none_or(|start| event.at < start) =>
                {
                    Some("the assessment was completed before the person reached a place of safety")
                }
                What::DetentionEnded { .. } if event.at < detention.decided_at => {
                    Some("the detention ended before the decision to detain")
                }
                What::DetentionEnded { .. } if ended.is_some() => Some("the detention ended twice"),
                What::WelfareCheck { .. } if ended.is_some_and(|end| event.at > end) => {
                    Some("a welfare check after the detention ended")
                }
                _ => None,
            };
            if let Some(problem) = problem {
                return Err(CaseError::OutOfOrder {
                    event: event.id,
                    problem,
                });
            }
            match event.what {
                What::DetentionEnded { .. } => ended = Some(event.at),
                What::ArrivedAtPlaceOfSafety { .. } => at_a_place = true,
                What::DepartedPlaceOfSafety { .. } => at_a_place = false,
                _ => {}
            }
        }
    }
    Ok(())
}

/// The detention an event is about, if it is a s136 event.
pub(crate) const fn event_detention(what: &What) -> Option<u16> {
    match *what {
        What::ArrivedAtPlaceOfSafety { detention, .. }
        | What::DepartedPlaceOfSafety { detention }
        | What::Consulted { detention, .. }
        | What::ConsultationImpracticable { detention }
        | What::PoliceStationAuthorised { detention, .. }
        | What::ExtensionAuthorised { detention, .. }
        | What::ExtensionApproved { detention, .. }
        | What::ReferredToSuperintendent { detention }
        | What::WelfareCheck { detention }
        | What::AssessmentCompleted { detention }
        | What::DetentionEnded { detention, .. } => Some(detention),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{Build, at};

    fn json(text: &str) -> RawCase {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn too_many_events_is_an_error_naming_the_capacity() {
        let events: [&str; MAX_EVENTS + 1] = [r#"{"id":0,"at":"2024-03-04T10:00:00Z","what":{"victim_updated":{"victim":1}}}"#;
            MAX_EVENTS + 1];
        let mut text = String::from(
            r#"{"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1}],"events":["#,
        );
        for (i, e) in events.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&e.replace("\"id\":0", &format!("\"id\":{i}")));
        }
        text.push_str("]}");
        let err = Case::new(json(&text)).unwrap_err();
        assert_eq!(
            err,
            CaseError::CapacityExceeded {
                collection: Collection::Events,
                limit: MAX_EVENTS,
                given: MAX_EVENTS + 1
            }
        );
        assert_eq!(
            err.to_string(),
            "events: 97 given, but a case holds at most 96"
        );
    }

    #[test]
    fn too_many_victims_or_decisions_is_an_error_naming_the_capacity() {
        let mut victims = String::new();
        for i in 0..=MAX_VICTIMS {
            victims.push_str(&format!("{}{{\"id\":{i}}}", if i > 0 { "," } else { "" }));
        }
        let err = Case::new(json(&format!(
            r#"{{"recorded_at":"2024-03-04T10:00:00Z","victims":[{victims}]}}"#
        )))
        .unwrap_err();
        assert!(matches!(
            err,
            CaseError::CapacityExceeded {
                collection: Collection::Victims,
                ..
            }
        ));

        let mut b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other]);
        for i in 0..=MAX_DECISIONS {
            b = b.event(
                "2024-03-05T10:00:00Z",
                What::KeyDecision {
                    decision: DecisionKind::Arrested,
                    suspect: None,
                },
            );
            let _ = i;
        }
        let err = Case::new(b.raw).unwrap_err();
        assert_eq!(
            err,
            CaseError::CapacityExceeded {
                collection: Collection::KeyDecisions,
                limit: MAX_DECISIONS,
                given: MAX_DECISIONS + 1
            }
        );
    }

    #[test]
    fn events_are_sorted_whatever_order_they_arrive_in() {
        let b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other])
            .victim(crate::rules::testkit::victim(1))
            .event("2024-03-06T10:00:00Z", What::VictimUpdated { victim: 1 })
            .event("2024-03-05T10:00:00Z", What::VictimUpdated { victim: 1 })
            .event(
                "2024-03-05T10:00:00Z",
                What::SupportReferralMade { victim: 1 },
            );
        let mut reversed = b.raw.clone();
        reversed.events.as_mut_slice().reverse();
        let case = Case::new(b.raw).unwrap();
        let ids: Vec<u32> = case.events().iter().map(|e| e.id).collect();
        // At the same second the referral (an action of NA-2) sorts ahead of the update by
        // kind, though its id is higher (RULES.md §1.2).
        assert_eq!(ids, [3, 2, 1]);
        assert_eq!(Case::new(reversed).unwrap(), case);
    }

    #[test]
    fn duplicate_ids_and_dangling_references_are_refused() {
        let b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other])
            .victim(crate::rules::testkit::victim(1))
            .victim(crate::rules::testkit::victim(1));
        assert_eq!(
            Case::new(b.raw).unwrap_err(),
            CaseError::DuplicateId {
                collection: Collection::Victims,
                id: 1
            }
        );
        let b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other])
            .event("2024-03-05T10:00:00Z", What::VictimUpdated { victim: 9 });
        let err = Case::new(b.raw).unwrap_err();
        assert_eq!(
            err.to_string(),
            "events[id=1].victim: no such id 9 in the case"
        );
        let b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other])
            .victim(crate::rules::testkit::victim(1))
            .event("2024-03-05T10:00:00Z", What::VictimUpdated { victim: 1 })
            .event(
                "2024-03-05T11:00:00Z",
                What::VictimInformed {
                    victim: 1,
                    decision: 1,
                },
            );
        assert!(matches!(
            Case::new(b.raw).unwrap_err(),
            CaseError::WrongKindOfEvent { event: 2, .. }
        ));
    }

    #[test]
    fn implausible_values_are_refused() {
        let mut v = crate::rules::testkit::victim(1);
        v.age_at_offence = Some(130);
        let b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other]).victim(v);
        assert!(matches!(
            Case::new(b.raw).unwrap_err(),
            CaseError::AgeOutOfRange { .. }
        ));
        let b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other])
            .victim(crate::rules::testkit::victim(1))
            .event(
                "2024-03-05T10:00:00Z",
                What::CareContractAgreed {
                    victim: 1,
                    interval_days: 0,
                    channel: Channel::Email,
                },
            );
        assert_eq!(
            Case::new(b.raw).unwrap_err(),
            CaseError::ZeroUpdateInterval { event: 1 }
        );
        let mut b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other]);
        b.raw.closed_at = Some(Instant::from_unix(i64::MAX));
        assert!(matches!(
            Case::new(b.raw).unwrap_err(),
            CaseError::InstantOutOfRange {
                field: "closed_at",
                ..
            }
        ));
        let mut b = Build::default().victim(crate::rules::testkit::victim(1));
        b.raw.closed_at = Some(at("2024-03-04T10:00:00Z"));
        assert_eq!(
            Case::new(b.raw).unwrap_err(),
            CaseError::MissingReportInstant {
                field: "reported_at"
            }
        );
    }

    #[test]
    fn a_long_reference_is_refused_not_cut() {
        let raw = json(&format!(
            r#"{{"reference":"{}"}}"#,
            "x".repeat(MAX_REFERENCE_LEN + 1)
        ));
        assert_eq!(Case::new(raw).unwrap_err(), CaseError::ReferenceTooLong);
        let raw = json(&format!(
            r#"{{"reference":"{}"}}"#,
            "x".repeat(MAX_REFERENCE_LEN)
        ));
        assert_eq!(Case::new(raw).unwrap().reference().len(), MAX_REFERENCE_LEN);
    }

    #[test]
    fn unknown_fields_and_kinds_are_refused_by_the_decoder() {
        assert!(serde_json::from_str::<RawCase>(r#"{"nickname":"x"}"#).is_err());
        assert!(
            serde_json::from_str::<RawCase>(
                r#"{"events":[{"id":1,"at":"2024-03-04T10:00:00Z","what":{"teleported":{}}}]}"#
            )
            .is_err()
        );
    }

    #[test]
    fn json_and_postcard_round_trip() {
        let raw = Build::crime("2024-03-04T10:00:00Z", &[Category::DomesticAbuse])
            .victim(crate::rules::testkit::victim(1))
            .suspect(1, true, Some(40))
            .event(
                "2024-03-05T10:00:00Z",
                What::OrdersConsidered {
                    apply: true,
                    reason_recorded: true,
                    orders: OrderSet::EMPTY.with(Order::Dvpn),
                },
            )
            .raw;
        let text = serde_json::to_string(&raw).unwrap();
        assert_eq!(serde_json::from_str::<RawCase>(&text).unwrap(), raw);
        let bytes = postcard::to_stdvec(&raw).unwrap();
        assert_eq!(postcard::from_bytes::<RawCase>(&bytes).unwrap(), raw);
    }
}
