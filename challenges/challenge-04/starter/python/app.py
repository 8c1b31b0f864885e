import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route


# TODO: async def create_user(request) for POST /users
#   - parse the JSON body (await request.json() raises on invalid JSON: answer 400)
#   - answer 400 {"error": "..."} when the body is not an object or name/email are missing or not strings
#   - otherwise answer 201 with {"id", "name", "email"} (id unique per created user);
#     JSONResponse defaults to status 200, so pass status_code=201


routes = [
    # TODO: Route("/users", create_user, methods=["POST"]),
]

app = Starlette(routes=routes)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
