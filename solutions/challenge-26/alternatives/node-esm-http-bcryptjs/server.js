// Alternative: ES modules on plain node:http (no Express), bcryptjs (pure JS) at cost 11, UUID ids,
// usernames reserved while hashing so concurrent duplicates still get 409, atomic file writes.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import bcrypt from 'bcryptjs';

const PORT = Number(process.env.PORT || 3000);
const USERS_FILE = path.join(process.cwd(), 'users.json');
const COST = 11;
const USERNAME_RE = /^[A-Za-z0-9_]{3,30}$/;

let users = [];
try {
  const loaded = JSON.parse(readFileSync(USERS_FILE, 'utf8'));
  if (Array.isArray(loaded)) users = loaded;
} catch {
  // no file yet (or unreadable): start empty
}
const pending = new Set();
let writing = Promise.resolve();

function persist() {
  const snapshot = JSON.stringify(users, null, 2);
  writing = writing.then(async () => {
    const tmp = `${USERS_FILE}.${process.pid}.tmp`;
    await writeFile(tmp, snapshot);
    await rename(tmp, USERS_FILE);
  });
  return writing;
}

function send(res, status, body) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    });
  });
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const charCount = (s) => [...s].length;

async function register(body, res) {
  const { username, password } = body;
  if (typeof username !== 'string' || !USERNAME_RE.test(username)) {
    return send(res, 400, { error: 'username must be 3-30 letters, digits or underscores' });
  }
  if (typeof password !== 'string' || charCount(password) < 8) {
    return send(res, 400, { error: 'password must be a string of at least 8 characters' });
  }
  if (pending.has(username) || users.some((u) => u.username === username)) {
    return send(res, 409, { error: `the username ${username} is taken` });
  }
  pending.add(username);
  try {
    const passwordHash = await bcrypt.hash(password, COST);
    const user = { id: randomUUID(), username, passwordHash, createdAt: new Date().toISOString() };
    users.push(user);
    await persist();
    return send(res, 201, { message: 'Account created', username, id: user.id });
  } finally {
    pending.delete(username);
  }
}

async function login(body, res) {
  const { username, password } = body;
  if (typeof username !== 'string' || typeof password !== 'string') {
    return send(res, 400, { error: 'username and password are required strings' });
  }
  const user = users.find((u) => u.username === username);
  const ok = user ? await bcrypt.compare(password, user.passwordHash) : false;
  if (!ok) return send(res, 401, { error: 'wrong username or password' });
  return send(res, 200, { message: 'Login successful' });
}

const routes = { '/register': register, '/login': login };

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  const handler = routes[pathname];
  if (!handler || req.method !== 'POST') {
    return send(res, 404, { error: 'not found' });
  }
  try {
    const body = await readJson(req);
    if (!isObject(body)) return send(res, 400, { error: 'the body must be a JSON object' });
    await handler(body, res);
  } catch (err) {
    console.error(err);
    if (!res.headersSent) send(res, 500, { error: 'internal error' });
  }
});

server.listen(PORT, '0.0.0.0', () => console.log(`listening on ${PORT}`));
