const express = require('express');

const app = express();

const items = Array.from({ length: 95 }, (_, i) => ({ id: i + 1, name: `Item ${i + 1}` }));

const DEFAULT_PAGE = 1;
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;

// A query value as a positive integer: the fallback when absent, NaN when it is not made of
// decimal digits only ("1.5", "-1", "abc", "2e1") or is 0. Arrays (?page=1&page=2) are NaN too.
function positiveInt(value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^[0-9]+$/.test(value)) return NaN;
  const number = Number(value);
  return number >= 1 ? number : NaN;
}

app.get('/items', (req, res) => {
  const page = positiveInt(req.query.page, DEFAULT_PAGE);
  const limit = positiveInt(req.query.limit, DEFAULT_LIMIT);

  if (Number.isNaN(page)) {
    return res.status(400).json({ error: 'page must be a positive integer' });
  }
  if (Number.isNaN(limit) || limit > MAX_LIMIT) {
    return res.status(400).json({ error: `limit must be an integer between 1 and ${MAX_LIMIT}` });
  }

  const start = (page - 1) * limit;
  const data = items.slice(start, start + limit); // empty past the last page

  return res.json({
    data,
    page,
    limit,
    total: items.length,
    totalPages: Math.ceil(items.length / limit),
  });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
