import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# DATABASE_URL (and PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) come from the grader:
#   import psycopg; conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
#
# TODO: a chaining query builder, e.g.
#   qb("products").select("id", "name").where("price", ">", 10).order_by("price", "desc").limit(5).to_sql()
#   -> ('SELECT "id", "name" FROM "products" WHERE "price" > %s ORDER BY ...', [10])
#   plus insert(values) / update(values) / delete(); identifiers quoted, values only in params.
# TODO: at start-up: CREATE TABLE IF NOT EXISTS products (id SERIAL PRIMARY KEY, name TEXT NOT NULL,
#   price NUMERIC(10,2) NOT NULL, category TEXT NOT NULL, in_stock BOOLEAN NOT NULL DEFAULT TRUE,
#   created_at TIMESTAMPTZ NOT NULL DEFAULT now())
# TODO: GET    /products?FIELD[OP]=V&sort=&limit=&offset=&fields=  -> 200 [product, ...] | 400
# TODO: GET    /products/sql?(same)  -> 200 {"sql": "...", "params": [...]} (not run) | 400
# TODO: GET    /products/{id}        -> 200 product | 404 {"error": "..."}
# TODO: POST   /products             -> 201 product | 400
# TODO: PATCH  /products/{id}        -> 200 product | 404 | 400
# TODO: DELETE /products/{id}        -> 204 | 404
# Whitelist every identifier; convert every value to its column's type (README).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
