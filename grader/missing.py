"""Name the package a server could not load, from its own output, as a run-level verdict.

A server that dies on `require('uuid')` prints a Node stack trace (MODULE_NOT_FOUND) or a Python
traceback (ModuleNotFoundError); the candidate needs one line instead: which file wanted which
package, and what to do about it. Only bare package names are diagnosed: a missing relative
file ('./routes') is the candidate's own bug and its output says so well enough.
"""

from __future__ import annotations

import re

# CJS: "Error: Cannot find module 'uuid'\nRequire stack:\n- /work/server.js"
_NODE_CJS = re.compile(r"Cannot find module '([^']+)'\s*\nRequire stack:\s*\n- (\S+)")
# ESM: "Cannot find package 'uuid' imported from /work/server.js"
_NODE_ESM = re.compile(r"Cannot find (?:package|module) '([^']+)' imported from (\S+)")
_PY_MISSING = re.compile(r"ModuleNotFoundError: No module named '([^']+)'")
_PY_FILE = re.compile(r'File "([^"]+)", line \d+')

_NODE_ADVICE = 'declare it in package.json "dependencies" (the grader installs declared dependencies)'
_PY_ADVICE = "declare it in requirements.txt (the grader installs declared dependencies)"


def _package_of(specifier: str) -> str | None:
    """'lodash/fp' -> 'lodash', '@scope/pkg/x' -> '@scope/pkg'; None for paths and node: builtins."""
    if specifier.startswith((".", "/", "node:", "file:")):
        return None
    parts = specifier.split("/")
    return "/".join(parts[:2]) if specifier.startswith("@") else parts[0]


def _relative(path: str, workdir: str) -> str:
    prefix = workdir.rstrip("/") + "/"
    return path[len(prefix):] if path.startswith(prefix) else path.rsplit("/", 1)[-1]


def explain(log: str, track: str, workdir: str, *, offline: bool, declared: set[str] = frozenset(),
            own_node_modules: bool = False) -> str | None:
    """The verdict for the first missing package in `log`, or None when no package is missing."""
    if track == "node":
        found = [(m.start(), m.group(1), m.group(2), "requires") for m in _NODE_CJS.finditer(log)]
        found += [(m.start(), m.group(1), m.group(2), "imports") for m in _NODE_ESM.finditer(log)]
        for _, specifier, where, verb in sorted(found):
            package = _package_of(specifier)
            if package is None:
                continue
            where = _relative(where.removeprefix("file://"), workdir)
            head = f"{where} {verb} '{package}', which is not available: "
            if offline:
                return head + _NODE_ADVICE + ", or run without --offline"
            if package in declared and own_node_modules:
                return head + ("it is declared in package.json but the submission ships its own node_modules, "
                               "which is used as it is: add the package there or remove the folder")
            return head + _NODE_ADVICE
        return None
    match = _PY_MISSING.search(log)
    if match is None:
        return None
    module = match.group(1).split(".")[0]
    files = [f for f in _PY_FILE.findall(log[: match.start()]) if f.startswith(workdir.rstrip("/") + "/")]
    where = _relative(files[-1], workdir) if files else "the server"
    head = f"{where} imports '{module}', which is not available: "
    return head + _PY_ADVICE + (", or run without --offline" if offline else "")
