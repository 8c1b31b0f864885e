// Reference solution of challenge-38 (full authentication): Express 4, pg, bcrypt, jsonwebtoken,
// nodemailer. Access tokens are JWTs; refresh and reset tokens are random strings of which only a
// SHA-256 digest is stored, so a leaked table leaks no usable token.
const crypto = require('crypto');
const express = require('express');
const bcrypt = require('bcrypt'); // native: about twice as fast as bcryptjs on a loaded machine
const jwt = require('jsonwebtoken');
const nodemailer = require('nodemailer');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const JWT_SECRET = process.env.JWT_SECRET || 'dev-secret';
const ACCESS_TTL = Number(process.env.ACCESS_TOKEN_TTL_SECONDS || 900);
const RESET_TTL = Number(process.env.RESET_TOKEN_TTL_SECONDS || 900);
const REFRESH_TTL = 7 * 24 * 3600;
const mailer = nodemailer.createTransport({
  host: process.env.SMTP_HOST, port: Number(process.env.SMTP_PORT), secure: false, ignoreTLS: true,
});

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id SERIAL PRIMARY KEY, email TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS refresh_tokens (
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), family TEXT NOT NULL,
  used BOOLEAN NOT NULL DEFAULT false, revoked BOOLEAN NOT NULL DEFAULT false,
  expires_at TIMESTAMPTZ NOT NULL);
CREATE TABLE IF NOT EXISTS password_resets (
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
  used BOOLEAN NOT NULL DEFAULT false, expires_at TIMESTAMPTZ NOT NULL);`;

const digest = (token) => crypto.createHash('sha256').update(token).digest('hex');
const newToken = () => crypto.randomBytes(32).toString('hex');

class HttpError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

const app = express();
app.use(express.json());

// Express 4 does not catch rejected promises: route every async handler through this.
const route = (fn) => (req, res, next) => fn(req, res).catch(next);

function credentials(body) {
  const { email, password } = body || {};
  if (typeof email !== 'string' || !email.includes('@')) throw new HttpError(400, 'email must contain @');
  if (typeof password !== 'string' || password.length < 8) throw new HttpError(400, 'password needs 8+ characters');
  return { email, password };
}

function tokenField(body, name) {
  const value = (body || {})[name];
  if (typeof value !== 'string' || !value) throw new HttpError(400, `${name} is required`);
  return value;
}

async function issuePair(userId, family) {
  const refreshToken = newToken();
  await pool.query(
    `INSERT INTO refresh_tokens (token_hash, user_id, family, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
    [digest(refreshToken), userId, family, REFRESH_TTL],
  );
  const accessToken = jwt.sign({ sub: String(userId), typ: 'access' }, JWT_SECRET, { expiresIn: ACCESS_TTL });
  return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: ACCESS_TTL };
}

app.post('/auth/register', route(async (req, res) => {
  const { email, password } = credentials(req.body);
  const hash = await bcrypt.hash(password, 10);
  const { rows } = await pool.query(
    'INSERT INTO users (email, password_hash) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING RETURNING id, email',
    [email, hash],
  );
  if (!rows.length) throw new HttpError(409, 'email already registered');
  res.status(201).json(rows[0]);
}));

app.post('/auth/login', route(async (req, res) => {
  const { email, password } = req.body || {};
  if (typeof email !== 'string' || typeof password !== 'string') throw new HttpError(400, 'email and password are required');
  const { rows } = await pool.query('SELECT id, password_hash FROM users WHERE email = $1', [email]);
  if (!rows.length || !(await bcrypt.compare(password, rows[0].password_hash))) {
    throw new HttpError(401, 'invalid email or password');
  }
  res.json(await issuePair(rows[0].id, crypto.randomUUID()));
}));

