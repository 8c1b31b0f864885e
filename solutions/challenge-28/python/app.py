import os
import re
import secrets
from enum import Enum

import uvicorn
from itsdangerous import BadSignature, Signer
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

COOKIE_SECRET = os.environ.get("COOKIE_SECRET") or secrets.token_hex(32)
MAX_AGE = 24 * 60 * 60  # one day, in seconds
NAME_RE = re.compile(r"[A-Za-z0-9_]{1,32}")
VALUE_RE = re.compile(r"[!-+\--:<-~]{1,100}")  # 0x21-0x7E without ',' (0x2C) and ';' (0x3B)

# The raw cookie is "<value>.<signature>": readable, but any change breaks the signature.
signer = Signer(COOKIE_SECRET, salt="signed-cookie")


class Cookie(Enum):
    ABSENT = "absent"
    INVALID = "invalid"


def read_signed(request: Request, name: str) -> str | Cookie:
    """The original value of a validly signed cookie, or why there is none."""
    raw = request.cookies.get(name)
    if raw is None:
        return Cookie.ABSENT
    try:
        return signer.unsign(raw).decode()
    except BadSignature:
        return Cookie.INVALID


def error(message: str, status_code: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status_code)


async def set_cookie(request: Request) -> JSONResponse:
    try:
        payload = await request.json()
    except ValueError:
        return error("malformed JSON body", 400)
    if not isinstance(payload, dict):
        return error("body must be a JSON object", 400)
    name, value = payload.get("name"), payload.get("value")
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        return error("name must be 1-32 characters of A-Z, a-z, 0-9 or _", 400)
    if not isinstance(value, str) or not VALUE_RE.fullmatch(value):
        return error("value must be 1-100 printable ASCII characters without spaces, ';' or ','", 400)

    response = JSONResponse({"name": name, "value": value}, status_code=201)
    response.set_cookie(
        name,
        signer.sign(value).decode(),
        max_age=MAX_AGE,
        path="/",
        httponly=True,
        samesite="strict",
    )
    return response


async def get_cookie(request: Request) -> JSONResponse:
    name = request.path_params["name"]
    match read_signed(request, name):
        case Cookie.ABSENT:
            return error(f"no cookie named {name}", 404)
        case Cookie.INVALID:
            return error("cookie is unsigned or its signature does not match", 401)
        case value:
            return JSONResponse({"name": name, "value": value})


async def list_cookies(request: Request) -> JSONResponse:
    valid = {}
    for name in request.cookies:
        value = read_signed(request, name)
        if isinstance(value, str):
            valid[name] = value
    return JSONResponse({"cookies": valid})


async def delete_cookie(request: Request) -> Response:
    response = Response(status_code=204)
    response.delete_cookie(request.path_params["name"], path="/", httponly=True, samesite="strict")
    return response


app = Starlette(
    routes=[
        Route("/cookies", set_cookie, methods=["POST"]),
        Route("/cookies", list_cookies, methods=["GET"]),
        Route("/cookies/{name}", get_cookie, methods=["GET"]),
        Route("/cookies/{name}", delete_cookie, methods=["DELETE"]),
    ]
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
