// Alternative: Koa 3 (ES modules) with hand-written routing and body parsing; cache entries are
// evicted by a per-entry timer (cleared on invalidation) instead of an expiry timestamp check.
import Koa from 'koa';

const PORT = Number(process.env.PORT || 3000);
const TTL_MS = Number(process.env.CACHE_TTL_MS || 30000);
const MAX_AGE = Math.max(1, Math.floor(TTL_MS / 1000));

const products = new Map([
  [1, { id: 1, name: 'Mechanical Keyboard', price: 89.99 }],
  [2, { id: 2, name: 'Wireless Mouse', price: 24.5 }],
  [3, { id: 3, name: 'USB-C Hub', price: 39 }],
  [4, { id: 4, name: '27-inch Monitor', price: 249.99 }],
  [5, { id: 5, name: 'Laptop Stand', price: 34.95 }],
]);

const cache = new Map(); // id -> { product, timer }

function forget(id) {
  const entry = cache.get(id);
  if (entry) {
    clearTimeout(entry.timer);
    cache.delete(id);
  }
}

function remember(id, product) {
  forget(id);
  const timer = setTimeout(() => cache.delete(id), TTL_MS);
  timer.unref();
  cache.set(id, { product, timer });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function slowLookup(id) {
  await sleep(300);
  return { ...products.get(id) };
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

function productId(segment) {
  return /^[1-9][0-9]*$/.test(segment) && products.has(Number(segment)) ? Number(segment) : null;
}

const app = new Koa();

app.use(async (ctx) => {
  const match = /^\/products\/([^/]+)$/.exec(ctx.path);

  if (match && ctx.method === 'GET') {
    const id = productId(match[1]);
    if (id === null) {
      ctx.status = 404;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { error: `no product ${match[1]}` };
      return;
    }
    const hit = cache.get(id);
    let product;
    if (hit) {
      product = hit.product;
      ctx.set('X-Cache', 'HIT');
    } else {
      product = await slowLookup(id);
      remember(id, product);
      ctx.set('X-Cache', 'MISS');
    }
    ctx.set('Cache-Control', `max-age=${MAX_AGE}, public`);
    ctx.body = product;
    return;
  }

  if (match && ctx.method === 'PUT') {
    const id = productId(match[1]);
    if (id === null) {
      ctx.status = 404;
      ctx.body = { error: 'unknown product' };
      return;
    }
    let body;
    try {
      body = await readJson(ctx.req);
    } catch {
      ctx.status = 400;
      ctx.body = { error: 'body must be JSON' };
      return;
    }
    const price = body && typeof body === 'object' ? body.price : undefined;
    if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
      ctx.status = 400;
      ctx.body = { error: 'price must be a number >= 0' };
      return;
    }
    products.get(id).price = price;
    forget(id);
    ctx.body = { ...products.get(id) };
    return;
  }

  if (ctx.path === '/cache' && ctx.method === 'DELETE') {
    for (const id of [...cache.keys()]) forget(id);
    ctx.status = 204;
    return;
  }

  ctx.status = 404;
  ctx.body = { error: 'not found' };
});

app.listen(PORT, '0.0.0.0', () => console.log(`listening on ${PORT}`));
