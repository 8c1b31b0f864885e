// Reference solution of challenge-34 (crud-postgres): Express 4 + pg, parameterised queries only.
const express = require('express');
const { Pool } = require('pg');

const app = express();
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 5 });

// an idle client's connection dropping must not crash the server (pg emits 'error' on the pool)
pool.on('error', (err) => console.error('idle client error:', err.message));

app.use(express.json({ strict: false }));

const COLUMNS = 'id, title, author, year';

function isText(v) {
  return typeof v === 'string' && v.trim() !== '';
}

function isYear(v) {
  return v === null || Number.isInteger(v);
}

// An id is a positive integer written in decimal; anything else names no row (404, not a 500
// from PostgreSQL's "invalid input syntax for type integer").
function parseId(text) {
  return /^[0-9]{1,15}$/.test(text) ? Number(text) : null;
}

// Express 4 does not catch a rejected promise: every async handler goes through this.
const handle = (fn) => (req, res, next) => fn(req, res).catch(next);

function validate(body, partial) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'body must be a JSON object';
  const has = (k) => Object.prototype.hasOwnProperty.call(body, k);
  if (partial && !has('title') && !has('author') && !has('year')) return 'send at least one of title, author, year';
  if ((!partial || has('title')) && !isText(body.title)) return 'title must be a non-empty string';
  if ((!partial || has('author')) && !isText(body.author)) return 'author must be a non-empty string';
  if (has('year') && !isYear(body.year)) return 'year must be an integer or null';
  return null;
}

app.get('/books', handle(async (req, res) => {
  const { author } = req.query;
  const result = typeof author === 'string'
    ? await pool.query(`SELECT ${COLUMNS} FROM books WHERE author = $1 ORDER BY id`, [author])
    : await pool.query(`SELECT ${COLUMNS} FROM books ORDER BY id`);
  res.json(result.rows);
}));

app.get('/books/:id', handle(async (req, res) => {
  const id = parseId(req.params.id);
  const result = id === null ? { rows: [] } : await pool.query(`SELECT ${COLUMNS} FROM books WHERE id = $1`, [id]);
  if (result.rows.length === 0) return res.status(404).json({ error: 'Book not found' });
  res.json(result.rows[0]);
}));

app.post('/books', handle(async (req, res) => {
  const problem = validate(req.body, false);
  if (problem) return res.status(400).json({ error: problem });
  const { title, author } = req.body;
  const year = req.body.year === undefined ? null : req.body.year;
  const result = await pool.query(
    `INSERT INTO books (title, author, year) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`, [title, author, year]);
  res.status(201).json(result.rows[0]);
}));

app.put('/books/:id', handle(async (req, res) => {
  const id = parseId(req.params.id);
  if (id === null) return res.status(404).json({ error: 'Book not found' });
  const problem = validate(req.body, true);
  if (problem) return res.status(400).json({ error: problem });
  const sets = [];
  const values = [];
  for (const key of ['title', 'author', 'year']) {
    if (Object.prototype.hasOwnProperty.call(req.body, key)) {
      values.push(req.body[key]);
      sets.push(`${key} = $${values.length}`); // column names from the list above, values as parameters
    }
  }
  values.push(id);
  const result = await pool.query(
    `UPDATE books SET ${sets.join(', ')} WHERE id = $${values.length} RETURNING ${COLUMNS}`, values);
  if (result.rows.length === 0) return res.status(404).json({ error: 'Book not found' });
  res.json(result.rows[0]);
}));

app.delete('/books/:id', handle(async (req, res) => {
  const id = parseId(req.params.id);
  const result = id === null ? { rowCount: 0 } : await pool.query('DELETE FROM books WHERE id = $1', [id]);
  if (result.rowCount === 0) return res.status(404).json({ error: 'Book not found' });
  res.status(204).end();
}));

app.use((req, res) => res.status(404).json({ error: 'Not found' }));

// malformed JSON (express.json's SyntaxError) -> 400; anything else (a database error) -> 500
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') return res.status(400).json({ error: 'malformed JSON body' });
  console.error('request failed:', err.message);
  res.status(500).json({ error: 'internal error' });
});

async function main() {
  await pool.query(`CREATE TABLE IF NOT EXISTS books (
    id SERIAL PRIMARY KEY, title TEXT NOT NULL, author TEXT NOT NULL, year INTEGER)`);
  const PORT = process.env.PORT || 3000;
  app.listen(PORT, '0.0.0.0', () => console.log(`Server listening on port ${PORT}`));
}

main().catch((err) => {
  console.error('could not start:', err.message);
  process.exit(1);
});
