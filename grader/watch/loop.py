"""`grade watch`: one sandbox for the whole session, re-graded on every save.

The session (grader.run.Session) is opened once: sandbox, services, dependencies, server. Then
watchfiles (Rust-backed, debounced) reports changes in the candidate's folder; each batch of
changed files is written into the running sandbox and the server restarted in place (in Docker
the container's supervisor restarts the process: the container, its network and its services stay),
the checks run again, and the compact view (watch/compact.py) is printed. A server that does not
start is a verdict like any other: the watch goes on and the next save recovers.

A Docker server that crashed takes its container with it (the supervisor exits with the server, so
that its exit code is the container's): the next save then starts a new container from a fresh copy
of the folder (DockerSandbox.restage), the one case where the container id changes.
"""

from __future__ import annotations

import dataclasses
import os
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from .. import __version__, scoring
from ..errors import GraderError, UsageError
from ..report.view import Audience
from ..results import RunResult
from ..run import GradeOptions, Session, _now, peak_rss_mb, resolve
from .timebox import Run, Timeline

# what an editor or a tool writes beside the code: never a reason to re-grade, never synced
IGNORED_DIRS = frozenset({"node_modules", "__pycache__", ".git", ".hg", ".svn", ".idea", ".vscode", ".venv"})
IGNORED_SUFFIXES = (".swp", ".swo", ".swx", "~", ".tmp", ".pyc")
IGNORED_PREFIXES = (".#",)  # emacs lock files
IGNORED_NAMES = frozenset({"4913", ".DS_Store"})  # vim's write test file
DEPENDENCY_FILES = frozenset({"package.json", "package-lock.json", "npm-shrinkwrap.json", "requirements.txt",
                              "pyproject.toml", "uv.lock", "poetry.lock"})
MAX_SYNC_BYTES = 10 * 1024 * 1024  # per file; a bigger one is left out with a note


def ignored(relpath: str) -> bool:
    parts = Path(relpath).parts
    if any(p in IGNORED_DIRS for p in parts[:-1]) or not parts:
        return True
    name = parts[-1]
    return (name in IGNORED_DIRS or name in IGNORED_NAMES or name.endswith(IGNORED_SUFFIXES)
            or name.startswith(IGNORED_PREFIXES))


@dataclass
class Changes:
    files: dict[str, str | bytes] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def paths(self) -> list[str]:
        return sorted([*self.files, *self.removed])


def collect(root: Path, paths: Iterable[str]) -> Changes:
    """What to put into the sandbox for these changed paths: the content of every file that exists
    now, the removal of every one that does not. Symlinks are never followed (a link to ~/.ssh must
    not reach the sandbox; the initial copy drops such links too)."""
    root = root.resolve()
    out = Changes()
    for raw in sorted(set(paths)):
        path = Path(raw)
        try:
            rel = path.relative_to(root).as_posix() if path.is_absolute() else path.as_posix()
        except ValueError:
            continue
        if ignored(rel):
            continue
        full = root / rel
        if full.is_symlink():
            out.notes.append(f"{rel}: a symlink, not synced (restart the watch to stage links)")
        elif full.is_file():
            if full.stat().st_size > MAX_SYNC_BYTES:
                out.notes.append(f"{rel}: over {MAX_SYNC_BYTES // 2**20} MiB, not synced")
                continue
            try:
                out.files[rel] = full.read_bytes()
            except OSError:
                out.removed.append(rel)  # gone between the event and the read
        elif not full.exists():
            out.removed.append(rel)
    if DEPENDENCY_FILES & {Path(p).name for p in out.paths}:
        out.notes.append("dependencies are installed when the watch starts: restart `grade watch` to install new ones")
    return out


@dataclass
class WatchOptions:
    grade: GradeOptions
    audience: Audience = "candidate"
    debounce_ms: int = 50


