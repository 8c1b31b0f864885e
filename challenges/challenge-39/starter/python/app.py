import os

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Route

# OAUTH_PROVIDER_URL, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_REDIRECT_URI and SESSION_SECRET
# come from the environment.
#
# TODO: GET  /auth/login    -> 302 to OAUTH_PROVIDER_URL/authorize?response_type=code&client_id=...
#                              &redirect_uri=...&scope=profile%20email&state=<random, kept in the session>
# TODO: GET  /auth/callback -> check and spend the state (400), ?error= (401), no code (400),
#                              POST /token + GET /userinfo at the provider (502 on failure),
#                              then sign the user in (session) and redirect (302)
# TODO: GET  /me            -> 200 {id, sub, name, email} | 401
# TODO: POST /auth/logout   -> 204

routes = []

app = Starlette(
    routes=routes,
    middleware=[Middleware(SessionMiddleware, secret_key=os.environ.get("SESSION_SECRET", "dev"))],
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
