// A correct alternative to the reference: node-redis instead of ioredis, a MULTI (add, count, undo
// when over) instead of a Lua script, the server's own clock, a router instead of app.use.
const express = require('express');
const { createClient } = require('redis');

const LIMIT = Number(process.env.RATE_LIMIT) || 10;
const WINDOW = Number(process.env.RATE_WINDOW_MS) || 60000;

const redis = createClient({ url: process.env.REDIS_URL });
redis.on('error', (err) => console.error('redis error', err.message));

async function throttle(req, res, next) {
  const user = req.header('x-api-key');
  if (!user) return res.status(401).json({ message: 'missing key', error: 'Unauthorized' });
  const key = `throttle:${user}`;
  const now = Date.now();
  const member = `${now}:${Math.random()}`;
  try {
    const replies = await redis.multi()
      .zRemRangeByScore(key, 0, now - WINDOW)
      .zAdd(key, { score: now, value: member })
      .zCard(key)
      .zRangeWithScores(key, 0, 0)
      .pExpire(key, WINDOW)
      .exec();
    const count = replies[2];
    const oldest = replies[3][0].score;
    res.setHeader('X-RateLimit-Limit', LIMIT);
    if (count > LIMIT) {
      await redis.zRem(key, member);
      res.setHeader('X-RateLimit-Remaining', 0);
      res.setHeader('Retry-After', Math.max(1, Math.ceil((oldest + WINDOW - now) / 1000)));
      return res.status(429).send({ error: 'rate limit exceeded' });
    }
    res.setHeader('X-RateLimit-Remaining', LIMIT - count);
    next();
  } catch (err) {
    next(err);
  }
}

const api = express.Router();
api.use(throttle);
api.get('/data', (req, res) => res.status(200).json({ ok: true, user: req.header('x-api-key') }));

const app = express();
app.use('/api', api);
app.use((err, req, res, next) => res.status(503).json({ error: err.message }));

redis.connect().then(() => {
  app.listen(process.env.PORT || 3000, '0.0.0.0', () => console.log('up'));
});
