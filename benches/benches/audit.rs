//! `safeguard audit`'s throughput on the mix (`docs/PERFORMANCE.md`, "The audit").
//!
//! - `audit-per-core/*`: one thread doing what each worker of the audit does for every record
//!   (decode, validate, evaluate, turn the findings into audit lines) and the counting the
//!   main thread does, from postcard frames or JSON Lines text already in memory: the cases
//!   per second one core sustains.
//! - `audit-run/*`: the whole audit on a file of the mix, on every core: reading, the
//!   workers, the counting, and the report.

use std::hint::black_box;
use std::io::Write as _;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use safeguard_benches::mix;
use safeguard_core::{Instant, Policy};
use safeguard_harness::audit::read::{Payload, Record, write_frame};
use safeguard_harness::audit::tally::{Outcome, Tally, Worker, judge};
use safeguard_harness::audit::{Options, run};

const SEED: u64 = 0x5AFE_6A4D;
const CASES: usize = 10_000;

/// After every case of the mix (they run from 2021-06 to about mid-2026).
fn as_at() -> Instant {
    Instant::parse_rfc3339("2026-09-01T00:00:00Z").expect("a valid instant")
}

fn per_core(c: &mut Criterion) {
    let cases = mix(SEED, CASES);
    let frames: Vec<Vec<u8>> = cases
        .iter()
        .map(|(raw, _)| safeguard_harness::wire::case_bytes(raw).expect("encodes"))
        .collect();
    let lines: Vec<String> = cases
        .iter()
        .map(|(raw, _)| serde_json::to_string(raw).expect("serialises"))
        .collect();
    let policy = Policy::default();
    let policy = policy.check().expect("the policy is valid");
    let now = as_at();
    let mut group = c.benchmark_group("audit-per-core");
    group.throughput(Throughput::Elements(CASES as u64));
    let mut worker = Worker::default();
    group.bench_function("postcard", |b| {
        b.iter(|| {
            let mut tally = Tally::new(1000);
            for (i, frame) in frames.iter().enumerate() {
                let record = Record {
                    input: 0,
                    number: i as u64 + 1,
                    file: None,
                    payload: Payload::Postcard(frame.clone()),
                };
                if let Outcome::Judged(judged) = judge(record, policy, now, &mut worker) {
                    tally.add(&judged.meta, &judged.lines);
                }
            }
            black_box(tally.lines)
        });
    });
    group.bench_function("jsonl", |b| {
        b.iter(|| {
            let mut tally = Tally::new(1000);
            for (i, line) in lines.iter().enumerate() {
                let record = Record {
                    input: 0,
                    number: i as u64 + 1,
                    file: None,
                    payload: Payload::Json(line.clone()),
                };
                if let Outcome::Judged(judged) = judge(record, policy, now, &mut worker) {
                    tally.add(&judged.meta, &judged.lines);
                }
            }
            black_box(tally.lines)
        });
    });
    group.finish();
}

fn whole_run(c: &mut Criterion) {
    let cases = mix(SEED, CASES);
    let dir = std::env::temp_dir().join(format!("safeguard-audit-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let pcs = dir.join("mix.pcs");
    let jsonl = dir.join("mix.jsonl");
    let mut stream = Vec::new();
    let mut text = Vec::new();
    for (raw, _) in &cases {
        write_frame(
            &mut stream,
            &safeguard_harness::wire::case_bytes(raw).expect("encodes"),
        )
        .expect("frames");
        serde_json::to_writer(&mut text, raw).expect("serialises");
        text.write_all(b"\n").expect("in memory");
    }
    std::fs::write(&pcs, stream).expect("writes");
    std::fs::write(&jsonl, text).expect("writes");
    let mut group = c.benchmark_group("audit-run");
    group.throughput(Throughput::Elements(CASES as u64));
    for (name, path) in [("postcard-file", &pcs), ("jsonl-file", &jsonl)] {
        let options = Options {
            inputs: vec![path.clone()],
            as_at: as_at(),
            policy: Policy::default(),
            policy_name: "default".to_owned(),
            sample: None,
            max_failing: 1000,
            progress: false,
            report_rejected: false,
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(
                    run::<std::io::Sink>(&options, None)
                        .expect("runs")
                        .records
                        .evaluated,
                )
            });
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group! {
    name = audit;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = per_core, whole_run
}
criterion_main!(audit);
