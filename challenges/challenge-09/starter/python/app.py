import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: GET /       -> 200 {"message": "ok"}
# TODO: GET /health -> 200 {"status": "ok"}
# Add the endpoints to the routes below, e.g. Route("/health", health).

# TODO: every other route, with any method, -> 404 with the JSON body {"error": "Not Found"}
# (Starlette's own 404 is plain text: replace it.)

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
