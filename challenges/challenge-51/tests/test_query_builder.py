"""Hidden suite of challenge-51 (query-builder): a query builder behind a products API over PostgreSQL.

The suite inserts randomised rows itself and computes every expected answer from the table (read
with its own connection, the `pg` fixture), so the checks hold whatever else earlier checks left
there. Two views of the SQL the server builds:

- the statement log: the `statement_log` fixture sets `log_statement = 'all'` for the run's
  database, restarts the server (its new connections log every statement) and reads the
  PostgreSQL CSV log back with pg_read_file (the grader's PostgreSQL writes one:
  grader/services/postgres.py). A capture is bounded by two marker statements of the suite's own
  connection: a backend writes a statement to the log before running it, so before the HTTP
  answer, and the log collector keeps the order of one pipe, so everything the server sent for
  the requests in between is in the file once the closing marker is; no timing decides a verdict;
- GET /products/sql: the SQL and parameters the builder made, which the suite checks for
  placeholders and typed parameters and runs itself in a read-only transaction.
"""

import csv
import io
import math
import re
import secrets
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from urllib.parse import urlencode

import pytest

from grader.testing import assert_status, json_body

FIELDS = ["id", "name", "price", "category", "in_stock", "created_at"]
WORDS = ["alpha", "bravo", "cedar", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "juniper",
         "kestrel", "lumen", "maple", "nectar", "onyx", "pepper", "quartz", "raven", "sable", "tundra"]
CANARY = "lg_canary_51"
# values that break (or run) when pasted into SQL text; a parameter keeps them data
PAYLOADS = [
    "x'); DROP TABLE products; --",
    "' OR '1'='1",
    "O'Brien",
    f"'; DELETE FROM {CANARY}; --",
    "1; UPDATE products SET name = 'pwned'; --",
    "\\'; SELECT pg_sleep(0); --",
    "$1 $2 %s %(x)s ?",
    '"; DROP TABLE products; --',
]
# identifiers a builder must never paste into SQL
BAD_KEYS = [
    "nme", "name;", "price[gtt]", "name[gt]", "in_stock[in]", "created_at[contains]", "name[eq", "price]gt[",
    'name" = name OR "1', "name[eq) OR (1=1]", f"id;DROP TABLE {CANARY}", "products.name",
]
# (no lenient spellings a server may accept safely, such as "+price" or a trailing comma)
BAD_SORTS = ["nme", "-nme", "name;DROP TABLE products", "price desc", "(select 1)", "--name", 'name"; --']
BAD_FIELDS = ["nme", "id,(select 1)", "name;DROP TABLE products", "id name", 'id,"name"']


# --- the table --------------------------------------------------------------------------------
def token(rng, prefix="t"):
    return f"{prefix}{rng.randint(10**7, 10**8 - 1)}"


def all_rows(pg):
    cur = pg.execute("SELECT id, name, price, category, in_stock, created_at FROM products ORDER BY id")
    return [dict(zip(FIELDS, r)) for r in cur.fetchall()]


def insert_rows(pg, rows):
    """Rows the suite writes with SQL; returns them with their ids."""
    out = []
    for r in rows:
        found = pg.execute(
            "INSERT INTO products (name, price, category, in_stock, created_at) VALUES (%s, %s, %s, %s, %s) RETURNING id",
            (r["name"], r["price"], r["category"], r["in_stock"], r["created_at"])).fetchone()
        out.append({**r, "id": found[0]})
    return out


def random_rows(rng, n, category=None, names=None):
    base = datetime(2022, 1, 1, tzinfo=UTC)
    return [{
        "name": (names or WORDS)[rng.randrange(len(names or WORDS))] + ("" if names else f" {rng.randint(1, 999)}"),
        "price": Decimal(rng.randint(0, 50000)) / 100,
        "category": category or rng.choice(["books", "games", "tools", "garden", "music"]),
        "in_stock": rng.random() < 0.6,
        "created_at": base + timedelta(seconds=rng.randint(0, 3 * 365 * 86400)),
    } for _ in range(n)]


def as_instant(value):
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def assert_product(body, expected, what, fields=FIELDS):
    """A product of the API against a row (or the values sent), type by type."""
    assert isinstance(body, dict), f"{what} must be a JSON object, got {body!r}"
    assert set(body) == set(fields), f"{what} must have exactly the keys {sorted(fields)}, got {sorted(body)}"
    for key in fields:
        got, want = body[key], expected[key]
        if key == "id":
            ok = isinstance(got, int) and not isinstance(got, bool) and got == want
        elif key == "price":
            ok = isinstance(got, (int, float)) and not isinstance(got, bool) and abs(got - float(want)) < 0.005
        elif key == "in_stock":
            ok = got is want
        elif key == "created_at":
            ok = as_instant(got) is not None and abs((as_instant(got) - want).total_seconds()) < 0.001
        else:
            ok = got == want
        assert ok, f"{what}: {key} must be {want!r} ({'a JSON number' if key == 'price' else 'as stored'}), got {got!r}"


