"""inventory-service: GET /stock/{sku} -> 200 {"sku", "quantity"}, or 404 {"error"} for an unknown SKU."""

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
from stock import quantity


async def get_stock(request):
    sku = request.path_params["sku"]
    qty = quantity(sku)
    if qty is None:
        return JSONResponse({"error": "unknown sku"}, status_code=404)
    return JSONResponse({"sku": sku, "quantity": qty})


app = Starlette(routes=[Route("/stock/{sku}", get_stock)])
