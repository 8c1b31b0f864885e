import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# import httpx

# The services, found through the environment (never hard-code their addresses):
USERS_SERVICE_URL = os.environ.get("USERS_SERVICE_URL", "")
PRODUCTS_REPLICAS = [os.environ.get("PRODUCTS_SERVICE_1_URL", ""), os.environ.get("PRODUCTS_SERVICE_2_URL", "")]
GATEWAY_API_KEY = os.environ.get("GATEWAY_API_KEY", "")
# TODO: read UPSTREAM_TIMEOUT_MS (default 2000).

# TODO: one log line per request: method, path, status.
# TODO: GET /health -> 200 {"status": "ok"} (no key needed)
# TODO: every other request needs X-API-Key == GATEWAY_API_KEY, else 401 {"error": "..."}
# TODO: /users/*    -> the users-service; /products/* -> the replicas, round-robin;
#       forward method, path, query, body, Content-Type, Accept and X-* (never X-API-Key);
#       pass back status, Content-Type and body; 404 for any other route.
# TODO: 5xx -> 502, unreachable -> 503 (try the other products replica first), timeout -> 504.

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
