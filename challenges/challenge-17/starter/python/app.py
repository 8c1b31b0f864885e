import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# NODE_ENV=development -> development mode; anything else -> production.
DEVELOPMENT = os.environ.get("NODE_ENV") == "development"

# TODO: GET /ok                 -> 200 {"ok": true}
# TODO: GET /error/bad-request  -> an error with status 400, message "Invalid input"
# TODO: GET /error/forbidden    -> an error with status 403, message "Access denied"
# TODO: GET /error/crash        -> raise a plain exception: "Simulated crash"
# TODO: GET /error/async        -> raise "Simulated async failure" after an await

# TODO: error handlers (Starlette(exception_handlers={...})) for HTTP errors, unknown routes (404)
#       and unhandled exceptions (500):
#       {"error": {"message": ..., "status": ...}}, plus "stack" in development only;
#       500s log their stack and say "Internal Server Error" in production

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
