"""Alternative for challenge-40: one Starlette Mount per version, UUID string ids, and a pure ASGI
middleware that rewrites /api/users to the negotiated /api/vN/users and adds every header."""

import os
import time
import uuid
from calendar import timegm
from datetime import datetime, timezone

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

VERSIONS = ("v1", "v2")
dep = datetime.strptime(os.environ["V1_DEPRECATED_AT"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
sun = datetime.strptime(os.environ["V1_SUNSET_AT"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
STORE = {}


def bad(status, msg, **kw):
    return JSONResponse(dict(error=msg, **kw), status)


async def v1_list(request):
    return JSONResponse([{"id": k, "name": f"{u['firstName']} {u['lastName']}", "email": u["email"]} for k, u in STORE.items()])


async def v1_one(request):
    u = STORE.get(request.path_params["id"])
    if not u:
        return bad(404, "no such user")
    return JSONResponse({"id": request.path_params["id"], "name": u["firstName"] + " " + u["lastName"], "email": u["email"]})


async def v2_list(request):
    return JSONResponse({"total": len(STORE), "data": [{"id": k, **u} for k, u in STORE.items()]})


async def v2_one(request):
    u = STORE.get(request.path_params["id"])
    return JSONResponse({"id": request.path_params["id"], **u}) if u else bad(404, "no such user")


async def v2_create(request):
    try:
        data = await request.json()
    except Exception:
        data = None
    keys = ("firstName", "lastName", "email")
    if not isinstance(data, dict) or any(not isinstance(data.get(k), str) or not data[k].strip() for k in keys):
        return bad(400, "invalid user")
    uid = str(uuid.uuid4())
    STORE[uid] = {k: data[k] for k in keys}
    return JSONResponse({"id": uid, **STORE[uid]}, 201)


async def sunset_gate(request):
    return bad(410, "v1 is gone")


def v1_routes():
    if time.time() >= sun.timestamp():
        return [Route("/users", sunset_gate), Route("/users/{id}", sunset_gate)]
    return [Route("/users", v1_list), Route("/users/{id}", v1_one)]


inner = Starlette(routes=[
    Mount("/api/v1", routes=v1_routes()),
    Mount("/api/v2", routes=[Route("/users", v2_list), Route("/users", v2_create, methods=["POST"]),
                             Route("/users/{id}", v2_one)]),
])


async def app(scope, receive, send):
    if scope["type"] != "http":
        return await inner(scope, receive, send)
    path = scope["path"]
    negotiated = path == "/api/users" or path.startswith("/api/users/")
    parts = path.split("/")
    if negotiated:
        asked = Request(scope).headers.get("accept-version")
        version = {"1": "v1", "2": "v2"}.get(asked, asked) if asked is not None else "v2"
        if version not in VERSIONS:
            resp = bad(400, "bad version", supportedVersions=list(VERSIONS))
            resp.headers["Vary"] = "Accept-Version"
            return await resp(scope, receive, send)
        scope = dict(scope, path=f"/api/{version}" + path[len("/api"):])
    elif len(parts) > 2 and parts[1] == "api" and parts[2] not in VERSIONS:
        return await bad(404, "unknown version", supportedVersions=list(VERSIONS))(scope, receive, send)
    version = scope["path"].split("/")[2] if scope["path"].startswith("/api/v") else None

    async def send_with_headers(message):
        if message["type"] == "http.response.start" and version:
            h = MutableHeaders(scope=message)
            h["API-Version"] = version
            if negotiated:
                h["Vary"] = "Accept-Version"
            if version == "v1":
                h["Deprecation"] = "@%d" % timegm(dep.utctimetuple())
                h["Sunset"] = sun.strftime("%a, %d %b %Y %H:%M:%S GMT")
                h.append("Link", '</api/v2%s>; rel="successor-version"' % scope["path"][len("/api/v1"):])
                h.append("Link", '<https://docs.example.com/api/v1>; rel="deprecation"')
        await send(message)

    await inner(scope, receive, send_with_headers)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
