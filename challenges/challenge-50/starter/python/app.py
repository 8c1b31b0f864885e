import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# import httpx

# The services, found through the environment (never hard-code their addresses):
INVENTORY_SERVICE_URL = os.environ.get("INVENTORY_SERVICE_URL", "")
COLLECTOR_URL = os.environ.get("COLLECTOR_URL", "")  # export to f"{COLLECTOR_URL}/v1/traces"

# TODO: a middleware: the request id (X-Request-Id, or a new one), echoed on every response;
#       the trace context (a valid incoming traceparent, or a new trace) and a server span.
# TODO: GET /api/stock/{sku} -> call the inventory-service with X-Request-Id and a traceparent
#       naming a new client span; 200 {"sku", "quantity"}, 404, 502 {"error"}.
# TODO: once answered, POST both spans as OTLP JSON to the collector, in the background.
# TODO: GET /health -> 200 {"status": "ok"}

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
