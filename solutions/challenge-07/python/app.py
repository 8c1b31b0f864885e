import os
from http import HTTPStatus

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

SUPPORTED = frozenset({200, 201, 400, 401, 403, 404, 500, 503})


def parse_code(raw: str) -> int | None:
    """The status code written in the URL, or None unless it is plain decimal digits."""
    if raw.isascii() and raw.isdigit():
        return int(raw)
    return None


async def status_code(request: Request) -> JSONResponse:
    raw = request.path_params["code"]
    code = parse_code(raw)
    if code is None or code not in SUPPORTED:
        return JSONResponse({"error": f"unsupported status code: {raw!r}"}, status_code=400)
    status = HTTPStatus(code)
    return JSONResponse({"code": status.value, "message": status.phrase}, status_code=status.value)


app = Starlette(routes=[Route("/status/{code}", status_code)])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
