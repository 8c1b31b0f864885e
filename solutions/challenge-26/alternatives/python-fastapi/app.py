"""Alternative: FastAPI with the body parsed by hand (so malformed JSON is a 400, not FastAPI's 422),
bcrypt at cost 12 in a worker thread, an asyncio lock around check-hash-store, integer ids."""
import asyncio
import json
import os
import re
from pathlib import Path

import bcrypt
import uvicorn
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

USERS_FILE = Path.cwd() / "users.json"
USERNAME_RE = re.compile(r"[A-Za-z0-9_]{3,30}")

app = FastAPI()
lock = asyncio.Lock()
users: list[dict] = []


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def json_object(request: Request):
    try:
        body = json.loads(await request.body())
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def save() -> None:
    tmp = USERS_FILE.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(users))
    tmp.replace(USERS_FILE)


@app.post("/register")
async def register(request: Request):
    body = await json_object(request)
    if body is None:
        return error(400, "expected a JSON object")
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not USERNAME_RE.fullmatch(username):
        return error(400, "invalid username")
    if not isinstance(password, str) or len(password) < 8:
        return error(400, "password too short")
    async with lock:
        if any(u["username"] == username for u in users):
            return error(409, "username exists")
        hashed = await run_in_threadpool(bcrypt.hashpw, password.encode(), bcrypt.gensalt(rounds=12))
        users.append({"id": len(users) + 1, "username": username, "passwordHash": hashed.decode()})
        await run_in_threadpool(save)
    return JSONResponse({"message": "registered", "username": username}, status_code=201)


@app.post("/login")
async def login(request: Request):
    body = await json_object(request)
    if body is None:
        return error(400, "expected a JSON object")
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        return error(400, "username and password must be strings")
    user = next((u for u in users if u["username"] == username), None)
    if user is None or not await run_in_threadpool(
        bcrypt.checkpw, password.encode(), user["passwordHash"].encode()
    ):
        return error(401, "bad credentials")
    return {"message": "Login successful"}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
