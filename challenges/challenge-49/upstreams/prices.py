"""pricing-service: GET /prices/{sku} -> 200 {"sku", "price", "currency"}, or 404 {"error"} for an
unknown sku."""

from pricing import known, price
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def get_price(request):
    sku = request.path_params["sku"]
    if not known(sku):
        return JSONResponse({"error": "unknown sku"}, status_code=404)
    return JSONResponse(price(sku))


app = Starlette(routes=[Route("/prices/{sku}", get_price)])
