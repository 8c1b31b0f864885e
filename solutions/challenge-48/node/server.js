const express = require('express');
const crypto = require('node:crypto');

function intFromEnv(name, fallback) {
  const value = Number.parseInt(process.env[name], 10);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const API_KEY = process.env.GATEWAY_API_KEY || '';
const UPSTREAM_TIMEOUT_MS = intFromEnv('UPSTREAM_TIMEOUT_MS', 2000);

// A route prefix -> its service's replicas, tried round-robin.
const SERVICES = [
  { prefix: '/users', name: 'users-service', replicas: [process.env.USERS_SERVICE_URL], next: 0 },
  {
    prefix: '/products',
    name: 'products-service',
    replicas: [process.env.PRODUCTS_SERVICE_1_URL, process.env.PRODUCTS_SERVICE_2_URL],
    next: 0,
  },
];

class GatewayError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function serviceFor(path) {
  return SERVICES.find((s) => path === s.prefix || path.startsWith(`${s.prefix}/`));
}

// The headers passed on: Content-Type, Accept and the client's X-* headers, never the API key.
function forwardedHeaders(req) {
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'x-api-key') continue;
    if (name === 'content-type' || name === 'accept' || name.startsWith('x-')) headers[name] = value;
  }
  return headers;
}

function keyMatches(given) {
  const a = Buffer.from(String(given || ''));
  const b = Buffer.from(API_KEY);
  return API_KEY !== '' && a.length === b.length && crypto.timingSafeEqual(a, b);
}

// Forward to the next replica; a refused/reset connection moves on to the other replica (the
// request never reached a server), a timeout or a 5xx does not.
async function forward(service, req) {
  const start = service.next;
  service.next = (service.next + 1) % service.replicas.length;
  const hasBody = !['GET', 'HEAD'].includes(req.method) && req.body && req.body.length > 0;
  let lastError;
  for (let i = 0; i < service.replicas.length; i += 1) {
    const base = service.replicas[(start + i) % service.replicas.length];
    try {
      const response = await fetch(base + req.originalUrl, {
        method: req.method,
        headers: forwardedHeaders(req),
        body: hasBody ? req.body : undefined,
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
      });
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status >= 500) throw new GatewayError(502, `${service.name} failed: ${response.status}`);
      return { status: response.status, contentType: response.headers.get('content-type'), body };
    } catch (err) {
      if (err instanceof GatewayError) throw err;
      if (err.name === 'TimeoutError') throw new GatewayError(504, `${service.name} timed out`);
      lastError = err;
    }
  }
  throw new GatewayError(503, `${service.name} unavailable: ${lastError?.cause?.code || lastError?.message}`);
}

const app = express();

// One log line per request: method, path, status, duration.
app.use((req, res, next) => {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)}ms`);
  });
  next();
});

app.get('/health', (req, res) => res.json({ status: 'ok' }));

app.use((req, res, next) => {
  if (!keyMatches(req.get('x-api-key'))) return res.status(401).json({ error: 'missing or invalid API key' });
  return next();
});

app.use(express.raw({ type: () => true, limit: '5mb' }));

app.use(async (req, res) => {
  const service = serviceFor(req.path);
  if (!service) return res.status(404).json({ error: `no service for ${req.path}` });
  try {
    const answer = await forward(service, req);
    res.status(answer.status);
    if (answer.contentType) res.set('Content-Type', answer.contentType);
    return res.send(answer.body);
  } catch (err) {
    const status = err instanceof GatewayError ? err.status : 500;
    if (status === 500) console.error(err);
    return res.status(status).json({ error: err.message });
  }
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Gateway listening on port ${PORT}`);
});
