// Alternative: ES modules, no express-session: a hand-written Map session store, ids of 32 random
// bytes signed with an HMAC of SESSION_SECRET, a Max-Age cookie (no Expires), sliding expiry.
import express from 'express';
import { randomBytes, createHmac, timingSafeEqual } from 'node:crypto';

const PORT = Number(process.env.PORT || 3000);
const SECRET = process.env.SESSION_SECRET || 'dev-only-secret';
const MAX_AGE = Number(process.env.SESSION_MAX_AGE || 3600);
const COOKIE = 'session_id';

const sessions = new Map(); // id -> { username, visits, expiresAt }

const sign = (id) => createHmac('sha256', SECRET).update(id).digest('base64url');

function unsign(raw) {
  const dot = raw.lastIndexOf('.');
  if (dot <= 0) return null;
  const id = raw.slice(0, dot);
  const given = Buffer.from(raw.slice(dot + 1));
  const expected = Buffer.from(sign(id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

function readCookie(req, name) {
  for (const part of (req.headers.cookie || '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function currentSession(req) {
  const raw = readCookie(req, COOKIE);
  const id = raw && unsign(raw);
  if (!id) return null;
  const session = sessions.get(id);
  if (!session) return null;
  if (Date.now() >= session.expiresAt) {
    sessions.delete(id);
    return null;
  }
  session.expiresAt = Date.now() + MAX_AGE * 1000; // sliding: the lifetime restarts on each request
  return { id, session };
}

const app = express();
app.use(express.json({ strict: false }));

app.post('/login', (req, res) => {
  const username = req.body && typeof req.body === 'object' ? req.body.username : undefined;
  if (typeof username !== 'string' || username.length === 0) {
    return res.status(400).json({ error: 'a non-empty "username" string is required' });
  }
  const old = currentSession(req);
  if (old) sessions.delete(old.id);
  const id = randomBytes(32).toString('base64url');
  sessions.set(id, { username, visits: 0, expiresAt: Date.now() + MAX_AGE * 1000 });
  res.set('Set-Cookie', `${COOKIE}=${id}.${sign(id)}; Max-Age=${MAX_AGE}; Path=/; HttpOnly; SameSite=lax`);
  res.json({ username });
});

app.get('/me', (req, res) => {
  const current = currentSession(req);
  if (!current) return res.status(401).json({ error: 'no session' });
  current.session.visits += 1;
  res.json({ username: current.session.username, visits: current.session.visits });
});

app.post('/logout', (req, res) => {
  const current = currentSession(req);
  if (current) sessions.delete(current.id);
  res.set('Set-Cookie', `${COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=lax`);
  res.json({ ok: true });
});

// Malformed JSON bodies: express.json() throws; answer 400 in JSON.
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') return res.status(400).json({ error: 'malformed JSON' });
  next(err);
});

setInterval(() => {
  const now = Date.now();
  for (const [id, s] of sessions) if (now >= s.expiresAt) sessions.delete(id);
}, 60_000).unref();

app.listen(PORT, '0.0.0.0', () => console.log(`listening on ${PORT}`));
