#!/usr/bin/env python3
"""An independent implementation of Operation Encompass (OE-1, OE-2), standard library only.

It speaks the conformance protocol of fixtures/PROTOCOL.md on standard input and output, and
claims only OE-1 and OE-2, so the runner skips every other fixture. It is written from
RULES.md and fixtures/README.md, not translated from the Rust core: it exists to show that the
suite and the protocol can check an implementation in another language, and to test the
runner's skip path for real.

It reads the `case` and `case_text` forms; it does not read postcard bytes, and says so in
the handshake (those fixtures are skipped).
"""

import datetime as dt
import json
import sys

try:
    import tomllib  # Python 3.11+
except ImportError:  # pragma: no cover
    tomllib = None

NAME = "safeguard-oe-python"
VERSION = "0.1.0"
PROTOCOL_VERSION = 1
RULES = ["OE-1", "OE-2"]

MAX_CHILDREN = 8
MAX_EPISODES = 8
MAX_INCIDENTS = 4

UTC = dt.timezone.utc
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
DAY = dt.timedelta(days=1)

# England and Wales bank holidays, 2020-2030 (RULES.md §1.1).
TABLE = {
    2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2028: ["01-03", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"],
    2029: ["01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"],
    2030: ["01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"],
}
# Proclaimed one-off changes before the table (RULES.md §1.1).
ONE_OFF = {dt.date(1981, 7, 29), dt.date(1995, 5, 8), dt.date(1999, 12, 31), dt.date(2002, 6, 3),
           dt.date(2002, 6, 4), dt.date(2011, 4, 29), dt.date(2012, 6, 4), dt.date(2012, 6, 5)}
MOVED_FROM = {dt.date(1995, 5, 1), dt.date(2002, 5, 27), dt.date(2012, 5, 28)}

SCHEME = {"instrument": "Operation Encompass (national scheme)"}
STATUTE_FROM = dt.date(2025, 11, 7)


class Refused(Exception):
    def __init__(self, stage, code, field, message):
        super().__init__(message)
        self.stage, self.code, self.field = stage, code, field


# ---- UK civil time ----------------------------------------------------------------------

def last_sunday(year, month):
    d = dt.date(year, month, 31)
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def is_bst(utc):
    """BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October."""
    start = dt.datetime.combine(last_sunday(utc.year, 3), dt.time(1), UTC)
    end = dt.datetime.combine(last_sunday(utc.year, 10), dt.time(1), UTC)
    return start <= utc < end


def uk_date(utc):
    return (utc + dt.timedelta(hours=1 if is_bst(utc) else 0)).date()


def uk_instant(date, seconds):
    """The UTC instant of a UK civil date and time of day."""
    local = dt.datetime.combine(date, dt.time(0), UTC) + dt.timedelta(seconds=seconds)
    in_bst = local - dt.timedelta(hours=1)
    return in_bst if is_bst(in_bst) else local


# ---- bank holidays, working days, school days -----------------------------------------------

def easter(year):
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def computed_holidays(year):
    new_year = dt.date(year, 1, 1)
    if new_year.weekday() == 5:
        new_year += 2 * DAY
    elif new_year.weekday() == 6:
        new_year += DAY
    e = easter(year)
    may1 = dt.date(year, 5, 1)
    early_may = may1 + dt.timedelta(days=(7 - may1.weekday()) % 7)

    def last_monday(month):
        last = dt.date(year, month, 31)
        return last - dt.timedelta(days=last.weekday())

    xmas = dt.date(year, 12, 25)
    wd = xmas.weekday()
    if wd == 4:
        pair = (xmas, xmas + 3 * DAY)
    elif wd == 5:
        pair = (xmas + 2 * DAY, xmas + 3 * DAY)
    elif wd == 6:
        pair = (xmas + DAY, xmas + 2 * DAY)
    else:
        pair = (xmas, xmas + DAY)
    return {new_year, e - 2 * DAY, e + DAY, early_may, last_monday(5), last_monday(8), *pair}


def is_bank_holiday(date, extra):
    if date in extra:
        return True
    if date.year in TABLE:
        return date.strftime("%m-%d") in TABLE[date.year]
    if date in ONE_OFF:
        return True
    if date in MOVED_FROM:
        return False
    return date in computed_holidays(date.year)


def next_school_day_start(event, policy):
    start = policy["school_day_start_minutes"] * 60
    closures = [(parse_date(c["first"]), parse_date(c["last"])) for c in policy.get("school_closures") or []]
    extra = {parse_date(d) for d in policy.get("extra_bank_holidays") or []}
    day = uk_date(event)
    for _ in range(3 * 366):
        closed = [last for first, last in closures if first <= day <= last]
        if closed:
            day = max(closed) + DAY
            continue
        if day.weekday() < 5 and not is_bank_holiday(day, extra):
            at = uk_instant(day, start)
            if at > event:
                return at
        day += DAY
    raise Refused("evaluate", "policy_out_of_range", "school_closures", "no school day within three years")


def touches_computed_years(a, b):
    first = uk_instant(dt.date(2020, 1, 1), 0)
    after_last = uk_instant(dt.date(2031, 1, 1), 0)
    return min(a, b) < first or max(a, b) >= after_last


# ---- reading --------------------------------------------------------------------------------

def parse_date(text):
    return dt.date.fromisoformat(text)


def parse_instant(text, field):
    if not isinstance(text, str) or "." in text or len(text) < 20 or text[10] not in "Tt":
        raise Refused("decode", "invalid_timestamp", field, f"{field}: not an RFC 3339 instant: {text!r}")
    try:
        value = dt.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise Refused("decode", "invalid_timestamp", field, f"{field}: not an RFC 3339 instant: {text!r}")
    if value.tzinfo is None or not (1900 <= value.year <= 2200):
        raise Refused("decode", "invalid_timestamp", field, f"{field}: out of range: {text!r}")
    return value.astimezone(UTC)


def show(instant):
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def read_case(request):
    if "case" in request:
        case = request["case"]
    elif "case_text" in request:
        text = request["case_text"]
        try:
            if request.get("case_syntax", "json") == "toml":
                if tomllib is None:
                    raise Refused("decode", "syntax", "", "no TOML reader")
                case = tomllib.loads(text)
            else:
                case = json.loads(text, object_pairs_hook=no_duplicates)
        except (ValueError, tomllib.TOMLDecodeError if tomllib else ValueError) as e:
            raise Refused("decode", "syntax", "", f"case_text: {e}")
    else:
        raise Refused("decode", "unsupported", "case_postcard", "postcard is not read")
    if not isinstance(case, dict):
        raise Refused("decode", "invalid_type", "", "a case must be an object")
    if not case.get("reference"):
        raise Refused("decode", "missing_field", "reference", "missing field `reference`")
    return case


def no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key!r}")
        seen[key] = value
    return seen


