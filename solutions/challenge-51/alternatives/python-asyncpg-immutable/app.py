"""challenge-51 alternative: asyncpg ($1 placeholders) and an immutable builder.

Every builder method returns a new Select (a frozen dataclass), so a base query can be shared;
`in` becomes one placeholder per item, `contains` a LIKE with an ESCAPE clause (the value's
%, _ and \\ escaped), and a timestamp is an aware datetime (asyncpg binds it natively).
"""

import json
import math
import os
import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from decimal import Decimal

import asyncpg
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


class BadRequest(Exception):
    pass


def quote(name: str) -> str:
    assert re.fullmatch(r"[a-z_]+", name), name
    return '"' + name + '"'


@dataclass(frozen=True)
class Select:
    table: str
    columns: tuple = ()
    where: tuple = ()   # (sql with {} for each value, values)
    order: tuple = ()
    limit_n: int | None = None
    offset_n: int | None = None

    def select(self, *cols):
        return replace(self, columns=cols)

    def filter(self, col, op, value):
        if op == "in":
            return replace(self, where=self.where + ((f"{quote(col)} IN ({', '.join('{}' for _ in value)})", tuple(value)),))
        if op == "contains":
            pattern = "%" + re.sub(r"([\\%_])", r"\\\1", value) + "%"
            return replace(self, where=self.where + ((f"{quote(col)} LIKE {{}} ESCAPE '\\'", (pattern,)),))
        return replace(self, where=self.where + ((f"{quote(col)} {op} {{}}", (value,)),))

    def order_by(self, col, desc=False):
        return replace(self, order=self.order + (f"{quote(col)} {'DESC' if desc else 'ASC'}",))

    def limit(self, n):
        return replace(self, limit_n=n)

    def offset(self, n):
        return replace(self, offset_n=n)

    def build(self):
        args = []

        def slot(value):
            args.append(value)
            return f"${len(args)}"

        conds = []
        for template, values in self.where:
            it = iter(values)
            conds.append(re.sub(r"\{\}", lambda _m: slot(next(it)), template))
        sql = f"SELECT {', '.join(map(quote, self.columns)) or '*'} FROM {quote(self.table)}"
        if conds:
            sql += " WHERE " + " AND ".join(conds)
        if self.order:
            sql += " ORDER BY " + ", ".join(self.order)
        if self.limit_n is not None:
            sql += f" LIMIT {int(self.limit_n)}"  # validated integers: written into the text
        if self.offset_n is not None:
            sql += f" OFFSET {int(self.offset_n)}"
        return sql, args


def insert_sql(table, values):
    cols = list(values)
    return (f"INSERT INTO {quote(table)} ({', '.join(map(quote, cols))}) "
            f"VALUES ({', '.join(f'${i}' for i in range(1, len(cols) + 1))}) RETURNING *", [values[c] for c in cols])


def update_sql(table, values, row_id):
    cols = list(values)
    sets = ", ".join(f"{quote(c)} = ${i}" for i, c in enumerate(cols, 1))
    return f"UPDATE {quote(table)} SET {sets} WHERE id = ${len(cols) + 1} RETURNING *", [*map(values.get, cols), row_id]


# --- typed columns ---------------------------------------------------------------------------
def as_int(text):
    if re.fullmatch(r"-?\d{1,9}", text) is None:
        raise BadRequest(f"{text!r} is not an integer")
    return int(text)


def as_number(text):
    if re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", text) is None:
        raise BadRequest(f"{text!r} is not a number")
    return Decimal(text)


def as_bool(text):
    try:
        return {"true": True, "false": False}[text]
    except KeyError:
        raise BadRequest(f"{text!r} is not true or false") from None


def as_time(text):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?", text):
        raise BadRequest(f"{text!r} is not an ISO 8601 timestamp")
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"{text!r} is not a valid date") from None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


