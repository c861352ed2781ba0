"""Writes the cases of the fixtures named in fixtures.txt as the JSON a records system exports.

    python3 kiosk/test/cases.py OUT_DIR

For each fixture: OUT_DIR/ID.case.json (its [case] table), OUT_DIR/ID.policy.json when it
overrides the policy, and a line of OUT_DIR/manifest.tsv: ID, now, case file, policy file or
"-". Run from the top of the checkout. A fixture without a [case] table is an error: the file
input takes cases, not bad input written as text.
"""

import json
import pathlib
import sys
import tomllib

here = pathlib.Path(__file__).parent
out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
lines = []
for name in (here / "fixtures.txt").read_text().splitlines():
    name = name.strip()
    if not name or name.startswith("#"):
        continue
    with open(name, "rb") as f:
        fixture = tomllib.load(f)
    if "case" not in fixture:
        sys.exit(f"{name}: no [case] table")
    fid = fixture["id"]
    case_file = f"{fid}.case.json"
    (out / case_file).write_text(json.dumps(fixture["case"], indent=2, ensure_ascii=False) + "\n")
    policy_file = "-"
    if "policy" in fixture:
        policy_file = f"{fid}.policy.json"
        (out / policy_file).write_text(json.dumps(fixture["policy"], indent=2) + "\n")
    lines.append(f"{fid}\t{fixture['now']}\t{case_file}\t{policy_file}\n")
(out / "manifest.tsv").write_text("".join(lines))
print(f"{len(lines)} cases written to {out}")
