"""Wait until a freshly started server answers HTTP, or explain precisely why it never will.

Strategy (as testcontainers' wait strategies): poll the TCP port at a fine interval with a short
backoff, then require one HTTP answer (any status counts: the suite judges content). A server
that exits first is reported at once with its exit code; one that never answers is reported with
what it does listen on, if the sandbox can tell.
"""

from __future__ import annotations

import socket
import time

from .errors import NotReady
from .sandbox.base import ExitInfo, Sandbox

_SIGNALS = {137: "killed (SIGKILL)", 143: "terminated (SIGTERM)", 139: "segmentation fault (SIGSEGV)", 134: "aborted (SIGABRT)"}


# The probe says who it is, and comes "from" a documentation address (RFC 5737), so that a server
# counting requests per client (rate limiting, challenge 19) does not count it against the suite.
PROBE_HEADERS = {"user-agent": "live-grader-readiness", "x-forwarded-for": "192.0.2.1"}


def describe_exit(info: ExitInfo, memory_mb: int | None = None) -> str:
    text = f"server exited with code {info.code}"
    if info.oom_killed:
        limit = f" (limit {memory_mb} MiB)" if memory_mb else ""
        return f"{text}: out of memory{limit}"
    if info.code in _SIGNALS:
        return f"{text}: {_SIGNALS[info.code]}"
    return text


def _tcp_open(host: str, port: int, timeout: float) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def explain_not_listening(listening: list[tuple[str, int]] | None, port: int, isolated: bool) -> str:
    if listening is None:
        return f"nothing answered on port {port}"
    ports = sorted({p for _, p in listening})
    on_port = [a for a, p in listening if p == port]
    if on_port and all(a in ("127.0.0.1", "::1") for a in on_port) and isolated:
        return (
            f"the server listens on {on_port[0]}:{port} only, which cannot be reached from outside "
            "its container: listen on 0.0.0.0 (Express: app.listen(PORT, '0.0.0.0'); "
            "uvicorn: host='0.0.0.0')"
        )
    if ports and port not in ports:
        shown = ", ".join(str(p) for p in ports[:5])
        return f"the server listens on port {shown}, not on PORT={port}: read the port from the PORT environment variable"
    return f"nothing listens on port {port}"


def wait_until_ready(
    sandbox: Sandbox, port: int, timeout: float, *, memory_mb: int | None = None
) -> float:
    """Block until http://host:port/ answers. Returns seconds waited; raises NotReady."""
    import httpx  # here, not at the top: grader.run imports this module before the sandbox starts

    start = time.monotonic()
    deadline = start + timeout
    delay = 0.005
    tcp_seen = False
    last_error: Exception | None = None
    while True:
        info = sandbox.poll_exit()
        if info is not None:
            raise NotReady(f"{describe_exit(info, memory_mb)} before it answered on port {port}")
        if _tcp_open(sandbox.host, port, timeout=min(0.5, max(0.05, deadline - time.monotonic()))) and sandbox.owns_port(port):
            tcp_seen = True
            try:
                # verify=False: plain HTTP only, and httpx's default certificate context costs ~25 ms
                httpx.get(f"http://{sandbox.host}:{port}/", headers=PROBE_HEADERS, verify=False,
                          timeout=max(0.2, min(3.0, deadline - time.monotonic())))
                return time.monotonic() - start
            except httpx.HTTPError as exc:
                last_error = exc
        if time.monotonic() >= deadline:
            break
        time.sleep(delay)
        delay = min(delay * 1.5, 0.025)  # Node 22 and uvicorn answer within ~0.1-0.3 s: overshoot little
    if tcp_seen:
        raise NotReady(
            f"port {port} accepts connections but no HTTP answer came within {timeout:g}s "
            f"({type(last_error).__name__}: {last_error})"
        )
    why = explain_not_listening(sandbox.listening(), port, sandbox.isolated)
    raise NotReady(f"server did not answer within {timeout:g}s: {why}")
