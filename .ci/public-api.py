#!/usr/bin/env python3
"""Every path a caller can name in safeguard-core, from rustdoc JSON: the substitute for
`cargo public-api` that docs/PUBLIC_API.md is listed with.

    cargo +nightly rustdoc -p safeguard-core --all-features -- -Z unstable-options --output-format json
    python3 .ci/public-api.py target/doc/safeguard_core.json

Walks the module tree from the crate root, following public modules and `pub use` re-exports
(glob re-exports included), and prints one line per path: the path and its kind (`mod`,
`struct`, ...; `use->struct` for a re-export). Methods, fields and variants are not listed.
The last line, on standard error, counts the paths and the distinct items they name."""
import json
import sys

doc = json.load(open(sys.argv[1]))
index = doc["index"]


def item(i):
    return index.get(str(i))


def kind(it):
    inner = it["inner"]
    return next(iter(inner)) if isinstance(inner, dict) else inner


def kind_of(target):
    it = item(target)
    if it is not None:
        k = kind(it)
    else:
        summary = doc["paths"].get(str(target))
        k = summary["kind"] if summary else "?"
    return "mod" if k == "module" else k


out = set()


def walk(module, prefix, seen, via_glob):
    if module in seen:
        return
    seen = seen | {module}
    for child in item(module)["inner"]["module"]["items"]:
        it = item(child)
        if it is None or it.get("visibility") != "public":
            continue
        if kind(it) == "use":
            use = it["inner"]["use"]
            target = use.get("id")
            is_module = target is not None and item(target) and kind(item(target)) == "module"
            if use.get("is_glob"):
                if is_module:
                    walk(target, prefix, seen, True)
                continue
            path = f"{prefix}::{use['name']}"
            out.add((path, f"use->{kind_of(target)}", target))
            if is_module:
                walk(target, path, seen, via_glob)
        elif it.get("name") is not None:
            path = f"{prefix}::{it['name']}"
            k = kind_of(child)
            out.add((path, f"use->{k}" if via_glob else k, child))
            if k == "mod":
                walk(child, path, seen, via_glob)


root = doc["root"]
walk(root, item(root)["name"], frozenset(), False)
for path, k, _ in sorted(out):
    print(f"{path}\t{k}")
paths = {p for p, _, _ in out}
items = {i for _, _, i in out}
print(f"{len(paths)} paths to {len(items)} items", file=sys.stderr)
