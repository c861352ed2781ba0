// safeguard kiosk: takes a case (a file, pasted JSON, or one of three short forms), checks it
// with the rules module embedded in safeguard-embed.js (the package of wasm/index.mjs) as at a
// chosen "now", and shows each duty: its status, the deadline in UK time with the time left,
// what to do next and the source. Nothing is fetched and nothing leaves the page.
(() => {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const LONDON = "Europe/London";

  // ---------------------------------------------------------------------------------------
  // UK time. Instants are milliseconds since the epoch; the page shows them in UK civil time
  // (GMT or BST) and sends them to the rules as RFC 3339 in UTC.

  const wallFormat = new Intl.DateTimeFormat("en-GB", {
    timeZone: LONDON,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const textFormat = new Intl.DateTimeFormat("en-GB", {
    timeZone: LONDON,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  });
  const dateFormat = new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    year: "numeric",
  });

  const parts = (format, ms) =>
    Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));

  /** The UK wall-clock time of an instant, as a datetime-local value: 2024-03-06T23:59:59. */
  function ukWall(ms) {
    const p = parts(wallFormat, ms);
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
  }

  /** An instant in words, UK time: Wed 6 Mar 2024 23:59:59 GMT. */
  function ukText(ms) {
    const p = parts(textFormat, ms);
    return `${p.weekday} ${p.day} ${p.month} ${p.year} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
  }

  /** RFC 3339 in UTC, whole seconds: 2024-03-06T23:59:59Z. */
  const utcText = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

  /**
   * The instants a UK wall-clock time (a datetime-local value) can mean, earliest first: none
   * in the hour the clocks skip in spring, two in the hour they repeat in autumn.
   */
  function ukInstants(value) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
    if (!m) return null;
    const [y, mo, d, h, mi, s = "00"] = m.slice(1);
    const wall = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
    const base = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
    if (Number.isNaN(base)) return null;
    // GMT, BST, and the double summer time of the 1940s.
    return [7200, 3600, 0]
      .map((offset) => base - offset * 1000)
      .filter((ms) => ukWall(ms) === wall);
  }

  const unit = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  /** A span of time in words, to the two largest units: "2 days 3 hours", "45 minutes". */
  function spanText(ms) {
    let s = Math.round(Math.abs(ms) / 1000);
    const units = [
      [Math.floor(s / 86400), "day"],
      [Math.floor((s % 86400) / 3600), "hour"],
      [Math.floor((s % 3600) / 60), "minute"],
      [s % 60, "second"],
    ];
    const first = units.findIndex(([n]) => n > 0);
    if (first < 0) return "0 seconds";
    return units
      .slice(first, first + 2)
      .filter(([n]) => n > 0)
      .map(([n, w]) => unit(n, w))
      .join(" ");
  }

  /** A date of the catalogue (2021-04-01) in words: 1 Apr 2021. */
  function dateText(iso) {
    const ms = Date.parse(`${iso}T00:00:00Z`);
    return Number.isNaN(ms) ? iso : dateFormat.format(new Date(ms));
  }

  // ---------------------------------------------------------------------------------------
  // The rules: wasm/index.mjs, its module and its catalogue, all embedded by kiosk/build.sh.

  let engine = null;
  let catalogue = new Map();

  const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

  async function loadEngine() {
    const embed = globalThis.SAFEGUARD_EMBED;
    if (!embed) throw new Error("safeguard-embed.js is missing: build the page with kiosk/build.sh");
    const source = new TextDecoder().decode(fromBase64(embed.package));
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    try {
      engine = await import(url);
    } finally {
      URL.revokeObjectURL(url);
    }
    engine.init(fromBase64(embed.module), new TextDecoder().decode(fromBase64(embed.catalogue)));
    catalogue = new Map(engine.rules().map((rule) => [rule.id, rule]));
    return engine.version();
  }

  // ---------------------------------------------------------------------------------------
  // Words for what the rules return.

  const STATUS = {
    missed: { word: "Missed", icon: "cross", meaning: "the deadline passed and it was not done" },
    prohibited: { word: "Prohibited", icon: "forbidden", meaning: "what is recorded is not allowed" },
    due_soon: { word: "Due soon", icon: "warning", meaning: "not done yet, and the deadline is near" },
    pending: { word: "Pending", icon: "clock", meaning: "not done yet, the deadline has not passed" },
    met_late: { word: "Met late", icon: "late", meaning: "done, but after the deadline" },
    met: { word: "Met", icon: "check", meaning: "done on time" },
    not_applicable: { word: "Not applicable", icon: "dash", meaning: "the duty does not apply" },
  };
  /** The order duties are listed in: what needs action first. */
  const URGENCY = Object.keys(STATUS);

  const ICONS = {
    check: '<path d="M4.5 12.5l5 5 10-11"/>',
    late: '<path d="M3 12.5l4.5 4.5 8-9"/><path d="M20 5v9"/><circle cx="20" cy="18.5" r="0.6"/>',
    clock: '<circle cx="12" cy="12" r="8.5"/><path d="M12 7v5.5l3.5 2"/>',
    warning: '<path d="M12 3.5l9.5 17h-19z"/><path d="M12 10v5"/><circle cx="12" cy="17.8" r="0.6"/>',
    cross: '<path d="M5.5 5.5l13 13M18.5 5.5l-13 13"/>',
    forbidden: '<circle cx="12" cy="12" r="8.5"/><path d="M6 18L18 6"/>',
    dash: '<path d="M5 12h14"/>',
  };

  function badge(status) {
    const s = STATUS[status] ?? { word: status, icon: "dash" };
    const span = document.createElement("span");
    span.className = `badge status-${status}`;
    span.innerHTML =
      `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor"` +
      ` stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round">${ICONS[s.icon]}</svg>`;
    span.append(s.word);
    return span;
  }

  function subjectText(subject) {
    if (subject === "case") return "the case";
    if (subject && typeof subject === "object") {
      const [kind, value] = Object.entries(subject)[0] ?? [];
      switch (kind) {
        case "victim": return `victim ${value}`;
        case "child": return `child ${value}`;
        case "detention": return `detention ${value}`;
        case "decision": return `the decision recorded as event ${value}`;
        case "notice": return `the notice recorded as event ${value}`;
        case "episode": return `the missing episode recorded as event ${value}`;
        case "incident_child": return `child ${value.child} at incident ${value.incident}`;
        default: break;
      }
    }
    return JSON.stringify(subject);
  }

  /** A catalogue title in words: "withdrawal-and-elp" is "Withdrawal and ELP". */
  const titleText = (rule) =>
    rule
      ? rule.title
          .replace(/-/g, " ")
          .replace(/\belp\b/g, "ELP")
          .replace(/^./, (c) => c.toUpperCase())
      : "";

  /** What to do next, by status; the duty itself is shown beside it, from the catalogue. */
  const NEXT = {
    missed: "The deadline has passed: do it as soon as possible, and record it.",
    prohibited: "Not allowed as recorded: tell a supervisor now, and put it right if it is still going on.",
    due_soon: "Do it now: the deadline is close. Record it when it is done.",
    pending: "Do it before the deadline, and record it.",
    met_late: "Nothing more to do. The delay stays on the record.",
    met: "Nothing more to do.",
    not_applicable: "Nothing to do.",
  };

  const reasonText = (code) => globalThis.SAFEGUARD_REASONS?.[code] ?? code.replace(/_/g, " ");

  const STAGE = {
    decode: "The case (or the policy, or now) could not be read",
    validate: "The case does not hold together",
    evaluate: "The case could not be checked as at this time",
    buffer: "The case is too large for this page",
    internal: "The rules module failed",
  };
  const CODE = {
    syntax: "it is not valid JSON, or has something after the end",
    invalid_type: "a value has the wrong type (or the document is not an object)",
    invalid_value: "a value, field or name is not one the case format has",
    invalid_timestamp: "a time is not an RFC 3339 timestamp",
    missing_field: "a required field is missing",
    too_large: "it is larger than the rules can take",
    invalid_utf8: "it is not UTF-8 text",
    missing_report_instant: "it gives no time the police learned of it (reported or recorded)",
    now_before_case: "now is before the case's first recorded time",
    duplicate_id: "two records share an id",
    unknown_reference: "a record refers to an id that does not exist",
    capacity_exceeded: "a list holds more entries than allowed",
    out_of_order: "its times are in an impossible order",
    contradictory: "two of its facts contradict each other",
    instant_out_of_range: "a time is outside 1900 to 2200",
    age_out_of_range: "an age is out of range",
    wrong_kind_of_event: "an event refers to an event of the wrong kind",
    closed_before_reported: "it was closed before it was reported",
    reference_too_long: "the reference is longer than 32 bytes",
  };

  // ---------------------------------------------------------------------------------------
  // Form helpers and the error summary.

  const errors = [];

  function labelOf(input) {
    const label = input.labels?.[0];
    if (!label) return input.id;
    const fieldset = input.closest("fieldset:not(.choice)");
    const legend = fieldset?.querySelector("legend")?.textContent.trim();
    const own = label.textContent.trim();
    return legend && !own.toLowerCase().includes(legend.toLowerCase()) ? `${legend}: ${own}` : own;
  }

  function problem(input, message) {
    errors.push({ input, message });
  }

  /** aria-describedby from the field's hint (in the HTML), its UK-time echo and its error. */
  function describe(input) {
    if (input.dataset.hints === undefined) input.dataset.hints = input.getAttribute("aria-describedby") ?? "";
    const ids = [input.dataset.hints, input.dataset.echo, input.dataset.error].filter(Boolean).join(" ");
    if (ids) input.setAttribute("aria-describedby", ids);
    else input.removeAttribute("aria-describedby");
  }

  function clearProblems() {
    errors.length = 0;
    for (const el of document.querySelectorAll("[aria-invalid]")) {
      el.removeAttribute("aria-invalid");
      document.getElementById(el.dataset.error ?? "")?.remove();
      delete el.dataset.error;
      describe(el);
    }
    $("error-summary").hidden = true;
    $("error-list").replaceChildren();
  }

  /** Shows the problems: a summary linking to each field, and a message at the field. */
  function showProblems(extra) {
    const list = $("error-list");
    for (const { input, message } of errors) {
      const li = document.createElement("li");
      if (input) {
        const a = document.createElement("a");
        a.href = `#${input.id}`;
        a.textContent = message;
        a.addEventListener("click", (e) => {
          e.preventDefault();
          input.focus();
        });
        li.append(a);
        input.setAttribute("aria-invalid", "true");
        const note = document.createElement("p");
        note.id = `${input.id}-error`;
        note.className = "field-error";
        note.textContent = message;
        input.before(note);
        input.dataset.error = note.id;
        describe(input);
      } else {
        li.textContent = message;
      }
      list.append(li);
    }
    if (extra) {
      const li = document.createElement("li");
      li.textContent = extra;
      list.append(li);
    }
    $("error-summary").hidden = false;
    $("error-summary").focus();
  }

  const value = (id) => $(id).value.trim();
  const checked = (id) => $(id).checked;

  /** A UK time field as an instant (RFC 3339, UTC), null when empty; a problem when invalid. */
  function instantField(input, { required = false } = {}) {
    const text = input.value.trim();
    if (!text) {
      if (required) problem(input, input.dataset.required ?? `Enter ${labelOf(input).toLowerCase()}`);
      return null;
    }
    const found = ukInstants(text);
    if (!found) {
      problem(input, `${labelOf(input)}: enter a date and time`);
      return null;
    }
    if (found.length === 0) {
      problem(input, `${labelOf(input)}: this time does not exist in the UK (the clocks go forward an hour that night)`);
      return null;
    }
    // A time the autumn change repeats is taken as the first (BST); README.md says so.
    return utcText(found[0]);
  }

  /**
   * Under each UK time field of the forms, the time it is read as, in words with GMT or BST:
   * the field's own display follows the device's language; this line does not.
   */
  function echo(input) {
    let line = input.nextElementSibling;
    if (!line?.classList.contains("echo")) {
      line = document.createElement("p");
      line.className = "shown echo";
      input.after(line);
    }
    line.id = `${input.id}-shown`;
    input.dataset.echo = line.id;
    describe(input);
    const text = input.value.trim();
    const found = text ? ukInstants(text) : [];
    line.classList.toggle("problem", !!text && (!found || found.length === 0));
    if (!text) line.textContent = "";
    else if (!found) line.textContent = "Not a date and time.";
    else if (found.length === 0) line.textContent = "This time does not exist in the UK: the clocks go forward an hour that night.";
    else if (found.length === 2) line.textContent = `${ukText(found[0])}: this time happens twice that night; the first is taken.`;
    else line.textContent = ukText(found[0]);
  }

  function watchUkField(input) {
    echo(input);
    input.addEventListener("input", () => echo(input));
    input.addEventListener("change", () => echo(input));
  }

  function numberField(input, { min, max }) {
    const text = input.value.trim();
    if (!text) return null;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      problem(input, `${labelOf(input)}: enter a whole number from ${min} to ${max}`);
      return null;
    }
    return n;
  }

  function referenceField(input) {
    const text = input.value.trim();
    if (!text) problem(input, input.dataset.required);
    else if (new TextEncoder().encode(text).length > 32) problem(input, `${labelOf(input)}: at most 32 characters`);
    return text;
  }

  /** Adds events in time order (the rules do not need it; a reader of the JSON does). */
  function withEvents(caseObject, events) {
    const sorted = events
      .filter((e) => e.at)
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const ids = new Map();
    sorted.forEach((e, i) => ids.set(e, i + 1));
    caseObject.events = sorted.map((e) => {
      const what = e.what(ids);
      return { id: ids.get(e), at: e.at, what };
    });
    return caseObject;
  }

  // ---------------------------------------------------------------------------------------
  // The three forms, each building a case in the format of docs/CASE-FORMAT.md.

  function buildCrime() {
    const reference = referenceField($("crime-reference"));
    const reported = instantField($("crime-reported"), { required: true });
    const recorded = instantField($("crime-recorded")) ?? reported;
    const victim = { id: 1 };
    const age = numberField($("crime-victim-age"), { min: 0, max: 130 });
    if (age !== null) victim.age_at_offence = age;
    if (checked("crime-victim-vulnerable")) victim.vulnerable = true;
    if (checked("crime-victim-intimidated")) victim.intimidated = true;

    const events = [];
    const assessed = instantField($("crime-assessed"));
    if (assessed) {
      events.push({
        at: assessed,
        what: () => ({
          needs_assessment: {
            victim: 1,
            enhanced_rights: checked("crime-enhanced"),
            vulnerable_or_intimidated: checked("crime-assessed-vulnerable"),
            special_measures: checked("crime-special-measures"),
            referral: value("crime-referral-answer"),
          },
        }),
      });
    }
    const referred = instantField($("crime-referred"));
    if (referred) events.push({ at: referred, what: () => ({ support_referral_made: { victim: 1 } }) });
    const contract = instantField($("crime-contract"));
    const interval = numberField($("crime-interval"), { min: 1, max: 365 });
    if (contract) {
      if (interval === null && !errors.some((e) => e.input === $("crime-interval"))) {
        problem($("crime-interval"), "Enter how often the victim is to be updated, in days");
      }
      events.push({
        at: contract,
        what: () => ({
          care_contract_agreed: { victim: 1, interval_days: interval ?? 1, channel: value("crime-channel") },
        }),
      });
    }
    const updated = instantField($("crime-updated"));
    if (updated) events.push({ at: updated, what: () => ({ victim_updated: { victim: 1 } }) });

    const decision = value("crime-decision");
    const decided = instantField($("crime-decided"));
    const told = instantField($("crime-told"));
    if (decision && !decided) problem($("crime-decided"), "Enter when the decision was made");
    if (!decision && (decided || told)) problem($("crime-decision"), "Choose the decision");
    if (decision && decided) {
      const key = { at: decided, what: () => ({ key_decision: { decision } }) };
      events.push(key);
      if (told) events.push({ at: told, what: (ids) => ({ victim_informed: { victim: 1, decision: ids.get(key) } }) });
    }

    const category = value("crime-category");
    return withEvents(
      { reference, categories: [category], reported_at: reported, recorded_at: recorded, victims: [victim] },
      events,
    );
  }

  function buildS136() {
    const reference = referenceField($("s136-reference"));
    const decided = instantField($("s136-decided"), { required: true });
    const detention = { id: 1, decided_at: decided };
    const age = numberField($("s136-age"), { min: 0, max: 130 });
    if (age !== null) detention.age = age;

    const events = [];
    const consultedWith = value("s136-consulted-with");
    const consulted = instantField($("s136-consulted"));
    if (consultedWith && !consulted) problem($("s136-consulted"), "Enter when the consultation was made, or the reason recorded");
    if (!consultedWith && consulted) problem($("s136-consulted-with"), "Choose who was consulted, or that it was not practicable");
    if (consultedWith && consulted) {
      events.push({
        at: consulted,
        what: () =>
          consultedWith === "impracticable"
            ? { consultation_impracticable: { detention: 1 } }
            : { consulted: { detention: 1, with: consultedWith } },
      });
    }
    const rank = value("s136-authorised-rank");
    const authorised = instantField($("s136-authorised"));
    if (rank && !authorised) problem($("s136-authorised"), "Enter when the police station was authorised");
    if (!rank && authorised) problem($("s136-authorised-rank"), "Choose the rank that authorised the police station");
    if (rank && authorised) {
      events.push({
        at: authorised,
        what: () => ({
          police_station_authorised: {
            detention: 1,
            rank,
            imminent_risk: checked("s136-imminent-risk"),
            no_other_place: checked("s136-no-other-place"),
            healthcare_professional_present: checked("s136-hcp-present"),
          },
        }),
      });
    }
    const arrived = instantField($("s136-arrived"));
    if (arrived) {
      const place = value("s136-place");
      events.push({ at: arrived, what: () => ({ arrived_at_place_of_safety: { detention: 1, place } }) });
    }
    const superintendent = instantField($("s136-superintendent"));
    if (superintendent) events.push({ at: superintendent, what: () => ({ referred_to_superintendent: { detention: 1 } }) });
    const assessed = instantField($("s136-assessed"));
    if (assessed) events.push({ at: assessed, what: () => ({ assessment_completed: { detention: 1 } }) });
    const ended = instantField($("s136-ended"));
    if (ended) {
      const outcome = value("s136-outcome");
      events.push({ at: ended, what: () => ({ detention_ended: { detention: 1, outcome } }) });
    }
    return withEvents({ reference, detentions: [detention] }, events);
  }

  const NOTIFICATION = {
    registered: "school_notified",
    elective_home_education: "local_authority_notified",
    not_school_age: "no_school_to_notify",
    not_registered: "no_school_to_notify",
  };

  function buildDa() {
    const reference = referenceField($("da-reference"));
    const reported = instantField($("da-reported"), { required: true });
    const attended = instantField($("da-attended"));
    const recorded = instantField($("da-recorded"));
    const c = { reference, categories: ["domestic_abuse"] };
    if (recorded) c.recorded_at = recorded;
    c.reported_at = reported;
    if (attended) c.attended_at = attended;
    else c.attended = false;
    c.victims = [{ id: 1 }];
    c.suspects = [{ id: 1, identified: checked("da-suspect-identified") }];

    const events = [];
    const released = instantField($("da-released"));
    if (released) {
      const outcome = value("da-release-outcome");
      events.push({ at: released, what: () => ({ released: { suspect: 1, outcome } }) });
    }
    const orders = instantField($("da-orders"));
    if (orders) {
      const apply = checked("da-orders-apply");
      events.push({ at: orders, what: () => ({ orders_considered: { apply, reason_recorded: true, orders: ["dvpn"] } }) });
    }
    c.children = [];
    $("da-children").querySelectorAll("li.child").forEach((row, i) => {
      const id = i + 1;
      const ageInput = row.querySelector('[data-name="age"]');
      const age = numberField(ageInput, { min: 0, max: 25 });
      if (age === null && !ageInput.value.trim()) problem(ageInput, `Enter child ${id}'s age`);
      const school = row.querySelector('[data-name="school"]').value;
      c.children.push({ id, age: age ?? 0, school });
      const notified = instantField(row.querySelector('[data-name="notified"]'));
      if (notified) events.push({ at: notified, what: () => ({ [NOTIFICATION[school]]: { child: id } }) });
    });
    return withEvents(c, events);
  }

  function renumberChildren() {
    const rows = $("da-children").querySelectorAll("li.child");
    rows.forEach((row, i) => {
      const n = i + 1;
      for (const span of row.querySelectorAll(".child-number")) span.textContent = String(n);
      for (const el of row.querySelectorAll("[data-name]")) el.id = `da-child-${n}-${el.dataset.name}`;
      for (const label of row.querySelectorAll("label[data-for]")) label.htmlFor = `da-child-${n}-${label.dataset.for}`;
      for (const input of row.querySelectorAll("input[data-uk]")) echo(input);
    });
    $("da-add-child").disabled = rows.length >= 8;
  }

  function addChild({ focus = false } = {}) {
    const row = $("child-row").content.firstElementChild.cloneNode(true);
    row.querySelector(".remove-child").addEventListener("click", () => {
      const next = row.nextElementSibling ?? row.previousElementSibling;
      row.remove();
      renumberChildren();
      (next?.querySelector("input") ?? $("da-add-child")).focus();
    });
    $("da-children").append(row);
    renumberChildren();
    for (const input of row.querySelectorAll("input[data-uk]")) watchUkField(input);
    if (focus) row.querySelector("input").focus();
  }

  // ---------------------------------------------------------------------------------------
  // Now.

  function setNowToDevice() {
    $("now").value = ukWall(Math.floor(Date.now() / 1000) * 1000);
    showNow();
  }

  /** The chosen now as milliseconds, or null with the reason shown beside the field. */
  function readNow() {
    const found = ukInstants($("now").value.trim());
    const fold = $("now-fold");
    fold.hidden = !(found && found.length === 2);
    if (!found) return { error: "Enter the date and time to check as at" };
    if (found.length === 0) return { error: "This time does not exist in the UK: the clocks go forward an hour that night" };
    const gmt = found.length === 2 && document.querySelector('input[name="now-fold"]:checked')?.value === "gmt";
    return { ms: gmt ? found[1] : found[0] };
  }

  function showNow() {
    const now = readNow();
    const shown = $("now-shown");
    shown.classList.toggle("problem", !!now.error);
    shown.textContent = now.error ?? `${ukText(now.ms)} (${utcText(now.ms)})`;
    if (now.ms !== undefined) shown.dataset.utc = utcText(now.ms);
    else delete shown.dataset.utc;
    return now;
  }

  // ---------------------------------------------------------------------------------------
  // Checking and showing the duties.

  let checks = 0;
  let shownOnce = false;

  function currentSource() {
    return document.querySelector('input[name="source"]:checked').value;
  }

  function buildCase() {
    switch (currentSource()) {
      case "crime": return JSON.stringify(buildCrime(), null, 2);
      case "s136": return JSON.stringify(buildS136(), null, 2);
      case "da": return JSON.stringify(buildDa(), null, 2);
      default: {
        const text = $("case-text").value;
        if (!text.trim()) problem($("case-text"), "Open a case export file, or paste the case");
        return text;
      }
    }
  }

  function finished(state) {
    checks += 1;
    document.body.dataset.state = state;
    document.body.dataset.checks = String(checks);
  }

  function clearDuties(message) {
    $("findings").replaceChildren();
    $("summary").textContent = message;
    $("legend-box").hidden = true;
    $("result-actions").hidden = true;
  }

  function check({ moveFocus = true } = {}) {
    clearProblems();
    if (!engine) {
      finished("error");
      return;
    }
    const caseText = buildCase();
    const now = showNow();
    if (now.error) problem($("now"), now.error);
    if (errors.length) {
      clearDuties("No duties shown: the case is not complete.");
      showProblems();
      finished("error");
      return;
    }
    $("case-json").value = caseText;
    $("case-json-box").hidden = false;
    let findings;
    try {
      findings = engine.evaluate(caseText, $("policy-text").value.trim(), utcText(now.ms));
    } catch (e) {
      const words = e.stage
        ? `${STAGE[e.stage] ?? e.stage}: ${CODE[e.code] ?? e.code.replace(/_/g, " ")}` +
          `${e.field ? ` (${e.field})` : ""}. [${e.stage} ${e.code}]`
        : String(e);
      clearDuties("No duties shown: the case was refused.");
      showProblems(words);
      finished("error");
      return;
    }
    let reference = "";
    try {
      reference = String(JSON.parse(caseText).reference ?? "");
    } catch {
      // The rules read the case; the reference is only for the heading.
    }
    render(findings, reference, now.ms);
    finished("done");
    shownOnce = true;
    if (moveFocus) $("duties").focus();
  }

  function render(findings, reference, nowMs) {
    const list = $("findings");
    list.replaceChildren();
    const ordered = findings
      .map((f, i) => [f, i])
      .sort(([a, i], [b, j]) => URGENCY.indexOf(a.status) - URGENCY.indexOf(b.status) || i - j)
      .map(([f]) => f);
    for (const f of ordered) list.append(findingItem(f, nowMs));

    const counts = URGENCY.map((status) => [status, findings.filter((f) => f.status === status).length])
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `${n} ${STATUS[status].word.toLowerCase()}`);
    const at = `as at ${ukText(nowMs)}`;
    const name = reference ? `Case ${reference}` : "The case";
    $("summary").textContent = findings.length
      ? `${name}, ${at}: ${findings.length} ${findings.length === 1 ? "duty" : "duties"} (${counts.join(", ")}).`
      : `${name}, ${at}: no duty applies.`;
    $("legend-box").hidden = findings.length === 0;
    $("result-actions").hidden = false;
  }

  function row(dl, term, key, ...content) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.className = `f-${key}`;
    dd.append(...content);
    dl.append(dt, dd);
    return dd;
  }

  function timeElement(iso) {
    const ms = Date.parse(iso);
    const t = document.createElement("time");
    t.dateTime = iso;
    t.textContent = ukText(ms);
    return t;
  }

  function span(className, text) {
    const s = document.createElement("span");
    s.className = className;
    s.textContent = text;
    return s;
  }

  function findingItem(f, nowMs) {
    const rule = catalogue.get(f.rule);
    const li = document.createElement("li");
    li.className = `finding status-${f.status}`;
    li.dataset.rule = f.rule;
    li.dataset.subject = JSON.stringify(f.subject);
    li.dataset.status = f.status;
    li.dataset.deadline = f.deadline ?? "";
    li.dataset.metAt = f.met_at ?? "";
    li.dataset.reason = f.reason;

    const h = document.createElement("h3");
    h.append(
      badge(f.status),
      span("visually-hidden", ": "),
      span("duty-name", `${f.rule} ${titleText(rule)}, for ${subjectText(f.subject)}`),
    );
    li.append(h);

    const dl = document.createElement("dl");
    const deadlineMs = f.deadline ? Date.parse(f.deadline) : null;
    if (deadlineMs !== null) {
      const dd = row(dl, "Deadline", "deadline", timeElement(f.deadline), " ");
      if (!f.met_at) {
        const d = deadlineMs - nowMs;
        dd.append(span("left", d > 0 ? `${spanText(d)} left` : d === 0 ? "due now" : `passed ${spanText(d)} ago`));
      }
      dd.append(" ", span("utc", `(${f.deadline})`));
    } else {
      row(dl, "Deadline", "deadline", f.met_at ? "none" : "no deadline yet");
    }
    if (f.met_at) {
      const dd = row(dl, "Done", "done", timeElement(f.met_at));
      if (deadlineMs !== null) {
        const d = deadlineMs - Date.parse(f.met_at);
        dd.append(" ", span("left", d > 0 ? `${spanText(d)} before the deadline` : d === 0 ? "at the deadline" : `${spanText(d)} after the deadline`));
      }
    }
    row(dl, "Finding", "finding", `${reasonText(f.reason).replace(/^./, (c) => c.toUpperCase())}.`);
    if (rule) row(dl, "The duty", "duty", rule.duty);
    row(dl, "What to do next", "next", NEXT[f.status] ?? "");
    if (f.source) {
      const src = f.source;
      row(dl, "Source", "source", `${src.instrument}, ${src.provision} `, span("source-date", `(in force from ${dateText(src.in_force)})`));
    }
    if (f.computed_holidays) {
      row(dl, "Note", "note", "Counted with computed bank holidays (outside the built-in 2020–2030 table).");
    }
    li.append(dl);
    return li;
  }

  function renderLegend() {
    const ul = $("legend");
    ul.replaceChildren();
    for (const [status, s] of Object.entries(STATUS)) {
      const li = document.createElement("li");
      li.append(badge(status), ` ${s.meaning}`);
      ul.append(li);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Wiring.

  function showPanel() {
    const source = currentSource();
    for (const panel of document.querySelectorAll(".panel")) panel.hidden = panel.dataset.source !== source;
  }

  async function readFileInto(input, textarea) {
    const file = input.files?.[0];
    if (!file) return false;
    textarea.value = await file.text();
    return true;
  }

  function saveCase() {
    const text = $("case-json").value;
    let name = "case";
    try {
      name = String(JSON.parse(text).reference || "case").replace(/[^A-Za-z0-9._-]+/g, "-");
    } catch {
      // Keep the default name.
    }
    const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${name}.case.json`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function start() {
    renderLegend();
    for (const input of document.querySelectorAll(".panel input[data-uk]")) watchUkField(input);
    addChild();
    setNowToDevice();
    showPanel();
    for (const radio of document.querySelectorAll('input[name="source"]')) radio.addEventListener("change", showPanel);
    $("check-form").addEventListener("submit", (e) => {
      e.preventDefault();
      check();
    });
    $("case-file").addEventListener("change", async () => {
      if (!(await readFileInto($("case-file"), $("case-text")))) return;
      $("source-export").checked = true;
      showPanel();
      check();
    });
    $("policy-file").addEventListener("change", async () => {
      if ((await readFileInto($("policy-file"), $("policy-text"))) && shownOnce) check({ moveFocus: false });
    });
    const nowChanged = () => {
      showNow();
      if (shownOnce) check({ moveFocus: false });
    };
    $("now").addEventListener("input", showNow);
    $("now").addEventListener("change", nowChanged);
    for (const radio of document.querySelectorAll('input[name="now-fold"]')) radio.addEventListener("change", nowChanged);
    $("now-device").addEventListener("click", () => {
      setNowToDevice();
      if (shownOnce) check({ moveFocus: false });
    });
    $("da-add-child").addEventListener("click", () => addChild({ focus: true }));
    $("print").addEventListener("click", () => window.print());
    window.addEventListener("beforeprint", () => {
      $("printed").textContent = `Printed ${ukText(Date.now())} from the safeguard kiosk (rule catalogue version ${engine?.version().catalogue_version ?? "unknown"}).`;
    });
    $("case-json-save").addEventListener("click", saveCase);

    const status = $("engine-status");
    try {
      const version = await loadEngine();
      status.textContent =
        `Rules ready: catalogue version ${version.catalogue_version}, ${catalogue.size} duties. ` +
        `Built ${globalThis.SAFEGUARD_EMBED.built}. Working offline.`;
      document.body.dataset.engine = "ready";
    } catch (e) {
      status.textContent = `The rules could not be loaded, so no case can be checked: ${e.message ?? e}`;
      status.classList.add("failed");
      $("check").disabled = true;
      document.body.dataset.engine = "failed";
    }
  }

  start();
})();
