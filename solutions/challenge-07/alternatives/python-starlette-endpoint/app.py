# Alternative: Starlette with a class-based HTTPEndpoint under a Mount, the phrases taken from
# http.HTTPStatus (restricted to the supported codes) and the rejection raised as an HTTPException.
import os
import re
from http import HTTPStatus

import uvicorn
from starlette.applications import Starlette
from starlette.endpoints import HTTPEndpoint
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

SUPPORTED = frozenset({200, 201, 400, 401, 403, 404, 500, 503})
DIGITS = re.compile(r"[0-9]+")


class StatusEndpoint(HTTPEndpoint):
    async def get(self, request: Request) -> JSONResponse:
        raw = request.path_params["code"]
        code = int(raw) if DIGITS.fullmatch(raw) else None
        if code not in SUPPORTED:
            raise HTTPException(400, detail=f"{raw!r} is not a supported status code")
        return JSONResponse({"code": code, "message": HTTPStatus(code).phrase}, status_code=code)


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code)


app = Starlette(
    routes=[Mount("/status", routes=[Route("/{code}", StatusEndpoint)])],
    exception_handlers={HTTPException: http_error},
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
