//! Evaluates one benchmark workload in a loop, for an instruction profiler:
//! `valgrind --tool=callgrind target/release/examples/profile scaling-32 1000`.
//! Workloads: `mix` (the 100-case mix), `mix-3-rules` (the mix, judging only the ZEN peer's
//! NA-1, S136-1 and OE-1), `scaling-N` (N = 8, 16, 32, 64), `family-K` (the mix's
//! case kind K, 0–9); `postcard-only` and `postcard-all` decode the mix's postcard bytes, the
//! second also validating and evaluating. `stages` times, on the wall clock, decoding alone,
//! decoding and validating, and all three, interleaved in one process and keeping the best
//! of `rounds` batches of each, which is steadier on a shared machine than separate runs.

use std::hint::black_box;

use safeguard_benches::{Rng, case, mix, postcard_case, with_events};
use safeguard_core::{Case, Instant, Policy, RuleId, evaluate_into};

fn main() {
    let mut args = std::env::args().skip(1);
    let workload = args.next().unwrap_or_else(|| "scaling-32".to_owned());
    let rounds: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    if let Some(stage) = workload.strip_prefix("postcard-") {
        postcard(stage == "all", rounds);
        return;
    }
    if workload == "stages" {
        stages(rounds);
        return;
    }
    let cases: Vec<(Case, Instant)> = if workload == "mix" || workload == "mix-3-rules" {
        mix(0x5AFE_6A4D, 100)
    } else if let Some(n) = workload.strip_prefix("scaling-") {
        vec![with_events(n.parse().unwrap_or(32))]
    } else if let Some(k) = workload.strip_prefix("family-") {
        vec![case(&mut Rng::new(0x5AFE_6A4D), k.parse().unwrap_or(0))]
    } else {
        eprintln!("unknown workload {workload}");
        std::process::exit(2);
    }
    .into_iter()
    .filter_map(|(raw, now)| Case::new(raw).ok().map(|case| (case, now)))
    .collect();
    let policy = if workload == "mix-3-rules" {
        // The peer's three rules, as `--bench peer` times them.
        Policy {
            rules: [RuleId::Na1, RuleId::S136_1, RuleId::Oe1]
                .into_iter()
                .collect(),
            ..Policy::default()
        }
    } else {
        Policy::default()
    };
    let policy = policy.check().expect("the policy is valid");
    let mut out = safeguard_core::Findings::new();
    let mut findings = 0usize;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        for (case, now) in &cases {
            if evaluate_into(black_box(case), policy, *now, &mut out).is_ok() {
                findings += out.len();
            }
        }
    }
    let per = started.elapsed() / (rounds * cases.len() as u32).max(1);
    println!(
        "{workload}: {} cases, {} findings per round, {per:?} per case",
        cases.len(),
        findings / rounds.max(1) as usize
    );
}

/// Decodes the mix's postcard bytes `rounds` times; with `all`, validates and evaluates too.
fn postcard(all: bool, rounds: u32) {
    let policy = Policy::default();
    let policy = policy.check().expect("the policy is valid");
    let cases: Vec<(Vec<u8>, Instant)> = mix(0x5AFE_6A4D, 100)
        .into_iter()
        .filter_map(|(raw, now)| postcard_case(&raw).map(|bytes| (bytes, now)))
        .collect();
    let mut findings = safeguard_core::Findings::new();
    let mut outcomes = 0usize;
    for _ in 0..rounds {
        for (bytes, now) in &cases {
            let Ok(raw) = safeguard_core::decode_case(black_box(bytes)) else {
                continue;
            };
            if all {
                if let Ok(case) = Case::new(raw) {
                    outcomes += usize::from(
                        safeguard_core::evaluate_into(&case, policy, *now, &mut findings).is_ok(),
                    );
                }
            } else {
                outcomes += usize::from(black_box(&raw).victims.len() < 100);
            }
        }
    }
    println!(
        "postcard ({}): {} cases, {outcomes} outcomes",
        if all { "all" } else { "decode only" },
        cases.len()
    );
}

/// The best time per case, over `rounds` batches of 20 passes over the mix, of decoding the
/// postcard bytes, of decoding and validating, and of decoding, validating and evaluating.
fn stages(rounds: u32) {
    const PASSES: u32 = 20;
    let policy = Policy::default();
    let policy = policy.check().expect("the policy is valid");
    let cases: Vec<(Vec<u8>, Instant)> = mix(0x5AFE_6A4D, 100)
        .into_iter()
        .filter_map(|(raw, now)| postcard_case(&raw).map(|bytes| (bytes, now)))
        .collect();
    let per_batch = PASSES * cases.len() as u32;
    let mut findings = safeguard_core::Findings::new();
    let mut best = [std::time::Duration::MAX; 3];
    for _ in 0..rounds.max(1) {
        for (stage, best) in best.iter_mut().enumerate() {
            let started = std::time::Instant::now();
            for _ in 0..PASSES {
                for (bytes, now) in &cases {
                    let Ok(raw) = safeguard_core::decode_case(black_box(bytes)) else {
                        continue;
                    };
                    if stage == 0 {
                        black_box(&raw);
                        continue;
                    }
                    let Ok(case) = Case::new(raw) else {
                        continue;
                    };
                    if stage == 1 {
                        black_box(&case);
                        continue;
                    }
                    black_box(evaluate_into(&case, policy, *now, &mut findings).is_ok());
                }
            }
            *best = (*best).min(started.elapsed() / per_batch);
        }
    }
    let [decode, validated, evaluated] = best;
    println!(
        "per case: decode {decode:?}; + validate {validated:?}; + evaluate {evaluated:?}; \
         all against decode alone {:.2}x",
        evaluated.as_secs_f64() / decode.as_secs_f64()
    );
}
