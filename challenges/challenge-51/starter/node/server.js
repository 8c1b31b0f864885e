const express = require('express');
const { Pool } = require('pg');

const app = express();
// DATABASE_URL (and PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) come from the grader.
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

// TODO: a chaining query builder, e.g.
//   qb('products').select('id', 'name').where('price', '>', 10).orderBy('price', 'desc').limit(5).toSQL()
//   -> { sql: 'SELECT "id", "name" FROM "products" WHERE "price" > $1 ORDER BY ...', params: [10] }
//   plus insert(values) / update(values) / delete(); identifiers quoted, values only in params.

// TODO: at start-up, before listening: CREATE TABLE IF NOT EXISTS products (id SERIAL PRIMARY KEY,
//   name TEXT NOT NULL, price NUMERIC(10,2) NOT NULL, category TEXT NOT NULL,
//   in_stock BOOLEAN NOT NULL DEFAULT TRUE, created_at TIMESTAMPTZ NOT NULL DEFAULT now())

// TODO: GET    /products?FIELD[OP]=V&sort=&limit=&offset=&fields=  -> 200 [product, ...] | 400
// TODO: GET    /products/sql?(same)  -> 200 {"sql": "...", "params": [...]} (not run) | 400
// TODO: GET    /products/:id         -> 200 product | 404 {"error": "..."}
// TODO: POST   /products             -> 201 product | 400
// TODO: PATCH  /products/:id         -> 200 product | 404 | 400
// TODO: DELETE /products/:id         -> 204 | 404
// Whitelist every identifier; convert every value to its column's type (README).

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
