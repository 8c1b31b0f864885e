"""The terminal report: a progress line per check while the suite runs, then the verdicts.

A failed check shows its reason, then the exact request as a curl command line and what came
back, so a candidate can reproduce it by hand.
"""

from __future__ import annotations

import textwrap

import click

from ..results import CheckResult, RunResult

MARKS = {"pass": ("PASS", "green"), "fail": ("FAIL", "red"), "error": ("ERR ", "red"), "skip": ("SKIP", "yellow")}


def _mark(status: str) -> str:
    label, colour = MARKS[status]
    return click.style(label, fg=colour, bold=True)


def progress_line(result: CheckResult, index: int, total: int) -> str:
    width = len(str(total))
    pts = f"{result.points:g}/{result.max_points:g}"
    return f"  [{index:>{width}}/{total}] {_mark(result.status)} {result.name}  ({pts}, {result.duration:.2f}s)"


def _indent(text: str, prefix: str = "      ") -> str:
    return textwrap.indent(text, prefix)


def failure_detail(check: CheckResult) -> str:
    lines = [_indent(check.message or "(no message)")]
    ex = check.exchange
    if ex is not None:
        lines.append(_indent("request:  " + ex.curl))
        if ex.status is None:
            lines.append(_indent(f"response: none ({ex.error})"))
        else:
            lines.append(_indent(f"response: {ex.status}"))
            for key, value in ex.response_headers.items():
                lines.append(_indent(f"  {key}: {value}"))
            if ex.response_body:
                body = ex.response_body if len(ex.response_body) < 600 else ex.response_body[:600] + " ..."
                lines.append(_indent("  body: " + body.replace("\n", "\n        ")))
    return "\n".join(lines)


def render(result: RunResult, *, show_hidden_details: bool = True, log_lines: int = 15) -> str:
    out: list[str] = []
    head = f"{result.challenge}  {result.title}  [{result.track}, {result.sandbox} sandbox, seed {result.seed}]"
    out.append(click.style(head, bold=True))
    if not result.isolated:
        out.append(click.style("  (local sandbox: the submission was NOT isolated)", fg="yellow"))
    if result.server.reason:
        out.append(click.style(f"  server: {result.server.reason}", fg="red"))
    for check in result.checks:
        hidden = check.visibility == "hidden"
        name = check.name if show_hidden_details or not hidden else "(hidden check)"
        out.append(f"  {_mark(check.status)} {name}  {check.points:g}/{check.max_points:g}")
        if check.status in ("fail", "error") and (show_hidden_details or not hidden):
            out.append(failure_detail(check))
        elif check.status == "skip" and check.message:
            out.append(_indent(check.message))
    if result.server.log_tail and (result.server.reason or any(c.status != "pass" for c in result.checks)):
        tail = result.server.log_tail.rstrip().splitlines()[-log_lines:]
        note = " (earlier output dropped: over the capture cap)" if result.server.log_truncated else ""
        out.append(click.style(f"  server output, last {len(tail)} lines{note}:", dim=True))
        out.extend(_indent(line, "    | ") for line in tail)
    passed = sum(1 for c in result.checks if c.status == "pass")
    colour = "green" if result.all_passed else ("yellow" if result.score else "red")
    out.append(click.style(
        f"score {result.score:g}/{result.max_score:g} ({result.percent:.0f}%), "
        f"{passed}/{len(result.checks)} checks passed in {result.timings.get('total', 0):.2f}s",
        fg=colour, bold=True,
    ))
    return "\n".join(out)
