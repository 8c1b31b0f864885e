"""orders-service: GET /orders?userId={id} -> 200 the user's orders (a JSON array, maybe empty);
400 {"error"} without a numeric userId."""

from catalogue import orders
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def list_orders(request):
    text = request.query_params.get("userId", "")
    if not text.isascii() or not text.isdigit():
        return JSONResponse({"error": "userId (a number) is required"}, status_code=400)
    return JSONResponse(orders(int(text)))


app = Starlette(routes=[Route("/orders", list_orders)])
