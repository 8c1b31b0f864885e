"""The steps of a sharded batch on an existing engine: `python -m grader.shards_ci plan|grade|merge`.

The GitHub Actions workflow (.github/workflows/batch-shards.yml) and the Kubernetes Indexed Job
(deploy/k8s/batch-shards-job.yaml) only wire these into their engine; the project's tests run the
workflow's and the manifest's own command lines (tests/test_shard_engines.py).

    plan   N and the one seed every shard grades with (a random one unless given) -> $GITHUB_OUTPUT
           as count=N, shards=[0,...,N-1] (the matrix) and seed=S
    grade  one shard: `grade batch CHALLENGE SUBMISSIONS --shard K/N --seed S --out OUT`; optionally
           first waits for the Docker engine (a sidecar starts beside the grader) and builds the
           images when missing. Exit 0 when the shard was graded, whatever the scores (a failed
           submission is a row, not a failed job); 2 when it could not be graded.
    merge  `grade merge` of every folder under SHARDS_DIR (one per downloaded artifact) into OUT,
           writing what there is even when a shard is missing (recorded in batch.json) and
           appending a summary to $GITHUB_STEP_SUMMARY. Exit 0 complete, 1 a shard or a row
           missing, 2 the shards refused (not parts of one batch).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from . import paths
from .report.markdown import append_step_summary, cell

MAX_SHARDS = 256  # an Actions matrix holds at most 256 jobs


def grade_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "grader", *args]


def plan(args: argparse.Namespace) -> int:
    try:
        count = int(args.shards)
        seed = int(args.seed) if str(args.seed or "").strip() else random.SystemRandom().randrange(1, 2**31)
    except ValueError:
        print(f"error: shards '{args.shards}' and seed '{args.seed}' must be whole numbers", file=sys.stderr)
        return 2
    if not 1 <= count <= MAX_SHARDS:
        print(f"error: shards must be 1 to {MAX_SHARDS}, not {count}", file=sys.stderr)
        return 2
    lines = [f"count={count}", f"shards={json.dumps(list(range(count)))}", f"seed={seed}"]
    out = os.environ.get("GITHUB_OUTPUT")
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write("".join(line + "\n" for line in lines))
    print("\n".join(lines))
    return 0


def wait_for_engine(seconds: float) -> bool:
    """A sidecar engine starts beside the grader: wait until it answers (docker:dind takes a few s)."""
    from .errors import EngineUnavailable
    from .sandbox.engine import client

    deadline = time.monotonic() + seconds
    while True:
        try:
            client(timeout=5)
            return True
        except EngineUnavailable as exc:
            if time.monotonic() >= deadline:
                print(f"error: {exc.message} after {seconds:g}s", file=sys.stderr)
                return False
            time.sleep(1)


def grade(args: argparse.Namespace) -> int:
    if args.wait_engine and not wait_for_engine(args.wait_engine):
        return 2
    if args.build_images:  # an engine of its own (a sidecar) starts empty
        status = subprocess.run(grade_cmd("image", "status"), capture_output=True, text=True, cwd=paths.repo_root())
        lines = status.stdout.strip().splitlines()  # one `<tag>: built` per image, or why not
        if status.returncode or not lines or not all(line.endswith(": built") for line in lines):
            code = subprocess.call(grade_cmd("image", "build"), cwd=paths.repo_root())
            if code:
                return 2
    cmd = grade_cmd("batch", args.challenge, str(Path(args.submissions).resolve()), "--shard", args.shard,
                    "--seed", str(args.seed), "--jobs", str(args.jobs), "--sandbox", args.sandbox,
                    "--out", str(Path(args.out).resolve()))
    code = subprocess.call(cmd, cwd=paths.repo_root())  # the grader's folder: never a `grader/` of the submissions
    return 0 if code in (0, 1) else 2


def merge(args: argparse.Namespace) -> int:
    folders = sorted(p for p in Path(args.shards_dir).iterdir() if p.is_dir()) if Path(args.shards_dir).is_dir() else []
    if not folders:
        print(f"error: no shard outputs under '{args.shards_dir}'", file=sys.stderr)
        return 2
    out = Path(args.out).resolve()
    code = subprocess.call(grade_cmd("merge", *(str(f.resolve()) for f in folders), "--out", str(out), "--allow-missing"),
                           cwd=paths.repo_root())
    if code not in (0, 1):
        return 2
    data = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    rows, gaps = data["rows"], data.get("incomplete")
    passed = sum(1 for r in rows if r["status"] == "passed")
    mean = sum(r["percent"] for r in rows) / len(rows) if rows else 0.0
    text = (f"# Batch {cell(data['challenge'])}: {passed}/{len(rows)} passed, mean {mean:.1f}%\n\n"
            f"{len(folders)} of {data['shards']} shard(s), seed {data['seed']}, grader {cell(data['grader_version'])}\n")
    if gaps:
        text += (f"\n**Incomplete**: missing shard(s) {', '.join(gaps['missing_shards']) or 'none'}; "
                 f"submissions without a row: {', '.join(cell(n) for n in gaps['missing_submissions']) or 'none'}\n")
    (out / "summary.md").write_text(text, encoding="utf-8")
    append_step_summary(text)
    print(text)
    return 1 if gaps else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.shards_ci", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    p = sub.add_parser("plan")
    p.add_argument("--shards", default=os.environ.get("SHARDS", "1"))
    p.add_argument("--seed", default=os.environ.get("SEED", ""))
    g = sub.add_parser("grade")
    g.add_argument("--challenge", required=True)
    g.add_argument("--submissions", required=True, help="the folder of submission folders")
    g.add_argument("--shard", required=True, metavar="K/N")
    g.add_argument("--seed", required=True, type=int)
    g.add_argument("--out", required=True)
    g.add_argument("--jobs", type=int, default=2)
    g.add_argument("--sandbox", default="docker", choices=["auto", "docker", "local"])
    g.add_argument("--wait-engine", type=float, default=0, metavar="SECONDS", help="wait this long for the engine")
    g.add_argument("--build-images", action="store_true", help="build the runtime and services images if missing")
    m = sub.add_parser("merge")
    m.add_argument("--shards-dir", required=True, help="one folder per shard output (the downloaded artifacts)")
    m.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    return {"plan": plan, "grade": grade, "merge": merge}[args.step](args)


if __name__ == "__main__":
    sys.exit(main())
