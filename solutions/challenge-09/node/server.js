const express = require('express');

const app = express();

// Answers whatever no route above it answered: any path, any method.
function notFound(req, res) {
  res.status(404).json({ error: 'Not Found' });
}

app.get('/', (req, res) => {
  res.status(200).json({ message: 'ok' });
});

app.get('/health', (req, res) => {
  res.status(200).json({ status: 'ok' });
});

// Registered last: Express runs handlers in registration order, so this one only sees
// requests that fell through every route.
app.use(notFound);

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
