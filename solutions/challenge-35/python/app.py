"""Reference solution of challenge-35 (db-relations): Starlette + psycopg 3; users 1-n posts with a
real foreign key (ON DELETE CASCADE), the relations read with joins.

Endpoints are plain functions (Starlette runs them in its thread pool, so blocking psycopg calls
never stall the event loop); each request takes a connection from a small pool.
"""

import json
import os
import queue
import re
from contextlib import contextmanager

import psycopg
import uvicorn
from psycopg.rows import dict_row
from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

URL = os.environ["DATABASE_URL"]
ID = re.compile(r"^[0-9]{1,9}$")  # SERIAL ids: anything else names no row (404, not a 500)
_idle: "queue.LifoQueue[psycopg.Connection]" = queue.LifoQueue()

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS posts (
  id SERIAL PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS posts_user_id ON posts (user_id);
"""


@contextmanager
def connection():
    try:
        conn = _idle.get_nowait()
    except queue.Empty:
        conn = psycopg.connect(URL, autocommit=True, row_factory=dict_row)
    try:
        yield conn
    except psycopg.Error:
        conn.close()  # a failed connection is not reused
        raise
    else:
        _idle.put(conn)


def query(sql, params=()):
    with connection() as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if cur.description else cur.rowcount


def error(status, message):
    return JSONResponse({"error": message}, status_code=status)


def is_text(v):
    return isinstance(v, str) and v.strip() != ""


def path_id(request):
    text = request.path_params["id"]
    return int(text) if ID.match(text) else None


async def read_object(request):
    try:
        body = json.loads(await request.body())
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


async def create_user(request):
    body = await read_object(request)
    if body is None or not is_text(body.get("name")) or not is_text(body.get("email")):
        return error(400, "name and email must be non-empty strings")
    rows = query("INSERT INTO users (name, email) VALUES (%s, %s) RETURNING id, name, email", (body["name"], body["email"]))
    return JSONResponse(rows[0], status_code=201)


def list_users(request):
    # LEFT JOIN keeps users without posts; count(p.id) counts them as 0
    return JSONResponse(query(
        "SELECT u.id, u.name, u.email, count(p.id)::int AS post_count "
        "FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.id ORDER BY u.id"))


def get_user(request):
    user_id = path_id(request)
    rows = [] if user_id is None else query("SELECT id, name, email FROM users WHERE id = %s", (user_id,))
    if not rows:
        return error(404, "User not found")
    user = rows[0]
    if request.query_params.get("include") == "posts":
        user["posts"] = query("SELECT id, user_id, title, body FROM posts WHERE user_id = %s ORDER BY id", (user_id,))
    return JSONResponse(user)


def delete_user(request):
    user_id = path_id(request)
    deleted = 0 if user_id is None else query("DELETE FROM users WHERE id = %s", (user_id,))
    return Response(status_code=204) if deleted else error(404, "User not found")  # posts: ON DELETE CASCADE


async def create_post(request):
    user_id = path_id(request)
    if user_id is None:
        return error(404, "User not found")
    body = await read_object(request)
    if body is None or not is_text(body.get("title")) or not isinstance(body.get("body"), str):
        return error(400, "title must be a non-empty string, body a string")
    try:
        rows = query("INSERT INTO posts (user_id, title, body) VALUES (%s, %s, %s) RETURNING id, user_id, title, body",
                     (user_id, body["title"], body["body"]))
    except psycopg.errors.ForeignKeyViolation:
        return error(404, "User not found")
    return JSONResponse(rows[0], status_code=201)


def get_post(request):
    post_id = path_id(request)
    rows = [] if post_id is None else query(
        "SELECT p.id, p.user_id, p.title, p.body, u.id AS author_id, u.name, u.email "
        "FROM posts p JOIN users u ON u.id = p.user_id WHERE p.id = %s", (post_id,))
    if not rows:
        return error(404, "Post not found")
    r = rows[0]
    return JSONResponse({"id": r["id"], "user_id": r["user_id"], "title": r["title"], "body": r["body"],
                         "user": {"id": r["author_id"], "name": r["name"], "email": r["email"]}})


async def on_error(request, exc):
    print(f"request failed: {exc!r}", flush=True)
    return error(500, "internal error")


async def on_not_found(request, exc):
    return error(exc.status_code, "Not found")


routes = [
    Route("/users", list_users, methods=["GET"]),
    Route("/users", create_user, methods=["POST"]),
    Route("/users/{id}", get_user, methods=["GET"]),
    Route("/users/{id}", delete_user, methods=["DELETE"]),
    Route("/users/{id}/posts", create_post, methods=["POST"]),
    Route("/posts/{id}", get_post, methods=["GET"]),
]

app = Starlette(routes=routes, exception_handlers={404: on_not_found, 405: on_not_found, Exception: on_error})

if __name__ == "__main__":
    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute(SCHEMA)
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
