import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: GET /api/data -> 200 {"items": [...]}
# TODO: POST /api/data -> 201 with the JSON body that was sent
# Add each endpoint to the routes below, e.g. Route("/api/data", ..., methods=[...]).

routes = []

# TODO: enable CORS with starlette.middleware.cors.CORSMiddleware (pass it in
# Starlette(middleware=[Middleware(CORSMiddleware, ...)])): every origin allowed, with
# credentials (the request's Origin reflected, never `*`), methods GET, POST, PUT, DELETE,
# request headers Content-Type and Authorization only.

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
