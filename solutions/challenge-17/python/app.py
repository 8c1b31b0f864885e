import asyncio
import os
import traceback

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

DEVELOPMENT = os.environ.get("NODE_ENV") == "development"


def error_response(exc: Exception, status: int, message: str) -> JSONResponse:
    error = {"message": message, "status": status}
    if DEVELOPMENT:
        error["stack"] = "".join(traceback.format_exception(exc))
    return JSONResponse({"error": error}, status_code=status)


async def ok(request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})


async def bad_request(request: Request) -> JSONResponse:
    raise HTTPException(status_code=400, detail="Invalid input")


async def forbidden(request: Request) -> JSONResponse:
    raise HTTPException(status_code=403, detail="Access denied")


async def crash(request: Request) -> JSONResponse:
    raise RuntimeError("Simulated crash")


async def fetch_remote_data() -> dict:
    await asyncio.sleep(0.005)
    raise ConnectionError("Simulated async failure")


async def async_failure(request: Request) -> JSONResponse:
    return JSONResponse(await fetch_remote_data())


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """HTTPExceptions: the ones the endpoints raise, and the router's 404/405."""
    return error_response(exc, exc.status_code, exc.detail)


async def server_error(request: Request, exc: Exception) -> JSONResponse:
    """Anything else. Starlette re-raises the exception after this response is sent, and uvicorn
    then logs it with its traceback ("Exception in ASGI application"): that is the 500's log."""
    message = str(exc) if DEVELOPMENT else "Internal Server Error"
    return error_response(exc, 500, message or "Internal Server Error")


app = Starlette(
    routes=[
        Route("/ok", ok),
        Route("/error/bad-request", bad_request),
        Route("/error/forbidden", forbidden),
        Route("/error/crash", crash),
        Route("/error/async", async_failure),
    ],
    exception_handlers={HTTPException: http_error, Exception: server_error},
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
