"""Alternative: Starlette class-based HTTPEndpoints, `$2a$` bcrypt hashes at cost 10 (gensalt's
prefix), users.json loaded at startup and rewritten pretty-printed with createdAt per user."""
import asyncio
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import bcrypt
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.endpoints import HTTPEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

USERS = Path("users.json")
VALID_USERNAME = re.compile(r"[A-Za-z0-9_]{3,30}")


class UserFile:
    def __init__(self, path: Path):
        self.path = path
        self.lock = asyncio.Lock()
        try:
            loaded = json.loads(path.read_text())
            self.users = loaded if isinstance(loaded, list) else []
        except (OSError, ValueError):
            self.users = []

    def find(self, username: str):
        return next((u for u in self.users if u.get("username") == username), None)

    def write(self) -> None:
        self.path.write_text(json.dumps(self.users, indent=2) + "\n")


store = UserFile(USERS)


class BadRequest(Exception):
    pass


async def credentials(request: Request) -> tuple:
    try:
        data = await request.json()
    except ValueError:
        raise BadRequest("request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise BadRequest("request body must be a JSON object")
    return data.get("username"), data.get("password")


class Register(HTTPEndpoint):
    async def post(self, request: Request):
        username, password = await credentials(request)
        if not isinstance(username, str) or not VALID_USERNAME.fullmatch(username):
            raise BadRequest("username: 3 to 30 letters, digits or underscores")
        if not isinstance(password, str) or len(password) < 8:
            raise BadRequest("password: at least 8 characters")
        async with store.lock:
            if store.find(username) is not None:
                return JSONResponse({"error": "this username is already registered"}, status_code=409)
            salt = bcrypt.gensalt(rounds=10, prefix=b"2a")
            digest = await run_in_threadpool(bcrypt.hashpw, password.encode(), salt)
            store.users.append({
                "username": username,
                "passwordHash": digest.decode(),
                "createdAt": datetime.now(UTC).isoformat(),
            })
            await run_in_threadpool(store.write)
        return JSONResponse({"message": f"welcome, {username}", "username": username}, status_code=201)


class Login(HTTPEndpoint):
    async def post(self, request: Request):
        username, password = await credentials(request)
        if not isinstance(username, str) or not isinstance(password, str):
            raise BadRequest("username and password are required")
        user = store.find(username)
        matches = user is not None and await run_in_threadpool(
            bcrypt.checkpw, password.encode(), user["passwordHash"].encode()
        )
        if not matches:
            return JSONResponse({"error": "invalid username or password"}, status_code=401)
        return JSONResponse({"message": "Login successful"})


async def bad_request(request: Request, exc: BadRequest):
    return JSONResponse({"error": str(exc)}, status_code=400)


app = Starlette(
    routes=[Route("/register", Register), Route("/login", Login)],
    exception_handlers={BadRequest: bad_request},
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
