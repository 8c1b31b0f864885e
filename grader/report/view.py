"""What a report may show, by audience. Every report format goes through `make_view`.

The interviewer sees everything. A candidate-facing report (`--candidate`, `--public-only`, the
pull-request workflow) names only public checks: the hidden ones still count in the score but
appear as one count with their points, never with a name, a message or a request. The server
log is left out of a candidate report once a hidden check has talked to the server, because the
server's own output can echo what that check sent (a server that never started still shows why).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..results import CheckResult, RunResult
from . import safe

Audience = Literal["interviewer", "candidate"]
LOG_LINES = 40

STATUS_WORDS = {"pass": "passed", "fail": "failed", "error": "error", "skip": "skipped"}


def plural(n: float, word: str) -> str:
    return f"{n:g} {word}" + ("" if n == 1 else "s")


@dataclass(frozen=True)
class HiddenSummary:
    """Hidden checks folded into one line: how many, how many failed, their points."""

    count: int
    failed: int  # fail or error
    points: float
    max_points: float

    def describe(self) -> str:
        return f"{plural(self.count, 'hidden check')}, {plural(self.max_points, 'point')} ({self.points:g} earned)"

    @property
    def status(self) -> str:
        return "fail" if self.failed else "pass"


@dataclass(frozen=True)
class View:
    result: RunResult
    audience: Audience
    checks: tuple[CheckResult, ...]  # shown by name, with details
    hidden: HiddenSummary | None  # set only when hidden checks ran and may not be named
    show_log: bool

    @property
    def candidate(self) -> bool:
        return self.audience == "candidate"

    @property
    def failed(self) -> list[CheckResult]:
        return [c for c in self.checks if c.status in ("fail", "error")]

    @property
    def passed_count(self) -> int:
        return sum(1 for c in self.result.checks if c.status == "pass")

    def by_category(self) -> dict[str, list[CheckResult]]:
        groups: dict[str, list[CheckResult]] = {}
        for check in self.checks:
            groups.setdefault(check.category or "checks", []).append(check)
        return groups

    def log_tail(self, lines: int = LOG_LINES) -> str:
        """The server's last output lines, or "" when this audience may not see them."""
        if not self.show_log:
            return ""
        text = self.result.server.log_tail  # already neutral (make_view)
        return "\n".join(text.rstrip().splitlines()[-lines:])

    @property
    def scope_note(self) -> str:
        if self.result.public_only:
            return "public checks only: the hidden checks were not run and are not in this score"
        if self.hidden is not None:
            return f"{self.hidden.describe()}: counted in the score, not named in this report"
        return ""


def make_view(result: RunResult, audience: Audience = "interviewer") -> View:
    """Every renderer's input. Text from the submission is neutralised here, once (report/safe.py)."""
    result = safe.result(result)
    if audience == "interviewer":
        return View(result, audience, tuple(result.checks), None, show_log=True)
    public = tuple(c for c in result.checks if c.visibility == "public")
    hidden = [c for c in result.checks if c.visibility != "public"]
    talked = any(c.status in ("pass", "fail") or c.exchange is not None for c in hidden)
    summary = None
    if hidden:
        counted = [c for c in hidden if c.status != "skip"]  # as in scoring.total
        summary = HiddenSummary(
            count=len(hidden),
            failed=sum(1 for c in hidden if c.status in ("fail", "error")),
            points=sum(c.points for c in counted),
            max_points=sum(c.max_points for c in counted),
        )
    return View(result, audience, public, summary, show_log=not talked)


def reproduction(check: CheckResult, body_limit: int = 600) -> list[str]:
    """How to reproduce a failure by hand: the curl line, then the status, headers and body that came back."""
    ex = check.exchange
    if ex is None:
        return []
    lines = [f"request:  {ex.curl}"]
    if ex.status is None:
        return lines + [f"response: none ({ex.error})"]
    lines.append(f"response: {ex.status}")
    lines += [f"  {key}: {value}" for key, value in ex.response_headers.items()]
    if ex.response_body:
        body = ex.response_body if len(ex.response_body) < body_limit else ex.response_body[:body_limit] + " ..."
        lines.append("  body: " + body)
    return lines


def headline(result: RunResult) -> str:
    return f"{result.score:g}/{result.max_score:g} points ({result.percent:.0f}%)"


def save(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
