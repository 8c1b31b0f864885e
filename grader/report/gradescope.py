"""Gradescope's results.json, so live-grader can run as a Gradescope autograder.

Format: Gradescope's "Autograder Specifications", section "Output format"
(https://gradescope-autograders.readthedocs.io/en/latest/specs/; source: docs/specs.md of the
gradescope/autograder_samples repository). Top level: score, max_score, execution_time (seconds),
output, stdout_visibility, tests[]; each test: name, score, max_score, status ("passed" or
"failed", section "Test case status"), output, visibility.

Visibility values documented there: "hidden" (never shown to students), "after_due_date",
"after_published" (shown once the assignment is published from "Review Grades"), "visible"
(default). The spec says "hidden" is meant for tests that contribute no points, and hidden
checks here do carry points, so the interviewer's report marks them "after_published". A
candidate report (--candidate) instead folds them into one visible test that carries only their
count and points. The server log is an informational test without points: "hidden" for the
interviewer, "visible" when a candidate may see it. stdout_visibility is "hidden": the
autograder's stdout is the terminal report.
"""

from __future__ import annotations

import json
from typing import Any

from ..results import CheckResult, RunResult
from .view import Audience, View, headline, make_view, reproduction

VISIBILITY = {"public": "visible", "hidden": "after_published"}
# Gradescope knows only passed/failed; a skipped check is informational (0 of 0 points), so "passed"
STATUS = {"pass": "passed", "skip": "passed", "fail": "failed", "error": "failed"}


def _test(check: CheckResult) -> dict[str, Any]:
    output = f"skipped: {check.message}" if check.status == "skip" else check.message
    if check.status in ("fail", "error"):
        output = "\n".join([check.message or "(no message)", *reproduction(check)])
    return {
        "name": check.name,
        "score": check.points,
        # a skipped check counts in neither the score nor the maximum (scoring.total)
        "max_score": 0.0 if check.status == "skip" else check.max_points,
        "status": STATUS[check.status],
        "output": output,
        "visibility": VISIBILITY[check.visibility],
    }


def build(view: View) -> dict[str, Any]:
    r = view.result
    tests = [_test(c) for c in view.checks]
    if h := view.hidden:
        tests.append({"name": h.describe(), "score": h.points, "max_score": h.max_points,
                      "status": STATUS[h.status],
                      "output": "Hidden checks are not named in a candidate report.", "visibility": "visible"})
    if log := view.log_tail():
        # informational, no points (the spec's use of "hidden"): an interviewer's log may echo hidden checks
        tests.append({"name": "Server log, last lines", "status": "failed" if r.server.reason else "passed",
                      "output": log, "visibility": "visible" if view.candidate else "hidden"})
    lines = [f"{r.challenge} {r.title}: {headline(r)}", f"{r.track} track, seed {r.seed}"]
    if r.server.reason:
        lines.append(f"server: {r.server.reason}")
    if view.scope_note:
        lines.append(view.scope_note)
    return {
        "score": r.score,
        "max_score": r.max_score,
        "execution_time": round(r.timings.get("total", 0.0), 3),
        "output": "\n".join(lines),
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def render(result: RunResult, audience: Audience = "interviewer") -> str:
    return json.dumps(build(make_view(result, audience)), indent=2, ensure_ascii=False) + "\n"

