import os

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

PRODUCTS = [
    {"id": 1, "name": "Wireless Mouse", "price": 24.99},
    {"id": 2, "name": "Mouse Pad", "price": 9.5},
    {"id": 3, "name": "USB-C Cable", "price": 12},
    {"id": 4, "name": "Mechanical Keyboard", "price": 89.99},
    {"id": 5, "name": "Wireless Keyboard", "price": 49.99},
    {"id": 6, "name": "USB-C Charger", "price": 34.5},
    {"id": 7, "name": "Laptop Sleeve", "price": 42},
    {"id": 8, "name": "Noise-Cancelling Headphones", "price": 199},
    {"id": 9, "name": "HDMI Cable", "price": 8.99},
    {"id": 10, "name": "Keyboard + Mouse Combo", "price": 59.9},
    {"id": 11, "name": "Gaming Mouse", "price": 39.99},
    {"id": 12, "name": "Webcam Cover", "price": 4.5},
]


def matches(product: dict, term: str) -> bool:
    return term.casefold() in product["name"].casefold()


async def search(request: Request) -> JSONResponse:
    term = (request.query_params.get("q") or "").strip()
    if not term:
        return JSONResponse({"error": "the search term q is required"}, status_code=400)

    results = [product for product in PRODUCTS if matches(product, term)]
    return JSONResponse({"results": results, "count": len(results)})


app = Starlette(routes=[Route("/search", search, methods=["GET"])])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
