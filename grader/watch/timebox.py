"""The time box of a watch session: the challenge's minutes as the budget, every run on a timeline,
and for each check the moment it first passed (the interviewer sees the candidate's progress).

`Timeline.to_dict()` is the session's JSON (written on exit, `--json`); `snapshot(audience)` is what
the live page shows: the same facts, with the candidate's text neutralised and, for a candidate,
hidden checks as a count only (report/view.py decides both, as for every other report).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..report.safe import neutral
from ..report.view import Audience, make_view, reproduction
from ..results import RunResult

SESSION_VERSION = 1


def clock(seconds: float) -> str:
    """12:05, or 1:02:05 past an hour."""
    s = int(max(0, seconds))
    h, m, sec = s // 3600, s // 60 % 60, s % 60
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m:02d}:{sec:02d}"


@dataclass
class Run:
    n: int
    at: float  # seconds since the session started, when the run's verdict was known
    trigger: list[str]  # the files whose change started it (none for the first run)
    result: RunResult
    newly_passing: list[str]  # check ids
    newly_failing: list[str]
    timings: dict[str, float] = field(default_factory=dict)  # sync, restart, ready, suite, report, verdict

    def passed_ids(self) -> set[str]:
        return {c.id for c in self.result.checks if c.status == "pass"}

    def summary(self) -> dict[str, Any]:
        r = self.result
        return {
            "n": self.n, "at_s": round(self.at, 3), "trigger": self.trigger,
            "score": r.score, "max_score": r.max_score, "percent": round(r.percent, 2),
            "passed": sum(1 for c in r.checks if c.status == "pass"), "checks": len(r.checks),
            "server_reason": r.server.reason,
            "newly_passing": self.newly_passing, "newly_failing": self.newly_failing,
            "timings": self.timings,
        }


class Timeline:
    def __init__(self, *, challenge: str, title: str, track: str, budget_minutes: int, public_only: bool,
                 seed: int) -> None:
        self.challenge, self.title, self.track = challenge, title, track
        self.budget_s = budget_minutes * 60
        self.public_only, self.seed = public_only, seed
        self.sandbox = "?"
        self.started_at = datetime.now(UTC).isoformat(timespec="seconds")
        self._t0 = time.monotonic()
        self.runs: list[Run] = []
        self.first_passed: dict[str, float] = {}  # check id -> seconds since the start
        self.finished_at = ""

    def elapsed(self) -> float:
        return time.monotonic() - self._t0

    def budget_line(self) -> str:
        elapsed = self.elapsed()
        over = f", over by {clock(elapsed - self.budget_s)}" if elapsed > self.budget_s else ""
        return f"{clock(elapsed)} of {clock(self.budget_s)}{over}"

    def record(self, result: RunResult, trigger: list[str], timings: dict[str, float]) -> Run:
        """Add one finished run; what changed is measured against the run before it."""
        at = round(self.elapsed(), 3)
        self.sandbox = result.sandbox
        before = self.runs[-1].passed_ids() if self.runs else set()
        run = Run(n=len(self.runs) + 1, at=at, trigger=list(trigger), result=result, newly_passing=[],
                  newly_failing=[], timings=timings)
        now = run.passed_ids()
        order = [c.id for c in result.checks]
        run.newly_passing = [i for i in order if i in now and i not in before] if self.runs else []
        run.newly_failing = [i for i in order if i in before and i not in now]
        for check_id in now:
            self.first_passed.setdefault(check_id, at)
        self.runs.append(run)
        return run

    # --- serialisations ----------------------------------------------------------------------
    def _head(self) -> dict[str, Any]:
        return {
            "version": SESSION_VERSION, "challenge": self.challenge, "title": self.title, "track": self.track,
            "sandbox": self.sandbox, "seed": self.seed, "public_only": self.public_only,
            "budget_s": self.budget_s, "started_at": self.started_at, "elapsed_s": round(self.elapsed(), 3),
        }

    def to_dict(self) -> dict[str, Any]:
        """The session's record: every run, every check with the time it first passed, the last result."""
        last = self.runs[-1].result if self.runs else None
        return {
            **self._head(), "finished_at": self.finished_at,
            "checks": [
                {"id": c.id, "name": c.name, "visibility": c.visibility, "status": c.status,
                 "first_passed_at_s": self.first_passed.get(c.id)} for c in (last.checks if last else [])
            ],
            "runs": [run.summary() for run in self.runs],
            "last_result": last.to_dict() if last else None,
        }

    def snapshot(self, audience: Audience) -> dict[str, Any]:
        """What the live page shows, safe to hand to a browser as text (it is rendered as text only)."""
        data = self._head()
        data["audience"] = audience
        data["runs"] = []
        if not self.runs:
            return data
        last = self.runs[-1]
        view = make_view(last.result, audience)
        names = {c.id: c.name for c in view.checks}  # neutral, and only the checks this audience may name
        for run in self.runs:
            row = run.summary()
            row["newly_passing"] = [names[i] for i in run.newly_passing if i in names]
            row["newly_failing"] = [names[i] for i in run.newly_failing if i in names]
            row["server_reason"] = neutral(run.result.server.reason) if run.result.server.reason else None
            data["runs"].append(row)
        r = view.result
        data.update(
            score=r.score, max_score=r.max_score, percent=round(r.percent, 2), server_reason=r.server.reason,
            checks=[{"name": c.name, "status": c.status, "points": c.points, "max_points": c.max_points,
                     "first_passed_at_s": self.first_passed.get(c.id)} for c in view.checks],
            hidden=view.hidden.describe() if view.hidden else None,
            scope_note=view.scope_note,
            log=view.log_tail(20),
        )
        failed = view.failed
        data["first_failure"] = None if not failed else {
            "name": failed[0].name, "message": failed[0].message, "reproduction": reproduction(failed[0]),
        }
        return data
