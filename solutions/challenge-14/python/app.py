import math
import os
import re

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

ITEMS = [{"id": n, "name": f"Item {n}"} for n in range(1, 96)]

MAX_LIMIT = 100
DIGITS = re.compile(r"[0-9]+")


class InvalidParam(ValueError):
    pass


def query_int(request: Request, name: str, default: int, maximum: int | None = None) -> int:
    """A positive integer query parameter (decimal digits only), or `default` when absent."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not DIGITS.fullmatch(raw) or int(raw) < 1:
        raise InvalidParam(f"{name} must be a positive integer")
    value = int(raw)
    if maximum is not None and value > maximum:
        raise InvalidParam(f"{name} must be at most {maximum}")
    return value


async def list_items(request: Request) -> JSONResponse:
    try:
        page = query_int(request, "page", 1)
        limit = query_int(request, "limit", 10, maximum=MAX_LIMIT)
    except InvalidParam as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)

    offset = (page - 1) * limit
    return JSONResponse({
        "data": ITEMS[offset:offset + limit],
        "page": page,
        "limit": limit,
        "total": len(ITEMS),
        "totalPages": math.ceil(len(ITEMS) / limit),
    })


app = Starlette(routes=[Route("/items", list_items, methods=["GET"])])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
