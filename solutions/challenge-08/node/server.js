const express = require('express');

const app = express();

// One line per request, written before any route runs, so unknown routes (404s) and
// requests with a broken body are logged too. req.path has no query string.
function requestLogger(req, res, next) {
  console.log(`[${req.method}] ${req.path} - ${new Date().toISOString()}`);
  next();
}

app.use(requestLogger);
app.use(express.json());

app.get('/', (req, res) => {
  res.status(200).json({ message: 'ok' });
});

app.post('/echo', (req, res) => {
  res.status(200).json(req.body);
});

// express.json() reports malformed JSON as an error; answer it with JSON, not an HTML page.
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') {
    return res.status(400).json({ error: 'request body is not valid JSON' });
  }
  next(err);
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
