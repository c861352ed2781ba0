#!/usr/bin/env bash
# Builds wasm/safeguard.wasm for the JavaScript package: the module with the JSON entry points
# alone (feature `json`, no postcard entry points; profile release-json), shrunk with binaryen's
# wasm-opt -Oz when it is installed. `--low-memory-unused` tells wasm-opt that the first KiB of
# memory is never addressed, which holds for Rust's layout (the stack grows down from 1 MiB
# towards it and the module uses a few KiB; data starts at 1 MiB), so it may fold constant
# offsets into loads and stores; `--converge` repeats the passes while they still gain.
set -euo pipefail
cd "$(dirname "$0")"
cargo build --profile release-json --target wasm32-unknown-unknown --no-default-features --features json
WASM=target/wasm32-unknown-unknown/release-json/safeguard_wasm.wasm
if command -v wasm-opt >/dev/null 2>&1; then
    wasm-opt -Oz --converge --low-memory-unused --enable-bulk-memory --enable-sign-ext \
        --enable-mutable-globals --enable-nontrapping-float-to-int "$WASM" -o safeguard.wasm
else
    cp "$WASM" safeguard.wasm
fi
echo "wasm/safeguard.wasm: $(stat -c %s safeguard.wasm) bytes"
