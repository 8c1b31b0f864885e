"""users-service: GET /users/{id} -> 200 the user, or 404 {"error"} for an unknown id."""

from catalogue import parse_id, user
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def get_user(request):
    uid = parse_id(request.path_params["id"])
    if uid is None:
        return JSONResponse({"error": "user not found"}, status_code=404)
    return JSONResponse(user(uid))


app = Starlette(routes=[Route("/users/{id}", get_user)])
