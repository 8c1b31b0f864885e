import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: POST /users with {"name": ..., "email": ...}
#   - name: required string, at least 2 characters after trimming whitespace
#   - email: required string of the form local@domain.tld
#   - any invalid field -> 400 {"errors": ["<one message per invalid field>", ...]}
#   - valid -> 201 {"name": ..., "email": ...}
#   - a body that is not a JSON object -> 400 (request.json() raises on malformed JSON)
# Add the endpoint to the routes below, e.g. Route("/users", create_user, methods=["POST"]).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
