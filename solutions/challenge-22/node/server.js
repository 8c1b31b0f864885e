const fs = require('fs');
const path = require('path');
const express = require('express');
const morgan = require('morgan');

const app = express();

// access.log in the working directory, opened for appending: earlier runs' lines stay.
const accessLog = fs.createWriteStream(path.join(process.cwd(), 'access.log'), { flags: 'a' });

const format = process.env.NODE_ENV === 'production' ? 'combined' : 'dev';
app.use(morgan(format, { stream: accessLog }));

app.use(express.json());

app.get('/', (req, res) => {
  res.json({ message: 'ok' });
});

app.get('/users/:id', (req, res) => {
  res.json({ id: req.params.id });
});

app.post('/echo', (req, res) => {
  res.json(req.body);
});

app.use((req, res) => {
  res.status(404).json({ error: 'Not found' });
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  const status = err.status || err.statusCode || 500;
  res.status(status).json({ error: status === 500 ? 'Internal server error' : err.message });
});

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT} (NODE_ENV=${process.env.NODE_ENV || 'unset'}, log format ${format})`);
});
