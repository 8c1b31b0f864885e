// Reference solution of challenge-36 (transactions): Express 4 + pg. A transfer is one
// transaction on one pooled client: lock both rows in id order, check, update both, record it,
// COMMIT; any refusal or error ROLLBACKs before the client goes back to the pool.
const express = require('express');
const { Pool } = require('pg');

const app = express();
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', (err) => console.error('idle client error:', err.message));

app.use(express.json({ strict: false }));

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isAmount = (v) => Number.isInteger(v) && v > 0;
// ids are SERIAL integers, sent as a JSON number or its text; anything else names no account
const parseId = (v) => (/^[0-9]{1,9}$/.test(String(v)) && (typeof v === 'number' || typeof v === 'string') ? Number(v) : null);
const handle = (fn) => (req, res, next) => fn(req, res).catch(next);

class Refused extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// Runs fn(client) inside BEGIN/COMMIT; on any throw, ROLLBACK so the client is clean for reuse.
async function inTransaction(fn) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

app.post('/accounts', handle(async (req, res) => {
  const { owner, balance } = isObject(req.body) ? req.body : {};
  if (typeof owner !== 'string' || owner.trim() === '' || !Number.isInteger(balance) || balance < 0) {
    return res.status(400).json({ error: 'owner must be a non-empty string, balance an integer >= 0' });
  }
  const { rows } = await pool.query('INSERT INTO accounts (owner, balance) VALUES ($1, $2) RETURNING id, owner, balance', [owner, balance]);
  res.status(201).json(rows[0]);
}));

app.get('/accounts/:id', handle(async (req, res) => {
  const id = parseId(req.params.id);
  const { rows } = id === null ? { rows: [] } : await pool.query('SELECT id, owner, balance FROM accounts WHERE id = $1', [id]);
  if (rows.length === 0) return res.status(404).json({ error: 'Account not found' });
  res.json(rows[0]);
}));

app.post('/transfers', handle(async (req, res) => {
  const body = isObject(req.body) ? req.body : {};
  if (body.from === undefined || body.to === undefined || !isAmount(body.amount)) {
    return res.status(400).json({ error: 'from, to and a positive integer amount are required' });
  }
  if (String(body.from) === String(body.to)) return res.status(400).json({ error: 'from and to must differ' });
  const from = parseId(body.from);
  const to = parseId(body.to);
  const { amount } = body;
  if (from === null || to === null) return res.status(404).json({ error: 'Account not found' });
  try {
    const transfer = await inTransaction(async (client) => {
      // both rows locked, always in id order: concurrent opposite transfers cannot deadlock
      const { rows } = await client.query(
        'SELECT id, balance FROM accounts WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE', [[from, to]]);
      const source = rows.find((r) => r.id === from);
      if (!source || !rows.find((r) => r.id === to)) throw new Refused(404, 'Account not found');
      if (source.balance < amount) throw new Refused(409, 'Insufficient funds');
      await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
      await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
      const recorded = await client.query(
        'INSERT INTO transfers (from_id, to_id, amount) VALUES ($1, $2, $3) RETURNING id', [from, to, amount]);
      return { id: recorded.rows[0].id, from, to, amount };
    });
    res.status(201).json(transfer);
  } catch (err) {
    if (err instanceof Refused) return res.status(err.status).json({ error: err.message });
    throw err;
  }
}));

app.use((req, res) => res.status(404).json({ error: 'Not found' }));

app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') return res.status(400).json({ error: 'malformed JSON body' });
  console.error('request failed:', err.message);
  res.status(500).json({ error: 'transfer failed' });
});

async function main() {
  await pool.query(`CREATE TABLE IF NOT EXISTS accounts (
    id SERIAL PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER NOT NULL)`);
  await pool.query(`CREATE TABLE IF NOT EXISTS transfers (
    id SERIAL PRIMARY KEY, from_id INTEGER NOT NULL REFERENCES accounts(id), to_id INTEGER NOT NULL REFERENCES accounts(id),
    amount INTEGER NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  const PORT = process.env.PORT || 3000;
  app.listen(PORT, '0.0.0.0', () => console.log(`Server listening on port ${PORT}`));
}

main().catch((err) => {
  console.error('could not start:', err.message);
  process.exit(1);
});
