"""The report files a grading writes (`--junit`, `--markdown`, `--html`, `--gradescope`), as one
click decorator and one function, so `grade run` and other commands share them."""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..results import RunResult
from .view import Audience, save


@dataclass(frozen=True)
class ReportTargets:
    junit: Path | None = None
    markdown: Path | None = None
    html: Path | None = None
    gradescope: Path | None = None
    candidate: bool = False

    def audience(self, public_only: bool = False) -> Audience:
        # a --public-only run is what a candidate may see, so its reports are candidate-facing too
        return "candidate" if self.candidate or public_only else "interviewer"


def report_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the report options to a command; it receives them as one `reports: ReportTargets`."""
    path = click.Path(dir_okay=False, path_type=Path)
    options = [
        click.option("--junit", "junit_path", type=path, help="Write a JUnit XML report (one testcase per check)."),
        click.option("--markdown", "markdown_path", type=path,
                     help="Write a Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)."),
        click.option("--html", "html_path", type=path, help="Write a self-contained HTML report."),
        click.option("--gradescope", "gradescope_path", type=path, help="Write Gradescope's results.json."),
        click.option("--candidate", is_flag=True,
                     help="Candidate-facing reports: hidden checks run and count, but appear only as a count and points."),
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, junit_path=None, markdown_path=None, html_path=None, gradescope_path=None,
                candidate=False, **kwargs: Any) -> Any:
        kwargs["reports"] = ReportTargets(junit_path, markdown_path, html_path, gradescope_path, candidate)
        return func(*args, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def write_reports(result: RunResult, targets: ReportTargets) -> list[Path]:
    """Write every requested report; returns the files written (the step summary included)."""
    # each format (jinja2, xml) loads only when asked for: ~20 ms a grading otherwise
    audience = targets.audience(result.public_only)
    written: list[Path] = []
    for path, name in ((targets.junit, "junit"), (targets.markdown, "markdown"), (targets.html, "html"),
                       (targets.gradescope, "gradescope")):
        if path is not None:
            written.append(save(path, importlib.import_module(f"{__package__}.{name}").render(result, audience)))
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        from . import markdown

        if summary := markdown.append_step_summary(markdown.render(result, audience)):
            written.append(summary)
    return written
