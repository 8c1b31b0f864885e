const express = require('express');

const CACHE_TTL_MS = Number.parseInt(process.env.CACHE_TTL_MS, 10) || 30000;

const products = new Map([
  [1, { id: 1, name: 'Mechanical Keyboard', price: 89.99 }],
  [2, { id: 2, name: 'Wireless Mouse', price: 24.5 }],
  [3, { id: 3, name: 'USB-C Hub', price: 39 }],
  [4, { id: 4, name: '27-inch Monitor', price: 249.99 }],
  [5, { id: 5, name: 'Laptop Stand', price: 34.95 }],
]);

// The slow data source: every uncached lookup must take at least 300 ms.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const app = express();
app.use(express.json());

// TODO: an in-memory cache: product id -> { product, expiresAt } (entries live CACHE_TTL_MS).
// TODO: GET /products/:id -> 200 product with X-Cache: MISS (looked up, after sleep(300)) or
//       HIT (from the cache), and Cache-Control: public, max-age=<CACHE_TTL_MS/1000, floor, >= 1>;
//       unknown id -> 404 {"error"} with Cache-Control: no-store (never cached).
// TODO: PUT /products/:id {"price": number >= 0} -> 200 updated product, invalidates its entry;
//       invalid body -> 400 {"error"}; unknown id -> 404 {"error"}.
// TODO: DELETE /cache -> 204, removes every entry.
// TODO: answer malformed JSON with 400 {"error"} (express.json() sends HTML otherwise).

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
