import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

PRODUCTION = os.environ.get("NODE_ENV") == "production"


# TODO: the routes
#   GET /            -> 200 {"message": "ok"}
#   GET /users/{id}  -> 200 {"id": "<the path segment>"}
#   POST /echo       -> 200, the JSON body echoed back


# TODO: an access-log middleware that appends one line per request to access.log:
#   production -> combined: :remote-addr - - [:date[clf]] ":method :url HTTP/:http-version" :status :res[content-length] ":referrer" ":user-agent"
#   otherwise  -> dev:      :method :url :status :response-time ms - :res[content-length]
#   (:url is the raw path plus the query string; missing values are written as -)


routes = [
    # TODO: Route("/", home, methods=["GET"]), ...
]

app = Starlette(routes=routes)  # TODO: middleware=[Middleware(AccessLog)]


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
