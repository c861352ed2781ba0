//! safeguard against its ZEN peer on NA-1, S136-1 and OE-1 (feature `peer-zen`):
//!
//! - `peer-eval/*`: evaluation on input already converted: safeguard's `evaluate_into` on a
//!   validated `Case`, once with the whole catalogue of 16 rules (`safeguard-16-rules`) and
//!   once with a policy choosing the peer's three rules (`safeguard-3-rules`: the same duties
//!   as the peer), against ZEN's three decisions on the prepared `serde_json::Value`s
//!   (including their conversion to ZEN variables and reading the findings back).
//! - `peer-json/*`: end to end from the same JSON text of each case: safeguard parses it to a
//!   `RawCase`, validates and evaluates; the ZEN side parses and validates the same way, then
//!   converts and evaluates.
//!
//! Run with `cargo bench -p safeguard-benches --features peer-zen --bench peer`.
#![allow(clippy::expect_used, reason = "benchmark setup fails loudly")]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use safeguard_benches::mix;
use safeguard_benches::zen::{self, Input, Peer};
use safeguard_core::{Case, Findings, Instant, Policy, RawCase, RuleId, evaluate, evaluate_into};

const SEED: u64 = 0x5AFE_6A4D;
const CASES: usize = 100;

/// The mix cases on which at least one of the peer's rules gives a finding, checked to agree.
fn workload(peer: &Peer, policy: &Policy) -> Vec<(RawCase, Case, Instant)> {
    let checked = policy.check().expect("the policy is valid");
    let three = three_rules();
    let three = three.check().expect("the policy is valid");
    let cases: Vec<(RawCase, Case, Instant)> = mix(SEED, CASES)
        .into_iter()
        .map(|(raw, now)| {
            let case = Case::new(raw.clone()).expect("mix cases are valid");
            (raw, case, now)
        })
        .filter(|(_, case, now)| {
            let core = zen::core_outcomes(&evaluate(case, checked, *now).expect("evaluates"));
            let chosen = zen::core_outcomes(&evaluate(case, three, *now).expect("evaluates"));
            let peer = peer
                .evaluate(&zen::convert(case, policy, *now))
                .expect("the peer evaluates");
            assert_eq!(core, peer, "the peer disagrees with the core");
            assert_eq!(
                chosen, peer,
                "the peer disagrees with the core on its three rules"
            );
            !core.is_empty()
        })
        .collect();
    assert!(!cases.is_empty());
    cases
}

/// The default policy, choosing only the peer's three rules.
fn three_rules() -> Policy {
    Policy {
        rules: [RuleId::Na1, RuleId::S136_1, RuleId::Oe1]
            .into_iter()
            .collect(),
        ..Policy::default()
    }
}

fn peer(c: &mut Criterion) {
    let policy = Policy::default();
    let three = three_rules();
    let mut findings = Findings::new();
    let peer = Peer::load().expect("the decisions load");
    let cases = workload(&peer, &policy);
    let inputs: Vec<Input> = cases
        .iter()
        .map(|(_, case, now)| zen::convert(case, &policy, *now))
        .collect();
    let json: Vec<(String, Instant)> = cases
        .iter()
        .map(|(raw, _, now)| (serde_json::to_string(raw).expect("encodes"), *now))
        .collect();

    // safeguard is timed judging every rule, and judging only the peer's three.
    let safeguard_sides = [
        (
            "safeguard-16-rules",
            policy.check().expect("the policy is valid"),
        ),
        (
            "safeguard-3-rules",
            three.check().expect("the policy is valid"),
        ),
    ];

    let mut group = c.benchmark_group("peer-eval");
    group.throughput(Throughput::Elements(cases.len() as u64));
    group.measurement_time(Duration::from_secs(10));
    for (name, policy) in safeguard_sides {
        group.bench_function(name, |b| {
            b.iter(|| {
                for (_, case, now) in &cases {
                    black_box(evaluate_into(black_box(case), policy, *now, &mut findings).ok());
                }
            });
        });
    }
    group.bench_function("zen-3-rules", |b| {
        b.iter(|| {
            for input in &inputs {
                black_box(peer.evaluate(black_box(input)).ok());
            }
        });
    });
    group.finish();

    let mut group = c.benchmark_group("peer-json");
    group.throughput(Throughput::Elements(cases.len() as u64));
    group.measurement_time(Duration::from_secs(10));
    for (name, policy) in safeguard_sides {
        group.bench_function(name, |b| {
            b.iter(|| {
                for (text, now) in &json {
                    let raw: RawCase = serde_json::from_str(black_box(text)).expect("parses");
                    let case = Case::new(raw).expect("valid");
                    black_box(evaluate_into(&case, policy, *now, &mut findings).ok());
                }
            });
        });
    }
    group.bench_function("zen-3-rules", |b| {
        b.iter(|| {
            for (text, now) in &json {
                let raw: RawCase = serde_json::from_str(black_box(text)).expect("parses");
                let case = Case::new(raw).expect("valid");
                let input = zen::convert(&case, &policy, *now);
                black_box(peer.evaluate(&input).ok());
            }
        });
    });
    group.finish();
}

criterion_group!(benches, peer);
criterion_main!(benches);
