"""Benchmark: how close a grading comes to the unavoidable cost of starting a server and sending
the requests, and how batches scale. Prints figures; asserts nothing (targets are in README).

    .venv/bin/python bench/grading.py [--challenge challenge-13] [--track node] [--runs 5] [--batch 20]
    .venv/bin/python bench/grading.py --quick     # a fast smoke run (the test suite uses it)
    .venv/bin/python bench/grading.py --services  # only 6.: each service's start-up, challenge-34 end to end

Needs the runtime image (scripts/setup.sh) for the docker figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=ROOT)
    return time.perf_counter() - start, proc


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def entry_command(sub: Path, track: str) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from grader.submission import detect

    return detect(sub, track).command(python="python3" if track == "python" else "python", node="node")


def grade_runs(challenge: str, sub: Path, sandbox: str, runs: int, tmp: Path, env: dict | None = None) -> dict:
    walls, parts = [], {"prepare": [], "services": [], "startup": [], "suite": [], "teardown": [], "process": []}
    for i in range(runs):
        out = tmp / f"{sandbox}-{i}.json"
        wall, proc = timed([PY, "-m", "grader", challenge, str(sub), "--sandbox", sandbox, "--seed", "1",
                            "--json", str(out), "-q"], env)
        if proc.returncode != 0:
            raise SystemExit(f"grade failed ({sandbox}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
        t = json.loads(out.read_text())["timings"]
        walls.append(wall)
        for key in ("prepare", "services", "startup", "suite", "teardown"):
            parts[key].append(t.get(key, 0.0))
        parts["process"].append(wall - t["total"])  # interpreter start, imports, report, exit
    return {"wall": median(walls), **{k: median(v) for k, v in parts.items()}}


def floor_runs(kind: str, sub: Path, trace: Path, cmd: list[str], runs: int) -> float:
    walls = []
    for _ in range(runs):
        wall, proc = timed([PY, str(ROOT / "bench" / "floor.py"), kind, str(sub), str(trace), *cmd])
        if proc.returncode != 0:
            raise SystemExit(f"floor failed ({kind}): {proc.stderr[-2000:]}")
        walls.append(wall)
    return median(walls)


def _tree_pss_mb(root_pid: int) -> float:
    """Proportional set size of a process and its descendants (shared pages counted once overall)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def batch_run(challenge: str, subs_dir: Path, jobs: int, sandbox: str, out: Path) -> tuple[float, float]:
    """Wall time and the peak PSS of the grader's process tree (the batch and its gradings; the
    servers themselves run in containers or are the gradings' children in the local sandbox)."""
    start = time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "grader", "batch", challenge, str(subs_dir), "--jobs", str(jobs),
                             "--sandbox", sandbox, "--seed", "1", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _tree_pss_mb(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"batch failed: {stdout[-2000:]}{stderr[-2000:]}")
    return wall, peak


def synthetic_challenge(root: Path, checks: int) -> str:
    """A copy of challenge-01 whose suite has `checks` checks (GET / each): suite-size scaling."""
    cid = "challenge-98"
    dst = root / f"n{checks}" / cid
    shutil.copytree(ROOT / "challenges" / "challenge-01", dst, ignore=shutil.ignore_patterns("tests"))
    (dst / "challenge.toml").write_text((dst / "challenge.toml").read_text().replace("challenge-01", cid))
    (dst / "tests").mkdir()
    body = "\n".join(
        f"def test_get_{i}(client):\n    \"\"\"GET / #{i}\"\"\"\n    assert client.get('/').status_code == 200\n"
        for i in range(checks))
    (dst / "tests" / "test_synthetic.py").write_text(body)
    return str(dst.parent)


SERVICE_KINDS = ("postgres", "redis", "mongo", "upstream", "smtp")


def one_service_challenge(root: Path, kind: str):
    sys.path.insert(0, str(ROOT))
    from grader import challenges

    folder = root / kind / "challenge-98"
    folder.mkdir(parents=True)
    extra = ""
    if kind == "upstream":
        shutil.copytree(ROOT / "tests" / "fixtures" / "services" / "upstreams", folder / "upstreams")
        extra = 'name = "echo-service"\napp = "upstreams/echo.py"\n'
    (folder / "challenge.toml").write_text(
        f'id = "challenge-98"\nslug = "s"\ntitle = "s"\ntier = 3\nminutes = 1\n[[service]]\nkind = "{kind}"\n{extra}')
    return challenges.load(folder)


def service_startups(sandbox: str, runs: int, tmp: Path) -> dict[str, tuple[float, float]]:
    """Per kind: median seconds until the service answers its wait strategy, and until removed."""
    from grader import services

    out = {}
    for kind in SERVICE_KINDS:
        ch = one_service_challenge(tmp / f"svc-{sandbox}", kind)
        ups, downs = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            started = services.start(ch, sandbox)
            t1 = time.perf_counter()
            started.close()
            ups.append(t1 - t0)
            downs.append(time.perf_counter() - t1)
        out[kind] = (median(ups), median(downs))
        shutil.rmtree(tmp / f"svc-{sandbox}", ignore_errors=True)
    return out


