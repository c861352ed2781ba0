#!/usr/bin/env python3
"""A deliberately broken implementation, for testing the conformance runner.

It stands between the runner and a real implementation (by default `safeguard
serve-protocol`) and passes every message through, except on three named fixtures:

  --shift ID   the first finding with a deadline has it moved one second later
  --crash ID   the process exits (status 3) instead of answering
  --hang ID    the answer never comes (the process sleeps until it is killed)

Usage: broken_adapter.py [--shift ID] [--crash ID] [--hang ID] -- COMMAND [ARGS...]

The runner must report exactly these fixtures as failed: the first with the wrong deadline,
the second as a crash, the third as a timeout; and every other fixture as it would without
the adapter (the process is restarted after the crash and after the timeout).
"""

import datetime as dt
import json
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    faults = {}
    while args and args[0] != "--":
        flag, fixture = args[0], args[1]
        faults[fixture] = flag.lstrip("-")
        args = args[2:]
    command = args[1:] or ["safeguard", "serve-protocol"]
    inner = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        fault = faults.get(message.get("id"))
        if fault == "crash":
            sys.exit(3)
        if fault == "hang":
            while True:
                time.sleep(60)
        inner.stdin.write(line if line.endswith("\n") else line + "\n")
        inner.stdin.flush()
        reply = inner.stdout.readline()
        if fault == "shift":
            answer = json.loads(reply)
            for finding in answer.get("findings", []):
                if finding.get("deadline") and finding.get("rule") in message.get("rules", []):
                    at = dt.datetime.strptime(finding["deadline"], "%Y-%m-%dT%H:%M:%SZ")
                    finding["deadline"] = (at + dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
                    break
            reply = json.dumps(answer) + "\n"
        sys.stdout.write(reply)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
