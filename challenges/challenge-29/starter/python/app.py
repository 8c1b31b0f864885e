import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: POST /validate-email with {"email": "<string>"}
#   - a body that is not a JSON object -> 400 (request.json() raises on malformed JSON)
#   - email missing or not a string -> 400 {"error": "..."}
#   - otherwise 200 {"email": <trimmed>, "valid": <errors is empty>, "errors": [...]}
#     with the exact message of every rule of the README that the trimmed address breaks,
#     in the README's order.
# Add the endpoint to the routes below, e.g. Route("/validate-email", validate_email, methods=["POST"]).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
