#!/usr/bin/env python3
"""Self cost (Ir) per shared object and per function in a callgrind output file, per request.

callgrind_annotate charges the frames that were still running when a dump was taken (the
threads' outermost functions) with everything below them, as if it were their own cost; the cost
lines of the file itself are exact, so this reads them directly.

Usage: callgrind_self.py CALLGRIND_OUT REQUESTS [FUNCTIONS]
"""
import collections
import re
import sys


def main() -> None:
    path, requests = sys.argv[1], int(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    names: dict[str, dict[str, str]] = {"ob": {}, "fn": {}, "fl": {}}

    def name(kind: str, text: str) -> str:
        match = re.match(r"\((\d+)\)(?: (.*))?", text)
        if not match:
            return text
        if match.group(2) is not None:
            names[kind][match.group(1)] = match.group(2)
        return names[kind].get(match.group(1), text)

    by_function: collections.Counter = collections.Counter()
    by_object: collections.Counter = collections.Counter()
    obj = function = ""
    call_cost_follows = False
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if not line:
            continue
        key, _, rest = line.partition("=")
        if key in ("ob", "cob", "fn", "cfn", "fl", "fi", "fe", "cfi", "cfl"):
            kind = {"ob": "ob", "cob": "ob", "fn": "fn", "cfn": "fn"}.get(key, "fl")
            value = name(kind, rest)
            if key == "ob":
                obj = value
            elif key == "fn":
                function = value
            continue
        if key == "calls":
            call_cost_follows = True
            continue
        if line[0].isdigit() or line[0] in "+-*":
            fields = line.split()
            if call_cost_follows:  # the inclusive cost of a call, not this function's own
                call_cost_follows = False
            elif len(fields) > 1:
                by_function[(function, obj)] += int(fields[1])
                by_object[obj] += int(fields[1])
    total = sum(by_object.values())
    print(f"self cost in all: {total} Ir, {total / requests:.0f} per request")
    print("== self cost by shared object ==")
    for obj, cost in by_object.most_common(12):
        print(f"{100 * cost / total:6.2f}%  {cost / requests:9.0f} Ir/req  {obj.rsplit('/', 1)[-1]}")
    print("== self cost by function ==")
    for (function, obj), cost in by_function.most_common(top):
        print(f"{100 * cost / total:6.2f}%  {cost / requests:9.0f} Ir/req  {function[:110]}  [{obj.rsplit('/', 1)[-1]}]")


if __name__ == "__main__":
    main()
