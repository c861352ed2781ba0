//! Writes the conformance fixtures as the JSON a records system would send through the C ABI,
//! for the C and Python comparisons in CI (`.ci/capi`):
//!
//!   cargo run -p safeguard-capi --example vectors -- OUT_DIR [FIXTURE_DIR]
//!
//! For every fixture whose case is JSON (a `[case]` table, or `case_text` in JSON), it writes
//! `OUT_DIR/ID.case.json`, `OUT_DIR/ID.policy.json` when the fixture overrides the policy, and
//! one line of `OUT_DIR/manifest.tsv`: `ID<TAB>NOW<TAB>CASE FILE<TAB>POLICY FILE or ->`.
//! Fixtures whose case is postcard bytes or TOML text are left out (named on standard error);
//! the postcard path is compared on `safeguard-device-compare --vector` lines instead.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use safeguard_harness::{fixture, input};

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: vectors OUT_DIR [FIXTURE_DIR]");
        return ExitCode::from(2);
    };
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(safeguard_harness::bundled_fixtures);
    match run(&out, &dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vectors: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(out: &std::path::Path, dir: &std::path::Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    let mut manifest = String::new();
    let (mut written, mut skipped) = (0, 0);
    for path in input::fixture_files(dir).map_err(|e| e.to_string())? {
        let fx = fixture::load(&path).map_err(|e| e.to_string())?;
        let case_text = match (&fx.case, &fx.case_text, fx.case_syntax.as_deref()) {
            (Some(value), None, _) => serde_json::to_string(value).map_err(|e| e.to_string())?,
            (None, Some(text), None | Some("json")) => text.clone(),
            _ => {
                eprintln!("skipped {}: its case is not JSON (postcard or TOML)", fx.id);
                skipped += 1;
                continue;
            }
        };
        if fx.now.contains(['\t', '\n']) {
            return Err(format!("{}: `now` holds a tab or a newline", fx.id));
        }
        let case_file = format!("{}.case.json", fx.id);
        std::fs::write(out.join(&case_file), case_text).map_err(|e| e.to_string())?;
        let policy_file = match &fx.policy {
            Some(policy) => {
                let name = format!("{}.policy.json", fx.id);
                let text = serde_json::to_string(policy).map_err(|e| e.to_string())?;
                std::fs::write(out.join(&name), text).map_err(|e| e.to_string())?;
                name
            }
            None => "-".to_owned(),
        };
        let _ = writeln!(
            manifest,
            "{}\t{}\t{case_file}\t{policy_file}",
            fx.id, fx.now
        );
        written += 1;
    }
    std::fs::write(out.join("manifest.tsv"), manifest).map_err(|e| e.to_string())?;
    eprintln!(
        "vectors: {written} fixtures written to {}, {skipped} left out",
        out.display()
    );
    Ok(())
}
