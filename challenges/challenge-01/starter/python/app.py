import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: write an endpoint for GET / that answers 200 with {"message": "Hello World"},
# and add it to the routes below, e.g. Route("/", homepage).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