POLICY_FIELDS = {
    "needs_assessment_working_days", "referral_working_days", "care_contract_working_days",
    "key_decision_working_days_enhanced", "key_decision_working_days_standard",
    "default_update_plan", "order_consideration_hours", "dapn_pilot", "s136_escalation_hours",
    "s136_escalation_grace_minutes", "victims_code_2015_from", "warning_lead_minutes",
    "school_day_start_minutes", "school_closures", "extra_bank_holidays",
    "missing_child_notification", "report_not_applicable", "rules", "encompass_scheme_from",
    "missing_child_notification_from",
}


def read_policy(policy):
    for key in policy:
        if key not in POLICY_FIELDS:
            raise Refused("decode", "unknown_field", f"policy.{key}", f"policy: unknown field `{key}`")
    if not 0 <= policy.get("school_day_start_minutes", 510) < 24 * 60:
        raise Refused("evaluate", "policy_out_of_range", "school_day_start_minutes",
                      "the school day must start within the day")
    return policy


# ---- validation -----------------------------------------------------------------------------

def validate(case):
    """The checks of the constructor this implementation needs for the OE rules."""
    children = case.get("children") or []
    events = case.get("events") or []
    incidents = case.get("incidents") or []
    if len(children) > MAX_CHILDREN:
        raise Refused("validate", "capacity_exceeded", "children", "too many children")
    episodes = [e for e in events if "child_reported_missing" in (e.get("what") or {})]
    if len(episodes) > MAX_EPISODES:
        raise Refused("validate", "capacity_exceeded", "events (child_reported_missing)", "too many episodes")
    if len(incidents) > MAX_INCIDENTS:
        raise Refused("validate", "capacity_exceeded", "incidents", "too many incidents")
    ids = [c["id"] for c in children]
    if len(set(ids)) != len(ids):
        raise Refused("validate", "duplicate_id", "children", "a child id is used twice")
    by_id = {e.get("id"): e for e in events if "id" in e}
    for event in events:
        (kind, body), = event["what"].items()
        body = body or {}
        if "child" in body and body["child"] not in ids:
            raise Refused("validate", "unknown_reference", "child", f"no child {body['child']}")
        episode = body.get("missing_episode")
        if episode is not None:
            target = by_id.get(episode)
            if target is None:
                raise Refused("validate", "unknown_reference", "missing_episode", f"no event {episode}")
            if "child_reported_missing" not in target["what"]:
                raise Refused("validate", "wrong_kind_of_event", "missing_episode",
                              f"event {episode} is not a missing episode")
    for holder in [case, *incidents]:
        if holder.get("attended") is False and holder.get("attended_at") is not None:
            raise Refused("validate", "contradictory", "attended", "attended = false with attended_at")
    report = case.get("reported_at") or case.get("recorded_at")
    if report is None:
        if case.get("victims"):
            raise Refused("validate", "missing_report_instant", "reported_at", "no report instant")
        for i in incidents:
            anchor = i.get("reported_at") if i.get("attended") is False else (
                i.get("reported_at") or i.get("attended_at") or i.get("occurred_at"))
            if anchor is None:
                raise Refused("validate", "missing_report_instant", "incidents", "an incident with no instant")
        case_anchor = None if case.get("attended") is False else (case.get("attended_at") or case.get("occurred_at"))
        if case.get("categories") and case_anchor is None and not incidents:
            raise Refused("validate", "missing_report_instant", "reported_at", "no report instant")


