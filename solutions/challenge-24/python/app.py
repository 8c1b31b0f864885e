import hmac
import os
import time
from dataclasses import dataclass

import jwt
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

JWT_SECRET = os.environ["JWT_SECRET"]  # fail fast when it is not configured
TOKEN_TTL = 3600


@dataclass(frozen=True)
class User:
    password: str
    role: str


USERS = {
    "admin": User(password="admin-pass-123", role="admin"),
    "alice": User(password="wonderland-42", role="user"),
}


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def issue_token(username: str, role: str) -> str:
    issued_at = int(time.time())
    claims = {"sub": username, "role": role, "iat": issued_at, "exp": issued_at + TOKEN_TTL}
    return jwt.encode(claims, JWT_SECRET, algorithm="HS256")


async def login(request: Request) -> JSONResponse:
    try:
        data = await request.json()
    except ValueError:
        return error("request body is not valid JSON", 400)
    if not isinstance(data, dict):
        return error("request body must be a JSON object", 400)

    username, password = data.get("username"), data.get("password")
    if not (isinstance(username, str) and username and isinstance(password, str) and password):
        return error("username and password must be non-empty strings", 400)

    user = USERS.get(username)
    if user is None or not hmac.compare_digest(user.password.encode(), password.encode()):
        return error("invalid credentials", 401)

    return JSONResponse({"token": issue_token(username, user.role), "expiresIn": TOKEN_TTL})


app = Starlette(routes=[Route("/login", login, methods=["POST"])])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
