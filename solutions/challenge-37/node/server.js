// Reference solution of challenge-37 (db-migrations): Express 4 + pg. Before listening, every
// migrations/<version>_<name>.sql not yet recorded in schema_migrations runs, in numeric order
// of its version, in a transaction of its own together with its record.
const fs = require('fs');
const path = require('path');
const express = require('express');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
pool.on('error', (err) => console.error('idle client error:', err.message));
const MIGRATIONS = path.join(__dirname, 'migrations');
const FILE = /^(\d+)_.+\.sql$/;

function migrationFiles() {
  return fs.readdirSync(MIGRATIONS)
    .map((name) => ({ name, match: FILE.exec(name) }))
    .filter((f) => f.match)
    .map((f) => ({ version: Number(f.match[1]), name: f.name }))
    .sort((a, b) => a.version - b.version); // numbers, not text: 10 comes after 9
}

async function migrate() {
  await pool.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  const { rows } = await pool.query('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((r) => Number(r.version)));
  for (const file of migrationFiles()) {
    if (applied.has(file.version)) continue;
    const sql = fs.readFileSync(path.join(MIGRATIONS, file.name), 'utf8');
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(sql); // no parameters: several statements in one file are fine
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [file.version, file.name]);
      await client.query('COMMIT');
      console.log(`applied migration ${file.name}`);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw new Error(`migration ${file.name} failed: ${err.message}`);
    } finally {
      client.release();
    }
  }
}

const app = express();
app.use(express.json());
const handle = (fn) => (req, res, next) => fn(req, res).catch(next);

app.get('/migrations', handle(async (req, res) => {
  const { rows } = await pool.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
  res.json(rows.map((r) => ({ version: Number(r.version), name: r.name, applied_at: r.applied_at })));
}));

app.get('/notes', handle(async (req, res) => {
  const { rows } = await pool.query('SELECT id, title, body, created_at FROM notes ORDER BY id');
  res.json(rows);
}));

app.post('/notes', handle(async (req, res) => {
  const { title, body } = req.body || {};
  if (typeof title !== 'string' || title.trim() === '' || (body !== undefined && typeof body !== 'string')) {
    return res.status(400).json({ error: 'title must be a non-empty string, body a string' });
  }
  const { rows } = body === undefined
    ? await pool.query('INSERT INTO notes (title) VALUES ($1) RETURNING id, title, body, created_at', [title])
    : await pool.query('INSERT INTO notes (title, body) VALUES ($1, $2) RETURNING id, title, body, created_at', [title, body]);
  res.status(201).json(rows[0]);
}));

app.use((req, res) => res.status(404).json({ error: 'Not found' }));
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') return res.status(400).json({ error: 'malformed JSON body' });
  console.error('request failed:', err.message);
  res.status(500).json({ error: 'internal error' });
});

migrate()
  .then(() => {
    const PORT = process.env.PORT || 3000;
    app.listen(PORT, '0.0.0.0', () => console.log(`Server listening on port ${PORT}`));
  })
  .catch((err) => {
    console.error(err.message); // a failed migration stops the start: never serve a half-migrated schema
    process.exit(1);
  });
