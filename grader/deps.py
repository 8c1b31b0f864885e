"""A submission's declared dependencies: installed apart from its graded run, and cached.

Policy (README, "A submission's own dependencies"):
- What: package.json `dependencies` (with package-lock.json / npm-shrinkwrap.json when present),
  requirements.txt or pyproject.toml `[project].dependencies`. Nothing is installed when the
  submission ships its own node_modules (used as it is), or when the runtime's curated packages
  already satisfy every declared range (the common case: `"express": "^4.18.2"`).
- How: an install that runs NO candidate code: `npm ci --ignore-scripts --omit=dev` with a lockfile,
  else `npm install --ignore-scripts --omit=dev --no-audit --no-fund`; pip with wheels only
  (`--only-binary=:all:`: no setup.py runs) into a target dir. Where it runs is the sandbox's
  business (a container with egress for Docker, the host's npm/pip for local); this module
  decides what to install, enforces the size and file-count limits, and caches the result.
- Cache: `$XDG_CACHE_HOME/live-grader/deps/<key>/` (default ~/.cache), the key a hash of the
  files handed to the installer + the runtime's identity + the track, so a second grading of the
  same submission, or a batch of submissions with the same lockfile, installs nothing.

An install that fails or breaks a limit is a run-level verdict (InstallFailed), never a crash.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import paths, semver
from .submission import Submission

LAYOUT = "1"  # part of every key: bump when the cache entries' layout changes
LOCKFILES = ("npm-shrinkwrap.json", "package-lock.json")
# loglevel warn: npm reports a full disk (ENOSPC, the size limit in Docker) only as a tar warning
NPM_FLAGS = ["--ignore-scripts", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=warn"]
PIP_FLAGS = ["--only-binary=:all:", "--no-input", "--disable-pip-version-check", "--quiet"]


class InstallFailed(Exception):
    """The declared dependencies could not be installed; str() is the run-level verdict."""


@dataclass(frozen=True)
class Limits:
    max_mb: int = 300
    max_files: int = 40_000
    timeout: float = 300.0

    @classmethod
    def from_env(cls) -> "Limits":
        env = os.environ
        return cls(
            max_mb=int(env.get("GRADER_DEPS_MAX_MB", cls.max_mb)),
            max_files=int(env.get("GRADER_DEPS_MAX_FILES", cls.max_files)),
            timeout=float(env.get("GRADER_DEPS_TIMEOUT", cls.timeout)),
        )


@dataclass(frozen=True)
class Plan:
    track: str
    files: dict[str, bytes]  # handed to the installer: package.json (+ lockfile) | requirements.txt
    unsatisfied: list[str]  # declared packages the curated runtime does not satisfy
    lockfile: bool = False

    def key(self, runtime_id: str) -> str:
        h = hashlib.sha256(f"{LAYOUT}\0{self.track}\0{runtime_id}\0".encode())
        for name in sorted(self.files):
            h.update(name.encode() + b"\0" + self.files[name] + b"\0")
        return h.hexdigest()[:24]

    @property
    def tree(self) -> str:
        """The folder the installer leaves: mounted or linked into the run."""
        return "node_modules" if self.track == "node" else "python"


@dataclass
class Layer:
    path: Path  # the installed tree (node_modules, or a pip --target dir)
    track: str
    source: str  # "installed" now, or "cache"
    seconds: float = 0.0
    packages: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {"source": self.source, "seconds": round(self.seconds, 4), "packages": self.packages,
                "path": str(self.path)}


# --- what a submission declares ------------------------------------------------------------------
def _curated_node() -> dict[str, str]:
    data = json.loads((paths.runtime_dir() / "package.json").read_text(encoding="utf-8"))
    return data.get("dependencies", {})


def _curated_python() -> dict[str, tuple[str, frozenset[str]]]:
    """name -> (pinned version, extras installed with it): `psycopg[binary]==3.3.9` satisfies
    both `psycopg` and `psycopg[binary]`."""
    pins = {}
    for line in (paths.runtime_dir() / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name, sep, version = line.split("#")[0].strip().partition("==")
        if sep:
            base, _, extras = name.strip().partition("[")
            pins[_canonical(base)] = (version.strip(), frozenset(_canonical(e) for e in extras.rstrip("]").split(",") if e.strip()))
    return pins


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _package_json(root: Path) -> dict:
    try:
        data = json.loads((root / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # submission.detect already reported a broken package.json
    return data if isinstance(data, dict) else {}


def _node_dependencies(root: Path) -> dict[str, str]:
    deps = _package_json(root).get("dependencies")
    return {k: v for k, v in deps.items() if isinstance(v, str)} if isinstance(deps, dict) else {}


def _python_requirements(root: Path) -> list[str]:
    """Requirement lines of requirements.txt, else pyproject.toml's [project].dependencies."""
    req = root / "requirements.txt"
    if req.is_file():
        lines = []
        for number, raw in enumerate(req.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            line = re.split(r"(^|\s)#", raw)[0].strip()
            if not line:
                continue
            if line.startswith("-"):  # -r, -e, --index-url ...: another file, a build, another index
                raise InstallFailed(
                    f"requirements.txt line {number}: pip options ({line.split()[0]}) are not accepted: "
                    "list package requirements only (name and version range)")
            lines.append(line)
        return lines
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise InstallFailed(f"pyproject.toml is not valid TOML ({exc})") from None
        deps = (data.get("project") or {}).get("dependencies") or []
        return [d for d in deps if isinstance(d, str)]
    return []


def declared(submission: Submission) -> list[str]:
    """Names of the packages a submission declares (for verdicts about missing ones)."""
    if submission.track == "node":
        return list(_node_dependencies(submission.path))
    from packaging.requirements import InvalidRequirement, Requirement

    names = []
    try:
        for line in _python_requirements(submission.path):
            try:
                names.append(Requirement(line).name)
            except InvalidRequirement:
                continue
    except InstallFailed:
        pass
    return names


DEPENDENCY_FILES = ("package.json", *LOCKFILES, "requirements.txt", "pyproject.toml")


def plan(submission: Submission) -> Plan | None:
    """What to install for `submission`, or None when nothing needs installing. The answer is
    remembered by the content of the dependency files (and the curated lists): deciding costs
    ~50 ms of imports (packaging) that a second grading should not pay."""
    root = submission.path
    h = hashlib.sha256(f"{LAYOUT}\0{submission.track}\0{(root / 'node_modules').is_dir()}\0".encode())
    for name in DEPENDENCY_FILES:
        h.update(name.encode() + b"\0" + ((root / name).read_bytes() if (root / name).is_file() else b"-") + b"\0")
    for rel in ("package.json", "requirements.txt"):
        h.update((paths.runtime_dir() / rel).read_bytes())
    memo = cache_root() / "plans" / f"{h.hexdigest()[:24]}.json"
    try:
        data = json.loads(memo.read_text())
        if not data:
            return None  # decided before: nothing to install
        files = {k: v.encode("utf-8", "surrogateescape") for k, v in data["files"].items()}
        return Plan(data["track"], files, data["unsatisfied"], data["lockfile"])
    except (OSError, ValueError, KeyError):
        pass  # not decided yet (or an unreadable memo): decide again
    decided = _decide(submission)
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        tmp = memo.with_suffix(f".{uuid.uuid4().hex[:8]}")
        tmp.write_text(json.dumps(decided and {
            "track": decided.track, "unsatisfied": decided.unsatisfied, "lockfile": decided.lockfile,
            "files": {k: v.decode("utf-8", "surrogateescape") for k, v in decided.files.items()}}))
        tmp.replace(memo)
    except OSError:
        pass  # an unwritable cache only costs the next grading the same decision again
    return decided


def _decide(submission: Submission) -> Plan | None:
    root = submission.path
    if submission.track == "node":
        if (root / "node_modules").is_dir():
            return None  # shipped: used as it is, never re-installed
        deps = _node_dependencies(root)
        curated = _curated_node()
        unsatisfied = [n for n, spec in deps.items() if not (n in curated and semver.satisfies(curated[n], spec))]
        if not unsatisfied:
            return None
        lock = next((n for n in LOCKFILES if (root / n).is_file()), None)
        if lock:  # npm ci checks package.json against the lock: hand both over as they are
            files = {"package.json": (root / "package.json").read_bytes(), lock: (root / lock).read_bytes()}
        else:  # only what npm needs, so that an edit of "scripts" does not miss the cache
            files = {"package.json": json.dumps({"name": "submission-deps", "private": True, "dependencies": deps},
                                                 indent=1, sort_keys=True).encode()}
        return Plan("node", files, sorted(unsatisfied), lockfile=bool(lock))
    from packaging.requirements import InvalidRequirement, Requirement

    curated = _curated_python()
    lines, unsatisfied = [], []
    for line in _python_requirements(root):
        try:
            req = Requirement(line)
        except InvalidRequirement as exc:
            raise InstallFailed(f"requirement {line!r} is not valid ({exc})") from None
        if req.marker is not None and not req.marker.evaluate():
            continue
        lines.append(str(req))
        have, extras = curated.get(_canonical(req.name), (None, frozenset()))
        if (req.url or not {_canonical(e) for e in req.extras} <= extras or have is None
                or not req.specifier.contains(have, prereleases=True)):
            unsatisfied.append(req.name)
    if not unsatisfied:
        return None
    return Plan("python", {"requirements.txt": ("\n".join(lines) + "\n").encode()}, sorted(unsatisfied))


# --- the cache -----------------------------------------------------------------------------------
def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "live-grader" / "deps"


Installer = Callable[[Plan, Path, Limits], None]  # fills DIR/<plan.tree>; raises InstallFailed


def ensure(plan: Plan, runtime_id: str, install: Installer, *, limits: Limits | None = None,
           status: Callable[[str], None] = lambda _m: None) -> Layer:
    """The installed tree for `plan`: from the cache, else installed now (one installer per key at
    a time: concurrent gradings of the same dependencies wait for the first)."""
    limits = limits or Limits.from_env()
    t0 = time.monotonic()
    root = cache_root()
    key = plan.key(runtime_id)
    entry = root / key
    if (entry / "meta.json").is_file():
        return Layer(entry / plan.tree, plan.track, "cache", time.monotonic() - t0, plan.unsatisfied)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f"{key}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if (entry / "meta.json").is_file():  # another grading installed it meanwhile
                return Layer(entry / plan.tree, plan.track, "cache", time.monotonic() - t0, plan.unsatisfied)
            status(f"installing the declared dependencies ({', '.join(plan.unsatisfied)}); "
                   "cached for later gradings")
            work = root / f"{key}.partial-{uuid.uuid4().hex[:8]}"
            work.mkdir()
            try:
                install(plan, work, limits)
                size, files = check_tree(work / plan.tree, limits)
                seconds = time.monotonic() - t0
                (work / "meta.json").write_text(json.dumps({
                    "track": plan.track, "packages": plan.unsatisfied, "runtime": runtime_id,
                    "bytes": size, "files": files, "install_seconds": round(seconds, 2),
                    "installed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                }, indent=1))
                work.chmod(0o755)
                work.rename(entry)
            finally:
                shutil.rmtree(work, ignore_errors=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return Layer(entry / plan.tree, plan.track, "installed", time.monotonic() - t0, plan.unsatisfied)


def check_tree(tree: Path, limits: Limits) -> tuple[int, int]:
    """(bytes, files) of an installed tree; InstallFailed over a limit."""
    if not tree.is_dir():
        raise InstallFailed("the install step left no installed packages")
    size = files = 0
    for dirpath, _dirs, names in os.walk(tree):
        for name in names:
            files += 1
            try:
                size += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                continue
    if size > limits.max_mb * 1024 * 1024:
        raise InstallFailed(too_big(limits))
    if files > limits.max_files:
        raise InstallFailed(f"the declared dependencies have more than {limits.max_files} files "
                            "(the grader's limit): declare fewer packages")
    return size, files


def too_big(limits: Limits) -> str:
    return (f"the declared dependencies need more than {limits.max_mb} MiB installed (the grader's "
            "limit): declare fewer or smaller packages")


def tool_errors(output: str, track: str, limit: int = 10) -> str:
    """npm's or pip's own error lines (which package, which version), without the noise."""
    if track == "node":
        lines = [ln for ln in output.splitlines() if re.match(r"npm (error|ERR!)", ln)
                 and "A complete log" not in ln and "/.npm/_logs/" not in ln]
    else:
        lines = [ln for ln in output.splitlines() if ln.startswith("ERROR:")]
    lines = [ln.rstrip() for ln in lines if ln.strip() not in ("npm error", "npm ERR!")]
    return "\n".join(lines[:limit]) or "\n".join(output.strip().splitlines()[-limit:])


def failure(track: str, code: int, output: str, limits: Limits) -> InstallFailed:
    if "ENOSPC" in output or "No space left on device" in output:
        return InstallFailed(too_big(limits))
    tool = "npm" if track == "node" else "pip"
    return InstallFailed(f"installing the declared dependencies failed ({tool} exit {code}):\n{tool_errors(output, track)}")


def cache_info() -> dict:
    root = cache_root()
    entries = [p for p in root.iterdir() if (p / "meta.json").is_file()] if root.is_dir() else []
    size = 0
    for entry in entries:
        try:
            size += json.loads((entry / "meta.json").read_text()).get("bytes", 0)
        except (OSError, ValueError):
            continue
    return {"path": str(root), "entries": len(entries), "bytes": size}


def cache_clear() -> int:
    root = cache_root()
    if not root.is_dir():
        return 0
    count = sum(1 for p in root.iterdir() if (p / "meta.json").is_file())
    shutil.rmtree(root)
    return count


# --- the local sandbox's installer: the host's npm / pip, same rules -----------------------------
def local_runtime_id() -> str:
    """The local machine's runtime: its node binary (by path, size, mtime: running `node --version`
    would cost a cache hit ~0.1 s), this Python, and the curated package lists."""
    node = shutil.which("node") or ""
    try:
        st = os.stat(node)
        node_id = f"{os.path.realpath(node)}:{st.st_size}:{int(st.st_mtime)}"
    except OSError:
        node_id = "none"
    h = hashlib.sha256(f"local\0{node_id}\0{sys.version}\0{sys.executable}".encode())
    for rel in ("package.json", "requirements.txt"):
        h.update((paths.runtime_dir() / rel).read_bytes())
    return "local-" + h.hexdigest()[:12]


def install_locally(plan: Plan, work: Path, limits: Limits) -> None:
    src = work / "manifest"
    src.mkdir()
    for name, content in plan.files.items():
        (src / name).write_bytes(content)
    if plan.track == "node":
        npm = shutil.which("npm")
        if npm is None:
            raise InstallFailed("npm is not installed on this machine, so the declared dependencies cannot be "
                                "installed for the local sandbox: install Node.js with npm, or use --sandbox docker")
        cmd = [npm, "ci" if plan.lockfile else "install", *NPM_FLAGS]
        cwd = src
    else:
        cmd = [sys.executable, "-m", "pip", "install", *PIP_FLAGS, "--target", str(work / "python"),
               "-r", str(src / "requirements.txt")]
        cwd = work
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=limits.timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise InstallFailed(f"installing the declared dependencies took longer than {limits.timeout:g}s "
                            "(the grader's limit)") from None
    except BaseException:  # Ctrl-C: the installer goes with the grading
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    text = out.decode(errors="replace")
    if proc.returncode:
        raise failure(plan.track, proc.returncode, text, limits)
    if plan.track == "node":
        tree = src / "node_modules"
        if tree.is_dir():
            tree.rename(work / "node_modules")
        else:  # every declared package was deduplicated away: an empty layer is still a layer
            (work / "node_modules").mkdir()
    shutil.rmtree(src, ignore_errors=True)
