const express = require('express');

const app = express();

const products = [
  { id: 1, name: 'Wireless Mouse', price: 24.99 },
  { id: 2, name: 'Mouse Pad', price: 9.5 },
  { id: 3, name: 'USB-C Cable', price: 12 },
  { id: 4, name: 'Mechanical Keyboard', price: 89.99 },
  { id: 5, name: 'Wireless Keyboard', price: 49.99 },
  { id: 6, name: 'USB-C Charger', price: 34.5 },
  { id: 7, name: 'Laptop Sleeve', price: 42 },
  { id: 8, name: 'Noise-Cancelling Headphones', price: 199 },
  { id: 9, name: 'HDMI Cable', price: 8.99 },
  { id: 10, name: 'Keyboard + Mouse Combo', price: 59.9 },
  { id: 11, name: 'Gaming Mouse', price: 39.99 },
  { id: 12, name: 'Webcam Cover', price: 4.5 },
];

app.get('/search', (req, res) => {
  const { q } = req.query;
  const term = typeof q === 'string' ? q.trim() : '';
  if (term === '') {
    return res.status(400).json({ error: 'Query parameter q is required and must not be blank' });
  }

  const needle = term.toLowerCase();
  const results = products.filter((product) => product.name.toLowerCase().includes(needle));
  return res.json({ results, count: results.length });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
