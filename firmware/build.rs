//! Encodes the conformance fixtures for the device: for each one that can travel as postcard,
//! its case bytes, its policy bytes and `now`, written as Rust statics into `OUT_DIR`, and
//! copies `memory.x` where the linker finds it.
//!
//! The selection rule is the one `safeguard-device-compare` applies on the host (see
//! `device_input` there); a drift between the two shows up there as a missing or extra id.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use safeguard_core::Policy;
use safeguard_harness::{fixture, input};

/// Why a fixture is not sent to the device.
fn device_input(fx: &fixture::Fixture) -> Result<(Vec<u8>, Vec<u8>, i64), String> {
    if fx
        .expect
        .error
        .as_ref()
        .is_some_and(|e| e.stage == fixture::Stage::Decode)
        && fx.case_postcard.is_none()
    {
        return Err(
            "a decode-stage error of the JSON/TOML form, which postcard cannot carry".into(),
        );
    }
    let now = input::parse_instant(&fx.now, &fx.id, "now")
        .map_err(|e| format!("`now` does not parse ({})", e.code))?;
    let policy =
        fixture::policy_of(fx).map_err(|e| format!("policy does not decode ({})", e.code))?;
    let mut policy_bytes = vec![0u8; 64 * 1024];
    let used = safeguard_core::encode_policy(&policy, &mut policy_bytes)
        .map_err(|_| {
            "the policy cannot be written as postcard (a list over capacity: what did not fit \
             was not kept)"
        })?
        .len();
    policy_bytes.truncate(used);
    let mut read = Policy::DEFAULT;
    if safeguard_core::decode_policy_into(&policy_bytes, &mut read).is_err() || read != policy {
        return Err("the policy does not survive postcard (an over-capacity list)".into());
    }
    let case_bytes = match &fx.case_postcard {
        Some(hex) => fixture::decode_hex(hex).ok_or("case_postcard is not hexadecimal")?,
        None => {
            let raw =
                fixture::raw_case(fx).map_err(|e| format!("case does not decode ({})", e.code))?;
            let mut buf = vec![0u8; 64 * 1024];
            let used = safeguard_core::encode_case(&raw, &mut buf)
                .map_err(|_| {
                    "the case cannot be written as postcard (a list over capacity or a reference \
                     too long: what did not fit was not kept)"
                })?
                .len();
            buf.truncate(used);
            if safeguard_core::decode_case(&buf).ok().as_ref() != Some(&raw) {
                return Err("the case does not survive postcard (an over-capacity list)".into());
            }
            buf
        }
    };
    Ok((case_bytes, policy_bytes, now.unix()))
}

