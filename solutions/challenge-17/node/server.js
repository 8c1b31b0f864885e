const express = require('express');

const isDevelopment = process.env.NODE_ENV === 'development';

const app = express();

// An Error that carries the HTTP status the error handler should answer with.
class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

app.get('/ok', (req, res) => {
  res.status(200).json({ ok: true });
});

app.get('/error/bad-request', (req, res, next) => {
  next(new HttpError(400, 'Invalid input'));
});

app.get('/error/forbidden', (req, res, next) => {
  next(new HttpError(403, 'Access denied'));
});

app.get('/error/crash', () => {
  // A synchronous throw: Express 4 catches it and calls the error handler.
  throw new Error('Simulated crash');
});

app.get('/error/async', async (req, res, next) => {
  // Express 4 ignores the promise an async handler returns: a rejection would never reach the
  // error handler, so catch it and pass it on.
  try {
    await delay(5);
    throw new Error('Simulated async failure');
  } catch (err) {
    next(err);
  }
});

// No route matched: turn it into an error so the error handler answers it too.
app.use((req, res, next) => {
  next(new HttpError(404, `Not Found: ${req.method} ${req.path}`));
});

// The centralised error handler: Express recognises it by its four parameters.
// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  const status = Number.isInteger(err.status) && err.status >= 400 && err.status < 600 ? err.status : 500;
  if (status >= 500) {
    console.error(err.stack || err);
  }
  const message = status >= 500 && !isDevelopment
    ? 'Internal Server Error'
    : err.message || 'Error';
  const error = { message, status };
  if (isDevelopment) {
    error.stack = err.stack || String(err);
  }
  res.status(status).json({ error });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT} (${isDevelopment ? 'development' : 'production'})`);
});
