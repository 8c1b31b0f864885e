import os
import re

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

DEFAULT_LIMIT = 10
LIMIT_RANGE = range(1, 101)
DIGITS = re.compile(r"[0-9]+")


def first(params: QueryParams, name: str) -> str | None:
    """The first value of a (possibly repeated) query parameter, or None when absent.

    QueryParams.get() returns the *last* value, so go through getlist().
    """
    values = params.getlist(name)
    return values[0] if values else None


def parse_limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if not DIGITS.fullmatch(raw) or int(raw) not in LIMIT_RANGE:
        raise ValueError("limit must be an integer between 1 and 100")
    return int(raw)


async def search(request: Request) -> JSONResponse:
    params = request.query_params
    try:
        limit = parse_limit(first(params, "limit"))
    except ValueError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    q = first(params, "q")
    return JSONResponse({"q": q if q is not None else "", "limit": limit})


app = Starlette(routes=[Route("/search", search, methods=["GET"])])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
