"""One grading, end to end: resolve, detect, start the sandbox, wait, run the suite, stop, score."""

from __future__ import annotations

import dataclasses
import gc
import importlib
import os
import random
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import __version__, challenges, deps, missing, scoring
from .challenges import Challenge
from .errors import UsageError
from .readiness import NotReady
from .results import CheckResult, RunResult
from .sandbox.base import Sandbox
from .server import Server
from .submission import Submission, detect


@dataclass
class GradeOptions:
    sandbox: str = "auto"  # docker | local | auto
    track: str | None = None
    seed: int | None = None
    public_only: bool = False
    memory_mb: int = 256
    startup_timeout: float | None = None  # overrides challenge.toml's [server] startup_timeout
    offline: bool = False  # never install declared dependencies (also GRADER_OFFLINE=1)
    on_check: Callable[[CheckResult], None] | None = None
    on_start: Callable[[int], None] | None = None
    on_status: Callable[[str], None] | None = None  # progress lines ("starting container ...")
    services: dict[str, str] = field(default_factory=dict)  # kind -> URL of a server the user gives (local)
    warnings: list[str] = field(default_factory=list)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def make_sandbox(kind: str, submission: Submission, challenge: Challenge, opts: GradeOptions) -> Sandbox:
    if kind not in ("docker", "local", "auto"):
        raise UsageError(f"unknown sandbox '{kind}'", hint="use --sandbox docker, local or auto")
    if kind in ("docker", "auto"):
        from .sandbox.docker import DockerSandbox, engine_available

        if kind == "auto" and not engine_available():
            opts.warnings.append(
                "no Docker engine answers: grading in the LOCAL sandbox, which is NOT isolated "
                "(the submission runs as you, with your files and network)"
            )
        else:
            return DockerSandbox(submission, challenge=challenge, memory_mb=opts.memory_mb)
    from .sandbox.local import LocalSandbox

    return LocalSandbox(submission, memory_mb=opts.memory_mb)


