//! Postcard payloads as vectors, written by the core's encoders, which put the wire header
//! (`docs/WIRE.md`) in front: nothing on the host writes postcard bytes any other way.

use safeguard_core::{DecodeError, Findings, Policy, RawCase};

/// The buffer the encoders write into before it is cut to the bytes used: far more than any
/// payload needs (every list is capped; a case at every capacity with the widest values is a
/// few KiB, `docs/WIRE.md`), so `BufferTooSmall` means a bug, not a big case.
pub const BUFFER_LEN: usize = 64 * 1024;

fn to_vec(
    encode: impl FnOnce(&mut [u8]) -> Result<&mut [u8], DecodeError>,
) -> Result<Vec<u8>, DecodeError> {
    let mut buf = vec![0; BUFFER_LEN];
    let used = encode(&mut buf)?.len();
    buf.truncate(used);
    Ok(buf)
}

/// A raw case as postcard bytes ([`safeguard_core::encode_case`]). A case read over a
/// capacity, or with a reference over 32 bytes, cannot be written back (`bad_value`).
pub fn case_bytes(raw: &RawCase) -> Result<Vec<u8>, DecodeError> {
    to_vec(|buf| safeguard_core::encode_case(raw, buf))
}

/// A force policy as postcard bytes ([`safeguard_core::encode_policy`]).
pub fn policy_bytes(policy: &Policy) -> Result<Vec<u8>, DecodeError> {
    to_vec(|buf| safeguard_core::encode_policy(policy, buf))
}

/// Findings as postcard bytes ([`safeguard_core::encode_findings`]).
pub fn findings_bytes(findings: &Findings) -> Result<Vec<u8>, DecodeError> {
    to_vec(|buf| safeguard_core::encode_findings(findings, buf))
}
