// Plain node:http (CommonJS, no Express): a route table whose entries list their middleware
// (authenticate, then requireAdmin) run by a small dispatcher; jsonwebtoken verifies, HS256 only.
const http = require('node:http');
const jwt = require('jsonwebtoken');

const SECRET = process.env.JWT_SECRET;
if (!SECRET) throw new Error('JWT_SECRET is not set');

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function authenticate(req, res, next) {
  const match = /^Bearer (\S+)$/.exec(req.headers.authorization || '');
  if (!match) return reply(res, 401, { error: 'Authorization: Bearer <token> required' });
  let claims;
  try {
    claims = jwt.verify(match[1], SECRET, { algorithms: ['HS256'], clockTolerance: 5 });
  } catch (err) {
    return reply(res, 401, { error: `Invalid token: ${err.message}` });
  }
  if (typeof claims !== 'object' || typeof claims.exp !== 'number') {
    return reply(res, 401, { error: 'Invalid token: exp claim required' });
  }
  req.auth = claims;
  return next();
}

function requireAdmin(req, res, next) {
  if (req.auth.role !== 'admin') return reply(res, 403, { error: 'Forbidden: admins only' });
  return next();
}

const routes = {
  'GET /profile': [authenticate, (req, res) => reply(res, 200, { user: req.auth })],
  'GET /admin': [authenticate, requireAdmin, (req, res) => reply(res, 200, { message: `Hello ${req.auth.sub}, you are an admin` })],
};

function run(chain, req, res, i = 0) {
  chain[i](req, res, () => run(chain, req, res, i + 1));
}

http
  .createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const chain = routes[`${req.method} ${pathname}`];
    if (!chain) return reply(res, 404, { error: 'Not found' });
    return run(chain, req, res);
  })
  .listen(Number(process.env.PORT) || 3000, '0.0.0.0');
