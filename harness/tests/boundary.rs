//! The command line's boundary, through the real binary (issue 11): no input becomes "all
//! clear" by accident. One test (or a few) per finding of the issue; each failed on the code
//! before the fix. Set `SAFEGUARD_BIN` to run them against another build of the command.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

const NOW: &str = "2024-03-10T00:00:00Z";
const GOOD: &str = r#"{"reference":"GOOD","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1}]}"#;

fn safeguard() -> Command {
    match std::env::var_os("SAFEGUARD_BIN") {
        Some(path) => Command::new(path),
        None => Command::new(env!("CARGO_BIN_EXE_safeguard")),
    }
}

fn assert_cmd(command: Command) -> assert_cmd::Command {
    assert_cmd::Command::from_std(command)
}

/// A fresh scratch directory, removed when dropped.
fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("safeguard-boundary-")
        .tempdir()
        .expect("a temporary directory")
}

fn write(path: &Path, text: impl AsRef<[u8]>) -> PathBuf {
    fs::write(path, text).expect("write");
    path.to_path_buf()
}

/// `check -` with `text` on standard input and `--format json`: the exit status and the
/// JSON document printed.
fn check_json(text: &str) -> (Option<i32>, Value) {
    let out = assert_cmd(safeguard())
        .args(["check", "-", "--now", NOW, "--format", "json"])
        .write_stdin(text)
        .output()
        .expect("runs");
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), doc)
}

/// Asserts a case is refused at decoding with `code`, naming `field`.
fn assert_refused(text: &str, code: &str, field: &str) {
    let (status, doc) = check_json(text);
    assert_eq!(status, Some(2), "{text} must be refused; got {doc}");
    assert_eq!(doc["format_version"], 1, "{doc}");
    assert_eq!(doc["error"]["stage"], "decode", "{doc}");
    assert_eq!(doc["error"]["code"], code, "{doc}");
    assert_eq!(doc["error"]["field"], field, "{doc}");
}

