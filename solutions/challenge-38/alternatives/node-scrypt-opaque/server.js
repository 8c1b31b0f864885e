// Alternative for challenge-38: CommonJS (ES modules' bare imports do not resolve in the sandboxes
// yet, see the report), UUID user ids, crypto.scrypt password hashes
// ("scrypt$salt$hash"), opaque access tokens looked up in the database instead of JWTs, and
// refresh-token families kept as one row per session with a generation counter.
const crypto = require('node:crypto');
const { promisify } = require('node:util');
const express = require('express');
const nodemailer = require('nodemailer');
const pg = require('pg');

const scrypt = promisify(crypto.scrypt);
const db = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const ACCESS_TTL = parseInt(process.env.ACCESS_TOKEN_TTL_SECONDS ?? '900', 10);
const RESET_TTL = parseInt(process.env.RESET_TOKEN_TTL_SECONDS ?? '900', 10);
const smtp = nodemailer.createTransport({ url: process.env.SMTP_URL, ignoreTLS: true });

const ready = db.query(`
  CREATE TABLE IF NOT EXISTS users (id UUID PRIMARY KEY, email TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS sessions (id UUID PRIMARY KEY, user_id UUID NOT NULL, generation INT NOT NULL,
    current_secret TEXT NOT NULL, revoked BOOLEAN NOT NULL DEFAULT false);
  CREATE TABLE IF NOT EXISTS access_tokens (token TEXT PRIMARY KEY, user_id UUID NOT NULL, expires BIGINT NOT NULL);
  CREATE TABLE IF NOT EXISTS resets (token TEXT PRIMARY KEY, user_id UUID NOT NULL, expires BIGINT NOT NULL, spent BOOLEAN DEFAULT false);
`);

async function hashPassword(password) {
  const salt = crypto.randomBytes(16).toString('base64url');
  const key = await scrypt(password, salt, 32);
  return `scrypt$${salt}$${key.toString('base64url')}`;
}
async function checkPassword(password, stored) {
  const [, salt, key] = stored.split('$');
  const got = await scrypt(password, salt, 32);
  return crypto.timingSafeEqual(got, Buffer.from(key, 'base64url'));
}
const rand = () => crypto.randomBytes(24).toString('base64url');
const fail = (res, status, error) => res.status(status).json({ error });
const h = (fn) => (req, res, next) => Promise.resolve(fn(req, res)).catch(next);

// refresh token = "<session id>.<generation>.<secret>"; only the current generation is valid.
async function pair(userId, sessionId) {
  const secret = rand();
  let generation;
  if (sessionId) {
    ({ rows: [{ generation }] } = await db.query(
      'UPDATE sessions SET generation = generation + 1, current_secret = $2 WHERE id = $1 RETURNING generation', [sessionId, secret]));
  } else {
    sessionId = crypto.randomUUID();
    generation = 0;
    await db.query('INSERT INTO sessions VALUES ($1, $2, 0, $3)', [sessionId, userId, secret]);
  }
  const access = rand();
  await db.query('INSERT INTO access_tokens VALUES ($1, $2, $3)', [access, userId, Date.now() + ACCESS_TTL * 1000]);
  return { accessToken: access, refreshToken: `${sessionId}.${generation}.${secret}`, tokenType: 'Bearer', expiresIn: ACCESS_TTL };
}

const app = express();
app.use(express.json());
const okEmail = (e) => typeof e === 'string' && e.includes('@');
const okPassword = (p) => typeof p === 'string' && p.length >= 8;

