"""Alternative solution of challenge-37: asyncpg, the runner in asyncio before uvicorn starts,
UUID note ids, versions without leading zeros."""

import asyncio
import os
import re
import sys
from pathlib import Path

import asyncpg
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

DSN = os.environ["DATABASE_URL"]
HERE = Path(__file__).parent / "migrations"


async def run_migrations():
    conn = await asyncpg.connect(DSN)
    try:
        await conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                           "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        seen = {r["version"] for r in await conn.fetch("SELECT version FROM schema_migrations")}
        pending = sorted((int(m[1]), p) for p in HERE.glob("*.sql") if (m := re.match(r"(\d+)_", p.name)))
        for version, file in pending:
            if version in seen:
                continue
            try:
                async with conn.transaction():
                    await conn.execute(file.read_text())
                    await conn.execute("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", version, file.name)
            except asyncpg.PostgresError as e:
                print(f"{file.name} failed, rolled back: {e}", file=sys.stderr, flush=True)
                raise SystemExit(3)
    finally:
        await conn.close()


def jsonable(record):
    return {k: (v.isoformat() if hasattr(v, "isoformat") else str(v) if k == "id" else v) for k, v in record.items()}


async def migrations_route(request):
    conn = await asyncpg.connect(DSN)
    try:
        rows = await conn.fetch("SELECT version, name, applied_at FROM schema_migrations ORDER BY 1")
    finally:
        await conn.close()
    return JSONResponse([jsonable(r) for r in rows])


async def notes_route(request):
    conn = await asyncpg.connect(DSN)
    try:
        if request.method == "GET":
            return JSONResponse([jsonable(r) for r in await conn.fetch("SELECT * FROM notes")])
        try:
            data = await request.json()
        except Exception:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("title"), str) or not data["title"].strip() \
                or not isinstance(data.get("body", ""), str):
            return JSONResponse({"error": "bad note"}, status_code=400)
        row = await conn.fetchrow("INSERT INTO notes (title, body) VALUES ($1, $2) RETURNING *",
                                  data["title"], data.get("body", ""))
        return JSONResponse(jsonable(row), status_code=201)
    finally:
        await conn.close()


app = Starlette(routes=[Route("/migrations", migrations_route), Route("/notes", notes_route, methods=["GET", "POST"])])

if __name__ == "__main__":
    asyncio.run(run_migrations())
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
