import os
from operator import itemgetter

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

PRODUCTS = [
    {"id": 3, "name": "Webcam", "price": 59.5},
    {"id": 7, "name": "Router", "price": 74.9},
    {"id": 1, "name": "Keyboard", "price": 89.99},
    {"id": 8, "name": "Speaker", "price": 8.5},
    {"id": 5, "name": "Charger", "price": 19.99},
    {"id": 2, "name": "Monitor", "price": 249},
    {"id": 6, "name": "Laptop", "price": 999},
    {"id": 4, "name": "Headset", "price": 129},
]

SORT_KEYS = {"id": itemgetter("id"), "name": itemgetter("name"), "price": itemgetter("price")}
DIRECTIONS = {"asc": False, "desc": True}  # order -> reverse flag for sorted()


async def list_products(request: Request) -> JSONResponse:
    field = request.query_params.get("sort", "id")
    order = request.query_params.get("order", "asc")
    if field not in SORT_KEYS:
        return JSONResponse({"error": f"unknown sort field {field!r}; use id, name or price"}, status_code=400)
    if order not in DIRECTIONS:
        return JSONResponse({"error": f"unknown order {order!r}; use asc or desc"}, status_code=400)

    return JSONResponse(sorted(PRODUCTS, key=SORT_KEYS[field], reverse=DIRECTIONS[order]))


app = Starlette(routes=[Route("/products", list_products, methods=["GET"])])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
