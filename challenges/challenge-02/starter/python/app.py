import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: write an endpoint for GET /users/{id} that answers 200 with
# {"id": "<the id from the path, as a string>", "message": "User found"},
# and add it to the routes below, e.g. Route("/users/{id}", get_user).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
