const express = require('express');

const app = express();

const DEFAULT_LIMIT = 10;
const MIN_LIMIT = 1;
const MAX_LIMIT = 100;

// req.query values are strings, arrays (repeated parameter) or objects (q[a]=b):
// keep the first string given.
function firstValue(value) {
  if (Array.isArray(value)) return firstValue(value[0]);
  return typeof value === 'string' ? value : undefined;
}

app.get('/search', (req, res) => {
  const q = firstValue(req.query.q) ?? '';
  const rawLimit = req.query.limit === undefined ? undefined : firstValue(req.query.limit) ?? '';

  let limit = DEFAULT_LIMIT;
  if (rawLimit !== undefined) {
    if (!/^[0-9]+$/.test(rawLimit)) {
      return res.status(400).json({ error: 'limit must be an integer between 1 and 100' });
    }
    limit = parseInt(rawLimit, 10);
    if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
      return res.status(400).json({ error: 'limit must be an integer between 1 and 100' });
    }
  }

  res.status(200).json({ q, limit });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
