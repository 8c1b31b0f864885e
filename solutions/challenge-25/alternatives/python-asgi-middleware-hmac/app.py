# Starlette written another way: a pure ASGI middleware class verifies the JWT by hand (hmac +
# base64url, no PyJWT) and puts the claims in request.state; the routes are HTTPEndpoint classes.
import base64
import binascii
import hashlib
import hmac
import json
import os
import time

import uvicorn
from starlette.applications import Starlette
from starlette.endpoints import HTTPEndpoint
from starlette.middleware import Middleware
from starlette.responses import JSONResponse
from starlette.routing import Route

SECRET = os.environ["JWT_SECRET"].encode("utf-8")
PROTECTED = {"/profile", "/admin"}


class InvalidToken(Exception):
    pass


def b64url_decode(part: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError) as exc:
        raise InvalidToken("bad base64url") from exc


def verify(token: str) -> dict:
    parts = token.split(".")
    if len(parts) != 3:
        raise InvalidToken("not a compact JWT")
    header_b64, payload_b64, signature_b64 = parts
    try:
        header = json.loads(b64url_decode(header_b64))
        payload = json.loads(b64url_decode(payload_b64))
    except ValueError as exc:
        raise InvalidToken("bad JSON") from exc
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        raise InvalidToken("only HS256 tokens are accepted")
    expected = hmac.new(SECRET, f"{header_b64}.{payload_b64}".encode("ascii", "replace"), hashlib.sha256).digest()
    expected_b64 = base64.urlsafe_b64encode(expected).rstrip(b"=").decode()
    if not hmac.compare_digest(expected_b64, signature_b64):
        raise InvalidToken("bad signature")
    if not isinstance(payload, dict):
        raise InvalidToken("the payload is not an object")
    exp = payload.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, (int, float)):
        raise InvalidToken("exp is required")
    if exp <= time.time():
        raise InvalidToken("token expired")
    return payload


class JWTMiddleware:
    """Rejects unauthenticated requests to the protected paths with 401, else sets state.claims."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"] in PROTECTED:
            header = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
            scheme, _, token = header.partition(" ")
            try:
                if scheme != "Bearer" or not token:
                    raise InvalidToken("missing bearer token")
                scope.setdefault("state", {})["claims"] = verify(token)
            except InvalidToken as exc:
                await JSONResponse({"error": f"Unauthorized: {exc}"}, status_code=401)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class Profile(HTTPEndpoint):
    async def get(self, request):
        return JSONResponse({"user": request.state.claims})


class Admin(HTTPEndpoint):
    async def get(self, request):
        if request.state.claims.get("role") != "admin":
            return JSONResponse({"error": "Forbidden: the admin role is required"}, status_code=403)
        return JSONResponse({"message": "Admin area"})


app = Starlette(
    routes=[Route("/profile", Profile), Route("/admin", Admin)],
    middleware=[Middleware(JWTMiddleware)],
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
