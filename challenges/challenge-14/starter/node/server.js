const express = require('express');

const app = express();

// The 95 items the endpoint pages through: { id: 1, name: 'Item 1' } ... { id: 95, name: 'Item 95' }.
const items = Array.from({ length: 95 }, (_, i) => ({ id: i + 1, name: `Item ${i + 1}` }));

// TODO: GET /items?page=<n>&limit=<n>
//   - defaults: page 1, limit 10; both must be positive integers, limit at most 100 -> else 400 {"error": "..."}
//   - 200 {"data": [...the items of that page...], "page", "limit", "total", "totalPages"}
//   - a page after the last one -> 200 with "data": []

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT} (${items.length} items)`);
});
