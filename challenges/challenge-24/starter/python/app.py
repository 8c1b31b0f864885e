import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# import jwt  # PyJWT

# TODO: read the signing key from os.environ["JWT_SECRET"].

# TODO: the fixed users: admin / "admin-pass-123" (role "admin"), alice / "wonderland-42" (role "user").

# TODO: POST /login with {"username": ..., "password": ...}
#   - a body that is not a JSON object -> 400 (request.json() raises on malformed JSON)
#   - missing, empty or non-string username/password -> 400 {"error": "..."}
#   - unknown user or wrong password -> 401 {"error": "..."}
#   - valid -> 200 {"token": <HS256 JWT with sub, role, iat, exp = iat + 3600>, "expiresIn": 3600}
# Add the endpoint to the routes below, e.g. Route("/login", login, methods=["POST"]).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
