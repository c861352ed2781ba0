//! Prints the sizes of the values a caller keeps while evaluating: on a small device they live
//! on the stack or in statics. `cargo run --release -p safeguard-benches --example sizes`

use core::mem::size_of;

use safeguard_core::{Case, Finding, Findings, MAX_FINDINGS, Policy, RawCase};

fn main() {
    println!("{:<24} {:>8}", "type", "bytes");
    for (name, bytes) in [
        ("RawCase", size_of::<RawCase>()),
        ("Case", size_of::<Case>()),
        ("Policy", size_of::<Policy>()),
        ("Finding", size_of::<Finding>()),
        ("Findings", size_of::<Findings>()),
    ] {
        println!("{name:<24} {bytes:>8}");
    }
    println!("(Findings holds up to {MAX_FINDINGS} findings)");
}
