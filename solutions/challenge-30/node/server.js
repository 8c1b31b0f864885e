const express = require('express');

const CACHE_TTL_MS = Number.parseInt(process.env.CACHE_TTL_MS, 10) || 30000;
const MAX_AGE_SECONDS = Math.max(1, Math.floor(CACHE_TTL_MS / 1000));
const LOOKUP_DELAY_MS = 300;

const products = new Map([
  ['1', { id: 1, name: 'Mechanical Keyboard', price: 89.99 }],
  ['2', { id: 2, name: 'Wireless Mouse', price: 24.5 }],
  ['3', { id: 3, name: 'USB-C Hub', price: 39 }],
  ['4', { id: 4, name: '27-inch Monitor', price: 249.99 }],
  ['5', { id: 5, name: 'Laptop Stand', price: 34.95 }],
]);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The slow data source: a copy of the product, or null, after LOOKUP_DELAY_MS.
async function lookupProduct(id) {
  await sleep(LOOKUP_DELAY_MS);
  const product = products.get(id);
  return product ? { ...product } : null;
}

class TtlCache {
  constructor(ttlMs) {
    this.ttlMs = ttlMs;
    this.entries = new Map();
  }

  get(key) {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (Date.now() >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key, value) {
    this.entries.set(key, { value, expiresAt: Date.now() + this.ttlMs });
  }

  delete(key) {
    this.entries.delete(key);
  }

  clear() {
    this.entries.clear();
  }
}

const cache = new TtlCache(CACHE_TTL_MS);
const cacheable = `public, max-age=${MAX_AGE_SECONDS}`;

const app = express();
app.use(express.json());

app.get('/products/:id', async (req, res, next) => {
  try {
    const { id } = req.params;
    const cached = cache.get(id);
    if (cached) {
      res.set({ 'X-Cache': 'HIT', 'Cache-Control': cacheable });
      return res.status(200).json(cached);
    }
    const product = await lookupProduct(id);
    if (!product) {
      res.set('Cache-Control', 'no-store');
      return res.status(404).json({ error: `product ${id} not found` });
    }
    cache.set(id, product);
    res.set({ 'X-Cache': 'MISS', 'Cache-Control': cacheable });
    return res.status(200).json(product);
  } catch (err) {
    return next(err);
  }
});

app.put('/products/:id', (req, res) => {
  const { id } = req.params;
  const product = products.get(id);
  if (!product) {
    return res.status(404).json({ error: `product ${id} not found` });
  }
  const { price } = req.body || {};
  if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
    return res.status(400).json({ error: 'price must be a number >= 0' });
  }
  product.price = price;
  cache.delete(id); // the next GET recomputes the product
  return res.status(200).json({ ...product });
});

app.delete('/cache', (req, res) => {
  cache.clear();
  res.status(204).end();
});

app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') {
    return res.status(400).json({ error: 'malformed JSON body' });
  }
  console.error(err);
  return res.status(err.status || 500).json({ error: 'internal server error' });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT} (cache TTL ${CACHE_TTL_MS} ms)`);
});
