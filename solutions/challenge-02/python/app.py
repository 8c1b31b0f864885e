import os

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def get_user(request: Request) -> JSONResponse:
    # The default (str) convertor matches one path segment; Starlette has already
    # percent-decoded it, so the id is echoed exactly as the client meant it.
    user_id: str = request.path_params["user_id"]
    return JSONResponse({"id": user_id, "message": "User found"})


app = Starlette(routes=[Route("/users/{user_id}", get_user, methods=["GET"])])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
