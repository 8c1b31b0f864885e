const express = require('express');
const { Pool } = require('pg');

const app = express();
// DATABASE_URL (and PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) come from the grader.
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

// TODO: parse JSON bodies (malformed JSON -> a JSON 400, not Express's HTML page).

// TODO: at start-up, before listening:
//   CREATE TABLE IF NOT EXISTS books (id SERIAL PRIMARY KEY, title TEXT NOT NULL,
//                                     author TEXT NOT NULL, year INTEGER)

// TODO: GET    /books[?author=NAME] -> 200 [book, ...]
// TODO: GET    /books/:id           -> 200 book | 404 {"error": "..."}
// TODO: POST   /books               -> 201 book | 400   body {"title", "author", "year"?}
// TODO: PUT    /books/:id           -> 200 book | 404 | 400 (partial update)
// TODO: DELETE /books/:id           -> 204 | 404
// Always pass values as query parameters ($1, $2, ...), never by building SQL text.

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
