import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: a logging middleware that prints one line per request to stdout:
#   [METHOD] PATH - TIMESTAMP
# e.g. "[GET] /users - 2026-11-21T14:03:07.123Z" (path without the query string,
# ISO 8601 timestamp in UTC). It must run for every request, then let the request continue.
# Register it with Starlette(..., middleware=[Middleware(YourMiddleware)])
# (from starlette.middleware import Middleware).

# TODO: GET /      -> 200 {"message": "ok"}
# TODO: POST /echo -> 200 with the JSON body it received
# Add the endpoints to the routes below, e.g. Route("/echo", echo, methods=["POST"]).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
