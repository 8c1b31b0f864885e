"""What every service kind has in common: where an instance is reached, and how to wait for it.

A kind is a module (postgres.py, redis.py, ...) holding one `Kind` object: its port in a pod,
how to start it in the services image and as a local process, its wait strategy (like
testcontainers' wait strategies), the environment the candidate's server gets, and the handle
the suite's fixture returns. The runners (pod.py for Docker, local.py) only start and remove.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..challenges import ServiceSpec

# the header the runners' controls require (runners/control.py has the same constant: the runners
# are copied into the services image on their own and cannot import the grader)
SECRET_HEADER = "x-grader-secret"


@dataclass
class Endpoint:
    """A running service instance.

    `host` is where the grader reaches it; `server_host` where the candidate's server does
    (127.0.0.1 inside a Docker pod, where both share one network namespace)."""

    spec: ServiceSpec
    host: str
    port: int
    server_host: str
    control_port: int | None = None
    secret: str = ""
    database: str = ""  # postgres / mongo: the run's database; redis: the db index
    url_override: str | None = None  # a service given by the user (--service KIND=URL)
    extra: dict = field(default_factory=dict)


class Kind:
    """Overridden per kind; the defaults suit a service with one TCP port and no controls."""

    kind = "?"
    pod_port = 0
    has_control = False
    memory_mb = 128
    tmpfs: dict[str, str] = {}
    database = ""  # the database a fresh instance serves (postgres, mongo)
    server_name = "?"  # which server plays the kind (the result says so)

    def docker_command(self, ep: Endpoint, app_in_container: str | None) -> list[str]:
        raise NotImplementedError

    def local_command(self, ep: Endpoint, workdir: Path) -> list[str]:
        """The local process's argv; raises ServiceUnavailable when the binary is missing."""
        raise NotImplementedError

    def local_prepare(self, ep: Endpoint, workdir: Path) -> None:
        """Anything before the local process starts (a data directory)."""

    def wait(self, ep: Endpoint, deadline: float, alive) -> None:
        """Block until the service answers; `alive()` is False once its process/container ended."""
        wait_tcp(ep.host, ep.port, deadline, alive, self.kind)

    def server_env(self, ep: Endpoint) -> dict[str, str]:
        raise NotImplementedError

    def handle(self, ep: Endpoint):
        """What the suite's fixture gets."""
        raise NotImplementedError

    def close_handle(self, handle) -> None:
        handle.close()


class ServiceNotReady(Exception):
    pass


def wait_tcp(host: str, port: int, deadline: float, alive, what: str) -> None:
    def check() -> None:
        socket.create_connection((host, port), timeout=0.5).close()

    poll(check, deadline, alive, what)


def poll(check, deadline: float, alive, what: str) -> None:
    """Retry `check()` (raises while not ready) until it passes."""
    delay = 0.01
    last: Exception | None = None
    while True:
        try:
            check()
            return
        except Exception as exc:  # noqa: BLE001 - any failure means: not ready yet
            last = exc
        if not alive():
            raise ServiceNotReady(f"{what} exited during start-up ({last})")
        if time.monotonic() >= deadline:
            raise ServiceNotReady(f"{what} did not answer in time ({type(last).__name__}: {last})")
        time.sleep(delay)
        delay = min(delay * 1.5, 0.05)
