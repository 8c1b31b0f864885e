"""The Docker sandbox: one container per grading, from the runtime image, locked down. A restart
is done in place by the container's supervisor (runtime/supervise); a new container only when
the old one is gone.

Policy (see README, "Sandbox"): non-root user, read-only root, a size-limited tmpfs work dir that
receives a copy of the submission, memory/CPU/process limits, all capabilities dropped,
no-new-privileges, one shared `internal` network without inter-container traffic (no egress;
only the grader reaches a sandbox; sandboxes cannot reach each other),
a capped log. Everything created carries the `live-grader` label so that `grade cleanup` finds
leftovers of a grader that was killed outright; `close()` removes everything on every exit path.
"""

from __future__ import annotations

import base64
import io
import json
import os
import random
import shutil
import tarfile
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from ..submission import Submission
from . import hostguard, image
from .base import ExitInfo, Sandbox, parse_proc_net_tcp, remove_files, write_files
from .control import ControlChannel
from .engine import LABEL, client, failing_as, kill_container, labelled, labels, remove_by_id, remove_container
from .network import shared_network
from .staging import stage

UID = 10001
CONTROL_UID = 10002  # runs the restart client: another uid, so the supervisor's kill(-1) spares it
SUPERVISOR = "/opt/grader/supervise"
SERVER_ENV_KEYS = "GRADER_SERVER_ENV_KEYS"  # tells the supervisor which variables are the grader's
INSPECT_EVERY = 0.5  # seconds between engine inspects while the server's log stream is open


