"""What the server sees of a request must not depend on the sandbox: the local sandbox's grader is
a loopback peer, which frameworks treat specially. One server, both sandboxes, one answer."""

from __future__ import annotations

import httpx
import pytest

from grader.readiness import wait_until_ready
from grader.submission import detect

# request.client as uvicorn reports it: with proxy headers trusted, X-Forwarded-For's address
APP = """
import os
import uvicorn


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": scope["client"][0].encode()})


uvicorn.run(app, host="0.0.0.0", port=int(os.environ["PORT"]), log_level="warning")
"""


def _client_seen(sandbox) -> str:
    port = sandbox.pick_port()
    sandbox.start({"PORT": str(port)})
    wait_until_ready(sandbox, port, 30)
    return httpx.get(f"http://{sandbox.host}:{port}/", headers={"X-Forwarded-For": "203.0.113.7"}).text


@pytest.mark.parametrize("kind", ["local", pytest.param("docker", marks=pytest.mark.docker)])
def test_uvicorn_does_not_take_the_client_from_x_forwarded_for(kind, tmp_path, request):
    """uvicorn trusts X-Forwarded-For from 127.0.0.1 unless told otherwise: the local sandbox
    tells it, so a server that ignores the header (a bug of challenge 19's) fails there as in Docker."""
    if kind == "docker":
        request.getfixturevalue("docker_ready")
        from grader.sandbox.docker import DockerSandbox as Box
    else:
        from grader.sandbox.local import LocalSandbox as Box
    (tmp_path / "app.py").write_text(APP)
    box = Box(detect(tmp_path))
    try:
        seen = _client_seen(box)
    finally:
        box.close()
    assert seen and seen != "203.0.113.7", f"the {kind} sandbox's server took its client from X-Forwarded-For"
