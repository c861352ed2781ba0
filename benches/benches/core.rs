//! Criterion benchmarks for safeguard-core. `docs/PERFORMANCE.md` gives the commands and the
//! numbers of the last run.
//!
//! Evaluation is timed through `evaluate_into` with one findings buffer reused across
//! iterations, as a caller in a hot loop would hold it; `evaluate/one-case-returned` times
//! `evaluate`, which returns the 5 KiB findings list by value, for comparison.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use safeguard_benches::{mix, postcard_case, with_events};
use safeguard_core::{
    CalendarConfig, Case, Findings, Instant, Policy, RawCase, evaluate, evaluate_into,
    hearing_deadline, next_school_day_start, working_days_after,
};

const SEED: u64 = 0x5AFE_6A4D;

fn validated(cases: &[(RawCase, Instant)]) -> Vec<(Case, Instant)> {
    cases
        .iter()
        .map(|(raw, now)| (Case::new(raw.clone()).expect("mix cases are valid"), *now))
        .collect()
}

fn all_duties(c: &mut Criterion) {
    let policy = Policy::default();
    let policy = policy.check().expect("the policy is valid");
    let cases = validated(&mix(SEED, 100));
    let mut group = c.benchmark_group("evaluate");
    group.throughput(Throughput::Elements(cases.len() as u64));
    let mut findings = Findings::new();
    group.bench_function("mix-100-cases", |b| {
        b.iter(|| {
            for (case, now) in &cases {
                black_box(evaluate_into(black_box(case), policy, *now, &mut findings).ok());
            }
        });
    });
    group.finish();
    let mut group = c.benchmark_group("evaluate");
    let (case, now) = cases.first().expect("the mix has cases");
    group.bench_function("one-case-returned", |b| {
        b.iter(|| black_box(evaluate(black_box(case), policy, *now).ok()));
    });
    group.bench_function("one-case-into", |b| {
        b.iter(|| black_box(evaluate_into(black_box(case), policy, *now, &mut findings).ok()));
    });
    group.finish();

    // One family at a time: the mix's kinds 0 (crime), 3 (domestic abuse), 5 (s136), 7 (incident).
    let mut group = c.benchmark_group("family");
    for (name, kind) in [
        ("victims-code", 0u64),
        ("domestic-abuse", 3),
        ("s136", 5),
        ("encompass", 7),
    ] {
        let mut rng = safeguard_benches::Rng::new(SEED);
        let (raw, now) = safeguard_benches::case(&mut rng, kind);
        let case = Case::new(raw).expect("valid");
        let mut findings = Findings::new();
        group.bench_function(name, |b| {
            b.iter(|| black_box(evaluate_into(black_box(&case), policy, now, &mut findings).ok()))
        });
    }
    group.finish();
}

fn decoding(c: &mut Criterion) {
    let policy = Policy::default();
    let policy = policy.check().expect("the policy is valid");
    let cases = mix(SEED, 100);
    let postcard: Vec<(Vec<u8>, Instant)> = cases
        .iter()
        .map(|(raw, now)| (postcard_case(raw).expect("encodes"), *now))
        .collect();
    // A case must name itself to be read from JSON; the generated ones have no reference.
    let json: Vec<(String, Instant)> = cases
        .iter()
        .map(|(raw, now)| {
            let text = serde_json::to_string(raw).expect("encodes");
            (
                text.replacen(r#""reference":"""#, r#""reference":"B""#, 1),
                *now,
            )
        })
        .collect();
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Elements(cases.len() as u64));
    group.bench_function("postcard-only", |b| {
        b.iter(|| {
            for (bytes, _) in &postcard {
                black_box(safeguard_core::decode_case(black_box(bytes)).ok());
            }
        });
    });
    let mut findings = Findings::new();
    group.bench_function("postcard+validate+evaluate", |b| {
        b.iter(|| {
            for (bytes, now) in &postcard {
                let raw = safeguard_core::decode_case(black_box(bytes)).expect("decodes");
                let case = Case::new(raw).expect("valid");
                black_box(evaluate_into(&case, policy, *now, &mut findings).ok());
            }
        });
    });
    group.bench_function("json+validate+evaluate", |b| {
        b.iter(|| {
            for (text, now) in &json {
                let raw: RawCase = serde_json::from_str(black_box(text)).expect("decodes");
                let case = Case::new(raw).expect("valid");
                black_box(evaluate_into(&case, policy, *now, &mut findings).ok());
            }
        });
    });
    // The same text through the core's heap-free reader (feature `json`), read in place.
    group.bench_function("json-only", |b| {
        b.iter(|| {
            for (text, _) in &json {
                black_box(serde_json::from_str::<RawCase>(black_box(text)).ok());
            }
        });
    });
    let mut raw = RawCase::EMPTY;
    group.bench_function("json-core-only", |b| {
        b.iter(|| {
            for (text, _) in &json {
                black_box(
                    safeguard_core::json::read_case(black_box(text.as_bytes()), &mut raw).ok(),
                );
            }
        });
    });
    group.bench_function("json-core+validate+evaluate", |b| {
        let mut case = Case::EMPTY;
        b.iter(|| {
            for (text, now) in &json {
                safeguard_core::json::read_case(black_box(text.as_bytes()), &mut raw)
                    .expect("decodes");
                case.renew(&mut raw).expect("valid");
                black_box(evaluate_into(&case, policy, *now, &mut findings).ok());
            }
        });
    });
    group.finish();
}

fn calendar_primitives(c: &mut Criterion) {
    let cfg = CalendarConfig::default();
    // Tuesday 2024-12-24 10:00 GMT: across Christmas and the year boundary.
    let christmas_eve = Instant::from_unix(1_735_034_400);
    // Friday 2024-03-08 20:00 GMT: the next school day is Monday.
    let friday_evening = Instant::from_unix(1_709_928_000);
    let mut group = c.benchmark_group("calendar");
    group.bench_function("working-days-after-5-across-new-year", |b| {
        b.iter(|| black_box(working_days_after(black_box(christmas_eve), 5, &cfg)));
    });
    group.bench_function("next-school-day-start-weekend", |b| {
        b.iter(|| black_box(next_school_day_start(black_box(friday_evening), &cfg)));
    });
    group.bench_function("hearing-deadline-48h-christmas", |b| {
        b.iter(|| black_box(hearing_deadline(black_box(christmas_eve), &cfg)));
    });
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let policy = Policy::default();
    let policy = policy.check().expect("the policy is valid");
    let mut group = c.benchmark_group("scaling");
    for n in [8usize, 16, 32, 64] {
        let (raw, now) = with_events(n);
        let case = Case::new(raw).expect("valid");
        group.throughput(Throughput::Elements(n as u64));
        let mut findings = Findings::new();
        group.bench_with_input(BenchmarkId::new("events", n), &case, |b, case| {
            b.iter(|| black_box(evaluate_into(black_box(case), policy, now, &mut findings).ok()));
        });
    }
    group.finish();
}

criterion_group!(benches, all_duties, decoding, calendar_primitives, scaling);
criterion_main!(benches);
