#!/usr/bin/env python3
"""Grade every mutant of the challenges under several seeds; report what each one fails.

    scripts/mutants-seeds.py [--seeds 5] [-k challenge-21 [-k challenge-22 ...]] [-j 2] [--sandbox local] [--update]

A mutant is one defect, so the checks it fails must not depend on the seed: a mutant caught on
one seed and not on another, or failing other checks under another seed, is a defect of the suite
(its random data does not always include the case the check exists for). Each challenge's mutants
are graded as one `grade batch` per seed (docker sandbox unless --sandbox local), so a grading costs no interpreter start.

--update writes each mutant's `fails = [...]` into mutants.toml from the gradings (only where every
seed agreed; a seed-dependent mutant is reported and left as it is).
Exit code: 0 when every mutant is caught on every seed with one fail set matching its `fails`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers import (  # noqa: E402
    apply_mutant,
    challenge_ids,
    failed_checks,
    fails_as_declared,
    load_mutants,
    mutant_key,
    seed_for,
    write_fails,
)


def grade_all(cid: str, subs: Path, out: Path, seed: int, jobs: int, sandbox: str) -> dict[str, list[str] | None]:
    """One batch of every mutant under one seed: {mutant id: failed check ids, None if not graded}."""
    env = {**os.environ, "GRADER_OWNER": f"mseeds{os.getpid()}"}
    subprocess.run(
        [sys.executable, "-m", "grader", "batch", cid, str(subs), "--jobs", str(jobs), "--out", str(out),
         "--sandbox", sandbox, "--seed", str(seed)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
    )
    rows = json.loads((out / "batch.json").read_text())["rows"]
    found: dict[str, list[str] | None] = {}
    for row in rows:
        found[row["name"]] = failed_checks(json.loads((out / row["result"]).read_text())) if row["result"] else None
        if not row["result"]:  # the batch's temporary folder goes: say why now
            print(f"{cid} {row['name']}: seed {seed}: no result: {row['message'] or row['status']}", flush=True)
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=5, help="seeds per mutant (default 5)")
    ap.add_argument("-k", dest="patterns", action="append", default=[],
                    help="only challenges whose id contains this (repeatable: any of them)")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="gradings at a time (at most 2 on a shared machine)")
    ap.add_argument("--sandbox", choices=["docker", "local"], default="docker",
                    help="where the mutants run (default docker; local is about twice as fast)")
    ap.add_argument("--update", action="store_true", help="rewrite the fails lists from the gradings")
    args = ap.parse_args()

    totals = {"mutants": 0, "stable": 0, "seed_dependent": 0, "uncaught": 0, "mismatch": 0, "not_graded": 0}
    failed_counts: list[int] = []
    started = time.monotonic()
    for cid in (c for c in challenge_ids() if not args.patterns or any(p in c for p in args.patterns)):
        mutants = load_mutants(cid)
        if not mutants:
            continue
        seeds = [seed_for(f"{cid}-seed-{i}") for i in range(args.seeds)]
        with tempfile.TemporaryDirectory(prefix=f"mseeds-{cid}-") as tmp:
            subs = Path(tmp, "subs")
            subs.mkdir()
            for m in mutants:
                apply_mutant(cid, m, subs / mutant_key(m))
            runs = [grade_all(cid, subs, Path(tmp, f"out-{s}"), s, args.jobs, args.sandbox) for s in seeds]
        updates: dict[str, list[str]] = {}
        for m in mutants:
            totals["mutants"] += 1
            per_seed = [run.get(mutant_key(m)) for run in runs]
            if any(p is None for p in per_seed):
                totals["not_graded"] += 1
                print(f"{cid} {mutant_key(m)}: NOT GRADED under seed(s) "
                      f"{[s for s, p in zip(seeds, per_seed) if p is None]}")
                continue
            sets = {tuple(p) for p in per_seed}
            caught = sum(1 for p in per_seed if p)
            if len(sets) > 1:
                totals["seed_dependent"] += 1
                detail = "; ".join(f"seed {s}: {list(p)}" for s, p in zip(seeds, per_seed))
                print(f"{cid} {mutant_key(m)}: SEED-DEPENDENT (caught on {caught}/{len(seeds)}): {detail}")
                continue
            (got,) = sets
            if not got:
                totals["uncaught"] += 1
                print(f"{cid} {mutant_key(m)}: NOT CAUGHT on any seed")
                continue
            totals["stable"] += 1
            if not m.get("crashes", False):
                failed_counts.append(len(got))
            if not fails_as_declared(m, list(got)):
                totals["mismatch"] += 1
                print(f"{cid} {mutant_key(m)}: fails {list(got)} (declared {m.get('fails')})")
                updates[mutant_key(m)] = list(got)
        if args.update and updates:
            write_fails(cid, updates)
        print(f"-- {cid}: {len(mutants)} mutants x {len(seeds)} seeds {seeds} "
              f"({time.monotonic() - started:.0f}s so far)", flush=True)

    mean = sum(failed_counts) / len(failed_counts) if failed_counts else 0.0
    print(f"\n{totals['mutants']} mutants x {args.seeds} seeds: {totals['stable']} caught on every seed with one "
          f"fail set, {totals['seed_dependent']} seed-dependent, {totals['uncaught']} never caught, "
          f"{totals['not_graded']} not graded; {totals['mismatch']} differ from their declared fails"
          f"{' (updated)' if args.update else ''}")
    print(f"mean failed checks per non-crashing mutant: {mean:.2f} (over {len(failed_counts)}); "
          f"{time.monotonic() - started:.0f}s")
    bad = totals["seed_dependent"] + totals["uncaught"] + totals["not_graded"] + (0 if args.update else totals["mismatch"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
