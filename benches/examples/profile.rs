//! Evaluates one benchmark workload in a loop, for an instruction profiler:
//! `valgrind --tool=callgrind target/release/examples/profile scaling-32 1000`.
//! Workloads: `mix` (the 100-case mix), `scaling-N` (N = 8, 16, 32, 64), `family-K` (the mix's
//! case kind K, 0–9).

use std::hint::black_box;

use safeguard_benches::{Rng, case, mix, with_events};
use safeguard_core::{Case, Instant, Policy, evaluate};

fn main() {
    let mut args = std::env::args().skip(1);
    let workload = args.next().unwrap_or_else(|| "scaling-32".to_owned());
    let rounds: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let cases: Vec<(Case, Instant)> = if workload == "mix" {
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
    let policy = Policy::default();
    let mut findings = 0usize;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        for (case, now) in &cases {
            findings += evaluate(black_box(case), &policy, *now).map_or(0, |f| f.len());
        }
    }
    let per = started.elapsed() / (rounds * cases.len() as u32).max(1);
    println!(
        "{workload}: {} cases, {} findings per round, {per:?} per case",
        cases.len(),
        findings / rounds.max(1) as usize
    );
}