/// Waits for a child, failing (and killing it) if it hangs: a guard against the hangs the
/// issue found, not a measure of speed.
fn wait_or_kill(mut child: Child) -> std::process::Output {
    for _ in 0..600 {
        if child.try_wait().expect("waits").is_some() {
            return child.wait_with_output().expect("output");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    panic!("the command hung");
}

fn toml_case(age: &str) -> String {
    format!(
        "reference = \"N\"\ncategories = [\"other\"]\nrecorded_at = 2024-03-04T10:00:00Z\n\
         victims = [{{ id = 1, age_at_offence = {age} }}]\n"
    )
}

// 1. Duplicate keys.

#[test]
fn finding_1_a_key_given_twice_is_refused_not_last_one_wins() {
    let twice = r#"{"reference":"A","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1}],"victims":[]}"#;
    assert_refused(twice, "syntax", "victims");
    let nested = r#"{"reference":"A","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1,"id":2}]}"#;
    assert_refused(nested, "syntax", "victims[0].id");
}

// 2. TOML nan and inf.

#[test]
fn finding_2_toml_nan_and_inf_are_refused_not_read_as_absent() {
    let dir = scratch();
    for age in ["nan", "inf", "-inf", "+nan"] {
        let case = write(&dir.path().join("case.toml"), toml_case(age));
        let out = safeguard()
            .args(["check", "--now", NOW, "--format", "json"])
            .arg(&case)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "age_at_offence = {age}");
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        assert_eq!(doc["error"]["code"], "invalid_value", "{age}: {doc}");
        assert_eq!(doc["error"]["field"], "victims[0].age_at_offence", "{doc}");
    }
}

// 3. Wrong-shaped documents.

#[test]
fn finding_3_documents_that_are_not_a_case_object_are_refused() {
    for text in [
        "[]",
        "\"A\"",
        "3",
        "null",
        r#"["A",["other"],"2024-03-04T10:00:00Z"]"#,
    ] {
        assert_refused(text, "invalid_type", "");
    }
    // An empty object, or one without a reference, names no case.
    assert_refused("{}", "missing_field", "reference");
    assert_refused(r#"{"reference":""}"#, "missing_field", "reference");
    assert_refused(
        r#"{"categories":["other"],"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1}]}"#,
        "missing_field",
        "reference",
    );
    // A positional array nested where a struct belongs is refused too, at any depth: a victim
    // written [id, age] is not read as a victim.
    assert_refused(
        r#"{"reference":"A","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z","victims":[[1,12]]}"#,
        "invalid_type",
        "victims[0]",
    );
    assert_refused(
        r#"{"reference":"A","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1}],
            "events":[{"id":1,"at":"2024-03-05T10:00:00Z","what":{"victim_updated":[1]}}]}"#,
        "invalid_type",
        "events[0].what.victim_updated",
    );
}

// 4. Failed writes.

fn dev_full() -> Option<fs::File> {
    fs::OpenOptions::new().write(true).open("/dev/full").ok()
}

#[test]
fn finding_4_a_failed_write_exits_4_with_a_message() {
    let Some(_) = dev_full() else { return };
    let dir = scratch();
    let case = write(&dir.path().join("case.json"), GOOD);
    let runs: [&[&str]; 4] = [
        &["check", "--now", NOW],
        &["check", "--now", NOW, "--format", "json"],
        &["encode"],
        &["conformance", "--format", "junit"],
    ];
    for args in runs {
        let mut command = safeguard();
        command.args(args);
        if args[0] == "conformance" {
            command.arg(env!("CARGO_MANIFEST_DIR").to_owned() + "/../fixtures");
        } else {
            command.arg(&case);
        }
        let out = command
            .stdout(dev_full().expect("/dev/full"))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write"), "{args:?}: {stderr}");
    }
}

#[test]
fn finding_4_a_full_standard_error_is_no_panic() {
    let Some(full) = dev_full() else { return };
    let out = safeguard()
        .args(["check", "-", "--now", NOW])
        .stdin(Stdio::piped())
        .stderr(full)
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().expect("stdin").write_all(b"{not json")?;
            child.wait_with_output()
        })
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "refused input, not a panic (101)"
    );
}

// 5. Batches.

fn batch(dir: &Path, text: impl AsRef<[u8]>, extra: &[&str]) -> std::process::Output {
    let input = write(&dir.join("cases.jsonl"), text);
    safeguard()
        .args(["check", "--now", NOW, "--batch"])
        .arg(&input)
        .args(extra)
        .output()
        .expect("runs")
}

fn lines_of(out: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or(Value::Null))
        .collect()
}

#[test]
fn finding_5_a_line_of_bad_utf8_is_one_rejected_record() {
    let dir = scratch();
    let mut text = format!("{GOOD}\n").into_bytes();
    text.extend_from_slice(b"{\"reference\":\"\xff\xfe\"}\n");
    text.extend_from_slice(format!("{GOOD}\n").as_bytes());
    let out = batch(dir.path(), text, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("cases.jsonl:2: rejected (decode invalid_utf8)"),
        "{stderr}"
    );
    let records = lines_of(&out);
    assert_eq!(records.len(), 3);
    assert!(records[0]["findings"].is_array() && records[2]["findings"].is_array());
    assert_eq!(records[1]["error"]["code"], "invalid_utf8");
}

