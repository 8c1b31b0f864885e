"""products-service (two replicas run this app): GET /products?category=&limit= -> 200 a list;
GET /products/{id} -> 200 the product | 404; POST /products -> 201 the JSON body with an id.
Anything else -> 404 {"error"}."""

import itertools
import json

from catalogue import parse_id, product, products
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

_ids = itertools.count(100_001)


async def listing(request):
    if request.method == "POST":
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return JSONResponse({"error": "a JSON object body is required"}, status_code=400)
        return JSONResponse({**body, "id": next(_ids)}, status_code=201)
    limit = request.query_params.get("limit", "10")
    if not limit.isdigit():
        return JSONResponse({"error": "limit must be a number"}, status_code=400)
    return JSONResponse(products(request.query_params.get("category"), int(limit)))


async def one(request):
    pid = parse_id(request.path_params["id"])
    if pid is None:
        return JSONResponse({"error": "product not found"}, status_code=404)
    return JSONResponse(product(pid))


async def not_found(request, exc):
    return JSONResponse({"error": "no such route on products-service"}, status_code=exc.status_code)


app = Starlette(routes=[Route("/products", listing, methods=["GET", "POST"]),
                        Route("/products/{id}", one, methods=["GET"])],
                exception_handlers={404: not_found, 405: not_found})
