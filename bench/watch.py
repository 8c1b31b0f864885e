"""Benchmark: save -> verdict of `grade watch`, beside a fresh `grade` of the same submission.
Prints figures; asserts nothing (the targets are in the README: docker < 0.5 s, local < 0.4 s).

    .venv/bin/python bench/watch.py [--challenge challenge-13] [--track node] [--saves 10] [--sandboxes docker,local]

One `grade watch` per sandbox on a copy of the reference solution (public checks, as a candidate
runs it). Each save rewrites the entry file with one changed comment line; save -> verdict is from
just before the write until the verdict line is on the watch's stdout, so it includes the watcher's
quiet period (--debounce, 50 ms). The parts are the watch's own timings of each run (its --json).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PARTS = ("sync_restart", "ready", "suite", "report")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


class Lines:
    """A process's stdout lines with the moment each arrived."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.rows: list[tuple[float, str]] = []
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc) -> None:
        for line in proc.stdout:
            self.rows.append((time.perf_counter(), line.rstrip("\n")))

    def wait(self, needle: str, start: int, timeout: float = 120.0) -> tuple[int, float]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for i in range(start, len(self.rows)):
                if needle in self.rows[i][1]:
                    return i + 1, self.rows[i][0]
            time.sleep(0.002)
        tail = "\n".join(line for _, line in self.rows[-30:])
        raise SystemExit(f"no line with {needle!r} within {timeout:g}s:\n{tail}")


def watch_saves(challenge: str, track: str, sandbox: str, saves: int, tmp: Path) -> dict:
    sub = tmp / f"watch-{sandbox}"
    shutil.copytree(ROOT / "solutions" / challenge / track, sub)
    entry = sub / ("server.js" if (sub / "server.js").exists() else "app.py")
    comment = "//" if entry.suffix == ".js" else "#"
    original = entry.read_text()
    session = tmp / f"watch-{sandbox}.json"
    proc = subprocess.Popen([PY, "-m", "grader", "watch", challenge, str(sub), "--sandbox", sandbox, "--seed", "1",
                             "--json", str(session)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, bufsize=1)
    lines = Lines(proc)
    try:
        at, _ = lines.wait("watching for changes", 0, timeout=300)
        verdicts = []
        for i in range(saves):
            t0 = time.perf_counter()
            entry.write_text(original + f"\n{comment} save {i}\n")
            at, _ = lines.wait(f"run {i + 2} ", at)
            at, seen = lines.wait("score ", at)
            verdicts.append(seen - t0)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
    runs = json.loads(session.read_text())["runs"][1:]
    if any(r["percent"] != 100 for r in runs):
        raise SystemExit(f"a run of the reference did not score 100% ({sandbox}): {[r['percent'] for r in runs]}")
    parts = {k: median([r["timings"].get(k, 0.0) for r in runs]) for k in PARTS}
    return {"verdict": median(verdicts), "min": min(verdicts), "max": max(verdicts), **parts}


def fresh_grades(challenge: str, track: str, sandbox: str, runs: int) -> float:
    sub = ROOT / "solutions" / challenge / track
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([PY, "-m", "grader", challenge, str(sub), "--sandbox", sandbox, "--public-only",
                               "--seed", "1", "-q"], cwd=ROOT, capture_output=True, text=True)
        walls.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"grade failed ({sandbox}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return median(walls)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--challenge", default="challenge-13")
    ap.add_argument("--track", default="node")
    ap.add_argument("--saves", type=int, default=10)
    ap.add_argument("--grades", type=int, default=3, help="fresh `grade` runs per sandbox")
    ap.add_argument("--sandboxes", default="docker,local")
    args = ap.parse_args()
    load = os.getloadavg()[0]
    print(f"{args.challenge} ({args.track}), public checks; {os.cpu_count()} cores, load average {load:.1f}")
    print(f"{'sandbox':<8} {'save->verdict':>13} {'(min-max)':>13} {'sync+restart':>12} {'ready':>6} "
          f"{'suite':>6} {'report':>6} {'fresh grade':>11}")
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
        for sandbox in args.sandboxes.split(","):
            w = watch_saves(args.challenge, args.track, sandbox, args.saves, Path(tmp))
            fresh = fresh_grades(args.challenge, args.track, sandbox, args.grades)
            print(f"{sandbox:<8} {w['verdict']:>12.3f}s {w['min']:>6.2f}-{w['max']:<5.2f}s {w['sync_restart']:>11.3f}s "
                  f"{w['ready']:>5.3f}s {w['suite']:>5.3f}s {w['report']:>5.3f}s {fresh:>10.3f}s")
    print(f"medians of {args.saves} saves (watch) and {args.grades} runs (grade); load average now "
          f"{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
