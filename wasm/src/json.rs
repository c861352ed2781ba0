//! The JSON entry points (feature `json`): see the crate documentation.

use core::ptr::{addr_of, addr_of_mut};

use safeguard_core::{Instant, Policy, RawCase, evaluate_into};

use crate::{OUTPUT, POLICY, fail, fail_at, state};

const JSON_CASE_CAPACITY: usize = 128 * 1024;
const JSON_POLICY_CAPACITY: usize = 16 * 1024;
const JSON_NOW_CAPACITY: usize = 64;
/// Room for one string with escapes (a reference, a source's text) while it is unescaped.
const UNESCAPE_CAPACITY: usize = 1024;

static mut JSON_CASE_IN: [u8; JSON_CASE_CAPACITY] = [0; JSON_CASE_CAPACITY];
static mut JSON_POLICY_IN: [u8; JSON_POLICY_CAPACITY] = [0; JSON_POLICY_CAPACITY];
static mut JSON_NOW_IN: [u8; JSON_NOW_CAPACITY] = [0; JSON_NOW_CAPACITY];
static mut UNESCAPE: [u8; UNESCAPE_CAPACITY] = [0; UNESCAPE_CAPACITY];

/// Where the host writes the case's JSON text.
#[unsafe(no_mangle)]
pub extern "C" fn json_case_buffer() -> *mut u8 {
    addr_of_mut!(JSON_CASE_IN).cast()
}

/// How many bytes the JSON case buffer holds.
#[unsafe(no_mangle)]
pub extern "C" fn json_case_capacity() -> usize {
    JSON_CASE_CAPACITY
}

/// Where the host writes the policy's JSON text.
#[unsafe(no_mangle)]
pub extern "C" fn json_policy_buffer() -> *mut u8 {
    addr_of_mut!(JSON_POLICY_IN).cast()
}

/// How many bytes the JSON policy buffer holds.
#[unsafe(no_mangle)]
pub extern "C" fn json_policy_capacity() -> usize {
    JSON_POLICY_CAPACITY
}

/// Where the host writes `now` as RFC 3339 text.
#[unsafe(no_mangle)]
pub extern "C" fn json_now_buffer() -> *mut u8 {
    addr_of_mut!(JSON_NOW_IN).cast()
}

/// How many bytes the `now` buffer holds.
#[unsafe(no_mangle)]
pub extern "C" fn json_now_capacity() -> usize {
    JSON_NOW_CAPACITY
}

/// The stable code of a JSON reading error, as the command line names it (`input::classify`
/// in the harness). serde-json-core keeps no message for serde's own errors (an unknown or
/// missing field, an unknown variant, a bad timestamp), so those are `invalid_value`.
fn json_code(e: &serde_json_core::de::Error) -> &'static str {
    use serde_json_core::de::Error as E;
    match e {
        E::InvalidType => "invalid_type",
        E::InvalidNumber | E::CustomError | E::AnyIsUnsupported | E::BytesIsUnsupported => {
            "invalid_value"
        }
        E::EscapedStringIsTooLong => "too_large",
        _ => "syntax",
    }
}

/// JSON text: UTF-8 without a leading byte-order mark, an object, nothing after it.
fn json_text(bytes: &[u8]) -> Result<&[u8], &'static str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if core::str::from_utf8(bytes).is_err() {
        return Err("invalid_utf8");
    }
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Ok(bytes),
        _ => Err("invalid_type"),
    }
}

/// Reads one JSON document of type `T` from `bytes`; anything but whitespace after it is a
/// syntax error.
fn from_json<'a, T: serde::Deserialize<'a>>(
    bytes: &'a [u8],
    unescape: &mut [u8],
) -> Result<T, &'static str> {
    let (value, used) =
        serde_json_core::from_slice_escaped::<T>(bytes, unescape).map_err(|e| json_code(&e))?;
    match bytes.get(used..) {
        Some(rest) if rest.iter().all(u8::is_ascii_whitespace) => Ok(value),
        _ => Err("syntax"),
    }
}

