"""A run's services, whichever sandbox runs them: the server's environment, the suite's handles,
and removal. DockerPod (pod.py) and LocalServices (local.py) start them."""

from __future__ import annotations

from ..challenges import Challenge
from .base import Endpoint
from .kinds import KINDS


class ServiceSet:
    sandbox = "?"

    def __init__(self, challenge: Challenge) -> None:
        self.challenge = challenge
        self.endpoints: list[Endpoint] = []
        self.timings: dict[str, float] = {}
        self._handles: dict[str, object] = {}
        self.pod = None  # the Docker container whose network namespace the server joins

    def start(self) -> None:
        raise NotImplementedError

    def server_env(self) -> dict[str, str]:
        env: dict[str, str] = {}
        for ep in self.endpoints:
            env.update(KINDS[ep.spec.kind].server_env(ep))
        return env

    def endpoint(self, kind: str, name: str | None = None) -> Endpoint:
        for ep in self.endpoints:
            if ep.spec.kind == kind and (name is None or ep.spec.name == name):
                return ep
        raise LookupError(f"this challenge has no {kind} service{f' named {name}' if name else ''} "
                          "(add it to challenge.toml's [[service]])")

    def handle(self, ep: Endpoint):
        """One handle per service and grading (a connection, a client, a control handle)."""
        if ep.spec.name not in self._handles:
            self._handles[ep.spec.name] = KINDS[ep.spec.kind].handle(ep)
        return self._handles[ep.spec.name]

    def describe(self) -> list[str]:
        """For the result: each service, which server played it, and where the grader reached it."""
        out = []
        for ep in self.endpoints:
            server = "a server given with --service" if ep.url_override else KINDS[ep.spec.kind].server_name
            where = "" if ep.url_override else f" at {ep.host}:{ep.port}"
            out.append(f"{ep.spec.name} ({ep.spec.kind}: {server}){where}")
        return out

    def close(self) -> None:
        """Close the handles; subclasses then remove the services."""
        handles, self._handles = self._handles, {}
        kinds = {ep.spec.name: KINDS[ep.spec.kind] for ep in self.endpoints}
        for name, h in handles.items():
            try:
                kinds[name].close_handle(h)
            except Exception:  # noqa: BLE001 - the service is removed next anyway
                pass

    def __enter__(self) -> "ServiceSet":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
