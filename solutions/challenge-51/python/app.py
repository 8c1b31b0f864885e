"""Reference solution of challenge-51 (query-builder): Starlette + psycopg 3, a hand-written builder.

The HTTP layer checks every identifier against SCHEMA and converts every value to its column's
type; the builder writes only identifiers (quoted) into the SQL text and values into the
parameter list (psycopg's %s placeholders). Each endpoint reads its body on the event loop and does
its blocking psycopg work in Starlette's thread pool (`answers`), so the loop never stalls.
"""

import json
import math
import os
import queue
import re
from contextlib import contextmanager
from datetime import datetime, timezone
from decimal import Decimal

import psycopg
import uvicorn
from psycopg.rows import dict_row
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

URL = os.environ["DATABASE_URL"]
_idle: "queue.LifoQueue[psycopg.Connection]" = queue.LifoQueue()


# --- the builder -------------------------------------------------------------------------
IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
OPERATORS = {"=", "<>", ">", ">=", "<", "<="}


def ident(name):
    if not IDENT.match(name):
        raise ValueError(f"not an identifier: {name!r}")
    return f'"{name}"'


class Query:
    """qb("products").select("id", "name").where("price", ">", 10).order_by("price", "desc").limit(5)"""

    def __init__(self, table):
        self.table = ident(table)
        self.kind = "select"
        self.columns = []
        self.conditions = []  # (fragment with {} per value, values)
        self.orders = []
        self.row_limit = self.row_offset = None
        self.values = {}
        self.returned = []

    def select(self, *columns):
        self.kind, self.columns = "select", list(columns)
        return self

    def where(self, column, op, value):
        col = ident(column)
        if op == "in":
            self.conditions.append((f"{col} = ANY({{}})", [value]))
        elif op == "contains":
            self.conditions.append((f"strpos({col}, {{}}) > 0", [value]))
        elif op in OPERATORS:
            self.conditions.append((f"{col} {op} {{}}", [value]))
        else:
            raise ValueError(f"unknown operator {op!r}")
        return self

    def order_by(self, column, direction="asc"):
        self.orders.append(f"{ident(column)} {'DESC' if direction == 'desc' else 'ASC'}")
        return self

    def limit(self, n):
        self.row_limit = n
        return self

    def offset(self, n):
        self.row_offset = n
        return self

    def insert(self, values):
        self.kind, self.values = "insert", dict(values)
        return self

    def update(self, values):
        self.kind, self.values = "update", dict(values)
        return self

    def delete(self):
        self.kind = "delete"
        return self

    def returning(self, *columns):
        self.returned = list(columns)
        return self

    def to_sql(self):
        params = []

        def where():
            parts = []
            for fragment, values in self.conditions:
                params.extend(values)
                parts.append(fragment.replace("{}", "%s"))
            return " WHERE " + " AND ".join(parts) if parts else ""

        def returning():
            return " RETURNING " + ", ".join(map(ident, self.returned)) if self.returned else ""

        if self.kind == "select":
            cols = ", ".join(map(ident, self.columns)) or "*"
            sql = f"SELECT {cols} FROM {self.table}{where()}"
            if self.orders:
                sql += " ORDER BY " + ", ".join(self.orders)
            if self.row_limit is not None:
                sql += " LIMIT %s"
                params.append(self.row_limit)
            if self.row_offset is not None:
                sql += " OFFSET %s"
                params.append(self.row_offset)
        elif self.kind == "insert":
            keys = list(self.values)
            params.extend(self.values[k] for k in keys)
            sql = (f"INSERT INTO {self.table} ({', '.join(map(ident, keys))}) "
                   f"VALUES ({', '.join('%s' for _ in keys)}){returning()}")
        elif self.kind == "update":
            sets = ", ".join(f"{ident(k)} = %s" for k in self.values)
            params.extend(self.values.values())
            sql = f"UPDATE {self.table} SET {sets}{where()}{returning()}"
        else:
            sql = f"DELETE FROM {self.table}{where()}{returning()}"
        return sql, params

    def run(self):
        sql, params = self.to_sql()
        with connection() as conn:
            cur = conn.execute(sql, params)
            return cur.fetchall() if cur.description else []


def qb(table):
    return Query(table)


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


# --- the schema: the whitelist of identifiers and how each value is read ---------------------
class Invalid(Exception):
    pass


COMPARE = ["eq", "ne", "gt", "gte", "lt", "lte"]
OP_SQL = {"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "in": "in", "contains": "contains"}
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2}))?$")
KEY = re.compile(r"^([a-z_]+)(?:\[([a-z]+)\])?$")


def read_integer(text):
    if not re.fullmatch(r"-?[0-9]{1,9}", text):
        raise Invalid("an integer is expected")
    return int(text)


def read_number(text):
    try:
        n = float(text)
    except ValueError:
        raise Invalid("a number is expected") from None
    if not math.isfinite(n):
        raise Invalid("a finite number is expected")
    return n


def read_boolean(text):
    if text not in ("true", "false"):
        raise Invalid("true or false is expected")
    return text == "true"


def read_timestamp(text):
    if not TIMESTAMP.match(text):
        raise Invalid("an ISO 8601 date or date-time is expected")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Invalid("an ISO 8601 date or date-time is expected") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


READERS = {"integer": read_integer, "number": read_number, "text": str, "boolean": read_boolean,
           "timestamp": read_timestamp}
SCHEMA = {
    "id": ("integer", [*COMPARE, "in"]),
    "name": ("text", ["eq", "ne", "in", "contains"]),
    "price": ("number", [*COMPARE, "in"]),
    "category": ("text", ["eq", "ne", "in", "contains"]),
    "in_stock": ("boolean", ["eq", "ne"]),
    "created_at": ("timestamp", COMPARE),
}
FIELDS = list(SCHEMA)


