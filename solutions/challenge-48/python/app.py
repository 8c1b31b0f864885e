import hmac
import itertools
import os
import time

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def int_from_env(name, default):
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


API_KEY = os.environ.get("GATEWAY_API_KEY", "")
UPSTREAM_TIMEOUT = int_from_env("UPSTREAM_TIMEOUT_MS", 2000) / 1000


class Service:
    """A route prefix and its replicas, taken round-robin."""

    def __init__(self, prefix, name, replicas):
        self.prefix, self.name, self.replicas = prefix, name, replicas
        self._turn = itertools.count()

    def matches(self, path):
        return path == self.prefix or path.startswith(self.prefix + "/")

    def order(self):
        """The replicas in the order this request tries them (the next one first)."""
        start = next(self._turn) % len(self.replicas)
        return self.replicas[start:] + self.replicas[:start]


SERVICES = [
    Service("/users", "users-service", [os.environ.get("USERS_SERVICE_URL", "")]),
    Service("/products", "products-service",
            [os.environ.get("PRODUCTS_SERVICE_1_URL", ""), os.environ.get("PRODUCTS_SERVICE_2_URL", "")]),
]
http = httpx.AsyncClient(timeout=UPSTREAM_TIMEOUT)


def error(status, message):
    return JSONResponse({"error": message}, status_code=status)


def forwarded_headers(request):
    """Content-Type, Accept and the client's X-* headers, never the API key."""
    return {name: value for name, value in request.headers.items()
            if name != "x-api-key" and (name in ("content-type", "accept") or name.startswith("x-"))}


async def forward(service, request):
    body = await request.body()
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    for base in service.order():
        try:
            answer = await http.request(request.method, base + target, headers=forwarded_headers(request),
                                        content=body or None)
        except httpx.TimeoutException:
            return error(504, f"{service.name} timed out")
        except httpx.TransportError:
            continue  # never reached a server: the other replica may answer
        if answer.status_code >= 500:
            return error(502, f"{service.name} failed: {answer.status_code}")
        headers = {"content-type": answer.headers["content-type"]} if "content-type" in answer.headers else {}
        return Response(answer.content, status_code=answer.status_code, headers=headers)
    return error(503, f"{service.name} unavailable")


async def health(request):
    return JSONResponse({"status": "ok"})


async def gateway(request):
    if not API_KEY or not hmac.compare_digest(request.headers.get("x-api-key", "").encode(), API_KEY.encode()):
        return error(401, "missing or invalid API key")
    service = next((s for s in SERVICES if s.matches(request.url.path)), None)
    if service is None:
        return error(404, f"no service for {request.url.path}")
    return await forward(service, request)


class RequestLog:
    """One log line per request: method, path, status, duration."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status = time.perf_counter(), {}

        async def capture(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            ms = (time.perf_counter() - started) * 1000
            print(f"{scope['method']} {scope['path']} {status.get('code', 500)} {ms:.1f}ms", flush=True)


METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
app = RequestLog(Starlette(routes=[Route("/health", health), Route("/{path:path}", gateway, methods=METHODS)]))

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), access_log=False)
