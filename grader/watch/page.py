"""`grade watch --serve`: the live page for a second screen (the interviewer's, or the candidate's).

A Starlette app on a uvicorn thread. `/` is a static page and `/page.js` its script, which renders
`/state` (the timeline's snapshot, watch/timebox.py) and then every snapshot pushed over
server-sent events on `/events`. The script writes text only (textContent, never HTML), and the
snapshot's candidate text is neutralised first (report/safe.py), so a response body that holds
markup or terminal escapes shows as text. A strict Content-Security-Policy (no inline script) and
a Host check (a DNS-rebinding page cannot read it) come on top.

Bound to 127.0.0.1 by default: the page shows what the submission answered and, with --all, the
hidden checks.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import socket
import threading
from pathlib import Path
from typing import Any

from ..errors import UsageError

HERE = Path(__file__).parent
DEFAULT_PORT = 8765
KEEPALIVE_S = 15.0
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_serve(value: str, host: str | None) -> tuple[str, int]:
    """--serve [PORT | HOST:PORT] and --host: where the page listens. A non-loopback address only
    when it is given with --host (a deliberate choice, not a typo in --serve)."""
    bind, _, port_text = value.rpartition(":") if ":" in value else ("", "", value)
    try:
        port = int(port_text)
    except ValueError:
        raise UsageError(f"--serve takes a port, not '{value}'", hint="e.g. --serve 8765") from None
    if not 0 < port < 65536:
        raise UsageError(f"--serve {port}: not a port number", hint="use 1-65535")
    if bind and not is_loopback(bind):
        raise UsageError(f"--serve {value}: refusing to bind the live page to a non-loopback address",
                         hint=f"say so explicitly with --host {bind} (the page shows the submission's answers)")
    return (host or bind or "127.0.0.1").strip("[]"), port


class LiveState:
    """The latest snapshot and a version number the event streams wait on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.version = 0
        self.snapshot: dict[str, Any] = {}
        self.closed = False

    def publish(self, snapshot: dict[str, Any]) -> None:
        with self._lock:
            self.snapshot = snapshot
            self.version += 1

    def current(self) -> tuple[int, str]:
        with self._lock:
            return self.version, json.dumps(self.snapshot, ensure_ascii=True)


def make_app(state: LiveState, allowed_hosts: list[str]):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import Response, StreamingResponse
    from starlette.routing import Route

    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
               "Referrer-Policy": "no-referrer"}
    page = (HERE / "page.html").read_bytes()
    script = (HERE / "page.js").read_bytes()
    style = (HERE / "page.css").read_bytes()

    async def index(_request):
        return Response(page, media_type="text/html; charset=utf-8", headers=headers)

    async def js(_request):
        return Response(script, media_type="text/javascript; charset=utf-8", headers=headers)

    async def css(_request):
        return Response(style, media_type="text/css; charset=utf-8", headers=headers)

    async def current(_request):
        return Response(state.current()[1], media_type="application/json", headers=headers)

    async def events(_request):
        async def stream():
            seen, quiet = -1, 0.0
            while not state.closed:
                version, text = state.current()
                if version != seen:
                    seen, quiet = version, 0.0
                    yield f"data: {text}\n\n"
                elif quiet >= KEEPALIVE_S:
                    quiet = 0.0
                    yield ": keepalive\n\n"
                # a new run comes at most every few hundred ms: a 50 ms look costs nothing and
                # needs no cross-thread wake-up of the event loop
                await asyncio.sleep(0.05)
                quiet += 0.05

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={**headers, "X-Accel-Buffering": "no"})

    routes = [Route("/", index), Route("/page.js", js), Route("/page.css", css), Route("/state", current),
              Route("/events", events)]
    return Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)])


class LivePage:
    """The page's server on a daemon thread: start() binds (errors are the caller's, at once), stop() ends it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.state = LiveState()
        self._server: Any = None  # uvicorn.Server, imported only when the page is served
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None

    @property
    def url(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{shown}:{self.port}/"

    def start(self) -> None:
        import uvicorn

        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError as exc:
            sock.close()
            raise UsageError(f"cannot serve the live page on {self.host}:{self.port}: {exc.strerror}",
                             hint="choose another port: --serve PORT") from None
        sock.listen(64)
        self.port = sock.getsockname()[1]
        allowed = ["127.0.0.1", "localhost", "[::1]", "::1", self.host, f"[{self.host}]"]
        config = uvicorn.Config(make_app(self.state, allowed), log_level="warning", access_log=False,
                                lifespan="off", timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, name="live-page",
                                        daemon=True)
        self._thread.start()
        self._sock = sock

    def stop(self) -> None:
        self.state.closed = True  # ends the event streams, so the server's shutdown need not wait
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(3.0)
        if self._sock is not None:
            self._sock.close()
