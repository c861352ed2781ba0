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

mod families;
mod ids;
mod raw;
#[cfg(test)]
mod tests;
mod validate;

pub(crate) use families::{EncompassKind, S136Kind};
pub use ids::{ChildId, DetentionId, EventId, IncidentId, SuspectId, VictimId};
pub use raw::*;

use crate::error::CaseError;
use crate::time::Instant;
use validate::{find, validate};

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
        self.raw.attended.attended()
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
    pub fn suspect(&self, id: SuspectId) -> Option<&Suspect> {
        find(&self.raw.suspects, id)
    }

    /// Children, in the order given.
    #[must_use]
    pub fn children(&self) -> &[Child] {
        &self.raw.children
    }

    /// The child with this id.
    #[must_use]
    pub fn child(&self, id: ChildId) -> Option<&Child> {
        find(&self.raw.children, id)
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
