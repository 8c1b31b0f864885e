import functools
import hmac
import os

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

API_TOKEN = os.environ.get("API_TOKEN") or "secret123"
API_USER = {"id": "user-1", "name": "API client"}


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None."""
    scheme, space, token = request.headers.get("authorization", "").partition(" ")
    if not space or scheme.lower() != "bearer" or not token:
        return None
    return token


def login_required(endpoint):
    """Lets the request through to `endpoint` only with the right bearer token."""

    @functools.wraps(endpoint)
    async def wrapper(request: Request):
        token = bearer_token(request)
        if token is None or not hmac.compare_digest(token.encode(), API_TOKEN.encode()):
            return JSONResponse(
                {"error": "Unauthorized: send Authorization: Bearer <token>"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        request.state.user = API_USER
        return await endpoint(request)

    return wrapper


async def public(request: Request) -> JSONResponse:
    return JSONResponse({"message": "Public content"})


@login_required
async def protected(request: Request) -> JSONResponse:
    return JSONResponse({"message": "Access granted", "user": request.state.user})


@login_required
async def profile(request: Request) -> JSONResponse:
    return JSONResponse({"user": request.state.user})


app = Starlette(
    routes=[
        Route("/public", public),
        Route("/protected", protected),
        Route("/protected/profile", profile),
    ]
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
