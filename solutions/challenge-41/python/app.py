import math
import os
import time
import uuid

import uvicorn
from redis.asyncio import Redis
from redis.exceptions import RedisError
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


RATE_LIMIT = positive_int("RATE_LIMIT", 10)
RATE_WINDOW_MS = positive_int("RATE_WINDOW_MS", 60_000)

redis = Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), decode_responses=True)


async def take(key: str) -> tuple[bool, int, float]:
    """One request of `key` against its sliding window: (allowed, remaining, ms until a slot frees).

    The request is added to the key's sorted set and the set counted in one MULTI, so concurrent
    requests on either replica each see the others; one that finds itself over the limit takes
    its entry out again (refused requests never count).
    """
    now = time.time() * 1000
    member = f"{now}-{uuid.uuid4().hex}"
    async with redis.pipeline(transaction=True) as tx:
        tx.zremrangebyscore(key, "-inf", now - RATE_WINDOW_MS)
        tx.zadd(key, {member: now})
        tx.zcard(key)
        tx.zrange(key, 0, 0, withscores=True)
        tx.pexpire(key, RATE_WINDOW_MS)
        count, oldest = (await tx.execute())[-3:-1]  # ZCARD's and ZRANGE's answers
    if count <= RATE_LIMIT:
        return True, RATE_LIMIT - count, 0.0
    await redis.zrem(key, member)
    return False, 0, oldest[0][1] + RATE_WINDOW_MS - now


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


class RateLimitMiddleware:
    """Limits every path under /api/ per X-API-Key; other paths pass untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        api_key = Request(scope).headers.get("x-api-key", "")
        if not api_key:
            await error(401, "X-API-Key header required")(scope, receive, send)
            return
        try:
            allowed, remaining, ms_left = await take(f"ratelimit:{api_key}")
        except RedisError as exc:
            print(f"rate limiter unavailable: {exc}")
            await error(503, "rate limiter unavailable")(scope, receive, send)
            return
        headers = {"X-RateLimit-Limit": str(RATE_LIMIT), "X-RateLimit-Remaining": str(remaining)}
        if not allowed:
            headers["Retry-After"] = str(max(1, math.ceil(ms_left / 1000)))
            await error(429, "Too many requests", headers)(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [
                    (name.lower().encode(), value.encode()) for name, value in headers.items()
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def data(request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})


app = Starlette(routes=[Route("/api/data", data)], middleware=[Middleware(RateLimitMiddleware)])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
