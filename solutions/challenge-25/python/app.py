import os

import jwt
import uvicorn
from starlette.applications import Starlette
from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    SimpleUser,
    requires,
)
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse
from starlette.routing import Route

JWT_SECRET = os.environ["JWT_SECRET"]


class TokenUser(SimpleUser):
    def __init__(self, claims: dict) -> None:
        super().__init__(str(claims.get("sub", "")))
        self.claims = claims


class BearerTokenBackend(AuthenticationBackend):
    """No Authorization header: anonymous. A Bearer token: verified or rejected with 401."""

    async def authenticate(self, conn: HTTPConnection):
        header = conn.headers.get("authorization")
        if header is None:
            return None
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or not token:
            raise AuthenticationError("expected 'Authorization: Bearer <token>'")
        try:
            claims = jwt.decode(token, JWT_SECRET, algorithms=["HS256"], options={"require": ["exp"]})
        except jwt.ExpiredSignatureError:
            raise AuthenticationError("token expired")
        except jwt.PyJWTError:
            raise AuthenticationError("invalid token")
        scopes = ["authenticated"] + (["admin"] if claims.get("role") == "admin" else [])
        return AuthCredentials(scopes), TokenUser(claims)


def auth_error(conn: HTTPConnection, exc: Exception) -> JSONResponse:
    return JSONResponse({"error": str(exc)}, status_code=401)


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code)


@requires("authenticated", status_code=401)
async def profile(request: Request) -> JSONResponse:
    return JSONResponse({"user": request.user.claims})


@requires("authenticated", status_code=401)
async def admin(request: Request) -> JSONResponse:
    if "admin" not in request.auth.scopes:
        raise HTTPException(status_code=403, detail="admin role required")
    return JSONResponse({"message": f"Welcome, {request.user.display_name}"})


app = Starlette(
    routes=[Route("/profile", profile), Route("/admin", admin)],
    middleware=[Middleware(AuthenticationMiddleware, backend=BearerTokenBackend(), on_error=auth_error)],
    exception_handlers={HTTPException: http_error},
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
