"""Reference solution of challenge-37 (db-migrations): Starlette + psycopg 3.

Before serving, every migrations/<version>_<name>.sql not yet recorded in schema_migrations runs,
in numeric order of its version, inside a transaction of its own together with its record: a
migration that fails leaves nothing behind, and the process exits instead of serving a
half-migrated schema.
"""

import json
import os
import queue
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import psycopg
import uvicorn
from psycopg.rows import dict_row
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

URL = os.environ["DATABASE_URL"]
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FILE = re.compile(r"^(\d+)_.+\.sql$")
_idle: "queue.LifoQueue[psycopg.Connection]" = queue.LifoQueue()


def migration_files():
    """[(version, file name)] in numeric order of the versions (10 after 9)."""
    found = [(int(m.group(1)), p.name) for p in MIGRATIONS.iterdir() if (m := FILE.match(p.name))]
    return sorted(found)


def migrate():
    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
                     "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        applied = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        for version, name in migration_files():
            if version in applied:
                continue
            sql = (MIGRATIONS / name).read_text()
            try:
                with conn.transaction():  # ROLLBACK when anything in the block raises
                    conn.execute(sql)  # no parameters: several statements in one file are fine
                    conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name))
            except psycopg.Error as exc:
                sys.exit(f"migration {name} failed: {exc}")
            print(f"applied migration {name}", flush=True)


@contextmanager
def connection():
    try:
        conn = _idle.get_nowait()
    except queue.Empty:
        conn = psycopg.connect(URL, autocommit=True, row_factory=dict_row)
    try:
        yield conn
    except psycopg.Error:
        conn.close()
        raise
    else:
        _idle.put(conn)


def query(sql, params=()):
    with connection() as conn:
        return conn.execute(sql, params).fetchall()


def error(status, message):
    return JSONResponse({"error": message}, status_code=status)


def iso(row):
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}


def list_migrations(request):
    return JSONResponse([iso(r) for r in query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")])


def list_notes(request):
    return JSONResponse([iso(r) for r in query("SELECT id, title, body, created_at FROM notes ORDER BY id")])


async def create_note(request):
    try:
        body = json.loads(await request.body())
    except ValueError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("title"), str) or not body["title"].strip() \
            or not isinstance(body.get("body", ""), str):
        return error(400, "title must be a non-empty string, body a string")
    if "body" in body:
        rows = query("INSERT INTO notes (title, body) VALUES (%s, %s) RETURNING id, title, body, created_at",
                     (body["title"], body["body"]))
    else:
        rows = query("INSERT INTO notes (title) VALUES (%s) RETURNING id, title, body, created_at", (body["title"],))
    return JSONResponse(iso(rows[0]), status_code=201)


async def on_error(request, exc):
    print(f"request failed: {exc!r}", flush=True)
    return error(500, "internal error")


async def on_not_found(request, exc):
    return error(exc.status_code, "Not found")


routes = [
    Route("/migrations", list_migrations, methods=["GET"]),
    Route("/notes", list_notes, methods=["GET"]),
    Route("/notes", create_note, methods=["POST"]),
]

app = Starlette(routes=routes, exception_handlers={404: on_not_found, 405: on_not_found, Exception: on_error})

if __name__ == "__main__":
    migrate()
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
