//! Compares what the firmware found on the emulated Cortex-M3 with what the host finds, byte
//! for byte, fixture by fixture.
//!
//! ```text
//! safeguard-device-compare [--fixtures DIR]... DEVICE_OUTPUT|-
//! safeguard-device-compare [--fixtures DIR]... --vector FIXTURE_ID
//! ```
//!
//! The device (see `firmware/`) writes one line per fixture, `F <id> ok <hex>` with the
//! postcard bytes of its findings, or `F <id> err <stage> <code>`; measurement lines start
//! with `M`, and the run ends with `END <fixtures> <failures>`. For every fixture this program
//! decodes the case from the fixture file as the conformance runner does (JSON or TOML, not
//! postcard), validates and evaluates it, encodes the findings as postcard and compares the
//! line with the device's. It exits 1 on any difference, on a fixture the device left out or
//! added, or on a device run that did not finish or reported failures. The fixtures are those
//! of `fixtures/` and `firmware/fixtures/` (the device's own largest input), as `firmware/build.rs`
//! embeds them, unless `--fixtures` names other directories.
//!
//! `--json` compares the JSON build's output (`firmware` feature `json`): the device is given
//! each fixture whose case is JSON as text, bad input included (`fixture::json_input`), and
//! writes `F <id> ok <hex>` with its findings' JSON, compared with the command line's.
//!
//! `--vector ID` prints, for one fixture, the inputs a device takes and the output it must
//! give, as hex: `<case> <policy> <now unix seconds> <findings>` (used to check the WASM
//! build under node).

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use safeguard_core::{Case, Policy, evaluate};
use safeguard_harness::{bundled_fixtures, fixture, input, wire};

