// Plain node:http as an ES module, no Express: a tiny middleware chain (auth -> handler) guards the
// /protected group, the user id is a UUID string, the 401 says `Bearer error="invalid_token"`.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

const TOKEN = process.env.API_TOKEN || 'secret123';
const USER = Object.freeze({ id: randomUUID(), name: 'Grader Guest' });

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function authenticate(req, res, next) {
  const header = req.headers.authorization;
  let reason = null;
  if (header === undefined) {
    reason = 'Authentication required';
  } else {
    const space = header.indexOf(' ');
    const scheme = space === -1 ? header : header.slice(0, space);
    const token = space === -1 ? '' : header.slice(space + 1);
    if (scheme.toLowerCase() !== 'bearer' || token !== TOKEN) reason = 'Invalid or malformed bearer token';
  }
  if (reason) {
    return sendJson(res, 401, { error: reason }, { 'www-authenticate': 'Bearer error="invalid_token"' });
  }
  req.user = USER;
  return next();
}

const protectedRoutes = {
  '/protected': (req, res) => sendJson(res, 200, { message: 'Access granted', user: req.user }),
  '/protected/profile': (req, res) => sendJson(res, 200, { user: req.user }),
};

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (req.method === 'GET' && path === '/public') {
    return sendJson(res, 200, { message: 'Anyone may read this' });
  }
  if (req.method === 'GET' && Object.hasOwn(protectedRoutes, path)) {
    return authenticate(req, res, () => protectedRoutes[path](req, res));
  }
  return sendJson(res, 404, { error: 'Not found' });
});

server.listen(Number(process.env.PORT) || 3000, '0.0.0.0');
