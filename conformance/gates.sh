#!/usr/bin/env bash
# The conformance protocol's CI gates (fixtures/PROTOCOL.md), run by .ci/run:
#   1. the core through the protocol gives exactly the in-process results, fixture by fixture;
#   2. the Python Operation Encompass implementation passes every fixture of its rules, and
#      every other fixture is skipped;
#   3. the broken adapter's three faults are reported, each as such, and nothing else fails.
# Usage: conformance/gates.sh PATH/TO/safeguard
set -euo pipefail
cd "$(dirname "$0")/.."
SAFEGUARD="$(realpath "${1:-target/release/safeguard}")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "-- the core in-process and through the protocol"
"$SAFEGUARD" conformance --results "$tmp/in-process.json" >/dev/null
"$SAFEGUARD" conformance --results "$tmp/protocol.json" \
    --implementation "$SAFEGUARD serve-protocol" >/dev/null
python3 - "$tmp/in-process.json" "$tmp/protocol.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
strip = lambda d: [(f["id"], f["outcome"], f.get("reason")) for f in d["fixtures"]]
assert strip(a) == strip(b), "the protocol run differs from the in-process run"
assert a["failed"] == 0 and a["skipped"] == 0 and a["passed"] == a["total"] > 0, a["total"]
assert b["protocol_version"] == 1 and b["suite_version"] and b["catalogue_version"]
print(f"   identical: {b['passed']} of {b['total']} passed both ways")
PY

echo "-- the Python implementation of OE-1 and OE-2"
"$SAFEGUARD" conformance --results "$tmp/python.json" \
    --implementation "python3 conformance/python-oe/safeguard_oe.py" >/dev/null
python3 - "$tmp/python.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
claimed = set(d["implementation"]["rules"])
assert claimed == {"OE-1", "OE-2"}, claimed
for f in d["fixtures"]:
    mine = set(f["rules"]) <= claimed
    want = "passed" if mine else "skipped"
    assert f["outcome"] == want, (f["id"], f["outcome"], f.get("reason"))
assert d["passed"] > 0 and d["skipped"] > 0 and d["failed"] == 0
print(f"   {d['passed']} passed, {d['skipped']} skipped, {d['failed']} failed")
PY

echo "-- the broken adapter: a shifted deadline, a crash, a hang"
set +e
"$SAFEGUARD" conformance --timeout-ms 3000 --results "$tmp/broken.json" \
    --implementation "python3 conformance/broken/broken_adapter.py \
        --shift na-1-due-soon-warning-lead \
        --crash s136-1-autumn-clock-change-elapsed-hours \
        --hang vu-1-met-across-autumn-clock-change \
        -- $SAFEGUARD serve-protocol" >/dev/null
status=$?
set -e
[ "$status" -eq 1 ] || { echo "the broken adapter's run exited $status, not 1" >&2; exit 1; }
python3 - "$tmp/broken.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
failed = {f["id"]: f["reason"] for f in d["fixtures"] if f["outcome"] == "failed"}
assert set(failed) == {"na-1-due-soon-warning-lead", "s136-1-autumn-clock-change-elapsed-hours",
                       "vu-1-met-across-autumn-clock-change"}, failed
assert "deadline expected" in failed["na-1-due-soon-warning-lead"], failed
assert failed["s136-1-autumn-clock-change-elapsed-hours"].startswith("crashed:"), failed
assert failed["vu-1-met-across-autumn-clock-change"].startswith("timeout:"), failed
print("   exactly the three faults, each reported as such")
PY
