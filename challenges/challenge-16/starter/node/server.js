const express = require('express');

const app = express();

// The products (fixed). Note that they are NOT stored in id order.
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

// TODO: GET /products?sort=<id|name|price>&order=<asc|desc>
//   - defaults: sort=id, order=asc
//   - any other sort or order value -> 400 {"error": "..."}
//   - 200 [products sorted by that field in that order]

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT} (${products.length} products)`);
});
