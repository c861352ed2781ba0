//! The shape of a rule's one declaration: the `rules!` macro, and what it yields for every rule
//! of `catalogue/rules.rs`: its id, stable wire code, serde name, family, warning-lead key,
//! most subjects per case and catalogue entry, with compile-time checks that codes and keys are
//! never shared.

use serde::Serialize;

use super::{Dated, Source};

/// A duty family: one module of `rules/`, one cargo feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Family {
    /// NA: needs assessment and referral (Victims' Code Right 4).
    NeedsAssessment,
    /// VU: the victim care contract, its updates and key decisions (Right 6).
    VictimUpdates,
    /// PO: protective orders, notices, hearings, withdrawals.
    ProtectiveOrders,
    /// S136: Mental Health Act 1983 section 136 detentions.
    S136,
    /// OE: Operation Encompass school notifications.
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

    /// The family's cargo feature (`needs-assessment`).
    #[must_use]
    pub const fn feature(self) -> &'static str {
        match self {
            Family::NeedsAssessment => "needs-assessment",
            Family::VictimUpdates => "victim-updates",
            Family::ProtectiveOrders => "protective-orders",
            Family::S136 => "s136",
            Family::Encompass => "encompass",
        }
    }

    /// The family's name in plain words.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Family::NeedsAssessment => "Needs assessment and referral",
            Family::VictimUpdates => "Keeping the victim informed",
            Family::ProtectiveOrders => "Protective orders",
            Family::S136 => "Mental Health Act 1983 section 136",
            Family::Encompass => "Operation Encompass",
        }
    }

    /// Whether this build judges the family: its cargo feature is on (all are, by default).
    #[must_use]
    pub const fn is_built(self) -> bool {
        match self {
            Family::NeedsAssessment => cfg!(feature = "needs-assessment"),
            Family::VictimUpdates => cfg!(feature = "victim-updates"),
            Family::ProtectiveOrders => cfg!(feature = "protective-orders"),
            Family::S136 => cfg!(feature = "s136"),
            Family::Encompass => cfg!(feature = "encompass"),
        }
    }
}

/// A rule's warning lead: the key a policy sets it under (`warning_lead_minutes.s136_2`) and
/// its default in minutes. Only rules with a deadline have one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct WarningLead {
    /// The policy key (`s136_2`).
    pub key: &'static str,
    /// The default, in minutes (0: no `DueSoon`).
    pub default_minutes: u32,
}

/// A warning lead, for the declarations.
pub(super) const fn lead(key: &'static str, default_minutes: u32) -> Option<WarningLead> {
    Some(WarningLead {
        key,
        default_minutes,
    })
}

/// One rule of the catalogue, as `docs/CATALOGUE.md` prints it.
#[derive(Clone, Copy, Debug, Serialize)]
#[non_exhaustive]
pub struct Rule {
    /// The stable id (`NA-1`).
    pub id: &'static str,
    /// The stable wire code: the rule's bit in a [`super::RuleSet`] and its number in postcard
    /// bytes. Never reused, even for a rule withdrawn.
    pub code: u8,
    /// A short title (`needs-assessment`).
    pub title: &'static str,
    /// The duty family.
    pub family: Family,
    /// What starts the duty.
    pub trigger: &'static str,
    /// The duty in one plain sentence.
    pub duty: &'static str,
    /// When it falls due.
    pub deadline: &'static str,
    /// The warning lead, for a rule with a deadline.
    pub warning_lead: Option<WarningLead>,
    /// The decisions taken where the law is silent.
    pub decisions: &'static [&'static str],
    /// The sources the rule cites, each with the date it took effect; a finding cites the one
    /// in force on its triggering event's date.
    pub sources: &'static [Dated<Source>],
}

/// Declares the catalogue: one entry per rule, in catalogue order (the order findings are
/// sorted in). Each entry yields everything the rest of the crate knows of the rule.
macro_rules! rules {
    ($(
        $(#[$doc:meta])*
        $name:ident {
            id: $id:literal,
            code: $code:literal,
            title: $title:literal,
            family: $family:ident,
            lead: $lead:expr,
            subjects: $subjects:expr,
            sources: $sources:path,
            trigger: $trigger:literal,
            duty: $duty:literal,
            deadline: $deadline:literal,
            decisions: [$($decision:expr),* $(,)?] $(,)?
        }
    )*) => {
        /// A rule's stable identifier.
        ///
        /// `#[non_exhaustive]`: the catalogue grows (about fifteen more rules are waiting), so
        /// a caller's `match` needs a wildcard arm, and adding a rule does not break it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum RuleId {
            $($(#[$doc])* $name,)*
        }

        /// How many rules the catalogue holds.
        pub(crate) const RULE_COUNT: usize = [$(RuleId::$name,)*].len();

        impl RuleId {
            /// Every rule, in catalogue order.
            pub const ALL: [RuleId; RULE_COUNT] = [$(RuleId::$name,)*];

            /// The id as `docs/CATALOGUE.md` writes it (`S136-2`).
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $(RuleId::$name => $id,)* }
            }

            /// The stable wire code ([`Rule::code`]).
            #[must_use]
            pub const fn code(self) -> u8 {
                match self { $(RuleId::$name => $code,)* }
            }

            /// The rule's duty family.
            #[must_use]
            pub const fn family(self) -> Family {
                match self { $(RuleId::$name => Family::$family,)* }
            }

            /// The sources the rule cites, as its catalogue entry lists them. Read without
            /// going through [`CATALOGUE`], so that an evaluation links only the sources, not
            /// every rule's texts (a device's flash counts them).
            #[must_use]
            pub const fn sources(self) -> &'static [Dated<Source>] {
                match self { $(RuleId::$name => &$sources,)* }
            }

            /// The rule's warning lead, if it has a deadline.
            #[must_use]
            pub const fn warning_lead(self) -> Option<WarningLead> {
                match self { $(RuleId::$name => $lead,)* }
            }

            /// The most findings the rule can give for a case at full capacity.
            pub(crate) const fn max_subjects(self) -> usize {
                match self { $(RuleId::$name => $subjects,)* }
            }
        }

        /// The rule catalogue, in [`RuleId::ALL`] order.
        pub static CATALOGUE: [Rule; RULE_COUNT] = [$(
            Rule {
                id: $id,
                code: $code,
                title: $title,
                family: Family::$family,
                trigger: $trigger,
                duty: $duty,
                deadline: $deadline,
                warning_lead: $lead,
                decisions: &[$($decision),*],
                sources: &$sources,
            },
        )*];
    };
}

/// Whether two texts are the same, at compile time.
#[allow(
    dead_code,
    reason = "used only by the compile-time checks, which older rustc (the 1.88 MSRV) does not count"
)]
pub(super) const fn same_text(a: &str, b: &str) -> bool {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a, b) {
            ([], []) => return true,
            ([x, a_tail @ ..], [y, b_tail @ ..]) if *x == *y => {
                a = a_tail;
                b = b_tail;
            }
            _ => return false,
        }
    }
}
