#!/usr/bin/env python3
"""The host's findings for every vector, from the `safeguard` command itself.

    python3 capi/expected.py SAFEGUARD_BINARY VECTOR_DIR > expected.txt

For each line of VECTOR_DIR/manifest.tsv it runs
`safeguard check CASE --now NOW [--policy POLICY] --format json` and prints one line:
`ID ok FINDINGS` (the document's `findings`, as compact JSON: the form serde_json writes) or
`ID err STAGE CODE FIELD`. The C and Python examples print the same lines through the C ABI.
"""
import json
import subprocess
import sys


def main() -> int:
    binary, directory = sys.argv[1], sys.argv[2]
    with open(f"{directory}/manifest.tsv", encoding="utf-8") as manifest:
        for line in manifest:
            ident, now, case, policy = line.rstrip("\n").split("\t")
            command = [binary, "check", f"{directory}/{case}", "--now", now, "--format", "json"]
            if policy != "-":
                command += ["--policy", f"{directory}/{policy}"]
            run = subprocess.run(command, capture_output=True, text=True, check=False)
            try:
                document = json.loads(run.stdout)
            except json.JSONDecodeError:
                print(f"{ident}: no JSON from {' '.join(command)}: {run.stderr}", file=sys.stderr)
                return 1
            if "findings" in document:
                findings = json.dumps(document["findings"], separators=(",", ":"), ensure_ascii=False)
                print(f"{ident} ok {findings}")
            else:
                error = document["error"]
                print(f"{ident} err {error['stage']} {error['code']} {error['field']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
