"""Grade every submission folder under a directory, N at a time.

Each grading runs in its own process: a hidden suite runs in-process under pytest, which is not
re-entrant, and a process per submission also keeps one candidate's failure (or a grader crash)
from touching the others. The processes are forked from a multiprocessing *forkserver* that has
imported the grader, pytest, httpx and the docker SDK once, so a grading does not pay for a new
interpreter and its imports (about 0.3 s of CPU each, which is what bounds a batch on a small
machine). A forked grading runs exactly what `grade run ... --json FILE -q` runs.

The batch writes each run's JSON result and HTML page, `batch.json` (one row per submission,
and what the rows were graded with: challenge and a digest of its folder, seed, grader version,
checks; a shard's part too, see grader/shard.py), `batch.csv` and an overview page `index.html`
into the output directory. `grade merge` (grader/merge.py) writes the same from shard outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

from . import __version__
from .errors import SubmissionError


@dataclass
class Row:
    name: str
    track: str
    score: float
    max_score: float
    percent: float
    status: str  # passed | failed | not-started | error (grader/usage error for this folder)
    duration: float
    result: str  # the run's JSON result, relative to the output dir ("" when none)
    message: str = ""


def challenge_digest(folder: Path) -> str:
    """A digest of a challenge's folder (spec, suite, data): shards graded against different copies
    of a hidden suite under one grader version must not be merged as one batch."""
    h = hashlib.sha256()
    # bytecode and tool caches appear where a suite ran: not part of the challenge
    skip = lambda rel: any(part == "__pycache__" or part.startswith(".") for part in rel.parts)  # noqa: E731
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not skip(p.relative_to(folder))):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def batch_info(challenge, seed: int, public_only: bool) -> dict:
    """What every row of a batch was graded with; `grade merge` joins only shards that agree on it."""
    return {"challenge": challenge.id, "challenge_digest": challenge_digest(challenge.path), "seed": seed,
            "grader_version": __version__, "checks": "public" if public_only else "all"}


def submissions_in(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise SubmissionError(f"'{directory}' is not a folder of submissions")
    subs = sorted(p for p in directory.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not subs:
        raise SubmissionError(f"no submission folders in '{directory}'", hint="put one folder per candidate in it")
    return subs


# imported once by the forkserver; every grading is forked from it
PRELOAD = ["grader.cli", "grader.run", "grader.suite", "grader.pytest_plugin", "grader.sandbox.docker",
           "grader.sandbox.local", "grader.report.outputs", "docker", "httpx", "pytest"]
_context = None


def _fork_context():
    global _context
    if _context is None:
        import multiprocessing

        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def _stop_forkserver() -> None:
    """End the forkserver and its resource tracker with the batch rather than a moment after it
    (each would notice the batch's exit on its own). multiprocessing has no public call for this;
    the private ones are what its own tests use, and their absence only leaves the old behaviour."""
    import multiprocessing.forkserver as forkserver
    import multiprocessing.resource_tracker as resource_tracker

    if _context is None:
        return
    for helper in (getattr(forkserver, "_forkserver", None), getattr(resource_tracker, "_resource_tracker", None)):
        stop = getattr(helper, "_stop", None)
        if stop is not None:
            stop()


def _grade_in_child(entry: Callable[[], None], argv: list[str], err_path: str) -> None:
    """The body of a forked grading: `grade ARGV`, stdout dropped, stderr to a file. `entry` is the
    CLI's main (handed in by the CLI, which imports this module: no import cycle); it ends the
    process itself (os._exit with grade's exit code), so getting past it means a grader crash."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(devnull, 1)
    os.dup2(err, 2)
    sys.argv = ["grade", *argv]
    try:
        entry()
    except BaseException:  # noqa: BLE001 - the row says so
        import traceback

        traceback.print_exc()
    sys.stderr.flush()
    os._exit(3)


def _stop(proc, grace: float = 15.0) -> None:
    """SIGTERM (the grading cleans up its sandbox, as on Ctrl-C), then SIGKILL."""
    if proc.is_alive():
        proc.terminate()
        proc.join(grace)
    if proc.is_alive():
        proc.kill()
        proc.join()


class Gradings:
    """The gradings under way. Once the batch is interrupted no new one starts (a worker thread
    may be about to start the next submission while the batch stops the current ones)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.live: set = set()
        self.stopping = False

    def start(self, proc) -> bool:
        with self.lock:
            if self.stopping:
                return False
            proc.start()
            self.live.add(proc)
            return True

    def done(self, proc) -> None:
        with self.lock:
            self.live.discard(proc)

    def stop_all(self) -> None:
        with self.lock:
            self.stopping = True
            procs = list(self.live)
        for proc in procs:
            _stop(proc)


def grade_one(entry: Callable[[], None], challenge: str, sub: Path, out_dir: Path, extra: list[str], timeout: float,
              gradings: Gradings | None = None) -> Row:
    """`grade run` of one submission in a process forked from the forkserver; `entry` is the CLI's
    main, pickled by name (the child imports it from the preloaded grader.cli)."""
    gradings = gradings or Gradings()
    json_path = out_dir / "runs" / f"{sub.name}.json"
    err_path = out_dir / "runs" / f"{sub.name}.stderr"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    argv = ["run", challenge, str(sub), "--json", str(json_path), "-q", *extra]
    proc = _fork_context().Process(target=_grade_in_child, args=(entry, argv, str(err_path)), name=f"grade {sub.name}")
    if not gradings.start(proc):
        return Row(sub.name, "?", 0.0, 0.0, 0.0, "error", 0.0, "", "not graded: the batch was interrupted")
    try:
        proc.join(timeout)
        timed_out = proc.is_alive()
        _stop(proc)
    finally:
        gradings.done(proc)
    code = -1 if timed_out else proc.exitcode
    err = err_path.read_text(errors="replace").strip() if err_path.exists() else ""
    err_path.unlink(missing_ok=True)
    if timed_out:
        err = f"the grading did not finish within {timeout:g}s"
    duration = round(time.monotonic() - start, 3)
    if code in (0, 1) and json_path.exists():
        r = json.loads(json_path.read_text())
        status = "passed" if code == 0 else ("not-started" if r["server"]["reason"] and not r["score"] else "failed")
        return Row(sub.name, r["track"], r["score"], r["max_score"], r["percent"], status, duration,
                   str(json_path.relative_to(out_dir)), r["server"]["reason"] or "")
    lines = [line for line in err.splitlines() if line.strip()]
    message = next((line for line in lines if line.startswith("error:")), lines[0] if lines else "")
    return Row(sub.name, "?", 0.0, 0.0, 0.0, "error", duration, "", message or f"grade exited with code {code}")


def run_batch(
    entry: Callable[[], None],
    challenge: str,
    directory: Path,
    out_dir: Path,
    *,
    jobs: int = 1,
    extra: list[str] | None = None,
    timeout: float = 600.0,
    on_row: Callable[[Row], None] | None = None,
    info: dict | None = None,
    shard=None,
) -> list[Row]:
    """Grade the folders of `directory` (those `shard` owns, when given) with `entry` (the CLI's
    main) and write the outputs; `info` (batch_info) is recorded in batch.json, with the shard's
    part of the listing."""
    every = submissions_in(directory)
    subs = shard.select(every) if shard else every
    info = dict(info or {"challenge": challenge})
    if shard:
        info["shard"] = shard.record(every, subs)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    gradings = Gradings()  # stopped (each removes its sandbox) if the batch is interrupted
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        futures = [pool.submit(grade_one, entry, challenge, s, out_dir, extra or [], timeout, gradings) for s in subs]
        for fut in as_completed(futures):
            row = fut.result()
            rows.append(row)
            if on_row:
                on_row(row)
    except BaseException:
        gradings.stop_all()
        pool.shutdown(wait=True, cancel_futures=True)  # a thread may still be reaping its grading
        raise
    finally:
        _stop_forkserver()
    pool.shutdown()
    rows.sort(key=lambda r: r.name)
    write(info, rows, out_dir)
    return rows


def write(info: dict, rows: list[Row] | list[dict], out_dir: Path) -> None:
    """batch.json (`info`'s fields, then the rows), batch.csv and index.html with a page per run."""
    from .report.batch import write_batch_csv, write_batch_html

    dicts = [r if isinstance(r, dict) else asdict(r) for r in rows]
    (out_dir / "batch.json").write_text(json.dumps({"version": 1, **info, "rows": dicts}, indent=2) + "\n")
    write_batch_csv(dicts, out_dir / "batch.csv")
    write_batch_html(dicts, out_dir, info["challenge"])  # index.html + one page per run
