"""`grade watch CHALLENGE DIR`: re-grade on every save in one long-lived sandbox (loop.py), with the
challenge's minutes as a time box (timebox.py), a compact terminal view (compact.py) and an
optional live page (page.py). `run()` is what the CLI calls."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

from .loop import Watch, WatchOptions


def run(challenge_id: str, directory: Path, opts: WatchOptions, *, json_path: Path | None,
        serve: tuple[str, int] | None, emit: Callable[[str], None]) -> None:
    """Until Ctrl-C: grade, watch, re-grade. Everything started is removed on the way out (the
    sandbox, its services, the page's server), and the session's JSON is written."""
    page = None
    watch = Watch(challenge_id, directory, opts, emit=emit)
    try:
        if serve is not None:
            from .page import LivePage

            page = LivePage(*serve)
            page.start()
            watch.on_run = lambda timeline: page.state.publish(timeline.snapshot(opts.audience))
            page.state.publish(watch.timeline.snapshot(opts.audience))
            emit(f"live page: {page.url}")
        emit(click.style(f"{watch.challenge.id}: {watch.challenge.title}, budget {watch.challenge.minutes} min; "
                         f"{'public checks' if opts.grade.public_only else 'all checks'}; watching {directory}",
                         dim=True))
        watch.start_watching()
        watch.open()
        for warning in opts.grade.warnings:
            emit(click.style(f"warning: {warning}", fg="yellow"))
        watch.wait_until_watching()
        emit(click.style("watching for changes (Ctrl-C ends the session)", dim=True))
        watch.loop()
    finally:
        try:
            watch.close()
        finally:
            if page is not None:
                page.stop()
            if json_path is not None:
                json_path.parent.mkdir(parents=True, exist_ok=True)
                json_path.write_text(json.dumps(watch.timeline.to_dict(), indent=2, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
            runs = watch.timeline.runs
            if runs:
                best = max(runs, key=lambda r: r.result.percent)
                emit(click.style(f"session over after {watch.timeline.budget_line()}: {len(runs)} run(s), best "
                                 f"{best.result.percent:.0f}% (run {best.n})"
                                 + (f"; session written to {json_path}" if json_path else ""), dim=True))