#[test]
fn finding_5_a_byte_order_mark_is_dropped() {
    let dir = scratch();
    let out = batch(dir.path(), format!("\u{feff}{GOOD}\n{GOOD}\n"), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(lines_of(&out).len(), 2);
}

#[test]
fn finding_5_blank_lines_are_skipped_and_counted() {
    let dir = scratch();
    let out = batch(dir.path(), format!("{GOOD}\n\n  \n{GOOD}\r\n\n"), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("5 lines read: 2 evaluated, 0 rejected, 3 blank"),
        "{stderr}"
    );
    assert_eq!(lines_of(&out).len(), 2);
}

#[test]
fn finding_5_format_text_is_refused_for_a_batch() {
    let dir = scratch();
    let out = batch(dir.path(), format!("{GOOD}\n"), &["--format", "text"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format text"));
}

#[test]
fn finding_5_a_batch_is_streamed_each_result_as_its_line_is_read() {
    // The first result must come out while the batch is still open: nothing is held back
    // until the end, so memory does not grow with the batch. The batch is a pipe the test
    // keeps open.
    let dir = scratch();
    let fifo = dir.path().join("cases.jsonl");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    let mut child = safeguard()
        .args(["check", "--now", NOW, "--batch"])
        .arg(&fifo)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let mut batch = fs::OpenOptions::new()
        .write(true)
        .open(&fifo)
        .expect("open the pipe");
    writeln!(batch, "{GOOD}").expect("write");
    batch.flush().expect("flush");
    let first = rx.recv_timeout(Duration::from_secs(60));
    drop(batch);
    let _ = child.kill();
    let _ = child.wait();
    let first = first.expect("a result before the batch ended (the command held it back)");
    let doc: Value = serde_json::from_str(&first).unwrap_or(Value::Null);
    assert_eq!(doc["reference"], "GOOD", "{first}");
}

#[test]
fn finding_5_an_over_long_line_is_rejected_without_losing_the_rest() {
    let dir = scratch();
    let long = format!(r#"{{"reference":"{}"}}"#, "x".repeat(1 << 20));
    let out = batch(dir.path(), format!("{GOOD}\n{long}\n{GOOD}\n"), &[]);
    assert_eq!(out.status.code(), Some(3));
    let records = lines_of(&out);
    assert_eq!(records.len(), 3);
    assert_eq!(records[1]["error"]["code"], "too_large", "{}", records[1]);
}

// 6. Safe output.

fn batch_to(dir: &Path, target: &Path) -> std::process::Output {
    let input = write(&dir.join("cases.jsonl"), format!("{GOOD}\n"));
    safeguard()
        .current_dir(dir)
        .args(["check", "--now", NOW, "--batch"])
        .arg(&input)
        .arg("-o")
        .arg(target)
        .output()
        .expect("runs")
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("listable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn finding_6_a_symlink_is_not_replaced() {
    let dir = scratch();
    let real = write(&dir.path().join("real.jsonl"), "keep\n");
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let out = batch_to(dir.path(), &link);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        fs::symlink_metadata(&link)
            .expect("still there")
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&real).expect("read"), "keep\n");
}

#[test]
fn finding_6_a_fifo_is_not_replaced() {
    let dir = scratch();
    let fifo = dir.path().join("out.jsonl");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    let out = batch_to(dir.path(), &fifo);
    assert_eq!(out.status.code(), Some(2));
    assert!(!fs::symlink_metadata(&fifo).expect("still there").is_file());
}

#[test]
fn finding_6_an_existing_partial_file_is_left_alone() {
    let dir = scratch();
    let partial = write(&dir.path().join("out.partial"), "someone else's\n");
    let out = batch_to(dir.path(), &dir.path().join("out.jsonl"));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(&partial).expect("read"),
        "someone else's\n"
    );
    assert_eq!(lines_of_file(&dir.path().join("out.jsonl")), 1);
    assert_eq!(
        names_in(dir.path()),
        ["cases.jsonl", "out.jsonl", "out.partial"]
    );
}

fn lines_of_file(path: &Path) -> usize {
    fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

#[test]
fn finding_6_dash_means_standard_output() {
    let dir = scratch();
    let out = batch_to(dir.path(), Path::new("-"));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(lines_of(&out).len(), 1);
    assert_eq!(names_in(dir.path()), ["cases.jsonl"]);
}

#[test]
fn finding_6_a_directory_is_refused_and_nothing_is_left_behind() {
    let dir = scratch();
    fs::create_dir(dir.path().join("out")).expect("mkdir");
    let out = batch_to(dir.path(), &dir.path().join("out"));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(names_in(dir.path()), ["cases.jsonl", "out"]);
}

#[test]
fn finding_6_encode_refuses_a_symlink_too() {
    let dir = scratch();
    let case = write(&dir.path().join("case.json"), GOOD);
    let real = write(&dir.path().join("real.bin"), "keep");
    let link = dir.path().join("link.bin");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let out = safeguard()
        .arg("encode")
        .arg(&case)
        .arg("-o")
        .arg(&link)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&real).expect("read"), "keep");
}

// 7. The suite command.

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

fn a_passing_fixture() -> String {
    fs::read_to_string(bundled().join("needs-assessment/na-1-due-soon-at-the-deadline-second.toml"))
        .expect("the bundled fixture")
}

#[test]
fn finding_7_an_empty_suite_fails() {
    let dir = scratch();
    let out = safeguard()
        .arg("conformance")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no fixtures found"));
}

#[test]
fn finding_7_the_command_runs_the_coverage_and_schema_self_checks() {
    let dir = scratch();
    write(&dir.path().join("one.toml"), a_passing_fixture());
    let out = safeguard()
        .arg("conformance")
        .arg(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("coverage: NA-2"), "{stdout}");

    let broken = a_passing_fixture().replace("title = \"No assessment", "title = \"\"\n# \"");
    write(&dir.path().join("one.toml"), broken);
    let out = safeguard()
        .arg("conformance")
        .arg(dir.path().join("one.toml"))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("schema: /title"), "{stdout}");
}

