"""Where the grader's data lives: challenges, solutions, runtime package lists, image sources.

Two layouts:
- the repository (the interviewer's install, editable: `pip install -e .`): the data sits beside
  the package, solutions and hidden checks included;
- the candidate distribution (`live-grader-candidate`, built by scripts/build-candidate-wheel.py):
  a wheel whose `grader/candidate_kit/` holds the exported catalogue (public checks only), the
  image sources and the runtime package lists, laid out like the repository so that the same
  relative paths (and the images' content-hash tags) hold in both.
`GRADER_HOME` points elsewhere (e.g. a checkout used by a non-editable install).
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
KIT = "candidate_kit"  # the candidate distribution's payload folder inside the package


def candidate_kit() -> Path | None:
    """The installed candidate payload, or None (a checkout, or a wheel built without one)."""
    kit = importlib.resources.files(__package__ or "grader") / KIT
    # a wheel installs into a real folder; the image build and `grade init` need real files
    return kit if isinstance(kit, Path) and kit.is_dir() else None


def checkout() -> Path | None:
    """The repository the package sits in (an editable install), or None (installed from a wheel).
    Looked for first and strictly: a checkout must never be taken for the candidate payload (its
    gradings would run the public checks only), nor site-packages for a checkout."""
    root = PACKAGE.parent
    return root if (root / "pyproject.toml").is_file() and (root / "challenges").is_dir() else None


def repo_root() -> Path:
    env = os.environ.get("GRADER_HOME")
    if env:
        return Path(env).resolve()
    return checkout() or candidate_kit() or PACKAGE.parent


def is_candidate_install() -> bool:
    """True when the data comes from the candidate distribution's payload, not a checkout."""
    kit = candidate_kit()
    return kit is not None and repo_root() == kit


def challenges_dir() -> Path:
    """GRADER_CHALLENGES points at another catalogue (the test suite's hostile-corpus challenge)."""
    env = os.environ.get("GRADER_CHALLENGES")
    return Path(env).resolve() if env else repo_root() / "challenges"


def solutions_dir() -> Path:
    return repo_root() / "solutions"  # absent from the candidate distribution, on purpose


def runtime_dir() -> Path:
    return repo_root() / "runtime"


def state_dir() -> Path:
    """What setup steps install for the local sandbox: `.runtime/` of a checkout; for an installed
    candidate distribution a per-user folder (never inside site-packages, which may be read-only
    and is replaced on each upgrade)."""
    if not is_candidate_install():
        return repo_root() / ".runtime"
    data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data) / "live-grader" / "runtime"


def local_node_modules() -> Path:
    """Where `grade setup-local` installs the curated Node packages for the local sandbox."""
    env = os.environ.get("GRADER_NODE_MODULES")
    return Path(env) if env else state_dir() / "node" / "node_modules"


def cache_dir() -> Path:
    """Per-machine caches the local sandbox makes once (a PostgreSQL template cluster)."""
    env = os.environ.get("GRADER_CACHE")
    path = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "live-grader"
    path.mkdir(parents=True, exist_ok=True)
    return path


def services_venv() -> Path:
    """The venv `scripts/setup.sh` makes for SecantusDB (the local sandbox's MongoDB stand-in)."""
    env = os.environ.get("GRADER_SERVICES_VENV")
    return Path(env) if env else state_dir() / "secantus"
