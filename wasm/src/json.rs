//! The JSON entry points (feature `json`): see the crate documentation.

use core::ptr::{addr_of, addr_of_mut};

use safeguard_core::{Instant, Policy, evaluate_into, json};

use crate::{OUTPUT, POLICY, fail, fail_at, state};

const JSON_CASE_CAPACITY: usize = 128 * 1024;
const JSON_POLICY_CAPACITY: usize = 16 * 1024;
const JSON_NOW_CAPACITY: usize = 64;
static mut JSON_CASE_IN: [u8; JSON_CASE_CAPACITY] = [0; JSON_CASE_CAPACITY];
static mut JSON_POLICY_IN: [u8; JSON_POLICY_CAPACITY] = [0; JSON_POLICY_CAPACITY];
static mut JSON_NOW_IN: [u8; JSON_NOW_CAPACITY] = [0; JSON_NOW_CAPACITY];

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

/// Reads, validates and evaluates JSON as `safeguard check --format json` does, in its order
/// (`now`, the policy, the case), and writes the findings' JSON into the output buffer.
/// Returns their length, or a negative error (see the crate documentation).
#[unsafe(no_mangle)]
pub extern "C" fn evaluate_json(case_len: usize, policy_len: usize, now_len: usize) -> i32 {
    let s = state();
    fail(s, 0, "", "");
    // SAFETY: single-threaded; the host writes the input buffers only between calls, and
    // these references end with this call.
    let (case_in, policy_in, now_in, output, policy) = unsafe {
        (
            &*addr_of!(JSON_CASE_IN),
            &*addr_of!(JSON_POLICY_IN),
            &*addr_of!(JSON_NOW_IN),
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
        if let Err(e) = json::read_policy(policy_bytes, policy) {
            return fail_at(s, -1, "decode", e.code(), e.field());
        }
    }
    if let Err(e) = json::read_case(case_bytes, &mut s.raw) {
        return fail_at(s, -1, "decode", e.code(), e.field());
    }
    if let Err(e) = s.case.renew(&mut s.raw) {
        return fail_at(s, -2, "validate", e.code(), e.field());
    }
    // Checked where the command line checks it: after the case, at the evaluate stage.
    let policy = match policy.check() {
        Ok(policy) => policy,
        Err(e) => return fail_at(s, -3, "evaluate", e.code(), e.field()),
    };
    if let Err(e) = evaluate_into(&s.case, policy, now, &mut s.findings) {
        return fail_at(s, -3, "evaluate", e.code(), e.field());
    }
    match json::write_findings(&s.findings, output) {
        // The output buffer is 32 KiB, so the length fits an i32.
        Ok(len) => i32::try_from(len).unwrap_or(i32::MAX),
        Err(_) => fail(s, -5, "buffer", "output_too_small"),
    }
}

/// The rule catalogue's version.
#[unsafe(no_mangle)]
pub extern "C" fn catalogue_version() -> u32 {
    u32::from(safeguard_core::CATALOGUE_VERSION)
}
