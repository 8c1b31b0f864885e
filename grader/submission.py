"""Detect a submission's track and the command that starts its server."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from pathlib import Path

from .errors import SubmissionError

NODE_ENTRIES = ("server.js", "index.js", "app.js", "main.js")
PYTHON_ENTRIES = ("app.py", "main.py", "server.py")


@dataclass(frozen=True)
class Submission:
    path: Path
    track: str  # "node" | "python"
    entry: str  # file, relative to the submission root

    def command(self, python: str = "python3", node: str = "node") -> list[str]:
        return [node, self.entry] if self.track == "node" else [python, self.entry]


def _node_entry(root: Path) -> str | None:
    pkg = root / "package.json"
    if pkg.is_file():
        try:
            data = json.loads(pkg.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise SubmissionError(f"{pkg}: not valid JSON ({exc})") from None
        start = (data.get("scripts") or {}).get("start") if isinstance(data, dict) else None
        if isinstance(start, str):
            parts = shlex.split(start)
            if len(parts) == 2 and parts[0] == "node" and (root / parts[1]).is_file():
                return parts[1]
        main = data.get("main") if isinstance(data, dict) else None
        if isinstance(main, str) and (root / main).is_file():
            return main
    return next((e for e in NODE_ENTRIES if (root / e).is_file()), None)


def _python_entry(root: Path) -> str | None:
    return next((e for e in PYTHON_ENTRIES if (root / e).is_file()), None)


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
    if track is None:
        if (path / "package.json").is_file() or _python_entry(path) is None and _node_entry(path):
            track = "node"
        elif _python_entry(path) or (path / "requirements.txt").is_file() or (path / "pyproject.toml").is_file():
            track = "python"
        else:
            raise SubmissionError(
                f"cannot tell the track of '{path}': no package.json, server.js, app.py or requirements.txt",
                hint="pass --lang node or --lang python",
            )
    entry = _node_entry(path) if track == "node" else _python_entry(path)
    if entry is None:
        wanted = "server.js (or package.json main)" if track == "node" else "app.py"
        raise SubmissionError(f"no {wanted} in '{path}' for the {track} track")
    return Submission(path=path.resolve(), track=track, entry=entry)
