"""A Markdown summary for pull requests and GitHub's step summary.

Score line, a table of the checks (emoji and a word, so it reads without colour), then each
failed check's reason and curl line in code blocks, then the server log tail collapsed in a
<details> block (GitHub renders it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..results import CheckResult, RunResult
from .safe import neutral
from .view import STATUS_WORDS, Audience, View, headline, make_view, reproduction

EMOJI = {"pass": "✅", "fail": "❌", "error": "⚠️", "skip": "⏭️"}


def cell(text: str) -> str:
    """Inline text (a table cell, a heading): a pipe or a newline would break the row, and a `<`
    would start raw HTML; control characters are shown escaped (also for callers beside make_view)."""
    return neutral(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("\n", " ").strip()


def fenced(text: str, lang: str = "text") -> str:
    """A code block whose fence is longer than any backtick run inside it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{text.rstrip()}\n{fence}"


def status_cell(status: str) -> str:
    return f"{EMOJI[status]} {STATUS_WORDS[status]}"


def _meta(view: View) -> str:
    r = view.result
    parts = [f"{r.track} track", f"{r.sandbox} sandbox" + ("" if r.isolated else " (not isolated)"),
             f"seed {r.seed}", f"{view.passed_count}/{len(r.checks)} checks passed", f"{r.timings.get('total', 0):.2f} s"]
    return " · ".join(parts)


def _failure(check: CheckResult) -> list[str]:
    out = [f"#### {EMOJI[check.status]} {cell(check.name)}", "", fenced(check.message or "(no message)")]
    if repro := reproduction(check):
        out += ["", fenced(repro[0].removeprefix("request:  "), "sh")]
        if len(repro) > 1:
            out += ["", fenced("\n".join(repro[1:]))]
    return out + [""]


def build(view: View) -> str:
    r = view.result
    mark = "✅" if r.all_passed else "❌"
    out = [f"## {mark} {r.challenge} {cell(r.title)}: {headline(r)}", "", _meta(view), ""]
    if r.server.reason:
        out += [f"> **server:** {cell(r.server.reason)}", ""]
    if view.scope_note:
        out += [f"_{view.scope_note}_", ""]
    out += ["| status | check | category | points |", "|---|---|---|---|"]
    for c in view.checks:
        out.append(f"| {status_cell(c.status)} | {cell(c.name)} | {cell(c.category)} | {c.points:g}/{c.max_points:g} |")
    if h := view.hidden:
        out.append(f"| {status_cell(h.status)} | {cell(h.describe())} | hidden | {h.points:g}/{h.max_points:g} |")
    out.append("")
    if view.failed:
        out += ["### Failed checks", ""]
        for check in view.failed:
            out += _failure(check)
    if log := view.log_tail():
        note = " (earlier output dropped)" if r.server.log_truncated else ""
        out += ["<details><summary>Server log, last lines" + note + "</summary>", "", fenced(log), "", "</details>", ""]
    return "\n".join(out)


def render(result: RunResult, audience: Audience = "interviewer") -> str:
    return build(make_view(result, audience))



def append_step_summary(text: str) -> Path | None:
    """GitHub Actions shows $GITHUB_STEP_SUMMARY on the run's page; appended, as steps share it."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(text.rstrip() + "\n\n")
    return Path(target)
