const express = require('express');

const app = express();

const products = [
  { id: 1, name: 'Mechanical Keyboard', price: 89.99 },
  { id: 2, name: 'USB-C Hub', price: 34.5 },
  { id: 3, name: 'Laptop Stand', price: 42 },
];

app.get('/products', (req, res) => {
  res.status(200).json(products);
});

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
