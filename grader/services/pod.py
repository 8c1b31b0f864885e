"""The Docker side: a run's services as a "pod", the containers of one grading sharing one
network namespace (as a Kubernetes pod's containers do).

The first service container (the anchor) joins the shared sandbox network (internal, no
inter-container traffic, under the host firewall rule: see grader/sandbox/docker.py and
hostguard.py); every other service and the candidate's server containers join the anchor's
namespace (network_mode container:<anchor>). So the candidate's server reaches its services at
127.0.0.1, the grader reaches all of them at the pod's one address, and a concurrent grading
(another pod on the same icc-disabled bridge) reaches none of them. No network is created per
run: a per-run network costs the engine iptables work on every grading (measured in README).

Each service container: the services image, non-root (uid 10003), read-only root with tmpfs,
all capabilities dropped, no-new-privileges, memory and process limits, labelled with the run.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid

from ..challenges import Challenge
from ..errors import SandboxError, ServiceUnavailable
from ..sandbox import image
from ..sandbox.docker import LABEL, _remove_container, client as docker_client, labels, shared_network
from .base import Endpoint, ServiceNotReady
from .kinds import KINDS
from .set import ServiceSet

UPSTREAM_BASE_PORT = 8100  # upstream i listens on 8100+2i, its controls on 8101+2i
CONTROL_OFFSET = 1
APP_DIR = "/upstream"
START_TIMEOUT = 30.0


class DockerPod(ServiceSet):
    sandbox = "docker"

    def __init__(self, challenge: Challenge) -> None:
        super().__init__(challenge)
        self.client = docker_client()
        self.image = image.require(self.client, image.SERVICES)
        self.run_id = uuid.uuid4().hex[:12]
        self.containers: list = []
        self.anchor = None
        self.host = ""
        self._closed = False

    def _endpoints(self) -> list[Endpoint]:
        out, upstream_index = [], 0
        for spec in self.challenge.services:
            kind = KINDS[spec.kind]
            if spec.kind == "upstream":
                port = UPSTREAM_BASE_PORT + 2 * upstream_index
                upstream_index += 1
            else:
                port = kind.pod_port
            control = port + CONTROL_OFFSET if kind.has_control else None
            out.append(Endpoint(spec, host="", port=port, server_host="127.0.0.1", control_port=control,
                                secret=secrets.token_urlsafe(24), database=kind.database))
        return out

    def start(self) -> None:
        import docker.errors
        from docker.types import LogConfig

        network = shared_network(self.client)
        self.endpoints = self._endpoints()
        t0 = time.monotonic()
        try:
            for ep in self.endpoints:
                kind = KINDS[ep.spec.kind]
                volumes, app = {}, None
                if ep.spec.app is not None:
                    volumes[str(ep.spec.app.parent)] = {"bind": APP_DIR, "mode": "ro"}
                    app = f"{APP_DIR}/{ep.spec.app.name}"
                net = ({"network": network.name, "hostname": "services"} if self.anchor is None
                       else {"network_mode": f"container:{self.anchor.id}"})
                container = self.client.containers.run(
                    self.image, command=kind.docker_command(ep, app), detach=True,
                    name=f"grader-svc-{self.run_id}-{ep.spec.name}",
                    read_only=True,
                    tmpfs={"/tmp": "rw,size=64m,mode=1777", **kind.tmpfs},
                    volumes=volumes,
                    environment={"GRADER_SERVICE_SECRET": ep.secret},
                    mem_limit=f"{kind.memory_mb}m", memswap_limit=f"{kind.memory_mb}m",
                    nano_cpus=int(1e9), pids_limit=128,
                    cap_drop=["ALL"], security_opt=["no-new-privileges"],
                    labels={**labels(self.run_id), f"{LABEL}.service": ep.spec.name},
                    log_config=LogConfig(type="json-file", config={"max-size": "1m", "max-file": "1"}),
                    **net,
                )
                self.containers.append(container)
                if self.anchor is None:
                    self.anchor = container
                    container.reload()
                    self.host = container.attrs["NetworkSettings"]["Networks"][network.name]["IPAddress"]
            for ep in self.endpoints:
                ep.host = self.host
            self.pod = (self.anchor, self.host)
            self.timings["containers"] = round(time.monotonic() - t0, 4)
            self._wait_all()
        except docker.errors.APIError as exc:
            raise SandboxError(f"could not start the service containers: {exc.explanation or exc}") from None
        self.timings["ready"] = round(time.monotonic() - t0, 4)

    def _wait_all(self) -> None:
        """Each service's wait strategy, in parallel (they start at the same time)."""
        errors: list[str] = []

        def wait(ep: Endpoint, container) -> None:
            started = time.monotonic()
            try:
                KINDS[ep.spec.kind].wait(ep, started + START_TIMEOUT, lambda: _running(container))
                self.timings[f"{ep.spec.name}"] = round(time.monotonic() - started, 4)
            except ServiceNotReady as exc:
                tail = _logs(container)
                errors.append(f"{exc} ({_state(container)}){': ' + tail if tail else ''}")

        threads = [threading.Thread(target=wait, args=pair, daemon=True) for pair in zip(self.endpoints, self.containers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise ServiceUnavailable(f"a service did not start: {errors[0]}",
                                     hint="see `docker logs` of the services image; rebuild it with `grade image build`")

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        import docker.errors

        super().close()
        # the anchor last: the others live in its network namespace
        for container in reversed(self.containers):
            try:
                _remove_container(container)
            except docker.errors.APIError:
                pass
        try:  # also what a Ctrl-C during a create could leave behind
            for c in self.client.containers.list(all=True, filters={"label": f"{LABEL}.run={self.run_id}"}, sparse=True):
                c.remove(force=True)
        except docker.errors.APIError:
            pass


def _running(container) -> bool:
    import docker.errors

    try:
        container.reload()
    except docker.errors.NotFound:
        return False
    state = container.attrs["State"]
    return bool(state.get("Running")) or state.get("Status") in ("created", "running", "restarting")


def _state(container) -> str:
    try:
        state = container.attrs["State"]
        return f"state {state.get('Status')}, exit code {state.get('ExitCode')}{', OOM-killed' if state.get('OOMKilled') else ''}"
    except Exception:  # noqa: BLE001 - a diagnostic only
        return "state unknown"


def _logs(container) -> str:
    try:
        return container.logs(tail=5).decode(errors="replace").strip().replace("\n", " | ")[-400:]
    except Exception:  # noqa: BLE001 - a diagnostic only
        return ""
