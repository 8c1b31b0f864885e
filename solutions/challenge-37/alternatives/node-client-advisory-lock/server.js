// Alternative solution of challenge-37: one pg.Client for the runner, an advisory lock so two
// instances never migrate at once, an INTEGER version and a checksum column; fs.promises.
const fsp = require('fs/promises');
const path = require('path');
const crypto = require('crypto');
const express = require('express');
const pg = require('pg');

const dir = path.join(__dirname, 'migrations');

async function runMigrations() {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    await db.query('SELECT pg_advisory_lock(37037)');
    await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP)`);
    const done = new Set((await db.query('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const files = (await fsp.readdir(dir))
      .filter((f) => /^\d+_.*\.sql$/.test(f))
      .map((f) => ({ file: f, version: parseInt(f, 10) }))
      .sort((x, y) => x.version - y.version);
    for (const { file, version } of files) {
      if (done.has(version)) continue;
      const text = await fsp.readFile(path.join(dir, file), 'utf8');
      await db.query('BEGIN');
      try {
        await db.query(text);
        await db.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
          [version, file, crypto.createHash('sha256').update(text).digest('hex')]);
        await db.query('COMMIT');
      } catch (e) {
        await db.query('ROLLBACK');
        throw new Error(`${file}: ${e.message}`);
      }
      console.log('migrated', file);
    }
  } finally {
    await db.end();
  }
}

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.use(express.json());
const safe = (fn) => (req, res) => fn(req, res).catch((e) => res.status(500).json({ error: e.message }));

app.get('/migrations', safe(async (req, res) => {
  const r = await pool.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version ASC');
  res.json(r.rows);
}));
app.get('/notes', safe(async (req, res) => res.json((await pool.query('SELECT * FROM notes')).rows)));
app.post('/notes', safe(async (req, res) => {
  const { title, body = '' } = req.body || {};
  if (typeof title !== 'string' || !title.trim() || typeof body !== 'string') return res.status(400).json({ error: 'invalid note' });
  const r = await pool.query('INSERT INTO notes (title, body) VALUES ($1, $2) RETURNING *', [title, body]);
  res.status(201).json({ ...r.rows[0], id: Number(r.rows[0].id) });
}));

runMigrations().then(
  () => app.listen(process.env.PORT || 3000, '0.0.0.0', () => console.log('ready')),
  (e) => { console.error('migration failed:', e.message); process.exitCode = 1; pool.end(); },
);
