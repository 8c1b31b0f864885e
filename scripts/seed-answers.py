#!/usr/bin/env python3
"""Grade the seed's "what interviewers look for" answers (tests/fixtures/seed-answers/) and print
their scores: the weights must let an answer that does what the question asks score >= 60%.

    scripts/seed-answers.py [--rev REV] [-k challenge-18] [--seed N]

Each fixture is the seed's model answer wrapped into a server with only what the spec fixes added
(its routes, PORT, the spec's variable names and fixed data), marked in the code by a "the spec's"
comment. --rev grades them against the challenges of a git revision (e.g. main: the weights
before a change), through GRADER_CHALLENGES.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "seed-answers"
THRESHOLD = 60.0


def grade(cid: str, fixture: Path, tmp: Path, seed: int, env: dict) -> dict:
    subs = tmp / cid / "subs"
    shutil.copytree(fixture, subs / "seed-answer")
    out = tmp / cid / "out"
    subprocess.run([sys.executable, "-m", "grader", "batch", cid, str(subs), "--out", str(out), "--sandbox", "docker",
                    "--seed", str(seed)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   text=True, check=False)
    (row,) = json.loads((out / "batch.json").read_text())["rows"]
    return json.loads((out / row["result"]).read_text()) if row["result"] else {"percent": 0.0, "checks": [],
                                                                                   "error": row["message"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rev", help="grade against the challenges of this git revision")
    ap.add_argument("-k", dest="pattern", default="", help="only challenges whose id contains this")
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    env = {**os.environ, "GRADER_OWNER": f"seedans{os.getpid()}"}
    low = 0
    with tempfile.TemporaryDirectory(prefix="seed-answers-") as tmp_name:
        tmp = Path(tmp_name)
        if args.rev:
            archive = subprocess.run(["git", "archive", args.rev, "challenges"], cwd=ROOT, capture_output=True,
                                     check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
            env["GRADER_CHALLENGES"] = str(tmp / "challenges")
        print(f"{'challenge':<14} {'score':>7}  lost checks ({args.rev or 'work tree'})")
        for fixture in sorted(p for p in FIXTURES.iterdir() if args.pattern in p.name):
            result = grade(fixture.name, fixture, tmp, args.seed, env)
            lost = [f"{c['id']} ({c['max_points'] - c['points']:g})" for c in result["checks"]
                    if c["status"] in ("fail", "error")]
            low += result["percent"] < THRESHOLD
            print(f"{fixture.name:<14} {result['percent']:>6.1f}%  {', '.join(lost) or result.get('error', '')}",
                  flush=True)
    print(f"{low} answer(s) under {THRESHOLD:g}%")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
