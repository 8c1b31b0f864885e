const express = require('express');

const app = express();

// TODO: a hard-coded list of at least 3 products, each { id, name, price }
//   - id: string or number, unique
//   - name: non-empty string
//   - price: a number >= 0 (not a string)

// TODO: GET /products -> 200 with the array of products as JSON

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
