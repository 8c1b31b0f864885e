const express = require('express');
const cors = require('cors');

const app = express();

// Credentialed CORS cannot use `Access-Control-Allow-Origin: *` (browsers reject it), so
// `origin: true` makes the cors package reflect the request's Origin and add `Vary: Origin`.
const corsOptions = {
  origin: true,
  credentials: true,
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  allowedHeaders: ['Content-Type', 'Authorization'],
};
app.use(cors(corsOptions));
app.use(express.json());

const items = [
  { id: 1, name: 'alpha' },
  { id: 2, name: 'beta' },
];

app.get('/api/data', (req, res) => {
  res.status(200).json({ items });
});

app.post('/api/data', (req, res) => {
  res.status(201).json(req.body);
});

// Malformed JSON: answer in JSON rather than Express's HTML error page.
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') {
    return res.status(400).json({ error: 'Malformed JSON body' });
  }
  return next(err);
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
