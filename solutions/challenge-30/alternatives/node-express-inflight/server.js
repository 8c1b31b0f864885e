// Alternative: Express with a cache of promises (concurrent MISSes of one product share one slow
// lookup; a PUT during a lookup drops it, so its stale result is never stored) and an Express
// Router whose param handler answers unknown ids.
const express = require('express');

const PORT = Number(process.env.PORT || 3000);
const TTL_MS = Number.parseInt(process.env.CACHE_TTL_MS || '30000', 10);
const MAX_AGE = Math.max(1, Math.floor(TTL_MS / 1000));

const db = {
  1: { id: 1, name: 'Mechanical Keyboard', price: 89.99 },
  2: { id: 2, name: 'Wireless Mouse', price: 24.5 },
  3: { id: 3, name: 'USB-C Hub', price: 39 },
  4: { id: 4, name: '27-inch Monitor', price: 249.99 },
  5: { id: 5, name: 'Laptop Stand', price: 34.95 },
};

const cache = new Map(); // id -> { promise, storedAt } (storedAt null while the lookup runs)

const slowFind = (id) =>
  new Promise((resolve) => setTimeout(() => resolve(structuredClone(db[id])), 300));

function cached(id) {
  const entry = cache.get(id);
  if (entry && (entry.storedAt === null || Date.now() - entry.storedAt < TTL_MS)) return entry;
  cache.delete(id);
  return null;
}

function lookup(id) {
  const entry = { storedAt: null };
  entry.promise = slowFind(id).then((product) => {
    if (cache.get(id) === entry) entry.storedAt = Date.now();
    return product;
  });
  cache.set(id, entry);
  return entry.promise;
}

const app = express();
app.disable('etag');
app.disable('x-powered-by');
app.use(express.json({ strict: false }));

const products = express.Router();

products.param('id', (req, res, next, raw) => {
  if (!Object.hasOwn(db, raw) || String(Number(raw)) !== raw) {
    res.set('Cache-Control', 'no-store');
    return res.status(404).json({ error: `product ${raw} does not exist` });
  }
  req.productId = Number(raw);
  return next();
});

products.get('/:id', async (req, res) => {
  const id = req.productId;
  const entry = cached(id);
  const isHit = Boolean(entry && entry.storedAt !== null);
  const product = await (entry ? entry.promise : lookup(id)); // joining a running lookup is a MISS
  res.set({
    'X-Cache': isHit ? 'HIT' : 'MISS',
    'Cache-Control': `public, max-age=${MAX_AGE}`,
  });
  res.json(product);
});

products.put('/:id', (req, res) => {
  const price = req.body && typeof req.body === 'object' ? req.body.price : undefined;
  if (typeof price !== 'number' || !(price >= 0)) {
    return res.status(400).json({ error: 'price must be a non-negative number' });
  }
  db[req.productId].price = price;
  cache.delete(req.productId);
  return res.json(db[req.productId]);
});

app.use('/products', products);

app.delete('/cache', (req, res) => {
  cache.clear();
  res.status(204).end();
});

app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') return res.status(400).json({ error: 'invalid JSON body' });
  return next(err);
});

app.listen(PORT, '0.0.0.0', () => console.log(`listening on ${PORT}`));