def peak_rss_mb() -> float:
    """This process's own peak resident memory. Not ru_maxrss: Linux carries that over an exec from
    the parent that spawned us (vfork shares its memory map), so a grading started by a 257 MB test
    worker reported 256.9 MB whatever it did (seen on CI). VmHWM belongs to the current map."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def offline(opts: GradeOptions) -> bool:
    return opts.offline or os.environ.get("GRADER_OFFLINE", "") not in ("", "0")


def _with_missing_package(reason: str, sandbox: Sandbox, submission: Submission, opts: GradeOptions) -> str:
    """A server that died on a missing package gets that named first (its stack trace is noise)."""
    why = missing.explain(
        sandbox.output.text(), submission.track, str(getattr(sandbox, "workdir", "/work")),
        offline=offline(opts), declared=set(deps.declared(submission)),
        own_node_modules=(submission.path / "node_modules").is_dir(),
    )
    return f"{why} ({reason})" if why else reason


def _install_dependencies(sandbox: Sandbox, replicas: list[Sandbox], submission: Submission, result: RunResult,
                          opts: GradeOptions, status: Callable[[str], None]) -> str | None:
    """Install what the submission declares (grader.deps), in a step apart from its run. Returns
    why the server cannot start (the verdict is already in the result), or None."""
    if offline(opts):
        return None
    t0 = time.monotonic()
    try:
        plan = deps.plan(submission)
        if plan is not None:
            runtime_id, installer = sandbox.dependency_installer()
            layer = deps.ensure(plan, runtime_id, installer, status=status)
    except deps.InstallFailed as exc:
        result.server.reason = str(exc)
        result.timings["deps"] = round(time.monotonic() - t0, 4)
        return "the server did not start: its dependencies could not be installed (see the run's verdict)"
    if plan is None:
        return None
    result.timings["deps"] = round(time.monotonic() - t0, 4)
    for each in (sandbox, *replicas):  # every replica runs the same code with the same packages
        each.use_deps(layer)
    result.dependencies = layer.summary()
    status(f"dependencies: {', '.join(layer.packages)} ({'from the cache' if layer.source == 'cache' else 'installed'}"
           f", {layer.seconds:.2f}s)")
    return None


def start_services(challenge: Challenge, opts: GradeOptions, status):
    """Start the challenge's services where the sandbox will run, in the background (the caller
    takes them with .result() once its sandboxes exist, or .abandon()s them)."""
    from . import services as services_pkg

    kind = opts.sandbox
    if kind == "auto":
        from .sandbox.docker import engine_available

        kind = "docker" if engine_available() else "local"
    if kind not in ("docker", "local"):
        raise UsageError(f"unknown sandbox '{kind}'", hint="use --sandbox docker, local or auto")
    if opts.services and kind == "docker":
        raise UsageError("--service is for the local sandbox: in Docker every service runs in the grading's own pod",
                         hint="drop --service, or add --sandbox local")
    status(f"starting the services ({', '.join(s.name for s in challenge.services)})")
    return services_pkg.BackgroundStart(challenge, kind, opts.services)


def grade(challenge_id: str | Challenge, submission_path: Path, opts: GradeOptions | None = None) -> RunResult:
    opts = opts or GradeOptions()
    # pytest, httpx and the suite plugin take ~0.2 s to import: that happens on a thread while the
    # container starts (the engine's work leaves the interpreter free), not before, where it would
    # slow down importing the docker SDK, which the container start waits for
    preload = threading.Thread(target=importlib.import_module, args=("grader.suite",), daemon=True)
    status = opts.on_status or (lambda _msg: None)
    challenge = challenge_id if isinstance(challenge_id, Challenge) else challenges.get(challenge_id)
    if opts.startup_timeout is not None:
        challenge = dataclasses.replace(
            challenge, server=dataclasses.replace(challenge.server, startup_timeout=opts.startup_timeout)
        )
    submission = detect(submission_path, opts.track)
    if submission.track not in challenge.tracks:
        raise UsageError(f"{challenge.id} has no {submission.track} track")
    seed = opts.seed if opts.seed is not None else random.SystemRandom().randrange(1, 2**31)
    result = RunResult(
        challenge=challenge.id, title=challenge.title, track=submission.track, sandbox="?",
        seed=seed, submission=str(submission_path), started_at=_now(), public_only=opts.public_only,
    )
    t0 = time.monotonic()
    sandbox: Sandbox | None = None
    replicas: list[Sandbox] = []
    services = None
    starting = None  # the services' background start, until taken
    # what is allocated until the suite starts is imports and the sandbox, all long-lived: no
    # garbage collection until then (~25 ms of collections that find nothing)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if challenge.services:
            starting = start_services(challenge, opts, status)
        status(f"preparing the {opts.sandbox} sandbox")
        sandbox = make_sandbox(opts.sandbox, submission, challenge, opts)
        result.sandbox, result.isolated = sandbox.name, sandbox.isolated
        if getattr(sandbox, "warning", None):
            opts.warnings.append(sandbox.warning)
        for _ in range(challenge.server.replicas - 1):
            replicas.append(make_sandbox(sandbox.name, submission, challenge, opts))
        result.timings["prepare"] = round(time.monotonic() - t0, 4)
        preload.start()
        if starting is not None:
            services = starting.result()
            if services.pod is not None:  # the Docker servers join the services' network namespace
                for sb in (sandbox, *replicas):
                    sb.pod = services.pod
            # the services' own start; in Docker it overlaps `prepare`, locally it precedes it
            result.timings["services"] = starting.elapsed
            result.services = services.describe()
        server = Server(sandbox, challenge, services=services, replicas=replicas)
        if challenge.data:
            status("generating the challenge's data files")
            server.prepare_data(seed)
        unavailable = _install_dependencies(sandbox, replicas, submission, result, opts, status)
        t1 = time.monotonic()
        if not unavailable:
            status(f"starting the {submission.track} server ({' '.join(submission.command())})")
        try:
            if not unavailable:
                server.start()
        except NotReady as exc:
            # the reason is said once, at run level; each check only says it did not run
            unavailable = "the server did not start (see the run's verdict)"
            result.server.reason = _with_missing_package(str(exc), sandbox, submission, opts)
        result.timings["startup"] = round(time.monotonic() - t1, 4)
        t2 = time.monotonic()
        preload.join()
        from .suite import run_suite

        # the ~45k objects of the imports (pytest, docker, httpx) are not garbage: without this
        # the collector walks them in every full collection (66-84 ms a grading, measured)
        gc.freeze()
        if gc_was_enabled:
            gc.enable()

        result.checks = run_suite(
            challenge, None if unavailable else server, seed=seed, public_only=opts.public_only,
            unavailable=unavailable, on_check=opts.on_check, on_start=opts.on_start,
        )
        result.timings["suite"] = round(time.monotonic() - t2, 4)
        # the last checks' connections failing is how a crash often shows first: wait for the exit
        lost = any(c.status in ("fail", "error") and "the connection failed" in c.message for c in result.checks[-2:])
        if not unavailable and (gone := server.settle(2.0) if lost else server.gone()):
            result.server.reason = _with_missing_package(f"{gone} during the checks", sandbox, submission, opts)
        info = sandbox.exit_info()
        result.server.exit_code = info.code if info else None
    finally:
        gc.unfreeze()
        if gc_was_enabled:
            gc.enable()
        t3 = time.monotonic()
        if starting is not None:  # an exit before the services were taken: remove what started
            starting.abandon()  # (nothing once result() handed them over)
        for replica in replicas:
            replica.close()
        if sandbox is not None:
            sandbox.close()
            result.server.log_tail = sandbox.output.tail(8000)
            result.server.log_truncated = sandbox.output.truncated
        if services is not None:
            services.close()  # after the servers: none of them outlives its database
        result.timings["teardown"] = round(time.monotonic() - t3, 4)
        result.timings["total"] = round(time.monotonic() - t0, 4)
        result.finished_at = _now()
        result.grader = {"version": __version__, "peak_rss_mb": peak_rss_mb()}
    return scoring.finalise(result)

