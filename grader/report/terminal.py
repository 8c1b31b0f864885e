"""The terminal report: a progress line per check while the suite runs, then the verdicts.

A failed check shows its reason, then the exact request as a curl command line and what came
back, so a candidate can reproduce it by hand.
"""

from __future__ import annotations

import textwrap

import click

from ..results import CheckResult, RunResult
from .view import make_view, reproduction

NOT_STARTED = "not run: the server did not start"  # grader/run.py's message for a server that never ran
MARKS = {"pass": ("PASS", "green"), "fail": ("FAIL", "red"), "error": ("ERR ", "red"), "skip": ("SKIP", "yellow")}


def _mark(status: str) -> str:
    label, colour = MARKS[status]
    return click.style(label, fg=colour, bold=True)


def progress_line(result: CheckResult, index: int, total: int) -> str:
    width = len(str(total))
    pts = f"{result.points:g}/{result.max_points:g}"
    return f"  [{index:>{width}}/{total}] {_mark(result.status)} {result.name}  ({pts}, {result.duration:.2f}s)"


def _indent(text: str, prefix: str = "      ") -> str:
    # every line, blank ones too: nothing of a check's text may start at column 0
    return textwrap.indent(text, prefix, predicate=lambda _line: True)


def failure_detail(check: CheckResult) -> str:
    lines = [_indent(check.message or "(no message)")]
    lines += [_indent(line.replace("\n", "\n        ")) for line in reproduction(check)]
    return "\n".join(lines)


def render(result: RunResult, *, show_hidden_details: bool = True, log_lines: int = 15) -> str:
    """show_hidden_details=False is the candidate's view (report/view.py): hidden checks only as a
    count and their points, and no server log when they ran."""
    view = make_view(result, "interviewer" if show_hidden_details else "candidate")
    result = view.result  # the neutralised copy: no control character of the submission reaches the terminal
    out: list[str] = []
    head = f"{result.challenge}  {result.title}  [{result.track}, {result.sandbox} sandbox, seed {result.seed}]"
    out.append(click.style(head, bold=True))
    if not result.isolated:
        out.append(click.style("  (local sandbox: the submission was NOT isolated)", fg="yellow"))
    if result.server.reason:
        # a reason can quote the server (an install's error lines): its later lines stay indented
        out.append(click.style("  server: " + result.server.reason.replace("\n", "\n          "), fg="red"))
    if result.public_only:
        out.append(click.style(f"  ({view.scope_note})", dim=True))
    never_ran = [c for c in view.checks if c.status == "error" and c.message.startswith(NOT_STARTED)]
    folded = bool(view.checks) and len(never_ran) == len(view.checks)
    if folded:
        # the run-level verdict above says why, once; one line instead of the same words per check
        points = sum(c.max_points for c in never_ran)
        out.append(f"  {_mark('error')} {len(never_ran)} checks not run ({points:g} points): the server did not start")
    for check in [] if folded else view.checks:
        out.append(f"  {_mark(check.status)} {check.name}  {check.points:g}/{check.max_points:g}")
        if check.status in ("fail", "error"):
            out.append(failure_detail(check))
        elif check.status == "skip" and check.message:
            out.append(_indent(check.message))
    if view.hidden:
        out.append(f"  {_mark(view.hidden.status)} {view.hidden.describe()} (not named in this report)")
    tail = view.log_tail(log_lines)
    if tail and (result.server.reason or any(c.status != "pass" for c in result.checks)):
        note = " (earlier output dropped: over the capture cap)" if result.server.log_truncated else ""
        out.append(click.style(f"  server output, last {len(tail.splitlines())} lines{note}:", dim=True))
        out.extend(_indent(line, "    | ") for line in tail.splitlines())
    colour = "green" if result.all_passed else ("yellow" if result.score else "red")
    out.append(click.style(
        f"score {result.score:g}/{result.max_score:g} ({result.percent:.0f}%), "
        f"{view.passed_count}/{len(result.checks)} checks passed in {result.timings.get('total', 0):.2f}s",
        fg=colour, bold=True,
    ))
    return "\n".join(out)
