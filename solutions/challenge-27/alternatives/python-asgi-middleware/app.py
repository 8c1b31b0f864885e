"""Alternative: a pure ASGI middleware class owns the server-side store (resolves the session into
the scope, writes Set-Cookie on the way out); ids signed with itsdangerous; an Expires date only."""
import email.utils
import json
import os
import secrets
import time
from http.cookies import SimpleCookie

import uvicorn
from itsdangerous import BadSignature, Signer
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

SECRET = os.environ.get("SESSION_SECRET", "not-so-secret")
MAX_AGE = int(os.environ.get("SESSION_MAX_AGE", "3600"))
COOKIE = "app_session"


class ServerSessionMiddleware:
    """scope["session"] is the live session dict or None; an endpoint sets scope["session_op"] to
    "new" (with scope["session"] the fresh data) or "end", and this writes the cookie."""

    def __init__(self, app, secret: str, max_age: int, cookie: str):
        self.app = app
        self.signer = Signer(secret, salt="session-id")
        self.max_age = max_age
        self.cookie = cookie
        self.store: dict[str, dict] = {}

    def _lookup(self, scope):
        raw = None
        for name, value in scope["headers"]:
            if name == b"cookie":
                jar = SimpleCookie()
                try:
                    jar.load(value.decode("latin-1"))
                except Exception:  # noqa: BLE001 - an unparsable Cookie header is "no session"
                    continue
                if self.cookie in jar:
                    raw = jar[self.cookie].value
        if not raw:
            return None, None
        try:
            sid = self.signer.unsign(raw).decode()
        except BadSignature:
            return None, None
        data = self.store.get(sid)
        if data is None or data["expires_at"] <= time.time():
            self.store.pop(sid, None)
            return None, None
        return sid, data

    def _set_cookie(self, value: str, lifetime: int) -> bytes:
        expires = email.utils.formatdate(time.time() + lifetime, usegmt=True)
        return f"{self.cookie}={value}; Expires={expires}; Path=/; HttpOnly; SameSite=Lax".encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        sid, data = self._lookup(scope)
        scope["session"], scope["session_op"] = data, None

        async def send_with_cookie(message):
            if message["type"] == "http.response.start":
                op = scope.get("session_op")
                if op in ("new", "end") and sid:
                    self.store.pop(sid, None)
                header = None
                if op == "new":
                    new_sid = secrets.token_urlsafe(24)
                    self.store[new_sid] = {**scope["session"], "expires_at": time.time() + self.max_age}
                    header = self._set_cookie(self.signer.sign(new_sid).decode(), self.max_age)
                elif op == "end":
                    header = self._set_cookie("", -86400)
                if header:
                    message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", header)]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def err(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def login(request: Request):
    try:
        body = json.loads(await request.body())
    except ValueError:
        return err(400, "invalid JSON")
    username = body.get("username") if isinstance(body, dict) else None
    if not isinstance(username, str) or username == "":
        return err(400, "username is required")
    request.scope["session"] = {"username": username, "visits": 0}
    request.scope["session_op"] = "new"
    return JSONResponse({"username": username})


async def me(request: Request):
    session = request.scope["session"]
    if session is None:
        return err(401, "authentication required")
    session["visits"] += 1
    return JSONResponse({"username": session["username"], "visits": session["visits"]})


async def logout(request: Request):
    if request.scope["session"] is None:
        return err(401, "authentication required")
    request.scope["session_op"] = "end"
    return JSONResponse({"message": "session destroyed"})


app = Starlette(
    routes=[
        Route("/login", login, methods=["POST"]),
        Route("/me", me, methods=["GET"]),
        Route("/logout", logout, methods=["POST"]),
    ],
    middleware=[Middleware(ServerSessionMiddleware, secret=SECRET, max_age=MAX_AGE, cookie=COOKIE)],
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
