//! The raw case: the serde form records systems send (JSON, TOML or postcard), not yet
//! checked. Every type here is plain data; [`super::Case::new`] checks it.

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::capacity::{
    MAX_CATEGORIES, MAX_CHILDREN, MAX_DETENTIONS, MAX_EVENTS, MAX_INCIDENTS, MAX_REFERENCE_LEN,
    MAX_SUSPECTS, MAX_VICTIMS,
};
use crate::error::CaseError;
use crate::list::List;
use crate::time::Instant;

use super::ids::{ChildId, DetentionId, EventId, IncidentId, SuspectId, VictimId};

/// An opaque case reference (a crime or incident number), at most [`MAX_REFERENCE_LEN`] bytes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Reference {
    text: heapless::String<MAX_REFERENCE_LEN>,
    pub(crate) too_long: bool,
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

impl Reference {
    /// The reference read from UTF-8 text, or, for text that does not fit (or `None`, text
    /// too long to unescape), an empty one marked too long, which [`super::Case::new`]
    /// refuses: as the reader of the serde form.
    #[cfg(feature = "json")]
    pub(crate) fn lenient(text: Option<&[u8]>) -> Reference {
        // Byte by byte, each within the room checked: `push_str` keeps an overflow check out
        // of line that a device's panic-free build cannot see past.
        let mut bytes = heapless::Vec::<u8, MAX_REFERENCE_LEN>::new();
        let fits = text.is_some_and(|text| text.iter().all(|byte| bytes.push(*byte).is_ok()));
        match heapless::String::from_utf8(bytes) {
            Ok(text) if fits => Reference {
                text,
                too_long: false,
            },
            _ => Reference {
                text: heapless::String::new(),
                too_long: true,
            },
        }
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
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
    pub(super) const fn bit(self) -> u16 {
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
pub struct Categories(pub(super) u16);

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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Victim {
    /// The victim's number in this case.
    pub id: VictimId,
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suspect {
    /// The suspect's number in this case.
    pub id: SuspectId,
    /// Whether the suspect has been identified.
    pub identified: bool,
    /// Age in whole years, if known.
    #[serde(default)]
    pub age: Option<u8>,
}

/// Where a child linked to a domestic abuse incident goes to school.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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

/// Whether the police attended an incident or crime, as the record says it, whether or not it
/// records the time. Written as an optional boolean (`attended = true`, `false`, or absent).
///
/// Not said is the default, and is read as attended: the older format's meaning, and the
/// reading that never drops a duty because a field was left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Attendance {
    /// The record does not say (read as attended).
    #[default]
    NotRecorded,
    /// The police attended.
    Attended,
    /// No officer attended (reported by phone or online).
    NotAttended,
}

impl Attendance {
    /// Whether the police attended, reading "not said" as yes.
    #[must_use]
    pub const fn attended(self) -> bool {
        !matches!(self, Attendance::NotAttended)
    }

    /// As the record wrote it: `Some(true)`, `Some(false)` or `None`.
    #[must_use]
    pub const fn as_option(self) -> Option<bool> {
        match self {
            Attendance::NotRecorded => None,
            Attendance::Attended => Some(true),
            Attendance::NotAttended => Some(false),
        }
    }
}

impl From<Option<bool>> for Attendance {
    fn from(value: Option<bool>) -> Self {
        match value {
            None => Attendance::NotRecorded,
            Some(true) => Attendance::Attended,
            Some(false) => Attendance::NotAttended,
        }
    }
}

// An optional boolean on the wire; an enum in memory, so that "not said" is all zero bits and
// an empty case in a static needs no initial image in flash.
impl Serialize for Attendance {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_option().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Attendance {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<bool>::deserialize(deserializer).map(Attendance::from)
    }
}

/// How a child is linked to the adults of a domestic abuse incident.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Child {
    /// The child's number in this case.
    pub id: ChildId,
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// The incident's number in this case.
    pub id: IncidentId,
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
    pub attended: Attendance,
    /// The ids of the children (from the case's `children`) linked to this incident.
    #[serde(default)]
    pub children: List<ChildId, MAX_CHILDREN>,
}

/// The kind of a place of safety under the Mental Health Act 1983 s135(6).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detention {
    /// The detention's number in this case.
    pub id: DetentionId,
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "the names are the ranks")]
#[non_exhaustive]
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralAnswer {
    /// The victim agreed to be referred.
    Accepted,
    /// The victim declined.
    Declined,
}

