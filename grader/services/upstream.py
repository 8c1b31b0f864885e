"""Fake upstream services: a challenge's Starlette app (challenges/challenge-NN/upstreams/*.py)
run by runners/upstream.py, with a request log and controls the suite drives through the
`upstreams` fixture. The controls need the run's secret, which the candidate's server never sees."""

from __future__ import annotations

import sys
from pathlib import Path

from .base import SECRET_HEADER, Endpoint, Kind

RUNNER = Path(__file__).parent / "runners" / "upstream.py"


class UpstreamHandle:
    """The `upstreams[name]` handle of the contract (docs/authoring.md, "Services")."""

    def __init__(self, ep: Endpoint) -> None:
        import httpx

        self.name = ep.spec.name
        self.url = f"http://{ep.server_host}:{ep.port}"  # as the candidate's server sees it
        self._http = httpx.Client(base_url=f"http://{ep.host}:{ep.control_port}",
                                  headers={SECRET_HEADER: ep.secret}, timeout=10)

    def _call(self, action: str, **payload):
        response = self._http.post(f"/{action}", json=payload)
        response.raise_for_status()
        return response.json()["result"]

    def requests(self) -> list[dict]:
        return self._call("requests")

    def reset(self) -> None:
        self._call("reset")

    def fail_next(self, n: int, status: int = 500) -> None:
        self._call("fail_next", n=n, status=status)

    def reset_next(self, n: int = 1) -> None:
        """The next n requests are received and logged (with "dropped": True), and their
        connection is closed without an answer: a connection error, visible in the log."""
        self._call("reset_next", n=n)

    def respond_with(self, status: int) -> None:
        self._call("respond_with", status=status)

    def delay(self, seconds: float) -> None:
        self._call("delay", seconds=seconds)

    def down(self) -> None:
        self._call("down")

    def up(self) -> None:
        self._call("up")

    def close(self) -> None:
        self._http.close()


class Upstream(Kind):
    kind = "upstream"
    server_name = "the challenge's fake upstream"
    has_control = True
    memory_mb = 128

    def docker_command(self, ep: Endpoint, app_in_container: str | None) -> list[str]:
        return ["upstream", "--app", str(app_in_container), "--port", str(ep.port),
                "--control-port", str(ep.control_port)]

    def local_command(self, ep: Endpoint, workdir: Path) -> list[str]:
        return [sys.executable, str(RUNNER), "--app", str(ep.spec.app), "--host", "127.0.0.1",
                "--port", str(ep.port), "--control-port", str(ep.control_port)]

    def server_env(self, ep: Endpoint) -> dict[str, str]:
        return {f"{ep.spec.env_prefix}_URL": f"http://{ep.server_host}:{ep.port}"}

    def handle(self, ep: Endpoint) -> UpstreamHandle:
        return UpstreamHandle(ep)


KIND = Upstream()
