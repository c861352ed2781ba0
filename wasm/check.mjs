// Runs the safeguard WASM module under node on test vectors and compares its findings with the
// host's, byte for byte.
//
//   node wasm/check.mjs MODULE.wasm < vectors
//
// Each line of standard input is one vector from `safeguard-device-compare --vector ID`:
// `<case hex> <policy hex> <now unix seconds> <findings hex>`. The module must have no
// imports (its panic handler would import one if a panic path had survived optimisation).
// Exits 1 on any difference.
import { readFileSync } from "node:fs";

const [wasmPath] = process.argv.slice(2);
const bytes = readFileSync(wasmPath);
const module = new WebAssembly.Module(bytes);
const imports = WebAssembly.Module.imports(module);
let failed = 0;
let passed = 0;
if (imports.length !== 0) {
  console.log(`FAIL the module imports ${JSON.stringify(imports)}: a panic path survived`);
  failed++;
}
const instance = new WebAssembly.Instance(module, {});
const x = instance.exports;

const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (u8) => Buffer.from(u8).toString("hex");
const text = (ptr, len) => Buffer.from(new Uint8Array(x.memory.buffer, ptr, len)).toString();

function run(caseBytes, policyBytes, now) {
  new Uint8Array(x.memory.buffer, x.case_buffer(), caseBytes.length).set(caseBytes);
  new Uint8Array(x.memory.buffer, x.policy_buffer(), policyBytes.length).set(policyBytes);
  const n = x.evaluate(caseBytes.length, policyBytes.length, BigInt(now));
  if (n < 0) {
    return `err ${text(x.error_stage(), x.error_stage_len())} ${text(x.error_code(), x.error_code_len())}`;
  }
  return `ok ${toHex(new Uint8Array(x.memory.buffer, x.output_buffer(), n))}`;
}

const lines = readFileSync(0, "utf8").split("\n").filter((l) => l.trim() !== "");
for (const line of lines) {
  const [caseHex, policyHex, now, findingsHex] = line.trim().split(/\s+/);
  const caseBytes = fromHex(caseHex);
  const got = run(caseBytes, fromHex(policyHex), now);
  const want = `ok ${findingsHex}`;
  if (got === want) {
    passed++;
    console.log(`wasm: ${caseBytes.length} case bytes -> ${findingsHex.length / 2} findings bytes, identical to the host's`);
  } else {
    failed++;
    console.log(`FAIL wasm gave\n  ${got}\nthe host gives\n  ${want}`);
  }
  // A `now` before the supported range is refused with a typed error, not a trap.
  const early = run(caseBytes, fromHex(policyHex), -2208988801n);
  if (early === "err evaluate now_out_of_range") {
    passed++;
  } else {
    failed++;
    console.log(`FAIL expected "err evaluate now_out_of_range" for a now before 1900, got ${early}`);
  }
  // Truncated bytes are a decode error, not a trap.
  const cut = run(caseBytes.subarray(0, Math.floor(caseBytes.length / 2)), fromHex(policyHex), now);
  if (cut.startsWith("err decode ")) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL expected a decode error for truncated bytes, got ${cut}`);
  }
  // Bytes without the wire header (version 0) are refused with the version error, and a
  // policy given as the case with the kind error (docs/WIRE.md).
  const old = run(caseBytes.subarray(4), fromHex(policyHex), now);
  const swapped = run(fromHex(policyHex), fromHex(policyHex), now);
  if (old === "err decode unknown_version" && swapped === "err decode wrong_kind") {
    passed++;
  } else {
    failed++;
    console.log(`FAIL expected unknown_version and wrong_kind, got ${old} and ${swapped}`);
  }
}
if (lines.length === 0) {
  failed++;
  console.log("FAIL no vectors on standard input");
}
console.log(`wasm: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
