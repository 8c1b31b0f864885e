import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# import httpx

# The services, found through the environment (never hard-code their addresses):
USERS_SERVICE_URL = os.environ.get("USERS_SERVICE_URL", "")
ORDERS_SERVICE_URL = os.environ.get("ORDERS_SERVICE_URL", "")
# TODO: read UPSTREAM_TIMEOUT_MS (default 2000).

# TODO: a helper that GETs a service URL with an httpx.AsyncClient, a timeout per attempt and at
#       most 2 retries on 5xx / connection errors (never on a timeout or a 4xx).

# TODO: GET /health            -> 200 {"status": "ok"}
# TODO: GET /users/{id}/orders -> 200 {"user": ..., "orders": [...]}
#       404 (unknown user), 504 (timeout), 502 (5xx), 503 (unreachable): {"error": "..."}

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
