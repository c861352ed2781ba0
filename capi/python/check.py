#!/usr/bin/env python3
"""Calls safeguard-core from Python through the C ABI (ctypes), on the conformance vectors, and
prints one line per fixture in the form capi/expected.py prints the command line's findings.

    python3 capi/python/check.py target/release/libsafeguard_capi.so VECTOR_DIR

The smallest use is `evaluate(case_json, policy_json, now)` below: JSON text in, the findings
(a list of dicts) out, or a `SafeguardError` carrying stage, code and field.
"""
import ctypes
import json
import sys


class SgResult(ctypes.Structure):
    _fields_ = [("len", ctypes.c_size_t), ("stage", ctypes.c_char_p), ("code", ctypes.c_char_p)]


class SafeguardError(Exception):
    def __init__(self, stage, code, field, message):
        super().__init__(message)
        self.stage, self.code, self.field = stage, code, field


class Safeguard:
    OK, DECODE, VALIDATE, EVALUATE, OUTPUT_TOO_SMALL = 0, 1, 2, 3, 4

    def __init__(self, path):
        self.lib = ctypes.CDLL(path)
        self.lib.sg_evaluate_json.restype = ctypes.c_int32
        self.lib.sg_evaluate_json.argtypes = [
            ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t,
            ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t,
            ctypes.POINTER(SgResult),
        ]
        self.lib.sg_catalogue_version.restype = ctypes.c_uint16
        self.lib.sg_version.restype = ctypes.c_char_p

    def evaluate_raw(self, case: bytes, policy: bytes, now: bytes):
        """(status, stage, code, output bytes); the buffer grows when it is too small."""
        capacity = 4096
        while True:
            out = ctypes.create_string_buffer(capacity)
            result = SgResult()
            status = self.lib.sg_evaluate_json(
                case, len(case), policy, len(policy), now, len(now), out, capacity,
                ctypes.byref(result))
            if status != self.OUTPUT_TOO_SMALL:
                return status, result.stage.decode(), result.code.decode(), out.raw[: result.len]
            capacity = result.len

    def evaluate(self, case_json: str, policy_json: str, now: str):
        status, stage, code, out = self.evaluate_raw(
            case_json.encode(), policy_json.encode(), now.encode())
        if status == self.OK:
            return json.loads(out)
        if status in (self.DECODE, self.VALIDATE, self.EVALUATE):
            error = json.loads(out)
            raise SafeguardError(stage, code, error["field"], error["message"])
        raise SafeguardError(stage, code, "", f"safeguard status {status}")


def main() -> int:
    library, directory = sys.argv[1], sys.argv[2]
    sg = Safeguard(library)
    assert sg.lib.sg_catalogue_version() >= 1 and sg.lib.sg_version()
    with open(f"{directory}/manifest.tsv", encoding="utf-8") as manifest:
        for line in manifest:
            ident, now, case, policy = line.rstrip("\n").split("\t")
            case_bytes = open(f"{directory}/{case}", "rb").read()
            policy_bytes = b"" if policy == "-" else open(f"{directory}/{policy}", "rb").read()
            status, stage, code, out = sg.evaluate_raw(case_bytes, policy_bytes, now.encode())
            if status == sg.OK:
                print(f"{ident} ok {out.decode()}")
            elif status in (sg.DECODE, sg.VALIDATE, sg.EVALUATE):
                print(f"{ident} err {stage} {code} {json.loads(out)['field']}")
            else:
                print(f"{ident} FAIL status {status} {stage} {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
