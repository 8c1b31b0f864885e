"""The Docker engine as the grader uses it: the one client, the labels everything it creates
carries, and the removal primitives. The SDK's errors are met here (and in the sandbox's own
calls, which turn them into SandboxError with what was being done): NotFound on a removal means
"already gone", "removal already in progress" means another clean-up is at it.

The SDK is imported inside the functions: a local-sandbox grading never pays for it (~0.1 s).
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import EngineUnavailable, SandboxError

LABEL = "live-grader"


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


@contextmanager
def failing_as(doing: str) -> Iterator[None]:
    """The SDK's errors of a call the grading needs, as the project's: the engine refused it
    (SandboxError naming what was being done, with the engine's explanation), or stopped answering
    (EngineUnavailable). Used where a failure ends the grading; the removal primitives below
    handle "already gone" themselves."""
    import docker.errors
    import requests

    try:
        yield
    except docker.errors.APIError as exc:
        raise SandboxError(f"{doing}: {exc.explanation or exc}") from None
    except (requests.exceptions.ConnectionError, docker.errors.DockerException) as exc:
        raise EngineUnavailable(f"the Docker engine stopped answering while it was asked to {doing.removeprefix('could not ')} "
                                f"({str(exc).splitlines()[0][:160]})", hint="is dockerd still running?") from None


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
        f"{LABEL}.pid-start": start_time(os.getpid()),
        f"{LABEL}.host": socket.gethostname(), f"{LABEL}.owner": os.environ.get("GRADER_OWNER", ""),
    }


def start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (/proc/PID/stat field 22): with the pid
    it names one process for good, so a reused pid is never taken for the grader that died."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def kill_container(container) -> None:
    """Stop the server but keep its container (and log) until the log has been read."""
    import docker.errors

    try:
        container.kill()
    except docker.errors.APIError:
        pass  # already exited, or gone: remove handles both


def remove_container(container) -> None:
    import docker.errors

    try:
        container.remove(force=True)
    except docker.errors.NotFound:
        pass
    except docker.errors.APIError as exc:
        if "already in progress" not in str(exc):
            raise


def remove_network(network, attempts: int = 20) -> bool:
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


def labelled(c, label: str) -> list[dict]:
    """Containers with a label, from ONE engine call: the SDK's containers.list inspects each one
    afterwards and fails when a concurrent grading removes its container in between (seen)."""
    return c.api.containers(all=True, filters={"label": label})


def remove_by_id(c, container_id: str) -> bool:
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
