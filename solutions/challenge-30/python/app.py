import asyncio
import math
import os
import time
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

CACHE_TTL_MS = int(os.environ.get("CACHE_TTL_MS") or 30000)
MAX_AGE = max(1, CACHE_TTL_MS // 1000)
LOOKUP_DELAY = 0.3  # seconds

PRODUCTS: dict[int, dict] = {
    1: {"id": 1, "name": "Mechanical Keyboard", "price": 89.99},
    2: {"id": 2, "name": "Wireless Mouse", "price": 24.5},
    3: {"id": 3, "name": "USB-C Hub", "price": 39},
    4: {"id": 4, "name": "27-inch Monitor", "price": 249.99},
    5: {"id": 5, "name": "Laptop Stand", "price": 34.95},
}


@dataclass
class TTLCache:
    """Product id -> (product, monotonic deadline); expired entries vanish when read."""

    ttl: float  # seconds
    _entries: dict[int, tuple[dict, float]] = field(default_factory=dict)

    def get(self, key: int) -> dict | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        product, deadline = entry
        if time.monotonic() >= deadline:
            del self._entries[key]
            return None
        return product

    def put(self, key: int, product: dict) -> None:
        self._entries[key] = (product, time.monotonic() + self.ttl)

    def invalidate(self, key: int) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()


cache = TTLCache(ttl=CACHE_TTL_MS / 1000)


async def slow_lookup(product_id: int) -> dict | None:
    await asyncio.sleep(LOOKUP_DELAY)
    product = PRODUCTS.get(product_id)
    return dict(product) if product else None


def product_id_of(request: Request) -> int | None:
    raw = request.path_params["id"]
    return int(raw) if raw.isascii() and raw.isdigit() else None


def not_found(request: Request) -> JSONResponse:
    return JSONResponse(
        {"error": f"product {request.path_params['id']} not found"},
        status_code=404,
        headers={"Cache-Control": "no-store"},
    )


async def get_product(request: Request) -> JSONResponse:
    product_id = product_id_of(request)
    if product_id is None:
        return not_found(request)
    if (product := cache.get(product_id)) is not None:
        source = "HIT"
    else:
        product = await slow_lookup(product_id)
        if product is None:
            return not_found(request)
        cache.put(product_id, product)
        source = "MISS"
    return JSONResponse(
        product,
        headers={"X-Cache": source, "Cache-Control": f"public, max-age={MAX_AGE}"},
    )


def valid_price(value: object) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


async def update_product(request: Request) -> JSONResponse:
    product_id = product_id_of(request)
    if product_id not in PRODUCTS:
        return not_found(request)
    try:
        payload = await request.json()
    except ValueError:
        return JSONResponse({"error": "malformed JSON body"}, status_code=400)
    price = payload.get("price") if isinstance(payload, dict) else None
    if not valid_price(price):
        return JSONResponse({"error": "price must be a number >= 0"}, status_code=400)
    PRODUCTS[product_id]["price"] = price
    cache.invalidate(product_id)
    return JSONResponse(dict(PRODUCTS[product_id]))


async def clear_cache(request: Request) -> Response:
    cache.clear()
    return Response(status_code=204)


app = Starlette(
    routes=[
        Route("/products/{id}", get_product, methods=["GET"]),
        Route("/products/{id}", update_product, methods=["PUT"]),
        Route("/cache", clear_cache, methods=["DELETE"]),
    ]
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
