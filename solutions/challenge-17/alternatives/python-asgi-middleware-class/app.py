"""Alternative: class-based HTTPEndpoints, and the centralised handler is a pure ASGI middleware
class wrapping the router (no exception_handlers); unknown routes reach it through a catch-all
endpoint whose every method raises a 404 AppError."""

import asyncio
import os
import sys
import traceback

import uvicorn
from starlette.applications import Starlette
from starlette.endpoints import HTTPEndpoint
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.responses import JSONResponse
from starlette.routing import Route

DEVELOPMENT = os.environ.get("NODE_ENV") == "development"


class AppError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Ok(HTTPEndpoint):
    async def get(self, request):
        return JSONResponse({"ok": True})


class BadRequest(HTTPEndpoint):
    async def get(self, request):
        raise AppError(400, "Invalid input")


class Forbidden(HTTPEndpoint):
    async def get(self, request):
        raise AppError(403, "Access denied")


class Crash(HTTPEndpoint):
    async def get(self, request):
        raise RuntimeError("Simulated crash")


class AsyncFailure(HTTPEndpoint):
    async def get(self, request):
        await asyncio.sleep(0.005)
        raise RuntimeError("Simulated async failure")


class NotFound(HTTPEndpoint):
    """Matches every path and method after the real routes: every method is 'not allowed' here,
    and that is answered as a 404."""

    async def method_not_allowed(self, request):
        raise AppError(404, f"Not Found: {request.method} {request.url.path}")


class JSONErrorMiddleware:
    """Turns any exception raised below it into {"error": {...}}; logs 5xx with their traceback."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                raise
            await self.error_response(exc)(scope, receive, send)

    @staticmethod
    def error_response(exc: Exception) -> JSONResponse:
        if isinstance(exc, AppError):
            status, message = exc.status, str(exc)
        elif isinstance(exc, HTTPException):
            status, message = exc.status_code, str(exc.detail)
        else:
            status, message = 500, str(exc)
        if status >= 500:
            traceback.print_exception(exc, file=sys.stderr)
            if not DEVELOPMENT:
                message = "Internal Server Error"
        error = {"message": message, "status": status}
        if DEVELOPMENT:
            error["stack"] = "".join(traceback.format_exception(exc))
        return JSONResponse({"error": error}, status_code=status)


routes = [
    Route("/ok", Ok),
    Route("/error/bad-request", BadRequest),
    Route("/error/forbidden", Forbidden),
    Route("/error/crash", Crash),
    Route("/error/async", AsyncFailure),
    Route("/{path:path}", NotFound),
]

app = Starlette(routes=routes, middleware=[Middleware(JSONErrorMiddleware)])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
