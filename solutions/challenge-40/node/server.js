// Reference solution of challenge-40 (API versioning): one store, one router per version, and
// the negotiated /api/users that forwards to the router of the version the header asks for.
const express = require('express');

const SUPPORTED = ['v1', 'v2'];
const DEPRECATED_AT = Date.parse(process.env.V1_DEPRECATED_AT || '2025-06-01T00:00:00Z');
const SUNSET_AT = Date.parse(process.env.V1_SUNSET_AT || '2099-12-31T23:59:59Z');

const users = [];
let nextId = 1;

const v1User = (u) => ({ id: u.id, name: `${u.firstName} ${u.lastName}`, email: u.email });
const v2User = (u) => ({ id: u.id, firstName: u.firstName, lastName: u.lastName, email: u.email });
const find = (id) => users.find((u) => String(u.id) === id);
const notFound = (res) => res.status(404).json({ error: 'user not found' });

const v1 = express.Router();
// Every v1 response, errors included, announces the deprecation and points at its v2 twin.
v1.use((req, res, next) => {
  res.set('API-Version', 'v1');
  res.set('Deprecation', `@${Math.floor(DEPRECATED_AT / 1000)}`);
  res.set('Sunset', new Date(SUNSET_AT).toUTCString());
  res.set('Link', `</api/v2${req.path === '/' ? '' : req.path}>; rel="successor-version"`);
  if (Date.now() >= SUNSET_AT) return res.status(410).json({ error: 'API v1 has been sunset; use v2' });
  return next();
});
v1.get('/users', (req, res) => res.json(users.map(v1User)));
v1.get('/users/:id', (req, res) => {
  const user = find(req.params.id);
  return user ? res.json(v1User(user)) : notFound(res);
});
v1.use((req, res) => res.status(404).json({ error: 'not found' }));

const v2 = express.Router();
v2.use((req, res, next) => {
  res.set('API-Version', 'v2');
  next();
});
v2.get('/users', (req, res) => res.json({ data: users.map(v2User), total: users.length }));
v2.get('/users/:id', (req, res) => {
  const user = find(req.params.id);
  return user ? res.json(v2User(user)) : notFound(res);
});
v2.post('/users', (req, res) => {
  const { firstName, lastName, email } = req.body || {};
  const ok = [firstName, lastName, email].every((v) => typeof v === 'string' && v.trim() !== '');
  if (!ok) return res.status(400).json({ error: 'firstName, lastName and email are required strings' });
  const user = { id: nextId++, firstName, lastName, email };
  users.push(user);
  return res.status(201).json(v2User(user));
});
v2.use((req, res) => res.status(404).json({ error: 'not found' }));

const app = express();
app.use(express.json());
const routers = { v1, v2 };

app.use('/api/v1', v1);
app.use('/api/v2', v2);

// Unversioned: the Accept-Version header picks the router (v2 when absent).
app.use('/api/users', (req, res, next) => {
  res.set('Vary', 'Accept-Version');
  const asked = req.get('accept-version');
  const version = asked === undefined ? 'v2' : (/^\d+$/.test(asked.trim()) ? `v${asked.trim()}` : asked.trim());
  if (!SUPPORTED.includes(version)) {
    return res.status(400).json({ error: `unsupported API version ${asked}`, supportedVersions: SUPPORTED });
  }
  req.url = `/users${req.url === '/' ? '' : req.url}`;
  return routers[version](req, res, next);
});

// Any other /api/vN: a version this API does not have.
app.use((req, res, next) => {
  if (!/^\/api\/v\d+(\/|$)/.test(req.path)) return next();
  return res.status(404).json({ error: 'unknown API version', supportedVersions: SUPPORTED });
});

app.use((req, res) => res.status(404).json({ error: 'not found' }));
app.use((err, req, res, next) => res.status(err.status || 500).json({ error: err.message || 'error' }));

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => console.log(`Server listening on port ${PORT}`));
