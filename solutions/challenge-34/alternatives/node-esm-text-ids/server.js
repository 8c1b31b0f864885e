// A correct alternative for challenge-34: ES modules, one pg.Client (not a Pool), TEXT ids made
// by the application (crypto.randomUUID, no column default), an express.Router, and PUT built
// with COALESCE-free explicit column lists. Must score 100% like the reference.
import express from 'express';
import pg from 'pg';
import { randomUUID } from 'node:crypto';

const db = new pg.Client(); // reads PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE
db.on('error', (e) => console.error('db error', e.message));

const nonEmpty = (v) => typeof v === 'string' && v.trim().length > 0;
const yearOk = (v) => v === null || (typeof v === 'number' && Number.isInteger(v));
const fail = (res, status, error) => res.status(status).json({ error });

function check(body, partial) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'a JSON object is required';
  const keys = ['title', 'author', 'year'].filter((k) => k in body);
  if (partial && keys.length === 0) return 'nothing to update';
  for (const k of ['title', 'author']) if ((!partial || k in body) && !nonEmpty(body[k])) return `${k} must be a non-empty string`;
  if ('year' in body && !yearOk(body.year)) return 'year must be an integer or null';
  return null;
}

const books = express.Router();
books.get('/', async (req, res, next) => {
  try {
    const byAuthor = typeof req.query.author === 'string';
    const { rows } = await db.query(
      byAuthor ? 'SELECT id, title, author, year FROM books WHERE author = $1' : 'SELECT id, title, author, year FROM books',
      byAuthor ? [req.query.author] : []);
    res.json(rows);
  } catch (e) { next(e); }
});
books.get('/:id', async (req, res, next) => {
  try {
    const { rows } = await db.query('SELECT id, title, author, year FROM books WHERE id = $1', [req.params.id]);
    return rows[0] ? res.json(rows[0]) : fail(res, 404, 'book not found');
  } catch (e) { next(e); }
});
books.post('/', async (req, res, next) => {
  try {
    const why = check(req.body, false);
    if (why) return fail(res, 400, why);
    const { rows } = await db.query(
      'INSERT INTO books (id, title, author, year) VALUES ($1, $2, $3, $4) RETURNING id, title, author, year',
      [randomUUID(), req.body.title, req.body.author, req.body.year ?? null]);
    res.status(201).json(rows[0]);
  } catch (e) { next(e); }
});
books.put('/:id', async (req, res, next) => {
  try {
    const why = check(req.body, true);
    if (why) return fail(res, 400, why);
    const { rows: found } = await db.query('SELECT title, author, year FROM books WHERE id = $1', [req.params.id]);
    if (!found[0]) return fail(res, 404, 'book not found');
    const merged = { ...found[0], ...Object.fromEntries(['title', 'author', 'year'].filter((k) => k in req.body).map((k) => [k, req.body[k]])) };
    const { rows } = await db.query(
      'UPDATE books SET title = $2, author = $3, year = $4 WHERE id = $1 RETURNING id, title, author, year',
      [req.params.id, merged.title, merged.author, merged.year]);
    return rows[0] ? res.json(rows[0]) : fail(res, 404, 'book not found');
  } catch (e) { next(e); }
});
books.delete('/:id', async (req, res, next) => {
  try {
    const { rowCount } = await db.query('DELETE FROM books WHERE id = $1', [req.params.id]);
    return rowCount ? res.sendStatus(204) : fail(res, 404, 'book not found');
  } catch (e) { next(e); }
});

const app = express();
app.use(express.json());
app.use('/books', books);
app.use((err, req, res, next) => {
  if (err instanceof SyntaxError || err.type === 'entity.parse.failed') return fail(res, 400, 'invalid JSON');
  console.error(err.message);
  fail(res, 500, 'database error');
});

await db.connect();
await db.query('CREATE TABLE IF NOT EXISTS books (id TEXT PRIMARY KEY, title TEXT NOT NULL, author TEXT NOT NULL, year INTEGER)');
app.listen(Number(process.env.PORT) || 3000, '0.0.0.0', () => console.log('listening'));
