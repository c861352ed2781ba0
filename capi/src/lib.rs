//! safeguard-core behind a C ABI, for records systems written in C, C#, Java or Python.
//!
//! Every input is a `(pointer, length)` byte slice the caller owns; every output is written into
//! a buffer the caller provides, and when it is too small the length it needs is returned, so
//! no allocation crosses the boundary. The library keeps no global mutable state: any number of
//! threads may call it at once. A panic never crosses the boundary (each call runs under
//! `catch_unwind` and reports [`SG_INTERNAL`]).
//!
//! The JSON entry point reads a case and a policy exactly as `safeguard check CASE --policy
//! FILE --now T --format json` does, and writes the same findings JSON (the `findings` array of
//! that document, in its compact form) or the same error (`stage`, `code`, `field`). The
//! postcard entry point takes and gives the versioned wire format (`docs/WIRE.md`).
//!
//! The header `capi/include/safeguard.h` is generated from this file by cbindgen.

use std::ffi::{CStr, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use safeguard_core::{Case, Findings, Instant, Policy, RawCase, evaluate};
use safeguard_harness::envelope::ErrorReport;
use safeguard_harness::input::{self, Syntax};

/// Success: the output buffer holds the findings (JSON or postcard), `result.len` bytes.
pub const SG_OK: i32 = 0;
/// The case, the policy or `now` does not fit the format (stage `decode`).
pub const SG_DECODE: i32 = 1;
/// The case was read but refused by the core's checked constructor (stage `validate`).
pub const SG_VALIDATE: i32 = 2;
/// The case is valid but the evaluation was refused: a bad policy, `now` before the case
/// (stage `evaluate`).
pub const SG_EVALUATE: i32 = 3;
/// The output buffer is too small: nothing was written; `result.len` is the length needed.
pub const SG_OUTPUT_TOO_SMALL: i32 = 4;
/// A required pointer is null (or a length is non-zero with a null pointer).
pub const SG_INVALID_ARGUMENT: i32 = 5;
/// A defect in the library (a panic, caught at the boundary). Please report it.
pub const SG_INTERNAL: i32 = 6;

/// What a call produced, besides its status.
///
/// `stage` and `code` are static, NUL-terminated strings (never freed, valid for the life of
/// the program): `""` on success, otherwise the stage (`decode`, `validate`, `evaluate`,
/// `buffer`, `argument`, `internal`) and the stable code (`syntax`, `capacity_exceeded`,
/// `now_before_case`, `output_too_small`, …; the codes of `fixtures/README.md`).
///
/// `len` is the number of bytes written to the output buffer, or, when they did not fit, the
/// number needed. On an error of stage `decode`, `validate` or `evaluate` the output buffer
/// receives the error as one JSON object, `{"stage":…,"code":…,"field":…,"message":…}`, as
/// the command line reports it (`field` names the field, `""` for the whole document).
#[repr(C)]
#[derive(Debug)]
pub struct SgResult {
    /// Bytes written, or needed.
    pub len: usize,
    /// The stage of an error, `""` on success.
    pub stage: *const c_char,
    /// The stable code of an error, `""` on success.
    pub code: *const c_char,
}

/// Every stable code, NUL-terminated, so that a C caller gets a static string: the command
/// line's decode codes, the core's error codes and this library's own.
const CODES: &[&CStr] = &[
    // The command line's input codes (`safeguard_harness::input::DECODE_CODES`).
    c"syntax",
    c"too_large",
    c"invalid_utf8",
    c"unknown_variant",
    c"unknown_field",
    c"missing_field",
    c"invalid_type",
    c"invalid_value",
    c"invalid_timestamp",
    c"truncated",
    c"trailing_bytes",
    c"bad_varint",
    c"bad_value",
    c"unknown_version",
    c"wrong_kind",
    c"unreadable",
    c"fixture",
    c"buffer_too_small",
    // The core's `CaseError`, `PolicyError` and `EvalError` codes.
    c"capacity_exceeded",
    c"duplicate_id",
    c"unknown_reference",
    c"wrong_kind_of_event",
    c"out_of_order",
    c"instant_out_of_range",
    c"age_out_of_range",
    c"zero_update_interval",
    c"extension_out_of_range",
    c"missing_report_instant",
    c"closed_before_reported",
    c"reference_too_long",
    c"contradictory",
    c"now_before_case",
    c"now_out_of_range",
    c"policy_capacity_exceeded",
    c"policy_out_of_range",
    // This library's.
    c"output_too_small",
    c"null_pointer",
    c"panic",
];

const STAGES: &[&CStr] = &[
    c"decode",
    c"validate",
    c"evaluate",
    c"read",
    c"buffer",
    c"argument",
    c"internal",
];

/// The static C string equal to `text`, from `table`; `"other"` for a code this table does
/// not list yet (the JSON error in the output buffer always carries the exact code).
fn c_str(table: &[&'static CStr], text: &str) -> *const c_char {
    if text.is_empty() {
        return c"".as_ptr();
    }
    table
        .iter()
        .find(|c| c.to_bytes() == text.as_bytes())
        .copied()
        .unwrap_or(c"other")
        .as_ptr()
}

/// Whether the library has a static string for `code` (tests check every fixture's code).
pub fn code_is_listed(code: &str) -> bool {
    CODES.iter().any(|c| c.to_bytes() == code.as_bytes())
}

/// What a call computed, before it is written out.
enum Outcome {
    Bytes(Vec<u8>),
    Refused(i32, ErrorReport),
}

fn refused(stage: &'static str, code: &'static str, field: &str, message: String) -> Outcome {
    let status = match stage {
        "validate" => SG_VALIDATE,
        "evaluate" => SG_EVALUATE,
        _ => SG_DECODE,
    };
    Outcome::Refused(
        status,
        ErrorReport {
            stage,
            code,
            field: field.to_owned(),
            message,
        },
    )
}

/// Reads, validates and evaluates as `safeguard check --format json` does, in its order: `now`,
/// then the policy, then the case.
fn evaluate_json(case: &[u8], policy: Option<&[u8]>, now: &[u8]) -> Outcome {
    let now = match std::str::from_utf8(now) {
        Ok(text) => match input::parse_instant(text, "--now", "") {
            Ok(now) => now,
            Err(e) => return refused("decode", e.code, "now", e.to_string()),
        },
        Err(_) => {
            return refused(
                "decode",
                "invalid_utf8",
                "now",
                "--now: not UTF-8 text".into(),
            );
        }
    };
    let policy = match policy {
        None => Policy::default(),
        Some(bytes) => match read_policy(bytes) {
            Ok(policy) => policy,
            Err(outcome) => return outcome,
        },
    };
    // Checked once, before the case is read: a policy refused by its own check is an
    // `evaluate` error.
    let policy = match policy.check() {
        Ok(policy) => policy,
        Err(e) => return refused("evaluate", e.code(), e.field(), format!("policy: {e}")),
    };
    let raw: RawCase = match input::read_bounded(case, "case")
        .and_then(|text| input::decode_case(&text, Syntax::Json, "case"))
    {
        Ok(raw) => raw,
        Err(e) => return refused("decode", e.code, &e.field, e.to_string()),
    };
    let case = match Case::new(raw) {
        Ok(case) => case,
        Err(e) => return refused("validate", e.code(), e.field(), format!("case: {e}")),
    };
    match evaluate(&case, policy, now) {
        Ok(findings) => match serde_json::to_vec(findings.as_slice()) {
            Ok(bytes) => Outcome::Bytes(bytes),
            Err(e) => refused("internal", "panic", "", e.to_string()),
        },
        Err(e) => refused("evaluate", e.code(), e.field(), format!("case: {e}")),
    }
}

/// A policy from JSON text, as `safeguard check --policy FILE` reads it: fields left out take
/// their defaults. Not yet checked.
fn read_policy(bytes: &[u8]) -> Result<Policy, Outcome> {
    let decode = |e: input::InputError| refused("decode", e.code, &e.field, e.to_string());
    let text = input::read_bounded(bytes, "policy").map_err(decode)?;
    let value = input::parse_document(&text, Syntax::Json, "policy").map_err(decode)?;
    if !value.is_object() {
        return Err(refused(
            "decode",
            "invalid_type",
            "",
            "policy: a policy must be an object (a table)".into(),
        ));
    }
    input::from_value(value, "policy", "").map_err(decode)
}

/// Decodes postcard bytes (`docs/WIRE.md`), validates and evaluates, and encodes the findings.
fn evaluate_postcard(case: &[u8], policy: Option<&[u8]>, now: i64) -> Outcome {
    let policy = match policy {
        None => Policy::DEFAULT,
        Some(bytes) => {
            let mut policy = Policy::DEFAULT;
            if let Err(e) = safeguard_core::decode_policy_into(bytes, &mut policy) {
                return refused("decode", e.code(), "policy", format!("policy: {e}"));
            }
            policy
        }
    };
    let raw = match safeguard_core::decode_case(case) {
        Ok(raw) => raw,
        Err(e) => return refused("decode", e.code(), "", format!("case: {e}")),
    };
    let case = match Case::new(raw) {
        Ok(case) => case,
        Err(e) => return refused("validate", e.code(), e.field(), format!("case: {e}")),
    };
    let policy = match policy.check() {
        Ok(policy) => policy,
        Err(e) => return refused("evaluate", e.code(), e.field(), format!("policy: {e}")),
    };
    let findings: Findings = match evaluate(&case, policy, Instant::from_unix(now)) {
        Ok(findings) => findings,
        Err(e) => return refused("evaluate", e.code(), e.field(), format!("case: {e}")),
    };
    match safeguard_harness::wire::findings_bytes(&findings) {
        Ok(bytes) => Outcome::Bytes(bytes),
        Err(e) => refused("internal", "panic", "", e.to_string()),
    }
}

/// A byte slice from a caller's pointer and length; `None` for a null pointer with a non-zero
/// length. A null pointer with length 0 is the empty slice.
///
/// # Safety
/// A non-null `ptr` must point to `len` readable bytes that stay unchanged during the call.
unsafe fn slice<'a>(ptr: *const u8, len: usize) -> Option<&'a [u8]> {
    if len == 0 {
        Some(&[])
    } else if ptr.is_null() {
        None
    } else {
        // SAFETY: the caller's promise above.
        Some(unsafe { std::slice::from_raw_parts(ptr, len) })
    }
}

/// Writes what a call computed into the caller's buffer and result.
///
/// # Safety
/// `out` must be null or point to `out_capacity` writable bytes; `result` must be null or
/// point to a writable [`SgResult`].
unsafe fn finish(
    outcome: Outcome,
    out: *mut u8,
    out_capacity: usize,
    result: *mut SgResult,
) -> i32 {
    let (status, stage, code, bytes) = match outcome {
        Outcome::Bytes(bytes) => (SG_OK, "", "", bytes),
        Outcome::Refused(status, report) => {
            let json = serde_json::to_vec(&report).unwrap_or_default();
            (status, report.stage, report.code, json)
        }
    };
    let fits = bytes.len() <= out_capacity && (!out.is_null() || bytes.is_empty());
    if fits && !bytes.is_empty() {
        // SAFETY: `out` points to `out_capacity >= bytes.len()` writable bytes (the caller's
        // promise), and a Rust vector never overlaps the caller's buffer.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), out, bytes.len()) };
    }
    let (status, stage, code) = if !fits && status == SG_OK {
        (SG_OUTPUT_TOO_SMALL, "buffer", "output_too_small")
    } else {
        (status, stage, code)
    };
    if !result.is_null() {
        // SAFETY: the caller's promise above.
        unsafe {
            result.write(SgResult {
                len: bytes.len(),
                stage: c_str(STAGES, stage),
                code: c_str(CODES, code),
            });
        }
    }
    status
}

/// Runs `body` so that no panic unwinds into the caller.
fn guarded(body: impl FnOnce() -> Outcome) -> Outcome {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| {
        Outcome::Refused(
            SG_INTERNAL,
            ErrorReport {
                stage: "internal",
                code: "panic",
                field: String::new(),
                message: "a defect in safeguard: please report it".into(),
            },
        )
    })
}

fn null_argument(result: *mut SgResult) -> i32 {
    if !result.is_null() {
        // SAFETY: the caller promises a non-null `result` points to a writable SgResult.
        unsafe {
            result.write(SgResult {
                len: 0,
                stage: c"argument".as_ptr(),
                code: c"null_pointer".as_ptr(),
            });
        }
    }
    SG_INVALID_ARGUMENT
}

/// Evaluates a case given as JSON text, with a policy as JSON text (`policy` null or
/// `policy_len` 0: the default policy), as at `now` (RFC 3339 text, such as
/// `2024-03-10T00:00:00Z`), exactly as `safeguard check CASE --now NOW --policy POLICY
/// --format json` does.
///
/// On [`SG_OK`] the output holds the findings as a compact JSON array (the `findings` of the
/// command's document), `result->len` bytes, not NUL-terminated. See [`SgResult`] for errors.
///
/// # Safety
/// Each non-null input pointer must point to its length in readable bytes; `out` must point to
/// `out_capacity` writable bytes (it may be null when `out_capacity` is 0, to ask for the
/// length); `result` must point to a writable [`SgResult`]. None is kept after the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_evaluate_json(
    case_json: *const u8,
    case_len: usize,
    policy_json: *const u8,
    policy_len: usize,
    now_rfc3339: *const u8,
    now_len: usize,
    out: *mut u8,
    out_capacity: usize,
    result: *mut SgResult,
) -> i32 {
    // SAFETY: the caller's promises above.
    let inputs = unsafe {
        (
            slice(case_json, case_len),
            slice(policy_json, policy_len),
            slice(now_rfc3339, now_len),
        )
    };
    let (Some(case), Some(policy), Some(now)) = inputs else {
        return null_argument(result);
    };
    if result.is_null() {
        return SG_INVALID_ARGUMENT;
    }
    let policy = (!policy.is_empty()).then_some(policy);
    let outcome = guarded(|| evaluate_json(case, policy, now));
    // SAFETY: the caller's promises above.
    unsafe { finish(outcome, out, out_capacity, result) }
}

