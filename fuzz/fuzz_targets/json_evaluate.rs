#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| safeguard_harness::fuzzing::json_evaluate(data));