fn byte_string(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 4 + 3);
    s.push_str("b\"");
    for b in bytes {
        let _ = write!(s, "\\x{b:02x}");
    }
    s.push('"');
    s
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));

    // The JSON build (feature `json`) is given each fixture's case and policy as JSON text
    // (`fixture::json_input`), bad input included; the postcard build their postcard bytes.
    // The JSON text does not fit the LM3S6965's flash beside the code, so that build runs on
    // the MPS2 AN385 board, a Cortex-M3 too.
    let json = std::env::var_os("CARGO_FEATURE_JSON").is_some();
    let memory = if json {
        "memory-mps2-an385.x"
    } else {
        "memory-lm3s6965.x"
    };
    std::fs::copy(manifest.join(memory), out.join("memory.x")).expect("copy memory.x");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed={memory}");

    // The conformance suite, then this crate's own inputs (a case at every capacity).
    let dirs = [
        manifest.join("..").join("fixtures"),
        manifest.join("fixtures"),
    ];
    let mut files = Vec::new();
    for dir in &dirs {
        println!("cargo:rerun-if-changed={}", dir.display());
        files.extend(input::fixture_files(dir).expect("list the fixtures"));
    }

    let mut policies: Vec<Vec<u8>> = Vec::new();
    let mut entries = String::new();
    let mut skipped = String::new();
    let (mut count, mut total_case_bytes, mut skipped_count) = (0usize, 0usize, 0usize);
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let fx = fixture::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let input = if json {
            fixture::json_input(&fx)
                .map(|(case, policy, now)| (case.into_bytes(), policy.into_bytes(), now))
        } else {
            device_input(&fx)
        };
        match input {
            Ok((case, policy, now)) => {
                let p = policies
                    .iter()
                    .position(|p| *p == policy)
                    .unwrap_or_else(|| {
                        policies.push(policy);
                        policies.len() - 1
                    });
                total_case_bytes += case.len();
                let expect = match &fx.expect.error {
                    None => "Expect::Findings".to_owned(),
                    Some(e) => format!(
                        "Expect::Error {{ stage: {:?}, code: {:?} }}",
                        match e.stage {
                            fixture::Stage::Decode => "decode",
                            fixture::Stage::Validate => "validate",
                            fixture::Stage::Evaluate => "evaluate",
                        },
                        e.code
                    ),
                };
                let _ = writeln!(
                    entries,
                    "    Fixture {{ id: {:?}, now: {now}, policy: &POLICY_{p}, case: {}, expect: {expect} }},",
                    fx.id,
                    byte_string(&case)
                );
                count += 1;
            }
            Err(why) => {
                let _ = writeln!(skipped, "// skipped {}: {why}", fx.id);
                skipped_count += 1;
            }
        }
    }
    assert!(
        count > 0,
        "no fixture could be encoded under {}",
        rel(&dirs[0])
    );

    let mut src = String::new();
    let _ = writeln!(
        src,
        "// Generated by build.rs from {} fixture files.",
        files.len()
    );
    src.push_str(&skipped);
    for (i, p) in policies.iter().enumerate() {
        let _ = writeln!(
            src,
            "static POLICY_{i}: [u8; {}] = *{};",
            p.len(),
            byte_string(p)
        );
    }
    let _ = writeln!(
        src,
        "/// Bytes of case postcard in all.\nconst CASE_BYTES: usize = {total_case_bytes};"
    );
    let _ = writeln!(
        src,
        "/// Fixtures not sent to the device.\nconst SKIPPED: usize = {skipped_count};"
    );
    let _ = writeln!(
        src,
        "/// The longest postcard findings can be.\n#[allow(dead_code)]\nconst FINDINGS_WIRE_MAX: usize = {};",
        if json {
            findings_json_max()
        } else {
            findings_wire_max()
        }
    );
    let _ = writeln!(src, "static FIXTURES: [Fixture; {count}] = [\n{entries}];");
    std::fs::write(out.join("fixtures.rs"), src).expect("write fixtures.rs");
}

/// An upper bound on the findings' JSON: `MAX_FINDINGS` findings, each with every optional
/// field present at its widest and the longest source in the catalogue.
fn findings_json_max() -> usize {
    let longest_source = safeguard_core::CATALOGUE
        .iter()
        .flat_map(|rule| rule.sources.iter())
        .map(|dated| {
            serde_json::to_string(&dated.value)
                .expect("write a source")
                .len()
        })
        .max()
        .unwrap_or(0);
    // {"rule":"S136-1","subject":{"detention":4294967295},"status":"not_applicable",
    // "deadline":"2200-12-31T23:59:59Z","met_at":…,"reason":…,"source":…,
    // "computed_holidays":false}, with room to spare for the names of the fields.
    let finding = 256 + longest_source;
    2 + safeguard_core::MAX_FINDINGS * (finding + 1)
}

/// An upper bound on the findings' payload: the wire header, the catalogue version (a u16
/// varint, at most 3 bytes), then `MAX_FINDINGS` findings, each
/// with every optional field present, the widest varints and the longest source in the
/// catalogue.
fn findings_wire_max() -> usize {
    let longest_source = safeguard_core::CATALOGUE
        .iter()
        .flat_map(|rule| rule.sources.iter())
        .map(|dated| {
            postcard::to_allocvec(&dated.value)
                .expect("encode a source")
                .len()
        })
        .max()
        .unwrap_or(0);
    // rule, subject (tag + u32 varint), status, two Option<Instant> (tag + i64 varint),
    // reason, source, computed_holidays.
    let finding = 1 + (1 + 5) + 1 + 2 * (1 + 10) + 2 + longest_source + 1;
    safeguard_core::WIRE_HEADER_LEN + 3 + 5 + safeguard_core::MAX_FINDINGS * finding
}

fn rel(p: &Path) -> String {
    p.display().to_string()
}