#[test]
fn finding_7_one_fixture_file_can_be_run_and_its_extension_case_does_not_matter() {
    let dir = scratch();
    let file = write(&dir.path().join("ONE.TOML"), a_passing_fixture());
    let out = safeguard()
        .arg("conformance")
        .arg(&file)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("1 passed, 0 failed"), "{stdout}");
}

#[test]
fn finding_7_the_default_fixtures_are_found_from_the_working_directory() {
    let dir = scratch();
    let out = safeguard()
        .current_dir(dir.path())
        .arg("conformance")
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "no fixtures/ here: say how to point at them"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("conformance PATH"));

    let top = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = safeguard()
        .current_dir(&top)
        .arg("conformance")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn finding_7_the_walk_follows_no_symlink_loop_and_opens_no_fifo() {
    let dir = scratch();
    for sub in ["a", "b"] {
        fs::create_dir(dir.path().join(sub)).expect("mkdir");
        std::os::unix::fs::symlink("..", dir.path().join(sub).join("up")).expect("symlink");
    }
    write(&dir.path().join("a/one.toml"), a_passing_fixture());
    let _ = Command::new("mkfifo")
        .arg(dir.path().join("b/pipe.toml"))
        .status();
    let child = safeguard()
        .arg("conformance")
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let out = wait_or_kill(child);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // One fixture, read once; the suite fails only on coverage (one fixture covers one rule).
    assert!(stdout.contains("1 passed, 0 failed"), "{stdout}");
    assert_eq!(out.status.code(), Some(1), "{stdout}");
}

// 8. Input size.

