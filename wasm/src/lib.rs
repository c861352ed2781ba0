//! safeguard-core as a WebAssembly module with no imports: postcard case bytes, postcard
//! policy bytes and `now` in, postcard findings bytes out.
//!
//! The host writes the case into the buffer at `case_buffer()` (at most `case_capacity()`
//! bytes) and, optionally, a policy into `policy_buffer()` (length 0 means the default
//! policy), then calls `evaluate(case_len, policy_len, now_unix_seconds)`:
//!
//! - a result `n >= 0` is the length of the postcard findings at `output_buffer()`;
//! - a negative result is an error: `-1` the case or policy bytes do not decode, `-2` the case
//!   is refused by validation, `-3` the evaluation is refused, `-4` a length is larger than
//!   its buffer, `-5` the findings do not fit the output buffer. `error_stage()` and
//!   `error_code()` (pointers to `error_stage_len()` / `error_code_len()` bytes of UTF-8) then
//!   give the stage and the core's stable code (`capacity_exceeded`, `now_before_case`, …).
//!
//! The case, the validated case, the policy and the findings live in statics, decoded and
//! evaluated in place as on the firmware.
//!
//! The JSON module (feature `json`, built alone by `build.sh` for the JavaScript package,
//! `index.mjs`) has JSON entry points instead: the host writes the case's JSON text at
//! `json_case_buffer()`, a policy's at `json_policy_buffer()` (length 0: the default policy)
//! and `now` as RFC 3339 text at `json_now_buffer()`, then calls
//! `evaluate_json(case_len, policy_len, now_len)`: a result `n >= 0` is the length of the
//! findings' JSON at `output_buffer()` (the `findings` of `safeguard check --format json`, byte
//! for byte), a negative result an error as above, with `error_field()` / `error_field_len()`
//! naming the field where it is known; `catalogue_version()` gives the catalogue's version (the
//! catalogue's texts travel beside the module, in `catalogue.json`). JSON is read and written
//! by the core's heap-free reader (safeguard-core's `json` feature), with the command line's
//! error codes.
//!
//! In the postcard module, every payload, in or out, starts with the wire header (`docs/WIRE.md`): `"SG"`, the format
//! version and a kind byte. Bytes of another version, or with no header, fail with code
//! `unknown_version`; a policy given as the case (or the reverse) with `wrong_kind`.
#![no_std]

use core::ptr::{addr_of, addr_of_mut};

use safeguard_core::{Case, Findings, Policy, RawCase};
#[cfg(feature = "postcard")]
use safeguard_core::{Instant, decode_case_into, decode_policy_into, evaluate_into};

#[cfg(feature = "postcard")]
const CASE_CAPACITY: usize = 16 * 1024;
#[cfg(feature = "postcard")]
const POLICY_CAPACITY: usize = 4 * 1024;
const OUTPUT_CAPACITY: usize = 32 * 1024;

/// The working values.
pub(crate) struct State {
    raw: RawCase,
    case: Case,
    findings: Findings,
    error_stage: &'static str,
    error_code: &'static str,
    /// A copy of the last error's field (a JSON error's path lives no longer than the call).
    error_field: [u8; FIELD_CAPACITY],
    error_field_len: usize,
}

/// Room for an error's field: a JSON error's path is at most `MAX_FIELD_LEN` (96) bytes.
const FIELD_CAPACITY: usize = 96;

static mut STATE: State = State {
    raw: RawCase::EMPTY,
    case: Case::EMPTY,
    findings: Findings::new(),
    error_stage: "",
    error_code: "",
    error_field: [0; FIELD_CAPACITY],
    error_field_len: 0,
};

/// Apart from the rest, whose initial value is all zeros and needs no data segment.
pub(crate) static mut POLICY: Policy = Policy::DEFAULT;

#[cfg(feature = "postcard")]
static mut CASE_IN: [u8; CASE_CAPACITY] = [0; CASE_CAPACITY];
#[cfg(feature = "postcard")]
static mut POLICY_IN: [u8; POLICY_CAPACITY] = [0; POLICY_CAPACITY];
pub(crate) static mut OUTPUT: [u8; OUTPUT_CAPACITY] = [0; OUTPUT_CAPACITY];

/// The module's state. WebAssembly instances run one call at a time, and no export keeps a
/// reference across calls.
pub(crate) fn state() -> &'static mut State {
    // SAFETY: single-threaded; each export takes the reference once and drops it on return.
    unsafe { &mut *addr_of_mut!(STATE) }
}

#[cfg(feature = "postcard")]
/// Where the host writes the case's postcard bytes.
#[unsafe(no_mangle)]
pub extern "C" fn case_buffer() -> *mut u8 {
    addr_of_mut!(CASE_IN).cast()
}

#[cfg(feature = "postcard")]
/// How many bytes the case buffer holds.
#[unsafe(no_mangle)]
pub extern "C" fn case_capacity() -> usize {
    CASE_CAPACITY
}

#[cfg(feature = "postcard")]
/// Where the host writes the policy's postcard bytes.
#[unsafe(no_mangle)]
pub extern "C" fn policy_buffer() -> *mut u8 {
    addr_of_mut!(POLICY_IN).cast()
}

#[cfg(feature = "postcard")]
/// How many bytes the policy buffer holds.
#[unsafe(no_mangle)]
pub extern "C" fn policy_capacity() -> usize {
    POLICY_CAPACITY
}