def assert_error(response, status, why):
    assert_status(response, status)
    body = json_body(response)
    ok = isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"].strip() != ""
    assert ok, f'{why}: the {status} body must be {{"error": "<non-empty string>"}}, got {body!r}'


# --- the suite's own answer for a query string -------------------------------------------------
def parse_value(kind, text):
    if kind == "integer":
        return int(text)
    if kind == "number":
        return Decimal(text)
    if kind == "boolean":
        return text == "true"
    if kind == "timestamp":
        moment = datetime.fromisoformat(text)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return text


KINDS = {"id": "integer", "price": "number", "name": "text", "category": "text", "in_stock": "boolean",
         "created_at": "timestamp"}
TESTS = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "gt": lambda a, b: a > b, "gte": lambda a, b: a >= b,
         "lt": lambda a, b: a < b, "lte": lambda a, b: a <= b, "in": lambda a, b: a in b,
         "contains": lambda a, b: b in a}


def expected_ids(rows, params):
    """What GET /products?params must answer (ids, in order), computed in Python."""
    conditions, sort, limit, offset = [], [], 20, 0
    for key, value in params:
        if key == "limit":
            limit = int(value)
        elif key == "offset":
            offset = int(value)
        elif key == "sort":
            sort = [(s.lstrip("-"), s.startswith("-")) for s in value.split(",")]
        elif key != "fields":
            m = re.fullmatch(r"([a-z_]+)(?:\[([a-z]+)\])?", key)
            col, op = m[1], m[2] or "eq"
            kind = KINDS[col]
            want = [parse_value(kind, v) for v in value.split(",")] if op == "in" else parse_value(kind, value)
            conditions.append((col, TESTS[op], want))
    found = [r for r in rows if all(test(r[col], want) for col, test, want in conditions)]
    if all(col != "id" for col, _ in sort):
        sort.append(("id", False))
    for col, descending in reversed(sort):  # stable sorts, last key first
        found.sort(key=lambda r: r[col], reverse=descending)
    return [r["id"] for r in found[offset:offset + limit]]


def listed(client, params, what=None):
    response = client.get("/products?" + urlencode(params))
    what = what or f"GET /products?{urlencode(params)}"
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, list), f"{what} must answer a JSON array, got {body!r}"
    return body


def assert_lists(client, pg, params):
    """The server's answer for a query string equals the suite's own, from the table."""
    what = f"GET /products?{urlencode(params)}"
    want = expected_ids(all_rows(pg), params)
    body = listed(client, params, what)
    got = [p.get("id") if isinstance(p, dict) else p for p in body]
    assert got == want, f"{what} must answer the ids {want} (in that order), got {got}"
    return body


# --- the statement log ----------------------------------------------------------------------------
class StatementLog:
    """The statements other sessions of the run's database sent, read from PostgreSQL's CSV log."""

    MESSAGE, DETAIL, QUERY = 13, 14, 19  # csvlog columns (PostgreSQL 15)

    def __init__(self, pg):
        self.pg = pg
        self.pid = str(pg.info.backend_pid)
        self.db = pg.info.dbname
        path = pg.execute("SELECT pg_current_logfile('csvlog')").fetchone()[0]
        assert path, ("the PostgreSQL server writes no CSV log (logging_collector = on, log_destination = 'csvlog'): "
                      "the grader's own PostgreSQL does; with --service give such a server")
        self.path = path

    def _mark(self):
        mark = f"lg-mark-{secrets.token_hex(8)}"
        self.pg.execute(f"SELECT '{mark}'")
        return mark

    def _read(self, last_mark, deadline_s=10.0):
        deadline = time.monotonic() + deadline_s
        while True:
            text = self.pg.execute("SELECT pg_read_file(%s)", (self.path,)).fetchone()[0]
            # up to the end of the closing marker's row: every row before it is complete, a row
            # after it may still be half written
            row_end = text.find("\n", text.find(last_mark)) if last_mark in text else -1
            if row_end >= 0:
                return list(csv.reader(io.StringIO(text[:row_end + 1])))
            assert time.monotonic() < deadline, "the suite's own marker statement never reached the statement log"
            time.sleep(0.02)

    @contextmanager
    def capture(self):
        """with log.capture() as seen: ...requests...  -> seen: the statements the server sent meanwhile."""
        seen = []
        first = self._mark()
        yield seen
        last = self._mark()
        inside = False
        for row in self._read(last):
            if len(row) <= self.QUERY:
                continue
            if row[3] == self.pid:
                if first in row[self.MESSAGE]:
                    inside = True
                elif last in row[self.MESSAGE]:
                    break
                continue
            if not inside or row[2] != self.db:
                continue
            message = row[self.MESSAGE]
            m = re.match(r"(?:statement|execute [^:]*): (.*)", message, re.S)
            if m:
                seen.append(m[1])
            elif row[self.QUERY]:  # an error's statement
                seen.append(row[self.QUERY])


