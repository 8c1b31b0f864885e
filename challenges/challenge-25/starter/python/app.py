import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# import jwt  # PyJWT

# TODO: read the signing key from os.environ["JWT_SECRET"].

# TODO: verify "Authorization: Bearer <token>" (a helper, a decorator or a middleware):
#   - HS256 only, signed with JWT_SECRET, numeric exp in the future (no exp -> rejected)
#   - otherwise answer 401 {"error": "..."}

# TODO: GET /profile (any valid token) -> 200 {"user": <decoded claims>}

# TODO: GET /admin (valid token) -> 200 {"message": "..."} when role == "admin",
#       403 {"error": "..."} for any other role
# Add the endpoints to the routes below, e.g. Route("/profile", profile).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
