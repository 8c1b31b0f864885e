import math
import os
import time
from collections import defaultdict, deque

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send


def positive_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


RATE_LIMIT_MAX = positive_int("RATE_LIMIT_MAX", 5)
RATE_LIMIT_WINDOW = positive_int("RATE_LIMIT_WINDOW_MS", 60_000) / 1000


def client_id(request: Request) -> str:
    """The first X-Forwarded-For address, else the peer address of the raw connection."""
    forwarded = request.headers.get("x-forwarded-for", "")
    first = forwarded.split(",")[0].strip()
    if first:
        return first
    return request.client.host if request.client else "unknown"


class SlidingWindowLimiter:
    """A sliding-window log: the times of each client's allowed requests in the last window."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self.hits: defaultdict[str, deque[float]] = defaultdict(deque)

    def check(self, key: str) -> float:
        """Records an allowed request and returns 0, or returns the seconds until one is allowed."""
        now = time.monotonic()
        hits = self.hits[key]
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return hits[0] + self.window - now
        hits.append(now)
        return 0.0


class RateLimitMiddleware:
    """Limits every path under `prefix`; other paths (such as /health) pass untouched."""

    def __init__(self, app: ASGIApp, prefix: str, limiter: SlidingWindowLimiter) -> None:
        self.app = app
        self.prefix = prefix
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.prefix):
            # uvicorn may have rewritten scope["client"] from X-Forwarded-For: client_id reads the
            # header itself, and otherwise the address uvicorn reports.
            wait = self.limiter.check(client_id(Request(scope)))
            if wait > 0:
                response = JSONResponse(
                    {"error": "Too many requests, slow down"},
                    status_code=429,
                    headers={"Retry-After": str(max(1, math.ceil(wait)))},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def resource(request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


app = Starlette(
    routes=[Route("/api/resource", resource), Route("/health", health)],
    middleware=[
        Middleware(
            RateLimitMiddleware,
            prefix="/api/",
            limiter=SlidingWindowLimiter(RATE_LIMIT_MAX, RATE_LIMIT_WINDOW),
        )
    ],
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
