"""The one result model every report is made from. Plain dataclasses, serialised as versioned JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

RESULT_VERSION = 1
Status = Literal["pass", "fail", "error", "skip"]
Visibility = Literal["public", "hidden"]


@dataclass
class Exchange:
    """The last HTTP request a check made and what came back (for failure reports)."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: str | None
    curl: str
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: str | None = None
    error: str | None = None  # transport error instead of a response


@dataclass
class CheckResult:
    id: str
    name: str
    status: Status
    points: float
    max_points: float
    visibility: Visibility
    message: str = ""
    duration: float = 0.0
    category: str = ""
    exchange: Exchange | None = None


@dataclass
class ServerInfo:
    log_tail: str = ""
    log_truncated: bool = False
    exit_code: int | None = None
    reason: str | None = None  # run-level reason, e.g. "server exited with code 1 before it answered"


@dataclass
class RunResult:
    challenge: str
    title: str
    track: str
    sandbox: str
    seed: int
    submission: str
    started_at: str
    finished_at: str = ""
    score: float = 0.0
    max_score: float = 0.0
    checks: list[CheckResult] = field(default_factory=list)
    server: ServerInfo = field(default_factory=ServerInfo)
    timings: dict[str, float] = field(default_factory=dict)
    public_only: bool = False
    isolated: bool = True
    grader: dict[str, Any] = field(default_factory=dict)  # version, peak_rss_mb of the grading process
    # the submission's installed dependencies (grader.deps): source installed|cache, seconds, packages
    dependencies: dict[str, Any] = field(default_factory=dict)
    services: list[str] = field(default_factory=list)  # which servers the grading used, and where
    version: int = RESULT_VERSION

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0

    @property
    def all_passed(self) -> bool:
        return bool(self.checks) and all(c.status in ("pass", "skip") for c in self.checks) and not self.server.reason

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["percent"] = round(self.percent, 2)
        data["passed"] = self.all_passed
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
