import os
import time
from datetime import datetime, timezone

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def clf_date(moment: datetime) -> str:
    """Common log format date, e.g. 21/Nov/2025:14:03:07 +0000 (English month, locale-proof)."""
    return f"{moment.day:02d}/{MONTHS[moment.month - 1]}/{moment.year}:{moment:%H:%M:%S} +0000"


class AccessLog:
    """Pure ASGI middleware: one line per HTTP request, appended to a log file."""

    def __init__(self, app: ASGIApp, path: str = "access.log", production: bool = False) -> None:
        self.app = app
        self.production = production
        # mode "a": lines from earlier runs stay; buffering=1: every line is flushed at its "\n"
        self.log = open(path, "a", encoding="utf-8", buffering=1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = time.perf_counter()
        outcome: dict = {"status": None, "length": None, "elapsed_ms": None}

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                outcome["status"] = message["status"]
                outcome["elapsed_ms"] = (time.perf_counter() - started) * 1000
                for name, value in message.get("headers", []):
                    if name.lower() == b"content-length":
                        outcome["length"] = value.decode("latin-1")
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            self.log.write(self.line(scope, outcome) + "\n")

    def line(self, scope: Scope, outcome: dict) -> str:
        target = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        if scope.get("query_string"):
            target += "?" + scope["query_string"].decode("latin-1")
        status = outcome["status"] if outcome["status"] is not None else "-"
        length = outcome["length"] or "-"

        if not self.production:
            elapsed = f"{outcome['elapsed_ms']:.3f}" if outcome["elapsed_ms"] is not None else "-"
            return f"{scope['method']} {target} {status} {elapsed} ms - {length}"

        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        client = scope.get("client")
        remote_addr = client[0] if client else "-"
        referrer = headers.get("referer") or headers.get("referrer") or "-"
        user_agent = headers.get("user-agent") or "-"
        return (
            f'{remote_addr} - - [{clf_date(datetime.now(timezone.utc))}] '
            f'"{scope["method"]} {target} HTTP/{scope.get("http_version", "1.1")}" {status} {length} '
            f'"{referrer}" "{user_agent}"'
        )


async def home(request: Request) -> JSONResponse:
    return JSONResponse({"message": "ok"})


async def show_user(request: Request) -> JSONResponse:
    return JSONResponse({"id": request.path_params["id"]})


async def echo(request: Request) -> JSONResponse:
    try:
        payload = await request.json()
    except ValueError:
        return JSONResponse({"error": "Request body must be valid JSON"}, status_code=400)
    return JSONResponse(payload)


routes = [
    Route("/", home, methods=["GET"]),
    Route("/users/{id}", show_user, methods=["GET"]),
    Route("/echo", echo, methods=["POST"]),
]

app = Starlette(
    routes=routes,
    middleware=[Middleware(AccessLog, production=os.environ.get("NODE_ENV") == "production")],
)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
