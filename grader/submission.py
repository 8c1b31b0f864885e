"""Detect a submission's track and the command that starts its server (grader/startcmd.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import startcmd
from .errors import SubmissionError


@dataclass(frozen=True)
class Submission:
    path: Path
    track: str  # "node" | "python"
    entry: str  # main file (or module), relative to the submission root
    args: tuple[str, ...] = ()  # what follows the interpreter; may hold $PORT (expanded per start)
    env: dict[str, str] = field(default_factory=dict, hash=False)  # defaults from `NAME=value node ...`

    def command(self, python: str = "python3", node: str = "node", port: str | None = None) -> list[str]:
        args = list(self.args or (self.entry,))
        if port is not None:
            args = startcmd.expand_port(args, port)
        return [node if self.track == "node" else python, *args]


def _start(path: Path, track: str) -> startcmd.StartCommand | None:
    try:
        return startcmd.node(path) if track == "node" else startcmd.python(path)
    except startcmd.Ambiguous as exc:
        raise SubmissionError(str(exc)) from None


def detect(path: Path, track: str | None = None) -> Submission:
    if not path.exists():
        raise SubmissionError(f"submission folder '{path}' does not exist")
    if not path.is_dir():
        raise SubmissionError(f"submission '{path}' is not a folder")
    if not any(path.iterdir()):
        raise SubmissionError(
            f"submission folder '{path}' is empty",
            hint="start from a starter: grade init CHALLENGE DIR --lang node|python",
        )
    pkg = path / "package.json"
    if pkg.is_file():
        try:
            json.loads(pkg.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise SubmissionError(f"{pkg}: not valid JSON ({exc})") from None
    python_files = any((path / f).is_file() for f in ("requirements.txt", "pyproject.toml", *startcmd.PYTHON_ENTRIES))
    if track is None:
        if pkg.is_file():
            track = "node"
        elif python_files:
            track = "python"
        elif _start(path, "node"):
            track = "node"
        elif _start(path, "python"):
            track = "python"
        else:
            raise SubmissionError(
                f"cannot tell the track of '{path}': no package.json, server.js, app.py or requirements.txt",
                hint="pass --lang node or --lang python",
            )
    start = _start(path, track)
    if start is None:
        wanted = 'server.js (or package.json "scripts.start"/"main")' if track == "node" else "app.py (or a Procfile)"
        raise SubmissionError(f"no {wanted} in '{path}' for the {track} track")
    return Submission(path=path.resolve(), track=track, entry=start.entry, args=start.args, env=start.env)
