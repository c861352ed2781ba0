// The JavaScript package against the command line on every JSON fixture: the vectors and the
// host's lines come from .ci/capi (target/capi/vectors, target/capi/expected.txt), or from
// SAFEGUARD_VECTORS / SAFEGUARD_EXPECTED.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { evaluate, rules, version, SafeguardError } from "../index.mjs";

const root = new URL("../../", import.meta.url);
const dir = process.env.SAFEGUARD_VECTORS ?? new URL("target/capi/vectors/", root).pathname;
const expected = process.env.SAFEGUARD_EXPECTED ?? new URL("target/capi/expected.txt", root).pathname;
const want = new Map(
  readFileSync(expected, "utf8").trim().split("\n").map((l) => {
    const [id, ...rest] = l.split(" ");
    return [id, rest.join(" ")];
  }),
);
const manifest = readFileSync(`${dir}/manifest.tsv`, "utf8").trim().split("\n").map((l) => l.split("\t"));

test("findings equal the command line's on every fixture that has findings", () => {
  let n = 0;
  for (const [id, now, caseFile, policyFile] of manifest) {
    const line = want.get(id);
    if (!line.startsWith("ok ")) continue;
    const policy = policyFile === "-" ? "" : readFileSync(`${dir}/${policyFile}`, "utf8");
    const got = evaluate(readFileSync(`${dir}/${caseFile}`, "utf8"), policy, now);
    assert.equal(JSON.stringify(got), line.slice(3), id);
    n++;
  }
  assert.ok(n > 200, `${n} fixtures`);
});

test("refused inputs throw a SafeguardError with the command line's stage and code", () => {
  let n = 0;
  for (const [id, now, caseFile, policyFile] of manifest) {
    const line = want.get(id);
    if (!line.startsWith("err ")) continue;
    const [, stage, code, ...rest] = line.split(" ");
    const field = rest.join(" ");
    const policy = policyFile === "-" ? "" : readFileSync(`${dir}/${policyFile}`, "utf8");
    let error;
    try {
      evaluate(readFileSync(`${dir}/${caseFile}`, "utf8"), policy, now);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof SafeguardError, `${id}: no error`);
    assert.equal(`${error.stage} ${error.code}`, `${stage} ${code}`, id);
    // The field too, decode errors included: the core's JSON reader names it as the command
    // line does (`victims[0].age_at_offence`).
    assert.equal(error.field, field, id);
    n++;
  }
  assert.ok(n > 60, `${n} refused fixtures`);
});

test("rules and version: the catalogue beside the module, of the module's version", () => {
  const file = JSON.parse(readFileSync(new URL("../catalogue.json", import.meta.url), "utf8"));
  assert.deepEqual(rules(), file.rules);
  assert.equal(rules().length, 16);
  assert.equal(version().catalogue_version, file.catalogue_version);
  // A copy each time: a caller that edits one cannot change the next.
  rules()[0].id = "changed";
  assert.equal(rules()[0].id, "NA-1");
});
