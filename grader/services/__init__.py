"""Services a grading needs beside the candidate's server (challenge.toml `[[service]]`):
PostgreSQL, Redis, MongoDB (SecantusDB), fake upstreams, an SMTP sink.

    base.py      Endpoint, Kind (the per-kind interface), wait helpers
    postgres.py, redis.py, mongo.py, upstream.py, smtp.py
                 one module per kind: commands, wait strategy, server env, suite handle
    pod.py       Docker: one container per service, sharing a network namespace with the server
    local.py     local processes on free ports, or servers the user gave (--service KIND=URL)
    runners/     the upstream and SMTP server programs (also copied into the services image)
"""

from __future__ import annotations

import threading
import time

from ..challenges import Challenge
from .set import ServiceSet


def start(challenge: Challenge, sandbox: str, given: dict[str, str] | None = None) -> ServiceSet:
    """Start the challenge's services for a grading in `sandbox` (docker | local); the caller
    closes the returned set on every exit path. Given services replace local processes only."""
    if sandbox == "docker":
        from .pod import DockerPod

        services: ServiceSet = DockerPod(challenge)
    else:
        from .local import LocalServices

        services = LocalServices(challenge, given)
    try:
        services.start()
    except BaseException:
        services.close()
        raise
    return services


class BackgroundStart:
    """Docker: start() on a thread, so the pod comes up while the sandbox prepares (staging the
    submission, finding the network): ~0.2-0.3 s of a grading. Local: start() at once. The caller takes the result with
    result() (re-raises the start's error) or, on any other exit path, abandon() (waits for the
    thread and removes whatever it started): nothing outlives the grading."""

    def __init__(self, challenge: Challenge, sandbox: str, given: dict[str, str] | None = None) -> None:
        self._services: ServiceSet | None = None
        self._error: BaseException | None = None
        self._taken = False
        self.elapsed = 0.0
        self._thread = threading.Thread(target=self._run, args=(challenge, sandbox, given), daemon=True)
        if sandbox == "docker":
            self._thread.start()
        else:
            # local services die with the thread that started them (PR_SET_PDEATHSIG follows the
            # parent *thread*): they start on the caller's thread, which lives for the grading
            self._run(challenge, sandbox, given)

    def _run(self, challenge: Challenge, sandbox: str, given: dict[str, str] | None) -> None:
        t0 = time.monotonic()
        try:
            self._services = start(challenge, sandbox, given)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            self._error = exc
        self.elapsed = round(time.monotonic() - t0, 4)  # until every service answered

    def result(self) -> ServiceSet:
        if self._thread.ident is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._services is not None
        self._taken = True
        return self._services

    def abandon(self) -> None:
        if self._taken:
            return
        if self._thread.ident is not None:
            self._thread.join()
        if self._services is not None:
            self._services.close()
