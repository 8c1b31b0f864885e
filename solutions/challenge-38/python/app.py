"""Reference solution of challenge-38 (full authentication): Starlette, psycopg 3, bcrypt, PyJWT,
smtplib. Access tokens are JWTs; refresh and reset tokens are random strings of which only a
SHA-256 digest is stored, so a leaked table leaks no usable token.

Endpoints are plain functions: Starlette runs them in its thread pool, so the blocking psycopg,
bcrypt and smtplib calls never stall the event loop.
"""

import hashlib
import json
import os
import secrets
import smtplib
import time
import uuid
from email.message import EmailMessage

import bcrypt
import jwt
import psycopg
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

URL = os.environ["DATABASE_URL"]
JWT_SECRET = os.environ.get("JWT_SECRET", "dev-secret")
ACCESS_TTL = int(os.environ.get("ACCESS_TOKEN_TTL_SECONDS", "900"))
RESET_TTL = int(os.environ.get("RESET_TOKEN_TTL_SECONDS", "900"))
REFRESH_TTL = 7 * 24 * 3600

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
  id SERIAL PRIMARY KEY, email TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS refresh_tokens (
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), family TEXT NOT NULL,
  used BOOLEAN NOT NULL DEFAULT false, revoked BOOLEAN NOT NULL DEFAULT false,
  expires_at TIMESTAMPTZ NOT NULL);
CREATE TABLE IF NOT EXISTS password_resets (
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
  used BOOLEAN NOT NULL DEFAULT false, expires_at TIMESTAMPTZ NOT NULL);
