//! Replays the committed fuzz inputs (`fuzz/regressions/<target>/`) through the same checks the
//! fuzz targets run, on stable, as ordinary tests: the minimised corpus of each target and every
//! input a fuzzer ever found failing.

use std::path::PathBuf;

use safeguard_harness::fuzzing;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    for file in files {
        let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails its fuzz check", file.display());
    }
}

#[test]
fn postcard_evaluate_regressions() {
    replay("postcard_evaluate", fuzzing::postcard_evaluate);
}

#[test]
fn json_evaluate_regressions() {
    replay("json_evaluate", fuzzing::json_evaluate);
}

#[test]
fn calendar_regressions() {
    replay("calendar", fuzzing::calendar);
}