def field(name, what):
    if name not in SCHEMA:
        raise Invalid(f"unknown {what}: {name}")
    return name


def integer_param(text, name, low, high):
    if not re.fullmatch(r"[0-9]{1,6}", text) or not low <= int(text) <= high:
        raise Invalid(f"{name} must be an integer from {low} to {high}")
    return int(text)


def list_query(items):
    """The list query for a query string's (key, value) pairs; all validated before building."""
    q = qb("products")
    limit, offset, sort, fields = 20, 0, [], []
    for key, value in items:
        if key == "limit":
            limit = integer_param(value, "limit", 1, 100)
        elif key == "offset":
            offset = integer_param(value, "offset", 0, 999999)
        elif key == "fields":
            fields = [field(f, "field") for f in value.split(",")]
        elif key == "sort":
            sort = [(field(s[1:], "sort field"), "desc") if s.startswith("-") else (field(s, "sort field"), "asc")
                    for s in value.split(",")]
        else:
            m = KEY.match(key)
            if not m:
                raise Invalid(f"malformed parameter: {key}")
            kind, ops = SCHEMA[field(m[1], "field")]
            op = m[2] or "eq"
            if op not in ops:
                raise Invalid(f"{m[1]} does not allow the operator {op}")
            read = READERS[kind]
            q.where(m[1], OP_SQL[op], [read(v) for v in value.split(",")] if op == "in" else read(value))
    q.select(*fields)
    for col, direction in sort:
        q.order_by(col, direction)
    if all(col != "id" for col, _ in sort):
        q.order_by("id")
    return q.limit(limit).offset(offset)


def read_body(raw, partial):
    try:
        body = json.loads(raw)
    except ValueError:
        raise Invalid("malformed JSON") from None
    if not isinstance(body, dict):
        raise Invalid("the body must be a JSON object")
    for key, value in body.items():
        if key in ("name", "category"):
            if not isinstance(value, str) or not value.strip():
                raise Invalid(f"{key} must be a non-empty string")
        elif key == "price":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
            if not ok or not 0 <= value < 1e8:
                raise Invalid("price must be a number from 0 to 99999999.99")
        elif key == "in_stock":
            if not isinstance(value, bool):
                raise Invalid("in_stock must be a boolean")
        else:
            raise Invalid(f"unknown field: {key}")
    if not partial:
        missing = [k for k in ("name", "price", "category") if k not in body]
        if missing:
            raise Invalid(f"{missing[0]} is required")
    elif not body:
        raise Invalid("send at least one of name, price, category, in_stock")
    return body


def path_id(request):
    text = request.path_params["id"]
    return int(text) if re.fullmatch(r"[0-9]{1,10}", text) and 1 <= int(text) <= 2147483647 else None


def present(row):
    return {k: float(v) if isinstance(v, Decimal) else v.isoformat() if isinstance(v, datetime) else v
            for k, v in row.items()}


def jsonable(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


# --- routes ----------------------------------------------------------------------------------
def error(status, message):
    return JSONResponse({"error": message}, status_code=status)


def not_found():
    return error(404, "product not found")


def answers(handler):
    """The body read on the event loop, the blocking work in the thread pool; invalid input -> 400,
    a database failure -> 500, both as JSON."""
    def run(request, body):
        try:
            return handler(request, body)
        except Invalid as exc:
            return error(400, str(exc))
        except psycopg.Error as exc:
            print("database error:", exc, flush=True)
            return error(500, "database error")

    async def endpoint(request):
        return await run_in_threadpool(run, request, await request.body())
    return endpoint


@answers
def list_products(request, body):
    return JSONResponse([present(r) for r in list_query(request.query_params.multi_items()).run()])


@answers
def show_sql(request, body):
    sql, params = list_query(request.query_params.multi_items()).to_sql()
    return JSONResponse({"sql": sql, "params": jsonable(params)})


@answers
def get_product(request, body):
    product_id = path_id(request)
    rows = [] if product_id is None else qb("products").where("id", "=", product_id).run()
    return JSONResponse(present(rows[0])) if rows else not_found()


@answers
def create_product(request, body):
    values = read_body(body, partial=False)
    rows = qb("products").insert(values).returning(*FIELDS).run()
    return JSONResponse(present(rows[0]), status_code=201)


@answers
def update_product(request, body):
    product_id = path_id(request)
    if product_id is None:
        return not_found()
    values = read_body(body, partial=True)
    rows = qb("products").update(values).where("id", "=", product_id).returning(*FIELDS).run()
    return JSONResponse(present(rows[0])) if rows else not_found()


@answers
def delete_product(request, body):
    product_id = path_id(request)
    rows = [] if product_id is None else qb("products").delete().where("id", "=", product_id).returning("id").run()
    return Response(status_code=204) if rows else not_found()


def create_table():
    with connection() as conn:
        conn.execute("""CREATE TABLE IF NOT EXISTS products (
            id SERIAL PRIMARY KEY,
            name TEXT NOT NULL,
            price NUMERIC(10,2) NOT NULL,
            category TEXT NOT NULL,
            in_stock BOOLEAN NOT NULL DEFAULT TRUE,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now())""")


routes = [
    Route("/products", list_products, methods=["GET"]),
    Route("/products", create_product, methods=["POST"]),
    Route("/products/sql", show_sql, methods=["GET"]),
    Route("/products/{id}", get_product, methods=["GET"]),
    Route("/products/{id}", update_product, methods=["PATCH"]),
    Route("/products/{id}", delete_product, methods=["DELETE"]),
]

app = Starlette(routes=routes)

if __name__ == "__main__":
    create_table()
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
