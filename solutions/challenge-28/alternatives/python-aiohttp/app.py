"""Alternative: aiohttp instead of Starlette, itsdangerous.Signer for `<value>.<signature>`, and
aiohttp's own cookie quoting for values with special characters."""
import json
import os
import re

from aiohttp import web
from itsdangerous import BadSignature, Signer

SIGNER = Signer(os.environ.get("COOKIE_SECRET", "change-me"), salt="cookies")
NAME_RE = re.compile(r"[A-Za-z0-9_]{1,32}")
VALUE_RE = re.compile(r"[\x21-\x2b\x2d-\x3a\x3c-\x7e]{1,100}")


def fail(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def verified(raw: str):
    try:
        return SIGNER.unsign(raw).decode()
    except BadSignature:
        return None


async def set_cookie(request: web.Request) -> web.Response:
    try:
        body = await request.json(loads=json.loads)
    except ValueError:
        return fail(400, "invalid JSON")
    if not isinstance(body, dict):
        return fail(400, "JSON object expected")
    name, value = body.get("name"), body.get("value")
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        return fail(400, "invalid name")
    if not isinstance(value, str) or not VALUE_RE.fullmatch(value):
        return fail(400, "invalid value")
    response = web.json_response({"name": name, "value": value}, status=201)
    response.set_cookie(name, SIGNER.sign(value).decode(), max_age=86400, path="/",
                        httponly=True, samesite="Strict")
    return response


async def get_cookie(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    raw = request.cookies.get(name)
    if raw is None:
        return fail(404, f"no cookie named {name}")
    value = verified(raw)
    if value is None:
        return fail(401, "cookie is unsigned or tampered with")
    return web.json_response({"name": name, "value": value})


async def list_cookies(request: web.Request) -> web.Response:
    valid = {}
    for name, raw in request.cookies.items():
        value = verified(raw)
        if value is not None:
            valid[name] = value
    return web.json_response({"cookies": valid})


async def delete_cookie(request: web.Request) -> web.Response:
    response = web.Response(status=204)
    response.del_cookie(request.match_info["name"], path="/")
    return response


app = web.Application()
app.add_routes([
    web.post("/cookies", set_cookie),
    web.get("/cookies", list_cookies),
    web.get("/cookies/{name}", get_cookie),
    web.delete("/cookies/{name}", delete_cookie),
])

if __name__ == "__main__":
    web.run_app(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
