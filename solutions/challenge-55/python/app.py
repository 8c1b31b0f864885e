import asyncio
import os
import time

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

STARTED_AT = time.monotonic()

# The default registry already carries the process metrics (process_resident_memory_bytes, ...).
HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests answered, by method, route template and status",
    ["method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "http_request_duration_seconds", "Time from receiving a request to finishing its response, in seconds",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


class MetricsMiddleware:
    """Pure ASGI: times the whole response and labels it with the route template the router matched
    (the router stores it in scope["route"]), never the raw path, so ids do not explode the series."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = {"code": 500}

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            labels = {
                "method": scope["method"],
                "route": route.path if route is not None else "unmatched",
                "status": str(status["code"]),
            }
            HTTP_REQUESTS.labels(**labels).inc()
            HTTP_DURATION.labels(**labels).observe(time.perf_counter() - started)


items: dict[int, dict] = {}
next_id = 1


async def list_items(request: Request):
    return JSONResponse(list(items.values()))


async def create_item(request: Request):
    global next_id
    try:
        body = await request.json()
    except ValueError:
        body = None
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str) or not name.strip():
        return JSONResponse({"error": "name must be a non-empty string"}, status_code=400)
    item = {"id": next_id, "name": name}
    items[next_id] = item
    next_id += 1
    return JSONResponse(item, status_code=201)


async def get_item(request: Request):
    raw = request.path_params["id"]
    item = items.get(int(raw)) if raw.isdigit() else None
    if item is None:
        return JSONResponse({"error": "item not found"}, status_code=404)
    return JSONResponse(item)


async def slow(request: Request):
    raw = request.query_params.get("ms", "0")
    if not raw.isdigit() or int(raw) > 2000:
        return JSONResponse({"error": "ms must be an integer from 0 to 2000"}, status_code=400)
    ms = int(raw)
    await asyncio.sleep(ms / 1000)
    return JSONResponse({"waited": ms})


async def fail(request: Request):
    return JSONResponse({"error": "this route always fails"}, status_code=500)


async def health(request: Request):
    return JSONResponse({"status": "ok", "uptime": time.monotonic() - STARTED_AT})


async def metrics(request: Request):
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


routes = [
    Route("/api/items", list_items, methods=["GET"]),
    Route("/api/items", create_item, methods=["POST"]),
    Route("/api/items/{id}", get_item, methods=["GET"]),
    Route("/api/slow", slow, methods=["GET"]),
    Route("/api/fail", fail, methods=["GET"]),
    Route("/health", health, methods=["GET"]),
    Route("/metrics", metrics, methods=["GET"]),
]

app = Starlette(routes=routes)
app.add_middleware(MetricsMiddleware)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
