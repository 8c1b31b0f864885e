// ES module on plain node:http (no Express): morgan is called directly as a function in the request
// handler, writing to an append-mode stream of access.log; JSON bodies go out with Content-Length.
import fs from 'node:fs';
import http from 'node:http';
import morgan from 'morgan';

const production = process.env.NODE_ENV === 'production';
const logFile = fs.createWriteStream('access.log', { flags: 'a' });
const logger = morgan(production ? 'combined' : 'dev', { stream: logFile });

function send(res, status, payload) {
  const body = Buffer.from(JSON.stringify(payload));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}

function readJson(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({ ok: false });
      }
    });
  });
}

async function route(req, res) {
  const { pathname } = new URL(req.url, 'http://placeholder');
  if (req.method === 'GET' && pathname === '/') return send(res, 200, { message: 'ok' });
  const user = /^\/users\/([^/]+)$/.exec(pathname);
  if (req.method === 'GET' && user) return send(res, 200, { id: decodeURIComponent(user[1]) });
  if (req.method === 'POST' && pathname === '/echo') {
    const body = await readJson(req);
    return body.ok ? send(res, 200, body.value) : send(res, 400, { error: 'invalid JSON' });
  }
  return send(res, 404, { error: `Cannot ${req.method} ${pathname}` });
}

http
  .createServer((req, res) => {
    logger(req, res, (err) => {
      if (err) return send(res, 500, { error: 'logger failed' });
      route(req, res).catch(() => send(res, 500, { error: 'internal error' }));
    });
  })
  .listen(Number(process.env.PORT) || 3000, '0.0.0.0');
