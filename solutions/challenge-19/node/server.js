const express = require('express');
const { rateLimit } = require('express-rate-limit');

function intFromEnv(name, fallback) {
  const value = Number.parseInt(process.env[name], 10);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const RATE_LIMIT_MAX = intFromEnv('RATE_LIMIT_MAX', 5);
const RATE_LIMIT_WINDOW_MS = intFromEnv('RATE_LIMIT_WINDOW_MS', 60000);

const app = express();

// The original client: the first X-Forwarded-For address, else the socket's address.
function clientKey(req) {
  const forwarded = req.get('X-Forwarded-For');
  const first = forwarded ? forwarded.split(',')[0].trim() : '';
  return first || req.socket.remoteAddress;
}

// express-rate-limit's memory store keeps a fixed window per client: it opens with the client's
// first request and its reset time never moves, so refused requests do not extend it.
const limiter = rateLimit({
  windowMs: RATE_LIMIT_WINDOW_MS,
  limit: RATE_LIMIT_MAX,
  keyGenerator: clientKey,
  standardHeaders: false,
  legacyHeaders: false,
  handler: (req, res) => {
    const msLeft = req.rateLimit.resetTime.getTime() - Date.now();
    res.set('Retry-After', String(Math.max(1, Math.ceil(msLeft / 1000))));
    res.status(429).json({ error: 'Too many requests, please try again later.' });
  },
});

app.get('/health', (req, res) => {
  res.json({ status: 'ok' });
});

app.use('/api', limiter);

app.get('/api/resource', (req, res) => {
  res.json({ ok: true });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}: ${RATE_LIMIT_MAX} requests per ${RATE_LIMIT_WINDOW_MS} ms`);
});