/// What the device is given for a fixture: case bytes, policy bytes and `now`, or why the
/// fixture is not sent (the rule `firmware/build.rs` applies; a drift between the two shows up
/// as missing or unexpected fixtures).
fn device_input(fx: &fixture::Fixture, json: bool) -> Result<(Vec<u8>, Vec<u8>, i64), String> {
    if json {
        let (case, policy, now) = fixture::json_input(fx)?;
        return Ok((case.into_bytes(), policy.into_bytes(), now));
    }
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
    let policy_bytes = wire::policy_bytes(&policy).map_err(|_| {
        "the policy cannot be written as postcard (a list over capacity: what did not fit was \
         not kept)"
    })?;
    let mut read = Policy::DEFAULT;
    if safeguard_core::decode_policy_into(&policy_bytes, &mut read).is_err() || read != policy {
        return Err("the policy does not survive postcard (an over-capacity list)".into());
    }
    let case_bytes = match &fx.case_postcard {
        Some(hex) => fixture::decode_hex(hex).ok_or("case_postcard is not hexadecimal")?,
        None => {
            let raw =
                fixture::raw_case(fx).map_err(|e| format!("case does not decode ({})", e.code))?;
            let bytes = wire::case_bytes(&raw).map_err(|_| {
                "the case cannot be written as postcard (a list over capacity or a reference \
                 too long: what did not fit was not kept)"
            })?;
            if safeguard_core::decode_case(&bytes).ok().as_ref() != Some(&raw) {
                return Err("the case does not survive postcard (an over-capacity list)".into());
            }
            bytes
        }
    };
    Ok((case_bytes, policy_bytes, now.unix()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The host's line for a fixture (after `F <id> `), computed from the fixture file.
fn host_line(fx: &fixture::Fixture, json: bool) -> Result<String, String> {
    let now = input::parse_instant(&fx.now, &fx.id, "now").map_err(|e| e.to_string())?;
    let policy = match fixture::policy_of(fx) {
        Ok(policy) => policy,
        Err(e) => return Ok(format!("err decode {}", e.code)),
    };
    let raw = match fixture::raw_case(fx) {
        Ok(raw) => raw,
        Err(e) => return Ok(format!("err decode {}", e.code)),
    };
    let case = match Case::new(raw) {
        Ok(case) => case,
        Err(e) => return Ok(format!("err validate {}", e.code())),
    };
    let policy = match policy.check() {
        Ok(policy) => policy,
        Err(e) => return Ok(format!("err evaluate {}", e.code())),
    };
    let findings = match evaluate(&case, policy, now) {
        Ok(findings) => findings,
        Err(e) => return Ok(format!("err evaluate {}", e.code())),
    };
    if json {
        let text = serde_json::to_vec(findings.as_slice()).map_err(|e| e.to_string())?;
        return Ok(format!("ok {}", hex(&text)));
    }
    let mut buf = vec![0u8; 1 << 20];
    let bytes = safeguard_core::encode_findings(&findings, &mut buf).map_err(|e| e.to_string())?;
    Ok(format!("ok {}", hex(bytes)))
}

struct Args {
    fixtures: Vec<PathBuf>,
    json: bool,
    vector: Option<String>,
    device: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        fixtures: Vec::new(),
        json: false,
        vector: None,
        device: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--fixtures" => args
                .fixtures
                .push(it.next().ok_or("--fixtures needs a directory")?.into()),
            "--json" => args.json = true,
            "--vector" => args.vector = Some(it.next().ok_or("--vector needs a fixture id")?),
            "-h" | "--help" => {
                return Err(
                    "usage: safeguard-device-compare [--fixtures DIR] [--json] DEVICE_OUTPUT|-\n       \
                            safeguard-device-compare [--fixtures DIR] --vector FIXTURE_ID"
                        .into(),
                );
            }
            _ if args.device.is_none() && (arg == "-" || !arg.starts_with('-')) => {
                args.device = Some(arg);
            }
            _ => return Err(format!("unexpected argument {arg:?} (try --help)")),
        }
    }
    if args.fixtures.is_empty() {
        args.fixtures = vec![
            bundled_fixtures(),
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join("firmware")
                .join("fixtures"),
        ];
    }
    if args.vector.is_none() && args.device.is_none() {
        return Err("give the device's output (a file, or - for standard input)".into());
    }
    Ok(args)
}

fn load_all(dirs: &[PathBuf]) -> Result<Vec<fixture::Fixture>, String> {
    let mut fixtures = Vec::new();
    for dir in dirs {
        for path in input::fixture_files(dir).map_err(|e| e.to_string())? {
            fixtures.push(fixture::load(&path).map_err(|e| e.to_string())?);
        }
    }
    Ok(fixtures)
}

fn vector(fixtures: &[fixture::Fixture], id: &str) -> Result<(), String> {
    let fx = fixtures
        .iter()
        .find(|fx| fx.id == id)
        .ok_or_else(|| format!("no fixture with id {id:?}"))?;
    let (case, policy, now) = device_input(fx, false)?;
    let line = host_line(fx, false)?;
    let findings = line
        .strip_prefix("ok ")
        .ok_or_else(|| format!("{id}: the host gives {line:?}, not findings"))?;
    println!("{} {} {now} {findings}", hex(&case), hex(&policy));
    Ok(())
}

/// Per-fixture measurements from an `M cost` line.
struct Cost {
    case_bytes: u64,
    stack: u64,
    ticks: [u64; 4],
}

fn parse_cost(rest: &str) -> Option<(String, Cost)> {
    let mut words = rest.split_whitespace();
    let id = words.next()?.to_owned();
    let mut fields = BTreeMap::new();
    for word in words {
        let (k, v) = word.split_once('=')?;
        fields.insert(k, v.parse::<u64>().ok()?);
    }
    Some((
        id,
        Cost {
            case_bytes: *fields.get("case_bytes")?,
            stack: *fields.get("stack")?,
            ticks: [
                *fields.get("decode")?,
                *fields.get("validate")?,
                *fields.get("evaluate")?,
                *fields.get("encode")?,
            ],
        },
    ))
}

fn compare(fixtures: &[fixture::Fixture], output: &str, json: bool) -> bool {
    let mut device: BTreeMap<String, String> = BTreeMap::new();
    let mut duplicates = Vec::new();
    let mut costs: BTreeMap<String, Cost> = BTreeMap::new();
    let mut calibration: Option<(u64, u64)> = None;
    let mut end: Option<(u64, u64)> = None;
    let mut other = Vec::new();
    for line in output.lines() {
        if let Some(rest) = line.strip_prefix("F ") {
            let (id, result) = rest.split_once(' ').unwrap_or((rest, ""));
            if device.insert(id.to_owned(), result.to_owned()).is_some() {
                duplicates.push(id.to_owned());
            }
        } else if let Some(rest) = line.strip_prefix("M cost ") {
            if let Some((id, cost)) = parse_cost(rest) {
                costs.insert(id, cost);
            }
        } else if let Some(rest) = line.strip_prefix("M calibrate ") {
            let num = |key: &str| {
                rest.split_whitespace()
                    .find_map(|w| w.strip_prefix(key))
                    .and_then(|v| v.parse::<u64>().ok())
            };
            calibration = num("instructions=").zip(num("ticks="));
        } else if let Some(rest) = line.strip_prefix("END ") {
            let mut words = rest.split_whitespace().map(|w| w.parse::<u64>().ok());
            end = words.next().flatten().zip(words.next().flatten());
        } else if let Some(rest) = line.strip_prefix("M ") {
            println!("device: {rest}");
        } else if !line.trim().is_empty() {
            other.push(line.to_owned());
        }
    }

    let (mut same, mut different, mut missing, mut skipped) = (0usize, 0usize, 0usize, 0usize);
    let mut problems = Vec::new();
    let mut expected_ids = std::collections::BTreeSet::new();
    for fx in fixtures {
        if let Err(why) = device_input(fx, json) {
            skipped += 1;
            println!("skipped {}: {why}", fx.id);
            if fx.expect.error.is_none() {
                different += 1;
                problems.push(format!(
                    "{}: expects findings but cannot be sent to the device: {why}",
                    fx.id
                ));
            }
            continue;
        }
        expected_ids.insert(fx.id.clone());
        let host = match host_line(fx, json) {
            Ok(line) => line,
            Err(e) => {
                different += 1;
                problems.push(format!("{}: the host could not run it: {e}", fx.id));
                continue;
            }
        };
        match device.get(&fx.id) {
            None => {
                missing += 1;
                problems.push(format!("{}: not in the device's output", fx.id));
            }
            Some(got) if *got == host => same += 1,
            Some(got) => {
                different += 1;
                let at = got
                    .bytes()
                    .zip(host.bytes())
                    .position(|(a, b)| a != b)
                    .unwrap_or_else(|| got.len().min(host.len()));
                problems.push(format!(
                    "{}: differs from byte {} of the line\n  host:   {}\n  device: {}",
                    fx.id,
                    at,
                    shorten(&host, at),
                    shorten(got, at)
                ));
            }
        }
    }
    let unexpected: Vec<&String> = device
        .keys()
        .filter(|id| !expected_ids.contains(*id))
        .collect();
    for id in &unexpected {
        problems.push(format!(
            "{id}: on the device but not expected from the fixtures"
        ));
    }
    for id in &duplicates {
        problems.push(format!("{id}: the device reported it twice"));
    }
    for line in &other {
        problems.push(format!("unexpected device output: {line}"));
    }
    match end {
        None => problems.push("the device's output has no END line: the run did not finish".into()),
        Some((n, failures)) => {
            if n != device.len() as u64 {
                problems.push(format!(
                    "END counts {n} fixtures, the output has {}",
                    device.len()
                ));
            }
            if failures != 0 {
                problems.push(format!(
                    "the device reported {failures} fixture(s) whose outcome is not the kind expected"
                ));
            }
        }
    }

    report_costs(&costs, calibration, &device);
    for problem in &problems {
        println!("DIFF {problem}");
    }
    let failed = different + missing + unexpected.len();
    println!(
        "device-compare: {} fixtures compared with the host byte for byte: {same} identical, \
         {different} different, {missing} missing, {} unexpected; {skipped} not sent to the device",
        expected_ids.len(),
        unexpected.len()
    );
    println!("{same} passed, {failed} failed");
    problems.is_empty()
}

fn shorten(line: &str, at: usize) -> String {
    let start = at.saturating_sub(16);
    let end = (at + 48).min(line.len());
    let prefix = if start > 0 { "…" } else { "" };
    let suffix = if end < line.len() { "…" } else { "" };
    format!("{prefix}{}{suffix}", line.get(start..end).unwrap_or(line))
}

/// Prints instruction counts (ticks scaled by the calibration loop) and stack figures. The
/// per-stage figures count the fixtures that went through every stage (those with findings).
fn report_costs(
    costs: &BTreeMap<String, Cost>,
    calibration: Option<(u64, u64)>,
    device: &BTreeMap<String, String>,
) {
    let complete: Vec<(&String, &Cost)> = costs
        .iter()
        .filter(|(id, _)| device.get(*id).is_some_and(|line| line.starts_with("ok ")))
        .collect();
    if complete.is_empty() {
        return;
    }
    let Some((insns, ticks)) = calibration.filter(|(_, t)| *t > 0) else {
        println!("device: no calibration line; instruction counts not reported");
        return;
    };
    let scale = |t: u64| t * insns / ticks;
    println!(
        "metrics: calibration {insns} instructions = {ticks} SysTick ticks ({:.2} instructions \
         per tick); {} fixtures with findings",
        insns as f64 / ticks as f64,
        complete.len()
    );
    let stats = |mut v: Vec<u64>| {
        v.sort_unstable();
        let total: u64 = v.iter().sum();
        format!(
            "min {} median {} mean {} max {}",
            v[0],
            v[v.len() / 2],
            total / v.len() as u64,
            v[v.len() - 1]
        )
    };
    let names = ["decode", "validate", "evaluate", "encode"];
    for (i, name) in names.iter().enumerate() {
        let v = complete.iter().map(|(_, c)| scale(c.ticks[i])).collect();
        println!("metrics: {name:<8} instructions {}", stats(v));
    }
    let all = |c: &Cost| scale(c.ticks.iter().sum());
    let v = complete.iter().map(|(_, c)| all(c)).collect();
    println!("metrics: all four   instructions {}", stats(v));
    if let Some((id, c)) = complete.iter().max_by_key(|(_, c)| c.ticks[2]) {
        println!(
            "metrics: most evaluating: {id}: {} instructions evaluating, {} in all",
            scale(c.ticks[2]),
            all(c)
        );
    }
    if let Some((id, c)) = complete.iter().max_by_key(|(_, c)| c.case_bytes) {
        println!(
            "metrics: largest fixture with findings: {id} ({} case bytes): stack {} bytes, {} \
             instructions evaluating, {} in all",
            c.case_bytes,
            c.stack,
            scale(c.ticks[2]),
            all(c)
        );
    }
    if let Some((id, c)) = costs.iter().max_by_key(|(_, c)| c.case_bytes) {
        println!(
            "metrics: largest fixture: {id} ({} case bytes, {}): stack {} bytes",
            c.case_bytes,
            match device
                .get(id)
                .map(|l| l.split(' ').collect::<Vec<_>>())
                .as_deref()
            {
                Some(["ok", ..]) => "findings",
                Some(["err", _, code]) => code,
                _ => "?",
            },
            c.stack
        );
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let fixtures = match load_all(&args.fixtures) {
        Ok(fixtures) => fixtures,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if let Some(id) = &args.vector {
        return match vector(&fixtures, id) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    let mut output = String::new();
    let read = match args.device.as_deref() {
        Some("-") | None => std::io::stdin().read_to_string(&mut output).map(|_| ()),
        Some(path) => std::fs::read_to_string(path).map(|text| output = text),
    };
    if let Err(e) = read {
        eprintln!("cannot read the device's output: {e}");
        return ExitCode::from(2);
    }
    if compare(&fixtures, &output, args.json) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
