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
import fcntl
import io
import json
import os
import random
import shutil
import socket
import tarfile
import tempfile
import threading
import time
import uuid
from pathlib import Path

from ..challenges import Challenge
from ..errors import EngineUnavailable, SandboxError
from ..submission import Submission
from . import hostguard, image
from .base import ExitInfo, Sandbox, parse_proc_net_tcp, remove_files, write_files
from .staging import stage

LABEL = "live-grader"
UID = 10001
CONTROL_UID = 10002  # runs the restart client: another uid, so the supervisor's kill(-1) spares it
SUPERVISOR = "/opt/grader/supervise"
SERVER_ENV_KEYS = "GRADER_SERVER_ENV_KEYS"  # tells the supervisor which variables are the grader's


def client(timeout: int = 60):
    import docker
    import docker.errors

    try:
        c = docker.from_env(timeout=timeout)
        c.ping()
        return c
    except docker.errors.DockerException as exc:
        raise EngineUnavailable(
            f"no Docker engine answers ({str(exc).splitlines()[0][:160]})",
            hint="start one (e.g. `dockerd &`, see README) or use --sandbox local",
        ) from None


def engine_available() -> bool:
    try:
        client(timeout=3)
        return True
    except EngineUnavailable:
        return False


def labels(run_id: str) -> dict[str, str]:
    # owner: set by whoever runs many gradings (the test suite) to find its own leftovers
    return {
        LABEL: "1", f"{LABEL}.run": run_id, f"{LABEL}.pid": str(os.getpid()),
        f"{LABEL}.pid-start": _start_time(os.getpid()),
        f"{LABEL}.host": socket.gethostname(), f"{LABEL}.owner": os.environ.get("GRADER_OWNER", ""),
    }


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (/proc/PID/stat field 22): with the pid
    it names one process for good, so a reused pid is never taken for the grader that died."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


