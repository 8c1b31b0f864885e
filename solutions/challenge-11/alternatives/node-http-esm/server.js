// Alternative: no Express and no `cors` package: plain node:http (ES module) setting the CORS
// headers by hand, lower-case header values in Allow-Headers, Vary listing two names.
import http from 'node:http';

const ALLOWED_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'];
// Content-Type and Authorization, plus the CORS-safelisted request headers browsers always allow.
const ALLOWED_HEADERS = new Set(['content-type', 'authorization', 'accept', 'accept-language', 'content-language']);

const items = [
  { id: 'a1', name: 'alpha' },
  { id: 'b2', name: 'beta' },
];

function corsHeaders(req) {
  const origin = req.headers.origin;
  if (origin === undefined) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Accept-Encoding, Origin',
  };
}

function sendJson(res, status, body, extra = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function preflight(req, res) {
  const cors = corsHeaders(req);
  const requested = (req.headers['access-control-request-headers'] || '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const refused = requested.filter((h) => !ALLOWED_HEADERS.has(h));
  if (refused.length > 0) {
    // Not approved: no Allow-Methods / Allow-Headers, and a client error status.
    sendJson(res, 400, { error: `request header not allowed: ${refused.join(', ')}` }, cors);
    return;
  }
  res.writeHead(204, {
    ...cors,
    'Access-Control-Allow-Methods': ALLOWED_METHODS.join(', '),
    'Access-Control-Allow-Headers': 'content-type, authorization',
    'Access-Control-Max-Age': '600',
  });
  res.end();
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname !== '/api/data') {
    sendJson(res, 404, { error: 'not found' }, corsHeaders(req));
    return;
  }
  try {
    if (req.method === 'OPTIONS') {
      preflight(req, res);
    } else if (req.method === 'GET') {
      sendJson(res, 200, { items }, corsHeaders(req));
    } else if (req.method === 'POST') {
      let body;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        sendJson(res, 400, { error: 'malformed JSON body' }, corsHeaders(req));
        return;
      }
      sendJson(res, 201, body, corsHeaders(req));
    } else {
      sendJson(res, 405, { error: 'method not allowed' }, { ...corsHeaders(req), Allow: 'GET, POST, OPTIONS' });
    }
  } catch (err) {
    console.error(err);
    if (!res.headersSent) sendJson(res, 500, { error: 'internal error' }, corsHeaders(req));
  }
});

const port = Number(process.env.PORT || 3000);
server.listen(port, '0.0.0.0', () => console.log(`listening on ${port}`));
