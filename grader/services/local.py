"""The local sandbox's services: each a child process in its own process group on a free port of
127.0.0.1, or a server the user gave (`--service KIND=URL`). Everything started is killed and
its directory removed on every exit path (close() is idempotent and runs from run.py's finally).
NOT isolated, like the local sandbox itself: any local process can reach these ports."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from ..challenges import Challenge
from ..errors import ServiceUnavailable, UsageError
from ..sandbox.base import free_port
from ..sandbox.output import OutputBuffer
from .base import Endpoint, ServiceNotReady
from .kinds import KINDS
from .set import ServiceSet

GIVEABLE = ("postgres", "redis", "mongo")
START_TIMEOUT = 30.0


def parse_given(values: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`--service postgres=postgresql://...` options -> {kind: url}."""
    out: dict[str, str] = {}
    for value in values:
        kind, sep, url = value.partition("=")
        if not sep or kind not in GIVEABLE or "://" not in url:
            raise UsageError(f"--service {value!r}: expected KIND=URL with KIND one of {', '.join(GIVEABLE)}",
                             hint="e.g. --service postgres=postgresql://postgres:secret@localhost:5432/postgres")
        out[kind] = url
    return out


class LocalServices(ServiceSet):
    sandbox = "local"

    def __init__(self, challenge: Challenge, given: dict[str, str] | None = None) -> None:
        super().__init__(challenge)
        self.given = given or {}
        self.run_id = uuid.uuid4().hex[:12]
        owner = os.environ.get("GRADER_OWNER", "")
        # the same prefix as the local sandbox's, so the test suite's leftover check sees these too
        # in RAM where there is a /dev/shm: a database copied in and thrown away after one grading
        # never needs a disk (copy and removal of PostgreSQL's cluster: ~0.2 s there, ~1-2 s on disk)
        shm = Path("/dev/shm")
        where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
        self._tmp = Path(tempfile.mkdtemp(prefix=f"grader-local-{owner}{'-' if owner else ''}svc-", dir=where))
        self._tmp.chmod(0o755)  # a PostgreSQL run as the `postgres` user (grader is root) must enter
        self.procs: list[subprocess.Popen] = []
        self.outputs: dict[str, OutputBuffer] = {}
        self.adopted: list[Endpoint] = []
        self._closed = False

    def start(self) -> None:
        t0 = time.monotonic()
        pending: list[tuple[Endpoint, subprocess.Popen]] = []
        for spec in self.challenge.services:
            kind = KINDS[spec.kind]
            ep = Endpoint(spec, host="127.0.0.1", port=0, server_host="127.0.0.1", secret=secrets.token_urlsafe(24),
                          database=kind.database)
            self.endpoints.append(ep)
            if spec.kind in self.given:
                ep.url_override = self.given[spec.kind]
                kind.adopt(ep, self.run_id)
                self.adopted.append(ep)
                continue
            ep.port = free_port()
            ep.control_port = free_port() if kind.has_control else None
            workdir = self._tmp / spec.name
            workdir.mkdir(mode=0o755)
            try:
                kind.local_prepare(ep, workdir)
                cmd = kind.local_command(ep, workdir)
            except ServiceUnavailable as exc:
                raise ServiceUnavailable(f"{self.challenge.id} {exc.message.removeprefix('challenge ')}",
                                         hint=exc.hint) from None
            env = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL", "SSL_CERT_FILE") if k in os.environ}
            env.update(GRADER_SERVICE_SECRET=ep.secret, HOME=str(workdir), TMPDIR=str(workdir), PYTHONUNBUFFERED="1")
            proc = subprocess.Popen(cmd, cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, start_new_session=True, user=ep.extra.get("user"),
                                    preexec_fn=_die_with_parent)
            self.procs.append(proc)
            self.outputs[spec.name] = out = OutputBuffer(64 * 1024)
            out.pump(proc.stdout)
            pending.append((ep, proc))
        for ep, proc in pending:
            started = time.monotonic()
            try:
                KINDS[ep.spec.kind].wait(ep, started + START_TIMEOUT, lambda p=proc: p.poll() is None)
            except ServiceNotReady as exc:
                tail = self.outputs[ep.spec.name].tail(300).strip().replace("\n", " | ")
                raise ServiceUnavailable(f"the local {ep.spec.kind} did not start: {exc}{': ' + tail if tail else ''}",
                                         hint="grade it in Docker (--sandbox docker) or give the service with --service KIND=URL") from None
            self.timings[ep.spec.name] = round(time.monotonic() - started, 4)
        self.timings["ready"] = round(time.monotonic() - t0, 4)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        super().close()
        for proc in self.procs:
            _kill_group(proc)  # the data is thrown away: no graceful shutdown needed
        for ep in self.adopted:
            KINDS[ep.spec.kind].release(ep)
        shutil.rmtree(self._tmp, ignore_errors=True)


def _die_with_parent() -> None:
    """In the child before exec: the kernel kills it when the grader dies, even by SIGKILL, so no
    database outlives a killed grader (PR_SET_PDEATHSIG, Linux; runs after the setuid to postgres,
    which would clear it). The signal follows the parent *thread*: start local services on a
    thread that lives as long as the grading (services.BackgroundStart does)."""
    if _prctl is not None:
        _prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL


def _load_prctl():
    """libc's prctl, looked up in the parent (nothing is imported between fork and exec)."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_prctl = _load_prctl() if sys.platform.startswith("linux") else None


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    if proc.stdout:
        proc.stdout.close()
