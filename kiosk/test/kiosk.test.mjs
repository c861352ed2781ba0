// The kiosk page in a real browser (Debian's chromium, driven by playwright-core) against the
// command line. Run by .ci/kiosk, which builds the page, the command line and the cases:
//
//   SAFEGUARD=target/release/safeguard KIOSK_CASES=target/kiosk/cases node --test kiosk/test/
//
// For each fixture case (kiosk/test/fixtures.txt, written out by cases.py) the page is opened
// from disk, "now" is typed in UK time, the case goes in through the file input, and the
// duties the page shows (one list item per finding: rule, subject, status, deadline, time
// done, reason, and the words and times on screen) must equal `safeguard check --format json`
// for the same case and now. Each of the three forms is filled through its labels and the
// keyboard, and the case the page built is put through the command line the same way.
// Screenshots go to target/kiosk/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const KIOSK = path.join(ROOT, "kiosk");
const PAGE = pathToFileURL(path.join(KIOSK, "index.html")).href;
const SAFEGUARD = process.env.SAFEGUARD ?? path.join(ROOT, "target/release/safeguard");
const CASES = process.env.KIOSK_CASES ?? path.join(ROOT, "target/kiosk/cases");
const SHOTS = process.env.KIOSK_SHOTS ?? path.join(ROOT, "target/kiosk");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TMP = mkdtempSync(path.join(tmpdir(), "kiosk-test-"));
mkdirSync(SHOTS, { recursive: true });

// The device is deliberately not in the UK: every time the page shows or reads is UK time
// whatever the device's zone.
const CONTEXT = { locale: "en-GB", timezoneId: "America/New_York", viewport: { width: 1100, height: 900 } };

/** The words and only the words the page may show for each status. */
const WORDS = {
  met: "Met",
  met_late: "Met late",
  pending: "Pending",
  due_soon: "Due soon",
  missed: "Missed",
  prohibited: "Prohibited",
  not_applicable: "Not applicable",
};

let browser;
const requests = [];

before(async () => {
  // --lang: the date fields show day/month/year, as on a UK device.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--lang=en-GB"] });
});

after(async () => {
  await browser?.close();
});

// --- The command line -------------------------------------------------------------------

function safeguard(args, input) {
  const r = spawnSync(SAFEGUARD, args, { input, encoding: "utf8" });
  if (r.error) throw r.error;
  return r;
}

/** `safeguard check` on a case (JSON text) with a policy (JSON text or null) as at `now`. */
function cliCheck(caseText, now, policyText) {
  const name = `case-${Math.random().toString(36).slice(2)}`;
  const caseFile = path.join(TMP, `${name}.json`);
  writeFileSync(caseFile, caseText);
  const args = ["check", caseFile, "--now", now];
  if (policyText) {
    const policyFile = path.join(TMP, `${name}.policy.json`);
    writeFileSync(policyFile, policyText);
    args.push("--policy", policyFile);
  }
  const json = safeguard([...args, "--format", "json"]);
  const doc = JSON.parse(json.stdout);
  const text = json.status === 0 ? safeguard([...args, "--format", "text"]) : null;
  // Every instant the text explains, in the core's own UK civil time: "Deadline: Wed 6 Mar
  // 2024 23:59:59 GMT (2024-03-06T23:59:59Z)".
  const ukTimes = new Map();
  for (const m of (text?.stdout ?? "").matchAll(/^ {2}(?:Deadline|Done): (.+) \((\S+)\)$/gm)) ukTimes.set(m[2], m[1]);
  return { status: json.status, doc, ukTimes };
}

// --- Comparing ----------------------------------------------------------------------------

