"""The candidate distribution (scripts/build-candidate-wheel.py), as a candidate gets it: the
wheel is built, installed into a fresh virtualenv (pip fetches the dependencies, from its cache
after the first time), and the installed `grade` is run from a folder outside the repository
with no GRADER_* variable pointing back at it. One wheel and one venv serve the whole session,
both xdist workers included (made once under a file lock).

What the candidate gets must work (list, show, init, grading against the public checks locally
and in Docker, building the images, setup-local); what the interviewer keeps must be absent:
every installed file is scanned for every hidden check's function name, its check name (the
docstring) and the distinctive lines of its code, taken from the repository's suites (public
and hidden by the `public` marker, as tests/test_reports.py tells them apart).
"""

from __future__ import annotations

import ast
import fcntl
import functools
import json
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import CHALLENGES, ROOT, SOLUTIONS, owner, run_grade

BUILD = ROOT / "scripts" / "build-candidate-wheel.py"
DIST = "live_grader_candidate"
MIN_LINE = 20  # shorter lines of a hidden check (`assert r.status_code == 404`) are not distinctive


@dataclass(frozen=True)
class Install:
    home: Path  # the candidate's folder: cwd of every command, XDG_DATA_HOME under it
    venv: Path
    wheel: Path

    @property
    def site(self) -> Path:
        (site,) = (self.venv / "lib").glob("python3*/site-packages")
        return site

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GRADER_") and k != "PYTHONPATH"}
        return {**env, "GRADER_OWNER": owner(), "XDG_DATA_HOME": str(self.home / "data"), **extra}

    def grade(self, *args: str, timeout: float = 240, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.venv / "bin" / "grade"), *args], capture_output=True, text=True,
                              cwd=self.home, env=self.env(**extra), timeout=timeout)

    def grade_json(self, tmp_path: Path, *args: str) -> dict:
        out = tmp_path / "result.json"
        p = self.grade(*args, "--json", str(out), "-q")
        assert out.exists(), f"exit {p.returncode}\n{p.stdout[-4000:]}\n{p.stderr[-3000:]}"
        return json.loads(out.read_text())

    def files(self) -> list[Path]:
        """Every file the wheel installed, from its RECORD (scripts, dist-info and package data)."""
        (info,) = self.site.glob(f"{DIST}-*.dist-info")
        rows = (line.split(",")[0] for line in (info / "RECORD").read_text().splitlines() if line)
        return [(self.site / row).resolve() for row in rows]


