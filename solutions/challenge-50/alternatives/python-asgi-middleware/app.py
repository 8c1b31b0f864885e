"""Alternative: a pure ASGI middleware owns the request id and the server span (contextvars carry
the context to the handler), asyncio.create_task exports, numbers for times."""
import asyncio
import contextvars
import os
import random
import re
import time

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

CTX = contextvars.ContextVar("trace")
TP = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")
client = httpx.AsyncClient(timeout=4.0)
tasks = set()


def rid(bits):
    while True:
        value = f"{random.getrandbits(bits):0{bits // 4}x}"
        if int(value, 16):
            return value


async def send_spans(spans):
    try:
        await client.post(os.environ["COLLECTOR_URL"] + "/v1/traces", json={"resourceSpans": [{
            "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "stock-api"}}]},
            "scopeSpans": [{"spans": spans}]}]})
    except Exception:
        pass


class Tracing:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        request_id = headers.get("x-request-id") or f"{time.time_ns():x}-{rid(32)}"
        m = TP.fullmatch(headers.get("traceparent", ""))
        valid = m and int(m.group(1), 16) and int(m.group(2), 16)
        ctx = {"rid": request_id[:128], "trace": m.group(1) if valid else rid(128), "parent": m.group(2) if valid else None,
               "flags": m.group(3) if valid else "01", "span": rid(64), "start": time.time_ns(), "spans": []}
        CTX.set(ctx)
        status = {}

        async def wrapped(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message["headers"] = list(message.get("headers", [])) + [(b"x-request-id", ctx["rid"].encode())]
            await send(message)

        await self.app(scope, receive, wrapped)
        if scope["path"].startswith("/api/"):
            server = {"traceId": ctx["trace"], "spanId": ctx["span"], "name": scope["path"], "kind": 2,
                      "startTimeUnixNano": ctx["start"], "endTimeUnixNano": time.time_ns(),
                      "attributes": [{"key": "http.response.status_code", "value": {"intValue": status.get("code", 500)}}]}
            if ctx["parent"]:
                server["parentSpanId"] = ctx["parent"]
            task = asyncio.create_task(send_spans([server, *ctx["spans"]]))
            tasks.add(task)
            task.add_done_callback(tasks.discard)


async def stock(request):
    ctx = CTX.get()
    sku = request.path_params["sku"]
    span = {"traceId": ctx["trace"], "spanId": rid(64), "parentSpanId": ctx["span"], "name": "inventory", "kind": 3,
            "startTimeUnixNano": time.time_ns()}
    try:
        r = await client.get(f"{os.environ['INVENTORY_SERVICE_URL']}/stock/{sku}", headers={
            "x-request-id": ctx["rid"], "traceparent": f"00-{ctx['trace']}-{span['spanId']}-{ctx['flags']}"})
    except httpx.HTTPError:
        return JSONResponse({"error": "unreachable"}, 502)
    finally:
        span["endTimeUnixNano"] = time.time_ns()
        ctx["spans"].append(span)
    if r.status_code == 404:
        return JSONResponse({"error": "not found"}, 404)
    if r.status_code != 200:
        return JSONResponse({"error": "bad upstream"}, 502)
    return JSONResponse({"sku": sku, "quantity": r.json()["quantity"], "source": "inventory"})


app = Starlette(routes=[Route("/api/stock/{sku}", stock), Route("/health", lambda r: JSONResponse({"status": "ok"}))])
app.add_middleware(Tracing)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
