"""Alternative solution of challenge-36: asyncpg, UUID ids, conditional UPDATEs (no SELECT ... FOR
UPDATE, no lock ordering): a deadlock between opposite transfers is retried instead."""

import os
import uuid
from contextlib import asynccontextmanager

import asyncpg
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

pool = None


class Refused(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def bad(status, message):
    return JSONResponse({"error": message}, status_code=status)


def uid(value):
    try:
        return uuid.UUID(str(value)) if isinstance(value, str) else None
    except ValueError:
        return None


async def body_of(request: Request):
    try:
        data = await request.json()
    except Exception:
        return {}
    return data if isinstance(data, dict) else {}


@asynccontextmanager
async def lifespan(app):
    global pool
    pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=10)
    await pool.execute("""
      CREATE TABLE IF NOT EXISTS accounts (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), owner TEXT NOT NULL,
        balance BIGINT NOT NULL CHECK (balance >= 0));
      CREATE TABLE IF NOT EXISTS transfers (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), from_id UUID NOT NULL,
        to_id UUID NOT NULL, amount BIGINT NOT NULL, at TIMESTAMPTZ DEFAULT now());""")
    yield
    await pool.close()


def account_json(row):
    return {"id": str(row["id"]), "owner": row["owner"], "balance": row["balance"]}


async def create_account(request):
    b = await body_of(request)
    owner, balance = b.get("owner"), b.get("balance")
    if not (isinstance(owner, str) and owner.strip()) or type(balance) is not int or balance < 0:
        return bad(400, "invalid account")
    row = await pool.fetchrow("INSERT INTO accounts (owner, balance) VALUES ($1, $2) RETURNING *", owner, balance)
    return JSONResponse(account_json(row), status_code=201)


async def get_account(request):
    key = uid(request.path_params["id"])
    row = key and await pool.fetchrow("SELECT * FROM accounts WHERE id = $1", key)
    return JSONResponse(account_json(row)) if row else bad(404, "no such account")


async def move(conn, src, dst, amount):
    async with conn.transaction():
        debited = await conn.fetchrow(
            "UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1 RETURNING id", amount, src)
        if debited is None:
            exists = await conn.fetchval("SELECT count(*) FROM accounts WHERE id = $1", src)
            raise Refused(409, "insufficient funds") if exists else Refused(404, "no such account")
        if await conn.execute("UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount, dst) == "UPDATE 0":
            raise Refused(404, "no such account")
        return await conn.fetchval("INSERT INTO transfers (from_id, to_id, amount) VALUES ($1, $2, $3) RETURNING id",
                                   src, dst, amount)


async def create_transfer(request):
    b = await body_of(request)
    amount = b.get("amount")
    if "from" not in b or "to" not in b or type(amount) is not int or amount <= 0 or str(b["from"]) == str(b["to"]):
        return bad(400, "invalid transfer")
    src, dst = uid(b["from"]), uid(b["to"])
    if src is None or dst is None:
        return bad(404, "no such account")
    async with pool.acquire() as conn:
        for attempt in range(10):
            try:
                tid = await move(conn, src, dst, amount)
                break
            except Refused as r:
                return bad(r.status, str(r))
            except (asyncpg.exceptions.DeadlockDetectedError, asyncpg.exceptions.SerializationError):
                continue  # the other transaction won; ours was rolled back: try again
            except asyncpg.PostgresError as e:
                return bad(500, f"transfer failed: {e}")
        else:
            return bad(500, "transfer failed: too much contention")
    return JSONResponse({"id": str(tid), "from": str(src), "to": str(dst), "amount": amount}, status_code=201)


app = Starlette(routes=[
    Route("/accounts", create_account, methods=["POST"]),
    Route("/accounts/{id}", get_account, methods=["GET"]),
    Route("/transfers", create_transfer, methods=["POST"]),
], lifespan=lifespan)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