@pytest.fixture(scope="session")
def statement_log(pg, server):
    """Statement logging on for the run's database; the server restarted so its sessions log."""
    pg.execute(f"""ALTER DATABASE "{pg.info.dbname}" SET log_statement = 'all'""")
    pg.execute("SET log_statement = 'all'")
    server.restart()
    return StatementLog(pg)


def about_products(statements):
    """The statements that touch the products table (a look at the catalogue, e.g. to load the
    column list, does not count)."""
    return [s for s in statements if "products" in s.lower()
            and not re.search(r"information_schema|pg_catalog|pg_attribute|pg_class", s, re.I)]


def assert_no_values(statements, values, what):
    sent = about_products(statements)
    assert sent, f"{what}: the server sent no statement about the products table (statement log)"
    for value in values:
        leaked = [s for s in sent if value in s]
        assert not leaked, (f"{what}: the value {value!r} is written into the SQL text the server sent, "
                            f"not passed as a parameter: {leaked[0][:300]!r}")


# --- a canary table no request may touch ----------------------------------------------------------
@pytest.fixture
def canary(pg, rng):
    mark = token(rng, "canary-")
    pg.execute(f"DROP TABLE IF EXISTS {CANARY}")
    pg.execute(f"CREATE TABLE {CANARY} (token TEXT)")
    pg.execute(f"INSERT INTO {CANARY} VALUES (%s)", (mark,))
    yield mark
    pg.execute(f"DROP TABLE IF EXISTS {CANARY}")


def assert_intact(pg, mark, rows_before, what):
    tables = {r[0] for r in pg.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()}
    assert "products" in tables, f"{what}: the products table is gone"
    assert CANARY in tables, f"{what}: the suite's own table {CANARY} was dropped"
    rows = [r[0] for r in pg.execute(f"SELECT token FROM {CANARY}").fetchall()]
    assert rows == [mark], f"{what}: the suite's own table {CANARY} was changed (now {rows!r})"
    count = pg.execute("SELECT count(*) FROM products").fetchone()[0]
    assert count >= rows_before, f"{what}: rows of the products table disappeared ({rows_before} -> {count})"
    pwned = pg.execute("SELECT count(*) FROM products WHERE name = 'pwned'").fetchone()[0]
    assert pwned == 0, f"{what}: a payload ran: names were overwritten with 'pwned'"


def new_product(rng, **over):
    return {"name": f"{rng.choice(WORDS)} {rng.randint(1, 9999)}", "price": rng.randint(100, 99999) / 100,
            "category": rng.choice(["books", "games", "tools"]), "in_stock": rng.random() < 0.5, **over}


def row_of(pg, product_id):
    found = [r for r in pg.execute(
        "SELECT id, name, price, category, in_stock, created_at FROM products WHERE id = %s", (product_id,)).fetchall()]
    return dict(zip(FIELDS, found[0])) if found else None


# --- CRUD -----------------------------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(2)
def test_create_and_fetch(client, pg, rng):
    """POST /products answers 201 with the typed product and writes the row; GET /products/:id reads it; unknown ids 404"""
    sent = new_product(rng)
    response = client.post("/products", json=sent)
    assert_status(response, 201)
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("id"), int), f"the created product must have an integer id, got {body!r}"
    stored = row_of(pg, body["id"])
    assert stored is not None, f"no row with id {body['id']} in the products table after POST"
    for key in ("name", "category", "in_stock"):
        assert stored[key] == sent[key], f"the row's {key} must be {sent[key]!r}, the table has {stored[key]!r}"
    assert abs(float(stored["price"]) - sent["price"]) < 0.005, f"the row's price must be {sent['price']}, got {stored['price']}"
    assert_product(body, stored, "the created product")
    response = client.post("/products", json={k: v for k, v in new_product(rng).items() if k != "in_stock"})
    assert_status(response, 201)
    assert json_body(response).get("in_stock") is True, "a POST without in_stock must store true"

    theirs = insert_rows(pg, random_rows(rng, 1))[0]
    response = client.get(f"/products/{theirs['id']}")
    assert_status(response, 200)
    assert_product(json_body(response), theirs, f"GET /products/{theirs['id']} (a row the suite inserted)")
    for bad in ("999999999", "abc", "1 OR 1=1", "0"):
        assert_error(client.get(f"/products/{bad}"), 404, f"GET /products/{bad}")