ORDERED = {"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
TEXTUAL = {"eq": "=", "ne": "<>", "in": "in", "contains": "contains"}
COLUMNS = {
    "id": (as_int, {**ORDERED, "in": "in"}),
    "name": (str, TEXTUAL),
    "price": (as_number, {**ORDERED, "in": "in"}),
    "category": (str, TEXTUAL),
    "in_stock": (as_bool, {"eq": "=", "ne": "<>"}),
    "created_at": (as_time, ORDERED),
}


def known(col):
    if col not in COLUMNS:
        raise BadRequest(f"unknown column {col!r}")
    return col


def bounded(text, low, high, what):
    if not text.isdigit() or not low <= int(text) <= high:
        raise BadRequest(f"{what} must be an integer in {low}..{high}")
    return int(text)


def list_query(pairs):
    q = Select("products")
    limit, offset, order = 20, 0, []
    for key, value in pairs:
        if key == "limit":
            limit = bounded(value, 1, 100, "limit")
        elif key == "offset":
            offset = bounded(value, 0, 10**6, "offset")
        elif key == "fields":
            q = q.select(*(known(c) for c in value.split(",")))
        elif key == "sort":
            order = [(known(s.removeprefix("-")), s.startswith("-")) for s in value.split(",")]
        else:
            m = re.fullmatch(r"(\w+)(?:\[(\w+)\])?", key)
            if m is None:
                raise BadRequest(f"bad parameter {key!r}")
            convert, ops = COLUMNS[known(m[1])]
            op = ops.get(m[2] or "eq")
            if op is None:
                raise BadRequest(f"{m[1]} cannot be filtered with {m[2]!r}")
            q = q.filter(m[1], op, [convert(v) for v in value.split(",")] if op == "in" else convert(value))
    for col, desc in order:
        q = q.order_by(col, desc)
    if "id" not in (c for c, _ in order):
        q = q.order_by("id")
    return q.limit(limit).offset(offset)


def body_values(raw, creating):
    try:
        body = json.loads(raw)
    except ValueError:
        raise BadRequest("malformed JSON") from None
    if type(body) is not dict or not body:
        raise BadRequest("a non-empty JSON object is expected")
    rules = {
        "name": lambda v: isinstance(v, str) and v.strip(),
        "category": lambda v: isinstance(v, str) and v.strip(),
        "price": lambda v: type(v) in (int, float) and math.isfinite(v) and 0 <= v < 1e8,
        "in_stock": lambda v: type(v) is bool,
    }
    for key, value in body.items():
        if key not in rules or not rules[key](value):
            raise BadRequest(f"invalid {key!r}")
    if creating and not {"name", "price", "category"} <= body.keys():
        raise BadRequest("name, price and category are required")
    if "price" in body:
        body["price"] = Decimal(str(body["price"]))
    return body


def to_json(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def product(record):
    return {k: to_json(v) for k, v in dict(record).items()}


# --- the app ----------------------------------------------------------------------------------
def handler(fn):
    async def endpoint(request):
        try:
            return await fn(request)
        except BadRequest as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        except asyncpg.PostgresError as exc:
            print("database:", exc, flush=True)
            return JSONResponse({"error": "database error"}, status_code=500)
    return endpoint


def wanted_id(request):
    text = request.path_params["id"]
    return int(text) if re.fullmatch(r"[1-9]\d{0,9}", text) and int(text) < 2**31 else None


def gone():
    return JSONResponse({"error": "product not found"}, status_code=404)


@handler
async def index(request):
    sql, args = list_query(request.query_params.multi_items()).build()
    return JSONResponse([product(r) for r in await app.state.pool.fetch(sql, *args)])


@handler
async def explain(request):
    sql, args = list_query(request.query_params.multi_items()).build()
    return JSONResponse({"sql": sql, "params": to_json(args)})


@handler
async def show(request):
    row_id = wanted_id(request)
    row = row_id and await app.state.pool.fetchrow("SELECT * FROM products WHERE id = $1", row_id)
    return JSONResponse(product(row)) if row else gone()


@handler
async def create(request):
    sql, args = insert_sql("products", body_values(await request.body(), creating=True))
    return JSONResponse(product(await app.state.pool.fetchrow(sql, *args)), status_code=201)


@handler
async def change(request):
    row_id = wanted_id(request)
    if row_id is None:
        return gone()
    sql, args = update_sql("products", body_values(await request.body(), creating=False), row_id)
    row = await app.state.pool.fetchrow(sql, *args)
    return JSONResponse(product(row)) if row else gone()


@handler
async def remove(request):
    row_id = wanted_id(request)
    row = row_id and await app.state.pool.fetchrow("DELETE FROM products WHERE id = $1 RETURNING id", row_id)
    return Response(status_code=204) if row else gone()


async def lifespan(app):
    app.state.pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=5)
    await app.state.pool.execute("""CREATE TABLE IF NOT EXISTS products (
        id SERIAL PRIMARY KEY, name TEXT NOT NULL, price NUMERIC(10,2) NOT NULL, category TEXT NOT NULL,
        in_stock BOOLEAN NOT NULL DEFAULT TRUE, created_at TIMESTAMPTZ NOT NULL DEFAULT now())""")
    yield
    await app.state.pool.close()


app = Starlette(routes=[
    Route("/products", index, methods=["GET"]),
    Route("/products", create, methods=["POST"]),
    Route("/products/sql", explain, methods=["GET"]),
    Route("/products/{id}", show, methods=["GET"]),
    Route("/products/{id}", change, methods=["PATCH"]),
    Route("/products/{id}", remove, methods=["DELETE"]),
], lifespan=lifespan)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