/// How a victim wants to be kept informed.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "the names are the channels")]
#[non_exhaustive]
pub enum Channel {
    Phone,
    Email,
    Letter,
    InPerson,
    Text,
}

/// A key decision the victim must be told of (Victims' Code 2020, Right 6).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Order {
    /// Domestic violence protection notice and order (Crime and Security Act 2010 ss24-33).
    Dvpn,
    /// Domestic abuse protection notice and order (Domestic Abuse Act 2021 Part 3), pilot areas.
    Dapn,
    /// Stalking protection order (Stalking Protection Act 2019).
    StalkingProtectionOrder,
}

/// The notice served on a suspect pending a protection order hearing.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NoticeKind {
    /// Domestic violence protection notice (Crime and Security Act 2010 s24).
    Dvpn,
    /// Domestic abuse protection notice (Domestic Abuse Act 2021 s22).
    Dapn,
}

/// Who an officer consulted before a s136 detention.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DetentionOutcome {
    /// The person was released.
    Released,
    /// The person was held under another power (for example an application under s2 or s3).
    HeldUnderAnotherPower,
}

/// How a suspect left custody (PO-1 counts a release of any kind).
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum What {
    /// A needs assessment was recorded (Right 4). Each question is `None` when the record
    /// does not answer it.
    NeedsAssessment {
        /// The victim assessed.
        victim: VictimId,
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
        victim: VictimId,
    },
    /// A victim care contract was agreed, or changed.
    CareContractAgreed {
        /// The victim.
        victim: VictimId,
        /// How often the victim wants updates, in days.
        interval_days: u16,
        /// How the victim wants updates.
        channel: Channel,
    },
    /// The victim was given an update on the case.
    VictimUpdated {
        /// The victim.
        victim: VictimId,
    },
    /// A key decision was made.
    KeyDecision {
        /// The decision.
        decision: DecisionKind,
        /// The suspect it concerns, if any.
        suspect: Option<SuspectId>,
    },
    /// The victim was told of a key decision.
    VictimInformed {
        /// The victim.
        victim: VictimId,
        /// The id of the `key_decision` event.
        decision: EventId,
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
        suspect: SuspectId,
        /// The rank of the officer who authorised it.
        authorised_by: Rank,
        /// When the notice was served, if it was.
        served_at: Option<Instant>,
    },
    /// A magistrates' court heard the application for the order.
    OrderHearing {
        /// The id of the `notice_issued` event.
        notice: EventId,
    },
    /// A suspect was released from custody, whatever the outcome. A Victims' Code key
    /// decision that accompanies it is its own `key_decision` event.
    Released {
        /// The suspect released.
        suspect: SuspectId,
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
        victim: VictimId,
    },
    /// The victim confirmed the recorded withdrawal decision.
    WithdrawalConfirmed {
        /// The victim.
        victim: VictimId,
    },
    /// An evidence-led prosecution was considered and the decision recorded.
    EvidenceLedProsecutionConsidered {
        /// The victim whose withdrawal prompted it.
        victim: VictimId,
    },
    /// The detained person arrived at a place of safety.
    ArrivedAtPlaceOfSafety {
        /// The detention.
        detention: DetentionId,
        /// The kind of place.
        place: PlaceKind,
    },
    /// The detained person left the place of safety they were at. A stay runs from the
    /// arrival (or the decision, for a person kept where they were) to the departure; the
    /// journey to the next place is not a stay.
    DepartedPlaceOfSafety {
        /// The detention.
        detention: DetentionId,
    },
    /// The officer consulted someone before deciding to detain.
    Consulted {
        /// The detention.
        detention: DetentionId,
        /// Who was consulted.
        with: Consultee,
    },
    /// A reason why consultation was not practicable was recorded.
    ConsultationImpracticable {
        /// The detention.
        detention: DetentionId,
    },
    /// Use of a police station as the place of safety was authorised.
    PoliceStationAuthorised {
        /// The detention.
        detention: DetentionId,
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
        detention: DetentionId,
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
        detention: DetentionId,
        /// The approving officer's rank.
        rank: Rank,
    },
    /// The detention was referred to a superintendent (force escalation policy).
    ReferredToSuperintendent {
        /// The detention.
        detention: DetentionId,
    },
    /// A healthcare professional checked the person's welfare at a police station.
    WelfareCheck {
        /// The detention.
        detention: DetentionId,
    },
    /// The mental health assessment was completed.
    AssessmentCompleted {
        /// The detention.
        detention: DetentionId,
    },
    /// The s136 detention ended.
    DetentionEnded {
        /// The detention.
        detention: DetentionId,
        /// How it ended.
        outcome: DetentionOutcome,
    },
    /// A child's school (its designated safeguarding lead) was notified.
    SchoolNotified {
        /// The child.
        child: ChildId,
        /// The `child_reported_missing` event this is about, or `None` for the domestic abuse
        /// incident (Operation Encompass).
        missing_episode: Option<EventId>,
    },
    /// The local authority was notified about a child in elective home education.
    LocalAuthorityNotified {
        /// The child.
        child: ChildId,
        /// As for `school_notified`.
        missing_episode: Option<EventId>,
    },
    /// A reason was recorded why no school could be notified (not of school age, not
    /// registered).
    NoSchoolToNotify {
        /// The child.
        child: ChildId,
        /// As for `school_notified`.
        missing_episode: Option<EventId>,
    },
    /// A child was reported missing.
    ChildReportedMissing {
        /// The child.
        child: ChildId,
        /// Whether this is the child's first missing episode.
        first_episode: bool,
    },
}

