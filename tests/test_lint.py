"""The project's lint and type gates run with the suite: `ruff check` (pyflakes, import order,
bugbear, pyupgrade; see [tool.ruff] in pyproject.toml) over the project's own Python, and `mypy`
over the grader package ([tool.mypy])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from helpers import ROOT


def _tool(name: str) -> str:
    # the venv's own copy (requirements-dev.txt pins it), not whatever is on PATH
    path = Path(sys.executable).parent / name
    return str(path) if path.exists() else (shutil.which(name) or name)


def test_ruff_finds_nothing():
    proc = subprocess.run([_tool("ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_finds_nothing_in_the_grader():
    proc = subprocess.run([_tool("mypy"), "--no-incremental"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