app.get('/auth/me', route(async (req, res) => {
  const match = /^Bearer (.+)$/.exec(req.get('authorization') || '');
  let claims;
  try {
    claims = match && jwt.verify(match[1], JWT_SECRET, { algorithms: ['HS256'] });
  } catch (err) {
    claims = null;
  }
  if (!claims || claims.typ !== 'access') throw new HttpError(401, 'a valid access token is required');
  const { rows } = await pool.query('SELECT id, email FROM users WHERE id = $1', [Number(claims.sub)]);
  if (!rows.length) throw new HttpError(401, 'unknown user');
  res.json(rows[0]);
}));

app.post('/auth/refresh', route(async (req, res) => {
  const hash = digest(tokenField(req.body, 'refreshToken'));
  // One atomic statement spends the token: two concurrent refreshes cannot both succeed.
  const spent = await pool.query(
    `UPDATE refresh_tokens SET used = true
     WHERE token_hash = $1 AND NOT used AND NOT revoked AND expires_at > now()
     RETURNING user_id, family`,
    [hash],
  );
  if (spent.rows.length) {
    const { user_id: userId, family } = spent.rows[0];
    return res.json(await issuePair(userId, family));
  }
  const known = await pool.query('SELECT family, used FROM refresh_tokens WHERE token_hash = $1', [hash]);
  if (known.rows.length && known.rows[0].used) {
    await pool.query('UPDATE refresh_tokens SET revoked = true WHERE family = $1', [known.rows[0].family]);
    throw new HttpError(401, 'refresh token reuse detected');
  }
  throw new HttpError(401, 'invalid refresh token');
}));

app.post('/auth/logout', route(async (req, res) => {
  const hash = digest(tokenField(req.body, 'refreshToken'));
  await pool.query(
    'UPDATE refresh_tokens SET revoked = true WHERE family = (SELECT family FROM refresh_tokens WHERE token_hash = $1)',
    [hash],
  );
  res.status(204).end();
}));

app.post('/auth/password-reset/request', route(async (req, res) => {
  const { email } = req.body || {};
  if (typeof email !== 'string' || !email.includes('@')) throw new HttpError(400, 'email must contain @');
  const { rows } = await pool.query('SELECT id FROM users WHERE email = $1', [email]);
  if (rows.length) {
    const token = newToken();
    await pool.query(
      `INSERT INTO password_resets (token_hash, user_id, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [digest(token), rows[0].id, RESET_TTL],
    );
    await mailer.sendMail({
      from: 'no-reply@auth.example', to: email, subject: 'Reset your password',
      text: `Open http://localhost:3000/reset-password?token=${token} to choose a new password.\n`
        + `The link is valid for ${RESET_TTL} seconds and works once.\n`,
    });
  }
  res.status(202).json({ message: 'if the address is registered, a reset link was mailed' });
}));

app.post('/auth/password-reset/confirm', route(async (req, res) => {
  const token = tokenField(req.body, 'token');
  const { password } = req.body;
  if (typeof password !== 'string' || password.length < 8) throw new HttpError(400, 'password needs 8+ characters');
  const { rows } = await pool.query(
    `UPDATE password_resets SET used = true
     WHERE token_hash = $1 AND NOT used AND expires_at > now() RETURNING user_id`,
    [digest(token)],
  );
  if (!rows.length) throw new HttpError(400, 'invalid or expired reset token');
  const userId = rows[0].user_id;
  await pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [await bcrypt.hash(password, 10), userId]);
  await pool.query('UPDATE refresh_tokens SET revoked = true WHERE user_id = $1', [userId]);
  res.status(204).end();
}));

app.use((req, res) => res.status(404).json({ error: 'not found' }));

// Malformed JSON, HttpErrors and anything unexpected all end as JSON errors.
app.use((err, req, res, next) => {
  if (err instanceof HttpError) return res.status(err.status).json({ error: err.message });
  if (err.type === 'entity.parse.failed') return res.status(400).json({ error: 'malformed JSON' });
  console.error(err);
  return res.status(500).json({ error: 'internal error' });
});

const PORT = process.env.PORT || 3000;
pool.query(SCHEMA).then(() => {
  app.listen(PORT, '0.0.0.0', () => console.log(`Server listening on port ${PORT}`));
}).catch((err) => {
  console.error('schema setup failed', err);
  process.exit(1);
});
