// safeguard-core for JavaScript: the WebAssembly module (safeguard.wasm, next to this file,
// built by build.sh) behind three functions, and the rule catalogue (catalogue.json, the output
// of `safeguard rules --json`: the catalogue's texts travel beside the module, which needs only
// the rules, not their descriptions). Nothing is fetched from the network: in node both are
// read from this package's directory; elsewhere call `init(bytes, catalogueJson)` first
// (embedded, or read from files the user picked).
let x = null;
let catalogue = null;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Instantiates the module from its bytes (an ArrayBuffer or a Uint8Array) with the catalogue
 * (the text of catalogue.json). A catalogue of another version than the module's is refused.
 */
export function init(bytes, catalogueJson) {
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
  const parsed = JSON.parse(catalogueJson);
  if (parsed.catalogue_version !== exports.catalogue_version()) {
    throw new SafeguardError("internal", "catalogue_mismatch", "catalogue_version");
  }
  x = exports;
  catalogue = parsed;
}

if (typeof process !== "undefined" && process.versions?.node) {
  const { readFileSync } = await import("node:fs");
  init(
    readFileSync(new URL("./safeguard.wasm", import.meta.url)),
    readFileSync(new URL("./catalogue.json", import.meta.url), "utf8"),
  );
}

/** A refused input: `stage` (decode, validate, evaluate, buffer, internal), `code`, `field`. */
export class SafeguardError extends Error {
  constructor(stage, code, field) {
    super(`${stage}: ${code}${field ? ` (${field})` : ""}`);
    this.name = "SafeguardError";
    this.stage = stage;
    this.code = code;
    this.field = field;
  }
}

function module() {
  if (!x) throw new SafeguardError("internal", "not_initialised", "");
  return x;
}

const text = (ptr, len) => decoder.decode(new Uint8Array(x.memory.buffer, ptr, len));

function put(buffer, capacity, value) {
  const bytes = encoder.encode(value ?? "");
  if (bytes.length > capacity) throw new SafeguardError("decode", "too_large", "");
  new Uint8Array(x.memory.buffer, buffer, bytes.length).set(bytes);
  return bytes.length;
}

function output(n) {
  if (n < 0) {
    throw new SafeguardError(
      text(x.error_stage(), x.error_stage_len()),
      text(x.error_code(), x.error_code_len()),
      text(x.error_field(), x.error_field_len()),
    );
  }
  return JSON.parse(text(x.output_buffer(), n));
}

/**
 * Evaluates a case (JSON text) with a policy (JSON text; "" or null for the default) as at
 * `nowIso` (RFC 3339): the findings as plain objects, as `safeguard check --format json` gives
 * them. Throws a SafeguardError for a refused input.
 */
export function evaluate(caseJson, policyJson, nowIso) {
  const m = module();
  const caseLen = put(m.json_case_buffer(), m.json_case_capacity(), caseJson);
  const policyLen = put(m.json_policy_buffer(), m.json_policy_capacity(), policyJson);
  const nowLen = put(m.json_now_buffer(), m.json_now_capacity(), nowIso);
  let n;
  try {
    n = m.evaluate_json(caseLen, policyLen, nowLen);
  } catch (e) {
    throw new SafeguardError("internal", "trap", String(e));
  }
  return output(n);
}

/** The rule catalogue (the `rules` of `safeguard rules --json`), a fresh copy on each call. */
export function rules() {
  module();
  return structuredClone(catalogue.rules);
}

/** The catalogue's version, as `catalogue_version` in the command line's JSON. */
export function version() {
  return { catalogue_version: module().catalogue_version() };
}