/// Evaluates a case given as postcard bytes of the wire format, with a policy as postcard bytes
/// (`policy` null or `policy_len` 0: the default policy), as at `now_unix` (seconds since
/// 1970-01-01T00:00:00Z). On [`SG_OK`] the output holds the findings as postcard bytes.
///
/// # Safety
/// As for [`sg_evaluate_json`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_evaluate_postcard(
    case_postcard: *const u8,
    case_len: usize,
    policy_postcard: *const u8,
    policy_len: usize,
    now_unix: i64,
    out: *mut u8,
    out_capacity: usize,
    result: *mut SgResult,
) -> i32 {
    // SAFETY: the caller's promises above.
    let inputs = unsafe {
        (
            slice(case_postcard, case_len),
            slice(policy_postcard, policy_len),
        )
    };
    let (Some(case), Some(policy)) = inputs else {
        return null_argument(result);
    };
    if result.is_null() {
        return SG_INVALID_ARGUMENT;
    }
    let policy = (!policy.is_empty()).then_some(policy);
    let outcome = guarded(|| evaluate_postcard(case, policy, now_unix));
    // SAFETY: the caller's promises above.
    unsafe { finish(outcome, out, out_capacity, result) }
}

/// Writes the rule catalogue as a JSON array (the `rules` of `safeguard rules --json`): each
/// rule's id, name, sources and texts.
///
/// # Safety
/// `out` must point to `out_capacity` writable bytes (null when `out_capacity` is 0);
/// `result` must point to a writable [`SgResult`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_rules_json(
    out: *mut u8,
    out_capacity: usize,
    result: *mut SgResult,
) -> i32 {
    if result.is_null() {
        return SG_INVALID_ARGUMENT;
    }
    let outcome = guarded(
        || match serde_json::to_vec(&safeguard_core::CATALOGUE[..]) {
            Ok(bytes) => Outcome::Bytes(bytes),
            Err(e) => refused("internal", "panic", "", e.to_string()),
        },
    );
    // SAFETY: the caller's promises above.
    unsafe { finish(outcome, out, out_capacity, result) }
}

/// The version of the rule catalogue the findings follow (`catalogue_version` in the command
/// line's JSON).
#[unsafe(no_mangle)]
pub extern "C" fn sg_catalogue_version() -> u16 {
    safeguard_core::CATALOGUE_VERSION
}

/// This library's version (the `safeguard` release, `tool_version` in the command line's
/// JSON): a static, NUL-terminated string.
#[unsafe(no_mangle)]
pub extern "C" fn sg_version() -> *const c_char {
    const VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(version) => version,
            Err(_) => c"unknown",
        };
    VERSION.as_ptr()
}

/// The name of a status code (`"ok"`, `"decode"`, …, `"unknown"`): a static, NUL-terminated
/// string.
#[unsafe(no_mangle)]
pub extern "C" fn sg_status_name(status: i32) -> *const c_char {
    match status {
        SG_OK => c"ok",
        SG_DECODE => c"decode",
        SG_VALIDATE => c"validate",
        SG_EVALUATE => c"evaluate",
        SG_OUTPUT_TOO_SMALL => c"output_too_small",
        SG_INVALID_ARGUMENT => c"invalid_argument",
        SG_INTERNAL => c"internal",
        _ => c"unknown",
    }
    .as_ptr()
}
