// A correct alternative to the reference in ES module style: ioredis with a plain EVAL (no
// defineCommand), the server's clock, and top-level await.
import express from 'express';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

const limit = Number(process.env.RATE_LIMIT ?? 10);
const windowMs = Number(process.env.RATE_WINDOW_MS ?? 60000);
const redis = new Redis(process.env.REDIS_URL);
await redis.ping();

const LUA = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, ARGV[1] - ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return {0, tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])}
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {1, redis.call('ZCARD', KEYS[1])}
`;

const app = express();

app.get('/api/data', async (req, res) => {
  const key = req.headers['x-api-key'];
  if (!key) return res.status(401).json({ error: 'API key missing' });
  const now = Date.now();
  const [ok, n] = await redis.eval(LUA, 1, `sw:${key}`, now, windowMs, limit, randomUUID());
  res.set({ 'X-RateLimit-Limit': `${limit}`, 'X-RateLimit-Remaining': `${ok ? limit - n : 0}` });
  if (!ok) {
    res.set('Retry-After', `${Math.max(1, Math.ceil((n + windowMs - now) / 1000))}`);
    return res.status(429).json({ error: 'rate limited' });
  }
  return res.json({ ok: true });
});

app.listen(process.env.PORT ?? 3000, '0.0.0.0');