/** JSON with the keys of every object sorted, so two writers' subjects compare as equal. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const key = (f) =>
  [f.rule, canonical(f.subject), f.status, f.deadline ?? "", f.met_at ?? "", f.reason].join(" | ");

/** The duties as the page shows them, read from its DOM. */
async function shownDuties(page) {
  return page.$$eval("#findings > li.finding", (items) =>
    items.map((li) => ({
      rule: li.dataset.rule,
      subject: JSON.parse(li.dataset.subject),
      status: li.dataset.status,
      deadline: li.dataset.deadline || null,
      met_at: li.dataset.metAt || null,
      reason: li.dataset.reason,
      visible: li.checkVisibility(),
      heading: li.querySelector("h3").textContent,
      badge: li.querySelector(".badge").textContent.trim(),
      icon: !!li.querySelector(".badge svg"),
      times: [...li.querySelectorAll("time")].map((t) => [t.dateTime, t.textContent]),
      left: li.querySelector(".f-deadline .left")?.textContent ?? null,
      next: li.querySelector(".f-next")?.textContent ?? "",
      duty: li.querySelector(".f-duty")?.textContent ?? "",
      source: li.querySelector(".f-source")?.textContent ?? "",
    })),
  );
}

/** The page's duties equal the command line's findings: the same set, shown in words. */
function assertSameDuties(shown, cli, label) {
  assert.equal(cli.status, 0, `${label}: the command line refused the case: ${JSON.stringify(cli.doc.error)}`);
  const want = cli.doc.findings;
  assert.ok(want.length > 0, `${label}: the command line gives no finding, so nothing would be compared`);
  assert.deepEqual(shown.map(key).sort(), want.map(key).sort(), `${label}: the duties differ from the command line's`);
  for (const d of shown) {
    const f = want.find((w) => key(w) === key(d));
    assert.ok(d.visible, `${label}: ${d.rule} is not visible`);
    assert.equal(d.badge, WORDS[d.status], `${label}: ${d.rule} shows "${d.badge}" for ${d.status}`);
    assert.ok(d.icon, `${label}: ${d.rule} has no icon`);
    assert.ok(d.heading.includes(d.rule), `${label}: the heading "${d.heading}" does not name ${d.rule}`);
    assert.ok(d.next.length > 0, `${label}: ${d.rule} says nothing about what to do next`);
    assert.ok(d.duty.length > 0, `${label}: ${d.rule} does not state the duty`);
    assert.ok(
      d.source.startsWith(`${f.source.instrument}, ${f.source.provision}`),
      `${label}: ${d.rule} cites "${d.source}", the command line ${f.source.instrument}, ${f.source.provision}`,
    );
    // The times shown in UK time are the core's UK civil time for the same instants.
    const instants = [f.deadline, f.met_at].filter(Boolean);
    assert.deepEqual(d.times.map(([iso]) => iso), instants, `${label}: ${d.rule} shows other instants`);
    for (const [iso, words] of d.times) {
      assert.equal(words, cli.ukTimes.get(iso), `${label}: ${d.rule} shows ${iso} as "${words}"`);
    }
    if (f.deadline && !f.met_at) assert.match(d.left, /^(.+ left|due now|passed .+ ago)$/, `${label}: ${d.rule} time left`);
  }
}

// --- The page -----------------------------------------------------------------------------

/** UK wall-clock time of an instant, as the page's datetime-local fields take it. */
function ukWall(iso) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

const utc = (iso) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");

async function open(options = {}, url = PAGE) {
  const context = await browser.newContext({ ...CONTEXT, ...options });
  context.on("request", (r) => requests.push(r.url()));
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  await page.goto(url);
  await page.waitForSelector("body[data-engine]");
  assert.equal(await page.getAttribute("body", "data-engine"), "ready", await page.textContent("#engine-status"));
  page.problems = problems;
  return page;
}

const checks = async (page) => Number((await page.getAttribute("body", "data-checks")) ?? 0);

/** Runs an action that checks the case, and waits until the page has shown the result. */
async function checked(page, action) {
  const before = await checks(page);
  await action();
  await page.waitForFunction((n) => Number(document.body.dataset.checks ?? 0) > n, before);
  return page.getAttribute("body", "data-state");
}

async function setNow(page, iso) {
  await page.getByLabel("Now (UK time)").fill(ukWall(iso));
  assert.equal(await page.getAttribute("#now-shown", "data-utc"), utc(iso), "the page reads now as typed");
}

