//! The numbers a case gives its records: one type per kind of record, so that a victim's number
//! can never be passed where a suspect's, a child's or an event's is meant. Each is written as
//! the bare number in every format (JSON, TOML, postcard), exactly as before the types existed.

use core::fmt;

use serde::{Deserialize, Serialize};

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident($int:ty);)*) => {$(
        $(#[$doc])*
        #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema), schemars(inline))]
        #[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub $int);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        /// The bare number, as [`fmt::Display`] writes it.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl From<$int> for $name {
            fn from(id: $int) -> Self {
                $name(id)
            }
        }

        impl From<$name> for u32 {
            fn from(id: $name) -> u32 {
                id.0.into()
            }
        }
    )*};
}

ids! {
    /// A victim's number in its case.
    VictimId(u16);
    /// A suspect's number in its case.
    SuspectId(u16);
    /// A child's number in its case.
    ChildId(u16);
    /// A s136 detention's number in its case.
    DetentionId(u16);
    /// A listed domestic abuse incident's number in its case.
    IncidentId(u16);
    /// A timeline event's number in its case; events refer to each other by it (a hearing to
    /// its notice, a victim told to the decision, a notification to a missing episode).
    EventId(u32);
}
