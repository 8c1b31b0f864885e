import os
import secrets
import time
from dataclasses import dataclass

import uvicorn
from itsdangerous import BadSignature, Signer
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

SESSION_SECRET = os.environ.get("SESSION_SECRET") or secrets.token_hex(32)
SESSION_MAX_AGE = int(os.environ.get("SESSION_MAX_AGE") or 3600)  # seconds
COOKIE_NAME = "session_id"


@dataclass
class Session:
    username: str
    expires_at: float  # time.monotonic() deadline
    visits: int = 0


class SessionStore:
    """In-memory, server-side sessions keyed by a random id; expired ones are dropped on access."""

    def __init__(self, lifetime: int) -> None:
        self.lifetime = lifetime
        self._sessions: dict[str, Session] = {}

    def create(self, username: str) -> str:
        session_id = secrets.token_urlsafe(32)
        self._sessions[session_id] = Session(username, time.monotonic() + self.lifetime)
        return session_id

    def get(self, session_id: str) -> Session | None:
        session = self._sessions.get(session_id)
        if session is not None and session.expires_at <= time.monotonic():
            del self._sessions[session_id]
            return None
        return session

    def destroy(self, session_id: str) -> None:
        self._sessions.pop(session_id, None)


store = SessionStore(SESSION_MAX_AGE)
signer = Signer(SESSION_SECRET, salt="session-id")


def session_id_of(request: Request) -> str | None:
    """The id of a live session named by the request's (correctly signed) cookie."""
    raw = request.cookies.get(COOKIE_NAME)
    if not raw:
        return None
    try:
        session_id = signer.unsign(raw).decode()
    except BadSignature:
        return None
    return session_id if store.get(session_id) is not None else None


async def login(request: Request) -> JSONResponse:
    try:
        payload = await request.json()
    except ValueError:  # not JSON (json.JSONDecodeError) or not UTF-8
        return JSONResponse({"error": "malformed JSON body"}, status_code=400)
    username = payload.get("username") if isinstance(payload, dict) else None
    if not isinstance(username, str) or not username:
        return JSONResponse({"error": "username must be a non-empty string"}, status_code=400)

    # Never reuse a session id across logins (session fixation): drop the old one first.
    if (previous := session_id_of(request)) is not None:
        store.destroy(previous)
    session_id = store.create(username)

    response = JSONResponse({"username": username})
    response.set_cookie(
        COOKIE_NAME,
        signer.sign(session_id).decode(),
        max_age=SESSION_MAX_AGE,
        path="/",
        httponly=True,
        samesite="lax",
    )
    return response


async def me(request: Request) -> JSONResponse:
    session_id = session_id_of(request)
    if session_id is None:
        return JSONResponse({"error": "not logged in"}, status_code=401)
    session = store.get(session_id)
    session.visits += 1
    return JSONResponse({"username": session.username, "visits": session.visits})


async def logout(request: Request) -> JSONResponse:
    if (current := session_id_of(request)) is not None:
        store.destroy(current)
    response = JSONResponse({"message": "logged out"})
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
    return response


app = Starlette(
    routes=[
        Route("/login", login, methods=["POST"]),
        Route("/me", me, methods=["GET"]),
        Route("/logout", logout, methods=["POST"]),
    ]
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