@pytest.mark.points(2)
def test_patch_and_delete(client, pg, rng):
    """PATCH changes only the fields sent (in the table too); DELETE answers 204 and removes the row; unknown ids 404"""
    theirs = insert_rows(pg, random_rows(rng, 2))
    target, other = theirs
    change = {"price": rng.randint(100, 9999) / 100, "in_stock": not target["in_stock"]}
    response = client.patch(f"/products/{target['id']}", json=change)
    assert_status(response, 200)
    want = {**target, "price": Decimal(str(change["price"])), "in_stock": change["in_stock"]}
    assert_product(json_body(response), want, "the product after PATCH {price, in_stock}")
    stored = row_of(pg, target["id"])
    assert_product({**json_body(response)}, stored, "the PATCH answer against the row")
    assert stored["name"] == target["name"] and stored["category"] == target["category"], (
        f"PATCH must keep the fields not sent, the row is {stored!r}")
    response = client.patch(f"/products/{target['id']}", json={"name": "renamed " + token(rng)})
    assert_status(response, 200)
    assert row_of(pg, target["id"])["in_stock"] == change["in_stock"], "a later PATCH of name must keep in_stock"

    response = client.delete(f"/products/{target['id']}")
    assert_status(response, 204)
    assert response.content == b"", f"a 204 has an empty body, got {response.content[:100]!r}"
    assert row_of(pg, target["id"]) is None, "after DELETE the row must be gone"
    assert row_of(pg, other["id"]) is not None, "DELETE of one product must leave the others"
    for bad in (str(target["id"]), "abc", "1 OR 1=1"):
        assert_error(client.patch(f"/products/{bad}", json={"name": "x"}), 404, f"PATCH /products/{bad}")
        assert_error(client.delete(f"/products/{bad}"), 404, f"DELETE /products/{bad}")


@pytest.mark.points(2)
def test_body_validation(client, pg, rng):
    """invalid bodies (wrong types, missing fields, unknown or read-only keys) answer 400 and write nothing"""
    good = new_product(rng)
    cases = [
        ({**good, "price": "12.50"}, "price a string"),
        ({**good, "price": True}, "price a boolean"),
        ({**good, "price": -1}, "a negative price"),
        ({**good, "in_stock": "true"}, "in_stock a string"),
        ({**good, "name": 42}, "name a number"),
        ({**good, "category": "  "}, "a blank category"),
        ({k: v for k, v in good.items() if k != "price"}, "price missing"),
        ({**good, "id": 5}, "an id"),
        ({**good, "created_at": "2020-01-01T00:00:00Z"}, "a created_at"),
        ({**good, "colour": "red"}, "an unknown key"),
        ({**good, "name\" = 'x'; --": "x"}, "an identifier-injection key"),
        ({**good, f"price) VALUES (1); DROP TABLE {CANARY}; --": 1}, "an identifier-injection key"),
    ]
    before = pg.execute("SELECT count(*) FROM products").fetchone()[0]
    for body, why in cases:
        assert_error(client.post("/products", json=body), 400, f"POST /products with {why}")
    for raw, why in ((b'{"name": "x", ', "malformed JSON"), (b'["x"]', "a JSON array")):
        response = client.post("/products", content=raw, headers={"Content-Type": "application/json"})
        assert_error(response, 400, f"POST /products with {why}")
    target = insert_rows(pg, random_rows(rng, 1))[0]
    for body, why in (({}, "no field"), ({"price": "3"}, "price a string"), ({"sku": "x"}, "an unknown key"),
                      ({"name": "ok", "id": 1}, "an id")):
        assert_error(client.patch(f"/products/{target['id']}", json=body), 400, f"PATCH with {why}")
    after = pg.execute("SELECT count(*) FROM products").fetchone()[0]
    assert after == before + 1, f"invalid POSTs must insert nothing ({before} rows before, {after - 1} after)"
    assert row_of(pg, target["id"]) == target, "invalid PATCHes must change nothing"


