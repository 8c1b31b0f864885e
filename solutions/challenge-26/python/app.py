import asyncio
import json
import os
import re
from pathlib import Path

import bcrypt
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

USERS_FILE = Path.cwd() / "users.json"
USERNAME_RE = re.compile(r"[A-Za-z0-9_]{3,30}")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_BYTES = 72  # bcrypt ignores (and bcrypt 5 refuses) anything longer


class UserStore:
    """username -> bcrypt hash, mirrored to users.json after every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.hashes: dict[str, str] = {}
        self.lock = asyncio.Lock()

    def save(self) -> None:
        records = [{"username": name, "passwordHash": digest} for name, digest in self.hashes.items()]
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(records, indent=2))
        tmp.replace(self.path)


store = UserStore(USERS_FILE)


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def read_credentials(request: Request) -> tuple[str, str] | JSONResponse:
    try:
        data = await request.json()
    except ValueError:
        return error("request body is not valid JSON", 400)
    if not isinstance(data, dict):
        return error("request body must be a JSON object", 400)
    username, password = data.get("username"), data.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        return error("username and password must be strings", 400)
    return username, password


async def register(request: Request) -> JSONResponse:
    credentials = await read_credentials(request)
    if isinstance(credentials, JSONResponse):
        return credentials
    username, password = credentials

    if not USERNAME_RE.fullmatch(username):
        return error("username must be 3-30 letters, digits or underscores", 400)
    if len(password) < MIN_PASSWORD_LENGTH:
        return error(f"password must be at least {MIN_PASSWORD_LENGTH} characters", 400)
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        return error(f"password must be at most {MAX_PASSWORD_BYTES} bytes", 400)

    async with store.lock:
        if username in store.hashes:
            return error("username already taken", 409)
        digest = await run_in_threadpool(bcrypt.hashpw, password.encode(), bcrypt.gensalt(rounds=11))
        store.hashes[username] = digest.decode()
        await run_in_threadpool(store.save)

    return JSONResponse({"message": "user registered", "username": username}, status_code=201)


async def login(request: Request) -> JSONResponse:
    credentials = await read_credentials(request)
    if isinstance(credentials, JSONResponse):
        return credentials
    username, password = credentials

    stored = store.hashes.get(username)
    password_bytes = password.encode()
    ok = (
        stored is not None
        and len(password_bytes) <= MAX_PASSWORD_BYTES
        and await run_in_threadpool(bcrypt.checkpw, password_bytes, stored.encode())
    )
    if not ok:
        return error("invalid username or password", 401)
    return JSONResponse({"message": "Login successful"})


app = Starlette(routes=[
    Route("/register", register, methods=["POST"]),
    Route("/login", login, methods=["POST"]),
])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