class Watch:
    """A session and its timeline; run() grades once, apply() syncs changes and grades again."""

    def __init__(self, challenge_id: str, directory: Path, opts: WatchOptions, *,
                 emit: Callable[[str], None], on_run: Callable[[Timeline], None] | None = None) -> None:
        if not directory.is_dir():
            raise UsageError(f"'{directory}' is not a folder", hint="give the folder you save your solution in")
        self.directory = directory.resolve()
        self.opts, self.emit, self.on_run = opts, emit, on_run
        self.challenge, self.submission = resolve(challenge_id, directory, opts.grade)
        seed = opts.grade.seed if opts.grade.seed is not None else random.SystemRandom().randrange(1, 2**31)
        self.session = Session(self.challenge, self.submission, opts.grade, seed)
        self.timeline = Timeline(challenge=self.challenge.id, title=self.challenge.title, track=self.submission.track,
                                 budget_minutes=self.challenge.minutes, public_only=opts.grade.public_only, seed=seed)
        self._marker = ""  # the log line that starts the current run's server output
        self._watcher: FolderWatcher | None = None

    @property
    def workdirs(self) -> tuple[str, ...]:
        sandbox = self.session.sandbox
        local = getattr(sandbox, "workdir", None)
        return ("/work/", f"{local}/") if local else ("/work/",)

    def open(self) -> None:
        first = self.session.new_result()
        t0 = time.monotonic()
        self.session.open(first)
        self._cache_compiled_code()
        self._finish(first, [], {"start": round(time.monotonic() - t0, 4)}, t0)

    def _cache_compiled_code(self) -> None:
        """From the second start on, Node (22.1+) keeps the code it compiled (express and the rest of
        node_modules) in a cache the next start reads: the server is restarted dozens of times in a
        session, and its start is most of a run's time (measured: require('express') 0.62 s -> 0.45 s
        in the container on a loaded machine). Older Node ignores the variable."""
        server, sandbox = self.session.server, self.session.sandbox
        if server is None or sandbox is None or self.submission.track != "node":
            return
        where = "/tmp/.grader-node-compile-cache" if sandbox.isolated else str(Path(sandbox.data_dir).parent / "node-compile-cache")
        server.challenge = dataclasses.replace(server.challenge, env={**server.challenge.env, "NODE_COMPILE_CACHE": where})

    def apply(self, changes: Changes) -> Run | None:
        """Put the changed files into the sandbox, restart the server in place, run the checks."""
        for note in changes.notes:
            self.emit(f"  note: {note}")
        if not changes.files and not changes.removed:
            return None
        session = self.session
        sandbox = session.sandbox
        assert sandbox is not None
        t0 = time.monotonic()
        result = session.new_result()
        self._marker = f"--- grader: watch run {len(self.timeline.runs) + 1} ("
        sandbox.output.mark(f"{self._marker[4:]}{', '.join(changes.paths)[:200]})")
        restage = getattr(sandbox, "restage", None)
        if restage is not None and sandbox.exit_info() is not None:
            restage()  # the container died with its server: the next one starts from the folder as it is
        t1 = time.monotonic()
        session.start_server(result, changes.files, changes.removed)
        t2 = time.monotonic()
        timings = {"sync_restart": round(t2 - t1 - session.ready_wait, 4) if not session.unavailable else None,
                   "ready": round(session.ready_wait, 4) if not session.unavailable else None,
                   "start": round(t2 - t0, 4)}
        return self._finish(result, changes.paths, timings, t0)

    def _finish(self, result: RunResult, trigger: list[str], timings: dict, t0: float) -> Run:
        session = self.session
        session.check(result)
        sandbox = session.sandbox
        assert sandbox is not None
        log = sandbox.output.text()
        at = log.rfind(self._marker) if self._marker else -1
        result.server.log_tail = (log[at:] if at >= 0 else log)[-8000:]
        result.server.log_truncated = sandbox.output.truncated
        result.timings.update({k: v for k, v in timings.items() if v is not None})
        result.timings["total"] = round(time.monotonic() - t0, 4)
        result.finished_at = _now()
        result.grader = {"version": __version__, "peak_rss_mb": peak_rss_mb()}
        scoring.finalise(result)
        timings = {**{k: v for k, v in timings.items() if v is not None}, "suite": result.timings.get("suite", 0.0)}
        t3 = time.monotonic()
        run = self.timeline.record(result, trigger, timings)
        from .compact import render

        run.timings["verdict"] = round(time.monotonic() - t0, 4)  # from the save being seen to the verdicts
        text = render(run, self.timeline, self.opts.audience, workdirs=self.workdirs)
        run.timings["report"] = round(time.monotonic() - t3, 4)
        self.emit(text)
        if self.on_run is not None:
            self.on_run(self.timeline)
        return run

    def loop(self) -> None:
        """Grade again on every batch of changes until Ctrl-C (KeyboardInterrupt)."""
        assert self._watcher is not None, "start_watching() first"
        while True:
            try:
                batch = self._watcher.changes.get(timeout=1.0)  # a signal interrupts the wait
            except queue.Empty:
                self._watcher.check()
                continue
            paths = set(batch)
            while not self._watcher.changes.empty():  # what was saved meanwhile goes into this run too
                paths |= self._watcher.changes.get_nowait()
            self.apply(collect(self.directory, paths))

    def start_watching(self) -> None:
        """Before the first run: a save made while it runs is not lost, it starts the next one."""
        self._watcher = FolderWatcher(self.directory, self.opts.debounce_ms)

    def wait_until_watching(self) -> None:
        assert self._watcher is not None
        self._watcher.wait_ready()

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
        self.session.close()
        from datetime import datetime

        self.timeline.finished_at = datetime.now(UTC).isoformat(timespec="seconds")


class FolderWatcher:
    """watchfiles on a thread of its own, handing batches of changed paths to the loop through a
    queue: the main thread stays free to grade (and to take Ctrl-C), and a save made while a run is
    under way waits in the queue instead of being missed."""

    def __init__(self, directory: Path, debounce_ms: int) -> None:
        self.directory = directory
        self.debounce_ms = debounce_ms
        self.changes: queue.Queue[set[str]] = queue.Queue()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="folder-watcher", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import watchfiles

        ms = self.debounce_ms
        try:
            for raw in watchfiles.watch(
                self.directory, watch_filter=lambda _change, path: not ignored(_rel(self.directory, path)),
                # step: quiet time after the last event before a batch is handed over (an editor's
                # save is several events within a few ms); debounce: the longest a batch may grow.
                # yield_on_timeout: the first (empty) batch says the watcher is set up
                step=ms, debounce=max(1600, ms * 4), stop_event=self._stop, raise_interrupt=False,
                rust_timeout=200, yield_on_timeout=True,
            ):
                self._ready.set()
                if raw:
                    self.changes.put({path for _change, path in raw})
        except BaseException as exc:  # noqa: BLE001 - handed to the loop's thread
            self._error = exc
        finally:
            self._ready.set()

    def wait_ready(self, timeout: float = 30.0) -> None:
        self._ready.wait(timeout)
        self.check()

    def check(self) -> None:
        if self._error is not None:
            raise GraderError(f"watching {self.directory} failed: {self._error}",
                              hint="is the folder still there? start `grade watch` again")
        if not self._thread.is_alive() and not self._stop.is_set():
            raise GraderError(f"watching {self.directory} stopped")

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5.0)


def _rel(root: Path, path: str) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return os.path.basename(path)
