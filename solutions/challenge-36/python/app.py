"""Reference solution of challenge-36 (transactions): Starlette + psycopg 3.

A transfer is one `with conn.transaction():` block: psycopg COMMITs when the block ends and
ROLLBACKs when anything raises inside it (a refusal included), so a connection never goes back
to the pool inside a failed transaction. Both rows are locked in id order first, so concurrent
transfers wait for each other instead of reading stale balances, and opposite transfers cannot
deadlock. The blocking work runs in Starlette's thread pool.
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
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse
from starlette.routing import Route

URL = os.environ["DATABASE_URL"]
ID = re.compile(r"^[0-9]{1,9}$")  # SERIAL ids: anything else names no account
_idle: "queue.LifoQueue[psycopg.Connection]" = queue.LifoQueue()

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (id SERIAL PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS transfers (
  id SERIAL PRIMARY KEY,
  from_id INTEGER NOT NULL REFERENCES accounts(id), to_id INTEGER NOT NULL REFERENCES accounts(id),
  amount INTEGER NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now());
"""


class Refused(Exception):
    """A transfer the rules refuse; raised inside the transaction so that it rolls back."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


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


def error(status, message):
    return JSONResponse({"error": message}, status_code=status)


def as_id(value):
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    return int(value) if ID.match(str(value)) else None


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


async def read_object(request):
    try:
        body = json.loads(await request.body())
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


async def create_account(request):
    body = await read_object(request)
    owner, balance = body.get("owner"), body.get("balance")
    if not isinstance(owner, str) or not owner.strip() or not is_int(balance) or balance < 0:
        return error(400, "owner must be a non-empty string, balance an integer >= 0")
    with connection() as conn:
        row = conn.execute("INSERT INTO accounts (owner, balance) VALUES (%s, %s) RETURNING id, owner, balance",
                           (owner, balance)).fetchone()
    return JSONResponse(row, status_code=201)


def get_account(request):
    account_id = as_id(request.path_params["id"])
    row = None
    if account_id is not None:
        with connection() as conn:
            row = conn.execute("SELECT id, owner, balance FROM accounts WHERE id = %s", (account_id,)).fetchone()
    return JSONResponse(row) if row else error(404, "Account not found")


def transfer(source, target, amount):
    with connection() as conn:
        with conn.transaction():
            rows = conn.execute("SELECT id, balance FROM accounts WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                                ([source, target],)).fetchall()
            found = {r["id"]: r["balance"] for r in rows}
            if source not in found:
                raise Refused(404, "Account not found")
            if found[source] < amount:
                raise Refused(409, "Insufficient funds")
            conn.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s", (amount, source))
            credited = conn.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s", (amount, target))
            if credited.rowcount != 1:
                raise Refused(404, "Account not found")  # raised, not returned: the debit is rolled back
            row = conn.execute("INSERT INTO transfers (from_id, to_id, amount) VALUES (%s, %s, %s) RETURNING id",
                               (source, target, amount)).fetchone()
    return {"id": row["id"], "from": source, "to": target, "amount": amount}


async def create_transfer(request):
    body = await read_object(request)
    amount = body.get("amount")
    if "from" not in body or "to" not in body or not is_int(amount) or amount <= 0:
        return error(400, "from, to and a positive integer amount are required")
    if str(body["from"]) == str(body["to"]):
        return error(400, "from and to must differ")
    source, target = as_id(body["from"]), as_id(body["to"])
    if source is None or target is None:
        return error(404, "Account not found")
    try:
        done = await run_in_threadpool(transfer, source, target, amount)
    except Refused as refused:
        return error(refused.status, str(refused))
    return JSONResponse(done, status_code=201)


async def on_error(request, exc):
    print(f"request failed: {exc!r}", flush=True)
    return error(500, "transfer failed")


async def on_not_found(request, exc):
    return error(exc.status_code, "Not found")


routes = [
    Route("/accounts", create_account, methods=["POST"]),
    Route("/accounts/{id}", get_account, methods=["GET"]),
    Route("/transfers", create_transfer, methods=["POST"]),
]

app = Starlette(routes=routes, exception_handlers={404: on_not_found, 405: on_not_found, Exception: on_error})

if __name__ == "__main__":
    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute(SCHEMA)
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
