import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

# TODO: a counter http_requests_total and a histogram http_request_duration_seconds, both
#       labelled method / route / status (prometheus_client's default registry already has the
#       process metrics).
# TODO: a middleware that times every request and records it once the response is sent, under
#       the route TEMPLATE (scope["route"].path, e.g. "/api/items/{id}"), never the raw path.

# TODO: GET  /api/items        -> 200 [{"id": ..., "name": ...}, ...]
# TODO: POST /api/items        -> 201 the created item; 400 {"error"} without a "name" string
# TODO: GET  /api/items/{id}   -> 200 the item, 404 {"error"}
# TODO: GET  /api/slow?ms=N    -> waits N ms (0..2000, asyncio.sleep), then 200 {"waited": N}
# TODO: GET  /api/fail         -> 500 {"error": "..."}
# TODO: GET  /health           -> 200 {"status": "ok", "uptime": <seconds>}
# TODO: GET  /metrics          -> the Prometheus text exposition

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
