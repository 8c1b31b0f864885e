// Koa 3 (ES module) instead of Express, and a sliding-window log instead of a fixed window: each
// client keeps the timestamps of its allowed requests of the last RATE_LIMIT_WINDOW_MS.
import Koa from 'koa';

const MAX = Number.parseInt(process.env.RATE_LIMIT_MAX ?? '5', 10);
const WINDOW_MS = Number.parseInt(process.env.RATE_LIMIT_WINDOW_MS ?? '60000', 10);

const hits = new Map(); // client -> timestamps (ms) of its allowed requests, oldest first

function clientOf(ctx) {
  const forwarded = ctx.get('X-Forwarded-For');
  if (forwarded) {
    const first = forwarded.split(',')[0].trim();
    if (first) return first;
  }
  return ctx.socket.remoteAddress;
}

function slidingWindowLimiter() {
  return async (ctx, next) => {
    const now = Date.now();
    const key = clientOf(ctx);
    const recent = (hits.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
    if (recent.length >= MAX) {
      hits.set(key, recent);
      const waitMs = recent[0] + WINDOW_MS - now;
      ctx.status = 429;
      ctx.set('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
      ctx.body = { error: `Rate limit of ${MAX} requests exceeded, slow down` };
      return;
    }
    recent.push(now);
    hits.set(key, recent);
    await next();
  };
}

// Forget clients whose log is empty, so the map does not grow forever.
setInterval(() => {
  const cutoff = Date.now() - WINDOW_MS;
  for (const [key, times] of hits) if (times.every((t) => t <= cutoff)) hits.delete(key);
}, Math.max(WINDOW_MS, 1000)).unref();

const limiter = slidingWindowLimiter();
const app = new Koa();

app.use(async (ctx, next) => {
  if (ctx.method === 'GET' && ctx.path === '/health') {
    ctx.body = { status: 'ok' };
    return;
  }
  if (ctx.method === 'GET' && ctx.path === '/api/resource') {
    await limiter(ctx, async () => {
      ctx.body = { ok: true };
    });
    return;
  }
  await next();
});

app.listen(Number(process.env.PORT) || 3000, '0.0.0.0');
