import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: write an endpoint for GET /search?q=term&limit=10 that answers
#   200 {"q": <string, default "">, "limit": <integer 1..100, default 10>}
#   400 {"error": "..."} when limit is present but invalid
# and add it to the routes below, e.g. Route("/search", search).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