/// Where `evaluate` leaves the findings' postcard bytes.
#[unsafe(no_mangle)]
pub extern "C" fn output_buffer() -> *const u8 {
    addr_of!(OUTPUT).cast()
}

/// The stage of the last error (`decode`, `validate`, `evaluate`, `buffer`).
#[unsafe(no_mangle)]
pub extern "C" fn error_stage() -> *const u8 {
    state().error_stage.as_ptr()
}

/// The length of [`error_stage`].
#[unsafe(no_mangle)]
pub extern "C" fn error_stage_len() -> usize {
    state().error_stage.len()
}

/// The stable code of the last error.
#[unsafe(no_mangle)]
pub extern "C" fn error_code() -> *const u8 {
    state().error_code.as_ptr()
}

/// The length of [`error_code`].
#[unsafe(no_mangle)]
pub extern "C" fn error_code_len() -> usize {
    state().error_code.len()
}

pub(crate) fn fail(s: &mut State, result: i32, stage: &'static str, code: &'static str) -> i32 {
    s.error_stage = stage;
    s.error_code = code;
    s.error_field_len = 0;
    result
}

#[cfg(feature = "json")]
pub(crate) fn fail_at(
    s: &mut State,
    result: i32,
    stage: &'static str,
    code: &'static str,
    field: &str,
) -> i32 {
    fail(s, result, stage, code);
    // Whole characters only: the field is read back as UTF-8.
    let mut len = field.len().min(FIELD_CAPACITY);
    while !field.is_char_boundary(len) {
        len -= 1;
    }
    if let (Some(to), Some(from)) = (s.error_field.get_mut(..len), field.as_bytes().get(..len)) {
        to.copy_from_slice(from);
        s.error_field_len = len;
    }
    result
}

/// The field of the last error (`now`, `events`, `victims[].age_at_offence`, …; empty for the
/// whole document or when the JSON reader cannot say).
#[unsafe(no_mangle)]
pub extern "C" fn error_field() -> *const u8 {
    state().error_field.as_ptr()
}

/// The length of [`error_field`].
#[unsafe(no_mangle)]
pub extern "C" fn error_field_len() -> usize {
    state().error_field_len
}

#[cfg(feature = "json")]
mod json;
#[cfg(feature = "json")]
pub use json::*;

#[cfg(feature = "postcard")]
/// Decodes the case (and the policy, or the default when `policy_len` is 0), validates and
/// evaluates it as at `now` (Unix seconds), and encodes the findings into the output buffer.
/// Returns their length, or a negative error (see the crate documentation).
#[unsafe(no_mangle)]
pub extern "C" fn evaluate(case_len: usize, policy_len: usize, now: i64) -> i32 {
    let s = state();
    fail(s, 0, "", "");
    // SAFETY: single-threaded; the host writes the input buffers only between calls, and
    // these references end with this call.
    let (case_in, policy_in, output, policy) = unsafe {
        (
            &*addr_of!(CASE_IN),
            &*addr_of!(POLICY_IN),
            &mut *addr_of_mut!(OUTPUT),
            &mut *addr_of_mut!(POLICY),
        )
    };
    let (Some(case_bytes), Some(policy_bytes)) =
        (case_in.get(..case_len), policy_in.get(..policy_len))
    else {
        return fail(s, -4, "buffer", "input_too_long");
    };
    if policy_bytes.is_empty() {
        *policy = Policy::DEFAULT;
    } else if let Err(e) = decode_policy_into(policy_bytes, policy) {
        return fail(s, -1, "decode", e.code());
    }
    if let Err(e) = decode_case_into(case_bytes, &mut s.raw) {
        return fail(s, -1, "decode", e.code());
    }
    if let Err(e) = s.case.renew(&mut s.raw) {
        return fail(s, -2, "validate", e.code());
    }
    let policy = match policy.check() {
        Ok(policy) => policy,
        Err(e) => return fail(s, -3, "evaluate", e.code()),
    };
    if let Err(e) = evaluate_into(&s.case, policy, Instant::from_unix(now), &mut s.findings) {
        return fail(s, -3, "evaluate", e.code());
    }
    match safeguard_core::encode_findings(&s.findings, output) {
        // The output buffer is 32 KiB, so the length fits an i32.
        Ok(bytes) => i32::try_from(bytes.len()).unwrap_or(i32::MAX),
        Err(_) => fail(s, -5, "buffer", "output_too_small"),
    }
}

/// The JSON build (feature `json`) is built at `opt-level = "z"` for size, where one overflow
/// check that cannot fire stays as a panic path (heapless's `Vec::push` adding one to a length
/// below its capacity; at `"s"`, as the firmware builds it, the JSON path is panic-free:
/// `.ci/embedded` links it with `no-panic-link`): a panic traps, and the JavaScript package
/// reports the trap as an `internal` error.
#[cfg(feature = "json")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// A panic path left after optimisation calls this import; the module then imports it, and
/// the check under node (which instantiates the module with no imports) fails.
#[cfg(not(feature = "json"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    #[link(wasm_import_module = "safeguard_panic")]
    unsafe extern "C" {
        fn a_panic_path_survived_optimisation() -> !;
    }
    // SAFETY: never provided by any host: the module would not instantiate.
    unsafe { a_panic_path_survived_optimisation() }
}