impl What {
    /// Where this kind of fact stands among facts recorded at the same second (`docs/CATALOGUE.md` §1.2:
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The event's id, unique in the case. Other events refer to it (a notice, a decision,
    /// a missing episode), and it breaks ties between events at the same instant.
    pub id: EventId,
    /// When it happened.
    pub at: Instant,
    /// What happened.
    pub what: What,
}

/// A case as other systems send it: not yet checked.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
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
    pub attended: Attendance,
    /// The crime was recorded but not investigated (screened out at assessment).
    #[serde(default)]
    pub screened_out: bool,
    /// Domestic abuse incidents, where the case holds several, each with its own instants and
    /// children. Absent: the case itself is the one incident, and every child is linked to it.
    #[serde(default)]
    pub incidents: List<Incident, MAX_INCIDENTS>,
}

impl RawCase {
    /// Empties the case where it lies (for a reader that fills it in place), without building
    /// a whole empty case on the stack.
    #[cfg(feature = "json")]
    pub(crate) fn clear(&mut self) {
        self.reference = Reference::default();
        self.categories.clear();
        for at in [
            &mut self.recorded_at,
            &mut self.reported_at,
            &mut self.occurred_at,
            &mut self.attended_at,
            &mut self.closed_at,
        ] {
            *at = None;
        }
        self.victims.clear();
        self.suspects.clear();
        self.children.clear();
        self.detentions.clear();
        self.events.clear();
        self.attended = Attendance::NotRecorded;
        self.screened_out = false;
        self.incidents.clear();
    }

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
        attended: Attendance::NotRecorded,
        screened_out: false,
        incidents: List::new(),
    };
}