def instants(case):
    """Every instant of the case, parsed (a bad one is a decode error)."""
    found = []
    for key in ("reported_at", "recorded_at", "attended_at", "occurred_at", "closed_at"):
        if case.get(key) is not None:
            found.append(parse_instant(case[key], key))
    for n, incident in enumerate(case.get("incidents") or []):
        for key in ("reported_at", "attended_at", "occurred_at"):
            if incident.get(key) is not None:
                found.append(parse_instant(incident[key], f"incidents[{n}].{key}"))
    for n, event in enumerate(case.get("events") or []):
        found.append(parse_instant(event["at"], f"events[{n}].at"))
    return found


# ---- the rules ------------------------------------------------------------------------------

def notification(case, policy, now, child, anchor, episode, lead_minutes, window=(None, None)):
    deadline = next_school_day_start(anchor, policy)
    wanted = {"registered": "school_notified", "elective_home_education": "local_authority_notified",
              "not_school_age": "no_school_to_notify", "not_registered": "no_school_to_notify"}[child["school"]]
    not_done = {"school_notified": "school_not_notified", "local_authority_notified": "local_authority_not_notified",
                "no_school_to_notify": "no_reason_recorded"}[wanted]
    done = None
    for event in case.get("events") or []:
        (kind, body), = event["what"].items()
        body = body or {}
        if kind == wanted and body.get("child") == child["id"] and body.get("missing_episode") == episode:
            at = parse_instant(event["at"], "at")
            lo, hi = window
            if (lo is not None and at < lo) or (hi is not None and at >= hi):
                continue  # it answers another incident of the same child
            done = at if done is None else min(done, at)
    finding = {"deadline": show(deadline), "computed_holidays": touches_computed_years(anchor, deadline)}
    if done is not None:
        finding["status"] = "met" if done <= deadline else "met_late"
        finding["reason"] = "done_on_time" if done <= deadline else "done_late"
        finding["met_at"] = show(done)
    else:
        if now > deadline:
            finding["status"] = "missed"
        elif lead_minutes > 0 and now >= deadline - dt.timedelta(minutes=lead_minutes):
            finding["status"] = "due_soon"
        else:
            finding["status"] = "pending"
        finding["reason"] = not_done
    return finding


def opt(mapping, key):
    value = mapping.get(key)
    return None if value is None else parse_instant(value, key)