# --- filters, sorting, paging, fields ------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(3)
def test_comparison_filters(client, pg, rng):
    """price, id and created_at filters (eq ne gt gte lt lte in, several ANDed) answer exactly the matching rows"""
    rows = insert_rows(pg, random_rows(rng, 30))
    prices = sorted({str(r["price"]) for r in rows})
    ids = [r["id"] for r in rows]
    pivot = rng.choice(prices)
    moment = rng.choice(rows)["created_at"]
    queries = [
        [("price[gt]", pivot), ("limit", "100")],
        [("price[gte]", pivot), ("limit", "100")],
        [("price[lt]", pivot), ("limit", "100")],
        [("price[lte]", f"{Decimal(pivot):.1f}1"), ("limit", "100")],
        [("price", pivot)],
        [("price[eq]", pivot), ("id[gte]", str(ids[0]))],
        [("price[ne]", pivot), ("id[gt]", str(ids[5])), ("id[lte]", str(ids[20])), ("limit", "100")],
        [("id[in]", ",".join(str(i) for i in rng.sample(ids, 5)))],
        [("price[in]", ",".join(rng.sample(prices, 3)))],
        [("id[lt]", str(ids[10])), ("id[ne]", str(ids[3])), ("limit", "100")],
        [("created_at[gt]", moment.strftime("%Y-%m-%dT%H:%M:%SZ")), ("limit", "100")],
        [("created_at[lte]", moment.strftime("%Y-%m-%dT%H:%M:%SZ")), ("price[gt]", "100"), ("limit", "100")],
        [("created_at[gte]", moment.strftime("%Y-%m-%d")), ("created_at[lt]", (moment + timedelta(days=90)).strftime("%Y-%m-%d")), ("limit", "100")],
        [("created_at[eq]", moment.astimezone(timezone(timedelta(hours=2))).isoformat())],
    ]
    for params in queries:
        assert_lists(client, pg, params)


@pytest.mark.points(2)
def test_text_and_boolean_filters(client, pg, rng):
    """name/category eq ne in contains (case-sensitive, % and _ literal) and in_stock filters answer exactly the matching rows"""
    tag = token(rng, "c")
    names = ["50% off", "500 g", "a_b", "axb", "Case", "case", "back\\slash", "plain"]
    rows = insert_rows(pg, [{**r, "name": name} for r, name in zip(random_rows(rng, len(names), category=tag), names)])
    rows += insert_rows(pg, random_rows(rng, 6, category=tag + "x"))
    queries = [
        [("category", tag)],
        [("category[eq]", tag), ("in_stock", "true")],
        [("category", tag), ("in_stock[eq]", "false")],
        [("category", tag), ("in_stock[ne]", "true")],
        [("category[in]", f"{tag},{tag}x"), ("limit", "100")],
        [("category[contains]", tag), ("category[ne]", tag)],
        [("category", tag), ("name[contains]", "50%")],
        [("category", tag), ("name[contains]", "a_b")],
        [("category", tag), ("name[contains]", "ase")],
        [("category", tag), ("name[contains]", "\\")],
        [("category", tag), ("name", "Case")],
        [("category", tag), ("name[ne]", "case")],
        [("category", tag), ("name[in]", "axb,plain,nothing")],
    ]
    for params in queries:
        assert_lists(client, pg, params)


@pytest.mark.points(3)
def test_sort_and_pagination(client, pg, rng):
    """sort (several keys, - for descending, ties by id), limit, offset and the defaults (20 rows, by id) page exactly"""
    tag = token(rng, "s")
    names = rng.sample(WORDS, 5)
    insert_rows(pg, random_rows(rng, 45, category=tag, names=names))
    for row in rng.sample(all_rows(pg), 1):  # equal prices too: ties must fall back to id
        pg.execute("UPDATE products SET price = %s WHERE category = %s AND id %% 3 = 0", (row["price"], tag))
    queries = [
        [("category", tag)],
        [("category", tag), ("offset", "20")],
        [("category", tag), ("sort", "price"), ("limit", "100")],
        [("category", tag), ("sort", "-price"), ("limit", "7"), ("offset", "3")],
        [("category", tag), ("sort", "name,-price"), ("limit", "100")],
        [("category", tag), ("sort", "-name,in_stock,created_at"), ("limit", "10"), ("offset", "10")],
        [("category", tag), ("sort", "-id"), ("limit", "5")],
        [("category", tag), ("sort", "-created_at"), ("limit", "1"), ("offset", "44")],
        [("category", tag), ("sort", "price"), ("limit", "100"), ("offset", "45")],
    ]
    for params in queries:
        assert_lists(client, pg, params)
    body = listed(client, [("limit", "100")])
    assert len(body) == min(100, len(all_rows(pg))), f"limit=100 must answer up to 100 rows, got {len(body)}"


@pytest.mark.points(1)
def test_fields_projection(client, pg, rng):
    """fields=... answers only those keys, typed, for the right rows"""
    tag = token(rng, "f")
    rows = insert_rows(pg, random_rows(rng, 4, category=tag))
    by_id = {r["id"]: r for r in rows}
    for fields in (["id", "name"], ["price", "in_stock", "id"], ["id", "created_at", "category"]):
        params = [("category", tag), ("fields", ",".join(fields))]
        body = listed(client, params)
        assert len(body) == len(rows), f"GET /products?{urlencode(params)} must answer {len(rows)} products, got {len(body)}"
        for product in body:
            assert isinstance(product, dict) and product.get("id") in by_id, f"an unexpected product {product!r}"
            assert_product(product, by_id[product["id"]], f"a product of fields={','.join(fields)}", fields)
    body = listed(client, [("category", tag), ("fields", "name"), ("sort", "-id")])
    assert body == [{"name": r["name"]} for r in reversed(rows)], f"fields=name&sort=-id must answer only the names, got {body!r}"


