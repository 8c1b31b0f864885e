// Alternative solution of challenge-35: UUID ids, one json_agg query per read,
// posts deleted by the route inside a transaction (the foreign key has no ON DELETE rule).
const express = require('express');
const pg = require('pg');

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.use(express.json());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (v) => typeof v === 'string' && v.trim().length > 0;
const wrap = (fn) => async (req, res) => {
  try { await fn(req, res); } catch (err) { console.error(err); res.status(500).json({ error: String(err.message) }); }
};
const missing = (res) => res.status(404).json({ error: 'no such resource' });

app.post('/users', wrap(async (req, res) => {
  const b = req.body || {};
  if (Array.isArray(b) || !text(b.name) || !text(b.email)) return res.status(400).json({ error: 'bad user' });
  const r = await pool.query('INSERT INTO users (name, email) VALUES ($1, $2) RETURNING *', [b.name, b.email]);
  res.status(201).json(r.rows[0]);
}));

app.get('/users', wrap(async (req, res) => {
  const r = await pool.query(`SELECT u.*, (SELECT count(*) FROM posts p WHERE p.user_id = u.id)::int AS post_count FROM users u`);
  res.json(r.rows);
}));

app.get('/users/:id', wrap(async (req, res) => {
  if (!UUID.test(req.params.id)) return missing(res);
  const withPosts = req.query.include === 'posts';
  const r = await pool.query(withPosts
    ? `SELECT u.*, COALESCE(json_agg(p.*) FILTER (WHERE p.id IS NOT NULL), '[]') AS posts
       FROM users u LEFT JOIN posts p ON p.user_id = u.id WHERE u.id = $1 GROUP BY u.id`
    : 'SELECT * FROM users WHERE id = $1', [req.params.id]);
  if (!r.rows.length) return missing(res);
  res.json(r.rows[0]);
}));

app.delete('/users/:id', wrap(async (req, res) => {
  if (!UUID.test(req.params.id)) return missing(res);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM posts WHERE user_id = $1', [req.params.id]);
    const r = await client.query('DELETE FROM users WHERE id = $1', [req.params.id]);
    await client.query('COMMIT');
    if (!r.rowCount) return missing(res);
    res.sendStatus(204);
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}));

app.post('/users/:id/posts', wrap(async (req, res) => {
  if (!UUID.test(req.params.id)) return missing(res);
  const exists = await pool.query('SELECT 1 FROM users WHERE id = $1', [req.params.id]);
  if (!exists.rows.length) return missing(res);
  const b = req.body || {};
  if (!text(b.title) || typeof b.body !== 'string') return res.status(400).json({ error: 'bad post' });
  const r = await pool.query('INSERT INTO posts (user_id, title, body) VALUES ($1, $2, $3) RETURNING *', [req.params.id, b.title, b.body]);
  res.status(201).json(r.rows[0]);
}));

app.get('/posts/:id', wrap(async (req, res) => {
  if (!UUID.test(req.params.id)) return missing(res);
  const r = await pool.query(`SELECT p.*, json_build_object('id', u.id, 'name', u.name, 'email', u.email) AS user
    FROM posts p JOIN users u ON u.id = p.user_id WHERE p.id = $1`, [req.params.id]);
  if (!r.rows.length) return missing(res);
  res.json(r.rows[0]);
}));

app.use((err, req, res, next) => res.status(400).json({ error: 'bad JSON' }));

(async () => {
await pool.query(`CREATE TABLE IF NOT EXISTS users (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), name TEXT NOT NULL, email TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
await pool.query(`CREATE TABLE IF NOT EXISTS posts (id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
  CONSTRAINT posts_author FOREIGN KEY (user_id) REFERENCES users (id))`);
app.listen(Number(process.env.PORT) || 3000, '0.0.0.0');
})();
