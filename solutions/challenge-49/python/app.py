import os
import time

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


def int_from_env(name, default):
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


PRICING_SERVICE_URL = os.environ.get("PRICING_SERVICE_URL", "")
FAILURE_THRESHOLD = int_from_env("BREAKER_FAILURE_THRESHOLD", 5)
OPEN_SECONDS = int_from_env("BREAKER_OPEN_MS", 10000) / 1000
UPSTREAM_TIMEOUT = int_from_env("UPSTREAM_TIMEOUT_MS", 2000) / 1000


class CircuitBreaker:
    """closed -> (threshold consecutive failures) -> open -> (window) -> half-open: one trial;
    success closes, failure re-opens for a fresh window. time.monotonic, immune to clock jumps."""

    def __init__(self, threshold, open_seconds):
        self.threshold = threshold
        self.open_seconds = open_seconds
        self.failures = 0
        self.opened_at = None
        self.trial_in_flight = False

    @property
    def state(self):
        if self.opened_at is None:
            return "closed"
        return "half-open" if time.monotonic() - self.opened_at >= self.open_seconds else "open"

    def allow(self):
        state = self.state
        if state == "closed":
            return True
        if state == "open" or self.trial_in_flight:
            return False
        self.trial_in_flight = True
        return True

    def success(self):
        self.failures = 0
        self.opened_at = None
        self.trial_in_flight = False

    def failure(self):
        self.failures += 1
        if self.opened_at is not None or self.failures >= self.threshold:
            self.opened_at = time.monotonic()
        self.trial_in_flight = False


breaker = CircuitBreaker(FAILURE_THRESHOLD, OPEN_SECONDS)
last_known = {}  # sku -> the last price the service gave: the fallback's answer
http = httpx.AsyncClient(timeout=UPSTREAM_TIMEOUT)


async def call_pricing(sku):
    """(status, body) of the pricing-service, or None for a failure (5xx, no connection, timeout,
    not JSON). A 4xx is an answer, not a failure of the service."""
    try:
        response = await http.get(f"{PRICING_SERVICE_URL}/prices/{sku}")
        if response.status_code >= 500:
            return None
        return response.status_code, response.json()
    except (httpx.HTTPError, ValueError):
        return None


def fallback(sku):
    if sku in last_known:
        return JSONResponse({**last_known[sku], "fallback": True})
    return JSONResponse({"error": "pricing-service unavailable", "fallback": True}, status_code=503)


async def get_breaker(request):
    return JSONResponse({"state": breaker.state, "failures": breaker.failures})


async def get_price(request):
    sku = request.path_params["sku"]
    if not breaker.allow():
        return fallback(sku)
    result = await call_pricing(sku)
    if result is None:
        breaker.failure()
        return fallback(sku)
    breaker.success()
    status, body = result
    if status == 200:
        last_known[sku] = body
        return JSONResponse({**body, "fallback": False})
    error = "unknown sku" if status == 404 else f"pricing-service answered {status}"
    return JSONResponse({"error": error}, status_code=status)


app = Starlette(routes=[Route("/breaker", get_breaker), Route("/prices/{sku}", get_price)])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
