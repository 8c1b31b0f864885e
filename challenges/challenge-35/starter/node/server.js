const express = require('express');
const { Pool } = require('pg');

const app = express();
// DATABASE_URL (and PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) come from the grader.
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

// TODO: parse JSON bodies (malformed JSON -> a JSON 400).

// TODO: at start-up, before listening, create (IF NOT EXISTS) the tables:
//   users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL)
//   posts (id SERIAL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ..., title TEXT NOT NULL, body TEXT NOT NULL)

// TODO: POST   /users                 -> 201 user | 400
// TODO: GET    /users                 -> 200 [user + post_count, ...]
// TODO: GET    /users/:id[?include=posts] -> 200 user (+ posts) | 404
// TODO: DELETE /users/:id             -> 204 (its posts go too) | 404
// TODO: POST   /users/:id/posts       -> 201 post | 404 | 400
// TODO: GET    /posts/:id             -> 200 post + user | 404

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
