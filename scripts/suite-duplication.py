#!/usr/bin/env python3
"""How much of the hidden suites is copied from one challenge's suite into another's.

    scripts/suite-duplication.py [--rev REV] [--show]

Counts suite lines (stripped; blank lines, comments, decorators and imports left out) that sit in
a run of 3 or more consecutive lines found verbatim in another challenge's suite, and prints their
share of all suite lines (the target is under 1%). --rev reads the suites of a git revision (e.g.
main, to compare before and after); --show lists the copied runs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = 3


def counted(line: str) -> bool:
    return bool(line) and not line.startswith(("#", "@", "import ", "from "))


def suites(rev: str | None) -> dict[str, list[str]]:
    """{challenge id: its suite's counted lines, in order}."""
    if rev is None:
        files = {p.relative_to(ROOT).as_posix(): p.read_text() for p in ROOT.glob("challenges/*/tests/test_*.py")}
    else:
        names = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev, "challenges/"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.split()
        files = {n: subprocess.run(["git", "show", f"{rev}:{n}"], cwd=ROOT, capture_output=True, text=True,
                                   check=True).stdout
                 for n in names if "/tests/test_" in n and n.endswith(".py")}
    out: dict[str, list[str]] = defaultdict(list)
    for name, text in sorted(files.items()):
        out[name.split("/")[1]] += [s for s in (line.strip() for line in text.splitlines()) if counted(s)]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rev", help="git revision to read the suites from (default: the work tree)")
    ap.add_argument("--show", action="store_true", help="list the copied runs")
    args = ap.parse_args()
    lines = suites(args.rev)
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for cid, body in lines.items():
        for i in range(len(body) - RUN + 1):
            owners[tuple(body[i:i + RUN])].add(cid)
    copied_total = 0
    for cid, body in lines.items():
        copied = set()
        for i in range(len(body) - RUN + 1):
            if len(owners[tuple(body[i:i + RUN])]) > 1:
                copied.update(range(i, i + RUN))
        copied_total += len(copied)
        if args.show and copied:
            print(f"{cid}: {len(copied)} lines")
            for i in sorted(copied):
                print(f"    {body[i]}")
    total = sum(len(body) for body in lines.values())
    share = 100 * copied_total / total if total else 0.0
    print(f"{copied_total} of {total} suite lines ({share:.1f}%) sit in runs of {RUN}+ lines copied "
          f"verbatim from another challenge's suite ({args.rev or 'work tree'}, {len(lines)} suites)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
