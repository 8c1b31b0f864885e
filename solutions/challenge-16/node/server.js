const express = require('express');

const app = express();

const products = [
  { id: 3, name: 'Webcam', price: 59.5 },
  { id: 7, name: 'Router', price: 74.9 },
  { id: 1, name: 'Keyboard', price: 89.99 },
  { id: 8, name: 'Speaker', price: 8.5 },
  { id: 5, name: 'Charger', price: 19.99 },
  { id: 2, name: 'Monitor', price: 249 },
  { id: 6, name: 'Laptop', price: 999 },
  { id: 4, name: 'Headset', price: 129 },
];

const SORT_FIELDS = ['id', 'name', 'price'];
const ORDERS = ['asc', 'desc'];

function compareBy(field) {
  return (a, b) => {
    if (a[field] < b[field]) return -1;
    if (a[field] > b[field]) return 1;
    return 0;
  };
}

app.get('/products', (req, res) => {
  const { sort = 'id', order = 'asc' } = req.query;

  if (!SORT_FIELDS.includes(sort)) {
    return res.status(400).json({ error: `sort must be one of ${SORT_FIELDS.join(', ')}` });
  }
  if (!ORDERS.includes(order)) {
    return res.status(400).json({ error: 'order must be asc or desc' });
  }

  // Sort a copy: Array.prototype.sort works in place and would reorder the stored list.
  const sorted = [...products].sort(compareBy(sort));
  if (order === 'desc') sorted.reverse();
  return res.json(sorted);
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
