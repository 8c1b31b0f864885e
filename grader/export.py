"""Candidate kits: `grade export CHALLENGE DIR` writes DIR/<challenge>/ with the spec (README.md),
challenge.toml, the starters, the fake upstreams' apps it names, and the PUBLIC checks only.

The suite is filtered with `ast`, not by running it: each test module keeps its imports, the test
functions marked @pytest.mark.public, and only the module-level helpers and constants those use
(transitively). Hidden checks, their docstrings and the helpers only they use are dropped; the
module docstring is replaced (it may describe the hidden checks). Kept code is copied line for
line, comments included. Anything the filter cannot judge safely (test classes, `pytestmark`,
modules other than test_*.py, data files, statements sharing a line) stops the export with an
error rather than risk shipping a hidden check.

DIR is a catalogue root, so the kit grades with the normal grader:
`GRADER_CHALLENGES=DIR grade CHALLENGE SUBMISSION` (paths.challenges_dir).
"""

from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass
from pathlib import Path

from .challenges import Challenge
from .errors import ChallengeFormatError, UsageError

PUBLIC_MARKERS = {"pytest.mark.public", "mark.public"}
COPY_IGNORE = shutil.ignore_patterns("__pycache__", "node_modules", "*.pyc", ".DS_Store")


@dataclass(frozen=True)
class FilteredModule:
    source: str  # "" when the module has no public check
    public: tuple[str, ...]  # test functions kept
    hidden: tuple[str, ...]  # test functions dropped


def is_test(node: ast.stmt) -> bool:
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_")  # suite.ini


def is_public(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(ast.unparse(d).split("(")[0] in PUBLIC_MARKERS for d in node.decorator_list)


def defined_names(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    names: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
            names.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(sub.name)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in sub.names}
    return names


def used_names(node: ast.AST) -> set[str]:
    # over-approximates (a local variable named like a helper keeps the helper): that can only keep
    # more helper code, never a hidden check
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def _refuse(where: str, why: str) -> ChallengeFormatError:
    return ChallengeFormatError(f"export: {where}: {why}", hint="grade export keeps only what it can judge public safely")


def filter_module(source: str, where: str, docstring: str) -> FilteredModule:
    tree = ast.parse(source)
    body = list(tree.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]  # the module docstring is replaced
    for node in body:
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            raise _refuse(where, f"test class {node.name} (export filters test functions only)")
        if "pytestmark" in defined_names(node):
            raise _refuse(where, "module-level pytestmark")
    lines = [_first_line(n) for n in body]
    if len(set(lines)) != len(lines) or any(a.end_lineno == b for a, b in zip(body, lines[1:])):  # type: ignore[attr-defined]
        raise _refuse(where, "two statements share a line")

    tests = [n for n in body if is_test(n)]
    public = [n for n in tests if is_public(n)]  # type: ignore[arg-type]
    hidden = [n for n in tests if n not in public]
    kept: list[ast.stmt] = list(public)
    needed: set[str] = set().union(*(used_names(n) for n in public)) if public else set()
    others = [n for n in body if not is_test(n)]
    for node in others:  # statements that define nothing (side effects) and __future__ imports stay
        if not defined_names(node) or (isinstance(node, ast.ImportFrom) and node.module == "__future__"):
            kept.append(node)
            needed |= used_names(node)
    changed = True
    while changed:  # helpers and constants the kept code uses, transitively
        changed = False
        for node in others:
            if node not in kept and defined_names(node) & needed:
                kept.append(node)
                needed |= used_names(node)
                changed = True
    if not public:
        return FilteredModule("", (), tuple(n.name for n in hidden))  # type: ignore[attr-defined]
    return FilteredModule(
        _assemble(source, [n for n in body if n in kept], docstring),
        tuple(n.name for n in public),  # type: ignore[attr-defined]
        tuple(n.name for n in hidden),  # type: ignore[attr-defined]
    )


def _assemble(source: str, nodes: list[ast.stmt], docstring: str) -> str:
    src = source.splitlines()
    out = [f'"""{docstring}"""', ""]
    prev_def, prev_end = False, None
    for node in nodes:
        start = _first_line(node) - 1
        while start > 0 and src[start - 1].startswith("#"):  # a comment block attached right above
            start -= 1
        is_def = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        # blank lines as in the original (import groups stay apart), two around a def
        blanks = 0 if prev_end is None else min(2, sum(1 for line in src[prev_end:start] if not line.strip()))
        out += [""] * (2 if is_def or prev_def else blanks)
        out += src[start:node.end_lineno]
        prev_def, prev_end = is_def, node.end_lineno
    text = "\n".join(out).rstrip() + "\n"
    ast.parse(text)  # the kit's module must still be Python
    return text


def suite_modules(challenge: Challenge) -> list[Path]:
    """The suite's test modules; anything else in tests/ stops the export (it could be hidden data)."""
    modules = []
    for path in sorted(challenge.tests_dir.iterdir()):
        if path.name == "__pycache__":
            continue
        if not (path.is_file() and path.name.startswith("test_") and path.suffix == ".py"):
            raise _refuse(f"{challenge.id}/tests/{path.name}", "only test_*.py modules can be exported")
        modules.append(path)
    return modules


def export_kit(challenge: Challenge, directory: Path) -> Path:
    kit = directory / challenge.id
    if kit.exists() and (not kit.is_dir() or any(kit.iterdir())):
        raise UsageError(f"'{kit}' exists and is not empty", hint="choose a new or empty folder")
    doc = (f"Public checks of {challenge.id} ({challenge.title}), exported by `grade export`.\n\n"
           "The hidden checks are not in this kit; the interviewer's grading runs them too.\n")
    # every module is filtered before anything is written: a refusal leaves no half kit behind
    filtered = {path.name: filter_module(path.read_text(encoding="utf-8"), f"{challenge.id}/tests/{path.name}", doc)
                for path in suite_modules(challenge)}
    kit.mkdir(parents=True, exist_ok=True)
    shutil.copy(challenge.path / "challenge.toml", kit / "challenge.toml")
    shutil.copy(challenge.readme, kit / "README.md")
    for track in challenge.tracks:
        shutil.copytree(challenge.starter(track), kit / "starter" / track, ignore=COPY_IGNORE)
    # the fake upstreams' apps ([[service]] kind = "upstream") ship too, with their folder: the public checks cannot
    # run without them, and they are the candidate's environment (their behaviour is in the
    # spec), not the grading; what the suite does with their controls stays in the hidden checks
    # (their whole folder: an app may import a sibling module)
    for folder in sorted({spec.app.parent for spec in challenge.services if spec.app is not None}):
        shutil.copytree(folder, kit / folder.relative_to(challenge.path.resolve()), ignore=COPY_IGNORE,
                        dirs_exist_ok=True)
    (kit / "tests").mkdir()
    for name, kept in filtered.items():
        if kept.source:
            (kit / "tests" / name).write_text(kept.source, encoding="utf-8")
    return kit
