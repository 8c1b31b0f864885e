"""A self-contained HTML page of one run (jinja2 templates in report/templates/, CSS inline, no
external assets): score, checks grouped by category with reasons and curl reproductions, the
server log, the seed and the timings."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from ..results import RunResult
from .view import STATUS_WORDS, Audience, make_view, reproduction

TEMPLATES = Path(__file__).with_name("templates")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value (names, messages, bodies, logs) comes from the submission
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(words=STATUS_WORDS, repro=reproduction)
    return env


def render(result: RunResult, audience: Audience = "interviewer") -> str:
    view = make_view(result, audience)
    return environment().get_template("run.html.j2").render(r=view.result, view=view)

