import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: keep the todos in memory ({"id", "title", "completed"}) and generate unique ids
#       (an id is never reused, even after a delete).
#
# TODO: GET    /todos       -> 200 [todo, ...]
# TODO: GET    /todos/{id}  -> 200 todo | 404 {"error": "..."}
# TODO: POST   /todos       -> 201 todo | 400 {"error": "..."}   body {"title": "...", "completed": false}
# TODO: PUT    /todos/{id}  -> 200 todo | 404 | 400               body {"title"?, "completed"?}
# TODO: DELETE /todos/{id}  -> 204 (empty body) | 404
#
# Remember: JSONResponse defaults to status 200, request.json() raises on malformed JSON, and
# Starlette's own 404 page is plain text, not JSON.
# Add the endpoints to the routes below, e.g. Route("/todos", list_todos, methods=["GET"]).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