/// Reads, validates and evaluates JSON as `safeguard check --format json` does, in its order
/// (`now`, the policy, the case), and writes the findings' JSON into the output buffer.
/// Returns their length, or a negative error (see the crate documentation).
#[unsafe(no_mangle)]
pub extern "C" fn evaluate_json(case_len: usize, policy_len: usize, now_len: usize) -> i32 {
    let s = state();
    fail(s, 0, "", "");
    // SAFETY: single-threaded; the host writes the input buffers only between calls, and
    // these references end with this call.
    let (case_in, policy_in, now_in, unescape, output, policy) = unsafe {
        (
            &*addr_of!(JSON_CASE_IN),
            &*addr_of!(JSON_POLICY_IN),
            &*addr_of!(JSON_NOW_IN),
            &mut *addr_of_mut!(UNESCAPE),
            &mut *addr_of_mut!(OUTPUT),
            &mut *addr_of_mut!(POLICY),
        )
    };
    let (Some(case_bytes), Some(policy_bytes), Some(now_bytes)) = (
        case_in.get(..case_len),
        policy_in.get(..policy_len),
        now_in.get(..now_len),
    ) else {
        return fail(s, -4, "buffer", "input_too_long");
    };
    let Some(now) = core::str::from_utf8(now_bytes)
        .ok()
        .and_then(|text| Instant::parse_rfc3339(text).ok())
    else {
        return fail_at(s, -1, "decode", "invalid_timestamp", "now");
    };
    if policy_bytes.is_empty() {
        *policy = Policy::DEFAULT;
    } else {
        match json_text(policy_bytes).and_then(|text| from_json::<Policy>(text, unescape)) {
            Ok(read) => *policy = read,
            Err(code) => return fail(s, -1, "decode", code),
        }
    }
    let policy = match policy.check() {
        Ok(policy) => policy,
        Err(e) => return fail_at(s, -3, "evaluate", e.code(), e.field()),
    };
    match json_text(case_bytes).and_then(|text| from_json::<RawCase>(text, unescape)) {
        Ok(raw) => s.raw = raw,
        Err(code) => return fail(s, -1, "decode", code),
    }
    // A case must name itself (as on the command line): an empty reference is refused, one
    // read too long is left for validation to refuse.
    if s.raw.reference.as_str().is_empty()
        && serde_json_core::to_slice(&s.raw.reference, &mut [0u8; 8]).is_ok()
    {
        return fail_at(s, -1, "decode", "missing_field", "reference");
    }
    if let Err(e) = s.case.renew(&mut s.raw) {
        return fail_at(s, -2, "validate", e.code(), e.field());
    }
    if let Err(e) = evaluate_into(&s.case, policy, now, &mut s.findings) {
        return fail_at(s, -3, "evaluate", e.code(), e.field());
    }
    match serde_json_core::to_slice(s.findings.as_slice(), output) {
        // The output buffer is 32 KiB, so the length fits an i32.
        Ok(len) => i32::try_from(len).unwrap_or(i32::MAX),
        Err(_) => fail(s, -5, "buffer", "output_too_small"),
    }
}

/// Writes the rule catalogue's JSON (the `rules` of `safeguard rules --json`) into the output
/// buffer and returns its length (`-5` if it does not fit).
#[unsafe(no_mangle)]
pub extern "C" fn rules_json() -> i32 {
    // SAFETY: single-threaded; the reference ends with this call.
    let output = unsafe { &mut *addr_of_mut!(OUTPUT) };
    match serde_json_core::to_slice(&safeguard_core::CATALOGUE[..], output) {
        Ok(len) => i32::try_from(len).unwrap_or(i32::MAX),
        Err(_) => -5,
    }
}

/// The rule catalogue's version.
#[unsafe(no_mangle)]
pub extern "C" fn catalogue_version() -> u32 {
    u32::from(safeguard_core::CATALOGUE_VERSION)
}
