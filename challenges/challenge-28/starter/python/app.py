import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

COOKIE_SECRET = os.environ.get("COOKIE_SECRET", "dev-secret")

# TODO: sign values with COOKIE_SECRET (e.g. itsdangerous.Signer(COOKIE_SECRET)).

# TODO: POST /cookies {"name", "value"} -> 201 {"name", "value"} and a SIGNED cookie:
#       httponly, path="/", samesite="strict", max_age=86400; invalid name/value -> 400 {"error"}.
# TODO: GET /cookies/{name} -> 200 {"name", "value"} (valid) | 404 (absent) | 401 (unsigned or tampered).
# TODO: GET /cookies -> 200 {"cookies": {name: value}} of the valid signed cookies only.
# TODO: DELETE /cookies/{name} -> 204 and clear the cookie (response.delete_cookie).
# Add each endpoint to the routes below, e.g. Route("/cookies", set_cookie, methods=["POST"]).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
