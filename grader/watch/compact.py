"""The watch loop's terminal view of one run: a few lines a candidate reads between two saves.

Score, elapsed time against the budget, what changed since the last run (newly passing, newly
failing), and the first failure's reason with its curl line. A server that did not start is one
line naming the error the server printed (a syntax error and where), not its stack trace.
"""

from __future__ import annotations

import re

import click

from ..report.terminal import NOT_STARTED, _indent
from ..report.view import Audience, make_view, reproduction
from .timebox import Run, Timeline

_ERROR_LINE = re.compile(r"^\s*(?:Uncaught\s+)?[A-Z]\w*(?:Error|Exception)\b.*$", re.MULTILINE)
_NODE_WHERE = re.compile(r"^(/[^\s:]+):(\d+)$", re.MULTILINE)  # node prints `/work/server.js:12` first
_PY_WHERE = re.compile(r'File "([^"]+)", line (\d+)')


def crash_line(log: str, workdirs: tuple[str, ...] = ("/work/",)) -> str:
    """`server.js:12: SyntaxError: Unexpected token '}'` from a crashed server's output, or ""."""
    errors = _ERROR_LINE.findall(log)
    if not errors:
        return ""
    where = _NODE_WHERE.search(log)
    py = _PY_WHERE.findall(log)
    path, line = (where.group(1), where.group(2)) if where else (py[-1] if py else ("", ""))
    for prefix in workdirs:
        if path.startswith(prefix):
            path = path[len(prefix):]
    place = f"{path}:{line}: " if path else ""
    return place + errors[-1].strip()


def render(run: Run, timeline: Timeline, audience: Audience, *, workdirs: tuple[str, ...] = ("/work/",)) -> str:
    view = make_view(run.result, audience)
    r = view.result
    names = {c.id: c.name for c in view.checks}
    trigger = ", ".join(run.trigger[:3]) + (f" and {len(run.trigger) - 3} more" if len(run.trigger) > 3 else "")
    head = f"run {run.n}  [{timeline.budget_line()}]" + (f"  {trigger} changed" if trigger else "")
    out = [click.style(head, bold=True)]
    started = any(not c.message.startswith(NOT_STARTED) for c in r.checks)
    if r.server.reason:
        why = crash_line(view.log_tail(200), workdirs)
        line = r.server.reason.splitlines()[0] + (f": {why}" if why else "")
        if not started:
            out.append(click.style(f"  server did not start: {line}", fg="red")
                       + click.style("  (save again: the watch goes on)", dim=True))
            return "\n".join(out)
        out.append(click.style(f"  server: {line}", fg="red"))  # it crashed during the checks
    colour = "green" if r.all_passed else ("yellow" if r.score else "red")
    passed = sum(1 for c in r.checks if c.status == "pass")
    spent = run.timings.get("verdict")
    out.append("  " + click.style(f"score {r.score:g}/{r.max_score:g} ({r.percent:.0f}%)", fg=colour, bold=True)
               + f"  {passed}/{len(r.checks)} checks passed" + (f"  in {spent:.2f}s" if spent is not None else ""))
    if view.hidden:
        out.append(click.style(f"  {view.hidden.describe()} (not named)", dim=True))
    for sign, ids, fg in (("+", run.newly_passing, "green"), ("-", run.newly_failing, "red")):
        shown = [names[i] for i in ids if i in names]
        if shown:
            word = "now passing" if sign == "+" else "now failing"
            out.append(click.style(f"  {sign} {word}: ", fg=fg) + "; ".join(shown))
    failed = view.failed
    if failed:
        first = failed[0]
        out.append(click.style("  first failure: ", fg="red") + first.name)
        out.append(_indent((first.message or "(no message)").strip()[:600]))
        # a body's own lines stay under the body (as in the full report), and only a few of them
        lines = [line if line.count("\n") < 4 else "\n".join(line.splitlines()[:4]) + " ..."
                 for line in reproduction(first, body_limit=300)[:6]]
        out += [_indent(line.replace("\n", "\n        ")) for line in lines]
    return "\n".join(out)
