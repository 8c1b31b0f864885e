// Reference solution of challenge-35 (db-relations): Express 4 + pg; users 1-n posts with a real
// foreign key (ON DELETE CASCADE), the relations read with joins.
const express = require('express');
const { Pool } = require('pg');

const app = express();
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
pool.on('error', (err) => console.error('idle client error:', err.message));

app.use(express.json({ strict: false }));

const isText = (v) => typeof v === 'string' && v.trim() !== '';
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
// ids are SERIAL integers: anything else names no row (a 404, not PostgreSQL's 500)
const parseId = (text) => (/^[0-9]{1,9}$/.test(text) ? Number(text) : null);
const handle = (fn) => (req, res, next) => fn(req, res).catch(next);
const notFound = (res, what) => res.status(404).json({ error: `${what} not found` });

app.post('/users', handle(async (req, res) => {
  const { name, email } = isObject(req.body) ? req.body : {};
  if (!isText(name) || !isText(email)) return res.status(400).json({ error: 'name and email must be non-empty strings' });
  const { rows } = await pool.query('INSERT INTO users (name, email) VALUES ($1, $2) RETURNING id, name, email', [name, email]);
  res.status(201).json(rows[0]);
}));

app.get('/users', handle(async (req, res) => {
  // LEFT JOIN keeps users without posts; count(p.id) counts them as 0; ::int so pg answers a number
  const { rows } = await pool.query(`SELECT u.id, u.name, u.email, count(p.id)::int AS post_count
    FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.id ORDER BY u.id`);
  res.json(rows);
}));

app.get('/users/:id', handle(async (req, res) => {
  const id = parseId(req.params.id);
  const found = id === null ? [] : (await pool.query('SELECT id, name, email FROM users WHERE id = $1', [id])).rows;
  if (found.length === 0) return notFound(res, 'User');
  const user = found[0];
  if (req.query.include === 'posts') {
    const { rows } = await pool.query('SELECT id, user_id, title, body FROM posts WHERE user_id = $1 ORDER BY id', [id]);
    user.posts = rows;
  }
  res.json(user);
}));

app.delete('/users/:id', handle(async (req, res) => {
  const id = parseId(req.params.id);
  const result = id === null ? { rowCount: 0 } : await pool.query('DELETE FROM users WHERE id = $1', [id]);
  if (result.rowCount === 0) return notFound(res, 'User');
  res.status(204).end(); // the posts go with it: ON DELETE CASCADE
}));

app.post('/users/:id/posts', handle(async (req, res) => {
  const id = parseId(req.params.id);
  if (id === null) return notFound(res, 'User');
  const { title, body } = isObject(req.body) ? req.body : {};
  if (!isText(title) || typeof body !== 'string') return res.status(400).json({ error: 'title must be a non-empty string, body a string' });
  try {
    const { rows } = await pool.query(
      'INSERT INTO posts (user_id, title, body) VALUES ($1, $2, $3) RETURNING id, user_id, title, body', [id, title, body]);
    res.status(201).json(rows[0]);
  } catch (err) {
    if (err.code === '23503') return notFound(res, 'User'); // foreign_key_violation: no such user
    throw err;
  }
}));

app.get('/posts/:id', handle(async (req, res) => {
  const id = parseId(req.params.id);
  const { rows } = id === null ? { rows: [] } : await pool.query(`SELECT p.id, p.user_id, p.title, p.body,
      u.id AS author_id, u.name, u.email
    FROM posts p JOIN users u ON u.id = p.user_id WHERE p.id = $1`, [id]);
  if (rows.length === 0) return notFound(res, 'Post');
  const r = rows[0];
  res.json({ id: r.id, user_id: r.user_id, title: r.title, body: r.body, user: { id: r.author_id, name: r.name, email: r.email } });
}));

app.use((req, res) => res.status(404).json({ error: 'Not found' }));

app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') return res.status(400).json({ error: 'malformed JSON body' });
  console.error('request failed:', err.message);
  res.status(500).json({ error: 'internal error' });
});

async function main() {
  await pool.query(`CREATE TABLE IF NOT EXISTS users (
    id SERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL)`);
  await pool.query(`CREATE TABLE IF NOT EXISTS posts (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title TEXT NOT NULL, body TEXT NOT NULL)`);
  await pool.query('CREATE INDEX IF NOT EXISTS posts_user_id ON posts (user_id)');
  const PORT = process.env.PORT || 3000;
  app.listen(PORT, '0.0.0.0', () => console.log(`Server listening on port ${PORT}`));
}

main().catch((err) => {
  console.error('could not start:', err.message);
  process.exit(1);
});
