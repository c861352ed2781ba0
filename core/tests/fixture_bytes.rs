//! Helpers that print the bytes of the postcard fixtures (`fixtures/errors/postcard-*`), run
//! by hand when the wire format version changes.

#![cfg(feature = "postcard")]
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

use safeguard_core::Policy;

/// Prints the default policy's wire bytes, for `fixtures/errors/postcard-policy-given-as-case`:
/// `cargo test -p safeguard-core --features postcard --test fixture_bytes -- --ignored --nocapture`.
#[test]
#[ignore = "a helper that prints fixture bytes"]
fn print_the_default_policy_bytes() {
    let mut buf = [0u8; 1024];
    let bytes = safeguard_core::encode_policy(&Policy::DEFAULT, &mut buf).unwrap();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    println!("{hex}");
}
