"""Grade every submission folder under a directory, N at a time.

Each grading runs as its own `grade` process: a hidden suite runs in-process under pytest, which
is not re-entrant, and a process per submission also keeps one candidate's failure (or a grader
crash) from touching the others. The batch writes each run's JSON result and HTML page, `batch.json`
(one row per submission), `batch.csv` and an overview page `index.html` into the output directory.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

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


def submissions_in(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise SubmissionError(f"'{directory}' is not a folder of submissions")
    subs = sorted(p for p in directory.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not subs:
        raise SubmissionError(f"no submission folders in '{directory}'", hint="put one folder per candidate in it")
    return subs


def grade_one(challenge: str, sub: Path, out_dir: Path, extra: list[str], timeout: float) -> Row:
    json_path = out_dir / "runs" / f"{sub.name}.json"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "grader", "run", challenge, str(sub), "--json", str(json_path), "-q", *extra],
            capture_output=True, text=True, timeout=timeout,
        )
        code, err = proc.returncode, proc.stderr.strip()
    except subprocess.TimeoutExpired:
        code, err = -1, f"the grading did not finish within {timeout:g}s"
    duration = round(time.monotonic() - start, 3)
    if code in (0, 1) and json_path.exists():
        r = json.loads(json_path.read_text())
        status = "passed" if code == 0 else ("not-started" if r["server"]["reason"] and not r["score"] else "failed")
        return Row(sub.name, r["track"], r["score"], r["max_score"], r["percent"], status, duration,
                   str(json_path.relative_to(out_dir)), r["server"]["reason"] or "")
    message = err.splitlines()[0] if err else f"grade exited with code {code}"
    return Row(sub.name, "?", 0.0, 0.0, 0.0, "error", duration, "", message)


def run_batch(
    challenge: str,
    directory: Path,
    out_dir: Path,
    *,
    jobs: int = 1,
    extra: list[str] | None = None,
    timeout: float = 600.0,
    on_row: Callable[[Row], None] | None = None,
) -> list[Row]:
    subs = submissions_in(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(grade_one, challenge, s, out_dir, extra or [], timeout) for s in subs]
        for fut in as_completed(futures):
            row = fut.result()
            rows.append(row)
            if on_row:
                on_row(row)
    rows.sort(key=lambda r: r.name)
    write(challenge, rows, out_dir)
    return rows


def write(challenge: str, rows: list[Row], out_dir: Path) -> None:
    from .report.batch import write_batch_csv, write_batch_html

    (out_dir / "batch.json").write_text(
        json.dumps({"version": 1, "challenge": challenge, "rows": [asdict(r) for r in rows]}, indent=2) + "\n"
    )
    write_batch_csv(rows, out_dir / "batch.csv")
    write_batch_html(rows, out_dir, challenge)  # index.html + one page per run
