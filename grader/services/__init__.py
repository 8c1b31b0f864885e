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
