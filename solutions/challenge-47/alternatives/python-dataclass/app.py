"""Alternative: an emitter keyed by event with a dataclass per subscription, one endpoint class
per resource (HTTPEndpoint), uuid ids, errors collected in a list instead of counted."""
import os
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

import uvicorn
from starlette.applications import Starlette
from starlette.endpoints import HTTPEndpoint
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


class Emitter:
    def __init__(self):
        self.handlers: defaultdict[str, list[list]] = defaultdict(list)

    def on(self, name: str, fn: Callable, once: bool = False):
        self.handlers[name].append([fn, once])

    def off(self, name: str, fn: Callable) -> bool:
        before = len(self.handlers[name])
        self.handlers[name] = [h for h in self.handlers[name] if h[0] is not fn]
        return len(self.handlers[name]) < before

    def count(self, name: str) -> int:
        return len(self.handlers.get(name, []))

    def emit(self, name: str, data: Any):
        called = list(self.handlers.get(name, []))
        self.handlers[name] = [h for h in self.handlers[name] if not h[1]]
        failures = []
        for fn, _ in called:
            try:
                fn(data)
            except Exception as exc:
                failures.append(exc)
        return called, failures


@dataclass
class Subscription:
    event: str
    once: bool
    fail: bool
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    active: bool = True
    events: list = field(default_factory=list)

    def public(self, events=True):
        d = {"id": self.id, "event": self.event, "once": self.once, "fail": self.fail, "active": self.active}
        return {**d, "events": self.events} if events else d


bus = Emitter()
subs: dict[str, Subscription] = {}
state = {"seq": 0}


def bad(msg):
    return JSONResponse({"error": msg}, 400)


async def body_of(request):
    try:
        data = await request.json()
    except Exception:
        return {}
    return data if isinstance(data, dict) else {}


class Subscriptions(HTTPEndpoint):
    async def post(self, request):
        data = await body_of(request)
        name = data.get("event")
        if type(name) is not str or not name:
            return bad("event required")
        if any(k in data and type(data[k]) is not bool for k in ("once", "fail")):
            return bad("once/fail must be booleans")
        sub = Subscription(name, data.get("once", False), data.get("fail", False))

        def handler(payload, sub=sub):
            state["seq"] += 1
            sub.events.append({"event": sub.event, "payload": payload, "seq": state["seq"]})
            if sub.once:
                sub.active = False
            if sub.fail:
                raise ValueError("listener failure")

        sub.handler = handler
        bus.on(name, handler, once=sub.once)
        subs[sub.id] = sub
        return JSONResponse(sub.public(events=False), 201)


class OneSubscription(HTTPEndpoint):
    async def get(self, request):
        sub = subs.get(request.path_params["sid"])
        return JSONResponse(sub.public()) if sub else JSONResponse({"error": "unknown"}, 404)

    async def delete(self, request):
        sub = subs.get(request.path_params["sid"])
        if not sub or not sub.active:
            return JSONResponse({"error": "unknown"}, 404)
        bus.off(sub.event, sub.handler)
        sub.active = False
        return Response(status_code=204)


class Events(HTTPEndpoint):
    async def post(self, request):
        data = await body_of(request)
        name = data.get("event")
        if type(name) is not str or not name:
            return bad("event required")
        called, failures = bus.emit(name, data.get("payload"))
        return JSONResponse({"event": name, "listeners": len(called), "errors": len(failures)})


async def listeners(request):
    name = request.query_params.get("event", "")
    return JSONResponse({"event": name, "count": bus.count(name)})


app = Starlette(routes=[
    Route("/subscriptions", Subscriptions),
    Route("/subscriptions/{sid}", OneSubscription),
    Route("/events", Events),
    Route("/listeners", listeners),
])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
