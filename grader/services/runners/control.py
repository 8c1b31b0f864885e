"""What the upstream and SMTP runners share: the secret-protected control API and its server.

The controls listen on their own port. Every control request carries the run's secret in the
`x-grader-secret` header; the candidate's server shares the network namespace (in Docker) or
the machine (local) but never sees the secret, so it cannot drive or read the controls.
"""

from __future__ import annotations

import asyncio
import hmac
import json

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

SECRET_HEADER = "x-grader-secret"


def control_app(secret: str, routes: dict[str, object]) -> Starlette:
    """routes: path -> async function(payload: dict) -> JSON-able result."""

    def endpoint(handler):
        async def run(request: Request):
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                return JSONResponse({"error": "forbidden"}, status_code=403)
            body = await request.body()
            payload = json.loads(body) if body else {}
            return JSONResponse({"result": await handler(payload)})

        return run

    return Starlette(routes=[Route(p, endpoint(h), methods=["POST"]) for p, h in routes.items()])


def uvicorn_server(app, *, host: str | None = None, port: int | None = None, uds: str | None = None) -> uvicorn.Server:
    config = uvicorn.Config(app, host=host or "0.0.0.0", port=port or 0, uds=uds, log_level="warning",
                            access_log=False, lifespan="auto")
    server = uvicorn.Server(config)
    server.install_signal_handlers = lambda: None  # the runner handles SIGTERM itself
    return server


async def until_signalled() -> None:
    import signal

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