const manifest = readFileSync(path.join(CASES, "manifest.tsv"), "utf8")
  .trim()
  .split("\n")
  .map((line) => {
    const [id, now, caseFile, policyFile] = line.split("\t");
    return { id, now, caseFile: path.join(CASES, caseFile), policyFile: policyFile === "-" ? null : path.join(CASES, policyFile) };
  });

// --- The tests ----------------------------------------------------------------------------

test("fixture cases opened through the file input show the command line's duties", async () => {
  assert.ok(manifest.length >= 5, `${manifest.length} fixture cases`);
  const statuses = new Set();
  const families = new Set();
  for (const fx of manifest) {
    const page = await open();
    await setNow(page, fx.now);
    let policyText = null;
    if (fx.policyFile) {
      policyText = readFileSync(fx.policyFile, "utf8");
      await page.setInputFiles("#policy-file", fx.policyFile);
      await page.waitForFunction((t) => document.getElementById("policy-text").value === t, policyText);
    }
    const state = await checked(page, () => page.setInputFiles("#case-file", fx.caseFile));
    assert.equal(state, "done", `${fx.id}: ${await page.textContent("#error-summary")}`);
    const caseText = readFileSync(fx.caseFile, "utf8");
    assert.equal(await page.inputValue("#case-json"), caseText, `${fx.id}: the page checked another text`);
    const cli = cliCheck(caseText, utc(fx.now), policyText);
    const shown = await shownDuties(page);
    assertSameDuties(shown, cli, fx.id);
    const summary = await page.textContent("#summary");
    assert.ok(summary.startsWith(`Case ${cli.doc.reference}, as at `), summary);
    for (const d of shown) {
      statuses.add(d.status);
      families.add(d.rule.split("-")[0]);
    }
    if (fx.id === "s136-1-police-station-extension-approved-pending") {
      // 2025-01-15T09:20:00Z, now 03:00:00Z.
      const s136 = shown.find((d) => d.rule === "S136-1");
      assert.equal(s136.left, "6 hours 20 minutes left");
      await page.screenshot({ path: path.join(SHOTS, "case-file.png"), fullPage: true });
      // Printed: the controls go, the duties stay, every status still in words.
      // (Emulated print media fires no beforeprint; the browser's print command does.)
      await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.isVisible("#check-form"), false, "the form is printed");
      assert.match(await page.textContent("#printed"), /^Printed .+ \(rule catalogue version \d+\)\.$/);
      assert.ok(await page.isVisible("#printed"));
      assert.equal(await page.locator("#findings > li.finding").count(), shown.length);
      for (const li of await page.locator("#findings > li.finding").all()) assert.ok(await li.isVisible());
      await page.screenshot({ path: path.join(SHOTS, "print.png"), fullPage: true });
      await page.emulateMedia({ media: "screen" });
    }
    assert.deepEqual(page.problems, [], `${fx.id}: errors in the page`);
    await page.context().close();
  }
  for (const s of ["met", "met_late", "pending", "due_soon", "missed", "prohibited"]) {
    assert.ok(statuses.has(s), `no fixture case showed ${s}`);
  }
  for (const f of ["NA", "VU", "PO", "S136", "OE"]) assert.ok(families.has(f), `no fixture case showed a ${f} duty`);
});

