"""Reference solution of challenge-34 (crud-postgres): Starlette + psycopg 3, parameterised queries only.

Endpoints are plain functions: Starlette runs them in its thread pool, so each request's blocking
psycopg calls never stall the event loop. Each request takes a connection from a small pool.
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
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

URL = os.environ["DATABASE_URL"]
COLUMNS = "id, title, author, year"
ID = re.compile(r"^[0-9]{1,15}$")
_idle: "queue.LifoQueue[psycopg.Connection]" = queue.LifoQueue()


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


def not_found():
    return error(404, "Book not found")


def is_text(v):
    return isinstance(v, str) and v.strip() != ""


def is_year(v):
    return v is None or (isinstance(v, int) and not isinstance(v, bool))


def validate(body, partial):
    if not isinstance(body, dict):
        return "body must be a JSON object"
    if partial and not any(k in body for k in ("title", "author", "year")):
        return "send at least one of title, author, year"
    if (not partial or "title" in body) and not is_text(body.get("title")):
        return "title must be a non-empty string"
    if (not partial or "author" in body) and not is_text(body.get("author")):
        return "author must be a non-empty string"
    if "year" in body and not is_year(body["year"]):
        return "year must be an integer or null"
    return None


def read_body(request_body: bytes):
    try:
        return json.loads(request_body)
    except ValueError:
        return ValueError


def path_id(request):
    text = request.path_params["id"]
    return int(text) if ID.match(text) else None


def list_books(request):
    author = request.query_params.get("author")
    if author is not None:
        return JSONResponse(query(f"SELECT {COLUMNS} FROM books WHERE author = %s ORDER BY id", (author,)))
    return JSONResponse(query(f"SELECT {COLUMNS} FROM books ORDER BY id"))


def get_book(request):
    book_id = path_id(request)
    rows = [] if book_id is None else query(f"SELECT {COLUMNS} FROM books WHERE id = %s", (book_id,))
    return JSONResponse(rows[0]) if rows else not_found()


async def create_book(request):
    body = read_body(await request.body())
    if body is ValueError:
        return error(400, "malformed JSON body")
    problem = validate(body, partial=False)
    if problem:
        return error(400, problem)
    rows = query(f"INSERT INTO books (title, author, year) VALUES (%s, %s, %s) RETURNING {COLUMNS}",
                 (body["title"], body["author"], body.get("year")))
    return JSONResponse(rows[0], status_code=201)


async def update_book(request):
    book_id = path_id(request)
    if book_id is None:
        return not_found()
    body = read_body(await request.body())
    if body is ValueError:
        return error(400, "malformed JSON body")
    problem = validate(body, partial=True)
    if problem:
        return error(400, problem)
    fields = [k for k in ("title", "author", "year") if k in body]  # column names from this fixed list
    sets = ", ".join(f"{k} = %s" for k in fields)
    rows = query(f"UPDATE books SET {sets} WHERE id = %s RETURNING {COLUMNS}", (*[body[k] for k in fields], book_id))
    return JSONResponse(rows[0]) if rows else not_found()


def delete_book(request):
    book_id = path_id(request)
    count = 0 if book_id is None else query("DELETE FROM books WHERE id = %s", (book_id,))
    return Response(status_code=204) if count else not_found()


async def on_http_error(request, exc):
    return error(exc.status_code, exc.detail or "error")


async def on_error(request, exc):
    print(f"request failed: {exc!r}", flush=True)
    return error(500, "internal error")


def create_table():
    query("CREATE TABLE IF NOT EXISTS books (id SERIAL PRIMARY KEY, title TEXT NOT NULL, "
          "author TEXT NOT NULL, year INTEGER)")


routes = [
    Route("/books", list_books, methods=["GET"]),
    Route("/books", create_book, methods=["POST"]),
    Route("/books/{id}", get_book, methods=["GET"]),
    Route("/books/{id}", update_book, methods=["PUT"]),
    Route("/books/{id}", delete_book, methods=["DELETE"]),
]

app = Starlette(routes=routes, exception_handlers={HTTPException: on_http_error, Exception: on_error})

if __name__ == "__main__":
    create_table()
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
