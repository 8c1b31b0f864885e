"""Shared helpers for the project's own tests: run the real `grade` command, apply mutants."""

from __future__ import annotations

import fcntl
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


def failed_checks(result: dict) -> list[str]:
    """The ids of the checks a graded run failed or could not run: what a mutant's `fails` lists."""
    return sorted(c["id"] for c in result["checks"] if c["status"] in ("fail", "error"))


def _fails_line(fails: list[str]) -> str:
    return "fails = [" + ", ".join(f'"{f}"' for f in sorted(fails)) + "]\n"


def mutant_key(mutant: dict) -> str:
    """What names a mutant within its challenge: ids are unique per track, not per file."""
    return f"{mutant['track']}-{mutant['id']}"


def fails_as_declared(mutant: dict, got: list[str]) -> bool:
    """Did a grading fail what the mutant declares: every check of `fails`, and nothing else but
    its `timing_dependent` checks (verdicts that depend on the machine's speed, each with its
    reason in mutants.toml)?"""
    declared = set(mutant.get("fails", []))
    return declared <= set(got) <= declared | set(mutant.get("timing_dependent", []))


def write_fails(challenge: str, fails: dict[str, list[str]]) -> int:
    """Rewrite the `fails = [...]` line of the named mutants (keys: mutant_key) in mutants.toml.

    A text edit, not a TOML round trip, so the file's comments and its multi-line edits stay as
    written; the line sits just before the mutant's `edits`. Returns how many mutants changed."""
    path = SOLUTIONS / challenge / "mutants.toml"
    # xdist workers grade mutants of one file at the same time: the read-modify-write is locked
    with open(path) as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _rewrite_fails(path, challenge, fails)


def _rewrite_fails(path: Path, challenge: str, fails: dict[str, list[str]]) -> int:
    head, *blocks = path.read_text().split("[[mutant]]\n")
    changed = 0
    for i, block in enumerate(blocks):
        mid = mutant_key(tomllib.loads(block))
        if mid not in fails:
            continue
        lines = [line for line in block.splitlines(keepends=True) if not line.startswith("fails = ")]
        at = next(n for n, line in enumerate(lines) if line.startswith("edits = "))
        lines.insert(at, _fails_line(fails[mid]))
        new = "".join(lines)
        changed += new != block
        blocks[i] = new
    path.write_text("[[mutant]]\n".join([head, *blocks]))
    assert all(m.get("fails") == sorted(fails[mutant_key(m)]) for m in load_mutants(challenge) if mutant_key(m) in fails)
    return changed