def _make(home: Path) -> Install:
    build = subprocess.run([sys.executable, str(BUILD), "--out", str(home / "dist")], capture_output=True,
                           text=True, timeout=600, cwd=ROOT)
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = (home / "dist").glob(f"{DIST}-*.whl")
    venv = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-compile",
                          "--disable-pip-version-check",
                          str(wheel)], capture_output=True, text=True, timeout=900)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    return Install(home, venv, wheel)


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Install:
    # the base temp folder's parent is shared by the xdist workers of one session
    root = tmp_path_factory.getbasetemp()
    root = root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root
    home = root / "candidate-wheel"
    with open(root / "candidate-wheel.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (home / "ready").exists():
            home.mkdir(exist_ok=True)
            inst = _make(home)
            (home / "ready").write_text(str(inst.wheel))
        inst = Install(home, home / "venv", Path((home / "ready").read_text()))
    where = subprocess.run([str(inst.venv / "bin" / "python"), "-c", "import grader; print(grader.__file__)"],
                           capture_output=True, text=True, cwd=home, env=inst.env(), check=True)
    assert Path(where.stdout.strip()).is_relative_to(inst.site), "the venv must use its own installed grader"
    return inst


def repo_ids() -> list[str]:
    return sorted(p.name for p in CHALLENGES.iterdir() if (p / "challenge.toml").is_file())


# --- the repository's suites: public and hidden checks ------------------------------------------
def is_public(node: ast.AST) -> bool:
    return any(ast.unparse(d).endswith("mark.public") for d in getattr(node, "decorator_list", []))


def checks(source: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.parse(source).body
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("test_")]


@dataclass
class Suites:
    hidden: dict[str, set[str]]  # challenge -> hidden check functions
    public: dict[str, set[str]]  # challenge -> public check functions
    docs: dict[str, set[str]]  # challenge -> hidden checks' names (docstring first lines)
    lines: set[str]  # lines of hidden checks found nowhere else (other suite code, the grader)


@functools.cache
def repo_suites() -> Suites:
    hidden: dict[str, set[str]] = {}
    public: dict[str, set[str]] = {}
    docs: dict[str, set[str]] = {}
    hidden_lines: set[str] = set()
    other_lines: set[str] = set()  # public checks, helpers, imports: may legitimately ship
    for cid in repo_ids():
        hidden[cid], public[cid], docs[cid] = set(), set(), set()
        for path in sorted((CHALLENGES / cid / "tests").glob("test_*.py")):
            source = path.read_text(encoding="utf-8")
            src = source.splitlines()
            in_hidden: set[int] = set()
            for node in checks(source):
                if is_public(node):
                    public[cid].add(node.name)
                    continue
                hidden[cid].add(node.name)
                doc = (ast.get_docstring(node) or "").strip()
                if doc:
                    docs[cid].add(doc.splitlines()[0])
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                in_hidden |= set(range(first - 1, node.end_lineno))
            for i, line in enumerate(src):
                (hidden_lines if i in in_hidden else other_lines).add(line.strip())
    # the grader's own code ships by design: a line it shares with a hidden check tells nothing
    for path in (ROOT / "grader").rglob("*.py"):
        other_lines |= {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}
    distinctive = {line for line in hidden_lines - other_lines if len(line) >= MIN_LINE}
    return Suites(hidden, public, docs, distinctive)


KIT = Path("grader", "candidate_kit", "challenges")


def leaks(suites: Suites, rel: Path, text: str) -> list[str]:
    """What of the interviewer's material one installed file (path relative to site-packages) holds."""
    found = []
    if {"solutions", "mutants.toml", "alternatives"} & set(rel.parts):
        found.append("an interviewer-only path")
    # the challenge whose kit holds the file (None: the grader package, scripts, metadata); a
    # hidden check of one challenge may share a function name with a public check of another
    cid = rel.relative_to(KIT).parts[0] if rel.is_relative_to(KIT) else None
    all_hidden = set().union(*suites.hidden.values())
    all_public = set().union(*suites.public.values())
    names = set(re.findall(r"\btest_\w+", text))
    leaked = names & (suites.hidden[cid] if cid else all_hidden) | (names & all_hidden) - all_public
    if leaked:
        found.append(f"hidden check functions {sorted(leaked)[:5]}")
    lines = {line.strip() for line in text.splitlines()} & suites.lines
    if lines:
        found.append(f"code of hidden checks {sorted(lines)[:3]}")
    if cid and "tests" in rel.parts:
        found += [f"the name of hidden check {doc!r}" for doc in sorted(suites.docs[cid]) if doc in text][:3]
    return found


# --- what the candidate gets works ---------------------------------------------------------------
def test_installed_grade_lists_every_challenge(installed):
    listed = installed.grade("list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [c["id"] for c in json.loads(listed.stdout)] == repo_ids()
    assert len(repo_ids()) >= 54
    table = installed.grade("list")
    assert table.stdout.rstrip().endswith(f"{len(repo_ids())} challenges")
    assert installed.grade("challenge-99", "somewhere").returncode == 2


def test_installed_show_and_init_give_the_spec_and_the_starter(installed, tmp_path):
    shown = installed.grade("show", "13")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.rstrip("\n") == (CHALLENGES / "challenge-13" / "README.md").read_text().rstrip("\n")
    work = tmp_path / "work"
    init = installed.grade("init", "challenge-46", str(work), "--lang", "node")
    assert init.returncode == 0, init.stderr
    starter = CHALLENGES / "challenge-46" / "starter" / "node"
    expected = sorted(p.relative_to(starter) for p in starter.rglob("*") if p.is_file() and "node_modules" not in p.parts)
    got = sorted(p.relative_to(work) for p in work.rglob("*") if p.is_file())
    assert got == sorted([*expected, Path("CHALLENGE.md")])
    for rel in expected:
        assert (work / rel).read_bytes() == (starter / rel).read_bytes()


def test_installed_suites_hold_exactly_the_public_checks(installed):
    suites = repo_suites()
    kit = installed.site / "grader" / "candidate_kit" / "challenges"
    for cid in repo_ids():
        got = {n.name for p in (kit / cid / "tests").glob("test_*.py") for n in checks(p.read_text())}
        assert got == suites.public[cid], cid
        assert (kit / cid / "challenge.toml").read_bytes() == (CHALLENGES / cid / "challenge.toml").read_bytes()


def test_a_reference_solution_scores_100_percent_of_the_public_checks_locally(installed, tmp_path):
    sol = SOLUTIONS / "challenge-13" / "python"
    result = installed.grade_json(tmp_path, "challenge-13", str(sol), "--sandbox", "local")
    assert result["percent"] == 100, result
    # the same checks, names and points as the interviewer's `--public-only` grading of the repository
    repo = run_grade(["challenge-13", str(sol), "--sandbox", "local", "--public-only"], tmp_path / "repo")
    assert repo.code == 0, repo.explain()
    shape = lambda r: sorted((c["name"], c["points"], c["visibility"]) for c in r["checks"])  # noqa: E731
    assert shape(result) == shape(repo.result) and {c["visibility"] for c in result["checks"]} == {"public"}
    starter = installed.grade_json(tmp_path / "s", "challenge-13", str(CHALLENGES / "challenge-13" / "starter" / "python"),
                                   "--sandbox", "local")
    assert starter["percent"] < 100  # the public checks really judge


@pytest.mark.docker
def test_images_build_and_a_grading_with_an_upstream_runs_in_docker_from_the_wheel(installed, tmp_path, docker_ready):
    from grader.sandbox import image

    # the payload is laid out like the repository: the same content-hash tags as this checkout's
    built = installed.grade("image", "build", timeout=1800)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    assert str(installed.site / "grader" / "candidate_kit" / "Dockerfile") in built.stdout
    for spec in image.IMAGES:
        assert f"built {image.tag(spec)}" in built.stdout
    status = installed.grade("image", "status")
    assert status.returncode == 0 and status.stdout.count(": built") == 2, status.stdout
    # challenge-46's public checks need its fake upstream, shipped with the kit
    result = installed.grade_json(tmp_path, "challenge-46", str(SOLUTIONS / "challenge-46" / "node"), "--sandbox", "docker")
    assert result["percent"] == 100, result
    assert result["checks"] and {c["visibility"] for c in result["checks"]} == {"public"}


def test_setup_local_installs_the_node_packages_outside_site_packages(installed, tmp_path):
    done = installed.grade("setup-local", timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    target = installed.home / "data" / "live-grader" / "runtime" / "node"
    assert (target / "package.json").read_bytes() == (ROOT / "runtime" / "package.json").read_bytes()
    assert (target / "node_modules" / "express" / "package.json").is_file()
    result = installed.grade_json(tmp_path, "challenge-13", str(SOLUTIONS / "challenge-13" / "node"), "--sandbox", "local")
    assert result["percent"] == 100, result  # the Node solution requires express from those packages


# --- what the interviewer keeps is absent --------------------------------------------------------
def test_no_hidden_check_solution_or_mutant_is_installed(installed):
    suites = repo_suites()
    assert set().union(*suites.hidden.values()) and suites.lines, "nothing to look for: the scan would prove nothing"
    # the scan finds what it looks for: a challenge's whole suite, a solution, a hidden name in the grader
    suite = CHALLENGES / "challenge-13" / "tests"
    for rel, text in [(KIT / "challenge-13" / "tests" / p.name, p.read_text()) for p in suite.glob("test_*.py")] + [
            (KIT / "challenge-46" / "solutions" / "server.js", ""),
            (Path("grader", "x.py"), f"# {sorted(suites.hidden['challenge-01'])[0]}\n")]:
        assert leaks(suites, rel, text), f"the scan misses a planted leak in {rel}"
    # every file the wheel installed (RECORD) and anything else under the package
    files = set(installed.files()) | {p for p in (installed.site / "grader").rglob("*")
                                      if p.is_file() and "__pycache__" not in p.parts}
    assert len([p for p in files if "candidate_kit/challenges" in str(p)]) > 300
    for path in sorted(files):
        rel = path.relative_to(installed.site) if path.is_relative_to(installed.site) else path
        found = leaks(suites, rel, path.read_text(encoding="utf-8", errors="replace"))
        assert not found, f"{rel} holds {'; '.join(found)}"
    metadata = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert installed.wheel.name.startswith(f"{DIST}-{metadata['version']}-")


def test_a_missing_local_service_names_the_candidate_install_s_own_fix(installed, tmp_path):
    # no scripts/setup.sh in the candidate distribution: the hint spells out the venv it would make
    p = installed.grade("challenge-33", str(SOLUTIONS / "challenge-33" / "python"), "--sandbox", "local", "-q")
    venv = installed.home / "data" / "live-grader" / "runtime" / "secantus"
    assert p.returncode == 2 and "needs MongoDB" in p.stderr, p.stderr
    assert f"python3 -m venv {venv} && {venv}/bin/pip install --pre secantusdb==" in p.stderr
    assert "scripts/setup.sh" not in p.stderr


# --- which layout grader/paths.py picks -----------------------------------------------------------
def test_a_checkout_is_never_taken_for_the_candidate_payload_nor_site_packages_for_a_checkout(tmp_path, monkeypatch):
    from grader import paths

    monkeypatch.delenv("GRADER_HOME", raising=False)
    monkeypatch.delenv("GRADER_NODE_MODULES", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for where, is_checkout in (("repo", True), ("site-packages", False)):
        package = tmp_path / where / "grader"
        (package / paths.KIT / "challenges").mkdir(parents=True)
        (tmp_path / where / "challenges").mkdir()  # site-packages may hold another `challenges` package
        if is_checkout:
            (tmp_path / where / "pyproject.toml").write_text("[project]\n")
        monkeypatch.setattr(paths, "PACKAGE", package)
        monkeypatch.setattr(paths, "candidate_kit", lambda package=package: package / paths.KIT)
        expected = tmp_path / where if is_checkout else package / paths.KIT
        assert paths.repo_root() == expected and paths.is_candidate_install() is not is_checkout, where
        state = expected / ".runtime" if is_checkout else tmp_path / "data" / "live-grader" / "runtime"
        assert paths.state_dir() == state and paths.local_node_modules() == state / "node" / "node_modules", where
