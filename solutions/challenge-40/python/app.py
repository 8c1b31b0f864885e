"""Reference solution of challenge-40 (API versioning): Starlette, one store, one handler per
(version, route), and a dispatcher that resolves the version from the path or from Accept-Version
and then adds that version's headers to whatever the handler answered."""

import os
import re
import time
from datetime import datetime
from email.utils import format_datetime

import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

SUPPORTED = ["v1", "v2"]


def instant(name, default):
    return datetime.fromisoformat(os.environ.get(name, default).replace("Z", "+00:00"))


DEPRECATED_AT = instant("V1_DEPRECATED_AT", "2025-06-01T00:00:00Z")
SUNSET_AT = instant("V1_SUNSET_AT", "2099-12-31T23:59:59Z")

users: list[dict] = []


def v1_user(u):
    return {"id": u["id"], "name": f"{u['firstName']} {u['lastName']}", "email": u["email"]}


def v2_user(u):
    return {"id": u["id"], "firstName": u["firstName"], "lastName": u["lastName"], "email": u["email"]}


def error(status, message, **extra):
    return JSONResponse({"error": message, **extra}, status_code=status)


def find(uid):
    return next((u for u in users if str(u["id"]) == uid), None)


async def handle(version, method, rest, request):
    """The answer of `version` to METHOD /users{rest}, before the version's headers."""
    shape = v1_user if version == "v1" else v2_user
    if version == "v1" and time.time() >= SUNSET_AT.timestamp():
        return error(410, "API v1 has been sunset; use v2")
    if rest in ("", "/") and method == "GET":
        if version == "v1":
            return JSONResponse([v1_user(u) for u in users])
        return JSONResponse({"data": [v2_user(u) for u in users], "total": len(users)})
    if rest in ("", "/") and method == "POST" and version == "v2":
        try:
            body = await request.json()
        except ValueError:
            return error(400, "malformed JSON")
        fields = {k: body.get(k) for k in ("firstName", "lastName", "email")} if isinstance(body, dict) else {}
        if len(fields) != 3 or not all(isinstance(v, str) and v.strip() for v in fields.values()):
            return error(400, "firstName, lastName and email are required strings")
        user = {"id": len(users) + 1, **fields}
        users.append(user)
        return JSONResponse(v2_user(user), status_code=201)
    match = re.fullmatch(r"/([^/]+)", rest)
    if match and method == "GET":
        user = find(match.group(1))
        return JSONResponse(shape(user)) if user else error(404, "user not found")
    return error(404, "not found")


def with_version_headers(response, version, rest):
    response.headers["API-Version"] = version
    if version == "v1":
        response.headers["Deprecation"] = f"@{int(DEPRECATED_AT.timestamp())}"
        response.headers["Sunset"] = format_datetime(SUNSET_AT, usegmt=True)
        response.headers["Link"] = f'</api/v2/users{rest.rstrip("/")}>; rel="successor-version"'
    return response


async def versioned(request):
    version, rest = request.path_params["version"], request.path_params["rest"]
    if version not in SUPPORTED:
        return error(404, "unknown API version", supportedVersions=SUPPORTED)
    return with_version_headers(await handle(version, request.method, rest, request), version, rest)


async def negotiated(request):
    asked = request.headers.get("accept-version")
    version = "v2" if asked is None else asked.strip()
    version = f"v{version}" if version.isdigit() else version
    rest = request.path_params.get("rest", "")
    if version not in SUPPORTED:
        response = error(400, f"unsupported API version {asked}", supportedVersions=SUPPORTED)
    else:
        response = with_version_headers(await handle(version, request.method, rest, request), version, rest)
    response.headers["Vary"] = "Accept-Version"
    return response


async def unknown_version(request):
    return error(404, "unknown API version", supportedVersions=SUPPORTED)


METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
app = Starlette(routes=[
    Route("/api/users{rest:path}", negotiated, methods=METHODS),
    Route("/api/{version:str}/users{rest:path}", versioned, methods=METHODS),
    Route("/api/{version:str}/{other:path}", unknown_version, methods=METHODS),
    Route("/api/{version:str}", unknown_version, methods=METHODS),
])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
