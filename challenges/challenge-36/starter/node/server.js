const express = require('express');
const { Pool } = require('pg');

const app = express();
// DATABASE_URL (and PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) come from the grader.
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

// TODO: parse JSON bodies (malformed JSON -> a JSON 400).

// TODO: at start-up, before listening, create (IF NOT EXISTS):
//   accounts  (id SERIAL PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER NOT NULL)
//   transfers (id SERIAL PRIMARY KEY, from_id INTEGER NOT NULL, to_id INTEGER NOT NULL, amount INTEGER NOT NULL)

// TODO: POST /accounts     -> 201 account | 400
// TODO: GET  /accounts/:id -> 200 account | 404
// TODO: POST /transfers    -> 201 transfer | 400 | 404 | 409 | 500, all or nothing:
//   const client = await pool.connect(); BEGIN ... COMMIT, ROLLBACK on any error, then client.release()

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
