const crypto = require('crypto');
const express = require('express');

const API_TOKEN = process.env.API_TOKEN || 'secret123';

const app = express();

function sameSecret(given, expected) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function unauthorized(res, message, challenge = 'Bearer realm="api"') {
  res.set('WWW-Authenticate', challenge);
  return res.status(401).json({ error: message });
}

// Authorization: <scheme> <token>; the scheme is case-insensitive, the token exact.
function authenticate(req, res, next) {
  const header = req.get('Authorization');
  if (!header) {
    return unauthorized(res, 'Missing bearer token');
  }
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  const token = space === -1 ? '' : header.slice(space + 1);
  if (scheme.toLowerCase() !== 'bearer' || token === '') {
    return unauthorized(res, 'Authorization must be: Bearer <token>');
  }
  if (!sameSecret(token, API_TOKEN)) {
    return unauthorized(res, 'Invalid token', 'Bearer realm="api", error="invalid_token"');
  }
  req.user = { id: 1, name: 'Test User' };
  return next();
}

app.get('/public', (req, res) => {
  res.json({ message: 'Public content' });
});

// Every route of this router goes through the middleware first.
const protectedRoutes = express.Router();
protectedRoutes.use(authenticate);
protectedRoutes.get('/', (req, res) => {
  res.json({ message: 'Access granted', user: req.user });
});
protectedRoutes.get('/profile', (req, res) => {
  res.json({ user: req.user });
});
app.use('/protected', protectedRoutes);

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
