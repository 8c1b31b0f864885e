"""Where the repository's data lives: challenges, solutions, runtime package lists.

The grader is installed editable from its repository (README), so the data sits beside the
package. `GRADER_HOME` points elsewhere (e.g. a checkout used by a non-editable install).
"""

from __future__ import annotations

import os
from pathlib import Path


def repo_root() -> Path:
    env = os.environ.get("GRADER_HOME")
    return Path(env).resolve() if env else Path(__file__).resolve().parent.parent


def challenges_dir() -> Path:
    """GRADER_CHALLENGES points at another catalogue (the test suite's hostile-corpus challenge)."""
    env = os.environ.get("GRADER_CHALLENGES")
    return Path(env).resolve() if env else repo_root() / "challenges"


def solutions_dir() -> Path:
    return repo_root() / "solutions"


def runtime_dir() -> Path:
    return repo_root() / "runtime"


def local_node_modules() -> Path:
    """Where `grade setup-local` installs the curated Node packages for the local sandbox."""
    env = os.environ.get("GRADER_NODE_MODULES")
    return Path(env) if env else repo_root() / ".runtime" / "node" / "node_modules"


def cache_dir() -> Path:
    """Per-machine caches the local sandbox makes once (a PostgreSQL template cluster)."""
    env = os.environ.get("GRADER_CACHE")
    path = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "live-grader"
    path.mkdir(parents=True, exist_ok=True)
    return path


def services_venv() -> Path:
    """The venv `scripts/setup.sh` makes for SecantusDB (the local sandbox's MongoDB stand-in)."""
    env = os.environ.get("GRADER_SERVICES_VENV")
    return Path(env) if env else repo_root() / ".runtime" / "secantus"