def oe_1(case, policy, now):
    findings = []
    scheme_from = uk_instant(parse_date(policy["encompass_scheme_from"]), 0)
    statute_from = uk_instant(STATUTE_FROM, 0)
    report = opt(case, "reported_at") or opt(case, "recorded_at")
    children = {c["id"]: c for c in case.get("children") or []}
    lead = (policy.get("warning_lead_minutes") or {}).get("oe_1", 0)

    def anchor_of(incident):
        if incident.get("attended") is not False:
            return opt(incident, "attended_at") or opt(incident, "occurred_at") or incident["_report"]
        return incident["_report"]

    def judge(incident, child, subject, window=(None, None)):
        attended = incident.get("attended") is not False
        anchor = anchor_of(incident)
        if anchor is None or child.get("age", 0) >= 18:
            return
        statute = anchor >= statute_from
        scheme = attended and anchor >= scheme_from
        related = child.get("relation", "related_to_party") == "related_to_party"
        if related and statute:
            source = "statute"
        elif scheme:
            source = "scheme"
        else:
            return
        finding = notification(case, policy, now, child, anchor, None, lead, window)
        finding.update(rule="OE-1", subject=subject, source=source)
        findings.append(finding)

    incidents = case.get("incidents") or []
    if not incidents:
        if "domestic_abuse" in (case.get("categories") or []):
            whole = dict(case, _report=report)
            for child in children.values():
                judge(whole, child, {"child": child["id"]})
    else:
        listed = [dict(i, _report=opt(i, "reported_at") or report) for i in incidents]
        for incident in listed:
            own = anchor_of(incident)
            for cid in incident.get("children") or []:
                if cid not in children:
                    continue
                # A child linked to several incidents: a notification answers the latest of them
                # anchored at or before it; the earliest also takes those before every anchor.
                others = [anchor_of(o) for o in listed
                          if o["id"] != incident["id"] and cid in (o.get("children") or [])]
                others = [a for a in others if a is not None and own is not None]
                lo = own if any(a < own for a in others) else None
                later = [a for a in others if a > own]
                hi = min(later) if later else None
                judge(incident, children[cid], {"incident_child": {"incident": incident["id"], "child": cid}},
                      (lo, hi))
    return findings


def oe_2(case, policy, now):
    mode = policy.get("missing_child_notification", "off")
    if mode == "off":
        return []
    start = uk_instant(parse_date(policy["missing_child_notification_from"]), 0)
    children = {c["id"]: c for c in case.get("children") or []}
    lead = (policy.get("warning_lead_minutes") or {}).get("oe_2", 0)
    findings = []
    for event in case.get("events") or []:
        body = event["what"].get("child_reported_missing")
        if body is None:
            continue
        at = parse_instant(event["at"], "at")
        if (mode == "first_episode" and not body.get("first_episode")) or at < start:
            continue
        child = children.get(body["child"])
        if child is None or child.get("age", 0) >= 18:
            continue
        finding = notification(case, policy, now, child, at, event["id"], lead)
        finding.update(rule="OE-2", subject={"episode": event["id"]})
        findings.append(finding)
    return findings


def evaluate(request):
    now = parse_instant(request.get("now"), "now")
    policy = read_policy(request.get("policy") or {})
    case = read_case(request)
    latest = instants(case)
    validate(case)
    if latest and now < max(latest):
        raise Refused("evaluate", "now_before_case", "now", "now is before the case's latest instant")
    wanted = policy.get("rules")
    findings = []
    for rule, judge in (("OE-1", oe_1), ("OE-2", oe_2)):
        if isinstance(wanted, list) and rule not in wanted:
            continue
        found = judge(case, policy, now)
        if not found and policy.get("report_not_applicable"):
            found = [{"rule": rule, "subject": "case", "status": "not_applicable", "reason": "does_not_apply"}]
        findings.extend(found)
    return findings


# ---- the protocol ---------------------------------------------------------------------------

def main():
    out = sys.stdout
    greeted = False
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        if not greeted:
            greeted = True
            reply = {"type": "hello", "protocol_version": PROTOCOL_VERSION,
                     "implementation": {"name": NAME, "version": VERSION},
                     "catalogue_version": 1, "rules": RULES, "inputs": ["case", "case_text"]}
        else:
            try:
                reply = {"id": message["id"], "findings": evaluate(message)}
            except Refused as e:
                reply = {"id": message["id"], "error": {"stage": e.stage, "code": e.code,
                                                        "field": e.field, "message": str(e)}}
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