test("the s136 form, filled by keyboard, builds a case the command line judges the same", async () => {
  const page = await open();
  // The situation is chosen with the arrow keys, as a radio group is.
  await page.getByLabel("Open or paste a case export (JSON)").focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  assert.ok(await page.getByLabel("Fill in a form: a section 136 detention").isChecked());
  assert.ok(await page.isVisible("#panel-s136"));
  assert.equal(await page.isVisible("#panel-export"), false);

  const form = page.locator("#panel-s136");
  await form.getByLabel("Incident reference").fill("KIOSK-S136-1");
  // Summer: UK times are BST, an hour ahead of UTC.
  await form.getByLabel("Decision to detain under section 136").fill("2025-07-14T00:40:00");
  // Under each time, how the page reads it, whatever the field's own display.
  assert.equal(await page.textContent("#s136-decided-shown"), "Mon 14 Jul 2025 00:40:00 BST");
  await form.getByLabel("Consulted", { exact: true }).selectOption("amhp");
  await form.getByLabel("Consulted, or reason recorded").fill("2025-07-14T00:35:00");
  await form.getByLabel("First place of safety").selectOption("police_station");
  await form.getByLabel("Arrived there").fill("2025-07-14T01:05:00");
  await form.getByLabel("Authorised by").selectOption("inspector");
  await form.getByLabel("Authorised", { exact: true }).fill("2025-07-14T01:00:00");
  for (const label of [
    "Recorded: imminent risk of serious injury or death",
    "Recorded: no other place of safety could reasonably be used",
    "Recorded: a healthcare professional will be present",
  ]) {
    await form.getByLabel(label).focus();
    await page.keyboard.press("Space");
    assert.ok(await form.getByLabel(label).isChecked(), label);
  }
  await page.getByLabel("Now (UK time)").fill("2025-07-14T03:00:00");
  await form.getByLabel("Person's age").fill("34");
  // Enter in a field submits the form.
  const state = await checked(page, () => page.keyboard.press("Enter"));
  assert.equal(state, "done", await page.textContent("#error-summary"));
  assert.equal(await page.evaluate(() => document.activeElement.id), "duties", "focus moves to the duties");

  const caseText = await page.inputValue("#case-json");
  const built = JSON.parse(caseText);
  assert.equal(built.reference, "KIOSK-S136-1");
  assert.deepEqual(built.detentions, [{ id: 1, decided_at: "2025-07-13T23:40:00Z", age: 34 }]);
  assert.deepEqual(
    built.events.map((e) => [e.at, Object.keys(e.what)[0]]),
    [
      ["2025-07-13T23:35:00Z", "consulted"],
      ["2025-07-14T00:00:00Z", "police_station_authorised"],
      ["2025-07-14T00:05:00Z", "arrived_at_place_of_safety"],
    ],
  );
  const now = await page.getAttribute("#now-shown", "data-utc");
  assert.equal(now, "2025-07-14T02:00:00Z");
  const shown = await shownDuties(page);
  assertSameDuties(shown, cliCheck(caseText, now, null), "s136 form");
  assert.deepEqual(
    Object.fromEntries(shown.map((d) => [d.rule, d.status])),
    { "S136-1": "pending", "S136-2": "pending", "S136-3": "met", "S136-4": "met", "S136-5": "missed" },
  );
  await page.screenshot({ path: path.join(SHOTS, "form-s136.png"), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the crime form builds a case the command line judges the same", async () => {
  const page = await open();
  await page.getByLabel("Fill in a form: a crime with a victim").check();
  const form = page.locator("#panel-crime");
  await form.getByLabel("Crime reference").fill("KIOSK-CRIME-1");
  await form.getByLabel("Kind of crime").selectOption("domestic_abuse");
  // Friday evening in GMT; the clocks go forward on Sunday 30 March 2025.
  await form.getByLabel("Reported to the police", { exact: true }).fill("2025-03-28T22:15:00");
  await form.getByLabel("Age at the offence").fill("29");
  await form.getByLabel("Vulnerable", { exact: true }).check();
  await form.getByLabel("Completed", { exact: true }).fill("2025-03-31T10:00:00");
  await form.getByLabel("Entitled to enhanced rights").check();
  await form.getByLabel("Assessed as vulnerable or intimidated").check();
  await form.getByLabel("Special measures to be considered").check();
  await form.getByLabel("Answer to the offer of a referral to support services").selectOption("accepted");
  await form.getByLabel("Agreed", { exact: true }).fill("2025-03-31T11:00:00");
  await form.getByLabel("Update at least every (days)").fill("14");
  await form.getByLabel("Decision", { exact: true }).selectOption("arrested");
  await form.getByLabel("Decision made").fill("2025-03-29T09:00:00");
  await page.getByLabel("Now (UK time)").fill("2025-04-02T12:00:00");
  const state = await checked(page, () => page.getByRole("button", { name: "Check the duties" }).press("Enter"));
  assert.equal(state, "done", await page.textContent("#error-summary"));
  const caseText = await page.inputValue("#case-json");
  const built = JSON.parse(caseText);
  assert.equal(built.reported_at, "2025-03-28T22:15:00Z");
  assert.equal(built.recorded_at, "2025-03-28T22:15:00Z", "recorded when reported when left empty");
  assert.deepEqual(built.victims, [{ id: 1, age_at_offence: 29, vulnerable: true }]);
  const assessment = built.events.find((e) => e.what.needs_assessment);
  assert.equal(assessment.at, "2025-03-31T09:00:00Z", "10:00 BST");
  const now = await page.getAttribute("#now-shown", "data-utc");
  assertSameDuties(await shownDuties(page), cliCheck(caseText, now, null), "crime form");
  await page.screenshot({ path: path.join(SHOTS, "form-crime.png"), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the domestic abuse form, with two children, builds a case the command line judges the same", async () => {
  const page = await open();
  await page.getByLabel("Fill in a form: a domestic abuse incident with children").check();
  const form = page.locator("#panel-da");
  await form.getByLabel("Incident reference").fill("KIOSK-DA-1");
  await form.getByLabel("Reported to the police", { exact: true }).fill("2025-02-10T19:40:00");
  await form.getByLabel("Police attended", { exact: true }).fill("2025-02-10T20:05:00");
  await form.getByLabel("Suspect released from custody").fill("2025-02-11T09:00:00");
  await form.getByLabel("Protective orders (DVPN) considered, with the reason recorded").fill("2025-02-11T08:30:00");
  await form.getByLabel("Age at the incident").fill("7");
  await form.getByLabel(/^School notified/).fill("2025-02-11T08:10:00");
  await page.getByRole("button", { name: "Add a child" }).press("Enter");
  // The new child's first field has the focus.
  assert.equal(await page.evaluate(() => document.activeElement.id), "da-child-2-age");
  await page.keyboard.type("3");
  await page.locator("#da-child-2-school").selectOption("not_school_age");
  await page.getByLabel("Now (UK time)").fill("2025-02-12T10:00:00");
  const state = await checked(page, () => page.getByRole("button", { name: "Check the duties" }).click());
  assert.equal(state, "done", await page.textContent("#error-summary"));
  const caseText = await page.inputValue("#case-json");
  const built = JSON.parse(caseText);
  assert.deepEqual(built.children, [
    { id: 1, age: 7, school: "registered" },
    { id: 2, age: 3, school: "not_school_age" },
  ]);
  const now = await page.getAttribute("#now-shown", "data-utc");
  const shown = await shownDuties(page);
  assertSameDuties(shown, cliCheck(caseText, now, null), "domestic abuse form");
  const oe = Object.fromEntries(shown.filter((d) => d.rule === "OE-1").map((d) => [d.subject.child, d.status]));
  assert.deepEqual(oe, { 1: "met", 2: "missed" });
  await page.screenshot({ path: path.join(SHOTS, "form-da.png"), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("an incomplete form is refused with a summary that links to each field", async () => {
  const page = await open();
  await page.getByLabel("Fill in a form: a crime with a victim").check();
  const state = await checked(page, () => page.getByRole("button", { name: "Check the duties" }).click());
  assert.equal(state, "error");
  assert.ok(await page.isVisible("#error-summary"));
  assert.equal(await page.evaluate(() => document.activeElement.id), "error-summary", "focus moves to the problems");
  const links = await page.$$eval("#error-list a", (as) => as.map((a) => [a.getAttribute("href"), a.textContent]));
  assert.deepEqual(links, [
    ["#crime-reference", "Enter the crime reference"],
    ["#crime-reported", "Enter when the crime was reported"],
  ]);
  assert.equal(await page.getAttribute("#crime-reference", "aria-invalid"), "true");
  assert.match(await page.getAttribute("#crime-reference", "aria-describedby"), /crime-reference-error/);
  assert.equal(await page.locator("#findings > li").count(), 0);
  await page.locator("#error-list a").first().press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "crime-reference");
  await page.screenshot({ path: path.join(SHOTS, "form-errors.png") });
  await page.context().close();
});

test("a refused case shows the command line's stage and code, and no duties", async () => {
  const cases = [
    ['{"reference": "ERR", "victims": [', "decode"],
    ['{"reference": "NO-REPORT", "victims": [{"id": 1}]}', "validate"],
    ['{"reference": "LATER", "recorded_at": "2030-01-01T00:00:00Z", "victims": [{"id": 1}]}', "evaluate"],
  ];
  const page = await open();
  await setNow(page, "2025-01-01T12:00:00Z");
  for (const [text, stage] of cases) {
    await page.getByLabel("Or paste the case (JSON)").fill(text);
    const state = await checked(page, () => page.getByRole("button", { name: "Check the duties" }).click());
    assert.equal(state, "error");
    const cli = cliCheck(text, "2025-01-01T12:00:00Z", null);
    assert.equal(cli.status, 2);
    assert.equal(cli.doc.error.stage, stage);
    const summary = await page.textContent("#error-summary");
    assert.ok(summary.includes(`[${cli.doc.error.stage} ${cli.doc.error.code}]`), `${summary} / ${JSON.stringify(cli.doc.error)}`);
    assert.equal(await page.locator("#findings > li").count(), 0);
  }
  await page.context().close();
});

test("now starts at the device clock, shown in UK time, and handles the clock changes", async () => {
  const page = await open();
  const value = await page.inputValue("#now");
  const shownUtc = await page.getAttribute("#now-shown", "data-utc");
  assert.ok(Math.abs(Date.parse(shownUtc) - Date.now()) < 120_000, `now starts at ${shownUtc}`);
  assert.equal(ukWall(shownUtc).slice(0, 16), value.slice(0, 16), "the field holds UK time, not the device's zone");
  assert.match(await page.textContent("#now-shown"), / (GMT|BST) \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$/);

  // 01:30 on 27 October 2024 happens twice.
  await page.getByLabel("Now (UK time)").fill("2024-10-27T01:30:00");
  assert.ok(await page.isVisible("#now-fold"));
  assert.equal(await page.getAttribute("#now-shown", "data-utc"), "2024-10-27T00:30:00Z");
  await page.getByLabel("The second, in GMT (after the clocks went back)").focus();
  await page.keyboard.press("Space");
  assert.equal(await page.getAttribute("#now-shown", "data-utc"), "2024-10-27T01:30:00Z");
  assert.match(await page.textContent("#now-shown"), /^Sun 27 Oct 2024 01:30:00 GMT/);
  // 01:30 on 31 March 2024 never happened.
  await page.getByLabel("Now (UK time)").fill("2024-03-31T01:30:00");
  assert.equal(await page.getAttribute("#now-shown", "data-utc"), null);
  assert.match(await page.textContent("#now-shown"), /does not exist in the UK/);
  assert.equal(await page.isVisible("#now-fold"), false);
  await page.getByRole("button", { name: "Use this device's clock" }).click();
  assert.ok(Math.abs(Date.parse(await page.getAttribute("#now-shown", "data-utc")) - Date.now()) < 120_000);
  await page.context().close();
});

test("accessible: labelled controls, keyboard start, contrast, and the status never by colour alone", async () => {
  const page = await open();
  // The first Tab reaches the skip link, which leads to the duties.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to the duties");
  assert.ok(await page.isVisible("a.skip"), "the skip link shows when it has the focus");
  await page.getByLabel("Fill in a form: a domestic abuse incident with children").check();
  await page.getByRole("button", { name: "Add a child" }).click();
  const unlabelled = await page.$$eval("input, select, textarea, button", (els) =>
    els
      .filter((el) => {
        const name =
          el.labels?.[0]?.textContent.trim() || el.getAttribute("aria-label") || (el.tagName === "BUTTON" ? el.textContent.trim() : "");
        return !name;
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unlabelled, []);
  const ids = await page.$$eval("[id]", (els) => els.map((el) => el.id));
  assert.equal(new Set(ids).size, ids.length, "ids are unique");

  // WCAG AA: 4.5:1 for text (each status's word on its colour, hints, errors), 3:1 for the
  // coloured edge of each duty.
  await page.setInputFiles("#case-file", manifest[0].caseFile);
  await page.waitForSelector("#findings > li.finding");
  const pairs = await page.evaluate(() => {
    const colour = (el, prop) => getComputedStyle(el)[prop];
    const out = [];
    for (const b of document.querySelectorAll("#legend .badge")) {
      out.push([b.textContent.trim(), colour(b, "color"), colour(b, "backgroundColor"), 4.5]);
    }
    for (const sel of ["body", ".hint", "#summary", "summary", "button.primary", "button.secondary", ".step-number"]) {
      const el = document.querySelector(sel);
      let bg = el;
      while (bg && colour(bg, "backgroundColor") === "rgba(0, 0, 0, 0)") bg = bg.parentElement;
      out.push([sel, colour(el, "color"), bg ? colour(bg, "backgroundColor") : "rgb(255, 255, 255)", 4.5]);
    }
    for (const status of ["met", "met_late", "pending", "due_soon", "missed", "prohibited", "not_applicable"]) {
      const li = document.createElement("li");
      li.className = `finding status-${status}`;
      document.getElementById("findings").append(li);
      out.push([`${status} edge`, colour(li, "borderLeftColor"), "rgb(255, 255, 255)", 3]);
      li.remove();
    }
    return out;
  });
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  assert.equal(pairs.filter(([name]) => Object.values(WORDS).includes(name)).length, 7, "a legend entry per status");
  for (const [name, fg, bg, min] of pairs) {
    assert.ok(ratio(fg, bg) >= min, `${name}: contrast ${ratio(fg, bg).toFixed(2)} (${fg} on ${bg}) is under ${min}`);
  }
  await page.context().close();
});

test("the page fetches nothing: from disk and from a static server, only its own files", async () => {
  // From disk: every request of every page above was a file of the kiosk, or the module's blob.
  const allowed = (url) => url.startsWith(pathToFileURL(KIOSK).href + "/") || url.startsWith("blob:");
  const outside = requests.filter((url) => !allowed(url));
  assert.deepEqual(outside, [], "requests outside the kiosk's folder");

  // A connection is refused by the page's content security policy.
  const page = await open();
  const refused = await page.evaluate(
    () =>
      new Promise((resolve) => {
        document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), { once: true });
        fetch("https://example.org/").catch(() => {});
        setTimeout(() => resolve("no policy refused the connection"), 5000);
      }),
  );
  assert.equal(refused, "connect-src");
  await page.context().close();

  // From a static server, the same page, the same findings.
  const types = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript" };
  const server = createServer((req, res) => {
    const file = path.join(KIOSK, path.normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)));
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    const served = await open({}, `${origin}/index.html`);
    const seen = [];
    served.on("request", (r) => seen.push(r.url()));
    const fx = manifest.find((m) => !m.policyFile);
    await setNow(served, fx.now);
    const state = await checked(served, () => served.setInputFiles("#case-file", fx.caseFile));
    assert.equal(state, "done");
    assertSameDuties(await shownDuties(served), cliCheck(readFileSync(fx.caseFile, "utf8"), utc(fx.now), null), `${fx.id} served`);
    assert.deepEqual(seen.filter((url) => !url.startsWith(origin) && !url.startsWith("blob:")), []);
    await served.context().close();
  } finally {
    server.close();
  }
});

test("on a handheld the duties are one column and nothing scrolls sideways", async () => {
  const page = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const fx = manifest.find((m) => m.id === "oe-1-several-children-school-statuses") ?? manifest[0];
  await setNow(page, fx.now);
  await checked(page, () => page.setInputFiles("#case-file", fx.caseFile));
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 0, `the page scrolls ${wide}px sideways`);
  await page.screenshot({ path: path.join(SHOTS, "handheld.png"), fullPage: true });
  await page.context().close();
});