"""


class HttpError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def db():
    return psycopg.connect(URL, autocommit=True)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=10)).decode()


def body_of(request) -> dict:
    # Starlette's request.json() is async; the endpoints are sync, so the body arrives pre-read.
    try:
        body = json.loads(request.state.raw or b"null")
    except ValueError:
        raise HttpError(400, "malformed JSON")
    if not isinstance(body, dict):
        raise HttpError(400, "the body must be a JSON object")
    return body


def valid_email(body) -> str:
    email = body.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise HttpError(400, "email must contain @")
    return email


def valid_password(body) -> str:
    password = body.get("password")
    if not isinstance(password, str) or len(password) < 8:
        raise HttpError(400, "password needs 8+ characters")
    return password


def token_field(body, name) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise HttpError(400, f"{name} is required")
    return value


def issue_pair(conn, user_id, family) -> dict:
    refresh_token = secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO refresh_tokens (token_hash, user_id, family, expires_at)"
        " VALUES (%s, %s, %s, now() + make_interval(secs => %s))",
        (digest(refresh_token), user_id, family, REFRESH_TTL),
    )
    now = int(time.time())
    access = jwt.encode({"sub": str(user_id), "typ": "access", "iat": now, "exp": now + ACCESS_TTL},
                        JWT_SECRET, algorithm="HS256")
    return {"accessToken": access, "refreshToken": refresh_token, "tokenType": "Bearer", "expiresIn": ACCESS_TTL}


def register(request):
    body = body_of(request)
    email, password = valid_email(body), valid_password(body)
    with db() as conn:
        row = conn.execute(
            "INSERT INTO users (email, password_hash) VALUES (%s, %s)"
            " ON CONFLICT (email) DO NOTHING RETURNING id, email",
            (email, hash_password(password)),
        ).fetchone()
    if row is None:
        raise HttpError(409, "email already registered")
    return JSONResponse({"id": row[0], "email": row[1]}, status_code=201)


def login(request):
    body = body_of(request)
    email, password = body.get("email"), body.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        raise HttpError(400, "email and password are required")
    with db() as conn:
        row = conn.execute("SELECT id, password_hash FROM users WHERE email = %s", (email,)).fetchone()
        if row is None or not bcrypt.checkpw(password.encode(), row[1].encode()):
            raise HttpError(401, "invalid email or password")
        return JSONResponse(issue_pair(conn, row[0], str(uuid.uuid4())))


def me(request):
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    try:
        claims = jwt.decode(token, JWT_SECRET, algorithms=["HS256"]) if scheme == "Bearer" else {}
    except jwt.InvalidTokenError:
        claims = {}
    if claims.get("typ") != "access":
        raise HttpError(401, "a valid access token is required")
    with db() as conn:
        row = conn.execute("SELECT id, email FROM users WHERE id = %s", (int(claims["sub"]),)).fetchone()
    if row is None:
        raise HttpError(401, "unknown user")
    return JSONResponse({"id": row[0], "email": row[1]})


def refresh(request):
    token_hash = digest(token_field(body_of(request), "refreshToken"))
    with db() as conn:
        # One atomic statement spends the token: two concurrent refreshes cannot both succeed.
        spent = conn.execute(
            "UPDATE refresh_tokens SET used = true"
            " WHERE token_hash = %s AND NOT used AND NOT revoked AND expires_at > now()"
            " RETURNING user_id, family",
            (token_hash,),
        ).fetchone()
        if spent is not None:
            return JSONResponse(issue_pair(conn, spent[0], spent[1]))
        known = conn.execute("SELECT family, used FROM refresh_tokens WHERE token_hash = %s", (token_hash,)).fetchone()
        if known is not None and known[1]:
            conn.execute("UPDATE refresh_tokens SET revoked = true WHERE family = %s", (known[0],))
            raise HttpError(401, "refresh token reuse detected")
    raise HttpError(401, "invalid refresh token")


def logout(request):
    token_hash = digest(token_field(body_of(request), "refreshToken"))
    with db() as conn:
        conn.execute(
            "UPDATE refresh_tokens SET revoked = true"
            " WHERE family = (SELECT family FROM refresh_tokens WHERE token_hash = %s)",
            (token_hash,),
        )
    return Response(status_code=204)


def send_reset_mail(email: str, token: str) -> None:
    msg = EmailMessage()
    msg["From"] = "no-reply@auth.example"
    msg["To"] = email
    msg["Subject"] = "Reset your password"
    msg.set_content(f"Open http://localhost:3000/reset-password?token={token} to choose a new password.\n"
                    f"The link is valid for {RESET_TTL} seconds and works once.\n")
    with smtplib.SMTP(os.environ["SMTP_HOST"], int(os.environ["SMTP_PORT"]), timeout=10) as smtp:
        smtp.send_message(msg)


def reset_request(request):
    email = valid_email(body_of(request))
    with db() as conn:
        row = conn.execute("SELECT id FROM users WHERE email = %s", (email,)).fetchone()
        if row is not None:
            token = secrets.token_urlsafe(32)
            conn.execute(
                "INSERT INTO password_resets (token_hash, user_id, expires_at)"
                " VALUES (%s, %s, now() + make_interval(secs => %s))",
                (digest(token), row[0], RESET_TTL),
            )
            send_reset_mail(email, token)
    return JSONResponse({"message": "if the address is registered, a reset link was mailed"}, status_code=202)


def reset_confirm(request):
    body = body_of(request)
    token, password = token_field(body, "token"), valid_password(body)
    with db() as conn:
        row = conn.execute(
            "UPDATE password_resets SET used = true"
            " WHERE token_hash = %s AND NOT used AND expires_at > now() RETURNING user_id",
            (digest(token),),
        ).fetchone()
        if row is None:
            raise HttpError(400, "invalid or expired reset token")
        conn.execute("UPDATE users SET password_hash = %s WHERE id = %s", (hash_password(password), row[0]))
        conn.execute("UPDATE refresh_tokens SET revoked = true WHERE user_id = %s", (row[0],))
    return Response(status_code=204)


def endpoint(fn):
    """Reads the body first (async), then runs `fn` in the thread pool; HttpError -> JSON error."""
    async def wrapped(request):
        request.state.raw = await request.body()
        try:
            return await run_in_threadpool(fn, request)
        except HttpError as err:
            return JSONResponse({"error": str(err)}, status_code=err.status)

    return wrapped


def create_schema():
    with db() as conn:
        conn.execute(SCHEMA)


app = Starlette(
    routes=[
        Route("/auth/register", endpoint(register), methods=["POST"]),
        Route("/auth/login", endpoint(login), methods=["POST"]),
        Route("/auth/me", endpoint(me), methods=["GET"]),
        Route("/auth/refresh", endpoint(refresh), methods=["POST"]),
        Route("/auth/logout", endpoint(logout), methods=["POST"]),
        Route("/auth/password-reset/request", endpoint(reset_request), methods=["POST"]),
        Route("/auth/password-reset/confirm", endpoint(reset_confirm), methods=["POST"]),
    ],
)

if __name__ == "__main__":
    create_schema()  # before serving: no request ever meets a missing table
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
