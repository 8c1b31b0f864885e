import asyncio
import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

CACHE_TTL_MS = int(os.environ.get("CACHE_TTL_MS", "30000"))

PRODUCTS = {
    1: {"id": 1, "name": "Mechanical Keyboard", "price": 89.99},
    2: {"id": 2, "name": "Wireless Mouse", "price": 24.5},
    3: {"id": 3, "name": "USB-C Hub", "price": 39},
    4: {"id": 4, "name": "27-inch Monitor", "price": 249.99},
    5: {"id": 5, "name": "Laptop Stand", "price": 34.95},
}


async def slow_lookup(product_id: int) -> dict | None:
    """The slow data source: every uncached lookup must take at least 300 ms."""
    await asyncio.sleep(0.3)
    product = PRODUCTS.get(product_id)
    return dict(product) if product else None


# TODO: an in-memory cache: product id -> (product, expiry) (entries live CACHE_TTL_MS).
# TODO: GET /products/{id} -> 200 product with X-Cache: MISS (slow_lookup) or HIT (from the
#       cache), and Cache-Control: public, max-age=<CACHE_TTL_MS/1000, floor, >= 1>;
#       unknown id -> 404 {"error"} with Cache-Control: no-store (never cached).
# TODO: PUT /products/{id} {"price": number >= 0} -> 200 updated product, invalidates its entry;
#       invalid body -> 400 {"error"}; unknown id -> 404 {"error"}.
# TODO: DELETE /cache -> 204, removes every entry.
# Add each endpoint to the routes below, e.g. Route("/products/{id}", get_product, methods=["GET"]).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