# --- identifiers and types ------------------------------------------------------------------------
@pytest.mark.points(3)
def test_unknown_identifiers_are_rejected_before_sql(client, pg, rng, canary, statement_log):
    """unknown or malformed fields, operators, sort and fields entries answer 400 and send no SQL about the table"""
    before = pg.execute("SELECT count(*) FROM products").fetchone()[0]
    requests = ([[(key, "1")] for key in BAD_KEYS] + [[("sort", s)] for s in BAD_SORTS]
                + [[("fields", f)] for f in BAD_FIELDS])
    with statement_log.capture() as seen:
        for params in requests:
            assert_error(client.get("/products?" + urlencode(params)), 400, f"GET /products?{urlencode(params)}")
    sent = about_products(seen)
    assert not sent, f"a rejected request must send no SQL about the table; the server sent {sent[0][:300]!r}"
    assert_intact(pg, canary, before, "after requests with bad identifiers")


@pytest.mark.points(2)
def test_values_are_typed_before_sql(client, pg, statement_log):
    """values a field cannot take and invalid limit/offset answer 400 and send no SQL about the table"""
    cases = [("price[gt]", "abc"), ("price", ""), ("price[lt]", "NaN"), ("price[gte]", "Infinity"),
             ("price[in]", "1,abc"), ("price", "1; DROP TABLE products"), ("id", "1.5"), ("id[in]", "1,x"),
             ("id", "1 OR 1=1"), ("in_stock", "yes"), ("in_stock", "1"), ("in_stock", "TRUE OR 1=1"),
             ("created_at[lt]", "yesterday"), ("created_at[gt]", "2024-13-01"), ("created_at", "2024-01-01' OR '1'='1"),
             ("limit", "0"), ("limit", "101"), ("limit", "abc"), ("limit", "1.5"), ("offset", "-1"),
             ("offset", "x"), ("limit", "5; DROP TABLE products")]
    with statement_log.capture() as seen:
        for key, value in cases:
            params = [(key, value)]
            assert_error(client.get("/products?" + urlencode(params)), 400, f"GET /products?{urlencode(params)}")
    sent = about_products(seen)
    assert not sent, f"a rejected request must send no SQL about the table; the server sent {sent[0][:300]!r}"


# --- injection and parameters ---------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(3)
def test_injection_payloads_in_values_are_data(client, pg, rng, canary):
    """SQL-injection payloads in filter values and bodies are data: stored literally, matched literally; every table intact"""
    before = pg.execute("SELECT count(*) FROM products").fetchone()[0]
    tag = token(rng, "i")
    created = []
    for i, payload in enumerate(PAYLOADS):
        response = client.post("/products", json=new_product(rng, name=payload, category=tag + PAYLOADS[-1 - i]))
        assert_status(response, 201)
        created.append(json_body(response))
    assert_intact(pg, canary, before, "after POSTs with injection payloads")
    for product in created:
        stored = row_of(pg, product.get("id"))
        assert stored is not None and stored["name"] == product.get("name"), f"a payload must be stored literally, got {stored!r}"
    for payload in PAYLOADS:
        assert_lists(client, pg, [("name", payload), ("category[contains]", tag)])
        assert_lists(client, pg, [("category", tag + payload)])
        assert_lists(client, pg, [("name[contains]", payload), ("limit", "100")])
    assert_lists(client, pg, [("category[in]", ",".join(tag + p for p in PAYLOADS[:3]))])
    for payload in ("x' OR '1'='1", "' OR 1=1 --", f"{tag}' OR 'a'='a"):
        assert listed(client, [("category", payload)]) == [], f"?category={payload!r} must match no product"
    target = created[0]["id"]
    response = client.patch(f"/products/{target}", json={"name": PAYLOADS[4], "category": PAYLOADS[1]})
    assert_status(response, 200)
    stored = row_of(pg, target)
    assert (stored["name"], stored["category"]) == (PAYLOADS[4], PAYLOADS[1]), f"a PATCH must store payloads literally, got {stored!r}"
    assert_intact(pg, canary, before, "after filters and PATCHes with injection payloads")


