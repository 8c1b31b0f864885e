const crypto = require('crypto');
const express = require('express');
const Redis = require('ioredis');

function intFromEnv(name, fallback) {
  const value = Number.parseInt(process.env[name], 10);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const RATE_LIMIT = intFromEnv('RATE_LIMIT', 10);
const RATE_WINDOW_MS = intFromEnv('RATE_WINDOW_MS', 60000);

const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379/0', { maxRetriesPerRequest: 1 });
redis.on('error', (err) => console.error(`redis: ${err.message}`));

// A sliding-window log per key: a sorted set of the allowed requests' times. The script runs
// atomically inside Redis, so two replicas (or two concurrent requests) can never both take the
// last slot. Redis's clock is the one clock every replica shares.
// Returns {allowed (1/0), remaining, ms until the oldest allowed request leaves the window}.
redis.defineCommand('slidingWindow', {
  numberOfKeys: 1,
  lua: `
    local t = redis.call('TIME')
    local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    local window = tonumber(ARGV[1])
    local limit = tonumber(ARGV[2])
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
    local count = redis.call('ZCARD', KEYS[1])
    if count < limit then
      redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[3])
      redis.call('PEXPIRE', KEYS[1], window)
      return {1, limit - count - 1, 0}
    end
    local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    return {0, 0, tonumber(oldest[2]) + window - now}
  `,
});

const app = express();

async function limiter(req, res, next) {
  const apiKey = req.get('X-API-Key');
  if (!apiKey) {
    return res.status(401).json({ error: 'X-API-Key header required' });
  }
  let allowed, remaining, msLeft;
  try {
    [allowed, remaining, msLeft] = await redis.slidingWindow(
      `ratelimit:${apiKey}`, RATE_WINDOW_MS, RATE_LIMIT, crypto.randomUUID(),
    );
  } catch (err) {
    console.error(`rate limiter unavailable: ${err.message}`);
    return res.status(503).json({ error: 'rate limiter unavailable' });
  }
  res.set('X-RateLimit-Limit', String(RATE_LIMIT));
  res.set('X-RateLimit-Remaining', String(remaining));
  if (!allowed) {
    res.set('Retry-After', String(Math.max(1, Math.ceil(msLeft / 1000))));
    return res.status(429).json({ error: 'Too many requests' });
  }
  return next();
}

app.use('/api', limiter);

app.get('/api/data', (req, res) => {
  res.json({ ok: true });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}: ${RATE_LIMIT} requests per ${RATE_WINDOW_MS} ms`);
});