def services_section(sandboxes: list[str], runs: int, tmp: Path) -> None:
    print("\n6. services: start (until its wait strategy passes) and removal, one service alone")
    for kind in sandboxes:
        figures = service_startups(kind, runs, tmp)
        print(f"   {kind:<6} " + "  ".join(f"{k} {up:.2f}/{down:.2f} s" for k, (up, down) in figures.items()))
    for track in ("node", "python"):
        for kind in sandboxes:
            g = grade_runs("challenge-34", ROOT / "solutions" / "challenge-34" / track, kind, runs, tmp)
            print(f"   challenge-34 {track:<6} {kind:<6} {g['wall']:.3f} s = prepare {g['prepare']:.3f} + services "
                  f"{g['services']:.3f} + startup {g['startup']:.3f} + suite {g['suite']:.3f} + teardown "
                  f"{g['teardown']:.3f} + process {g['process']:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--challenge", default="challenge-13")
    ap.add_argument("--track", default="node", choices=["node", "python"])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--quick", action="store_true", help="1 run, batch of 2, small sizes: checks the script works")
    ap.add_argument("--no-docker", action="store_true")
    ap.add_argument("--services", action="store_true", help="only the services figures (6.)")
    a = ap.parse_args()
    if a.quick:
        a.runs, a.batch = 1, 2
    sandboxes = ["local"] if a.no_docker else ["docker", "local"]
    sub = ROOT / "solutions" / a.challenge / a.track
    tmp = Path(tempfile.mkdtemp(prefix="grader-bench-"))
    try:
        print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
        if a.services:
            print(f"{a.runs} runs each (medians)")
            services_section(sandboxes, a.runs, tmp)
            return
        print(f"challenge {a.challenge}, track {a.track}, {a.runs} runs each (medians)\n")
        trace = tmp / "trace.jsonl"
        timed([PY, "-m", "grader", a.challenge, str(sub), "--sandbox", "local", "--seed", "1", "-q"],
              {"GRADER_TRACE_REQUESTS": str(trace)})
        n_requests = sum(1 for _ in trace.open())
        cmd = entry_command(sub, a.track)
        print(f"1. floor: start, wait until it answers, replay the suite's {n_requests} requests, stop")
        floors = {}
        for kind in sandboxes:
            floor_cmd = cmd if kind == "docker" else ([shutil.which("node") or "node", cmd[1]] if a.track == "node" else [PY, cmd[1]])
            env_cmd = floor_cmd
            if kind == "local" and a.track == "node":
                os.environ["NODE_PATH"] = str(ROOT / ".runtime" / "node" / "node_modules")
            floors[kind] = floor_runs(kind, sub, trace, env_cmd, a.runs)
            print(f"   {kind:<6} {floors[kind]:.3f} s")
        print("\n2. grade (whole process): wall = prepare + startup + suite + teardown + process (interpreter, imports, report)")
        grades = {}
        for kind in sandboxes:
            g = grades[kind] = grade_runs(a.challenge, sub, kind, a.runs, tmp)
            print(f"   {kind:<6} {g['wall']:.3f} s = prepare {g['prepare']:.3f} + startup {g['startup']:.3f} + "
                  f"suite {g['suite']:.3f} + teardown {g['teardown']:.3f} + process {g['process']:.3f}")
        print("\n3. grade / floor")
        for kind in sandboxes:
            print(f"   {kind:<6} {grades[kind]['wall'] / floors[kind]:.2f}")
        first = "docker" if not a.no_docker else "local"
        one = grade_runs("challenge-01", ROOT / "solutions" / "challenge-01" / a.track, first, a.runs, tmp)
        print(f"\n   challenge-01 end to end ({first}): {one['wall']:.3f} s")
        if not a.no_docker:
            loc = grade_runs("challenge-01", ROOT / "solutions" / "challenge-01" / a.track, "local", a.runs, tmp)
            print(f"   challenge-01 end to end (local): {loc['wall']:.3f} s")

        print(f"\n4. batch of {a.batch} copies of the reference ({first} sandbox)")
        subs = tmp / "subs"
        for i in range(a.batch):
            shutil.copytree(sub, subs / f"cand{i:02d}")
        w1, m1 = batch_run(a.challenge, subs, 1, first, tmp / "b1")
        w2, m2 = batch_run(a.challenge, subs, 2, first, tmp / "b2")
        print(f"   --jobs 1: {w1:.2f} s   --jobs 2: {w2:.2f} s   speed-up {w1 / w2:.2f}x")
        print(f"   grader memory (peak PSS of the batch's process tree): --jobs 1 {m1:.0f} MB, --jobs 2 {m2:.0f} MB; "
              f"per concurrent job {m2 - m1:.0f} MB")

        print("\n5. linear growth")
        sizes = (5, 10) if a.quick else (10, 40)
        per = []
        for n in sizes:
            env = {"GRADER_CHALLENGES": synthetic_challenge(tmp / "syn", n)}
            g = grade_runs("challenge-98", ROOT / "solutions" / "challenge-01" / a.track, "local", a.runs, tmp, env)
            per.append((n, g["suite"]))
            print(f"   {n:>3} checks: suite {g['suite']:.3f} s ({1000 * g['suite'] / n:.1f} ms per check)")
        half = subs.parent / "half"
        for i in range(max(1, a.batch // 2)):
            shutil.copytree(sub, half / f"cand{i:02d}")
        wh, _ = batch_run(a.challenge, half, 2, first, tmp / "bh")
        print(f"   {max(1, a.batch // 2):>3} submissions: {wh:.2f} s ({wh / max(1, a.batch // 2):.2f} s each); "
              f"{a.batch:>3} submissions: {w2:.2f} s ({w2 / a.batch:.2f} s each)")
        services_section(sandboxes, a.runs, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
