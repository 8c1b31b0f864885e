// Alternative: ES module Express with the route on an express.Router, a lower-cased search index
// built once at start-up, the term read from URLSearchParams (not req.query), and extra body keys.
import express from 'express';

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
const index = products.map((product) => ({ key: product.name.toLowerCase(), product }));

const router = express.Router();

router.get('/search', (req, res) => {
  const params = new URL(req.originalUrl, 'http://localhost').searchParams;
  const term = (params.get('q') ?? '').trim();
  if (term === '') {
    res.status(400).json({ error: 'Missing search term: pass a non-blank ?q=' });
    return;
  }
  const needle = term.toLowerCase();
  const results = index.filter(({ key }) => key.includes(needle)).map(({ product }) => product);
  res.json({ query: term, count: results.length, results });
});

const app = express();
app.use(router);

const port = Number(process.env.PORT || 3000);
app.listen(port, '0.0.0.0', () => console.log(`listening on ${port}`));