class DockerSandbox(Sandbox):
    name = "docker"
    isolated = True

    def __init__(
        self,
        submission: Submission,
        *,
        challenge: Challenge | None = None,
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
        self.container = None
        self.network = None
        self._host = "0.0.0.0"
        self._starts = 0
        self._removals: list[threading.Thread] = []
        self.pod = None  # (container, address): the run's services pod whose network this server joins
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
        import docker.errors
        from docker.types import LogConfig

        if self._restart_in_place(env, files, remove):
            return
        self._keep_workdir()
        self._stop_in_background()  # the old container goes while the new one is created
        remove_files(self.staging, remove or [])
        write_files(self.staging, files)
        self._starts += 1
        deps_volumes, deps_env = self._deps_mounts()
        # in a pod the server shares the services' network namespace (grader/services/pod.py):
        # it reaches them at 127.0.0.1 and is reached at the pod's address; a hostname cannot be
        # set in another container's namespace
        net = ({"network_mode": f"container:{self.pod[0].id}"} if self.pod
               else {"network": self.network.name, "hostname": "sandbox"})
        try:
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
        except docker.errors.APIError as exc:
            raise SandboxError(f"could not start the sandbox container: {exc.explanation or exc}") from None
        self.output.pump(self.container.logs(stream=True, follow=True))

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
        if len(payload) > 100_000:  # one exec argument; bigger file sets take the container path
            return False
        try:
            res = self.container.exec_run([SUPERVISOR, "--restart", payload], user=f"{CONTROL_UID}:{CONTROL_UID}")
        except docker.errors.APIError:
            return False
        return res.exit_code == 0 and (res.output or b"").startswith(b"ok")

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

    def exit_info(self) -> ExitInfo | None:
        import docker.errors

        if self.container is None:
            return None
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
        container, self.container = self.container, None
        if container is not None:
            thread = threading.Thread(target=_remove_container, args=(container,), daemon=True)
            thread.start()
            self._removals.append(thread)

    def stop(self) -> None:
        container, self.container = self.container, None
        for thread in self._removals:
            thread.join()
        self._removals.clear()
        if container is not None:
            _kill_container(container)
            self.output.drain(1.0)  # the log stream ends once the engine has sent all of it
            _remove_container(container)

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
                for row in _labelled(self.client, f"{LABEL}.run={self.run_id}"):
                    _remove_by_id(self.client, row["Id"])
            except docker.errors.APIError:
                pass
            shutil.rmtree(self._tmp, ignore_errors=True)


SHARED_NETWORK = "live-grader-sandbox"


def shared_network(client):
    """The one `internal` network every sandbox joins: no route out, and inter-container traffic
    disabled (enable_icc=false: checked, packets between two sandboxes are dropped), so concurrent
    submissions cannot reach each other. One network instead of one per run saves the engine's
    network set-up and tear-down (iptables work) on every grading. Its bridge is `lgshared`, under
    the host firewall rule of hostguard. Created on first use; a host-wide lock keeps two graders
    from creating it twice."""
    import docker.errors

    def find():
        for n in client.networks.list(names=[SHARED_NETWORK]):
            if n.name == SHARED_NETWORK:
                return n
        return None

    lock_path = Path(tempfile.gettempdir()) / "live-grader-network.lock"
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            network = find()
            if network is None:
                try:
                    network = client.networks.create(
                        SHARED_NETWORK, driver="bridge", internal=True,
                        labels={LABEL: "1", f"{LABEL}.shared": "1"},
                        options={"com.docker.network.bridge.name": f"{hostguard.BRIDGE_PREFIX}shared",
                                 "com.docker.network.bridge.enable_icc": "false"},
                    )
                except docker.errors.APIError:
                    network = find()  # another engine user made it meanwhile
                    if network is None:
                        raise
            return network
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _kill_container(container) -> None:
    """Stop the server but keep its container (and log) until the log has been read."""
    import docker.errors

    try:
        container.kill()
    except docker.errors.APIError:
        pass  # already exited, or gone: remove handles both


def _remove_container(container) -> None:
    import docker.errors

    try:
        container.remove(force=True)
    except docker.errors.NotFound:
        pass
    except docker.errors.APIError as exc:
        if "already in progress" not in str(exc):
            raise


def _safe_member(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
    """tarfile's 'data' filter, but a rejected member is skipped instead of ending the extraction."""
    try:
        return tarfile.data_filter(member, dest)
    except tarfile.FilterError:
        return None


def _remove_network(network, attempts: int = 20) -> bool:
    """Remove a network; the engine may still be detaching a just-removed container's endpoint."""
    import docker.errors

    for _ in range(attempts):
        try:
            network.remove()
            return True
        except docker.errors.NotFound:
            return True
        except docker.errors.APIError as exc:
            if "active endpoints" not in str(exc):
                return False
            time.sleep(0.1)
    return False


def _owner_alive(labels_: dict[str, str]) -> bool:
    """Is the grader process that created this still running (on this host)?"""
    if labels_.get(f"{LABEL}.host") != socket.gethostname():
        return True  # another machine's engine user: not ours to judge
    try:
        pid = int(labels_.get(f"{LABEL}.pid", ""))
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (ValueError, OSError):
        return False
    if started := labels_.get(f"{LABEL}.pid-start"):
        # exact: also a test process or a library user driving the sandbox (no 'grade' in its argv)
        return _start_time(pid) == started
    return b"grader" in cmdline or b"grade" in cmdline  # labels of an older grader


def _labelled(c, label: str) -> list[dict]:
    """Containers with a label, from ONE engine call: the SDK's containers.list inspects each one
    afterwards and fails when a concurrent grading removes its container in between (seen)."""
    return c.api.containers(all=True, filters={"label": label})


def _remove_by_id(c, container_id: str) -> bool:
    """Force-remove a container; False when it was already gone (another grader's clean-up)."""
    import docker.errors

    try:
        c.api.remove_container(container_id, force=True)
        return True
    except docker.errors.NotFound:
        return False
    except docker.errors.APIError as exc:
        if "already in progress" not in str(exc):
            raise
    # another clean-up is removing it: wait, so that a clean-up that returned has really cleaned up
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            c.api.inspect_container(container_id)
        except docker.errors.NotFound:
            break
        time.sleep(0.1)
    return False


def cleanup_leftovers(everything: bool = False) -> tuple[int, int]:
    """Remove labelled containers and networks whose grader process is gone (all with everything)."""
    c = client()
    containers = networks = 0
    for row in _labelled(c, LABEL):
        if not everything and _owner_alive(row.get("Labels") or {}):
            continue
        containers += _remove_by_id(c, row["Id"])
    for network in c.networks.list(filters={"label": LABEL}):
        shared = network.name == SHARED_NETWORK
        if not everything and (shared or _owner_alive(network.attrs.get("Labels") or {})):
            continue
        if _remove_network(network, attempts=1 if shared else 20):  # in use: left alone
            networks += 1
    return containers, networks


def remove_own(pid: int | None = None) -> int:
    """Remove what this grader process (or `pid`) created, through a fresh engine connection: the
    last resort of an interrupted grading whose own clean-up is stuck (see cli._watchdog)."""
    pid = os.getpid() if pid is None else pid
    c = client(timeout=10)
    removed = 0
    for row in _labelled(c, f"{LABEL}.pid={pid}"):
        if (row.get("Labels") or {}).get(f"{LABEL}.pid-start") == _start_time(pid):
            removed += _remove_by_id(c, row["Id"])
    for network in c.networks.list(filters={"label": f"{LABEL}.pid={pid}"}):
        if network.name != SHARED_NETWORK:
            _remove_network(network, attempts=5)
    return removed


def leftovers() -> tuple[list[str], list[str]]:
    c = client()
    return (
        [row["Names"][0].lstrip("/") for row in _labelled(c, LABEL)],
        [n.name for n in c.networks.list(filters={"label": LABEL})],
    )
