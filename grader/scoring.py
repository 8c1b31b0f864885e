"""Pure scoring rules: a passed check earns its points, anything else earns none; skipped checks
(e.g. one that needs an isolated sandbox, run locally) leave the maximum as well."""

from __future__ import annotations

from .results import CheckResult, RunResult


def points_for(status: str, max_points: float) -> float:
    return max_points if status == "pass" else 0.0


def total(checks: list[CheckResult]) -> tuple[float, float]:
    counted = [c for c in checks if c.status != "skip"]
    return sum(c.points for c in counted), sum(c.max_points for c in counted)


def finalise(result: RunResult) -> RunResult:
    result.score, result.max_score = total(result.checks)
    return result


def meets(result: RunResult, min_score: float | None) -> bool:
    """Exit-code gate: with no threshold every check must pass; else percent >= threshold."""
    if min_score is None:
        return result.all_passed
    return result.max_score > 0 and result.percent + 1e-9 >= min_score
