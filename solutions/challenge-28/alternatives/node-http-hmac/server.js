// Alternative: plain node:http, no cookie-parser: cookies are `<url-encoded value>.<HMAC-SHA256,
// base64url>` built with node:crypto, Cookie/Set-Cookie headers parsed and written by hand.
const http = require('node:http');
const crypto = require('node:crypto');

const PORT = Number(process.env.PORT || 3000);
const SECRET = process.env.COOKIE_SECRET || 'change-me';
const NAME_RE = /^[A-Za-z0-9_]{1,32}$/;
const VALUE_RE = /^[!-+\--:<-~]{1,100}$/; // 0x21-0x7E without ',' (0x2C) and ';' (0x3B)
const ONE_DAY = 86400;

const mac = (value) => crypto.createHmac('sha256', SECRET).update(value).digest('base64url');

function seal(value) {
  return `${encodeURIComponent(value)}.${mac(value)}`;
}

// The original value of a signed raw cookie, or null when it is unsigned or tampered with.
function open(raw) {
  const dot = raw.lastIndexOf('.');
  if (dot < 0) return null;
  let value;
  try {
    value = decodeURIComponent(raw.slice(0, dot));
  } catch {
    return null;
  }
  const a = Buffer.from(raw.slice(dot + 1));
  const b = Buffer.from(mac(value));
  return a.length === b.length && crypto.timingSafeEqual(a, b) ? value : null;
}

function parseCookies(header) {
  const jar = new Map();
  for (const part of (header || '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name && !jar.has(name)) jar.set(name, value);
  }
  return jar;
}

function json(res, status, body, extraHeaders = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', ...extraHeaders });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
  });
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://x');
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] !== 'cookies' || parts.length > 2) return json(res, 404, { error: 'no such route' });
  const jar = parseCookies(req.headers.cookie);

  if (parts.length === 1 && req.method === 'GET') {
    const cookies = {};
    for (const [name, raw] of jar) {
      const value = open(raw);
      if (value !== null) cookies[name] = value;
    }
    return json(res, 200, { cookies });
  }

  if (parts.length === 1 && req.method === 'POST') {
    let body;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return json(res, 400, { error: 'body is not valid JSON' });
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return json(res, 400, { error: 'body must be an object' });
    }
    const { name, value } = body;
    if (typeof name !== 'string' || !NAME_RE.test(name)) return json(res, 400, { error: 'bad cookie name' });
    if (typeof value !== 'string' || !VALUE_RE.test(value)) return json(res, 400, { error: 'bad cookie value' });
    const cookie = `${name}=${seal(value)}; Max-Age=${ONE_DAY}; Path=/; HttpOnly; SameSite=Strict`;
    return json(res, 201, { name, value }, { 'Set-Cookie': cookie });
  }

  if (parts.length === 2) {
    const name = decodeURIComponent(parts[1]);
    if (req.method === 'GET') {
      if (!jar.has(name)) return json(res, 404, { error: 'cookie not present' });
      const value = open(jar.get(name));
      if (value === null) return json(res, 401, { error: 'cookie signature is invalid or missing' });
      return json(res, 200, { name, value });
    }
    if (req.method === 'DELETE') {
      res.writeHead(204, {
        'Set-Cookie': `${name}=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict`,
      });
      return res.end();
    }
  }
  return json(res, 405, { error: 'method not allowed' });
}

http
  .createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error(err);
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
    });
  })
  .listen(PORT, '0.0.0.0', () => console.log(`listening on ${PORT}`));