@pytest.mark.points(4)
def test_statements_are_parameterised(client, pg, rng, statement_log):
    """the statements the server sends (statement log) never contain a request's values: list, get, create, update, delete"""
    tag = token(rng, "p")
    name = token(rng, "n")
    price = f"{rng.randint(1000, 9999)}.{rng.randint(10, 99)}"
    insert_rows(pg, random_rows(rng, 3, category=tag))
    moment = "2023-07-14T05:17:23Z"
    with statement_log.capture() as seen:
        listed(client, [("category", tag), ("price[lt]", price), ("created_at[gt]", moment), ("name[ne]", name)])
        listed(client, [("category[in]", f"{tag},{tag}y"), ("name[contains]", name)])
    assert_no_values(seen, [tag, price, name, "2023-07-14"], "GET /products with filters")

    new_name, new_category, new_price = token(rng, "n"), token(rng, "c"), rng.randint(100000, 999999) / 100
    with statement_log.capture() as seen:
        response = client.post("/products", json={"name": new_name, "price": new_price, "category": new_category})
        assert_status(response, 201)
    assert_no_values(seen, [new_name, new_category, str(new_price)], "POST /products")
    created = json_body(response)["id"]

    renamed = token(rng, "r")
    with statement_log.capture() as seen:
        assert_status(client.patch(f"/products/{created}", json={"name": renamed, "price": 4321.09}), 200)
    assert_no_values(seen, [renamed, "4321.09"], "PATCH /products/:id")

    # ids of ten digits, which no other number in a statement is (a SERIAL counts from 1)
    big = rng.randint(1_500_000_000, 2_000_000_000)
    pg.execute("INSERT INTO products (id, name, price, category) OVERRIDING SYSTEM VALUE VALUES (%s, 'big', 1, %s)",
               (big, tag))
    with statement_log.capture() as seen:
        assert_status(client.get(f"/products/{big}"), 200)
        assert_error(client.get(f"/products/{big + 1}"), 404, f"GET /products/{big + 1}")
        assert_status(client.delete(f"/products/{big}"), 204)
    assert_no_values(seen, [str(big), str(big + 1)], "GET and DELETE /products/:id")


# --- GET /products/sql ----------------------------------------------------------------------------
PLACEHOLDER_STYLES = {"$n": re.compile(r"\$(\d+)"), "?": re.compile(r"\?"), "%s": re.compile(r"%s")}


def outside_quotes(sql):
    """The SQL text with quoted strings and identifiers blanked: placeholders are looked for outside."""
    return re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", lambda m: " " * len(m[0]), sql)


def to_dollar(sql):
    """The SQL with its placeholders as $1, $2, ... (what the suite's RawCursor runs), and how many."""
    bare = outside_quotes(sql)
    styles = [s for s, pattern in PLACEHOLDER_STYLES.items() if pattern.search(bare.replace("%%", ""))]
    assert len(styles) <= 1, f"the SQL mixes placeholder styles {styles}: {sql!r}"
    if not styles or styles[0] == "$n":
        numbers = sorted({int(n) for n in PLACEHOLDER_STYLES["$n"].findall(bare)})
        return sql, numbers
    pattern = PLACEHOLDER_STYLES[styles[0]]
    out, count, pos = [], 0, 0
    for m in pattern.finditer(bare):
        count += 1
        out.append(sql[pos:m.start()] + f"${count}")
        pos = m.end()
    out.append(sql[pos:])
    text = "".join(out)
    return (text.replace("%%", "%") if styles[0] == "%s" else text), list(range(1, count + 1))


def flat(params):
    for p in params:
        if isinstance(p, list):
            yield from flat(p)
        else:
            yield p


def sql_of(client, params):
    response = client.get("/products/sql?" + urlencode(params))
    what = f"GET /products/sql?{urlencode(params)}"
    assert_status(response, 200)
    body = json_body(response)
    ok = isinstance(body, dict) and isinstance(body.get("sql"), str) and isinstance(body.get("params"), list)
    assert ok, f'{what} must answer {{"sql": "<text>", "params": [...]}}, got {body!r}'
    return body["sql"], body["params"]


def is_number(value, want):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isclose(value, want, abs_tol=1e-9)


