"""The local sandbox: the server as a child process in its own process group on a free port.

NOT isolated: the submission runs as the grader's user, with the grader's filesystem and network.
It is the fast path for candidates iterating on their own code and the fallback where no Docker
engine runs. What it still contains: a wall-clock limit, the output cap, and killing the whole
process group on every exit path.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from .. import paths
from ..errors import SubmissionError
from ..submission import Submission
from .base import ExitInfo, OnThisHost, parse_proc_net_tcp, remove_files, write_files
from .staging import stage

# Variables passed through from the grader's environment; everything else is withheld.
PASSTHROUGH = ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT", "SSL_CERT_FILE")


class LocalSandbox(OnThisHost):
    name = "local"
    isolated = False

    def __init__(self, submission: Submission, **kw) -> None:
        _check_type_stripping(submission)  # before a temporary folder exists
        owner = os.environ.get("GRADER_OWNER", "")
        super().__init__(submission, tmp_prefix=f"grader-local-{owner}{'-' if owner else ''}", **kw)
        self.workdir = self._tmp / "work"
        self.stage_report = stage(submission.path, self.workdir)
        # ES modules ignore NODE_PATH: a bare `import 'express'` walks up from the work dir, and
        # finds the curated packages here, beside it (a submission's own node_modules comes first)
        if paths.local_node_modules().is_dir():
            (self._tmp / "node_modules").symlink_to(paths.local_node_modules(), target_is_directory=True)
        self._proc: subprocess.Popen[bytes] | None = None

    def dependency_installer(self):
        from .. import deps

        return deps.local_runtime_id(), deps.install_locally

    def use_deps(self, layer) -> None:
        super().use_deps(layer)
        link = self.workdir / "node_modules"
        if layer.track == "node" and not link.exists():  # a shipped node_modules wins (deps.plan)
            link.symlink_to(layer.path, target_is_directory=True)

    def start(
        self, env: dict[str, str], files: dict[str, str | bytes] | None = None, remove: list[str] | None = None
    ) -> None:
        self.stop()
        remove_files(self.workdir, remove or [])
        write_files(self.workdir, files)
        full_env = {k: os.environ[k] for k in PASSTHROUGH if k in os.environ}
        full_env.update(
            HOME=str(self._tmp),
            NODE_PATH=str(paths.local_node_modules()),
            PYTHONUNBUFFERED="1",
            PYTHONDONTWRITEBYTECODE="1",
            # uvicorn trusts X-Forwarded-For from loopback peers by default, and here the grader
            # is one: the server would see the header's address as request.client, where in a
            # container (the grader behind the network's gateway) it sees the peer. Trust none
            # (a documentation address, never a peer), so both sandboxes give one verdict.
            FORWARDED_ALLOW_IPS="192.0.2.1",
        )
        full_env.update(self.submission.env)  # `NAME=value node app.js` defaults; the grader's env wins
        if self.deps is not None and self.deps.track == "python":
            full_env["PYTHONPATH"] = str(self.deps.path)  # before the grader's curated site-packages
        full_env.update(env)
        cmd = self.submission.command(python=sys.executable, node=shutil.which("node") or "node",
                                      port=full_env.get("PORT", ""))
        self._proc = subprocess.Popen(
            cmd,
            cwd=self.workdir,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: killed with everything it spawns
        )
        self.output.pump(self._proc.stdout)  # type: ignore[arg-type]

    def exit_info(self) -> ExitInfo | None:
        if self._proc is None:
            return None
        code = self._proc.poll()
        if code is None:
            return None
        # a negative code is a signal; report it the way shells (and docker) do
        return ExitInfo(code=128 - code if code < 0 else code)

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        for sig, wait in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # children that left the group are out of reach; the group itself is gone
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.output.drain(1.0)  # read what the server wrote before it went (its last words)
        if proc.stdout:
            proc.stdout.close()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def owns_port(self, port: int) -> bool:
        found = self.listening()
        return True if found is None else any(p == port for _, p in found)

    def read_file(self, relpath: str) -> bytes:
        target = (self.workdir / relpath).resolve()
        if self.workdir.resolve() not in target.parents:
            raise FileNotFoundError(relpath)
        return target.read_bytes()

    def listening(self) -> list[tuple[str, int]] | None:
        """Ports that the server's process group listens on (Linux only)."""
        if self._proc is None or not sys.platform.startswith("linux"):
            return None
        inodes: set[str] = set()
        for pid in _group_pids(self._proc.pid):
            try:
                for fd in os.listdir(f"/proc/{pid}/fd"):
                    link = os.readlink(f"/proc/{pid}/fd/{fd}")
                    if link.startswith("socket:["):
                        inodes.add(link[8:-1])
            except OSError:
                continue
        out = []
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                lines = Path(table).read_text().splitlines()
            except OSError:
                continue
            mine = [ln for ln in lines[1:] if len(ln.split()) > 9 and ln.split()[9] in inodes]
            out += parse_proc_net_tcp("\n".join(mine))
        return out


def _check_type_stripping(submission: Submission) -> None:
    """TypeScript runs with Node's type stripping (22.6+); an older local node cannot run it."""
    if "--experimental-strip-types" not in submission.args:
        return
    node = shutil.which("node") or "node"
    try:
        version = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
        major, minor = (int(x) for x in version.lstrip("v").split(".")[:2])
    except (OSError, ValueError, subprocess.SubprocessError):
        return  # let node itself say what is wrong
    if (major, minor) < (22, 6):
        raise SubmissionError(
            f"{submission.entry} is TypeScript, which needs Node 22.6+ (type stripping); this machine's node is {version}",
            hint="grade it with --sandbox docker (the image has Node 22), or compile it to JavaScript",
        )


def _group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getpgid(int(entry)) == pgid:
                    pids.append(int(entry))
            except OSError:
                continue
    return pids
