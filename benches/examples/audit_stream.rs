//! Writes N cases of the mix as an export for `safeguard audit`, one case at a time (constant
//! memory): a postcard stream for a `.pcs` path, JSON Lines otherwise. Audit it as at
//! 2026-09-01T00:00:00Z (after every case of the mix).
//!
//! ```sh
//! cargo run --release -p safeguard-benches --example audit_stream -- 10000000 /tmp/mix.pcs
//! /usr/bin/time -v target/release/safeguard audit /tmp/mix.pcs --as-at 2026-09-01T00:00:00Z
//! ```

use std::io::{BufWriter, Write};

use safeguard_benches::{Rng, case};
use safeguard_harness::audit::read::write_frame;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: u64 = args
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| std::io::Error::other("usage: audit_stream N FILE"))?;
    let path = args
        .next()
        .ok_or_else(|| std::io::Error::other("usage: audit_stream N FILE"))?;
    let postcard = path.ends_with(".pcs");
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
    let mut rng = Rng::new(0x5AFE_6A4D);
    for i in 0..n {
        let (raw, _) = case(&mut rng, i);
        if postcard {
            let bytes = safeguard_harness::wire::case_bytes(&raw).map_err(std::io::Error::other)?;
            write_frame(&mut out, &bytes)?;
        } else {
            serde_json::to_writer(&mut out, &raw)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()
}
