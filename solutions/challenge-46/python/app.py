import asyncio
import os
from urllib.parse import quote

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


def positive_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


USERS_SERVICE_URL = os.environ.get("USERS_SERVICE_URL", "")
ORDERS_SERVICE_URL = os.environ.get("ORDERS_SERVICE_URL", "")
UPSTREAM_TIMEOUT = positive_int("UPSTREAM_TIMEOUT_MS", 2000) / 1000
MAX_RETRIES = 2
RETRY_DELAY = 0.05

# One client for the whole server: its connection pool is reused by every call.
http = httpx.AsyncClient(timeout=UPSTREAM_TIMEOUT)


class UpstreamError(Exception):
    """A failed service call, carrying the status this server answers with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


async def call_service(service: str, url: str, params: dict | None = None):
    """GET a service's JSON. Retries 5xx answers and connection errors (transient), never a
    timeout (its budget is spent) nor a 4xx (asking again will not help)."""
    for attempt in range(MAX_RETRIES + 1):
        last = attempt == MAX_RETRIES
        try:
            response = await http.get(url, params=params)
        except httpx.TimeoutException:
            raise UpstreamError(504, f"{service} timed out after {UPSTREAM_TIMEOUT:g} s") from None
        except httpx.TransportError as exc:
            if not last:
                await asyncio.sleep(RETRY_DELAY)
                continue
            raise UpstreamError(503, f"{service} unreachable: {exc!r}") from None
        if response.status_code >= 500 and not last:
            await asyncio.sleep(RETRY_DELAY)
            continue
        if response.status_code == 404:
            raise UpstreamError(404, f"{service}: not found")
        if response.status_code != 200:
            raise UpstreamError(502, f"{service} failed: {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise UpstreamError(502, f"{service} answered without JSON") from None


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def user_orders(request: Request) -> JSONResponse:
    user_id = request.path_params["id"]
    try:
        user = await call_service("users-service", f"{USERS_SERVICE_URL}/users/{quote(user_id, safe='')}")
        orders = await call_service("orders-service", f"{ORDERS_SERVICE_URL}/orders", {"userId": user_id})
    except UpstreamError as exc:
        return JSONResponse({"error": str(exc)}, status_code=exc.status)
    return JSONResponse({"user": user, "orders": orders})


app = Starlette(routes=[Route("/health", health), Route("/users/{id}/orders", user_orders)])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
