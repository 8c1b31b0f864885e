# aiohttp instead of Starlette (a web.View class for /login), PyJWT for the token, and a numeric
# user id and a jti among the extra claims; hmac.compare_digest for the password.
import hmac
import os
import sys
import time
import uuid

import jwt
from aiohttp import web

SECRET = os.environ.get("JWT_SECRET")
if not SECRET:
    sys.exit("JWT_SECRET must be set")
LIFETIME = 3600

USERS = {
    "admin": {"id": 1, "password": "admin-pass-123", "role": "admin"},
    "alice": {"id": 2, "password": "wonderland-42", "role": "user"},
}


def error(status, message):
    return web.json_response({"error": message}, status=status)


class LoginView(web.View):
    async def post(self):
        try:
            body = await self.request.json()
        except ValueError:
            return error(400, "malformed JSON")
        if not isinstance(body, dict):
            return error(400, "the body must be a JSON object")
        username, password = body.get("username"), body.get("password")
        if not (isinstance(username, str) and username and isinstance(password, str) and password):
            return error(400, "username and password must be non-empty strings")
        user = USERS.get(username)
        if user is None or not hmac.compare_digest(password.encode(), user["password"].encode()):
            return error(401, "invalid credentials")
        now = int(time.time())
        claims = {"sub": username, "role": user["role"], "uid": user["id"], "iat": now, "exp": now + LIFETIME,
                  "jti": uuid.uuid4().hex}
        token = jwt.encode(claims, SECRET, algorithm="HS256")
        return web.json_response({"token": token, "expiresIn": LIFETIME})


app = web.Application()
app.router.add_view("/login", LoginView)

if __name__ == "__main__":
    web.run_app(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
