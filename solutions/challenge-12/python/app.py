import itertools
import os
import re
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

EMAIL_RE = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_ids = itertools.count(1)


def name_error(value: Any) -> str | None:
    if not isinstance(value, str):
        return "name: required, must be a string"
    if len(value.strip()) < 2:
        return "name: must be at least 2 characters (ignoring surrounding spaces)"
    return None


def email_error(value: Any) -> str | None:
    if not isinstance(value, str):
        return "email: required, must be a string"
    if not EMAIL_RE.fullmatch(value):
        return "email: must look like local@domain.tld"
    return None


async def create_user(request: Request) -> JSONResponse:
    try:
        data = await request.json()
    except ValueError:
        return JSONResponse({"error": "request body is not valid JSON"}, status_code=400)
    if not isinstance(data, dict):
        return JSONResponse({"error": "request body must be a JSON object"}, status_code=400)

    checks = (name_error(data.get("name")), email_error(data.get("email")))
    errors = [message for message in checks if message is not None]
    if errors:
        return JSONResponse({"errors": errors}, status_code=400)

    user = {"id": next(_ids), "name": data["name"], "email": data["email"]}
    return JSONResponse(user, status_code=201)


app = Starlette(routes=[Route("/users", create_user, methods=["POST"])])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
