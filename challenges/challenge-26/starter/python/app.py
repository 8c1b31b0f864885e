import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# import bcrypt

# TODO: keep the users and write them to users.json (in the working directory)
#       as [{"username": ..., "passwordHash": ...}, ...] before answering 201.

# TODO: POST /register with {"username": ..., "password": ...}
#   - a body that is not a JSON object -> 400 (request.json() raises on malformed JSON)
#   - username 3-30 characters of [A-Za-z0-9_], password at least 8 characters, else 400 {"error": "..."}
#   - username already taken -> 409 {"error": "..."}
#   - hash the password with bcrypt (cost >= 10), store, then 201 {"message": "...", "username": ...}

# TODO: POST /login with {"username": ..., "password": ...}
#   - bcrypt check -> 200 {"message": "Login successful"}
#   - unknown user or wrong password -> 401 {"error": "..."}; missing fields -> 400
# Add the endpoints to the routes below, e.g. Route("/register", register, methods=["POST"]).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
