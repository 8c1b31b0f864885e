"""Shared helpers for the project's own tests: run the real `grade` command, apply mutants."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHALLENGES = ROOT / "challenges"
SOLUTIONS = ROOT / "solutions"


@dataclass
class Graded:
    code: int
    stdout: str
    stderr: str
    result: dict | None

    @property
    def percent(self) -> float:
        assert self.result is not None, f"no JSON result (exit {self.code}):\n{self.stdout}\n{self.stderr}"
        return self.result["percent"]

    def explain(self) -> str:
        return f"exit {self.code}\n--- stdout ---\n{self.stdout[-6000:]}\n--- stderr ---\n{self.stderr[-3000:]}"


def owner() -> str:
    """Unique per test session and worker, so concurrent sessions never judge each other's leftovers."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8] or f"p{os.getpid()}"
    return f"t{run}{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def local_leftovers(tag: str) -> list[str]:
    """Processes still running in a local sandbox of the gradings started with GRADER_OWNER=tag."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            continue
        if f"grader-local-{tag}-" in cwd:
            found.append(f"pid {pid} in {cwd}")
    return found


def run_grade(args: list[str], tmp_path: Path, *, timeout: float = 240, env: dict | None = None) -> Graded:
    out = tmp_path / "result.json"
    full_env = {**os.environ, "GRADER_OWNER": owner(), **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "grader", *args, "--json", str(out), "-q"],
        capture_output=True, text=True, timeout=timeout, env=full_env, cwd=ROOT,
    )
    result = json.loads(out.read_text()) if out.exists() else None
    return Graded(proc.returncode, proc.stdout, proc.stderr, result)


def seed_for(name: str) -> int:
    """Deterministic per case, different across cases: reproducible yet not one fixed dataset."""
    return zlib.crc32(name.encode()) % 1_000_000 + 1


def load_mutants(challenge: str) -> list[dict]:
    path = SOLUTIONS / challenge / "mutants.toml"
    if not path.exists():
        return []
    return tomllib.loads(path.read_text())["mutant"]


def apply_mutant(challenge: str, mutant: dict, dest: Path) -> Path:
    src = SOLUTIONS / challenge / mutant["track"]
    shutil.copytree(src, dest)
    for edit in mutant["edits"]:
        target = dest / edit["file"]
        text = target.read_text()
        count = text.count(edit["find"])
        assert count == 1, (
            f"mutant {mutant['id']}: {edit['find']!r} occurs {count} times in {edit['file']}, must be exactly once"
        )
        target.write_text(text.replace(edit["find"], edit["replace"]))
    return dest


def challenge_ids() -> list[str]:
    return sorted(p.name for p in CHALLENGES.iterdir() if (p / "challenge.toml").exists() and (SOLUTIONS / p.name).exists())
