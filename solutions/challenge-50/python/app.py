import os
import re
import secrets
import time
import uuid

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

INVENTORY_SERVICE_URL = os.environ.get("INVENTORY_SERVICE_URL", "")
COLLECTOR_URL = os.environ.get("COLLECTOR_URL", "")
SERVICE_NAME = "stock-api"
TRACEPARENT = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")

http = httpx.AsyncClient(timeout=5.0)


def random_hex(nbytes: int) -> str:
    while True:
        value = secrets.token_hex(nbytes)
        if value.strip("0"):
            return value


def now_nanos() -> int:
    return time.time_ns()


def parse_traceparent(header: str | None):
    """(trace id, parent id, flags) of a valid traceparent, else None."""
    m = TRACEPARENT.fullmatch(header or "")
    if not m or not m.group(1).strip("0") or not m.group(2).strip("0"):
        return None
    return m.group(1), m.group(2), m.group(3)


def attr(key, value):
    return {"key": key, "value": {"intValue": value} if isinstance(value, int) else {"stringValue": str(value)}}


async def export(spans: list[dict]) -> None:
    body = {"resourceSpans": [{
        "resource": {"attributes": [attr("service.name", SERVICE_NAME)]},
        "scopeSpans": [{"scope": {"name": SERVICE_NAME}, "spans": spans}],
    }]}
    try:
        await http.post(f"{COLLECTOR_URL}/v1/traces", json=body)
    except httpx.HTTPError as err:  # a lost export must never hurt the service
        print(f"span export failed: {err!r}")


def request_id_of(request: Request) -> str:
    """The caller's X-Request-Id when usable, else a new one."""
    incoming = request.headers.get("x-request-id")
    return incoming if incoming and len(incoming) <= 128 else str(uuid.uuid4())


class Trace:
    """The request's ids and its spans so far: the server span, then one client span per call."""

    def __init__(self, request: Request):
        self.request_id = request_id_of(request)
        parent = parse_traceparent(request.headers.get("traceparent"))
        self.trace_id, self.parent_id, self.flags = parent or (random_hex(16), "", "01")
        self.span_id = random_hex(8)
        self.start = now_nanos()
        self.children: list[dict] = []

    async def call(self, url: str) -> httpx.Response:
        span = {"traceId": self.trace_id, "spanId": random_hex(8), "parentSpanId": self.span_id,
                "name": "GET inventory-service", "kind": 3, "startTimeUnixNano": str(now_nanos())}
        headers = {"X-Request-Id": self.request_id, "traceparent": f"00-{self.trace_id}-{span['spanId']}-{self.flags}"}
        try:
            return await http.get(url, headers=headers)
        finally:
            span["endTimeUnixNano"] = str(now_nanos())
            self.children.append(span)

    def answer(self, body: dict, status: int, name: str) -> JSONResponse:
        """The JSON answer, with the request id, whose background task exports the spans."""
        server = {"traceId": self.trace_id, "spanId": self.span_id, "parentSpanId": self.parent_id,
                  "name": name, "kind": 2, "startTimeUnixNano": str(self.start),
                  "endTimeUnixNano": str(now_nanos()),
                  "attributes": [attr("http.response.status_code", status)]}
        return JSONResponse(body, status_code=status, headers={"X-Request-Id": self.request_id},
                            background=BackgroundTask(export, [server, *self.children]))


async def stock(request: Request):
    trace = Trace(request)
    sku = request.path_params["sku"]
    name = "GET /api/stock/{sku}"
    try:
        response = await trace.call(f"{INVENTORY_SERVICE_URL}/stock/{sku}")
    except httpx.HTTPError as err:
        return trace.answer({"error": f"inventory-service unreachable: {err!r}"}, 502, name)
    if response.status_code == 404:
        return trace.answer({"error": "unknown sku"}, 404, name)
    if response.status_code != 200:
        return trace.answer({"error": f"inventory-service answered {response.status_code}"}, 502, name)
    return trace.answer({"sku": sku, "quantity": response.json()["quantity"]}, 200, name)


async def health(request: Request):
    return JSONResponse({"status": "ok"}, headers={"X-Request-Id": request_id_of(request)})


app = Starlette(routes=[Route("/api/stock/{sku}", stock), Route("/health", health)])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
