"""users-service: GET /users/{id} -> 200 the user | 404; POST /users -> 201 the JSON body with an
id; PATCH /users/{id} -> 200 the user updated with the JSON body; DELETE /users/{id} -> 204.
Anything else -> 404 {"error"}."""

import itertools
import json

from catalogue import parse_id, user
from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

_ids = itertools.count(100_001)


async def _json_object(request):
    try:
        body = json.loads(await request.body())
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


async def create(request):
    body = await _json_object(request)
    if body is None:
        return JSONResponse({"error": "a JSON object body is required"}, status_code=400)
    return JSONResponse({**body, "id": next(_ids)}, status_code=201)


async def one(request):
    uid = parse_id(request.path_params["id"])
    if uid is None:
        return JSONResponse({"error": "user not found"}, status_code=404)
    if request.method == "DELETE":
        return Response(status_code=204)
    if request.method == "PATCH":
        body = await _json_object(request)
        if body is None:
            return JSONResponse({"error": "a JSON object body is required"}, status_code=400)
        return JSONResponse({**user(uid), **body, "id": uid})
    return JSONResponse(user(uid))


async def not_found(request, exc):
    return JSONResponse({"error": "no such route on users-service"}, status_code=exc.status_code)


app = Starlette(routes=[Route("/users", create, methods=["POST"]),
                        Route("/users/{id}", one, methods=["GET", "PATCH", "DELETE"])],
                exception_handlers={404: not_found, 405: not_found})