@pytest.mark.public
@pytest.mark.points(3)
def test_sql_endpoint_shows_placeholders_and_typed_params(client, pg, rng, statement_log):
    """GET /products/sql answers the SELECT with placeholders and the values, typed, as params, without running it"""
    name, part = token(rng, "n"), token(rng, "c")
    price = rng.randint(1000, 9999) + rng.randint(1, 99) / 100
    ids = sorted(rng.sample(range(1000, 9999), 2))
    moment = "2023-03-04T05:06:07Z"
    params = [("name", name), ("category[contains]", part), ("price[gte]", f"{price:.2f}"), ("in_stock", "false"),
              ("created_at[lt]", moment), ("id[in]", ",".join(map(str, ids))), ("sort", "-price"), ("limit", "7")]
    with statement_log.capture() as seen:
        sql, values = sql_of(client, params)
    sent = about_products(seen)
    assert not sent, f"GET /products/sql must not run the query; the server sent {sent[0][:300]!r}"
    what = "GET /products/sql"
    assert re.match(r"\s*select\b", sql, re.I), f"{what}: the SQL must be a SELECT, got {sql!r}"
    assert "products" in sql.lower(), f"{what}: the SQL must read the products table, got {sql!r}"
    for value in (name, part, f"{price:.2f}", "2023-03-04", str(ids[0])):
        assert value not in sql, f"{what}: the value {value!r} must be a parameter, not in the SQL text: {sql!r}"
    _, numbers = to_dollar(sql)
    assert numbers == list(range(1, len(values) + 1)), (
        f"{what}: the SQL must have one placeholder per parameter ({len(values)} params), got {sql!r}")
    items = list(flat(values))
    checks = [
        (any(isinstance(v, str) and v == name for v in items), f"the name {name!r} as a string"),
        (any(isinstance(v, str) and part in v for v in items), f"the contains value {part!r} in a string"),
        (any(is_number(v, price) for v in items), f"the price {price:.2f} as a JSON number"),
        (any(v is False for v in items), "in_stock=false as the JSON boolean false"),
        (any(as_instant(v) == datetime(2023, 3, 4, 5, 6, 7, tzinfo=UTC) for v in items), f"the instant {moment} as an ISO 8601 string"),
        (all(any(is_number(v, i) for v in items) for i in ids), f"the ids {ids} as JSON numbers"),
    ]
    for ok, want in checks:
        assert ok, f"{what}: params must hold {want}; got {values!r}"
    assert_error(client.get("/products/sql?nme=1"), 400, "GET /products/sql?nme=1")


def run_readonly(pg, sql, params):
    """The candidate's SQL, run by the suite in a read-only transaction that is rolled back."""
    from psycopg import RawCursor

    class Done(Exception):
        pass

    text, _ = to_dollar(sql)
    out = {}
    try:
        with pg.transaction():
            pg.execute("SET TRANSACTION READ ONLY")
            pg.execute("SET LOCAL statement_timeout = '3s'")
            cur = RawCursor(pg)
            cur.execute(text, params)
            out["columns"] = [c.name for c in cur.description]
            out["rows"] = cur.fetchall()
            raise Done
    except Done:
        pass
    return out


@pytest.mark.points(2)
def test_sql_endpoint_runs_to_the_list_answer(client, pg, rng):
    """the SQL and params of GET /products/sql, run by the suite, answer the same rows as GET /products"""
    import psycopg

    tag = token(rng, "q")
    insert_rows(pg, random_rows(rng, 12, category=tag))
    rows = [r for r in all_rows(pg) if r["category"] == tag]
    pivot = str(sorted(r["price"] for r in rows)[4])
    queries = [
        [("category", tag), ("fields", "id,name")],
        [("category", tag), ("price[gt]", pivot), ("sort", "-price,name"), ("limit", "5"), ("offset", "1")],
        [("category[in]", f"{tag},none"), ("in_stock[ne]", "true"), ("created_at[gte]", "2022-06-01"), ("fields", "price,id")],
        [("category", tag), ("id[in]", ",".join(str(r["id"]) for r in rows[:4])), ("name[contains]", " ")],
    ]
    for params in queries:
        answer = [p.get("id") for p in listed(client, params)]
        sql, values = sql_of(client, params)
        try:
            result = run_readonly(pg, sql, values)
        except psycopg.Error as exc:
            raise AssertionError(f"GET /products/sql?{urlencode(params)}: its SQL does not run with its params "
                                 f"({str(exc).strip().splitlines()[0]}): {sql!r} {values!r}") from None
        assert "id" in result["columns"], f"the SQL for fields including id must select an id column, got {result['columns']}"
        got = [r[result["columns"].index("id")] for r in result["rows"]]
        assert got == answer, (f"GET /products/sql?{urlencode(params)}: its SQL answers the ids {got}, "
                               f"GET /products answers {answer}: {sql!r} {values!r}")


# --- the table's life -----------------------------------------------------------------------------
@pytest.mark.points(1)
def test_table_created_when_missing(client, server, pg, rng):
    """a server started on a database without the products table creates it (with the spec's columns)"""
    pg.execute("DROP TABLE IF EXISTS products")
    server.restart()
    columns = {r[0]: r[1] for r in pg.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = 'products'").fetchall()}
    assert columns, "started on a database without the products table, the server must create it"
    want = {"name": "text", "price": "numeric", "category": "text", "in_stock": "boolean",
            "created_at": "timestamp with time zone"}
    for col, kind in want.items():
        assert columns.get(col) == kind, f"the products table must have {col} {kind}, it has {columns.get(col)!r}"
    sent = new_product(rng)
    response = client.post("/products", json=sent)
    assert_status(response, 201)
    assert row_of(pg, json_body(response)["id"]) is not None, "after the server created the table, a POST must write a row"