#[test]
fn finding_8_input_over_the_limit_is_refused_before_parsing() {
    let victims = vec![r#"{"id":1}"#; 200_000].join(",");
    let text = format!(r#"{{"reference":"BIG","victims":[{victims}]}}"#);
    assert!(text.len() > 1 << 20);
    let out = assert_cmd(safeguard())
        .args(["check", "-", "--now", NOW])
        .write_stdin(text.clone())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("more than 1048576 bytes"), "{stderr}");
    assert_refused(&text, "too_large", "");
}

#[test]
fn a_list_over_capacity_under_the_size_limit_is_still_refused_by_name() {
    // Under the size limit, a list far over its capacity is still refused by name.
    let victims = vec![r#"{"id":1}"#; 50_000].join(",");
    let text = format!(
        r#"{{"reference":"BIG","recorded_at":"2024-03-04T10:00:00Z","victims":[{victims}]}}"#
    );
    let (status, doc) = check_json(&text);
    assert_eq!(status, Some(2));
    assert_eq!(doc["error"]["stage"], "validate", "{doc}");
    assert_eq!(doc["error"]["code"], "capacity_exceeded", "{doc}");
    assert_eq!(doc["error"]["field"], "victims", "{doc}");
}

// 9. Messages.

#[test]
fn finding_9_a_message_names_its_field_once() {
    let victims = (1..=7)
        .map(|i| format!(r#"{{"id":{i}}}"#))
        .collect::<Vec<_>>()
        .join(",");
    let text = format!(
        r#"{{"reference":"A","recorded_at":"2024-03-04T10:00:00Z","victims":[{victims}]}}"#
    );
    let out = assert_cmd(safeguard())
        .args(["check", "-", "--now", NOW])
        .write_stdin(text)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("victims: 7 given"), "{stderr}");
    assert!(!stderr.contains("victims: victims:"), "{stderr}");
}

#[test]
fn finding_9_control_characters_are_never_written_raw() {
    let text = r#"{"reference":"A\u001b[2J\u0007","categories":["other"],"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1}]}"#;
    let out = assert_cmd(safeguard())
        .args(["check", "-", "--now", NOW])
        .write_stdin(text)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.iter().any(|b| *b == 0x1b || *b == 0x07));
    assert!(String::from_utf8_lossy(&out.stdout).contains(r"A\u{1b}[2J\u{7}"));
    // And in an error message.
    let out = assert_cmd(safeguard())
        .args(["check", "-", "--now", NOW])
        .write_stdin(r#"{"reference":"A","categories":["\u001b[31mred"]}"#)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !out.stderr.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// The JSON envelope and the documented exit codes.

#[test]
fn check_json_is_a_versioned_envelope() {
    let (status, doc) = check_json(GOOD);
    assert_eq!(status, Some(0));
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["tool_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(doc["catalogue_version"], safeguard_core::CATALOGUE_VERSION);
    assert_eq!(doc["reference"], "GOOD");
    assert_eq!(doc["now"], NOW);
    assert!(doc["findings"].as_array().is_some_and(|f| !f.is_empty()));

    // An error before the case (a bad --now) is JSON too.
    let out = assert_cmd(safeguard())
        .args(["check", "-", "--now", "yesterday", "--format", "json"])
        .write_stdin(GOOD)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(doc["error"]["code"], "invalid_timestamp", "{doc}");
    assert_eq!(doc["error"]["field"], "now", "{doc}");
}

#[test]
fn conformance_json_is_a_versioned_envelope() {
    let out = safeguard()
        .args(["conformance", "--format", "json"])
        .arg(bundled())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(doc["format_version"], 1, "{doc}");
    assert!(doc["passed"].as_u64().is_some_and(|n| n > 200));

    let empty = scratch();
    let out = safeguard()
        .args(["conformance", "--format", "json", "--no-coverage"])
        .arg(empty.path().join("missing"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(doc["error"]["code"], "unreadable", "{doc}");
}

#[test]
fn help_lists_the_exit_codes() {
    let out = safeguard().arg("--help").output().expect("runs");
    let help = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    for line in [
        "0  all good",
        "1  the conformance suite failed",
        "2  bad usage",
        "3  a batch",
        "4  the output could not be written",
    ] {
        assert!(help.contains(line), "{help}");
    }
}

#[test]
fn finding_8_toml_over_its_limit_is_refused_before_parsing() {
    let dir = scratch();
    let victims = vec!["{ id = 1 }"; 30_000].join(", ");
    let case = write(
        &dir.path().join("big.toml"),
        format!("reference = \"BIG\"\nvictims = [{victims}]\n"),
    );
    let out = safeguard()
        .args(["check", "--now", NOW])
        .arg(&case)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bytes of TOML"), "{stderr}");
}
