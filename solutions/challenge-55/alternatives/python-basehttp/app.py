"""Alternative: BaseHTTPMiddleware, a registry of its own, a decorator-free route table."""
import asyncio
import os
import time

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import ProcessCollector
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Match, Route

REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)
REQS = Counter("http_requests", "requests", ["method", "route", "status"], registry=REGISTRY)
LAT = Histogram("http_request_duration_seconds", "latency", ["method", "route", "status"], registry=REGISTRY)
BOOT = time.time()
ITEMS = {}


class Metrics(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        t0 = time.perf_counter()
        response = await call_next(request)
        route = "other"
        for r in request.app.routes:  # find the template ourselves, as scope["route"] may not be set here
            if r.matches(request.scope)[0] == Match.FULL:
                route = r.path
                break
        labels = (request.method, route, str(response.status_code))
        REQS.labels(*labels).inc()
        LAT.labels(*labels).observe(time.perf_counter() - t0)
        return response


async def items(request):
    if request.method == "GET":
        return JSONResponse(list(ITEMS.values()))
    try:
        data = await request.json()
    except Exception:
        data = {}
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"]:
        return JSONResponse({"error": "name required"}, 400)
    item = {"id": len(ITEMS) + 1, "name": data["name"]}
    ITEMS[str(item["id"])] = item
    return JSONResponse(item, 201)


async def item(request):
    found = ITEMS.get(request.path_params["id"])
    return JSONResponse(found) if found else JSONResponse({"error": "not found"}, 404)


async def slow(request):
    try:
        ms = int(request.query_params.get("ms", "0"))
    except ValueError:
        ms = -1
    if not 0 <= ms <= 2000:
        return JSONResponse({"error": "bad ms"}, 400)
    await asyncio.sleep(ms / 1000)
    return JSONResponse({"waited": ms})


app = Starlette(
    routes=[
        Route("/api/items", items, methods=["GET", "POST"]),
        Route("/api/items/{id}", item),
        Route("/api/slow", slow),
        Route("/api/fail", lambda r: JSONResponse({"error": "always"}, 500)),
        Route("/health", lambda r: JSONResponse({"status": "ok", "uptime": time.time() - BOOT})),
        Route("/metrics", lambda r: PlainTextResponse(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)),
    ],
    middleware=[Middleware(Metrics)],
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