app.post('/auth/register', h(async (req, res) => {
  const { email, password } = req.body ?? {};
  if (!okEmail(email) || !okPassword(password)) return fail(res, 400, 'invalid email or password');
  const id = crypto.randomUUID();
  const r = await db.query('INSERT INTO users VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [id, email, await hashPassword(password)]);
  if (r.rowCount === 0) return fail(res, 409, 'taken');
  res.status(201).json({ id, email });
}));

app.post('/auth/login', h(async (req, res) => {
  const { email, password } = req.body ?? {};
  if (typeof email !== 'string' || typeof password !== 'string') return fail(res, 400, 'bad body');
  const { rows: [u] } = await db.query('SELECT * FROM users WHERE email = $1', [email]);
  if (!u || !(await checkPassword(password, u.password_hash))) return fail(res, 401, 'bad credentials');
  res.json(await pair(u.id));
}));

app.get('/auth/me', h(async (req, res) => {
  const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  const { rows: [u] } = await db.query(
    'SELECT u.id, u.email FROM access_tokens a JOIN users u ON u.id = a.user_id WHERE a.token = $1 AND a.expires > $2',
    [token, Date.now()]);
  if (!u) return fail(res, 401, 'unauthorized');
  res.json(u);
}));

app.post('/auth/refresh', h(async (req, res) => {
  const token = req.body?.refreshToken;
  if (typeof token !== 'string') return fail(res, 400, 'refreshToken required');
  const [sid, gen, secret] = token.split('.');
  if (!/^[0-9a-f-]{36}$/.test(sid ?? '')) return fail(res, 401, 'invalid');
  const { rows: [s] } = await db.query('SELECT * FROM sessions WHERE id = $1', [sid]);
  if (!s || s.revoked) return fail(res, 401, 'invalid');
  if (String(s.generation) !== gen || s.current_secret !== secret) {
    if (Number(gen) < s.generation) await db.query('UPDATE sessions SET revoked = true WHERE id = $1', [sid]);
    return fail(res, 401, 'reused or invalid');
  }
  res.json(await pair(s.user_id, sid));
}));

app.post('/auth/logout', h(async (req, res) => {
  const token = req.body?.refreshToken;
  if (typeof token !== 'string') return fail(res, 400, 'refreshToken required');
  const sid = token.split('.')[0];
  if (/^[0-9a-f-]{36}$/.test(sid)) await db.query('UPDATE sessions SET revoked = true WHERE id = $1', [sid]);
  res.sendStatus(204);
}));

app.post('/auth/password-reset/request', h(async (req, res) => {
  const { email } = req.body ?? {};
  if (!okEmail(email)) return fail(res, 400, 'email required');
  const { rows: [u] } = await db.query('SELECT id FROM users WHERE email = $1', [email]);
  if (u) {
    const token = rand();
    await db.query('INSERT INTO resets VALUES ($1, $2, $3)', [token, u.id, Date.now() + RESET_TTL * 1000]);
    await smtp.sendMail({ from: 'Accounts <accounts@example.org>', to: email, subject: 'Password reset',
      text: `Hello,\n\nreset here: https://app.example.org/reset?token=${token}\n`,
      html: `<p><a href="https://app.example.org/reset?token=${token}">Reset</a></p>` });
  }
  res.status(202).json({ message: 'ok' });
}));

app.post('/auth/password-reset/confirm', h(async (req, res) => {
  const { token, password } = req.body ?? {};
  if (typeof token !== 'string' || !okPassword(password)) return fail(res, 400, 'bad body');
  const { rows: [r] } = await db.query(
    'UPDATE resets SET spent = true WHERE token = $1 AND NOT spent AND expires > $2 RETURNING user_id', [token, Date.now()]);
  if (!r) return fail(res, 400, 'invalid token');
  await db.query('UPDATE users SET password_hash = $1 WHERE id = $2', [await hashPassword(password), r.user_id]);
  await db.query('UPDATE sessions SET revoked = true WHERE user_id = $1', [r.user_id]);
  res.status(200).json({ message: 'password changed' });
}));

app.use((err, req, res, next) => fail(res, err.type === 'entity.parse.failed' ? 400 : 500, 'error'));
ready.then(() => app.listen(process.env.PORT ?? 3000, '0.0.0.0'));
