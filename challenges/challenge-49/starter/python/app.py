import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# import httpx

# The service, found through the environment (never hard-code its address):
PRICING_SERVICE_URL = os.environ.get("PRICING_SERVICE_URL", "")
# TODO: read BREAKER_FAILURE_THRESHOLD (default 5), BREAKER_OPEN_MS (default 10000) and
#       UPSTREAM_TIMEOUT_MS (default 2000).

# TODO: the breaker: closed -> (N consecutive failures) -> open -> (BREAKER_OPEN_MS) -> half-open,
#       where one trial call closes it (success) or re-opens it (failure).

# TODO: GET /prices/{sku} -> the service's price with "fallback": false, 404 for an unknown sku,
#       else the fallback: 200 last known price with "fallback": true, or 503 {"error", "fallback": true}
# TODO: GET /breaker      -> {"state": "closed" | "open" | "half-open", "failures": n}

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