class DockerSandbox(Sandbox):
    name = "docker"
    isolated = True

    def __init__(
        self,
        submission: Submission,
        *,
        memory_mb: int = 256,
        cpus: float = 1.0,
        pids: int = 128,
        workdir_mb: int = 64,
        **kw,
    ) -> None:
        super().__init__(submission, memory_mb=memory_mb, **kw)
        self.client = client()
        self.image = image.require(self.client)
        self.run_id = uuid.uuid4().hex[:12]
        self.cpus, self.pids, self.workdir_mb = cpus, pids, workdir_mb
        self._tmp = Path(tempfile.mkdtemp(prefix="grader-docker-"))
        self._closed = False
        self.container: Any = None  # docker.models.containers.Container (the SDK has no types)
        self._log_pump: threading.Thread | None = None  # reads the current container's log stream
        self._inspected = 0.0  # when exit_info last asked the engine
        self.network: Any = None
        self._host = "0.0.0.0"
        self._starts = 0
        self._removals: list[threading.Thread] = []
        self.pod: tuple[Any, str] | None = None  # (container, address): the run's services pod whose network this server joins
        self._control: ControlChannel | None = None  # the supervisor's control connection (no exec per restart)
        self.warning = hostguard.ensure()
        try:
            self.staging = self._tmp / "submission"
            self.stage_report = stage(submission.path, self.staging)
            self.network = shared_network(self.client)
        except BaseException:
            self.close()
            raise

    @property
    def host(self) -> str:
        return self._host

    data_dir_in_server = "/data"

    @property
    def data_dir(self) -> Path:
        path = self._tmp / "data"
        path.mkdir(exist_ok=True)
        path.chmod(0o755)
        return path

    def pick_port(self) -> int:
        return random.randint(4000, 60000)

    def dependency_installer(self):
        from .install import DockerInstaller

        return self.image, DockerInstaller(self.client, self.image)

    def _deps_mounts(self) -> tuple[dict, dict[str, str]]:
        """The installed layer, read-only: /work/node_modules (found before the curated
        /node_modules), or /deps/python first on PYTHONPATH (before the curated venv)."""
        if self.deps is None:
            return {}, {}
        if self.deps.track == "node":
            return {str(self.deps.path): {"bind": "/work/node_modules", "mode": "ro"}}, {}
        return {str(self.deps.path): {"bind": "/deps/python", "mode": "ro"}}, {"PYTHONPATH": "/deps/python"}

    def start(
        self, env: dict[str, str], files: dict[str, str | bytes] | None = None, remove: list[str] | None = None
    ) -> None:
        from docker.types import LogConfig

        if self._restart_in_place(env, files, remove):
            return
        self._keep_workdir()
        self._stop_in_background()  # the old container goes while the new one is created
        remove_files(self.staging, remove or [])
        write_files(self.staging, files)
        self._starts += 1
        deps_volumes, deps_env = self._deps_mounts()
        if self._control is not None:
            self._control.close()
        self._control = ControlChannel.listen(self._tmp / f"control-{self._starts}")
        # in a pod the server shares the services' network namespace (grader/services/pod.py):
        # it reaches them at 127.0.0.1 and is reached at the pod's address; a hostname cannot be
        # set in another container's namespace
        net = ({"network_mode": f"container:{self.pod[0].id}"} if self.pod
               else {"network": self.network.name, "hostname": "sandbox"})
        with failing_as("could not start the sandbox container"):
            self.container = self.client.containers.run(
                self.image,
                command=self.submission.command(python="python", node="node"),
                name=f"grader-{self.run_id}-{self._starts}",
                detach=True,
                user=f"{UID}:{UID}",
                read_only=True,
                tmpfs={
                    "/work": f"rw,exec,size={self.workdir_mb}m,uid={UID},gid={UID},mode=0700",
                    "/tmp": "rw,noexec,size=16m,mode=1777",
                },
                volumes={
                    str(self.staging): {"bind": "/submission", "mode": "ro"},
                    str(self.data_dir): {"bind": self.data_dir_in_server, "mode": "ro"},
                    **({str(self._control.directory): {"bind": "/control", "mode": "ro"}} if self._control else {}),
                    **deps_volumes,
                },
                working_dir="/work",
                # the start command's `NAME=value` defaults sit beside the image's environment:
                # the supervisor keeps them across restarts, and the grader's env wins
                environment={**deps_env, **self.submission.env, **env, SERVER_ENV_KEYS: ",".join(env)},
                mem_limit=f"{self.memory_mb}m",
                memswap_limit=f"{self.memory_mb}m",
                nano_cpus=int(self.cpus * 1e9),
                pids_limit=self.pids,
                cap_drop=["ALL"],
                security_opt=["no-new-privileges"],
                init=True,
                labels=labels(self.run_id),
                log_config=LogConfig(type="json-file", config={"max-size": "2m", "max-file": "1"}),
                **net,
            )
            if self.pod:
                self._host = self.pod[1]
            else:
                self.container.reload()
                self._host = self.container.attrs["NetworkSettings"]["Networks"][self.network.name]["IPAddress"]
        self._log_pump = self.output.pump(self.container.logs(stream=True, follow=True))

    def _restart_in_place(
        self, env: dict[str, str], files: dict[str, str | bytes] | None, remove: list[str] | None
    ) -> bool:
        """Restart the server inside the running container (runtime/supervise): one exec instead
        of a new container. False when that is not possible (no container, it exited, the
        supervisor could not clear the old processes): the caller then starts a new container."""
        import docker.errors

        if self.container is None or self.exit_info() is not None:
            return False
        payload = json.dumps({
            "env": env,
            "files": {rel: base64.b64encode(c.encode() if isinstance(c, str) else c).decode()
                      for rel, c in (files or {}).items()},
            "remove": list(remove or []),
        })
        if self._control is not None:
            answer = self._control.request(payload)
            if answer is not None:
                return answer.startswith(b"ok")
            self._control = None  # broken or never connected: docker exec from now on
        if len(payload) > 100_000:  # one exec argument; bigger file sets take the container path
            return False
        try:
            res = self.container.exec_run([SUPERVISOR, "--restart", payload], user=f"{CONTROL_UID}:{CONTROL_UID}")
        except docker.errors.APIError:
            return False
        return res.exit_code == 0 and (res.output or b"").startswith(b"ok")

    def restage(self) -> None:
        """The next new container starts from the submission folder as it is now, not from the copy
        made at the start (`grade watch` after a crash: the files synced into the dead container
        went with it)."""
        fresh = self._tmp / "submission.next"
        shutil.rmtree(fresh, ignore_errors=True)
        self.stage_report = stage(self.submission.path, fresh)
        shutil.rmtree(self.staging, ignore_errors=True)
        fresh.rename(self.staging)

    def _keep_workdir(self) -> None:
        """Before a restart, carry the work dir over (a restarted server keeps its files, as in
        the local sandbox). docker's archive API cannot read a tmpfs, so tar runs inside; the
        archive is untrusted and is unpacked with the 'data' filter (no links or paths outside,
        no devices, no setuid bits)."""
        if self.container is None or self.exit_info() is not None:
            return
        try:
            # the installed layer is a mount, not the server's files: the next container mounts it again
            skip = ["--exclude=./node_modules"] if self.deps is not None and self.deps.track == "node" else []
            res = self.container.exec_run(["tar", "-C", "/work", *skip, "-cf", "-", "."], user=f"{UID}:{UID}", demux=True)
        except Exception:  # noqa: BLE001 - the container just went away: nothing to keep
            return
        archive = (res.output or (None, None))[0] if res.exit_code == 0 else None
        if not archive:
            return
        fresh = self._tmp / "submission.next"
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(fresh, filter=_safe_member)
        for path in [fresh, *fresh.rglob("*")]:
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
        shutil.rmtree(self.staging)
        fresh.rename(self.staging)

    def poll_exit(self) -> ExitInfo | None:
        # A followed log stream ends when its container stops: while it is open the server runs,
        # and no inspect is needed. Readiness polls every 25 ms (86-119 inspects a grading before
        # this, each ~0.5 ms of dockerd's CPU and ~0.7 ms of the grader's). Still asked every
        # INSPECT_EVERY seconds: a stream the engine fails to end must not hide an exit longer.
        now = time.monotonic()
        if self._log_pump is not None and self._log_pump.is_alive() and now - self._inspected < INSPECT_EVERY:
            return None
        return self.exit_info()

    def exit_info(self) -> ExitInfo | None:
        """Exact: the engine is asked (the log stream can end a moment after the exit, so a check
        that starts right after a crash must not rely on it)."""
        import docker.errors

        if self.container is None:
            return None
        self._inspected = time.monotonic()
        try:
            self.container.reload()
        except docker.errors.NotFound:
            return ExitInfo(code=-1)
        state = self.container.attrs["State"]
        if state.get("Running") or state.get("Status") in ("created", "running", "restarting"):
            return None
        return ExitInfo(code=int(state.get("ExitCode", -1)), oom_killed=bool(state.get("OOMKilled")))

    def _exec(self, cmd: list[str]) -> tuple[int, bytes]:
        import docker.errors

        if self.container is None:
            raise FileNotFoundError("no server is running")
        try:
            res = self.container.exec_run(cmd, user=f"{UID}:{UID}", demux=False)
        except docker.errors.APIError as exc:
            raise FileNotFoundError(f"the sandbox is not running ({exc.explanation or exc})") from None
        return res.exit_code, res.output or b""

    def read_file(self, relpath: str) -> bytes:
        if relpath.startswith("/") or ".." in Path(relpath).parts:
            raise FileNotFoundError(relpath)
        code, out = self._exec(["cat", "--", f"/work/{relpath}"])
        if code != 0:
            raise FileNotFoundError(f"{relpath}: {out.decode(errors='replace').strip()}")
        return out

    def listening(self) -> list[tuple[str, int]] | None:
        if self.exit_info() is not None:
            return None
        try:
            code, out = self._exec(["cat", "/proc/net/tcp", "/proc/net/tcp6"])
        except FileNotFoundError:
            return None
        if code != 0:
            return None
        # 127.0.0.11 is Docker's embedded DNS resolver, present in every container on a user network
        return [(a, p) for a, p in parse_proc_net_tcp(out.decode(errors="replace")) if a != "127.0.0.11"]

    def _stop_in_background(self) -> None:
        container, self.container, self._log_pump = self.container, None, None
        if container is not None:
            thread = threading.Thread(target=remove_container, args=(container,), daemon=True)
            thread.start()
            self._removals.append(thread)

    def stop(self) -> None:
        if self._control is not None:
            self._control.close()
            self._control = None
        container, self.container, self._log_pump = self.container, None, None
        for thread in self._removals:
            thread.join()
        self._removals.clear()
        if container is not None:
            kill_container(container)
            self.output.drain(1.0)  # the log stream ends once the engine has sent all of it
            remove_container(container)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        import docker.errors

        try:
            self.stop()
        finally:
            # also what a Ctrl-C between create and the assignment above could leave behind
            try:
                for row in labelled(self.client, f"{LABEL}.run={self.run_id}"):
                    remove_by_id(self.client, row["Id"])
            except docker.errors.APIError:
                pass
            shutil.rmtree(self._tmp, ignore_errors=True)


def _safe_member(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
    """tarfile's 'data' filter, but a rejected member is skipped instead of ending the extraction."""
    try:
        return tarfile.data_filter(member, dest)
    except tarfile.FilterError:
        return None


