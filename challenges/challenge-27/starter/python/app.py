import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

SESSION_SECRET = os.environ.get("SESSION_SECRET", "dev-secret")
SESSION_MAX_AGE = int(os.environ.get("SESSION_MAX_AGE", "3600"))  # seconds

# TODO: an in-memory session store: session id -> {"username", "visits", expiry}.
#       The cookie carries only the session id (random, e.g. secrets.token_urlsafe(32); you may
#       sign it with itsdangerous using SESSION_SECRET).

# TODO: POST /login {"username": non-empty string} -> 200 {"username"}, starts a NEW session and
#       sets the cookie (httponly, samesite="lax", path="/", max_age=SESSION_MAX_AGE);
#       invalid body -> 400 {"error"}.
# TODO: GET /me -> 200 {"username", "visits"} (visits: this session's GET /me count, 1 on the
#       first call); no valid session -> 401 {"error"}.
# TODO: POST /logout -> 200 and delete the session from the store.
# Add each endpoint to the routes below, e.g. Route("/login", login, methods=["POST"]).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
