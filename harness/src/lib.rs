//! The std side of safeguard: reading cases, policies and fixtures from files, running the
//! conformance suite, explaining findings, and the `safeguard` command line built on them.

pub mod audit;
pub mod batch;
pub mod catalogue_doc;
pub mod envelope;
pub mod explain;
pub mod fixture;
pub mod fuzzing;
pub mod input;
pub mod output;
pub mod protocol;
pub mod suite;
pub mod wire;

use std::path::PathBuf;

/// The bundled fixture directory (`fixtures/` at the top of the workspace).
pub fn bundled_fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("fixtures")
}
pub mod schema;
pub mod strict;
