# A raw ASGI application (no framework) under uvicorn: the limiter is a fixed window per client that
# opens with the client's first request, kept in a dict of (window start, count) behind a lock.
import asyncio
import json
import math
import os
import time

import uvicorn

MAX = int(os.environ.get("RATE_LIMIT_MAX", "5"))
WINDOW = int(os.environ.get("RATE_LIMIT_WINDOW_MS", "60000")) / 1000.0

windows = {}  # client -> [window start (monotonic seconds), requests counted]
lock = asyncio.Lock()


def client_of(scope):
    for name, value in scope["headers"]:
        if name == b"x-forwarded-for":
            first = value.decode("latin-1").split(",")[0].strip()
            if first:
                return first
    client = scope.get("client")
    return client[0] if client else "unknown"


async def hit(client):
    """Count a request; None when allowed, else the seconds until the client's window ends."""
    now = time.monotonic()
    async with lock:
        for key in [k for k, (start, _) in windows.items() if now - start >= WINDOW]:
            del windows[key]
        entry = windows.setdefault(client, [now, 0])
        if entry[1] >= MAX:
            return entry[0] + WINDOW - now
        entry[1] += 1
        return None


async def send_json(send, status, body, extra_headers=()):
    data = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    headers.extend(extra_headers)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    route = (scope["method"], scope["path"])
    if route == ("GET", "/health"):
        await send_json(send, 200, {"status": "ok"})
    elif route == ("GET", "/api/resource"):
        wait = await hit(client_of(scope))
        if wait is None:
            await send_json(send, 200, {"ok": True})
        else:
            retry_after = str(max(1, math.ceil(wait))).encode()
            await send_json(send, 429, {"error": "Too many requests"}, [(b"retry-after", retry_after)])
    else:
        await send_json(send, 404, {"error": "Not found"})


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), proxy_headers=False)
