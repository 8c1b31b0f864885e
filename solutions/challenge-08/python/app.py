import os
from datetime import datetime, timezone

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


class RequestLogMiddleware(BaseHTTPMiddleware):
    """Prints `[METHOD] PATH - TIMESTAMP` for every request that reaches the app."""

    async def dispatch(self, request: Request, call_next):
        stamp = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        print(f"[{request.method}] {request.url.path} - {stamp}", flush=True)
        return await call_next(request)


async def homepage(request: Request) -> JSONResponse:
    return JSONResponse({"message": "ok"})


async def echo(request: Request) -> JSONResponse:
    try:
        payload = await request.json()
    except ValueError:  # json.JSONDecodeError and UnicodeDecodeError are both ValueErrors
        return JSONResponse({"error": "request body is not valid JSON"}, status_code=400)
    return JSONResponse(payload)


routes = [
    Route("/", homepage),
    Route("/echo", echo, methods=["POST"]),
]

# App-level middleware wraps the router, so it also sees requests no route matches.
app = Starlette(routes=routes, middleware=[Middleware(RequestLogMiddleware)])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
