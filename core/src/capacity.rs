//! Every fixed capacity of a case and a policy, in one place at the bottom of the crate: the
//! case, the policy, the errors that name a capacity and the findings' bound all read them
//! from here. Exceeding one is a typed error, never a truncation.

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
/// Most school closure ranges a policy may list.
pub const MAX_SCHOOL_CLOSURES: usize = 32;
/// Most extra bank holidays a policy may list.
pub const MAX_EXTRA_BANK_HOLIDAYS: usize = 16;
