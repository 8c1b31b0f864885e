"""Reference solution for challenge-04 (POST /users), Starlette track."""

import os
import uuid

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

REQUIRED_FIELDS = ("name", "email")


def bad_request(message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=400)


async def create_user(request: Request) -> JSONResponse:
    try:
        payload = await request.json()
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are both ValueErrors
        return bad_request("request body must be valid JSON")

    if not isinstance(payload, dict):
        return bad_request("request body must be a JSON object")

    problems = [
        f"{field} is required and must be a string"
        for field in REQUIRED_FIELDS
        if not isinstance(payload.get(field), str)
    ]
    if problems:
        return bad_request("; ".join(problems))

    user = {"id": str(uuid.uuid4()), "name": payload["name"], "email": payload["email"]}
    return JSONResponse(user, status_code=201)


app = Starlette(routes=[Route("/users", create_user, methods=["POST"])])


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
