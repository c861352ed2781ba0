//! The C ABI from Rust: threads at once, a buffer too small, null pointers, the catalogue.

use std::ffi::CStr;

use safeguard_capi::*;

const CASE: &str = r#"{"reference":"NA1-MET","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z",
"victims":[{"id":1}],"events":[{"id":1,"at":"2024-03-05T09:00:00Z","what":{"needs_assessment":
{"victim":1,"enhanced_rights":false,"vulnerable_or_intimidated":false,"special_measures":false,
"referral":"declined"}}}]}"#;
const NOW: &str = "2024-03-10T00:00:00Z";

fn call(case: &str, policy: &str, now: &str, capacity: usize) -> (i32, SgResult, Vec<u8>) {
    let mut out = vec![0u8; capacity];
    let mut result = SgResult {
        len: 0,
        stage: std::ptr::null(),
        code: std::ptr::null(),
    };
    // SAFETY: every pointer is to a live slice of its stated length.
    let status = unsafe {
        sg_evaluate_json(
            case.as_ptr(),
            case.len(),
            policy.as_ptr(),
            policy.len(),
            now.as_ptr(),
            now.len(),
            out.as_mut_ptr(),
            out.len(),
            &mut result,
        )
    };
    out.truncate(result.len.min(capacity));
    (status, result, out)
}

fn text(ptr: *const std::ffi::c_char) -> &'static str {
    // SAFETY: the library returns static NUL-terminated strings.
    unsafe { CStr::from_ptr(ptr) }.to_str().unwrap()
}

#[test]
fn findings_and_a_buffer_too_small() {
    let (status, result, out) = call(CASE, "", NOW, 1 << 16);
    assert_eq!(status, SG_OK);
    let findings: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(findings[0]["rule"], "NA-1");
    assert_eq!(findings[0]["status"], "met");
    assert_eq!(text(result.stage), "");
    let (status, small, _) = call(CASE, "", NOW, 8);
    assert_eq!(status, SG_OUTPUT_TOO_SMALL);
    assert_eq!(small.len, out.len());
    assert_eq!(text(small.code), "output_too_small");
}

#[test]
fn errors_carry_stage_code_and_field() {
    let (status, result, out) = call(CASE, "", "yesterday", 4096);
    assert_eq!(status, SG_DECODE);
    assert_eq!(
        (text(result.stage), text(result.code)),
        ("decode", "invalid_timestamp")
    );
    let error: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(error["field"], "now");
    let (status, result, _) = call(CASE, "", "2024-03-01T00:00:00Z", 4096);
    assert_eq!(status, SG_EVALUATE);
    assert_eq!(text(result.code), "now_before_case");
    let (status, result, _) = call(r#"{"reference":"X","victims":["#, "", NOW, 4096);
    assert_eq!(status, SG_DECODE);
    assert_eq!(text(result.code), "syntax");
}

#[test]
fn null_pointers_are_refused() {
    let mut result = SgResult {
        len: 0,
        stage: std::ptr::null(),
        code: std::ptr::null(),
    };
    // SAFETY: a null case pointer with a non-zero length is what is being refused.
    let status = unsafe {
        sg_evaluate_json(
            std::ptr::null(),
            5,
            std::ptr::null(),
            0,
            NOW.as_ptr(),
            NOW.len(),
            std::ptr::null_mut(),
            0,
            &mut result,
        )
    };
    assert_eq!(status, SG_INVALID_ARGUMENT);
    assert_eq!(text(result.code), "null_pointer");
}

#[test]
fn threads_may_call_at_once() {
    let (_, _, want) = call(CASE, "", NOW, 1 << 16);
    let threads: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(|| {
                (0..50)
                    .map(|_| call(CASE, "", NOW, 1 << 16).2)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for thread in threads {
        for got in thread.join().unwrap() {
            assert_eq!(got, want);
        }
    }
}

#[test]
fn the_catalogue_and_versions() {
    assert_eq!(sg_catalogue_version(), safeguard_core::CATALOGUE_VERSION);
    assert_eq!(text(sg_version()), env!("CARGO_PKG_VERSION"));
    let mut out = vec![0u8; 1 << 16];
    let mut result = SgResult {
        len: 0,
        stage: std::ptr::null(),
        code: std::ptr::null(),
    };
    // SAFETY: `out` is a live buffer of its stated length.
    let status = unsafe { sg_rules_json(out.as_mut_ptr(), out.len(), &mut result) };
    assert_eq!(status, SG_OK);
    let rules: serde_json::Value = serde_json::from_slice(&out[..result.len]).unwrap();
    assert_eq!(
        rules.as_array().unwrap().len(),
        safeguard_core::CATALOGUE.len()
    );
    assert_eq!(text(sg_status_name(SG_VALIDATE)), "validate");
    for code in safeguard_harness::input::DECODE_CODES {
        assert!(code_is_listed(code), "{code}");
    }
}
