import itertools
import json
import os

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


class EventEmitter:
    """on/once/off/emit; emit isolates listeners, so one that raises cannot stop the others."""

    def __init__(self):
        self._listeners: dict[str, list[tuple[object, bool]]] = {}

    def on(self, event, fn):
        self._listeners.setdefault(event, []).append((fn, False))

    def once(self, event, fn):
        self._listeners.setdefault(event, []).append((fn, True))

    def off(self, event, fn):
        listeners = self._listeners.get(event, [])
        for i, (registered, _) in enumerate(listeners):
            if registered is fn:
                del listeners[i]
                return True
        return False

    def listener_count(self, event):
        return len(self._listeners.get(event, []))

    def emit(self, event, *args):
        """Calls a snapshot of the listeners; returns (called, raised)."""
        snapshot = list(self._listeners.get(event, []))
        errors = 0
        for fn, once in snapshot:
            if once:
                self.off(event, fn)
            try:
                fn(*args)
            except Exception as exc:  # one listener's failure must not stop the emit
                errors += 1
                print(f"listener for {event} failed: {exc}")
        return len(snapshot), errors


emitter = EventEmitter()
subscriptions: dict[str, dict] = {}
ids = itertools.count(1)
seq = itertools.count(1)


def error(status, message):
    return JSONResponse({"error": message}, status_code=status)


async def json_object(request):
    try:
        body = json.loads(await request.body())
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def is_event_name(value):
    return isinstance(value, str) and value != ""


def view(sub, with_events):
    keys = ("id", "event", "once", "fail", "active") + (("events",) if with_events else ())
    return {k: sub[k] for k in keys}


def make_listener(sub):
    def listener(payload):
        sub["events"].append({"event": sub["event"], "payload": payload, "seq": next(seq)})
        if sub["once"]:
            sub["active"] = False
        if sub["fail"]:
            raise RuntimeError(f"subscription {sub['id']} fails on purpose")
    return listener


async def create_subscription(request: Request):
    body = await json_object(request)
    if body is None or not is_event_name(body.get("event")):
        return error(400, "event must be a non-empty string")
    once, fail = body.get("once", False), body.get("fail", False)
    if not isinstance(once, bool) or not isinstance(fail, bool):
        return error(400, "once and fail must be booleans")
    sub = {"id": str(next(ids)), "event": body["event"], "once": once, "fail": fail, "active": True, "events": []}
    sub["listener"] = make_listener(sub)
    (emitter.once if once else emitter.on)(sub["event"], sub["listener"])
    subscriptions[sub["id"]] = sub
    return JSONResponse(view(sub, False), status_code=201)


async def get_subscription(request: Request):
    sub = subscriptions.get(request.path_params["id"])
    if sub is None:
        return error(404, "subscription not found")
    return JSONResponse(view(sub, True))


async def delete_subscription(request: Request):
    sub = subscriptions.get(request.path_params["id"])
    if sub is None or not sub["active"]:
        return error(404, "no active subscription with this id")
    emitter.off(sub["event"], sub["listener"])
    sub["active"] = False
    return Response(status_code=204)


async def publish(request: Request):
    body = await json_object(request)
    if body is None or not is_event_name(body.get("event")):
        return error(400, "event must be a non-empty string")
    called, errors = emitter.emit(body["event"], body.get("payload"))
    return JSONResponse({"event": body["event"], "listeners": called, "errors": errors})


async def listeners(request: Request):
    event = request.query_params.get("event", "")
    return JSONResponse({"event": event, "count": emitter.listener_count(event)})


app = Starlette(routes=[
    Route("/subscriptions", create_subscription, methods=["POST"]),
    Route("/subscriptions/{id}", get_subscription, methods=["GET"]),
    Route("/subscriptions/{id}", delete_subscription, methods=["DELETE"]),
    Route("/events", publish, methods=["POST"]),
    Route("/listeners", listeners, methods=["GET"]),
])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
