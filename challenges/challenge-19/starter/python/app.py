import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: read RATE_LIMIT_MAX (default 5) and RATE_LIMIT_WINDOW_MS (default 60000).

# TODO: a rate limiter per client (the first X-Forwarded-For address, else the connection's
#       address), as a middleware or a decorator:
#       request MAX + 1 within the window -> 429 {"error": "..."} with a Retry-After header

# TODO: GET /api/resource -> 200 {"ok": true}    (rate-limited)
# TODO: GET /health       -> 200 {"status": "ok"} (never limited, never counted)

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
