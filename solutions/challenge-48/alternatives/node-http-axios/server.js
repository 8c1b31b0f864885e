// Alternative: no Express (node:http), axios for the calls, a replica pool object, a log line
// in another format ("[gw] 2026-... GET /users/1 -> 200").
const http = require('node:http');
const axios = require('axios');

const TIMEOUT = Number(process.env.UPSTREAM_TIMEOUT_MS) > 0 ? Number(process.env.UPSTREAM_TIMEOUT_MS) : 2000;
const KEY = process.env.GATEWAY_API_KEY;

function pool(name, urls) {
  let i = 0;
  return { name, take() { const order = urls.slice(i).concat(urls.slice(0, i)); i = (i + 1) % urls.length; return order; } };
}
const routes = {
  users: pool('users-service', [process.env.USERS_SERVICE_URL]),
  products: pool('products-service', [process.env.PRODUCTS_SERVICE_1_URL, process.env.PRODUCTS_SERVICE_2_URL]),
};

const send = (res, status, obj) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(obj));
};

const readBody = (req) => new Promise((resolve, reject) => {
  const parts = [];
  req.on('data', (c) => parts.push(c)).on('end', () => resolve(Buffer.concat(parts))).on('error', reject);
});

async function proxy(req, res, target) {
  const body = await readBody(req);
  const headers = {};
  for (const h of ['content-type', 'accept']) if (req.headers[h]) headers[h] = req.headers[h];
  for (const [h, v] of Object.entries(req.headers)) if (/^x-/.test(h) && h !== 'x-api-key') headers[h] = v;
  for (const base of target.take()) {
    let r;
    try {
      r = await axios.request({
        url: base + req.url, method: req.method, headers, data: body.length ? body : undefined,
        timeout: TIMEOUT, responseType: 'arraybuffer', validateStatus: () => true,
        transformRequest: [(d) => d], maxRedirects: 0,
      });
    } catch (e) {
      if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT') return send(res, 504, { error: `${target.name}: timeout` });
      continue;
    }
    if (r.status >= 500) return send(res, 502, { error: `${target.name}: bad gateway (${r.status})` });
    const out = r.headers['content-type'] ? { 'Content-Type': r.headers['content-type'] } : {};
    res.writeHead(r.status, out);
    return res.end(Buffer.from(r.data));
  }
  return send(res, 503, { error: `${target.name}: no replica reachable` });
}

http.createServer(async (req, res) => {
  const path = req.url.split('?')[0];
  res.on('finish', () => console.log(`[gw] ${new Date().toISOString()} ${req.method} ${path} -> ${res.statusCode}`));
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (!KEY || req.headers['x-api-key'] !== KEY) return send(res, 401, { error: 'unauthorized' });
  const m = /^\/(users|products)(\/|$)/.exec(path);
  if (!m) return send(res, 404, { error: 'not found' });
  try {
    await proxy(req, res, routes[m[1]]);
  } catch (e) {
    console.error(e);
    if (!res.headersSent) send(res, 500, { error: 'gateway error' });
  }
}).listen(Number(process.env.PORT) || 3000, '0.0.0.0');
